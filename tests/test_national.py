"""A registry of several provinces (issue 12): district and commune names repeat across provinces, so a
district is read within its province (commune text, then folders, then file name), never guessed, and
one province's file never changes another's rows. Outputs write names and provinces apart."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from campaign import DEADLINE, write_list
from openpyxl import load_workbook

from pipeline import RegistryError, load_registry
from pipeline.runtime.run import run_consolidation

BT, TV, ST = "Tỉnh Bến Tre", "Tỉnh Trà Vinh", "Tỉnh Sóc Trăng"
CT = "Huyện Châu Thành"
REGISTRY = {  # province -> district -> commune -> hamlets
    BT: {CT: {"Xã An Hiệp": ["Ấp 1", "Ấp 2"], "Thị trấn Châu Thành": ["Khóm 1"]},
         "Huyện Mỏ Cày Nam": {"Xã An Định": ["Ấp An Hòa"]}},
    TV: {CT: {"Xã Hòa Lợi": ["Ấp Bến Có"], "Thị trấn Châu Thành": ["Khóm 1", "Khóm 2"]},
         "Huyện Càng Long": {"Xã Đại Phước": ["Ấp Hạ"]}},
    ST: {CT: {"Xã An Hiệp": ["Ấp 1", "Ấp 3"]}},
}  # fmt: skip
SENT = date(2022, 8, 14)


def _write_registry(path: Path, registry: dict = REGISTRY) -> Path:
    lines = ["province,district,commune,hamlet"]
    lines += [
        f"{province},{district},{commune},{hamlet}"
        for province, districts in registry.items()
        for district, communes in districts.items()
        for commune, hamlets in communes.items()
        for hamlet in hamlets
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _team(prefix: str, count: int = 3) -> list[tuple[str, str, str]]:
    roles = ["Tổ trưởng", "Tổ phó", "Tổ viên", "Tổ viên"]
    given = ["An", "Bình", "Cường", "Dung"]
    code = sum(map(ord, prefix)) % 10**5  # distinct phones per team, the same on every run
    return [(f"{prefix} Văn {given[i]}", roles[i], f"09{code:05d}{i:03d}") for i in range(count)]


def _run(tmp_path: Path, files: list[tuple[str, str, dict, date]]) -> tuple[dict, Path]:
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    for relative, commune, teams, sent in files:
        write_list(inbox / relative, "", commune, teams, sent)
    inbox.mkdir(exist_ok=True)
    run_consolidation(inbox, outbox, _write_registry(tmp_path / "registry.csv"), DEADLINE, date(2022, 8, 16))
    return json.loads((outbox / "summary.json").read_text(encoding="utf-8")), outbox


def _members(summary: dict) -> dict[tuple[str, str], int]:
    return {(d["province"], d["name"]): d["members"] for d in summary["districts"] if d["members"]}


def test_folders_name_the_province_and_the_district_of_a_shared_name(tmp_path):
    summary, _ = _run(
        tmp_path,
        [
            ("Ben Tre/Chau Thanh/an-hiep.xlsx", "Xã An Hiệp", {"Ấp 1": _team("Lê")}, SENT),
            ("Soc Trang/Huyen Chau Thanh/ds.xlsx", "Xã An Hiệp", {"Ấp 3": _team("Trần")}, SENT),
            ("Trà Vinh/Châu Thành/tt.xlsx", "Thị trấn Châu Thành", {"Khóm 2": _team("Phạm")}, SENT),
        ],
    )
    assert _members(summary) == {(BT, CT): 3, (ST, CT): 3, (TV, CT): 3}
    gaps = {(g["province"], g["district"], g["commune"], g["hamlet"]) for g in summary["gaps"]}
    assert (ST, CT, "Xã An Hiệp", "Ấp 1") in gaps and (BT, CT, "Xã An Hiệp", "Ấp 1") not in gaps
    assert (TV, CT, "Thị trấn Châu Thành", "Khóm 1") in gaps
    assert (BT, CT, "Thị trấn Châu Thành", "Khóm 1") in gaps
    assert summary["registry"]["provinces"] == 3 and summary["registry"]["districts"] == 5
    assert {f["path"]: (f["province"], f["district"]) for f in summary["files"]} == {
        "Ben Tre/Chau Thanh/an-hiep.xlsx": (BT, CT),
        "Soc Trang/Huyen Chau Thanh/ds.xlsx": (ST, CT),
        "Trà Vinh/Châu Thành/tt.xlsx": (TV, CT),
    }


def test_the_commune_text_or_the_file_name_may_name_the_province(tmp_path):
    summary, _ = _run(
        tmp_path,
        [
            ("an-hiep.xlsx", "Xã An Hiệp, huyện Châu Thành, tỉnh Sóc Trăng", {"Ấp 3": _team("Trần")}, SENT),
            ("tra-vinh_chau-thanh.xlsx", "Thị trấn Châu Thành", {"Khóm 1": _team("Phạm")}, SENT),
        ],
    )
    assert _members(summary) == {(ST, CT): 3, (TV, CT): 3}


def test_a_district_name_of_several_provinces_with_nothing_else_is_never_guessed(tmp_path):
    summary, outbox = _run(tmp_path, [("chau-thanh.xlsx", "Xã An Hiệp", {"Ấp 1": _team("Lê")}, SENT)])
    # Counted and asked (as a commune of two districts in one province): in no district, no hamlet covered
    assert _members(summary) == {} and summary["totals"]["members_without_district"] == 3
    codes = {issue["code"] for issue in summary["issues"] if issue["file"] == "chau-thanh.xlsx"}
    assert codes == {"district_unknown", "commune_ambiguous"}
    assert summary["totals"]["hamlets_covered"] == 0
    assert {(g["province"], g["hamlet"]) for g in summary["gaps"] if g["commune"] == "Xã An Hiệp"} == {
        (BT, "Ấp 1"),
        (BT, "Ấp 2"),
        (ST, "Ấp 1"),
        (ST, "Ấp 3"),
    }


def test_a_correction_in_one_province_never_supersedes_its_twin_in_another(tmp_path):
    summary, _ = _run(
        tmp_path,
        [
            ("Ben Tre/Chau Thanh/an-hiep.xlsx", "Xã An Hiệp", {"Ấp 1": _team("Lê")}, SENT),
            ("Soc Trang/Chau Thanh/an-hiep.xlsx", "Xã An Hiệp", {"Ấp 1": _team("Trần")}, SENT),
            (
                "Ben Tre/Chau Thanh/an-hiep-sua.xlsx",
                "Xã An Hiệp",
                {"Ấp 2": _team("Võ", 4)},
                date(2022, 8, 15),
            ),
        ],
    )
    assert _members(summary) == {(BT, CT): 4, (ST, CT): 3}
    status = {f["path"]: f["status"] for f in summary["files"]}
    assert status["Ben Tre/Chau Thanh/an-hiep.xlsx"] == "superseded"
    assert status["Soc Trang/Chau Thanh/an-hiep.xlsx"] == "processed"


def test_outputs_write_the_province_apart_and_a_sheet_per_province(tmp_path):
    _, outbox = _run(
        tmp_path,
        [
            ("Ben Tre/Chau Thanh/an-hiep.xlsx", "Xã An Hiệp", {"Ấp 1": _team("Lê")}, SENT),
            ("Soc Trang/Chau Thanh/an-hiep.xlsx", "Xã An Hiệp", {"Ấp 1": _team("Trần")}, SENT),
        ],
    )
    with (outbox / "danh-sach.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:2] == ["province", "district"]
    assert {(row["province"], row["district"]) for row in rows} == {(BT, CT), (ST, CT)}
    feedback = sorted(
        str(path.relative_to(outbox / "phan-hoi")) for path in (outbox / "phan-hoi").rglob("*.xlsx")
    )
    assert (
        "tinh-ben-tre/huyen-chau-thanh.xlsx" in feedback
        and "tinh-soc-trang/huyen-chau-thanh.xlsx" in feedback
    )
    assert "tinh-tra-vinh/huyen-chau-thanh.xlsx" in feedback  # no list: all its hamlets are gaps
    book = load_workbook(outbox / "tong-hop.xlsx", read_only=True)
    assert book.sheetnames[:3] == ["Tổng quan", "Theo tỉnh", "Theo huyện"]
    table = [row for row in book["Theo tỉnh"].iter_rows(values_only=True) if row[0]]
    by_province = {row[0]: row for row in table[1:]}
    assert list(by_province) == [BT, TV, ST, "Tổng cộng"]
    assert by_province[BT][1:3] == (2, 1) and by_province[ST][-1] == 3 and by_province["Tổng cộng"][-1] == 6
    book.close()


def test_a_registry_of_one_province_keeps_the_spec_outputs(tmp_path):
    registry = {TV: REGISTRY[TV]}
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    write_list(inbox / "Chau Thanh" / "tt.xlsx", "", "Thị trấn Châu Thành", {"Khóm 1": _team("Phạm")}, SENT)
    path = _write_registry(tmp_path / "registry.csv", registry)
    run_consolidation(inbox, outbox, path, DEADLINE, date(2022, 8, 16))
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    assert "provinces" not in summary["registry"] and "province" not in summary["districts"][0]
    assert summary["districts"][0]["name"] == CT and summary["districts"][0]["members"] == 3
    header = (outbox / "danh-sach.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("district,commune,")
    assert (outbox / "phan-hoi" / "huyen-cang-long.xlsx").exists()
    assert "Theo tỉnh" not in load_workbook(outbox / "tong-hop.xlsx", read_only=True).sheetnames


def test_a_row_without_its_province_in_a_registry_of_several_is_refused(tmp_path):
    path = _write_registry(tmp_path / "registry.csv")
    path.write_text(
        path.read_text(encoding="utf-8") + ",Huyện Cầu Kè,Xã Hòa Ân,Ấp Chông Nô\n", encoding="utf-8"
    )
    with pytest.raises(RegistryError) as raised:
        load_registry(path)
    assert raised.value.problems == [
        "Dòng 12: thiếu tên tỉnh của Xã Hòa Ân; danh mục nhiều tỉnh phải ghi tỉnh ở mọi dòng."
    ]


def test_a_file_in_a_province_folder_has_its_communes_looked_for_in_that_province(tmp_path):
    # Thị trấn Châu Thành is in Bến Tre and Trà Vinh; in Trà Vinh's folder it is Trà Vinh's
    summary, _ = _run(
        tmp_path, [("Tra Vinh/danh-sach.xlsx", "Thị trấn Châu Thành", {"Khóm 2": _team("Phạm")}, SENT)]
    )
    assert _members(summary) == {(TV, CT): 3}
    assert {(f["province"], f["district"]) for f in summary["files"]} == {(TV, CT)}


def test_where_nothing_names_the_district_the_warning_says_where_communes_were_looked_for(tmp_path):
    summary, _ = _run(
        tmp_path,
        [
            ("Ben Tre/ds.xlsx", "Xã Không Có", {"Ấp 1": _team("Lê")}, SENT),
            ("ds.xlsx", "Xã An Hiệp", {"Ấp 1": _team("Trần")}, SENT),
        ],
    )
    messages = {i["file"]: i["message"] for i in summary["issues"] if i["code"] == "district_unknown"}
    assert messages == {
        "Ben Tre/ds.xlsx": "Không xác định được huyện của tệp; đã dò tên xã trong Tỉnh Bến Tre.",
        "ds.xlsx": "Không xác định được huyện của tệp; đã dò tên xã trong cả danh mục (mọi tỉnh).",
    }


def test_the_rows_of_theo_tinh_add_up_to_its_total_with_people_of_no_province(tmp_path):
    _, outbox = _run(
        tmp_path,
        [
            ("Ben Tre/Chau Thanh/an-hiep.xlsx", "Xã An Hiệp", {"Ấp 1": _team("Lê")}, SENT),
            ("chau-thanh.xlsx", "Xã An Hiệp", {"Ấp 2": _team("Trần", 4)}, SENT),
        ],
    )
    book = load_workbook(outbox / "tong-hop.xlsx", read_only=True)
    rows = [row for row in book["Theo tỉnh"].iter_rows(values_only=True) if row[0]][1:]
    book.close()
    *provinces, total = rows
    assert provinces[-1][0] == "(chưa xác định được tỉnh, huyện)" and provinces[-1][-1] == 4
    assert sum(row[-1] for row in provinces) == total[-1] == 7
    assert sum(row[-2] for row in provinces) == total[-2] == 2
