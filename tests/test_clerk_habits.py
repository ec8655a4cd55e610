"""What clerks type that is not a plain Mẫu 2 row: roles abbreviated or typed in the name cell, a place
still to fill where a name goes, and total rows whose cells hold formulas (issue 10)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from fixtures_mau2 import settle, write_xlsx
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest.header import quick_fold
from pipeline.ingest.wide import find_wide_header
from pipeline.normalise import canonical_name, canonical_role, name_problem, role_in_name
from pipeline.runtime.run import run_consolidation


@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("T.Trưởng", "Tổ trưởng"),
        ("T. trưởng", "Tổ trưởng"),
        ("T/Trưởng", "Tổ trưởng"),
        ("T.Phó", "Tổ phó"),
        ("T.Viên", "Tổ viên"),
        ("P.Tổ trưởng", "Tổ phó"),  # phó tổ trưởng, not the leader
        ("P. Tổ trưởng", "Tổ phó"),
        ("P.TT", "Tổ phó"),
        ("Phó TT", "Tổ phó"),
        ("T.T", "Tổ trưởng"),
        ("T.P", "Tổ phó"),
        ("T.V", "Tổ viên"),
        ("TT", "Tổ trưởng"),
        ("Tổ Trưởng.", "Tổ trưởng"),
    ],
)
def test_abbreviated_roles_read_as_meant(typed: str, role: str) -> None:
    assert canonical_role(typed) == (role, None)


@pytest.mark.parametrize(
    ("typed", "name", "role"),
    [
        ("Ông Nguyễn Văn An, Trưởng ấp - Tổ trưởng", "Nguyễn Văn An", "Tổ trưởng"),
        ("Tổ phó: Trần Thị Bình", "Trần Thị Bình", "Tổ phó"),
        ("Ông: Võ Văn Phước, Trưởng ấp - Tổ trưởng", "Võ Văn Phước", "Tổ trưởng"),  # as Mẫu 1 writes it
        ("Đ/c Nguyễn Văn Tám - Tổ phó", "Nguyễn Văn Tám", "Tổ phó"),
        ("Bà Lê Thị Cúc (Tổ viên)", "Lê Thị Cúc", "Tổ viên"),
        ("Trưởng ấp - Nguyễn Văn Tư", "Nguyễn Văn Tư", "Tổ trưởng"),  # Mẫu 1: the hamlet head leads
        ("Lê Văn Năm - T.Phó", "Lê Văn Năm", "Tổ phó"),
        ("Lê Thành Viên", "Lê Thành Viên", None),  # a name, not a role
        ("Nguyễn Văn Tư - Tổ trưởng - Tổ phó", "Nguyễn Văn Tư", None),  # two roles: not decided
        ("Tổ trưởng", "Tổ Trưởng", None),  # no name beside it
    ],
)
def test_a_role_typed_beside_the_name_is_read_and_the_name_kept_clean(
    typed: str, name: str, role: str | None
) -> None:
    assert (canonical_name(typed), role_in_name(typed)) == (name, role)


@pytest.mark.parametrize(
    "typed",
    [
        "Chưa bổ sung",
        "(Khuyết)",
        "Khuyết",
        "........",
        "Ông/Bà: .....",
        "Ông/Bà ……",
        "Họ tên: ......",
        "Tổ viên",
        "Tổ trưởng",
        "Đang kiện toàn",
        "Chưa có người",
        "Còn trống",
        "Không có",
        "(đang bổ sung)",
    ],
)
def test_a_place_still_to_fill_is_a_vacancy_not_a_person(typed: str) -> None:
    assert name_problem(typed) == "name_vacant"


SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Thạch", "Kim", "Sơn", "Trống", "Khuyết"]
WORDS = ["Văn", "Thị", "Thành", "Viên", "Trưởng", "Bổ", "Sung", "Có", "Người", "Trống", "An", "Út"]


@given(st.sampled_from(SURNAMES), st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
def test_a_name_of_two_or_more_words_is_never_a_vacancy(surname: str, words: list[str]) -> None:
    name = " ".join([surname, *words])
    assert name_problem(name) is None, name


HEADER = ["TT", "Tên xã", "Tên tổ", "Họ tên", "Chức vụ", "Điện thoại"]


def _write(path: Path) -> None:
    """A list with cached formulas in its total rows, as Excel saves it, a vacancy and roles in names."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("DS")
    sheet.write_row(0, 0, ["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"])
    sheet.write_row(1, 0, HEADER)
    rows = [
        [1, "Xã Đại Phước", "Tổ CNSCĐ ấp Hạ", "Nguyễn Văn An", "T.Trưởng", "0912000101"],  # 3
        [None, None, None, "Tổ phó: Trần Thị Bình", None, "0912000102"],  # 4
        [None, None, None, "Lê Văn Cường", "Tổ viên", "0912000103"],  # 5
        [None, None, None, "Ông/Bà: ..........", None, None],  # 6 a vacancy: no role, no phone
    ]
    for row, values in enumerate(rows, start=2):
        sheet.write_row(row, 0, values)
    sheet.write(6, 0, "Cộng")  # 7: the team's total, every count a formula with its cached value
    sheet.write_formula(6, 3, "=COUNTA(D3:D6)", None, 4)
    sheet.write_formula(6, 4, '=COUNTIF(E3:E6,"T.Trưởng")', None, 1)
    sheet.write_formula(6, 5, "=COUNTA(F3:F6)", None, 3)
    sheet.write_row(
        7, 0, [2, "Xã Đại Phước", "Tổ CNSCĐ ấp Long Hòa", "Phạm Văn Dũng", "P.Tổ trưởng", "0912000104"]
    )
    sheet.write_row(8, 0, [None, None, None, "Võ Thị Em (Tổ trưởng)", None, "0912000105"])
    sheet.write_row(9, 0, [None, None, None, "Đặng Văn Phú", "T.V", "0912000106"])
    sheet.write_row(10, 0, ["Cộng ấp Long Hòa", None, None, "3 người", None, 3])  # 11
    sheet.write_row(11, 0, [None, "Tổng cộng", None, 7, None, 6])  # 12
    workbook.close()


