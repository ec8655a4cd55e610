"""One district's file never changes another district's data (issue 9): a commune that is not in the
file's district is rejected, never moved; a file supersedes only its own district's communes; a whole
misfiled file is re-homed with a warning."""

import os
from datetime import date
from itertools import count

import pytest
from fixtures_mau2 import HEADER, write_xlsx
from settled import raw_rows

from pipeline.consolidate import check_rows, consolidate
from pipeline.places import load_registry, resolve_places
from pipeline.report.workbook_coverage import district_table

CL, CT, TP, TX = "Huyện Càng Long", "Huyện Châu Thành", "Thành phố Trà Vinh", "Thị xã Duyên Hải"
_PHONES = count(100)


def _team(district: str, commune: str, typed: str | None = None) -> list[list]:
    """Returns the rows of one team of a real hamlet of the commune, its commune typed as `typed`."""
    hamlet = load_registry().hamlets_of(district, commune)[0]
    phones = [f"0912{next(_PHONES):06d}" for _ in range(3)]
    return [
        [1, typed or commune, f"Tổ CNSCĐ {hamlet}", "Nguyễn Văn An", "Tổ trưởng", phones[0]],
        [None, None, None, "Trần Thị Bình", "Tổ phó", phones[1]],
        [None, None, None, "Lê Văn Cường", "Tổ viên", phones[2]],
    ]


def _file(inbox, path: str, day: int, *teams: list[list]) -> None:
    target = inbox / path
    write_xlsx(target, {"DS": [["DANH SÁCH"], HEADER, *(row for team in teams for row in team)]})
    stamp = 1660000000 + day * 86400
    os.utime(target, (stamp, stamp))


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    # Châu Thành's own list of Long Hòa; Càng Long's later file names Long Hòa by mistake
    _file(inbox, f"{CT}/long hoa.xlsx", 1, _team(CT, "Xã Long Hòa"))
    _file(inbox, f"{CL}/ds.xlsx", 5, _team(CL, "Xã Huyền Hội"), _team(CT, "Xã Long Hòa"))
    # the city's own Phường 4; the later TX Duyên Hải file names Phường 4 (the city's) beside its own
    _file(inbox, f"{TP}/phuong 4.xlsx", 2, _team(TP, "Phường 4"))
    _file(inbox, f"{TX}/ds.xlsx", 6, _team(TX, "Phường 1"), _team(TP, "Phường 4"))
    # the city's later file names "Xã Long Toàn, thị xã Duyên Hải": TX Duyên Hải's own list stays
    _file(inbox, f"{TX}/long toan.xlsx", 3, _team(TX, "Xã Long Toàn"))
    _file(inbox, f"{TP}/bo sung.xlsx", 7, _team(TX, "Xã Long Toàn", "Xã Long Toàn, thị xã Duyên Hải"))
    # the city's file names "Xã Long Hữu, thị xã Duyên Hải", of which TX Duyên Hải sent nothing: it counts
    _file(inbox, f"{TP}/bo sung 2.xlsx", 8, _team(TX, "Xã Long Hữu", "Xã Long Hữu, TX Duyên Hải"))
    # a Tiểu Cần list saved in Cầu Kè's folder: every commune it names is Tiểu Cần's
    _file(inbox, "Huyện Cầu Kè/bo sung.xlsx", 4, _team("Huyện Tiểu Cần", "Xã Hiếu Tử"))
    return consolidate(inbox, load_registry(), date(2022, 8, 27), date(2022, 8, 30))


def _outcomes(result, path: str) -> dict:
    rows = result.rows[result.rows["source_file"].eq(path)]
    return rows.groupby(["commune_text", "outcome"]).size().to_dict()


def test_a_commune_of_another_district_is_rejected_not_moved(result):
    assert _outcomes(result, f"{CL}/ds.xlsx") == {
        ("Xã Huyền Hội", "accepted"): 3,
        ("Xã Long Hòa", "rejected"): 3,
    }
    errors = [issue for issue in result.issues if issue.file == f"{CL}/ds.xlsx" and issue.severity == "error"]
    assert {(issue.code, issue.row, issue.cell) for issue in errors} == {
        ("commune_not_in_district", row, f"B{row}") for row in (6, 7, 8)
    }
    assert errors[0].message == (
        f'"Xã Long Hòa" không thuộc {CL}; theo danh mục hành chính, Xã Long Hòa thuộc {CT}.'
    )


