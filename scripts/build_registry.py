"""Builds pipeline/places/data/registry_tra_vinh_2022.csv, the embedded registry of Trà Vinh's places in 2022.

Where each part comes from:

- Districts and communes (9 huyện/thị xã/thành phố, 106 xã/phường/thị trấn, GSO codes): Trà Vinh
  (province code 84) in the PyPI package ``vietnam-provinces==0.5.0``, which holds exactly the 2022 list.
  The package is not a runtime dependency: run this script with an interpreter that has it, e.g.
  ``/tmp/probe/bin/python scripts/build_registry.py``.
- Real hamlets (ấp/khóm) of 16 communes: ``scripts/data/tra_vinh_hamlets_partial.csv``, a copy of
  ``/work/shared/reference/tra_vinh_hamlets_partial.csv`` (SHA-256 824db57d…2dac06b): the hamlets listed
  in each commune's Vietnamese Wikipedia article (or a mirror of it), one source URL per row.
  These rows get ``source = wikipedia``.
- Every other commune: a deterministic, plausible SAMPLE list of 5–12 hamlets (``source = sample``):
  "Khóm 1".."Khóm n" for phường and thị trấn, common Mekong-delta "Ấp ..." names for xã, with a few
  A/B twins. No complete public list exists (the official one is the annex of resolution
  157/NQ-HĐND of 15/10/2019); the province supplies its own registry file in real use.

Every name is written with canonical_tones() because the package mixes old and new tone placement
("Hoà Tân" beside "Hòa Ân").
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.text import canonical_tones, clean_text, fold  # noqa: E402

PROVINCE_CODE = 84
WIKIPEDIA_CSV = ROOT / "scripts" / "data" / "tra_vinh_hamlets_partial.csv"
OUTPUT_CSV = ROOT / "pipeline" / "places" / "data" / "registry_tra_vinh_2022.csv"
COLUMNS = [
    "province",
    "district",
    "district_code",
    "commune",
    "commune_code",
    "commune_type",
    "hamlet",
    "hamlet_type",
    "source",
    "aliases",
]

# Common hamlet names of the Mekong delta, used only to make sample lists look like real ones.
SAMPLE_NAMES = [
    "Chợ",
    "Mới",
    "Tân Thành",
    "Phú Hòa",
    "Giồng Lớn",
    "Giồng Giữa",
    "Cây Da",
    "Cây Xoài",
    "Rạch Dừa",
    "Kinh Xáng",
    "Sóc Tro",
    "Long Bình",
    "Hòa Thạnh",
    "Tân Lập",
    "Tân Hiệp",
    "Phú Thọ",
    "Bình Tân",
    "An Hòa",
    "An Thạnh",
    "Mỹ Thuận",
    "Vĩnh Hưng",
    "Nhà Thờ",
    "Đầu Giồng",
    "Cầu Tre",
    "Bến Cát",
    "Sóc Chùa",
    "Phước Hòa",
    "Thạnh Hòa",
    "Chông Bát",
    "Trà Sất",
    "Ngãi Lợi",
    "Giữa",
    "Trung",
    "Ninh Thới",
    "Bà Nghệ",
    "Ô Rồm",
    "Xoài Xiêm",
    "Tân Định",
    "Long Thuận",
    "Phú Lợi",
]
# Bases that appear as "X A" / "X B" twins in the field; a twin never reuses a single name.
TWIN_BASES = ["Trà Kha", "Ba Se", "Giồng Trôm", "Cây Gòn", "Bưng Lớn", "Thanh Nguyên"]


def load_province(path: Path) -> dict:
    """Returns Trà Vinh's entry of the package's nested divisions."""
    divisions = json.loads(path.read_text(encoding="utf-8"))
    return next(entry for entry in divisions if entry["code"] == PROVINCE_CODE)


def load_wikipedia_hamlets(path: Path) -> dict[tuple[str, str], list[str]]:
    """Returns the real hamlets of each (district, commune), names written with canonical tones."""
    hamlets: dict[tuple[str, str], list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (canonical_tones(clean_text(row["district"])), canonical_tones(clean_text(row["commune"])))
            hamlets.setdefault(key, []).append(canonical_tones(clean_text(row["hamlet"])))
    return hamlets


def sample_hamlets(commune_code: int, commune_type: str) -> list[str]:
    """Returns a deterministic sample list of 5-12 hamlets for one commune (seeded by its GSO code)."""
    rng = random.Random(commune_code)
    count = rng.randint(5, 12)
    if commune_type in ("phường", "thị trấn"):
        return [f"Khóm {number}" for number in range(1, count + 1)]
    names: list[str] = []
    if rng.random() < 0.3:  # about one xã in three has an A/B pair, as in the real lists
        base = rng.choice(TWIN_BASES)
        names += [f"{base} A", f"{base} B"]
    names += rng.sample(SAMPLE_NAMES, count - len(names))
    return sorted(f"Ấp {name}" for name in names)


def hamlet_type(hamlet: str) -> str:
    """Returns "khóm" or "ấp" from the hamlet's own name."""
    return "khóm" if fold(hamlet).startswith("khom ") else "ấp"


def build_rows(province: dict, wikipedia: dict[tuple[str, str], list[str]]) -> list[dict]:
    """Returns one registry row per hamlet, districts and communes in the package's order."""
    rows = []
    province_name = canonical_tones(province["name"])
    used_wikipedia = set()
    for district in province["districts"]:
        district_name = canonical_tones(district["name"])
        for commune in district["wards"]:
            commune_name = canonical_tones(commune["name"])
            key = (district_name, commune_name)
            if key in wikipedia:
                hamlets, source = wikipedia[key], "wikipedia"
                used_wikipedia.add(key)
            else:
                hamlets, source = sample_hamlets(commune["code"], commune["division_type"]), "sample"
            for hamlet in hamlets:
                rows.append(
                    {
                        "province": province_name,
                        "district": district_name,
                        "district_code": district["code"],
                        "commune": commune_name,
                        "commune_code": commune["code"],
                        "commune_type": commune["division_type"],
                        "hamlet": canonical_tones(hamlet),
                        "hamlet_type": hamlet_type(hamlet),
                        "source": source,
                        "aliases": "",
                    }
                )
    missing = set(wikipedia) - used_wikipedia
    if missing:  # a name in the Wikipedia file that the package spells differently must not vanish
        raise SystemExit(f"communes of the Wikipedia list not found in the package: {sorted(missing)}")
    return rows


def check(rows: list[dict]) -> None:
    """Stops the build when the registry breaks the facts it must hold."""
    districts = {row["district"] for row in rows}
    communes = {(row["district"], row["commune"]) for row in rows}
    keys = [(row["district"], row["commune"], fold(row["hamlet"])) for row in rows]
    assert len(districts) == 9, len(districts)
    assert len(communes) == 106, len(communes)
    assert len(keys) == len(set(keys)), "duplicate hamlet in a commune"


def main() -> None:
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    rows = build_rows(load_province(Path(NESTED_DIVISIONS_JSON_PATH)), load_wikipedia_hamlets(WIKIPEDIA_CSV))
    check(rows)
    OUTPUT_CSV.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT_CSV.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    sample = sum(row["source"] == "sample" for row in rows)
    print(f"{OUTPUT_CSV.relative_to(ROOT)}: {len(rows)} hamlets, {sample} of them sample data")


if __name__ == "__main__":
    main()
