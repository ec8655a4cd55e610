"""A Mẫu 2 workbook pre-filled for one district, with the choice lists that stop errors at entry.

`Mẫu 2` holds the template's title and header as the province's letter shows them (plus the Ấp/Khóm
column districts add), then one block of rows per hamlet of the district: TT, commune, team name and
hamlet written on its first row, a row for the Tổ trưởng, one for the Tổ phó and three for Tổ viên.
Chức vụ, the commune and the hamlet are chosen from lists; the hamlet's list is the chosen commune's
(each commune's hamlets are a named range on the hidden sheet `DanhMuc`, found with INDIRECT and VLOOKUP,
which Excel and LibreOffice both evaluate). The phone column is text and checked for 10 digits.
A block left empty is read as nothing; what is typed is read as any Mẫu 2 list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from schemas import mau2

from ..places import Registry
from .atomic import atomic_path
from .workbook_layout import Column, Formats, header_height, new_workbook, set_print, set_widths

SHEET = "Mẫu 2"
SHEET_HELP = "Hướng dẫn"
SHEET_LISTS = "DanhMuc"  # hidden: the lists the dropdowns read
ROLES = ("Tổ trưởng", "Tổ phó", "Tổ viên")
BLOCK_ROLES = ("Tổ trưởng", "Tổ phó", "Tổ viên", "Tổ viên", "Tổ viên")  # the rows of one hamlet's block
ROLE_HINTS = {
    "Tổ trưởng": "Tổ trưởng: Trưởng ấp/khóm.",
    "Tổ phó": "Tổ phó: Bí thư Chi đoàn ấp/khóm.",
    "Tổ viên": "Tổ viên: công an viên, đoàn viên, người có kỹ năng số ... (thêm dòng nếu cần).",
}
COLUMNS = (
    Column(mau2.NUMBER_TITLE, 6, "number"),
    Column(mau2.COLUMN_TITLES["commune"], 22, "wrap"),
    Column(mau2.COLUMN_TITLES["team"], 34, "wrap"),
    Column(mau2.COLUMN_TITLES["name"], 26),
    Column(mau2.COLUMN_TITLES["role"], 13),
    Column(mau2.COLUMN_TITLES["phone"], 18),
    Column(mau2.COLUMN_TITLES["hamlet"], 18),
)
HEADER_ROW = 3  # under the title, "xã/phường/thị trấn" and the district
_COMMUNE, _TEAM, _NAME, _ROLE, _PHONE, _HAMLET = 1, 2, 3, 4, 5, 6
_HELP = [
    "Cách điền Mẫu 2 (danh sách Tổ công nghệ số cộng đồng)",
    "1. Mỗi ấp/khóm của huyện đã có sẵn một khối dòng: số thứ tự, tên xã, tên tổ và tên ấp/khóm ở dòng đầu.",
    "2. Điền họ tên, chức vụ và số điện thoại di động (đã đăng ký Zalo) của từng thành viên, mỗi người"
    " một dòng: dòng đầu là Tổ trưởng (Trưởng ấp/khóm), dòng thứ hai là Tổ phó (Bí thư Chi đoàn), sau đó"
    " là các Tổ viên.",
    "3. Chức vụ, tên xã và tên ấp/khóm chọn trong danh sách (bấm vào ô rồi bấm mũi tên); danh sách ấp/khóm"
    " là các ấp/khóm của xã đã chọn ở cùng dòng.",
    "4. Số điện thoại ghi đủ 10 số, ví dụ 0912 345 678; ô đã định dạng chữ nên không mất số 0 ở đầu.",
    "5. Cần thêm tổ viên: chèn thêm dòng ngay dưới khối của tổ (để trống ô TT, tên xã, tên tổ).",
    "6. Ấp/khóm chưa lập tổ: để nguyên khối đó, không cần xóa.",
    "7. Trước khi gửi, có thể tự kiểm tra: python -m pipeline check <tệp này> (in ra các ô cần sửa).",
]


@dataclass(frozen=True)
class TemplateBlock:
    """One hamlet's block: its number, commune, hamlet and the team name written for it."""

    number: int
    commune: str
    hamlet: str
    team: str
    first_row: int  # the sheet row (from 0) of its first line


