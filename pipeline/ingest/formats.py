"""What a file really is, from its bytes (never its extension), and whether it is safe to parse."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import msoffcrypto

from ..vietnamese import number_text, size_text

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_NOT_SPREADSHEETS = (  # (magic, what it is)
    (b"%PDF", "tệp PDF"),
    (b"\x89PNG", "tệp hình ảnh"),
    (b"\xff\xd8\xff", "tệp hình ảnh"),
    (b"GIF8", "tệp hình ảnh"),
    (b"II*\x00", "tệp hình ảnh"),
    (b"MM\x00*", "tệp hình ảnh"),
    (b"BM", "tệp hình ảnh"),
    (b"Rar!", "tệp nén RAR (cần giải nén rồi gửi từng bảng tính)"),
    (b"7z\xbc\xaf", "tệp nén 7z (cần giải nén rồi gửi từng bảng tính)"),
    (b"\x1f\x8b", "tệp nén gzip"),
    (b"{\\rtf", "văn bản RTF"),
)
_SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".xlsb"}
_TEXT_TABLE_SUFFIXES = {".csv", ".tsv", ".xls", ".xlsx", ".xlsm", ".ods", ".htm", ".html"}
_MAX_ZIP_MEMBERS = 10_000
_MAX_MEMBER_RATIO = 200  # a sheet's XML compresses 10-50x; a thousandfold is a bomb
_RATIO_CHECKED_FROM = 10 * 1024 * 1024
# An ODS may say "this cell, 16,384 times" and "this row, a billion times": readers expand it. Empty
# repeats are normal (LibreOffice ends every sheet so); filled cells beyond this are a file too large.
_MAX_FILLED_ODS_CELLS = 20_000_000
_ODS_TAG = re.compile(rb"<table:table-(row|cell)\b([^>]*)>|</table:table-row>")
_ODS_REPEAT = re.compile(rb'table:number-(?:rows|columns)-repeated="(\d+)"')


@dataclass(frozen=True)
class Verdict:
    """The detected format, or the issue code and Vietnamese detail of why the file is not parsed."""

    file_format: str = ""  # xlsx, xlsm, xlsb, xls, ods, csv, html
    # file_skipped, file_not_spreadsheet, file_encrypted, file_incomplete, file_unreadable, file_too_large
    problem: str = ""
    detail: str = ""


def named_as_spreadsheet(suffix: str) -> bool:
    """Returns whether a file name's suffix says spreadsheet (.xlsx, .xls, .ods, .csv ...)."""
    return suffix.lower() in _SPREADSHEET_SUFFIXES


def detect_format(data: bytes, suffix: str, max_uncompressed_bytes: int) -> Verdict:
    """Returns what the bytes hold and whether the reader may parse them.

    A file named as a spreadsheet (.xlsx, .xls, .ods, .csv ...) that holds a Word document, a PDF or an
    image is a list the district believes it sent: a failed submission, not a file to skip.
    """
    suffix = suffix.lower()
    verdict = _verdict(data, suffix, max_uncompressed_bytes)
    if verdict.problem == "file_skipped" and named_as_spreadsheet(suffix):
        return Verdict(problem="file_not_spreadsheet", detail=verdict.detail)
    return verdict