def test_totals_are_never_data_and_clerk_habits_give_the_right_list(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _write(inbox / "Huyen Cang Long" / "dai-phuoc.xlsx")
    run_consolidation(settle(inbox), tmp_path / "outbox", None, date(2022, 8, 27), date(2022, 8, 30))
    summary = json.loads((tmp_path / "outbox" / "summary.json").read_text(encoding="utf-8"))
    totals = summary["totals"]
    assert (totals["rows_read"], totals["rows_accepted"], totals["rows_rejected"]) == (7, 6, 1)
    rows_with_issues = {(issue["row"], issue["code"]) for issue in summary["issues"] if issue["row"]}
    assert {row for row, _ in rows_with_issues} <= {3, 4, 6, 8, 9}  # nothing on the total rows
    assert {code for row, code in rows_with_issues if row == 6} == {"name_vacant"}  # its empty phone: no more
    assert {(4, "role_in_name"), (9, "role_in_name")} <= rows_with_issues
    with (tmp_path / "outbox" / "danh-sach.csv").open(encoding="utf-8-sig", newline="") as handle:
        members = [(row["name"], row["role"]) for row in csv.DictReader(handle)]
    assert sorted(members) == sorted(
        [
            ("Nguyễn Văn An", "Tổ trưởng"),
            ("Trần Thị Bình", "Tổ phó"),
            ("Lê Văn Cường", "Tổ viên"),
            ("Phạm Văn Dũng", "Tổ phó"),
            ("Võ Thị Em", "Tổ trưởng"),
            ("Đặng Văn Phú", "Tổ viên"),
        ]
    )


WIDE_HEADERS = {
    "roles": [
        "TT",
        "Xã",
        "Ấp",
        "Tên tổ",
        "Tổ trưởng",
        "Điện thoại",
        "Tổ phó",
        "Điện thoại",
        "Tổ viên",
        "Điện thoại",
    ],
    "names": [
        "STT",
        "Xã",
        "Ấp",
        "Tên tổ",
        "Họ tên tổ trưởng",
        "SĐT",
        "Họ tên tổ phó",
        "SĐT",
        "Tổ viên 1",
        "SĐT",
    ],
}


@pytest.mark.parametrize("wording", sorted(WIDE_HEADERS))
def test_a_team_per_row_gives_every_person_with_the_role_and_phone_of_its_columns(
    wording: str, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    write_xlsx(
        inbox / "Huyen Cang Long" / "hang-ngang.xlsx",
        {
            "DS": [
                ["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"],
                WIDE_HEADERS[wording],
                [1, "Xã Đại Phước", "Ấp Hạ", "Tổ CNSCĐ ấp Hạ", "Nguyễn Văn An", "0912000101", "Trần Thị Bình",
                 "0912000102", "Lê Văn Cường", "0912000103"],
                [2, "Xã Đại Phước", "Ấp Long Hòa", "Tổ CNSCĐ ấp Long Hòa", "Phạm Văn Dũng", "0912000104",
                 None, None, "Võ Thị Em", "0912 000 105"],  # no deputy yet: that seat is empty
                [3, "Xã Đại Phước", "Ấp Nhị Hòa", "Tổ CNSCĐ ấp Nhị Hòa", "Đinh Văn Giỏi", "0912000106",
                 "Mai Thị Hoa", "0294 3850853", "Hồ Văn Ích", "0912000108"],  # the deputy's phone: a landline
                ["Cộng", None, None, None, "=COUNTA(E3:E4)", None, None, None, None, None],
            ]
        },
    )  # fmt: skip
    run_consolidation(settle(inbox), tmp_path / "outbox", None, date(2022, 8, 27), date(2022, 8, 30))
    with (tmp_path / "outbox" / "danh-sach.csv").open(encoding="utf-8-sig", newline="") as handle:
        listed = list(csv.DictReader(handle))
    members = [(r["hamlet"], r["name"], r["role"], r["phone"], r["source_row"]) for r in listed]
    # One person's landline flags that person only, not the others of the same Excel row.
    flags = {r["name"]: r["flags"] for r in listed if r["hamlet"] == "Ấp Nhị Hòa"}
    assert flags == {"Đinh Văn Giỏi": "", "Mai Thị Hoa": "phone_landline", "Hồ Văn Ích": ""}
    assert sorted(m for m in members if m[0] != "Ấp Nhị Hòa") == [
        ("Ấp Hạ", "Lê Văn Cường", "Tổ viên", "+84912000103", "3"),
        ("Ấp Hạ", "Nguyễn Văn An", "Tổ trưởng", "+84912000101", "3"),
        ("Ấp Hạ", "Trần Thị Bình", "Tổ phó", "+84912000102", "3"),
        ("Ấp Long Hòa", "Phạm Văn Dũng", "Tổ trưởng", "+84912000104", "4"),
        ("Ấp Long Hòa", "Võ Thị Em", "Tổ viên", "+84912000105", "4"),
    ]
    summary = json.loads((tmp_path / "outbox" / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["rows_read"] == 8
    deputy = [i for i in summary["issues"] if i["code"] == "team_no_deputy"]
    assert [(i["row"], i["value"]) for i in deputy] == [(4, "Tổ CNSCĐ ấp Long Hòa")]
    assert {i["code"] for i in summary["issues"]} <= {"team_no_deputy", "team_too_small", "phone_landline"}
    (landline,) = [i for i in summary["issues"] if i["code"] == "phone_landline"]
    assert (landline["row"], landline["cell"]) == (5, "H5")


def test_a_team_per_row_header_carries_the_commune_before_the_hamlet_whatever_their_order() -> None:
    titles = ["TT", "Ấp", "Xã", "Tổ trưởng", "SĐT", "Tổ phó", "SĐT"]  # the hamlet left of the commune
    keys = {column: quick_fold(title) for column, title in enumerate(titles)}
    header = find_wide_header(1, keys, dict(enumerate(titles)))
    assert header is not None and list(header.context.items()) == [("commune", 2), ("hamlet", 1)]
    assert [(p.name, p.role_title, p.phone) for p in header.people] == [(3, "Tổ trưởng", 4), (5, "Tổ phó", 6)]
