import csv
from datetime import date

import pandas as pd

from pipeline import load_registry
from pipeline.model import RunResult
from pipeline.report.member_list import COLUMNS, write_member_list

ROW = {
    "district": "Huyện Càng Long",
    "commune": "Xã An Trường",
    "hamlet": "Ấp 1",
    "team": "Tổ A",
    "name": "Nguyễn Văn A",
    "role": "Tổ viên",
    "phone": "+84912345678",
    "phone_national": "0912 345 678",
    "flags": "",
    "source_file": "cang-long/ds.xlsx",
    "source_sheet": "Sheet1",
    "source_row": 7,
    "outcome": "accepted",
}


def _result(rows: list[dict]) -> RunResult:
    """Returns a run result holding only rows and the registry: the member list reads nothing else."""
    frame = pd.DataFrame(rows)
    return RunResult(
        date(2022, 8, 20), date(2022, 8, 27), load_registry(), [], frame.assign(kept_role=frame["role"]),
        None, [], None, None, {}, None
    )  # fmt: skip


def _read(path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_text_excel_would_run_as_a_formula_gets_an_apostrophe_and_phones_stay(tmp_path):
    rows = [
        {**ROW, "name": "=SUM(A1)", "team": "-Tổ A", "source_row": 7},
        {**ROW, "name": "@Lê Văn C", "hamlet": "+Ấp 2", "source_sheet": "=Sheet", "source_row": 8},
        {**ROW, "name": "Trần Thị B", "role": "Tổ trưởng", "source_row": 9},
    ]
    path = tmp_path / "danh-sach.csv"
    write_member_list(_result(rows), path)
    members = _read(path)
    assert list(members[0]) == COLUMNS
    assert [(m["hamlet"], m["team"], m["name"], m["source_sheet"]) for m in members] == [
        ("'+Ấp 2", "Tổ A", "'@Lê Văn C", "'=Sheet"),
        ("Ấp 1", "'-Tổ A", "'=SUM(A1)", "Sheet1"),
        ("Ấp 1", "Tổ A", "Trần Thị B", "Sheet1"),
    ]
    assert {m["phone"] for m in members} == {"+84912345678"}
    assert {m["phone_national"] for m in members} == {"0912 345 678"}
