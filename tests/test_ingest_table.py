"""The pieces under the reader: folding and cleaning shortcuts, header recognition, legacy-text repair."""

from __future__ import annotations

import pytest
from fixtures_mau2 import HEADER, write_xlsx
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest.header import _ALIASES, header_field, is_footer, quick_fold
from pipeline.ingest.inbox import read_file
from pipeline.ingest.table import scan_sheet
from pipeline.model import RawRow
from pipeline.text import clean_text, fast_clean, fold
from schemas.mau2 import COLUMN_TITLES

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
cell_text = st.text(
    alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + " \u00a0\n\t.,/()-0123456789\u0301")
)


@given(cell_text)
def test_fast_clean_equals_clean_text(text):
    assert fast_clean(text) == clean_text(text)


@given(cell_text)
def test_quick_fold_equals_fold_on_clean_text(text):
    assert quick_fold(clean_text(text)) == fold(text)


@pytest.mark.parametrize("field", sorted(_ALIASES))
def test_every_alias_is_recognised_in_capitals_and_without_diacritics(field):
    for alias in _ALIASES[field]:
        assert header_field(quick_fold(alias.upper()))[0] == field
        assert header_field(fold(alias))[0] == field


@pytest.mark.parametrize("field", sorted(COLUMN_TITLES))
def test_every_official_title_is_its_fields_exact_header(field):
    assert header_field(quick_fold(COLUMN_TITLES[field])) == (field, 1000 + len(fold(COLUMN_TITLES[field])))


@pytest.mark.parametrize("text", ["Tổ trưởng", "Ấp Chợ", "Khóm 3", "Nguyễn Văn An", "Xã Long Đức", "Tổ viên"])
def test_data_values_are_not_headers(text):
    assert header_field(quick_fold(text)) is None


@pytest.mark.parametrize("text", ["Công an viên", "Tống Sơn", "Chủ nhiệm CLB", "Ngày hội"])
def test_data_values_are_not_footers(text):
    assert not is_footer(quick_fold(text))


def test_team_row_right_under_the_header_is_not_taken_for_a_second_header_row():
    grid = [
        HEADER,
        ["", "Xã Long Đức", "Tổ công nghệ số cộng đồng ấp Chợ", "", "", ""],
        ["1", "", "", "An", "Tổ trưởng", "0912000001"],
    ]
    scan = scan_sheet(grid)
    assert [header.last_row for header in scan.headers] == [0]
    assert scan.rows == [
        RawRow(
            source_file="",
            source_sheet="",
            source_row=3,
            commune_text="Xã Long Đức",
            team_text="Tổ công nghệ số cộng đồng ấp Chợ",
            hamlet_text="",
            name_text="An",
            role_text="Tổ trưởng",
            phone_cell="0912000001",
            title_text="",
            commune_letter="B",
            team_letter="C",
            name_letter="D",
            role_letter="E",
            phone_letter="F",
        )
    ]


def test_legacy_tcvn3_text_is_repaired_with_an_info_issue_per_cell(tmp_path):
    rows = [
        ["DANH S¸CH Tæ C¤NG NGHÖ Sè"],
        ["TT", "Tªn x·", "Tªn tæ", "Hä tªn", "Chøc vô", "§iÖn tho¹i"],
        [1, "X· Long §øc", "Tæ Êp Chî", "NguyÔn V¨n An", "Tæ tr\u00adëng", "0912345678"],
    ]
    fonts = {"S": {cell: ".VnTime" for cell in ("A1", "B2", "C2", "D2", "E2", "F2", "B3", "C3", "D3", "E3")}}
    path = write_xlsx(tmp_path / "tcvn3.xlsx", {"S": rows}, fonts=fonts)
    _, frame, issues = read_file(path, tmp_path)
    assert frame[["commune_text", "team_text", "name_text", "role_text"]].values.tolist() == [
        ["Xã Long Đức", "Tổ ấp Chợ", "Nguyễn Văn An", "Tổ trưởng"]
    ]
    assert frame["title_text"].tolist() == ["DANH SÁCH TỔ CÔNG NGHỆ SỐ"]
    assert [(i.code, i.row, i.column, i.value) for i in issues] == [
        ("text_legacy_encoding", 1, "title_text", "DANH S¸CH Tæ C¤NG NGHÖ Sè"),
        ("text_legacy_encoding", 3, "commune", "X· Long §øc"),
        ("text_legacy_encoding", 3, "team", "Tæ Êp Chî"),
        ("text_legacy_encoding", 3, "name", "NguyÔn V¨n An"),
        ("text_legacy_encoding", 3, "role", "Tæ trëng"),  # the value shown is cleaned: no soft hyphen
    ]
    assert issues[3].message == "Văn bản gõ bằng bảng mã cũ (TCVN3) đã được chuyển sang Unicode."
    assert {(i.file, i.sheet) for i in issues} == {("tcvn3.xlsx", "S")}


def test_legacy_vni_text_is_repaired_by_its_font(tmp_path):
    rows = [HEADER, [1, "Xaõ Long Ñöùc", "Toå aáp Chôï", "Nguyeãn Vaên An", "Toå tröôûng", "0912345678"]]
    fonts = {"S": {cell: "VNI-Times" for cell in ("B2", "C2", "D2", "E2")}}
    _, frame, issues = read_file(write_xlsx(tmp_path / "vni.xlsx", {"S": rows}, fonts=fonts), tmp_path)
    assert frame[["commune_text", "team_text", "name_text", "role_text"]].values.tolist() == [
        ["Xã Long Đức", "Tổ ấp Chợ", "Nguyễn Văn An", "Tổ trưởng"]
    ]
    assert {i.message for i in issues} == {"Văn bản gõ bằng bảng mã cũ (VNI) đã được chuyển sang Unicode."}


def test_latin_text_in_a_unicode_font_is_left_alone(tmp_path):
    rows = [HEADER, [1, "Xã A", "Tổ 1", "José Dúc", "Tổ viên", "0912345678"]]
    _, frame, issues = read_file(write_xlsx(tmp_path / "x.xlsx", {"S": rows}), tmp_path)
    assert frame["name_text"].tolist() == ["José Dúc"] and issues == []


@pytest.mark.parametrize("title", ["PHƯỜNG 5", "Đơn vị: UBND xã Long Đức", "Tên xã: Long Đức"])
def test_title_right_above_the_header_stays_a_title(title):
    grid = [[title, "", "", "", "", ""], HEADER, ["1", "", "Tổ ấp Chợ", "An", "Tổ trưởng", "0912000001"]]
    scan = scan_sheet(grid)
    assert [(header.first_row, header.last_row) for header in scan.headers] == [(1, 1)]
    assert [row.title_text for row in scan.rows] == [title]


def test_upper_row_of_a_two_row_header_with_one_exact_header_cell_is_combined():
    grid = [
        ["Đơn vị", "Thành viên", "", ""],
        ["", "Họ tên", "Chức vụ", "Điện thoại"],
        ["Xã A", "An", "Tổ trưởng", "0912000001"],
    ]
    scan = scan_sheet(grid)
    assert [(header.first_row, header.last_row, header.columns["commune"]) for header in scan.headers] == [
        (0, 1, 0)
    ]
