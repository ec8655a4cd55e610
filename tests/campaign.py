"""A campaign replayed night by night: Mẫu 2 files of a small registry, dated, dropped into one inbox.

The registry is written by the tests (two districts, three communes, six hamlets), so that every figure
of a night can be constructed by hand.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

from fixtures_mau2 import HEADER, write_xlsx

from pipeline.runtime.run import run_consolidation
from pipeline.vietnamese import VIETNAM

CL, CK = "Huyện Càng Long", "Huyện Cầu Kè"
REGISTRY = {
    CL: {"Xã Đại Phước": ["Ấp Hạ", "Ấp Thượng"], "Xã Nhị Long": ["Ấp Nhị Hòa", "Ấp Long Hội"]},
    CK: {"Xã Hòa Ân": ["Ấp Chông Nô", "Ấp Kos Xoài"]},
}
DEADLINE = date(2022, 8, 17)

Person = tuple[str, str, str]  # name, role, phone


def write_registry(path: Path) -> Path:
    lines = ["district,commune,hamlet"]
    lines += [
        f"{district},{commune},{hamlet}"
        for district, communes in REGISTRY.items()
        for commune, hamlets in communes.items()
        for hamlet in hamlets
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_list(
    path: Path, district: str, commune: str, teams: dict[str, Sequence[Person]], sent: date | None
) -> Path:
    """Writes a commune's Mẫu 2 list (one team per hamlet), modified at noon of `sent` (None: now)."""
    rows: list[list] = [
        [f"UBND {district.upper()}"],
        ["DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"],
        [],
        HEADER,
    ]
    for number, (hamlet, people) in enumerate(teams.items(), start=1):
        for index, (name, role, phone) in enumerate(people):
            first = index == 0
            team = f"Tổ công nghệ số cộng đồng {hamlet}"
            rows.append(
                [
                    number if first else None,
                    commune if first else None,
                    team if first else None,
                    name,
                    role,
                    phone,
                ]
            )
    write_xlsx(path, {"DS": rows})
    if sent is not None:
        stamp = noon(sent)
        os.utime(path, (stamp, stamp))
    return path


def copy_into(source: Path, target: Path) -> Path:
    """Copies a file with its modification time, as a district officer's file manager does."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return target


def noon(day: date) -> float:
    return datetime.combine(day, time(12), VIETNAM).timestamp()


def run_night(inbox: Path, outbox: Path, registry: Path, as_of: date) -> dict:
    """Runs the tool as of `as_of` into the outbox and returns its summary.json."""
    run_consolidation(inbox, outbox, registry, DEADLINE, as_of)
    return json.loads((outbox / "summary.json").read_text(encoding="utf-8"))


def members(summary: dict, key: str) -> set[tuple[str, str, str, str]]:
    """Returns the members of a `changes` list as (district, commune, hamlet, name)."""
    return {(m["district"], m["commune"], m["hamlet"], m["name"]) for m in summary["changes"][key]}


def places(summary: dict, key: str) -> set[tuple[str, str, str]]:
    return {(g["district"], g["commune"], g["hamlet"]) for g in summary["changes"][key]}
