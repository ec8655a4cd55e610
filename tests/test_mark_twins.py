"""Places whose names differ only in their marks (issue 12): "Xã Vĩnh Hưng" and "Xã Vĩnh Hùng" of one
district are two communes (21 districts of the 2022 list have such twins). The registry keeps both, the
marks typed say which one a row means, and a name typed without marks is reported, never guessed."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from campaign import DEADLINE, HEADER, write_list
from fixtures_mau2 import settle, write_xlsx
from openpyxl import load_workbook

from pipeline import RegistryError, load_registry
from pipeline.places import index_of
from pipeline.runtime.run import run_consolidation

DISTRICT = "Huyện Tân Hưng"
TWINS = {"Xã Vĩnh Hưng": ["Ấp 1", "Ấp 2"], "Xã Vĩnh Hùng": ["Ấp 1", "Ấp Bình Hòa"], "Xã Khánh Hưng": ["Ấp 3"]}


def _registry(path: Path, communes: dict = TWINS) -> Path:
    lines = ["district,commune,hamlet"]
    lines += [f"{DISTRICT},{commune},{hamlet}" for commune, hamlets in communes.items() for hamlet in hamlets]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_twins_load_as_two_communes_with_their_own_ids(tmp_path):
    registry = load_registry(_registry(tmp_path / "registry.csv"))
    table = registry.table
    assert registry.communes_of(DISTRICT) == ("Xã Vĩnh Hưng", "Xã Vĩnh Hùng", "Xã Khánh Hưng")
    ids = table.drop_duplicates("commune").set_index("commune")["commune_id"]
    assert ids["Xã Vĩnh Hưng"] != ids["Xã Vĩnh Hùng"]
    assert ids["Xã Khánh Hưng"] == "/huyen tan hung/xa khanh hung"  # no twin: the folded id, as before
    assert table["hamlet_id"].is_unique


@pytest.mark.parametrize("other", ["Ap Binh Hoa", "Ấp Bình Hoà", "ẤP BÌNH HÒA"])
def test_a_hamlet_written_twice_is_still_a_duplicate(tmp_path, other):
    communes = {**TWINS, "Xã Vĩnh Hùng": ["Ấp Bình Hòa", other]}
    with pytest.raises(RegistryError) as raised:
        load_registry(_registry(tmp_path / "registry.csv", communes))
    assert any("trùng với dòng" in problem for problem in raised.value.problems)


@pytest.mark.parametrize(
    ("typed", "status", "value"),
    [
        ("Xã Vĩnh Hùng", "exact", "Xã Vĩnh Hùng"),
        ("vĩnh hưng", "exact", "Xã Vĩnh Hưng"),
        ("Vinh Hung", "ambiguous", None),  # without marks: either of the two
        ("Vĩnh Hung", "ambiguous", None),  # marks that fit neither
        ("Khanh Hung", "exact", "Xã Khánh Hưng"),  # no twin: marks are not needed
    ],
)
def test_the_marks_typed_tell_the_twins_apart(tmp_path, typed, status, value):
    index = index_of(load_registry(_registry(tmp_path / "registry.csv")))
    match = index.match_commune(typed, DISTRICT)
    assert (match.status, match.value) == (status, value)
    if status == "ambiguous":
        assert set(match.candidates) == {"Xã Vĩnh Hưng", "Xã Vĩnh Hùng"}


def test_each_twin_is_covered_by_its_own_rows(tmp_path):
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    people = [("Lê Văn An", "Tổ trưởng", "0912000001"), ("Lê Văn Bình", "Tổ viên", "0912000002")]
    others = [("Trần Văn An", "Tổ trưởng", "0912000011"), ("Trần Văn Bình", "Tổ viên", "0912000012")]
    sent = date(2022, 8, 14)
    write_list(inbox / "tan-hung" / "a.xlsx", DISTRICT, "Xã Vĩnh Hùng", {"Ấp 1": people}, sent)
    write_list(inbox / "tan-hung" / "b.xlsx", DISTRICT, "Vinh Hung", {"Ấp 1": others}, sent)
    run_consolidation(inbox, outbox, _registry(tmp_path / "registry.csv"), DEADLINE, date(2022, 8, 16))
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    covered = {(c["name"], c["hamlets_covered"]) for c in summary["communes"]}
    assert ("Xã Vĩnh Hùng", 1) in covered and ("Xã Vĩnh Hưng", 0) in covered
    ambiguous = [i for i in summary["issues"] if i["code"] == "commune_ambiguous"]
    assert [i["file"] for i in ambiguous] == ["tan-hung/b.xlsx"]
    assert "Xã Vĩnh Hưng, Xã Vĩnh Hùng" in ambiguous[0]["message"]
    # Danh sách tổ shows the commune as typed where the registry could not tell which it is
    listed = load_workbook(outbox / "tong-hop.xlsx")["Danh sách tổ"]
    communes = {row[1] for row in listed.iter_rows(min_row=2, values_only=True) if row[1]}
    assert communes == {"Xã Vĩnh Hùng", "Vinh Hung"}


def _block(number: int, commune: str, team: str, surname: str) -> list[list]:
    """A team's rows as Mẫu 2 writes them: TT, commune and team on the first row only."""
    people = [("An", "Tổ trưởng"), ("Bình", "Tổ phó"), ("Cường", "Tổ viên")]
    code = sum(map(ord, surname + team)) % 10**5
    return [
        [number if i == 0 else None, commune if i == 0 else None, team if i == 0 else None,
         f"{surname} Văn {given}", role, f"09{code:05d}{i:03d}"]
        for i, (given, role) in enumerate(people)
    ]  # fmt: skip


