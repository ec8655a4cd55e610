"""Whole-run rules on small inboxes: where a commune is found, what supersedes what, what is counted.

Each inbox is consolidated by the library (pipeline.consolidate.consolidate) and checked on its summary
data; no output is written: the end-to-end tests (test_cli_*, test_issue_codes) write and read them back.
"""

import os
from datetime import UTC, datetime

import openpyxl
import pytest
from fixtures_mau2 import write_xlsx

HEADER = ["TT", "Tên tổ", "Họ tên", "Chức vụ", "Điện thoại"]  # no commune column


def _members(team: str, first_phone: int) -> list[list]:
    return [
        [1, team, "Nguyễn Văn An", "Tổ trưởng", f"0912{first_phone:06d}"],
        [None, None, "Trần Thị Bình", "Tổ phó", f"0912{first_phone + 1:06d}"],
        [None, None, "Lê Văn Cường", "Tổ viên", f"0912{first_phone + 2:06d}"],
    ]


def test_commune_from_title_line_or_file_name_and_no_cross_file_supersession(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "TP Tra Vinh"
    write_xlsx(
        folder / "a.xlsx",
        {
            "Sheet1": [
                ["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"],
                ["PHƯỜNG 5"],
                HEADER,
                *_members("Tổ CNSCĐ khóm 1", 100),
            ]
        },
    )
    write_xlsx(
        folder / "b.xlsx",
        {
            "Sheet1": [
                ["DANH SÁCH"],
                ["xã Long Đức, thành phố Trà Vinh"],
                HEADER,
                *_members("Tổ CNSCĐ ấp Long Trị", 200),
            ]
        },
    )
    write_xlsx(
        folder / "Phuong 7 - Mau 2.xlsx",
        {"Sheet1": [["DANH SÁCH"], HEADER, *_members("Tổ CNSCĐ khóm 2", 300)]},
    )
    write_xlsx(folder / "c.xlsx", {"DS": [["DANH SÁCH"], HEADER, *_members("Tổ CNSCĐ khóm 3", 400)]})
    for day, name in enumerate(["a.xlsx", "b.xlsx", "Phuong 7 - Mau 2.xlsx", "c.xlsx"], start=1):
        stamp = 1660000000 + day * 86400
        os.utime(folder / name, (stamp, stamp))
    summary = summary_of(tmp_path / "inbox")
    files = {f["path"].split("/")[-1]: f for f in summary["files"]}
    assert [files[name]["rows_accepted"] for name in ("a.xlsx", "b.xlsx", "Phuong 7 - Mau 2.xlsx")] == [
        3,
        3,
        3,
    ]
    assert files["c.xlsx"]["rows_rejected"] == 3  # nowhere names its commune: rejected, not superseding
    assert summary["totals"]["rows_superseded"] == 0
    communes = {c["name"] for c in summary["communes"] if c["members"]}
    assert communes == {"Phường 5", "Xã Long Đức", "Phường 7"}
    assert {(i["code"], i["row"]) for i in summary["issues"] if i["file"].endswith("c.xlsx")} >= {
        ("commune_missing", 3),
        ("commune_missing", 5),
    }
    # The missing commune column is only worth a warning where nothing else named the commune.
    missing_column = {i["file"].split("/")[-1] for i in summary["issues"] if i["code"] == "column_missing"}
    assert missing_column == {"c.xlsx"}


def test_steering_group_is_listed_but_not_counted_as_a_team(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "TP Tra Vinh"
    write_xlsx(
        folder / "a.xlsx",
        {
            "DS": [
                ["PHƯỜNG 5"],
                HEADER,
                *_members("Tổ CNSCĐ khóm 1", 100),
                *_members("Tổ chỉ đạo công nghệ số phường", 500),
            ]
        },
    )
    summary = summary_of(tmp_path / "inbox")
    assert summary["totals"]["rows_accepted"] == 6
    # its people are members like any other (every accepted person counts); only the team is not counted
    assert summary["totals"]["teams"] == 1 and summary["totals"]["members"] == 6
    district = next(d for d in summary["districts"] if d["name"] == "Thành phố Trà Vinh")
    assert (district["teams"], district["members"]) == (1, 6)


def test_members_of_an_ambiguous_commune_count_in_their_district(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "Huyen Tra Cu"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["TT", "Tên xã", "Tên tổ", "Họ tên", "Chức vụ", "Điện thoại"])
    for row in _members("Tổ CNSCĐ ấp Chợ", 100):
        sheet.append([row[0], "Định An" if row[0] else None, *row[1:]])
    folder.mkdir(parents=True)
    workbook.save(folder / "tra-cu.xlsx")
    summary = summary_of(tmp_path / "inbox")
    assert ("commune_ambiguous", 2) in {(i["code"], i["row"]) for i in summary["issues"]}
    district = next(d for d in summary["districts"] if d["name"] == "Huyện Trà Cú")
    assert district["members"] == summary["totals"]["members"] == 3


def test_a_correction_after_the_deadline_does_not_make_an_on_time_district_late(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "TP Tra Vinh"
    sheet = {"DS": [["PHƯỜNG 5"], HEADER, *_members("Tổ CNSCĐ khóm 1", 100)]}
    write_xlsx(folder / "ds.xlsx", sheet)
    write_xlsx(folder / "ds (sửa).xlsx", {"DS": [["PHƯỜNG 5"], HEADER, *_members("Tổ CNSCĐ khóm 2", 200)]})
    on_time, late = 1660780800, 1661731200  # 18/8/2022 and 29/8/2022, 07:00 Vietnam time
    os.utime(folder / "ds.xlsx", (on_time, on_time))
    os.utime(folder / "ds (sửa).xlsx", (late, late))
    summary = summary_of(tmp_path / "inbox")
    district = next(d for d in summary["districts"] if d["name"] == "Thành phố Trà Vinh")
    assert (district["status"], district["first_submitted"]) == ("on_time", "2022-08-18")
    assert summary["totals"]["rows_superseded"] == 3


def test_one_team_per_hamlet_when_every_team_has_the_same_name(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "Huyen Cang Long"
    sheet = [["TT", "Tên xã", "Tên tổ", "Ấp/Khóm", "Họ tên", "Chức vụ", "Điện thoại"]]
    for number, hamlet in enumerate(["Ấp Hạ", "Ấp Thượng", "Ấp Trung"]):
        for row in _members("Tổ CNSCĐ", 100 + 10 * number):
            sheet.append(
                [row[0], "Xã Đại Phước" if row[0] else None, row[1], hamlet if row[0] else None, *row[2:]]
            )
    write_xlsx(folder / "dai-phuoc.xlsx", {"DS": sheet})
    summary = summary_of(tmp_path / "inbox")
    commune = next(c for c in summary["communes"] if c["name"] == "Xã Đại Phước")
    assert (commune["teams"], commune["hamlets_covered"], commune["members"]) == (3, 3, 9)
    assert not [i for i in summary["issues"] if i["code"].startswith("team_")]


def test_each_file_keeps_its_own_hamlet_warning(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "Huyen Cang Long"
    for day, name in enumerate(["a.xlsx", "b.xlsx"], start=1):
        sheet = [["TT", "Tên xã", "Tên tổ", "Họ tên", "Chức vụ", "Điện thoại"]]
        sheet += [
            [r[0], "Xã Đại Phước" if r[0] else None, *r[1:]]
            for r in _members("Tổ CNSCĐ ấp Không Có", 100 * day)
        ]
        write_xlsx(folder / name, {"DS": sheet})
        os.utime(folder / name, (1660000000 + day * 86400,) * 2)
    summary = summary_of(tmp_path / "inbox")
    unknown = [(i["file"], i["row"]) for i in summary["issues"] if i["code"] == "hamlet_unknown"]
    assert unknown == [("Huyen Cang Long/b.xlsx", 2)]  # a.xlsx was replaced; b.xlsx keeps its warning


@pytest.mark.xdist_group("sample")
def test_every_row_the_reader_read_is_settled_once(sample_inbox, sample_run):
    result = sample_run.result  # the sample inbox consolidated (conftest)
    # What the generator wrote, counted by the generator: a row the reader dropped would show here.
    written = {fact.file: fact.detail["rows"] for fact in sample_inbox.facts if fact.kind == "file"}
    outcomes = ["accepted", "rejected", "merged", "superseded"]
    settled = {path: int(counts[outcomes].sum()) for path, counts in result.accounting.iterrows()}
    duplicates = {file.path for file in result.files if file.status == "duplicate"}
    assert settled == {path: rows for path, rows in written.items() if path not in duplicates}
    assert sum(settled.values()) > 3000


def test_one_team_whatever_way_its_name_is_spelled(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "Huyen Cang Long"
    header = ["TT", "Tên xã", "Tên tổ", "Họ tên", "Chức vụ", "Điện thoại"]
    rows = [
        [1, "Xã Đại Phước", "Tổ CNSCĐ ấp Hạ", "Nguyễn Văn An", "Tổ trưởng", "0912000101"],
        [2, None, "Tổ công nghệ số cộng đồng ấp Hạ", "Trần Thị Bình", "Tổ phó", "0912000102"],
        [3, None, "Tổ CNS ấp Hạ", "Lê Văn Cường", "Tổ viên", "0912000103"],
        [4, None, "Tổ CNSCĐ ấp Xoài Rùm", "Võ Văn Một", "Tổ trưởng", "0912000201"],  # not in the registry
        [5, None, "Xoài Rùm", "Võ Văn Hai", "Tổ phó", "0912000202"],
        [6, None, "ấp Xoài Rùm", "Võ Văn Ba", "Tổ viên", "0912000203"],
        [7, None, "ấp Xoài Rùm", "Võ Văn Ba", "Tổ viên", "0912000203"],  # listed twice: merged
    ]
    write_xlsx(folder / "ds.xlsx", {"DS": [header, *rows]})
    summary = summary_of(tmp_path / "inbox")
    assert summary["totals"]["teams"] == 2 and summary["totals"]["rows_merged"] == 1
    codes = {i["code"] for i in summary["issues"]}
    assert not codes & {"team_no_leader", "team_no_deputy", "team_too_small", "phone_shared"}


def _stamp(path, day):
    """Sets a file's modified time to 10:00 Vietnam time on that day of August 2022."""
    seconds = int(datetime(2022, 8, day, 3, 0, tzinfo=UTC).timestamp())
    os.utime(path, (seconds, seconds))


def test_identical_copies_are_read_once_and_the_copy_in_a_district_folder_names_the_district(
    tmp_path, summary_of
):
    sheet = {"DS": [["PHƯỜNG 1"], HEADER, *_members("Tổ CNSCĐ khóm 1", 100)]}
    write_xlsx(tmp_path / "inbox" / "Danh sach.xlsx", sheet)  # no district anywhere in it
    (tmp_path / "inbox" / "TX Duyen Hai").mkdir()
    copy = tmp_path / "inbox" / "TX Duyen Hai" / "Danh sach.xlsx"
    copy.write_bytes((tmp_path / "inbox" / "Danh sach.xlsx").read_bytes())
    _stamp(tmp_path / "inbox" / "Danh sach.xlsx", 16)
    _stamp(copy, 18)
    summary = summary_of(tmp_path / "inbox")
    statuses = {f["path"]: f["status"] for f in summary["files"]}
    assert statuses == {"Danh sach.xlsx": "processed", "TX Duyen Hai/Danh sach.xlsx": "duplicate"}
    assert summary["files"][0]["district"] == "Thị xã Duyên Hải"
    assert "district_unknown" not in {i["code"] for i in summary["issues"]}
    district = next(d for d in summary["districts"] if d["name"] == "Thị xã Duyên Hải")
    assert (district["status"], district["first_submitted"], district["members"]) == (
        "on_time",
        "2022-08-16",
        3,
    )


def test_a_compilation_whose_rows_name_their_districts_needs_no_district(tmp_path, summary_of):
    header = ["TT", "Tên xã", "Tên tổ", "Họ tên", "Chức vụ", "Điện thoại"]
    rows = [
        [r[0], commune if r[0] else None, *r[1:]]
        for commune, first in (("Phường 3, thành phố Trà Vinh", 100), ("Xã Long Hòa, huyện Châu Thành", 200))
        for r in _members("Tổ CNSCĐ khóm 1" if first == 100 else "Tổ CNSCĐ ấp Chợ", first)
    ]
    write_xlsx(tmp_path / "inbox" / "Tong hop gui So.xlsx", {"DS": [header, *rows]})
    summary = summary_of(tmp_path / "inbox")
    assert "district_unknown" not in {i["code"] for i in summary["issues"]}
    assert summary["files"][0]["district"] is None  # rows in two districts: the file belongs to neither
    members = {d["name"]: d["members"] for d in summary["districts"] if d["members"]}
    assert members == {"Thành phố Trà Vinh": 3, "Huyện Châu Thành": 3}


def test_with_equal_times_the_correction_named_after_the_original_is_the_later(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "TP Tra Vinh"
    write_xlsx(folder / "DS.xlsx", {"DS": [["PHƯỜNG 5"], HEADER, *_members("Tổ CNSCĐ khóm 1", 100)]})
    write_xlsx(
        folder / "DS (sửa lần 2).xlsx", {"DS": [["PHƯỜNG 5"], HEADER, *_members("Tổ CNSCĐ khóm 2", 200)]}
    )
    _stamp(folder / "DS.xlsx", 20)
    _stamp(folder / "DS (sửa lần 2).xlsx", 20)
    summary = summary_of(tmp_path / "inbox")
    statuses = {f["path"]: f["status"] for f in summary["files"]}
    assert statuses == {"TP Tra Vinh/DS (sửa lần 2).xlsx": "processed", "TP Tra Vinh/DS.xlsx": "superseded"}


def test_a_correction_that_looks_older_than_its_original_is_flagged(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "TP Tra Vinh"
    write_xlsx(folder / "DS.xlsx", {"DS": [["PHƯỜNG 5"], HEADER, *_members("Tổ CNSCĐ khóm 1", 100)]})
    write_xlsx(
        folder / "DS (sửa lần 2).xlsx", {"DS": [["PHƯỜNG 5"], HEADER, *_members("Tổ CNSCĐ khóm 2", 200)]}
    )
    _stamp(folder / "DS.xlsx", 21)  # copied later, without its date
    _stamp(folder / "DS (sửa lần 2).xlsx", 14)
    summary = summary_of(tmp_path / "inbox")
    flagged = [
        (i["code"], i["severity"]) for i in summary["issues"] if i["file"].endswith("(sửa lần 2).xlsx")
    ]
    assert ("file_correction_older", "warning") in flagged  # SPEC: the later date wins, but say so


def test_a_team_warning_on_a_merged_row_is_kept(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "Huyen Cang Long"
    header = ["TT", "Tên xã", "Tên tổ", "Họ tên", "Chức vụ", "Điện thoại"]
    rows = [
        [1, "Xã Đại Phước", "Tổ CNSCĐ ấp Không Có", "Nguyễn Văn An", "Tổ viên", None],
        [2, None, None, "Nguyễn Văn An", "Tổ trưởng", "0912345601"],
    ]
    write_xlsx(folder / "ds.xlsx", {"DS": [header, *rows]})
    summary = summary_of(tmp_path / "inbox")
    assert summary["totals"]["rows_merged"] == 1
    assert ("hamlet_unknown", 2) in {(i["code"], i["row"]) for i in summary["issues"]}
    assert ("phone_missing", 2) not in {(i["code"], i["row"]) for i in summary["issues"]}


def test_two_numbered_teams_of_one_hamlet_stay_two(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "Huyen Cang Long"
    sheet = [["TT", "Tên xã", "Tên tổ", "Ấp/Khóm", "Họ tên", "Chức vụ", "Điện thoại"]]
    for number, first in ((1, 100), (2, 200)):
        for row in _members(f"Tổ số {number}", first):
            sheet.append(
                [row[0], "Xã Đại Phước" if row[0] else None, row[1], "Ấp Hạ" if row[0] else None, *row[2:]]
            )
    write_xlsx(folder / "ds.xlsx", {"DS": sheet})
    summary = summary_of(tmp_path / "inbox")
    assert summary["totals"]["teams"] == 2 and summary["totals"]["hamlets_covered"] == 1
    assert not [i for i in summary["issues"] if i["code"].startswith("team_")]


def test_team_warnings_name_the_hamlet_when_no_team_name_is_typed(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "Huyen Cang Long"
    sheet = [["TT", "Tên xã", "Ấp/Khóm", "Họ tên", "Chức vụ", "Điện thoại"]]
    sheet.append([1, "Xã Đại Phước", "Ấp Hạ", "Nguyễn Văn An", "Tổ trưởng", "0912345601"])
    write_xlsx(folder / "ds.xlsx", {"DS": sheet})
    summary = summary_of(tmp_path / "inbox")
    small = next(i for i in summary["issues"] if i["code"] == "team_too_small")
    assert small["message"] == 'Tổ "Ấp Hạ" chỉ có 1 thành viên (cần ít nhất 3).'


def test_a_list_whose_every_row_is_rejected_is_not_a_submission(tmp_path, summary_of):
    folder = tmp_path / "inbox" / "Huyen Cang Long"
    sheet = [["TT", "Tên xã", "Tên tổ", "Họ tên", "Chức vụ", "Điện thoại"]]
    sheet.append([1, "Xã Đại Phước", "Ấp Hạ", "0912345601", "Tổ trưởng", "0912345601"])  # name_invalid
    write_xlsx(folder / "ds.xlsx", {"DS": sheet})
    summary = summary_of(tmp_path / "inbox")
    commune = next(c for c in summary["communes"] if c["name"] == "Xã Đại Phước")
    district = next(d for d in summary["districts"] if d["name"] == "Huyện Càng Long")
    assert (commune["submitted"], commune["status"], district["status"]) == (False, "missing", "missing")
    assert summary["totals"]["communes_submitted"] == 0
