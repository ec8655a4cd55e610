"""Places whose names differ only in their marks (issue 12): "Xã Vĩnh Hưng" and "Xã Vĩnh Hùng" of one
district are two communes (21 districts of the 2022 list have such twins). The registry keeps both, the
marks typed say which one a row means, and a name typed without marks is reported, never guessed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from campaign import DEADLINE, write_list

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
