"""Fix-it copies: a district's own file handed back with every problem marked on its cell.

`phan-hoi/[<province>/]<district>/<their file name> - can sua.xlsx`: their sheets as they sent them,
every cell with a problem filled in the severity's colour with a Vietnamese comment (what is wrong,
what to do), and a first sheet listing the problems with a link to each cell. A problem of a whole team
or commune is marked on the cell of its first row; a problem of the whole file is listed only.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import pandas as pd
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from ..codes import CODES
from ..model import Issue, Severity
from ..totals import is_to_fix
from . import labels
from .atomic import atomic_path
from .workbook_layout import CHARS_PER_WIDTH, LINE_HEIGHT, text_lines

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ..model import RunResult, SourceFile

FIXIT_SUFFIX = " - can sua.xlsx"
_STEM_SUFFIX = FIXIT_SUFFIX.removesuffix(".xlsx")
_NOTE_TITLE = "Các ô cần sửa trong tệp"
_THEIR_NOTE = "Ghi chú có sẵn của huyện: "
NOTE_SHEET = "Cần sửa"
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C"}
AUTHOR = "Sở Thông tin và Truyền thông"
_KEYWORDS = re.compile(r"<cp:keywords>([^<]*)</cp:keywords>")
_FONT = Font(name="Times New Roman", size=12)  # the font of the province's own workbooks
NOTE_HEADER_ROW = 4
NOTE_HEADER_FILL = "DDEBF7"
LINK_COLOUR = "0563C1"
HOW_TO_READ = "Ô tô đỏ: lỗi phải sửa; ô tô vàng: cảnh báo cần xem lại. Bấm vào ô ở cột «Ô» để đến ô đó."
# The field whose cell carries a problem of a whole team or commune, on the team's first row.
_FIELDS = ("commune", "team", "hamlet", "name", "role", "phone")  # the Mẫu 2 fields a row has a letter for
_ROW_FIELDS = ("team", "commune", "hamlet", "name")
NOTE_COLUMNS = (
    ("Mức độ", 11),
    ("Trang", 16),
    ("Ô", 8),
    ("Giá trị gốc", 24),
    ("Nội dung", 50),
    ("Cách sửa", 50),
)
_PER_LINE = [(col, int(width * CHARS_PER_WIDTH)) for col, (_, width) in enumerate(NOTE_COLUMNS)]


@dataclass(frozen=True)
class Mark:
    """One problem of a file, and the cell it is marked on ("" when it is the whole file's)."""

    issue: Issue
    sheet: str  # the sheet's title in the copy ("" for the whole file)
    cell: str


def fixit_name(path: str) -> str:
    """Returns the name of the fix-it copy of a file: "ds xa An Hiep - can sua.xlsx" (also for a copy
    sent back, corrected: "ds xa An Hiep - can sua.xlsx" again)."""
    stem = PurePosixPath(path).stem
    if stem.lower().endswith(_STEM_SUFFIX):
        stem = stem[: -len(_STEM_SUFFIX)]
    return stem + FIXIT_SUFFIX


@dataclass(frozen=True)
class FixitTask:
    """One fix-it copy to make: the file, its problems, the column letters of their rows, where the copy
    goes (relative to phan-hoi/) and what it is made of (to reuse last night's copy when nothing changed)."""

    district: str
    file: SourceFile
    issues: tuple[Issue, ...]
    letters: dict[tuple[str, int], dict[str, str]]
    target: str
    key: str = ""


def fixit_tasks(result: RunResult, feedback_paths: dict[str, str]) -> list[FixitTask]:
    """Returns a task for each file of a district with feedback that has a problem on one of its sheets,
    in the order of the files; the copies of one district's files get distinct names."""
    issues = _issues_by_file(result.issues)
    located = {path: found for path, found in issues.items() if any(issue.sheet for issue in found)}
    letters = _row_letters(result.rows, located)
    tasks = []
    taken: dict[str, set[str]] = {}
    for file in sorted(result.files, key=lambda file: file.path):
        district = result.file_districts.get(file.path, "")
        if file.path not in located or district not in feedback_paths:
            continue  # nothing to mark in the file's cells: the feedback workbook says it all
        folder = feedback_paths[district].removesuffix(".xlsx")
        name = _unique(fixit_name(file.path), taken.setdefault(folder, set()))
        own = letters.get(file.path, {})
        target = f"{folder}/{name}" if folder else name  # no folder: beside the others (a check's copies)
        tasks.append(FixitTask(district, file, tuple(located[file.path]), own, target))
    return tasks


def write_fixit_copy(task: FixitTask, book: Workbook, titles: dict[str, str], path: Path) -> None:
    """Marks the problems of a task on the district's workbook (opened again), adds the note sheet and
    saves it to `path`, its key in the workbook's keywords."""
    _without_old_marks(book)
    marks = marks_of(
        book.sheetnames, lambda title, cell: _anchor(book, title, cell), titles, task.issues, task.letters
    )
    _mark(book, marks)
    _add_note_sheet(book, task.file.path, marks)
    book.properties.keywords = task.key
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temporary:
        book.save(temporary)


def copy_key(path: Path) -> str | None:
    """Returns the key a fix-it copy was written with (None when there is no readable copy there)."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = _KEYWORDS.search(core)
    return html.unescape(found.group(1)) if found else None


def _issues_by_file(issues: Iterable[Issue]) -> dict[str, list[Issue]]:
    by_file: dict[str, list[Issue]] = {}
    for issue in issues:
        if issue.file and is_to_fix(issue):
            by_file.setdefault(issue.file, []).append(issue)
    return by_file


def _unique(name: str, taken: set[str]) -> str:
    """Returns the name, or "<stem> (2) - can sua.xlsx" when another file of the district has it."""
    stem, counter, candidate = name.removesuffix(FIXIT_SUFFIX), 1, name
    while candidate.lower() in taken:
        counter += 1
        candidate = f"{stem} ({counter}){FIXIT_SUFFIX}"
    taken.add(candidate.lower())
    return candidate


def _row_letters(
    rows: pd.DataFrame, located: dict[str, list[Issue]]
) -> dict[str, dict[tuple, dict[str, str]]]:
    """Returns, per file and (sheet, row) of a located problem, the column letter of each Mẫu 2 field."""
    wanted = {
        (issue.file, issue.sheet, issue.row) for found in located.values() for issue in found if issue.row
    }
    fields = [field for field in _FIELDS if f"{field}_letter" in rows]
    keys = ["source_file", "source_sheet", "source_row"]
    if not wanted or rows.empty:
        return {}
    index = pd.MultiIndex.from_frame(rows[keys].astype({"source_row": int}))
    own = rows[index.isin(list(wanted))]
    letters: dict[str, dict[tuple, dict[str, str]]] = {}
    for file, sheet, row, *found in own[[*keys, *(f"{field}_letter" for field in fields)]].itertuples(
        index=False
    ):
        pairs = zip(fields, found, strict=True)
        letters.setdefault(file, {})[(sheet, int(row))] = {
            field: value for field, value in pairs if isinstance(value, str) and value
        }
    return letters


def marks_of(
    sheetnames: list[str],
    anchor: Callable[[str, str], str],
    titles: dict[str, str],
    issues: Iterable[Issue],
    letters: dict[tuple[str, int], dict[str, str]],
) -> list[Mark]:
    """Returns where each problem goes: its own cell, else its row's cell of the field it is about (the
    team's first row for a team), else the first cell of its row; the whole file's problems go nowhere.
    `anchor(title, cell)` gives the cell that holds a merged cell's value (the range's first)."""
    marks = []
    for issue in sorted(issues, key=lambda issue: (issue.sheet, issue.row or 0, issue.column)):
        title = titles.get(issue.sheet, "")
        if not title or title not in sheetnames or not issue.row:
            marks.append(Mark(issue, "", ""))
            continue
        row_letters = letters.get((issue.sheet, issue.row), {})
        letter = issue.column_letter or row_letters.get(issue.column, "")
        if not letter:
            letter = next((row_letters[field] for field in _ROW_FIELDS if field in row_letters), "A")
        marks.append(Mark(issue, title, anchor(title, f"{letter}{issue.row}")))
    return marks


def cell_marks(marks: list[Mark]) -> dict[tuple[str, str], tuple[Severity, str]]:
    """Returns each marked cell's worst severity and comment text, by (sheet title, cell)."""
    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for mark in marks:
        if mark.cell:
            by_cell.setdefault((mark.sheet, mark.cell), []).append(mark.issue)
    return {
        place: (
            Severity.ERROR if any(issue.severity is Severity.ERROR for issue in issues) else Severity.WARNING,
            "\n\n".join(_comment_text(issue) for issue in issues),
        )
        for place, issues in by_cell.items()
    }


