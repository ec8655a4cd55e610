"""A file named as a spreadsheet whose content is a Word document, a PDF or an image (issue 13): the
district believes it sent its list, so it is a failed submission (status unreadable, an error in the
district's feedback), not a skipped file. Files that say what they are (.docx, .pdf) stay skipped."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import openpyxl
import pytest
from campaign import DEADLINE
from fixtures_mau2 import settle

from pipeline.runtime.run import run_consolidation


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n" + b"0" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
CASES = [  # name, content, status, what the message says it is
    ("cang-long/danh sach.xlsx", _docx(), "unreadable", "tài liệu Word (.docx)"),
    ("cang-long/danh sach.xls", PDF, "unreadable", "tệp PDF"),
    ("cang-long/anh chup.csv", PNG, "unreadable", "tệp hình ảnh"),
    ("cang-long/cong van.docx", _docx() + b"\0", "skipped", "tài liệu Word (.docx)"),
    ("cang-long/cong van.pdf", PDF + b"1", "skipped", "tệp PDF"),
]


@pytest.fixture(scope="module")
def outbox(tmp_path_factory):
    root = tmp_path_factory.mktemp("disguised")
    inbox, outbox = root / "inbox", root / "outbox"
    for name, content, _, _ in CASES:
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(content)
    run_consolidation(settle(inbox), outbox, None, DEADLINE, date(2022, 8, 16))
    return outbox


@pytest.mark.parametrize(("name", "status", "what"), [(n, s, w) for n, _, s, w in CASES])
def test_a_spreadsheet_name_over_another_content_is_a_failed_submission(outbox, name, status, what):
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    assert {file["path"]: file["status"] for file in summary["files"]}[name] == status
    (issue,) = [issue for issue in summary["issues"] if issue["file"] == name]
    if status == "unreadable":
        assert (issue["code"], issue["severity"]) == ("file_not_spreadsheet", "error")
        assert issue["message"].startswith(f"Tệp là {what}, không phải bảng tính")
    else:
        assert (issue["code"], issue["severity"]) == ("file_skipped", "info")
        assert what in issue["message"]


def test_the_district_is_told_to_send_its_list_again(outbox):
    feedback = outbox / "phan-hoi" / "huyen-cang-long.xlsx"
    book = openpyxl.load_workbook(feedback)
    texts = [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert sum("không phải bảng tính, dù tên tệp có đuôi của bảng tính" in text for text in texts) == 3
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["errors"] == 3


def test_the_same_bytes_named_as_a_document_and_as_a_spreadsheet_get_each_their_verdict(tmp_path):
    """Found by the blind QA corpus: a .docx and the same bytes named .xlsx were one file and its
    duplicate, so the district was never told that its "list" was a Word document."""
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    (inbox / "cang-long").mkdir(parents=True)
    for name in ("a-quyet-dinh.docx", "z-danh-sach.xlsx", "z-danh-sach (2).xlsx"):
        (inbox / "cang-long" / name).write_bytes(_docx())
    run_consolidation(settle(inbox), outbox, None, DEADLINE, date(2022, 8, 16))
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    assert {file["path"]: file["status"] for file in summary["files"]} == {
        "cang-long/a-quyet-dinh.docx": "skipped",
        "cang-long/z-danh-sach.xlsx": "unreadable",
        "cang-long/z-danh-sach (2).xlsx": "duplicate",  # the same list sent twice is still one
    }
