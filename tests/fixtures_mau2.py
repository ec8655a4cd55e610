"""Builders that write Mẫu 2 files in every format the reader accepts, for tests (into tmp_path).

A sheet is given as a list of rows (row 1 first); None or "" is an empty cell. Merges are Excel ranges
("B7:B12") for xlsx, and are translated for xls; ODS and HTML write their own spans.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import range_boundaries

HEADER = [
    "TT",
    "Tên xã/phường/thị trấn",
    "Tên Tổ công nghệ số cộng đồng",
    "Họ tên",
    "Chức vụ",
    "Điện thoại di động (đã đăng ký Zalo)",
]
TEAM_A = "Tổ công nghệ số cộng đồng ấp Trà Kha A"
TEAM_B = "Tổ công nghệ số cộng đồng ấp Trà Kha B"


def standard_rows(commune: str = "Xã Long Đức", phone_as_number: bool = True) -> list[list]:
    """Returns a filled Mẫu 2 sheet: titles, header, column numbers, two teams, footer.

    Its data rows are Excel rows 7, 8, 9, 11 and 12 (see STANDARD_EXPECTED).
    """
    number = 912345679 if phone_as_number else "0912345679"
    return [
        ["UBND HUYỆN CÀNG LONG"],
        ["DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"],
        [f"{commune.lower()} huyện Càng Long"],
        [],
        HEADER,
        [1, 2, 3, 4, 5, 6],
        [1, commune, TEAM_A, "Nguyễn Văn An", "Tổ trưởng", "0912345678"],
        [None, None, None, "Trần Thị Bình", "Tổ phó", number],
        [None, None, None, "Lê Văn Cường", "Tổ viên", None],
        [],
        [2, None, TEAM_B, "Phạm Thị Dung", "Tổ trưởng", "0913 000 111"],
        [None, None, None, "Võ Văn Em", "Tổ viên", "0913000222"],
        [],
        [None, "Người lập biểu", None, None, "CHỦ TỊCH"],
        [None, "Nguyễn Văn Lập", None, None, "Trần Văn Chủ"],
    ]


def standard_expected(commune: str = "Xã Long Đức") -> list[tuple]:
    """Returns (source_row, commune, team, name, role) of the data rows of standard_rows()."""
    return [
        (7, commune, TEAM_A, "Nguyễn Văn An", "Tổ trưởng"),
        (8, commune, TEAM_A, "Trần Thị Bình", "Tổ phó"),
        (9, commune, TEAM_A, "Lê Văn Cường", "Tổ viên"),
        (11, commune, TEAM_B, "Phạm Thị Dung", "Tổ trưởng"),
        (12, commune, TEAM_B, "Võ Văn Em", "Tổ viên"),
    ]


def _blank(value: object) -> bool:
    return value is None or value == ""


def write_xlsx(
    path: Path,
    sheets: dict[str, list[list]],
    merges: dict[str, list[str]] | None = None,
    fonts: dict[str, dict[str, str]] | None = None,
    hidden: dict[str, str] | None = None,
) -> Path:
    """Writes an .xlsx with openpyxl; `fonts` maps sheet -> {cell: font name}, `hidden` sheet -> state
    ("hidden" or "veryHidden")."""
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        for row_index, row in enumerate(rows, start=1):
            for column_index, value in enumerate(row, start=1):
                if not _blank(value):
                    worksheet.cell(row_index, column_index, value)
        for cell_range in (merges or {}).get(name, []):
            worksheet.merge_cells(cell_range)
        for cell, font_name in (fonts or {}).get(name, {}).items():
            worksheet[cell].font = Font(name=font_name)
        worksheet.sheet_state = (hidden or {}).get(name, "visible")
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write_xlsm(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Writes a macro-enabled workbook: an xlsx with a (dummy) VBA project inside."""
    buffer = io.BytesIO()
    write_xlsx(path, sheets)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, source.read(member.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not a real VBA project")
    path.write_bytes(buffer.getvalue())
    return path


def write_xls(
    path: Path,
    sheets: dict[str, list[list]],
    merges: dict[str, list[str]] | None = None,
    hidden: tuple[str, ...] = (),
) -> Path:
    """Writes a binary .xls (BIFF8) with xlwt; merged ranges keep their value in the top-left cell."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        worksheet = workbook.add_sheet(name)
        worksheet.visibility = 1 if name in hidden else 0
        merged = []
        for cell_range in (merges or {}).get(name, []):
            first_column, first_row, last_column, last_row = range_boundaries(cell_range)
            merged.append((first_row - 1, last_row - 1, first_column - 1, last_column - 1))
        covered = {(r, c) for r1, r2, c1, c2 in merged for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r1, r2, c1, c2 in merged:
            worksheet.write_merge(r1, r2, c1, c2, rows[r1][c1] if c1 < len(rows[r1]) else "")
        for row_index, row in enumerate(rows):
            for column_index, value in enumerate(row):
                if not _blank(value) and (row_index, column_index) not in covered:
                    worksheet.write(row_index, column_index, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(str(path))
    return path


def write_ods(
    path: Path,
    sheets: dict[str, list[list]],
    row_spans: dict[str, list[str]] | None = None,
    hidden: tuple[str, ...] = (),
) -> Path:
    """Writes an .ods with odfpy; `row_spans` lists vertical merges ("B7:B9") written as spanned cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    hidden_style = Style(name="hidden_table", family="table")
    hidden_style.addElement(TableProperties(display=False))
    document.automaticstyles.addElement(hidden_style)
    for name, rows in sheets.items():
        spans, covered = {}, set()
        for cell_range in (row_spans or {}).get(name, []):
            column, first_row, _, last_row = range_boundaries(cell_range)
            spans[(first_row - 1, column - 1)] = last_row - first_row + 1
            covered |= {(row, column - 1) for row in range(first_row, last_row)}
        table = Table(name=name, stylename=hidden_style) if name in hidden else Table(name=name)
        for row_index, row in enumerate(rows):
            table_row = TableRow()
            for column_index, value in enumerate(row):
                if (row_index, column_index) in covered:
                    table_row.addElement(CoveredTableCell())
                    continue
                attributes = {}
                if (row_index, column_index) in spans:
                    attributes["numberrowsspanned"] = spans[(row_index, column_index)]
                if _blank(value):
                    table_row.addElement(TableCell(**attributes))
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value, **attributes)
                    cell.addElement(P(text=str(value)))
                    table_row.addElement(cell)
                else:
                    cell = TableCell(valuetype="string", **attributes)
                    cell.addElement(P(text=str(value)))
                    table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encode_text(text: str, encoding: str) -> bytes:
    """Encodes like Windows does; for Windows-1258 a toned letter is its base letter plus a combining tone."""
    if encoding != "cp1258":
        return text.encode(encoding)
    encoded = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            encoded += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(mark for mark in decomposed if mark in _TONE_MARKS)
            base = unicodedata.normalize(
                "NFC", "".join(mark for mark in decomposed if mark not in _TONE_MARKS)
            )
            encoded += (base + tones).encode("cp1258")
    return bytes(encoded)


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Writes a CSV in the given encoding ("utf-8-sig" for a BOM, "utf-16" for UTF-16 with BOM, "cp1258")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode_text(buffer.getvalue(), encoding))
    return path


