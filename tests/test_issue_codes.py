"""Every issue code of the table is triggered by a real file in an inbox, at the place it names, and the
run reports exactly the issues the planted data calls for: no other."""

import json
import os
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
from fixtures_mau2 import settle, write_encrypted_xlsx, write_xlsx
from openpyxl.styles import Font

from pipeline.codes import CODES
from pipeline.runtime.run import run_consolidation

REGISTRY = """district,commune,hamlet
Huyện Càng Long,Xã Đại Phước,Ấp Hạ
Huyện Càng Long,Xã Đại Phước,Ấp Thượng
Huyện Càng Long,Xã Đại Phước,Ấp Trà Kha A
Huyện Càng Long,Xã Đại Phước,Ấp Trà Kha B
Huyện Càng Long,Xã Đại Phước,Ấp Long Hòa
Huyện Càng Long,Xã Đại Phước,Ấp Rạch Dừa
Huyện Càng Long,Xã Phương Thạnh,Ấp Một
Thành phố Trà Vinh,Phường 1,Khóm 1
Thị xã Duyên Hải,Phường 1,Khóm 1
Huyện Cầu Kè,Xã Hòa Ân,Ấp Chợ
Huyện Cầu Kè,Xã Phong Phú,Ấp Mới
Huyện Cầu Kè,Xã Ninh Thới,Ấp Cũ
Huyện Cầu Kè,Xã Thạnh Phú,Ấp Một
Huyện Cầu Kè,Xã Tam Ngãi,Ấp Hai
Huyện Tiểu Cần,Xã Hiếu Tử,Ấp Một
Huyện Tiểu Cần,Xã Hùng Hòa,Ấp Hai
"""
HEADER = ["TT", "Tên xã/phường/thị trấn", "Tên Tổ công nghệ số cộng đồng", "Họ tên", "Chức vụ", "Điện thoại"]
AUGUST = [date(2022, 8, day) for day in range(1, 32)]


def _table(*rows):
    return [["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"], HEADER, *rows]  # data starts at Excel row 3


def _touch(path: Path, day: int) -> None:
    stamp = (AUGUST[day - 1] - date(1970, 1, 1)).days * 86400 + 10 * 3600
    os.utime(path, (stamp, stamp))


