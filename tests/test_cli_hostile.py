"""Hostile inboxes driven through the command line: names that are not UTF-8, an outbox inside the inbox,
names that try to forge log lines. Every run must end with its outputs written and read back sane."""

from __future__ import annotations

import csv
import json
import os
import re

import openpyxl
import xlsxwriter
from click.testing import CliRunner
from fixtures_mau2 import settle, standard_rows, write_xlsx

from pipeline.cli import cli

WINDOWS_1258_NAME = b"Danh s\xe1ch x\xe3.xlsx"  # "Danh sách xã.xlsx" as a Windows-1258 machine names it
SHOWN_NAME = "Danh s\ufffdch x\ufffd.xlsx"


def _consolidate(inbox, outbox):
    arguments = [
        "consolidate",
        "--inbox",
        str(settle(inbox)),
        "--outbox",
        str(outbox),
        "--as-of",
        "2022-08-20",
    ]
    return CliRunner().invoke(cli, arguments)


def _write_bytes_named(folder, name: bytes, data: bytes) -> None:
    with open(os.path.join(os.fsencode(str(folder)), name), "wb") as stream:
        stream.write(data)


def _workbook_texts(path) -> set[str]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    texts = {str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row}
    return texts | set(workbook.sheetnames)


def test_a_name_that_is_not_utf8_is_read_and_shown_with_replacement_characters(tmp_path):
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    inbox.mkdir()
    plain = write_xlsx(tmp_path / "plain.xlsx", {"S": standard_rows()})
    _write_bytes_named(inbox, WINDOWS_1258_NAME, plain.read_bytes())
    _write_bytes_named(inbox, b"b\xe1.csv", b"TT,Ho ten\n")  # a CSV's sheet is named after its file
    result = _consolidate(inbox, outbox)
    assert result.exit_code == 0, result.output
    assert "Dòng đọc được: 5 — nhận 5" in result.output
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    assert [(file["path"], file["status"], file["rows_read"]) for file in summary["files"]] == [
        (SHOWN_NAME, "processed", 5),
        ("b\ufffd.csv", "no_table", 0),
    ]
    assert SHOWN_NAME in _workbook_texts(outbox / "tong-hop.xlsx")
    assert "b\ufffd" in _workbook_texts(outbox / "tong-hop.xlsx")
    with open(outbox / "danh-sach.csv", encoding="utf-8-sig", newline="") as stream:
        assert {row["source_file"] for row in csv.DictReader(stream)} == {SHOWN_NAME}
    feedback = set().union(*(_workbook_texts(path) for path in (outbox / "phan-hoi").glob("*.xlsx")))
    assert SHOWN_NAME in feedback
    assert f"file {SHOWN_NAME}: processed" in (outbox / "tong-hop.log").read_text(encoding="utf-8")


def test_two_names_shown_alike_are_both_read_under_distinct_names(tmp_path):
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    inbox.mkdir()
    long_duc = write_xlsx(tmp_path / "long-duc.xlsx", {"S": standard_rows()})
    dai_phuoc = write_xlsx(tmp_path / "dai-phuoc.xlsx", {"S": standard_rows("Xã Đại Phước")})
    _write_bytes_named(inbox, b"x\xe3.xlsx", long_duc.read_bytes())
    _write_bytes_named(inbox, b"x\xe2.xlsx", dai_phuoc.read_bytes())  # also shown as "x\ufffd.xlsx"
    result = _consolidate(inbox, outbox)
    assert result.exit_code == 0, result.output
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    assert [(file["path"], file["rows_read"]) for file in summary["files"]] == [
        ("x\ufffd (2).xlsx", 5),  # b"x\xe3" comes after b"x\xe2"
        ("x\ufffd.xlsx", 5),
    ]
    assert summary["totals"]["rows_accepted"] == 10