def write_html(path: Path, title: str, rows: list[list], encoding: str = "utf-8") -> Path:
    """Writes an HTML table as web systems export ".xls" files; a cell may be (text, rowspan, colspan)."""
    lines = [f'<html><head><meta charset="{encoding}"></head><body>', f"<h3>{title}</h3>", "<table border=1>"]
    for row in rows:
        cells = []
        for cell in row:
            text, rowspan, colspan = cell if isinstance(cell, tuple) else (cell, 1, 1)
            spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
                f' colspan="{colspan}"' if colspan > 1 else ""
            )
            cells.append(f"<td{spans}>{'' if text is None else text}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table></body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode_text("\n".join(lines), encoding))
    return path


def write_encrypted_xlsx(path: Path, sheets: dict[str, list[list]], password: str = "matkhau") -> Path:
    """Writes a password-protected .xlsx (an OLE container holding the encrypted package)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(path.with_name(path.name + ".plain.xlsx"), sheets)
    with plain.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt(password, target)
    plain.unlink()
    return path


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    """Writes a zip archive with the given members (deflated)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def settle(folder: Path, seconds: float = 120) -> Path:
    """Moves the modification time of every file under `folder` `seconds` into the past, their order
    kept, and returns the folder: a run does not read a file modified within a minute of its start (it
    may still be being copied), and the files a test has just written are read at once."""
    for path in Path(folder).rglob("*"):
        if path.is_file() and not path.is_symlink():
            stat = path.stat()
            os.utime(path, (stat.st_atime - seconds, stat.st_mtime - seconds))
    return Path(folder)
