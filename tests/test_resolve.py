import pytest
from settled import raw_rows

from pipeline.places.index import PlaceIndex
from pipeline.places.registry import load_registry
from pipeline.places.resolve import resolve_places

REGISTRY = """district,commune,hamlet
Thành phố Trà Vinh,Phường 1,Khóm 1
Thành phố Trà Vinh,Phường 1,Khóm 11
Thành phố Trà Vinh,Xã Long Đức,Ấp Trà Kha A
Thành phố Trà Vinh,Xã Long Đức,Ấp Trà Kha B
Thị xã Duyên Hải,Phường 1,Khóm 1
Thị xã Duyên Hải,Phường 1,Khóm 2
Huyện Trà Cú,Thị trấn Định An,Khóm 1
Huyện Trà Cú,Xã Định An,Ấp Chợ
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    path = tmp_path_factory.mktemp("registry") / "registry.csv"
    path.write_text(REGISTRY, encoding="utf-8")
    return PlaceIndex(load_registry(path))


def _rows(*records):
    return raw_rows(
        [
            {
                "source_file": file,
                "source_sheet": sheet,
                "source_row": row,
                "commune_text": commune,
                "team_text": team,
                "hamlet_text": hamlet,
                "commune_letter": "B",
                "team_letter": "C",
                "hamlet_letter": "D" if hamlet else "",
            }
            for file, sheet, row, commune, team, hamlet in records
        ]
    )


def _placed(index, *records):
    placed = resolve_places(_rows(*records), index)
    places = list(zip(placed.rows["district"], placed.rows["commune"], placed.rows["hamlet"], strict=True))
    return places, [(i.row, i.code) for i in placed.issues]


def test_twin_communes_are_placed_by_folder(index):
    places, issues = _placed(
        index,
        ("TX Duyen Hai/ds.xlsx", "DS", 5, "Phường 01", "Tổ CNSCĐ khóm 2", ""),
        ("TP Tra Vinh/ds.xlsx", "DS", 5, "P.1", "Tổ CNSCĐ khóm 11", ""),
    )
    assert places == [
        ("Thị xã Duyên Hải", "Phường 1", "Khóm 2"),
        ("Thành phố Trà Vinh", "Phường 1", "Khóm 11"),
    ]
    assert issues == []


def test_district_in_the_commune_text_beats_the_folder_with_a_warning(index):
    places, issues = _placed(
        index, ("TX Duyen Hai/ds.xlsx", "DS", 7, "UBND phường 1, thành phố Trà Vinh", "Tổ CNS khóm 1", "")
    )
    assert places == [("Thành phố Trà Vinh", "Phường 1", "Khóm 1")]
    assert issues == [(7, "district_mismatch")]


def test_without_a_district_twins_are_ambiguous_not_guessed(index):
    places, issues = _placed(index, ("ds.xlsx", "DS", 4, "Phường 1", "Tổ CNS khóm 1", ""))
    assert places == [("", "", "")]
    assert issues == [(None, "district_unknown"), (4, "commune_ambiguous")]


def test_unknown_commune_names_every_row_with_an_error(index):
    _, issues = _placed(
        index,
        ("TP Tra Vinh/ds.xlsx", "DS", 4, "Xã Không Có", "Tổ CNS ấp Chợ", ""),
        ("TP Tra Vinh/ds.xlsx", "DS", 5, "Xã Không Có", "Tổ CNS ấp Chợ", ""),
    )
    assert issues == [(4, "commune_unknown"), (5, "commune_unknown")]


def test_unit_word_decides_between_town_and_commune(index):
    places, _ = _placed(
        index,
        ("Tra Cu/ds.xlsx", "DS", 4, "TT Định An", "Tổ CNSCĐ khóm 1", ""),
        ("Tra Cu/ds.xlsx", "DS", 9, "xã Định An", "Ấp Chợ", ""),
    )
    assert places == [
        ("Huyện Trà Cú", "Thị trấn Định An", "Khóm 1"),
        ("Huyện Trà Cú", "Xã Định An", "Ấp Chợ"),
    ]


def test_hamlet_column_beats_team_name_and_near_twins_stay_apart(index):
    places, issues = _placed(
        index,
        ("TP Tra Vinh/ds.xlsx", "DS", 4, "Xã Long Đức", "Tổ CNSCĐ số 1", "Trà Kha B"),
        ("TP Tra Vinh/ds.xlsx", "DS", 8, "Xã Long Đức", "Tổ CNS ấp Trà Kha", ""),
    )
    assert places == [
        ("Thành phố Trà Vinh", "Xã Long Đức", "Ấp Trà Kha B"),
        ("Thành phố Trà Vinh", "Xã Long Đức", ""),
    ]
    assert issues == [(8, "hamlet_ambiguous")]


def test_steering_group_is_not_a_hamlet_team(index):
    places, issues = _placed(
        index, ("TP Tra Vinh/ds.xlsx", "DS", 4, "Xã Long Đức", "Tổ chỉ đạo công nghệ số xã", "")
    )
    assert places == [("Thành phố Trà Vinh", "Xã Long Đức", "")]
    assert issues == [(4, "team_not_hamlet")]


def test_sheet_name_places_rows_without_a_commune_column(index):
    places, issues = _placed(index, ("TP Tra Vinh/ds.xlsx", "Long Đức", 4, "", "Ấp Trà Kha A", ""))
    assert places == [("Thành phố Trà Vinh", "Xã Long Đức", "Ấp Trà Kha A")]
    assert issues == []


def test_an_ambiguous_sheet_name_is_asked_about_not_taken_for_a_missing_commune(index):
    places, issues = _placed(index, ("Tra Cu/ds.xlsx", "Dinh An", 4, "", "Tổ CNSCĐ ấp Chợ", ""))
    assert places == [("Huyện Trà Cú", "", "")]  # counted, in its district, without a commune
    assert issues == [(4, "commune_ambiguous")]  # a warning, not commune_missing (an error)


def test_team_name_that_names_the_commune_places_rows_without_a_commune_column(index):
    places, issues = _placed(
        index,
        ("TP Tra Vinh/ds.xlsx", "DS", 4, "", "Tổ CNSCĐ ấp Trà Kha B, xã Long Đức", ""),
        ("TP Tra Vinh/ds.xlsx", "DS", 5, "", "Tổ công nghệ số cộng đồng khóm 11 (phường 1)", ""),
    )
    assert places == [
        ("Thành phố Trà Vinh", "Xã Long Đức", "Ấp Trà Kha B"),
        ("Thành phố Trà Vinh", "Phường 1", "Khóm 11"),
    ]
    assert issues == []


@pytest.fixture(scope="module")
def tra_vinh(embedded_index):
    return embedded_index  # the embedded registry's index, built once per session (conftest)


def test_bare_town_names_partial_marks_and_underscored_file_names(tra_vinh):
    places, issues = _placed(
        tra_vinh,
        ("Huyen Cau Ke/ds.xlsx", "DS", 4, "Cầu Kè", "Tổ CNSCĐ khóm 1", ""),  # the district's town
        ("Huyen Duyen Hai/ds.xlsx", "DS", 4, "thị tran Long Thành", "Tổ CNSCĐ khóm 1", ""),  # a mark missing
        ("Huyen Cau Ke/xa_Chau_Dien_to_cns.xlsx", "Sheet1", 4, "", "Tổ CNSCĐ ấp Chợ", ""),
    )
    assert [place[:2] for place in places] == [
        ("Huyện Cầu Kè", "Thị trấn Cầu Kè"),
        ("Huyện Duyên Hải", "Thị trấn Long Thành"),
        ("Huyện Cầu Kè", "Xã Châu Điền"),
    ]
    assert not [code for _, code in issues if code.startswith("commune_")]


def test_a_sheet_per_hamlet_names_the_hamlet_by_its_sheet_or_title(index):
    rows = _rows(
        ("TP Tra Vinh/long-duc.xlsx", "Ấp Trà Kha A", 4, "Xã Long Đức", "", ""),
        ("TP Tra Vinh/long-duc.xlsx", "Sheet2", 4, "Xã Long Đức", "", ""),
        ("TP Tra Vinh/long-duc.xlsx", "Sheet3", 4, "Xã Long Đức", "", ""),
    )
    rows.loc[1, "title_text"] = "DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG ẤP TRÀ KHA B"
    placed = resolve_places(rows, index)
    assert placed.rows["hamlet"].tolist() == ["Ấp Trà Kha A", "Ấp Trà Kha B", ""]
    assert [(i.sheet, i.code) for i in placed.issues] == [("Sheet3", "team_missing")]


def test_each_place_issue_keeps_the_cell_it_points_at(index):
    placed = resolve_places(
        _rows(
            ("TP Tra Vinh/ds.xlsx", "DS", 4, "Xã Không Có", "Tổ CNS ấp Chợ", ""),
            ("TP Tra Vinh/ds.xlsx", "DS", 6, "Xã Long Đức", "Tổ CNS ấp Trà Kha", ""),
            ("TP Tra Vinh/ds.xlsx", "DS", 8, "Xã Long Đức", "Tổ CNSCĐ số 2", "Ấp Không Có"),
            ("TP Tra Vinh/ds.xlsx", "DS", 9, "Xã Long Đức", "Tổ chỉ đạo công nghệ số xã", ""),
        ),
        index,
    )
    cells = [(issue.code, issue.column, issue.cell) for issue in placed.issues]
    assert sorted(cells) == [
        ("commune_unknown", "commune", "B4"),  # the commune column of the row
        ("hamlet_ambiguous", "team", "C6"),  # the hamlet was read from the team name
        ("hamlet_unknown", "hamlet", "D8"),  # the hamlet column
        ("team_not_hamlet", "team", "C9"),
    ]