def _verdict(data: bytes, suffix: str, max_uncompressed_bytes: int) -> Verdict:
    if not data:
        return Verdict(problem="file_unreadable", detail="tệp rỗng (0 byte)")
    if data.startswith(_ZIP_MAGICS):
        return _zip_verdict(data, max_uncompressed_bytes)
    if data.startswith(_OLE_MAGIC):
        return _ole_verdict(data, suffix)
    for magic, what in _NOT_SPREADSHEETS:
        if data.startswith(magic):
            return Verdict(problem="file_skipped", detail=what)
    if _looks_like_text(data[:8192]):
        head = data[:4096].lower().replace(b"\x00", b"")
        if b"<table" in head or b"<html" in head or b"<!doctype html" in head:
            if suffix == ".txt":
                return Verdict(problem="file_skipped", detail="tệp văn bản (.txt)")
            return Verdict("html")
        if suffix in _TEXT_TABLE_SUFFIXES:
            return Verdict("csv")
        return Verdict(problem="file_skipped", detail=f"tệp văn bản ({suffix or 'không có phần mở rộng'})")
    if suffix in _SPREADSHEET_SUFFIXES:
        return Verdict(problem="file_unreadable", detail=f"nội dung không phải bảng tính {suffix} hợp lệ")
    return Verdict(problem="file_skipped", detail="nội dung không phải bảng tính")


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:  # UTF-16 without a BOM: one byte of each pair is mostly zero, the other never
        even, odd = head[0::2].count(0), head[1::2].count(0)
        half = max(len(head) // 2, 1)
        return max(even, odd) >= 0.4 * half and min(even, odd) <= 0.02 * half
    control = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return control * 100 <= len(head)


def _zip_verdict(data: bytes, max_uncompressed_bytes: int) -> Verdict:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        return Verdict(problem="file_incomplete")
    if len(members) > _MAX_ZIP_MEMBERS:
        return Verdict(problem="file_too_large", detail=f"tệp nén chứa {len(members)} thành phần")
    uncompressed = sum(member.file_size for member in members)
    if uncompressed > max_uncompressed_bytes:
        return Verdict(
            problem="file_too_large",
            detail=f"giải nén ra {size_text(uncompressed)}, tối đa {size_text(max_uncompressed_bytes)}",
        )
    for member in members:
        if member.file_size > _RATIO_CHECKED_FROM and member.file_size > _MAX_MEMBER_RATIO * max(
            member.compress_size, 1
        ):
            return Verdict(problem="file_too_large", detail="tỉ lệ nén bất thường (nghi là bom giải nén)")
    names = {member.filename for member in members}
    file_format = _zip_format(archive, names)
    if not file_format:
        return Verdict(problem="file_skipped", detail=_zip_document_kind(archive, names))
    verdict = _xml_safety(archive, members)
    if verdict is None and file_format == "ods" and "content.xml" in names:
        verdict = _ods_size(archive)
    return verdict or Verdict(file_format)


def _ods_size(archive: zipfile.ZipFile) -> Verdict | None:
    """Refuses an ODS whose repeated rows and cells spell out more filled cells than a list can have."""
    try:
        content = archive.read("content.xml")  # its size is bounded by the uncompressed limit above
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Verdict(problem="file_incomplete")
    filled, rows = 0, 1
    for match in _ODS_TAG.finditer(content):
        kind, attributes = match.groups()
        repeat = _ODS_REPEAT.search(attributes or b"")
        times = int(repeat.group(1)) if repeat else 1
        if kind == b"row":
            rows = times
        elif kind == b"cell" and b"office:value-type" in attributes:
            filled += rows * times
            if filled > _MAX_FILLED_ODS_CELLS:
                return Verdict(
                    problem="file_too_large",
                    detail=f"bảng tính ODS lặp lại ô có dữ liệu hơn {number_text(_MAX_FILLED_ODS_CELLS)} lần",
                )
        elif kind is None:
            rows = 1
    return None


def _zip_format(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if _mimetype(archive, names) == "application/vnd.oasis.opendocument.spreadsheet":
        return "ods"
    return ""


def _mimetype(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "mimetype" not in names:
        return ""
    try:
        return archive.read("mimetype")[:100].decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return ""


def _zip_document_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "word/document.xml" in names:
        return "tài liệu Word (.docx)"
    if "ppt/presentation.xml" in names:
        return "bản trình chiếu PowerPoint"
    if _mimetype(archive, names).startswith("application/vnd.oasis.opendocument"):
        return "tài liệu OpenDocument không phải bảng tính"
    return "tệp nén zip (cần giải nén rồi gửi từng bảng tính)"


def _xml_safety(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> Verdict | None:
    """Refuses XML with a DOCTYPE: workbooks never need one and it is how entity bombs are declared."""
    for member in members:
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(member) as stream:
                head = stream.read(4096)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return Verdict(problem="file_incomplete")
        if b"<!DOCTYPE" in head.upper().replace(b"\x00", b"") or b"<!ENTITY" in head.upper():
            return Verdict(
                problem="file_unreadable",
                detail="tệp chứa khai báo thực thể XML (DOCTYPE/ENTITY) không an toàn, có thể là tệp độc hại",
            )
    return None


def _ole_verdict(data: bytes, suffix: str) -> Verdict:
    try:
        office_file = msoffcrypto.OfficeFile(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - msoffcrypto raises several kinds on damaged containers
        if len(data) % 512:
            return Verdict(problem="file_incomplete")
        if "format" in type(error).__name__.lower():  # an OLE file of no Office kind msoffcrypto knows
            if suffix in _SPREADSHEET_SUFFIXES:  # maybe an Excel 5/95 workbook: let the reader try
                return Verdict("xls")
            return Verdict(problem="file_skipped", detail="tệp OLE không phải bảng tính (ví dụ Thumbs.db)")
        return Verdict(problem="file_unreadable", detail="cấu trúc tệp Excel 97-2003 bị hỏng")
    kind = type(office_file).__name__
    if kind.startswith("Doc"):
        return Verdict(problem="file_skipped", detail="tài liệu Word (.doc)")
    if kind.startswith("Ppt"):
        return Verdict(problem="file_skipped", detail="bản trình chiếu PowerPoint (.ppt)")
    try:
        encrypted = office_file.is_encrypted()
    except Exception:  # noqa: BLE001 - a damaged stream: let the spreadsheet reader say what is wrong
        encrypted = False
    if encrypted or kind.startswith("OOXML"):
        return Verdict(problem="file_encrypted")
    return Verdict("xls")