def test_an_outbox_inside_the_inbox_is_never_read_back(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    write_xlsx(inbox / "Huyen Cang Long" / "ds.xlsx", {"S": standard_rows()})
    (inbox / "loop").symlink_to(inbox / "loop")  # a loop of links does not stop the walk
    first = _consolidate(inbox, inbox / "ket-qua")
    assert first.exit_code == 0, first.output
    first_totals = json.loads((inbox / "ket-qua" / "summary.json").read_text(encoding="utf-8"))["totals"]
    assert (inbox / "ket-qua" / ".state").is_dir()  # the nightly state of the outbox: never read
    write_xlsx(inbox / "ket-qua" / "state" / "copy.xlsx", {"S": standard_rows("Xã Đại Phước")})
    (inbox / "tong-hop.xlsx").symlink_to(inbox / "ket-qua" / "tong-hop.xlsx")  # a link into it: not read
    monkeypatch.chdir(tmp_path)  # the outbox named another way: compared by resolved paths
    second = _consolidate(inbox, "inbox/ket-qua")
    assert second.exit_code == 0, second.output
    outbox = inbox / "ket-qua"
    assert second.output.endswith(
        "Cảnh báo: thư mục kết quả nằm trong hộp thư đến (inbox/ket-qua); các tệp trong đó không được đọc.\n"
    )
    assert first.output.replace(str(outbox), "inbox/ket-qua") == second.output
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    assert [file["path"] for file in summary["files"]] == ["Huyen Cang Long/ds.xlsx", "loop"]
    assert summary["totals"] == first_totals
    assert summary["totals"]["files_processed"] == 1 and summary["totals"]["rows_read"] == 5
    assert "outbox inbox/ket-qua is inside the inbox" in (outbox / "tong-hop.log").read_text(encoding="utf-8")


def test_an_outbox_that_is_the_inbox_is_refused(tmp_path):
    (tmp_path / "inbox").mkdir()
    result = _consolidate(tmp_path / "inbox", tmp_path / "inbox")
    assert result.exit_code == 2
    assert result.output == (
        f"Lỗi cấu hình: Thư mục kết quả {tmp_path / 'inbox'} trùng với hộp thư đến {tmp_path / 'inbox'}. "
        "Hãy chọn một thư mục kết quả khác bằng --outbox.\n"
    )


RECORD_START = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d[,+\d:]* (INFO|WARNING|ERROR) pipeline[.\w]*: ")


def _records(log_text: str) -> list[str]:
    """Returns the log's lines, checking that each is one whole record with no raw control character."""
    lines = log_text.splitlines()
    assert log_text.endswith("\n") and len(lines) == log_text.count("\n")  # no other line break splits one
    for line in lines:
        assert RECORD_START.match(line), line
        assert not [character for character in line if ord(character) < 0x20 or 0x7F <= ord(character) < 0xA0]
    return lines


def test_a_name_cannot_forge_a_log_record(tmp_path):
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    write_xlsx(inbox / "a\nINFO pipeline: fake record\x1b[31m.xlsx", {"S": standard_rows()})
    result = _consolidate(inbox, outbox)
    assert result.exit_code == 0, result.output
    lines = _records((outbox / "tong-hop.log").read_text(encoding="utf-8"))
    messages = [RECORD_START.sub("", line) for line in lines]
    # The name is shown with its control characters replaced (rules.shown_name), in the log as everywhere.
    assert "file a\ufffdINFO pipeline: fake record\ufffd[31m.xlsx: processed" in "\n".join(messages)
    assert not [message for message in messages if message.startswith("fake record")]
    listed = (outbox / "danh-sach.csv").read_text(encoding="utf-8-sig")
    assert "\x1b" not in listed and "a\ufffdINFO pipeline: fake record\ufffd[31m.xlsx" in listed


def test_a_refused_run_logs_its_reason_on_one_line(tmp_path):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    result = _consolidate(tmp_path / "no\ninbox\u2028here", outbox)
    assert result.exit_code == 2
    (line,) = _records((outbox / "tong-hop.log").read_text(encoding="utf-8"))
    assert "run refused (ConfigurationError): " in line and "no\\ninbox\\u2028here" in line


def test_text_typed_like_a_formula_stays_text_even_when_an_officer_edits_the_cell(tmp_path):
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    path = inbox / "Huyen Cang Long" / "cong-thuc.xlsx"
    path.parent.mkdir(parents=True)
    with xlsxwriter.Workbook(
        path, {"strings_to_formulas": False}
    ) as workbook:  # typed as text, as a clerk can
        sheet = workbook.add_worksheet("S")
        rows = standard_rows()
        rows.insert(9, [None, None, None, '=HYPERLINK("http://x","y")', "Tổ viên", "0912000999"])  # row 10
        for row, values in enumerate(rows):
            for col, value in enumerate(values):
                if value is not None:
                    sheet.write(row, col, value)
    assert _consolidate(inbox, outbox).exit_code == 0
    # Xã Long Đức is the city's: the feedback goes to Thành phố Trà Vinh (file_misfiled)
    for path in (outbox / "tong-hop.xlsx", outbox / "phan-hoi" / "thanh-pho-tra-vinh.xlsx"):
        sheet = openpyxl.load_workbook(path)["Lỗi cần sửa"]
        cells = [
            cell for row in sheet.iter_rows() for cell in row if cell.value == '=HYPERLINK("http://x","y")'
        ]
        assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells), path.name