def test_the_owning_districts_rows_are_never_replaced_by_another_districts_file(result):
    assert _outcomes(result, f"{CT}/long hoa.xlsx") == {("Xã Long Hòa", "accepted"): 3}
    assert _outcomes(result, f"{TP}/phuong 4.xlsx") == {("Phường 4", "accepted"): 3}
    assert _outcomes(result, f"{TX}/ds.xlsx") == {("Phường 1", "accepted"): 3, ("Phường 4", "rejected"): 3}


def test_rows_naming_another_district_count_only_until_it_sends_its_own(result):
    assert _outcomes(result, f"{TX}/long toan.xlsx") == {("Xã Long Toàn", "accepted"): 3}
    assert _outcomes(result, f"{TP}/bo sung.xlsx") == {("Xã Long Toàn, thị xã Duyên Hải", "superseded"): 3}
    kept = result.rows[result.rows["source_file"].eq(f"{TP}/bo sung 2.xlsx")]
    assert set(kept["outcome"]) == {"accepted"} and set(kept["district"]) == {TX}
    # told once on the first row of the group, flagged on every row it covers (danh-sach.csv filters)
    assert all("district_mismatch" in flags.split(";") for flags in kept["flags"])
    told = [issue for issue in result.issues if issue.file == f"{TP}/bo sung 2.xlsx"]
    assert [(issue.code, issue.row) for issue in told] == [("district_mismatch", 3)]


def test_a_whole_misfiled_file_is_rehomed_with_a_warning(result):
    path = "Huyện Cầu Kè/bo sung.xlsx"
    rows = result.rows[result.rows["source_file"].eq(path)]
    assert set(rows["outcome"]) == {"accepted"} and set(rows["district"]) == {"Huyện Tiểu Cần"}
    assert result.file_districts[path] == "Huyện Tiểu Cần"
    assert [(issue.code, issue.severity) for issue in result.issues if issue.file == path] == [
        ("file_misfiled", "warning")
    ]


def test_a_slip_at_home_that_is_exactly_a_commune_elsewhere_is_asked_not_guessed(embedded_index):
    # Cầu Kè has Xã Phong Thạnh; "Xã Phương Thạnh" is one letter from it and exactly Càng Long's commune
    rows = raw_rows(
        [{"source_file": "Huyện Cầu Kè/ds.xlsx", "source_row": 5, "commune_text": "Xã Phương Thạnh",
          "team_text": "Tổ CNSCĐ ấp Một", "commune_letter": "B"}]
    )  # fmt: skip
    placed = resolve_places(rows, embedded_index)
    assert placed.rows.loc[0, ["district", "commune"]].tolist() == ["Huyện Cầu Kè", ""]
    assert [(issue.code, issue.cell) for issue in placed.issues] == [("commune_ambiguous", "B5")]
    assert "Xã Phong Thạnh (Huyện Cầu Kè), Xã Phương Thạnh (Huyện Càng Long)" in placed.issues[0].message


def test_check_rows_reads_only_the_files_asked_and_settles_nothing(tmp_path, embedded_registry):
    _file(tmp_path, f"{CL}/ds.xlsx", 1, _team(CL, "Xã Huyền Hội"), _team(CT, "Xã Long Hòa"))
    _file(tmp_path, f"{TP}/khac.xlsx", 2, _team(TP, "Phường 4"))
    checked = check_rows(tmp_path, embedded_registry, paths=[tmp_path / CL / "ds.xlsx"])
    assert [file.path for file in checked.files] == [f"{CL}/ds.xlsx"]
    assert len(checked.rows) == 6 and "outcome" not in checked.rows  # read, placed, not settled
    assert set(checked.rows["commune"]) == {"Xã Huyền Hội", ""}
    assert {issue.code for issue in checked.issues if issue.severity == "error"} == {
        "commune_not_in_district"
    }
    assert checked.file_districts == {f"{CL}/ds.xlsx": CL}


def test_people_whose_commune_names_no_single_district_have_their_own_row_in_theo_huyen(tmp_path):
    # "Phường 1" in a file that names no district: Thành phố Trà Vinh's or Thị xã Duyên Hải's?
    _file(tmp_path, "danh sach.xlsx", 1, _team(TP, "Phường 1"))
    result = consolidate(tmp_path, load_registry(), date(2022, 8, 27), date(2022, 8, 30))
    assert (result.totals.members_without_district, result.totals.members) == (3, 3)
    records = district_table(result).records
    assert records[-2][0] == "(chưa xác định được huyện)" and records[-2][-1] == 3
    assert records[-1][0] == "Tổng cộng" and records[-1][-1] == result.totals.members
