"""Builds tests/data/registry_two_level_vinh_long.csv: a registry without districts (Vietnam since 1/7/2025).

The communes are those of Vĩnh Long (province code 86, which absorbed Trà Vinh and Bến Tre) in the
latest PyPI ``vietnam-provinces`` (2025.x), whose API has no district level:
``Ward.iter_by_province(ProvinceCode.P_86)``. It is not a dependency of the project; run with
a throw-away venv::

    python3 -m venv /tmp/vp-latest && /tmp/vp-latest/bin/pip install vietnam-provinces
    /tmp/vp-latest/bin/python scripts/build_two_level_fixture.py

Hamlets are SAMPLE data, two per commune, named "Ấp Mẫu 1", "Ấp Mẫu 2" (xã) or "Khóm Mẫu 1", "Khóm Mẫu 2"
(phường) so that nobody takes them for real ones.
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT_CSV = ROOT / "tests" / "data" / "registry_two_level_vinh_long.csv"
sys.path.insert(0, str(ROOT))

from pipeline.text import canonical_tones  # noqa: E402


def main() -> None:
    import vietnam_provinces
    from vietnam_provinces import Province, ProvinceCode, Ward

    province = Province.from_code(ProvinceCode.P_86)
    province_name = canonical_tones(f"Tỉnh {province.name}")
    wards = sorted(Ward.iter_by_province(ProvinceCode.P_86), key=lambda ward: int(ward.code))
    names = [canonical_tones(unicodedata.normalize("NFC", ward.name)) for ward in wards]
    units = ["Khóm" if ward.division_type.value == "phường" else "Ấp" for ward in wards]
    if len(names) != len(set(names)):  # without districts a commune name must be unique in its province
        raise SystemExit("two communes of Vĩnh Long share a name")
    with OUTPUT_CSV.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["province", "commune", "hamlet"])
        for name, unit in zip(names, units, strict=True):
            writer.writerows([province_name, name, f"{unit} Mẫu {number}"] for number in (1, 2))
    print(
        f"{OUTPUT_CSV.relative_to(ROOT)}: {len(names)} communes of {province_name}, "
        f"vietnam-provinces {vietnam_provinces.__version__}"
    )


if __name__ == "__main__":
    main()
