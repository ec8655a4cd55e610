"""The benchmark's places: communes of vietnam-provinces 0.5.0 (or a small built-in list), generated hamlets.

The national list must hold exactly the 2022 counts below; anything else means another package version and
the figures would not compare, so it fails loudly.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path

from pipeline.text import fold

NATIONAL_COUNTS = {"provinces": 63, "districts": 705, "communes": 10_598}
HAMLETS_PER_COMMUNE = (6, 12)
REGISTRY_HEADER = (
    "province,district,district_code,commune,commune_code,commune_type,hamlet,hamlet_type,source,aliases"
).split(",")

# Three provinces of the Mekong delta, two districts each, two communes each (GSO codes of 2022): the
# smoke test's registry where vietnam-provinces is not installed.
BUILTIN_COMMUNES = (
    ("Tỉnh Bến Tre", "Huyện Châu Thành", 831, "Thị trấn Châu Thành", 28801, "thị trấn"),
    ("Tỉnh Bến Tre", "Huyện Châu Thành", 831, "Xã Tân Thạch", 28804, "xã"),
    ("Tỉnh Bến Tre", "Huyện Chợ Lách", 832, "Thị trấn Chợ Lách", 28870, "thị trấn"),
    ("Tỉnh Bến Tre", "Huyện Chợ Lách", 832, "Xã Phú Phụng", 28873, "xã"),
    ("Tỉnh Trà Vinh", "Huyện Càng Long", 844, "Thị trấn Càng Long", 29266, "thị trấn"),
    ("Tỉnh Trà Vinh", "Huyện Càng Long", 844, "Xã Mỹ Cẩm", 29269, "xã"),
    ("Tỉnh Trà Vinh", "Huyện Cầu Kè", 845, "Thị trấn Cầu Kè", 29308, "thị trấn"),
    ("Tỉnh Trà Vinh", "Huyện Cầu Kè", 845, "Xã Hòa Ân", 29311, "xã"),
    ("Tỉnh Vĩnh Long", "Huyện Long Hồ", 857, "Thị trấn Long Hồ", 29575, "thị trấn"),
    ("Tỉnh Vĩnh Long", "Huyện Long Hồ", 857, "Xã Đồng Phú", 29578, "xã"),
    ("Tỉnh Vĩnh Long", "Huyện Mang Thít", 858, "Xã Mỹ An", 29623, "xã"),
    ("Tỉnh Vĩnh Long", "Huyện Mang Thít", 858, "Xã Mỹ Phước", 29626, "xã"),
)

_NAMED_HAMLETS = (
    "Chợ", "Đông", "Tây", "Nam", "Bắc", "Mới", "Trung", "Phú Hòa", "Tân Thành", "Hòa Lợi", "An Bình",
    "Bình Phú", "Long Thạnh", "Thạnh Mỹ", "Phước Hảo", "Cầu Xây", "Giồng Lức", "Rạch Gốc", "Bà Mi",
    "Sóc Ruộng", "Trà Kha", "Kinh Xáng", "Vàm", "Ngã Ba", "Bến Đò", "Cây Da", "Hưng Thịnh", "Đại Thôn",
)  # fmt: skip


@dataclass(frozen=True)
class Commune:
    """One commune (xã / phường / thị trấn) of the registry, with its generated hamlets."""

    province: str
    district: str
    district_code: int
    name: str
    code: int
    commune_type: str
    hamlets: tuple[str, ...] = ()


def national_communes() -> list[tuple[str, str, int, str, int, str]]:
    """Returns every 2022 commune of vietnam-provinces 0.5.0: (province, district, code, commune, code, type).

    Raises RuntimeError when the package is not 0.5.0's list (the counts of NATIONAL_COUNTS differ).
    """
    import vietnam_provinces  # the bench extra; only the national scale needs it

    provinces = json.loads(Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    communes = [
        (
            province["name"],
            district["name"],
            district["code"],
            ward["name"],
            ward["code"],
            ward["division_type"],
        )
        for province in provinces
        for district in province["districts"]
        for ward in district["wards"]
    ]
    counts = {
        "provinces": len(provinces),
        "districts": sum(len(province["districts"]) for province in provinces),
        "communes": len(communes),
    }
    if counts != NATIONAL_COUNTS:
        raise RuntimeError(f"vietnam-provinces does not hold the 2022 list: {counts} != {NATIONAL_COUNTS}")
    return communes


def have_national_list() -> bool:
    """Returns whether vietnam-provinces (the bench extra) is installed."""
    try:
        import vietnam_provinces  # noqa: F401
    except ImportError:
        return False
    return True


def with_hamlets(
    rows: list[tuple[str, str, int, str, int, str]],
    seed: int,
    per_commune: tuple[int, int] = HAMLETS_PER_COMMUNE,
) -> list[Commune]:
    """Returns the communes, each with 6-12 generated hamlets ("Ấp 1", "Ấp Chợ", "Khóm 3", "Thôn Đông").

    21 pairs of 2022 communes share a district and differ only in diacritics ("Xã Vĩnh Hưng", "Xã Vĩnh
    Hùng"); the pipeline keys places without diacritics, so the second of a pair gets hamlet names the
    first does not have (its numbering goes on), else the registry holds the "same" hamlet twice.
    """
    rng = random.Random(seed)
    used: dict[tuple[str, str, str], set[str]] = {}
    communes = []
    for province, district, district_code, name, code, commune_type in rows:
        taken = used.setdefault((province, district, fold(name)), set())
        hamlets = _hamlets(rng, commune_type, rng.randint(*per_commune), taken)
        taken.update(fold(hamlet) for hamlet in hamlets)
        communes.append(Commune(province, district, district_code, name, code, commune_type, hamlets))
    return communes


def _hamlets(rng: random.Random, commune_type: str, count: int, taken: set[str]) -> tuple[str, ...]:
    """Returns `count` distinct hamlet names whose keys are not taken: khóm in towns, ấp or thôn elsewhere."""
    word = "Khóm" if commune_type in ("phường", "thị trấn") else rng.choice(("Ấp", "Ấp", "Ấp", "Thôn"))
    named = [bare for bare in rng.sample(_NAMED_HAMLETS, rng.randint(0, min(4, count)))
             if fold(f"{word} {bare}") not in taken]  # fmt: skip
    numbered: list[str] = []
    number = 1
    while len(named) + len(numbered) < count:
        if fold(f"{word} {number}") not in taken:
            numbered.append(str(number))
        number += 1
    return tuple(f"{word} {bare}" for bare in numbered + named)


def write_registry(communes: list[Commune], path: Path) -> int:
    """Writes the registry CSV (one row per hamlet, source "sample"); returns the number of hamlets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTRY_HEADER)
        for commune in communes:
            for hamlet in commune.hamlets:
                hamlet_type = hamlet.split()[0].lower()
                writer.writerow([
                    commune.province, commune.district, commune.district_code, commune.name, commune.code,
                    commune.commune_type, hamlet, hamlet_type, "sample", "",
                ])  # fmt: skip
                rows += 1
    return rows