def comment_size(text: str) -> tuple[int, int]:
    """Returns the width and height (points) of a comment box that shows the text."""
    return 320, max(90, 18 * (text.count("\n") + 3))


@dataclass(frozen=True)
class NoteRow:
    """One row of the note sheet: its six values, the problem's severity and the cell it links to."""

    values: tuple[str, ...]
    severity: Severity
    sheet: str
    cell: str

    @property
    def height(self) -> float | None:
        """The row's height when its wrapped text needs more than a line (no reader fits it on opening)."""
        lines = text_lines(self.values, _PER_LINE)
        return lines * LINE_HEIGHT + 2 if lines > 1 else None

    @property
    def location(self) -> str:
        """The link's target inside the workbook: 'Sheet'!B5."""
        return f"{_quoted(self.sheet)}!{self.cell}"


def note_title(path: str) -> str:
    return f"{_NOTE_TITLE} {path}"


def note_rows(marks: list[Mark]) -> list[NoteRow]:
    """Returns the note sheet's rows: every problem, errors first, each with its cell."""
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    rows = []
    for mark in sorted(marks, key=lambda mark: order.get(mark.issue.severity, 2)):
        issue = mark.issue
        values = (
            labels.SEVERITY.get(str(issue.severity), str(issue.severity)),
            mark.sheet or "(cả tệp)",
            mark.cell,
            issue.value,
            issue.message,
            CODES[issue.code].action,
        )
        texts = tuple("" if value is None else str(value) for value in values)
        rows.append(NoteRow(texts, issue.severity, mark.sheet, mark.cell))
    return rows


