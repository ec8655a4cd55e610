"""The phone acceptance corpus through the whole pipeline: Mẫu 2 rows in, danh-sach.csv out."""

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from fixtures_mau2 import settle

from pipeline.runtime.run import run_consolidation

CORPUS = Path(__file__).parent / "data" / "phone_cases.csv"


def _cases():
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cell_value(case):
    if case["cell_type"] == "empty" or (case["cell_type"] == "number" and case["raw"] == "nan"):
        return None
    if case["cell_type"] == "number":
        return float(case["raw"]) if "." in case["raw"] else int(case["raw"])
    return case["raw"]


@pytest.fixture(scope="module")
def danh_sach(tmp_path_factory):
    root = tmp_path_factory.mktemp("phones")
    inbox = root / "inbox" / "Huyen Cang Long"
    inbox.mkdir(parents=True)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(["DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"])
    sheet.append(
        [
            "TT",
            "Tên xã/phường/thị trấn",
            "Tên Tổ công nghệ số cộng đồng",
            "Họ tên",
            "Chức vụ",
            "Điện thoại di động (đã đăng ký Zalo)",
        ]
    )
    cases = _cases()
    for number, case in enumerate(cases, start=1):
        sheet.append(
            [
                number,
                "Xã Đại Phước",
                "Tổ CNSCĐ ấp Hạ",
                f"Người Thứ {_words(number)}",
                "Tổ viên",
                _cell_value(case),
            ]
        )
    workbook.save(inbox / "dai-phuoc.xlsx")
    run_consolidation(settle(root / "inbox"), root / "outbox", None, date(2022, 8, 27), date(2022, 8, 20))
    with (root / "outbox" / "danh-sach.csv").open(encoding="utf-8-sig", newline="") as handle:
        by_row = {int(line["source_row"]): line for line in csv.DictReader(handle)}
    return cases, by_row


def _words(number: int) -> str:
    # Names must not contain digits (that is name_invalid), so each person gets a letters-only suffix.
    letters = "abcdeghiklmnopqrstuvxy"
    text = ""
    while True:
        number, digit = divmod(number, len(letters))
        text = letters[digit] + text
        if number == 0:
            return text.capitalize()


def test_every_corpus_case_gives_its_phone_national_form_and_flag(danh_sach):
    cases, by_row = danh_sach
    mismatches = []
    for offset, case in enumerate(cases):
        line = by_row[offset + 3]  # title row, header row, then the data from Excel row 3
        phone_flags = {flag for flag in line["flags"].split(";") if flag.startswith("phone_")} - {
            "phone_shared"
        }
        got = (line["phone"], line["phone_national"], phone_flags)
        expected = (
            case["expected_phone"],
            case["expected_national"],
            {case["expected_code"]} if case["expected_code"] else set(),
        )
        if got != expected:
            mismatches.append((case["raw"], case["cell_type"], got, expected))
    assert mismatches == []
    assert len(by_row) == len(cases)
