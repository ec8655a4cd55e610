"""Hostile input: too big, too many rows, decompression bombs, XML entity bombs; the rest is still read."""

from __future__ import annotations

import codecs
import zipfile

import pytest
from fixtures_mau2 import standard_rows, write_csv, write_xlsx

from pipeline.ingest.inbox import ReadLimits, read_file, read_inbox
from pipeline.ingest.sheets import ReadProblem, workbook_sheets
from pipeline.model import FileStatus


def test_file_over_the_size_limit_is_refused_and_the_rest_read(tmp_path):
    write_xlsx(tmp_path / "a.xlsx", {"S": standard_rows()})
    (tmp_path / "big.csv").write_bytes(b"x" * 40 * 1024)
    result = read_inbox(tmp_path, limits=ReadLimits(max_file_bytes=20 * 1024))
    big = result.files[1]
    assert (big.path, big.status) == ("big.csv", FileStatus.UNREADABLE)
    assert big.message == "Tệp vượt giới hạn cho phép (40 KB, tối đa 20 KB), không được đọc."
    assert len(big.sha256) == 64
    assert len(result.rows) == 5


def test_sheet_with_too_many_rows_is_refused(tmp_path):
    rows = standard_rows() + [[None, None, None, f"Người {index}", "Tổ viên", None] for index in range(100)]
    path = write_xlsx(tmp_path / "nhieu-dong.xlsx", {"Danh sách": rows})
    source, frame, issues = read_file(path, tmp_path, ReadLimits(max_rows_per_sheet=50))
    assert source.status is FileStatus.UNREADABLE and frame.empty
    assert source.message == (
        "Tệp vượt giới hạn cho phép (trang tính “Danh sách” có 115 dòng, tối đa 50 dòng), không được đọc."
    )
    assert [issue.code for issue in issues] == ["file_too_large"]


def test_csv_with_too_many_rows_is_refused(tmp_path):
    path = write_csv(tmp_path / "x.csv", [["a", "b"]] * 200)
    source, _, _ = read_file(path, tmp_path, ReadLimits(max_rows_per_sheet=100))
    assert source.status is FileStatus.UNREADABLE and "tối đa 100 dòng" in source.message


def _bomb(path, uncompressed_mb: int):
    xlsx = write_xlsx(path.with_suffix(".plain.xlsx"), {"S": standard_rows()})
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, source.read(member.filename))
        target.writestr("xl/media/padding.bin", b"\0" * (uncompressed_mb * 1024 * 1024))
    xlsx.unlink()
    return path


def test_decompression_bomb_over_the_uncompressed_limit_is_refused(tmp_path):
    _bomb(tmp_path / "bom.xlsx", 3)
    write_xlsx(tmp_path / "good.xlsx", {"S": standard_rows()})
    result = read_inbox(tmp_path, limits=ReadLimits(max_uncompressed_bytes=2 * 1024 * 1024))
    bomb = result.files[0]
    assert bomb.status is FileStatus.UNREADABLE
    assert bomb.message == "Tệp vượt giới hạn cho phép (giải nén ra 3,0 MB, tối đa 2,0 MB), không được đọc."
    assert len(result.rows) == 5


def test_decompression_bomb_by_compression_ratio_is_refused(tmp_path):
    path = _bomb(tmp_path / "ratio.xlsx", 40)
    source, _, _ = read_file(path, tmp_path)
    assert source.status is FileStatus.UNREADABLE
    assert "tỉ lệ nén bất thường (nghi là bom giải nén)" in source.message


def _with_entity_bomb(path):
    clean = write_xlsx(path.with_suffix(".plain.xlsx"), {"S": standard_rows()})
    declarations = (
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + level)} "{("&" + chr(97 + level) + ";") * 10}">' for level in range(9))
        + "]>"
    )
    with zipfile.ZipFile(clean) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                prolog_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
                text = text[:prolog_end] + declarations + text[prolog_end:].replace("Nguyễn Văn An", "&j;")
                data = text.encode()
            target.writestr(member, data)
    clean.unlink()
    return path


def test_xml_entity_bomb_is_refused_with_a_clear_message(tmp_path):
    _with_entity_bomb(tmp_path / "entity.xlsx")
    write_xlsx(tmp_path / "good.xlsx", {"S": standard_rows()})
    result = read_inbox(tmp_path)
    bomb = result.files[0]
    assert bomb.status is FileStatus.UNREADABLE
    assert bomb.message == (
        "Không đọc được tệp: tệp chứa khai báo thực thể XML (DOCTYPE/ENTITY) không an toàn, "
        "có thể là tệp độc hại."
    )
    assert result.files[1].status is FileStatus.PROCESSED and len(result.rows) == 5


def test_utf16_without_bom_csv_is_read(tmp_path):
    path = write_csv(tmp_path / "x.csv", standard_rows(phone_as_number=False), "utf-16-le")
    assert not path.read_bytes().startswith(codecs.BOM_UTF16_LE)
    source, rows, _ = read_file(path, tmp_path)
    assert source.file_format == "csv" and len(rows) == 5


def test_calamine_itself_refuses_undeclared_entities_behind_the_doctype_check(tmp_path):
    data = _with_entity_bomb(tmp_path / "entity.xlsx").read_bytes()
    with pytest.raises(ReadProblem) as refused:
        list(workbook_sheets(data, max_rows=1000))
    assert refused.value.code == "file_unreadable"


def _repeating_ods(path, rows_repeated: int, cell: str) -> object:
    """An ODS whose one row, repeated `rows_repeated` times, holds `cell` (a table:table-cell element)."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="DS">'
        f'<table:table-row table:number-rows-repeated="{rows_repeated}">{cell}</table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


def test_an_ods_repeating_a_filled_cell_billions_of_times_is_too_large_and_says_so(tmp_path):
    filled = (
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
    )
    source, _, issues = read_file(_repeating_ods(tmp_path / "lap.ods", 2_000_000_000, filled), tmp_path)
    assert source.status is FileStatus.UNREADABLE and [issue.code for issue in issues] == ["file_too_large"]
    assert "lặp lại ô có dữ liệu hơn 20.000.000 lần" in source.message


def test_an_ods_ending_in_a_million_empty_rows_is_not_refused(tmp_path):
    empty = '<table:table-cell table:number-columns-repeated="1024"/>'
    _, _, issues = read_file(_repeating_ods(tmp_path / "trong.ods", 1_048_576, empty), tmp_path)
    assert "file_too_large" not in [issue.code for issue in issues]


def test_a_csv_of_one_endless_line_is_refused_and_says_why(tmp_path):
    path = tmp_path / "mot-dong.csv"
    path.write_text(
        "TT,Họ tên,Chức vụ,Điện thoại," + ",".join(["Nguyễn Văn An", "0912345678"] * 10_000), "utf-8"
    )
    source, _, issues = read_file(path, tmp_path)
    assert source.status is FileStatus.UNREADABLE and [issue.code for issue in issues] == ["file_too_large"]
    assert "dòng 1 của tệp CSV có 20.004 ô, một bảng tính có tối đa 16.384 cột" in source.message