def team_name(hamlet: str) -> str:
    """Returns the team name of a hamlet as Mẫu 2 writes it: "Tổ công nghệ số cộng đồng ấp Hạ"."""
    unit, _, rest = hamlet.partition(" ")
    if unit.lower() in ("ấp", "khóm", "thôn", "bản", "tổ") and rest:
        return f"Tổ công nghệ số cộng đồng {unit.lower()} {rest}"
    return f"Tổ công nghệ số cộng đồng {hamlet}"


def template_blocks(
    registry: Registry, district: str | None, communes: tuple[str, ...]
) -> list[TemplateBlock]:
    """Returns the blocks of the template, one per hamlet of the communes, in registry order."""
    blocks: list[TemplateBlock] = []
    row = HEADER_ROW + 1
    for commune in communes:
        for hamlet in registry.hamlets_of(district, commune):
            if not hamlet:
                continue
            blocks.append(TemplateBlock(len(blocks) + 1, commune, hamlet, team_name(hamlet), row))
            row += len(BLOCK_ROLES)
    return blocks


def write_template(
    registry: Registry, district: str | None, communes: tuple[str, ...], path: Path, day: date, title: str
) -> list[TemplateBlock]:
    """Writes the district's Mẫu 2 workbook to `path`; returns its blocks. `title` names the district
    (or the commune without districts) under the template's title."""
    blocks = template_blocks(registry, district, communes)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(Path(path)) as temporary:
        workbook, formats = new_workbook(temporary, mau2.TITLE.capitalize(), day)
        sheet = workbook.add_worksheet(SHEET)
        help_sheet = workbook.add_worksheet(SHEET_HELP)
        lists = workbook.add_worksheet(SHEET_LISTS)
        lookup = _write_lists(workbook, lists, registry, district, communes)
        _write_form(sheet, formats, blocks, title, lookup)
        _write_help(help_sheet, formats)
        lists.hide()
        sheet.activate()
        workbook.close()
    return blocks


def _write_lists(workbook, lists, registry: Registry, district: str | None, communes: tuple[str, ...]) -> str:
    """Writes the roles, the communes with the name of their hamlets' range, and each commune's hamlets in
    a column of its own; defines the names the dropdowns use. Returns the commune-to-range lookup."""
    lists.write_string(0, 0, "Xã/phường/thị trấn")
    lists.write_string(0, 1, "Tên vùng ấp/khóm")
    lists.write_string(0, 2, "Chức vụ")
    for row, role in enumerate(ROLES, start=1):
        lists.write_string(row, 2, role)
    workbook.define_name("ChucVu", f"={SHEET_LISTS}!$C$2:$C${len(ROLES) + 1}")
    for index, commune in enumerate(communes, start=1):
        name = f"Ap_{index}"
        lists.write_string(index, 0, commune)
        lists.write_string(index, 1, name)
        hamlets = [hamlet for hamlet in registry.hamlets_of(district, commune) if hamlet]
        column = 3 + index  # E onwards: one column of hamlets per commune
        lists.write_string(0, column, commune)
        for row, hamlet in enumerate(hamlets, start=1):
            lists.write_string(row, column, hamlet)
        letter = xl_col_to_name(column)
        workbook.define_name(name, f"={SHEET_LISTS}!${letter}$2:${letter}${max(len(hamlets), 1) + 1}")
    last = len(communes) + 1
    workbook.define_name("DanhSachXa", f"={SHEET_LISTS}!$A$2:$A${last}")
    return f"{SHEET_LISTS}!$A$2:$B${last}"