def note_sheet_title(sheetnames: Iterable[str]) -> str:
    """Returns the note sheet's title: "Cần sửa", or "Cần sửa (2)" when the workbook has one."""
    taken = set(sheetnames)
    title, counter = NOTE_SHEET, 1
    while title in taken:
        counter += 1
        title = f"{NOTE_SHEET} ({counter})"
    return title


def _anchor(book: Workbook, title: str, cell: str) -> str:
    """Returns the cell itself, or the first cell of the merged range it lies in (which holds the value)."""
    sheet = book[title]
    if not isinstance(sheet[cell], MergedCell):
        return cell
    for merged in sheet.merged_cells.ranges:
        if cell in merged:
            return merged.start_cell.coordinate
    return cell


def _mark(book: Workbook, marks: list[Mark]) -> None:
    """Fills each marked cell in its worst severity's colour and comments it with every problem on it."""
    for (title, coordinate), (worst, text) in cell_marks(marks).items():
        cell = book[title][coordinate]
        cell.fill = PatternFill(fill_type="solid", start_color=FILLS[worst], end_color=FILLS[worst])
        if cell.comment is not None:  # the district's own note stays, after ours
            text += f"\n\n{_THEIR_NOTE}{cell.comment.text}"
        width, height = comment_size(text)
        cell.comment = Comment(text, AUTHOR, width=width, height=height)


def _without_old_marks(book: Workbook) -> None:
    """Takes out of a workbook what an earlier fix-it copy added (a district may send the copy back,
    corrected): its note sheet, and on each cell it marked the fill and the comment (the district's own
    note, which the comment carried, is put back). Drops the links that lead out of the workbook too (a
    web address, a file on a disk): the copy is sent on, and a link to elsewhere is nothing it needs."""
    for sheet in list(book.worksheets):
        if sheet.title.startswith(NOTE_SHEET) and str(sheet["A1"].value or "").startswith(_NOTE_TITLE):
            book.remove(sheet)
    ours = {f"00{fill}" for fill in FILLS.values()}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell, MergedCell):
                    continue
                if cell.hyperlink is not None and cell.hyperlink.target:
                    cell.hyperlink = None
                comment = cell.comment
                if comment is None or comment.author != AUTHOR:
                    continue
                cell.comment = None
                if cell.fill.fgColor.rgb in ours:
                    cell.fill = PatternFill(fill_type=None)
                _, separator, theirs = comment.text.partition(_THEIR_NOTE)
                if separator:
                    cell.comment = Comment(theirs, "")


def _comment_text(issue: Issue) -> str:
    severity = labels.SEVERITY.get(str(issue.severity), str(issue.severity))
    return f"{severity}: {issue.message}\nCách sửa: {CODES[issue.code].action}"


def _add_note_sheet(book: Workbook, path: str, marks: list[Mark]) -> None:
    """Adds the first sheet: the problems of the file, each with a link to its cell."""
    sheet = book.create_sheet(note_sheet_title(book.sheetnames), 0)
    book.active = 0
    for workbook_sheet in book.worksheets[1:]:
        workbook_sheet.sheet_view.tabSelected = False
    _text(sheet, 1, 1, note_title(path)).font = Font(name=_FONT.name, size=14, bold=True)
    _text(sheet, 2, 1, HOW_TO_READ).font = _FONT
    for column, (heading, width) in enumerate(NOTE_COLUMNS, start=1):
        cell = _text(sheet, NOTE_HEADER_ROW, column, heading)
        cell.font = Font(name=_FONT.name, size=_FONT.size, bold=True)
        cell.fill = PatternFill(fill_type="solid", start_color=NOTE_HEADER_FILL, end_color=NOTE_HEADER_FILL)
        sheet.column_dimensions[get_column_letter(column)].width = width
    wrapped = Alignment(wrap_text=True, vertical="top")
    for row, note in enumerate(note_rows(marks), start=NOTE_HEADER_ROW + 1):
        for column, value in enumerate(note.values, start=1):
            cell = _text(sheet, row, column, value)
            cell.alignment, cell.font = wrapped, _FONT
        if note.height:
            sheet.row_dimensions[row].height = note.height
        if note.cell:
            link = sheet.cell(row, 3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=note.location)
            link.font = Font(name=_FONT.name, color=LINK_COLOUR, underline="single")
        fill = FILLS.get(note.severity)
        if fill:
            sheet.cell(row, 1).fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
    sheet.freeze_panes = sheet.cell(NOTE_HEADER_ROW + 1, 1)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{NOTE_HEADER_ROW}:{NOTE_HEADER_ROW}"
    sheet.oddFooter.left.text, sheet.oddFooter.right.text = "&A", "Trang &P/&N"


def _text(sheet: Worksheet, row: int, column: int, value: object):
    """Writes a value as text (never a formula, whatever it starts with) and returns its cell."""
    cell = sheet.cell(row, column)
    if value is None or value == "":
        return cell
    cell.value = str(value)
    cell.data_type = "s"
    return cell


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"