def test_teams_of_one_file_that_differ_only_in_marks_stay_apart(tmp_path):
    """Found by the blind QA corpus: the team and commune carried down a file compared names without
    their marks, so "Xã Vĩnh Hùng" under "Xã Vĩnh Hưng" (and "ấp Tân Thành" under "ấp Tân Thạnh") were
    read as the same name again and their rows went to the first."""
    communes = {**TWINS, "Xã Khánh Hưng": ["Ấp Tân Thạnh", "Ấp Tân Thành"]}
    blocks = [
        _block(1, "Xã Vĩnh Hưng", "Tổ CNSCĐ ấp 1", "Lê"),
        _block(2, "Xã Vĩnh Hùng", "Tổ CNSCĐ ấp 1", "Trần"),
        _block(3, "Xã Khánh Hưng", "Tổ CNSCĐ ấp Tân Thạnh", "Phạm"),
        _block(4, None, "Tổ CNSCĐ ấp Tân Thành", "Võ"),
        _block(5, None, "Tổ CNSCĐ ấp Tan Thanh", "Đỗ"),  # no marks: which of the two?
    ]
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    write_xlsx(
        inbox / "tan-hung" / "ds.xlsx", {"DS": [["DANH SÁCH"], HEADER, *[r for b in blocks for r in b]]}
    )
    run_consolidation(
        settle(inbox), outbox, _registry(tmp_path / "r.csv", communes), DEADLINE, date(2022, 8, 16)
    )
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    gaps = {(g["commune"], g["hamlet"]) for g in summary["gaps"]}
    assert not gaps & {("Xã Vĩnh Hưng", "Ấp 1"), ("Xã Vĩnh Hùng", "Ấp 1")}
    assert not gaps & {("Xã Khánh Hưng", "Ấp Tân Thạnh"), ("Xã Khánh Hưng", "Ấp Tân Thành")}
    codes = [i["code"] for i in summary["issues"]]
    assert "team_many_leaders" not in codes and codes.count("hamlet_ambiguous") == 1
    with (outbox / "danh-sach.csv").open(encoding="utf-8-sig") as handle:
        teams = {(row["commune"], row["team"]) for row in csv.DictReader(handle)}
    assert {("Xã Vĩnh Hưng", "Tổ CNSCĐ ấp 1"), ("Xã Vĩnh Hùng", "Tổ CNSCĐ ấp 1")} <= teams
    assert ("Xã Khánh Hưng", "Tổ CNSCĐ ấp Tân Thành") in teams and (
        "Xã Khánh Hưng",
        "Tổ CNSCĐ ấp Tân Thạnh",
    ) in teams
    assert summary["totals"]["teams"] == 5 and summary["totals"]["members"] == 15