def _write_form(sheet, formats: Formats, blocks: list[TemplateBlock], title: str, lookup: str) -> None:
    last_col = len(COLUMNS) - 1
    set_widths(sheet, COLUMNS)
    sheet.merge_range(0, 0, 0, last_col, mau2.TITLE, formats.get("title"))
    sheet.merge_range(
        1, 0, 1, last_col, "xã/phường/thị trấn", formats.get("plain", align="center", italic=True)
    )
    sheet.merge_range(2, 0, 2, last_col, title, formats.get("label", align="center"))
    header = formats.get("header")
    for col, column in enumerate(COLUMNS):
        sheet.write_string(HEADER_ROW, col, column.header, header)
    sheet.set_row(HEADER_ROW, header_height(COLUMNS))
    text = formats.get("cell:text:None", border=1, valign="top", num_format="@")  # typed text stays text
    wrap = formats.cell("wrap")
    number = formats.cell("number")
    for block in blocks:
        for offset, role in enumerate(BLOCK_ROLES):
            row = block.first_row + offset
            first = offset == 0
            sheet.write_number(row, 0, block.number, number) if first else sheet.write_blank(
                row, 0, None, number
            )
            for col, value in ((_COMMUNE, block.commune), (_TEAM, block.team), (_HAMLET, block.hamlet)):
                if first:
                    sheet.write_string(row, col, value, wrap)
                else:
                    sheet.write_blank(row, col, None, wrap)
            for col in (_NAME, _ROLE, _PHONE):
                sheet.write_blank(row, col, None, text)
            sheet.data_validation(row, _ROLE, row, _ROLE, _role_rule(role))
        commune_cell = xl_rowcol_to_cell(block.first_row, _COMMUNE, row_abs=False, col_abs=True)
        sheet.data_validation(block.first_row, _COMMUNE, block.first_row, _COMMUNE, _commune_rule())
        sheet.data_validation(
            block.first_row, _HAMLET, block.first_row, _HAMLET, _hamlet_rule(commune_cell, lookup)
        )
    if blocks:
        last_row = blocks[-1].first_row + len(BLOCK_ROLES) - 1
        sheet.data_validation(HEADER_ROW + 1, _PHONE, last_row, _PHONE, _phone_rule(HEADER_ROW + 1))
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    set_print(sheet, HEADER_ROW, mau2.TITLE)


def _role_rule(role: str) -> dict:
    return {
        "validate": "list",
        "source": "=ChucVu",
        "input_title": "Chức vụ",
        "input_message": ROLE_HINTS[role][:255],
        "error_title": "Chức vụ",
        "error_message": "Chọn một trong: Tổ trưởng, Tổ phó, Tổ viên.",
    }


def _commune_rule() -> dict:
    return {
        "validate": "list",
        "source": "=DanhSachXa",
        "error_title": "Tên xã/phường/thị trấn",
        "error_message": "Chọn tên xã/phường/thị trấn trong danh sách của huyện.",
    }


def _hamlet_rule(commune_cell: str, lookup: str) -> dict:
    return {
        "validate": "list",
        "source": f"=INDIRECT(VLOOKUP({commune_cell},{lookup},2,FALSE))",
        "input_title": "Ấp/khóm",
        "input_message": "Chọn ấp/khóm của xã ghi ở cùng dòng.",
        "error_title": "Ấp/khóm",
        "error_message": "Chọn ấp/khóm trong danh sách của xã đã chọn.",
    }


def _phone_rule(first_row: int) -> dict:
    cell = xl_rowcol_to_cell(first_row, _PHONE, row_abs=False, col_abs=True)
    digits = f'SUBSTITUTE(SUBSTITUTE({cell}," ",""),".","")'
    return {
        "validate": "custom",
        "value": f'=OR({cell}="",AND(LEN({digits})=10,LEFT({digits},1)="0",ISNUMBER(--{digits})))',
        "input_title": "Điện thoại di động",
        "input_message": "Ghi đủ 10 số, ví dụ 0912 345 678 (số đã đăng ký Zalo).",
        "error_type": "warning",  # a number the rule does not know may still be kept
        "error_title": "Số điện thoại",
        "error_message": "Số điện thoại di động có 10 số và bắt đầu bằng 0, ví dụ 0912 345 678.",
    }


def _write_help(sheet, formats: Formats) -> None:
    sheet.set_column(0, 0, 110)
    sheet.write_string(0, 0, _HELP[0], formats.get("title", align="left"))
    for row, line in enumerate(_HELP[1:], start=2):
        sheet.write_string(row, 0, line, formats.get("plain"))
    set_print(sheet, None)
    sheet.set_portrait()