def _build_inbox(root: Path) -> Path:
    inbox = root / "inbox"
    cang_long = inbox / "Huyen Cang Long"
    people = _table(
        [1, "Xã Đại Phước", "Tổ CNSCĐ ấp Hạ", "Nguyễn Văn An", "Tổ trưởng", "0912345601"],  # 3
        [None, None, None, "", "Tổ viên", "0912345602"],  # 4 name_missing
        [None, None, None, "0912345603", "Tổ viên", "0912345603"],  # 5 name_invalid
        [None, None, None, "Lê Văn Ba", "Kế toán", "0912345604"],  # 6 role_unknown
        [None, None, None, "Lê Văn Bốn", "", "0912345605"],  # 7 role_missing
        [None, None, None, "Lê Văn Năm", "Tổ phó", "không có"],  # 8 phone_missing
        [None, None, None, "Lê Văn Sáu", "Tổ viên", "12345"],  # 9 phone_invalid
        [None, None, None, "Lê Văn Bảy", "Tổ viên", "0294 3850853"],  # 10 phone_landline
        [None, None, None, "Lê Văn Tám", "Tổ viên", "0912345606 - 0987654321"],  # 11 phone_multiple
        [None, None, None, "Lê Văn Chín", "Tổ viên", "01662345678"],  # 12 phone_legacy_converted
        [None, None, None, "Lê Văn Mười", "Tổ viên", "0912345601"],  # 13 phone_shared (with row 3)
        [2, None, "Tổ CNSCĐ ấp Thượng", "Trần Văn Một", "Tổ trưởng", "0912345611"],  # 14 team: 2 leaders,
        [None, None, None, "Trần Văn Hai", "Tổ trưởng", "0912345612"],  # 15   no deputy, only 2 people
        [3, None, "Tổ CNSCĐ ấp Long Hòa", "Võ Văn Một", "Tổ phó", "0912345621"],  # 16 team_no_leader
        [None, None, None, "Võ Văn Hai", "Tổ viên", "0912345622"],
        [None, None, None, "Võ Văn Ba", "Tổ viên", "0912345623"],
        [4, None, "Tổ CNSCĐ ấp Không Có", "Đặng Văn Một", "Tổ trưởng", "0912345631"],  # 19 hamlet_unknown
        [5, None, "Tổ CNS ấp Trà Kha", "Đặng Văn Hai", "Tổ trưởng", "0912345632"],  # 20 hamlet_ambiguous
        [6, None, "Tổ CNS ấp Rạch Dừaa", "Đặng Văn Ba", "Tổ trưởng", "0912345633"],  # 21 hamlet_fuzzy
        [
            7,
            None,
            "Tổ chỉ đạo công nghệ số xã",
            "Đặng Văn Tư",
            "Tổ trưởng",
            "0912345634",
        ],  # 22 team_not_hamlet
        [8, "Xã Phương Thạnhh", "Ấp Một", "Huỳnh Văn Một", "Tổ trưởng", "0912345641"],  # 23 commune_fuzzy
        [9, "Xã Không Tồn Tại", "Ấp Một", "Huỳnh Văn Hai", "Tổ trưởng", "0912345642"],  # 24 commune_unknown
    )
    sheets = {"DS": people, "Tổng hợp": [["Ghi chú"], ["không có bảng"]], "Bản cũ": _table()}
    write_xlsx(cang_long / "cang-long.xlsx", sheets, hidden={"Bản cũ": "hidden"})  # sheet_hidden
    shutil.copy(cang_long / "cang-long.xlsx", cang_long / "cang-long (1).xlsx")  # file_duplicate
    _touch(cang_long / "cang-long.xlsx", 10)
    _touch(cang_long / "cang-long (1).xlsx", 11)

    cau_ke = inbox / "Huyen Cau Ke"
    write_xlsx(
        cau_ke / "cau-ke.xlsx",
        {"DS": _table([1, "Xã Hòa Ân", "Ấp Chợ", "Kim Văn Một", "Tổ trưởng", "0912345651"])},
    )
    write_xlsx(
        cau_ke / "cau-ke (sửa lần 2).xlsx",
        {
            "DS": _table(
                [1, "Xã Hòa Ân", "Ấp Chợ", "Kim Văn Hai", "Tổ trưởng", "0912345652"],
                [2, "Phường 1, thành phố Trà Vinh", "Khóm 1", "Kim Văn Ba", "Tổ trưởng", "0912345653"],
                [3, "Xã Hiếu Tử", "Ấp Một", "Kim Văn Tư", "Tổ trưởng", "0912345654"],  # 5 not Cầu Kè's
                [4, "Xã Hòa Ân", "Ấp Chợ", "(Chưa bổ sung)", "Tổ viên", "0912345655"],  # 6 name_vacant
                [5, "Xã Hòa Ân", "Ấp Chợ", "Kim Văn Năm (Tổ viên)", "", "0912345656"],  # 7 role_in_name
            )
        },
    )  # 4 mismatch
    tieu_can = inbox / "Huyen Tieu Can"
    for name, first_phone in (("tieu-can (bổ sung).xlsx", "0912345691"), ("tieu-can.xlsx", "0912345692")):
        row = [1, "Xã Hiếu Tử", "Ấp Một", "Lâm Văn Một", "Tổ trưởng", first_phone]
        write_xlsx(tieu_can / name, {"DS": _table(row)})
    # Cầu Kè's list saved in Tiểu Cần's folder: file_misfiled
    write_xlsx(
        tieu_can / "gui-nham.xlsx",
        {"DS": _table([1, "Xã Tam Ngãi", "Ấp Hai", "Lâm Văn Hai", "Tổ trưởng", "0912345693"])},
    )
    hostile = _table(  # hidden characters (a bidi isolate, a right-to-left override), other scripts
        [1, "Xã Hùng Hòa", "Tổ CNSCĐ ấp\u2066 Hai", "Võ Văn \u202eEm", "Tổ trưởng", "0912345694"],  # 3
        [None, None, None, "Phạm Văn \u0415m", "Tổ phó", "0912345695"],  # 4 a Cyrillic "Е"
        [None, None, None, "Nguyễn Thị Лан", "Tổ viên", "0912345696"],  # 5 no Latin look-alike
    )
    write_xlsx(tieu_can / "tap-ngai.xlsx", {"DS": hostile})
    _touch(tieu_can / "tieu-can (bổ sung).xlsx", 5)  # file_correction_older: dated before the original
    _touch(tieu_can / "tieu-can.xlsx", 6)
    _touch(cau_ke / "cau-ke.xlsx", 12)  # file_superseded by the correction
    _touch(cau_ke / "cau-ke (sửa lần 2).xlsx", 13)

    write_xlsx(
        inbox / "danh-sach.xlsx",
        {
            "Sheet1": _table(  # no district anywhere: district_unknown
                [1, "Phường 1", "Khóm 1", "Sơn Văn Một", "Tổ trưởng", "0912345661"],  # 3 commune_ambiguous
                [2, "Xã Ninh Thới", "Ấp Cũ", "Sơn Văn Hai", "Tổ trưởng", "0912345662"],
            )
        },
    )
    no_commune = [
        ["DANH SÁCH"],
        ["TT", "Họ tên", "Chức vụ", "Điện thoại"],
        [1, "Thạch Văn Một", "Tổ trưởng", "0912345671"],
    ]
    no_team = [["DANH SÁCH"], ["TT", "Tên xã", "Họ tên", "Chức vụ", "Điện thoại"]]
    no_team.append([1, "Xã Thạnh Phú", "Thạch Văn Hai", "Tổ trưởng", "0912345672"])  # team_missing
    write_xlsx(inbox / "Huyen Cau Ke" / "khong-to.xlsx", {"Sheet1": no_team})
    write_xlsx(
        inbox / "Huyen Cau Ke" / "thieu-cot.xlsx", {"Sheet1": no_commune}
    )  # column_missing, commune_missing
    write_xlsx(inbox / "ghi-chu.xlsx", {"Sheet1": [["Báo cáo"], ["Không có danh sách"]]})  # file_no_table
    _legacy_file(cau_ke / "vntime.xlsx")  # text_legacy_encoding
    write_encrypted_xlsx(inbox / "mat-khau.xlsx", {"DS": _table()})  # file_encrypted
    (inbox / "hong.xlsx").write_bytes(bytes(range(256)) * 40)  # file_unreadable: binary garbage
    whole = (cau_ke / "cau-ke.xlsx").read_bytes()
    (inbox / "dang-chep.xlsx").write_bytes(whole[: len(whole) // 2])  # file_incomplete
    with open(inbox / "qua-lon.xlsx", "wb") as big:  # file_too_large (sparse: costs no disk)
        big.truncate(60 * 1024 * 1024)
    (inbox / "ghi-chu.txt").write_text("Nhớ gửi trước 27/8", encoding="utf-8")  # file_skipped
    (inbox / "ban-in.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" * 8)  # file_not_spreadsheet
    outside = root / "ngoai-hop-thu.xlsx"
    write_xlsx(outside, {"DS": _table()})
    os.symlink(outside, inbox / "lien-ket.xlsx")  # file_link_outside
    return inbox


def _legacy_file(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "DS"
    for row in _table([1, "Xã Phong Phú", "Ấp Mới", "NguyÔn V¨n An", "Tæ tr\u00adëng", "0912345681"]):
        sheet.append(row)
    for cell in sheet[3][3:5]:  # the name and role typed with a .VnTime font
        cell.font = Font(name=".VnTime")
    workbook.save(path)
    _touch(path, 14)


def test_every_issue_code_is_triggered_where_it_says(tmp_path):
    inbox = _build_inbox(tmp_path)
    run_consolidation(
        settle(inbox), tmp_path / "outbox", _registry(tmp_path), date(2022, 8, 27), date(2022, 8, 20)
    )
    summary = json.loads((tmp_path / "outbox" / "summary.json").read_text(encoding="utf-8"))
    found = Counter((issue["file"], issue["row"], issue["code"]) for issue in summary["issues"])
    cang_long, cau_ke = "Huyen Cang Long/cang-long.xlsx", "Huyen Cau Ke/cau-ke (sửa lần 2).xlsx"
    planted = [  # (code, file, row): what each planted cell, sheet or file is there to trigger
        ("name_missing", cang_long, 4),
        ("name_invalid", cang_long, 5),
        ("role_unknown", cang_long, 6),
        ("role_missing", cang_long, 7),
        ("phone_missing", cang_long, 8),
        ("phone_invalid", cang_long, 9),
        ("phone_landline", cang_long, 10),
        ("phone_multiple", cang_long, 11),
        ("phone_legacy_converted", cang_long, 12),
        ("phone_shared", cang_long, 13),
        ("phone_shared", cang_long, 3),
        ("team_many_leaders", cang_long, 14),
        ("team_no_deputy", cang_long, 14),
        ("team_too_small", cang_long, 14),
        ("team_no_leader", cang_long, 16),
        ("hamlet_unknown", cang_long, 19),
        ("hamlet_ambiguous", cang_long, 20),
        ("hamlet_fuzzy", cang_long, 21),
        ("team_not_hamlet", cang_long, 22),
        ("commune_fuzzy", cang_long, 23),
        ("commune_unknown", cang_long, 24),
        ("sheet_no_table", cang_long, None),
        ("sheet_hidden", cang_long, None),
        ("file_duplicate", "Huyen Cang Long/cang-long (1).xlsx", None),
        ("file_superseded", "Huyen Cau Ke/cau-ke.xlsx", None),
        ("district_mismatch", cau_ke, 4),
        ("district_unknown", "danh-sach.xlsx", None),
        ("commune_ambiguous", "danh-sach.xlsx", 3),
        ("column_missing", "Huyen Cau Ke/thieu-cot.xlsx", 2),
        ("commune_missing", "Huyen Cau Ke/thieu-cot.xlsx", 3),
        ("team_missing", "Huyen Cau Ke/khong-to.xlsx", 3),
        ("file_no_table", "ghi-chu.xlsx", None),
        ("text_legacy_encoding", "Huyen Cau Ke/vntime.xlsx", 3),
        ("text_hidden_characters", "Huyen Tieu Can/tap-ngai.xlsx", 3),
        ("name_lookalike_letters", "Huyen Tieu Can/tap-ngai.xlsx", 4),
        ("name_mixed_scripts", "Huyen Tieu Can/tap-ngai.xlsx", 5),
        ("file_encrypted", "mat-khau.xlsx", None),
        ("file_unreadable", "hong.xlsx", None),
        ("file_incomplete", "dang-chep.xlsx", None),
        ("file_too_large", "qua-lon.xlsx", None),
        ("file_skipped", "ghi-chu.txt", None),
        ("file_not_spreadsheet", "ban-in.xlsx", None),
        ("file_correction_older", "Huyen Tieu Can/tieu-can (bổ sung).xlsx", None),
        ("file_link_outside", "lien-ket.xlsx", None),
        ("commune_not_in_district", cau_ke, 5),
        ("name_vacant", cau_ke, 6),
        ("role_in_name", cau_ke, 7),
        ("file_misfiled", "Huyen Tieu Can/gui-nham.xlsx", None),
    ]
    # What the planted data also says, and nothing else may be reported:
    consequences = [
        ("text_legacy_encoding", "Huyen Cau Ke/vntime.xlsx", 3),  # the name and the role: one each
        ("text_hidden_characters", "Huyen Tieu Can/tap-ngai.xlsx", 3),  # the team and the name: one each
        ("column_missing", "Huyen Cau Ke/thieu-cot.xlsx", 2),  # neither commune nor team column
        ("column_missing", "Huyen Cau Ke/khong-to.xlsx", 2),  # the team column: nothing else names it
        ("sheet_no_table", "ghi-chu.xlsx", None),  # its one sheet has no table, so the file has none
        ("file_superseded", "Huyen Tieu Can/tieu-can (bổ sung).xlsx", None),  # the later date wins
    ]
    # Every other team that is planted has one person, and is counted (not rejected, not a steering
    # group): each is too small and has no deputy, reported at its first row.
    lone_members = [
        (cang_long, 19),
        (cang_long, 20),
        (cang_long, 21),
        (cang_long, 23),
        (cau_ke, 3),
        (cau_ke, 4),
        ("Huyen Cau Ke/vntime.xlsx", 3),
        ("Huyen Tieu Can/tieu-can.xlsx", 3),
        ("Huyen Tieu Can/gui-nham.xlsx", 3),
        ("danh-sach.xlsx", 3),
        ("danh-sach.xlsx", 4),
    ]
    lone_teams = [
        (code, file, row) for file, row in lone_members for code in ("team_no_deputy", "team_too_small")
    ]
    expected = Counter((file, row, code) for code, file, row in planted + consequences + lone_teams)
    unexpected, missing = found - expected, expected - found
    assert found == expected, (sorted(unexpected.elements(), key=str), sorted(missing.elements(), key=str))
    assert {code for code, _, _ in planted} == set(CODES)
    shared = next(i for i in summary["issues"] if i["code"] == "phone_shared" and i["row"] == 3)
    assert shared["message"] == (
        "Số điện thoại 0912 345 601 cũng được ghi cho Lê Văn Mười (Tổ CNSCĐ ấp Hạ, "
        "Huyen Cang Long/cang-long.xlsx dòng 13)."
    )
    legacy = [i for i in summary["issues"] if i["code"] == "text_legacy_encoding"]
    assert {(i["column"], i["message"]) for i in legacy} == {
        ("name", "Văn bản gõ bằng bảng mã cũ (TCVN3) đã được chuyển sang Unicode."),
        ("role", "Văn bản gõ bằng bảng mã cũ (TCVN3) đã được chuyển sang Unicode."),
    }
    hidden = [i for i in summary["issues"] if i["code"] == "text_hidden_characters"]
    assert {(i["column"], i["cell"], i["value"]) for i in hidden} == {
        ("team", "C3", "Tổ CNSCĐ ấp Hai"),
        ("name", "D3", "Võ Văn Em"),
    }
    with (tmp_path / "outbox" / "danh-sach.csv").open(encoding="utf-8-sig") as handle:
        members = handle.read()
    assert "Nguyễn Văn An,Tổ trưởng,+84912345681" in members
    assert (
        "Tổ CNSCĐ ấp Hai,Võ Văn Em,Tổ trưởng" in members and "Tổ CNSCĐ ấp Hai,Phạm Văn Em,Tổ phó" in members
    )


def _registry(root: Path) -> Path:
    path = root / "registry.csv"
    path.write_text(REGISTRY, encoding="utf-8")
    return path
