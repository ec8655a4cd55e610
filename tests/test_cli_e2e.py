"""End to end: the sample inbox through `consolidate`, every output read back and checked.

The sample inbox and a library run of it are built once per session (conftest); the CLI runs it once here.
"""

import csv
import json

import openpyxl
import pytest
from click.testing import CliRunner
from spec_contract import SHEETS

from pipeline.cli import cli
from pipeline.codes import CODES

pytestmark = pytest.mark.xdist_group("sample")  # on the worker that holds the session's sample inbox


@pytest.fixture(scope="module")
def run(sample_inbox, tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    result = CliRunner().invoke(
        cli,
        [
            "consolidate",
            "--inbox",
            str(sample_inbox.root),
            "--outbox",
            str(root / "outbox"),
            "--as-of",
            "2022-08-30",
        ],
    )
    outbox = root / "outbox"
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    with (outbox / "danh-sach.csv").open(encoding="utf-8-sig", newline="") as handle:
        members = list(csv.DictReader(handle))
    workbook = openpyxl.load_workbook(outbox / "tong-hop.xlsx")
    facts = {}
    for fact in sample_inbox.facts:
        facts.setdefault(fact.kind, []).append(fact)
    return result, outbox, summary, members, workbook, facts


def _table(sheet, first_header):
    """Returns the sheet's table under the header row that starts with `first_header`, as dicts."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == first_header)
    header = rows[start]
    return [
        dict(zip(header, row, strict=False))
        for row in rows[start + 1 :]
        if any(cell is not None for cell in row)
    ]


def test_cli_reports_the_run(run):
    result, outbox, *_ = run
    assert result.exit_code == 0, result.output
    assert f"Bảng tổng hợp: {outbox / 'tong-hop.xlsx'}" in result.output
    assert "Chưa gửi: Thị xã Duyên Hải" in result.output


def test_totals_match_what_the_sample_planted(run):
    _, _, summary, members, _, facts = run
    planted = facts["totals"][0].detail
    totals = summary["totals"]
    for key in (
        "files",
        "districts_submitted",
        "communes_submitted",
        "hamlets_covered",
        "teams",
        "rows_read",
        "rows_accepted",
        "rows_rejected",
        "rows_merged",
        "rows_superseded",
    ):
        assert totals[key] == planted[key], key
    assert summary["registry"]["hamlets"] == planted["hamlets"]
    assert len(members) == totals["rows_accepted"] == totals["members"]


def test_rows_are_accounted_per_file_and_in_total(run):
    summary = run[2]
    for file in summary["files"]:
        parts = file["rows_accepted"] + file["rows_rejected"] + file["rows_merged"] + file["rows_superseded"]
        assert file["rows_read"] == parts, file["path"]
    totals = summary["totals"]
    assert totals["rows_read"] == (
        totals["rows_accepted"] + totals["rows_rejected"] + totals["rows_merged"] + totals["rows_superseded"]
    )
    assert sum(file["rows_read"] for file in summary["files"]) == totals["rows_read"]


def test_a_known_gap_is_reported_everywhere(run):
    _, _, summary, _, workbook, facts = run
    gap = next(fact.detail for fact in facts["gap"] if fact.detail.get("reason") == "no_team")
    place = {"district": gap["district"], "commune": gap["commune"], "hamlet": gap["hamlet"]}
    assert place in summary["gaps"]
    assert len(summary["gaps"]) == len(facts["gap"])
    listed = _table(workbook["Ấp chưa có tổ"], "Huyện")
    assert any(
        (row["Huyện"], row["Xã/phường/thị trấn"], row["Ấp/khóm"]) == tuple(place.values()) for row in listed
    )


def test_known_phones_are_normalised_in_the_member_list(run):
    _, _, _, members, _, facts = run
    by_location = {(m["source_file"], m["source_sheet"], int(m["source_row"])): m for m in members}
    for fact in facts["phone"] + facts["landline"] + facts["legacy_phone"] + facts["phone_multiple"]:
        member = by_location[(fact.file, fact.sheet, fact.row)]
        assert (member["phone"], member["phone_national"]) == (fact.detail["e164"], fact.detail["national"])
        assert member["district"] == fact.detail["district"] and member["hamlet"] == fact.detail["hamlet"]
        if fact.detail["code"]:
            assert fact.detail["code"] in member["flags"].split(";")


def test_known_rejected_rows_are_in_the_issues_and_the_error_sheet(run):
    _, _, summary, members, workbook, facts = run
    errors = _table(workbook["Lỗi cần sửa"], "Mức độ")
    for fact in facts["rejected_row"]:
        issue = next(
            i
            for i in summary["issues"]
            if (i["file"], i["sheet"], i["row"]) == (fact.file, fact.sheet, fact.row)
        )
        assert (issue["code"], issue["severity"]) == (fact.detail["code"], "error")
        assert issue["action"] == CODES[fact.detail["code"]].action
        row = next(
            r for r in errors if (r["Tệp"], r["Trang"], r["Dòng"]) == (fact.file, fact.sheet, fact.row)
        )
        assert row["Mức độ"] == "Lỗi" and row["Mã lỗi"] == fact.detail["code"] and row["Cách sửa"]
        assert not any(
            (m["source_file"], m["source_sheet"], int(m["source_row"])) == (fact.file, fact.sheet, fact.row)
            for m in members
        )


def test_files_districts_and_duplicates(run):
    _, _, summary, _, workbook, facts = run
    files = {file["path"]: file for file in summary["files"]}
    duplicate = facts["duplicate_file"][0]
    assert files[duplicate.file]["status"] == "duplicate"
    assert files[duplicate.file]["rows_read"] == 0
    superseded = facts["superseded_file"][0]
    assert files[superseded.file]["rows_superseded"] == superseded.detail["rows"]
    statuses = {district["name"]: district["status"] for district in summary["districts"]}
    assert statuses[facts["missing_district"][0].detail["district"]] == "missing"
    assert statuses[facts["late_district"][0].detail["district"]] == "late"
    assert list(statuses.values()).count("on_time") == 7
    merged = _table(workbook["Trùng lặp"], "Huyện")
    assert [row["Họ tên (dòng trùng, đã gộp)"] for row in merged] == [facts["duplicate"][0].detail["name"]]


def test_workbook_has_the_eight_sheets_and_is_usable(run):
    workbook = run[4]
    assert workbook.sheetnames == SHEETS
    for name in SHEETS[1:]:
        assert workbook[name].freeze_panes == "A2", name
        assert workbook[name].auto_filter.ref, name


def test_feedback_workbook_per_submitting_district(run):
    outbox = run[1]
    feedback = sorted(path.name for path in (outbox / "phan-hoi").glob("*.xlsx"))
    assert "huyen-cang-long.xlsx" in feedback


def test_same_inputs_give_the_same_outputs(run, sample_run):
    outbox = run[1]  # the CLI's outputs; sample_run wrote the library's from the same inbox, separately
    assert outbox != sample_run.outbox
    for name in ("danh-sach.csv", "tong-hop.xlsx", "phan-hoi/huyen-cang-long.xlsx"):
        assert (sample_run.outbox / name).read_bytes() == (outbox / name).read_bytes(), name
    summaries = [
        json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        for folder in (outbox, sample_run.outbox)
    ]
    stamps = [summary.pop("generated_at") for summary in summaries]  # the one key that tells the runs apart
    assert summaries[0] == summaries[1] and all(stamp.endswith("+07:00") for stamp in stamps)


def test_a_file_replaced_in_part_says_which_communes_and_by_what(run):
    summary, facts = run[2], run[5]
    superseded = facts["superseded_file"][0]
    notes = [i for i in summary["issues"] if i["code"] == "file_superseded" and i["file"] == superseded.file]
    assert len(notes) == 1
    assert (
        superseded.detail["by"] in notes[0]["message"] and superseded.detail["commune"] in notes[0]["message"]
    )
    file = next(f for f in summary["files"] if f["path"] == superseded.file)
    assert file["status"] == "processed" and superseded.detail["commune"] in file["message"]
