"""A fix-it copy of an .xlsx made by editing the file's own XML parts, the quick way to the same copy.

Opening and saving a district's workbook with openpyxl costs ~60 ms (most of it turning every cell into
an object and back), and a national run has ~1,400 files to mark: about 90 s of CPU. A plain .xlsx needs
far less: its parts are copied as they are, except
- the marked sheets: each marked cell gets a style that is its own with the severity's fill (a cell or
  row that is not there yet is added), and a comments part with its drawing;
- every sheet with formulas: each formula gives way to the value it last showed (values only, as the
  openpyxl copy holds), and the calculation chain goes;
- the styles (the fills, fonts and formats added), the workbook (the note sheet first and selected, the
  sheet-local names moved one sheet on), the relationships, the content types and the keywords.
The copy is the one `fixit.write_fixit_copy` makes with openpyxl, read back the same
(`tests/test_fixit_package.py` holds the two side by side); it keeps more of the district's file
(everything openpyxl does not read: images, charts, extensions) untouched.

A file this path does not know how to edit safely is left to openpyxl (`write_fixit_package` returns
False): a workbook that is not a plain .xlsx (macros, template), one with comments or drawings of its
own, external links, links in its cells, an earlier copy's note sheet, prefixed XML or cells without
their reference.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from xml.etree import ElementTree

from openpyxl.comments.comment_sheet import CommentRecord, CommentSheet
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
    range_boundaries,
)
from openpyxl.xml.functions import tostring

from ..model import Severity
from .atomic import atomic_path
from .fixit import (
    AUTHOR,
    FILLS,
    HOW_TO_READ,
    LINK_COLOUR,
    NOTE_COLUMNS,
    NOTE_HEADER_FILL,
    NOTE_HEADER_ROW,
    NOTE_SHEET,
    FixitTask,
    Mark,
    cell_marks,
    comment_size,
    marks_of,
    note_rows,
    note_sheet_title,
    note_title,
)
from .xml_rows import text_end

_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_WORKSHEET_TYPE = f"{_REL}/worksheet"
_WORKBOOK = "xl/workbook.xml"
_PLAIN_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
_VML_CONTENT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
# Parts whose presence sends the file to openpyxl: what this path would have to merge or take out.
_NOT_HERE = re.compile(r"(?i)(externalLink|comments|\.vml$|vbaProject|activeX)")
_ROW = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTRIBUTE = re.compile(r'(?<=\s)([\w:]+)="([^"]*)"')
_FORMULA = re.compile(r"<f\b[^>]*?(?:/>|>.*?</f>)", re.S)
_FORMULA_TEXT = re.compile(r'<c\b([^>]*?)\st="str"([^>]*)>\s*<v>(.*?)</v>\s*</c>', re.S)
_MERGE = re.compile(r'<mergeCell\b[^>]*\sref="([^"]+)"')
_XF = re.compile(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", re.S)
# The worksheet's children that come after <legacyDrawing> (ECMA-376 CT_Worksheet order).
_AFTER_LEGACY = ("<legacyDrawingHF", "<drawingHF", "<picture", "<oleObjects", "<controls",
                 "<webPublishItems", "<tableParts", "<extLst", "</worksheet>")  # fmt: skip


class NotHere(Exception):
    """The file is not one this path edits: openpyxl makes its copy."""


@dataclass
class _Styles:
    """styles.xml and what the copy adds to it: fills, fonts and cell formats (by what they are made of)."""

    xml: str
    xfs: list[str] = field(default_factory=list)
    added_fills: list[str] = field(default_factory=list)
    added_fonts: list[str] = field(default_factory=list)
    added_xfs: list[str] = field(default_factory=list)
    made: dict[tuple, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def parse(cls, xml: str) -> _Styles:
        styles = cls(xml)
        for part in ("fills", "fonts", "cellXfs"):
            found = re.search(rf"<{part}\b[^>]*?(?:/>|>(.*?)</{part}>)", xml, re.S)
            if found is None:
                raise NotHere(f"styles without {part}")
            inner = found.group(1) or ""
            child = {"fills": "<fill\\b", "fonts": "<font\\b", "cellXfs": "<xf\\b"}[part]
            styles.counts[part] = len(re.findall(child, inner))
            if part == "cellXfs":
                styles.xfs = _XF.findall(inner)
        if not styles.xfs:
            raise NotHere("no cell formats")
        return styles

    def _fill(self, colour: str) -> int:
        return self._add(("fill", colour), self.added_fills, "fills", _fill_xml(colour))

    def _font(self, size: int, bold: bool = False, link: bool = False) -> int:
        xml = "<font>" + ("<b/>" if bold else "") + ("<u/>" if link else "") + f'<sz val="{size}"/>'
        xml += (f'<color rgb="00{LINK_COLOUR}"/>' if link else "") + '<name val="Times New Roman"/></font>'
        return self._add(("font", size, bold, link), self.added_fonts, "fonts", xml)

    def _add(self, key: tuple, added: list[str], part: str, xml: str) -> int:
        if key not in self.made:
            self.made[key] = self.counts[part] + len(added)
            added.append(xml)
        return self.made[key]

    def marked(self, xf: int, severity: Severity) -> int:
        """Returns the cell format that is format `xf` filled in the severity's colour."""
        key = ("marked", xf, severity)
        if key not in self.made:
            fill = self._fill(FILLS[severity])
            own = self.xfs[xf] if 0 <= xf < len(self.xfs) else self.xfs[0]
            start = re.match(r"<xf\b[^>]*?(?=/?>)", own)
            assert start is not None
            opening = _set_attributes(start.group(), {"fillId": str(fill), "applyFill": "1"})
            self.made[key] = len(self.xfs) + len(self.added_xfs)
            self.added_xfs.append(opening + own[start.end() :])
        return self.made[key]

    def note(self, kind: str, severity: Severity | None = None) -> int:
        """Returns a cell format of the note sheet: "title", "text", "header", "body" or "link"."""
        key = ("note", kind, severity)
        if key not in self.made:
            font = {
                "title": self._font(14, bold=True),
                "header": self._font(12, bold=True),
                "link": self._font(12, link=True),
            }.get(kind) or self._font(12)
            fill = 0
            if kind == "header":
                fill = self._fill(NOTE_HEADER_FILL)
            elif severity in FILLS:
                fill = self._fill(FILLS[severity])
            xml = f'<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="0" xfId="0" applyFont="1"'
            xml += ' applyFill="1"' if fill else ""
            if kind in ("body", "link"):
                xml += ' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
            else:
                xml += "/>"
            self.made[key] = len(self.xfs) + len(self.added_xfs)
            self.added_xfs.append(xml)
        return self.made[key]

    def written(self) -> str:
        xml = self.xml
        for part, added in (
            ("fills", self.added_fills),
            ("fonts", self.added_fonts),
            ("cellXfs", self.added_xfs),
        ):
            if added:
                xml = _append_children(xml, part, "".join(added), self.counts[part] + len(added))
        return xml


def write_fixit_package(task: FixitTask, data: bytes, path: Path) -> bool:
    """Writes the fix-it copy of an .xlsx (its bytes) to `path` by editing its parts; False, with nothing
    written, when the file is not one this path edits (openpyxl makes that copy)."""
    try:
        parts = _Package(data)
        parts.mark(task)
    except (NotHere, zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError, UnicodeDecodeError):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temporary:
        parts.write(temporary)
    return True


class _Package:
    """The parts of an .xlsx, read once; what the copy changes, adds and drops."""

    def __init__(self, data: bytes) -> None:
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.names = self.archive.namelist()
        if any(_NOT_HERE.search(name) for name in self.names):
            raise NotHere("comments, drawings, links or macros of its own")
        self.changed: dict[str, str] = {}
        self.added: dict[str, bytes | str] = {}
        self.dropped: set[str] = set()
        self.types = self._text("[Content_Types].xml")
        if f'PartName="/{_WORKBOOK}" ContentType="{_PLAIN_WORKBOOK}"' not in self.types:
            raise NotHere("not a plain workbook")
        self.workbook = self._text(_WORKBOOK)
        if not re.search(r"<workbook[\s>]", self.workbook) or f'xmlns:r="{_REL}"' not in self.workbook:
            raise NotHere("prefixed workbook")
        self.sheets = self._sheets()
        if not any(part for _, part, _ in self.sheets):
            raise NotHere("no worksheet this path can read (strict XML?)")

    def _text(self, name: str) -> str:
        if name in self.changed:
            return self.changed[name]
        return self.archive.read(name).decode("utf-8")

    def _sheets(self) -> list[tuple[str, str, str]]:
        """Returns (title, part name, state) of every sheet, in the workbook's order."""
        rels = ElementTree.fromstring(self._text("xl/_rels/workbook.xml.rels"))
        targets = {
            rel.get("Id"): (rel.get("Target", ""), rel.get("Type", ""))
            for rel in rels.iter(f"{{{_PACKAGE_REL}}}Relationship")
        }
        sheets = []
        for sheet in ElementTree.fromstring(self.workbook).iter(f"{{{_MAIN}}}sheet"):
            target, kind = targets.get(sheet.get(f"{{{_REL}}}id"), ("", ""))
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            sheets.append(
                (sheet.get("name", ""), part if kind == _WORKSHEET_TYPE else "", sheet.get("state", ""))
            )
        return sheets

    def mark(self, task: FixitTask) -> None:
        titles = [title for title, _, _ in self.sheets]
        if any(title.startswith(NOTE_SHEET) for title in titles):
            raise NotHere("an earlier copy's note sheet")
        parts = {title: part for title, part, _ in self.sheets if part}
        sheet_xml = {title: self._text(part) for title, part in parts.items()}
        for xml in sheet_xml.values():
            if not re.search(r"<worksheet[\s>]", xml) or ("r:id=" in xml and "<hyperlink" in xml):
                raise NotHere("prefixed sheet or links in its cells")
        merged = {
            title: [range_boundaries(ref) for ref in _MERGE.findall(xml)] for title, xml in sheet_xml.items()
        }
        marks = marks_of(
            list(parts),
            lambda title, cell: _anchor(merged[title], cell),
            {t: t for t in titles},
            task.issues,
            task.letters,
        )
        styles = _Styles.parse(self._text("xl/styles.xml"))
        by_sheet: dict[str, dict[str, tuple[Severity, str]]] = {}
        for (title, cell), found in cell_marks(marks).items():
            by_sheet.setdefault(title, {})[cell] = found
        for number, (title, part) in enumerate(parts.items(), start=1):
            xml = sheet_xml[title]
            if "<f" in xml:
                xml = _values_only(xml)
            xml = re.sub(r'(<sheetView\b[^>]*?)\s+tabSelected="(?:1|true)"', r"\1", xml)
            if title in by_sheet:
                xml = _marked_cells(xml, by_sheet[title], styles)
                xml = self._with_comments(part, xml, number, by_sheet[title])
            if xml != sheet_xml[title]:
                self.changed[part] = xml
        self._drop_calculation_chain()
        self._add_note_sheet(task.file.path, marks, styles)
        self.changed["xl/styles.xml"] = styles.written()
        self._set_keywords(task.key)

    def _with_comments(self, part: str, xml: str, number: int, cells: dict[str, tuple[Severity, str]]) -> str:
        """Adds the comments of a sheet's marked cells: the comments part, its drawing, their links."""
        records = []
        for cell, (_, text) in cells.items():
            width, height = comment_size(text)
            record = CommentRecord(ref=cell, author=AUTHOR, height=height, width=width)
            record.text.t = text
            records.append(record)
        comments = CommentSheet.from_comments(records)
        comments_part, drawing_part = (
            f"xl/comments/fixit{number}.xml",
            f"xl/drawings/fixitComments{number}.vml",
        )
        self.added[comments_part] = tostring(comments.to_tree())
        self.added[drawing_part] = comments.write_shapes()
        folder, name = posixpath.split(part)
        rels_part = f"{folder}/_rels/{name}.rels"
        rels = (
            self._text(rels_part)
            if rels_part in self.names
            else f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_REL}"></Relationships>'
        )
        relative = posixpath.relpath(comments_part, folder), posixpath.relpath(drawing_part, folder)
        added = (
            f'<Relationship Id="rIdFixitComments" Type="{_REL}/comments" Target="{relative[0]}"/>'
            f'<Relationship Id="rIdFixitDrawing" Type="{_REL}/vmlDrawing" Target="{relative[1]}"/>'
        )
        (self.changed if rels_part in self.names else self.added)[rels_part] = _before_end(
            rels, "</Relationships>", added
        )
        self._add_type(f'<Override PartName="/{comments_part}" ContentType="{_COMMENTS_CONTENT}"/>')
        if 'Extension="vml"' not in self.types:
            self._add_type(f'<Default Extension="vml" ContentType="{_VML_CONTENT}"/>')
        if f'xmlns:r="{_REL}"' not in xml[: xml.find(">", xml.find("<worksheet")) + 1]:
            xml = re.sub(r"<worksheet\b", f'<worksheet xmlns:r="{_REL}"', xml, count=1)
        at = min(found for tag in _AFTER_LEGACY if (found := xml.find(tag)) >= 0)
        return xml[:at] + '<legacyDrawing r:id="rIdFixitDrawing"/>' + xml[at:]

    def _add_type(self, entry: str) -> None:
        self.types = _before_end(self.types, "</Types>", entry)

    def _drop_calculation_chain(self) -> None:
        """Drops the calculation chain: the copy has no formula left to calculate."""
        if "xl/calcChain.xml" not in self.names:
            return
        self.dropped.add("xl/calcChain.xml")
        self.types = re.sub(r'<Override PartName="/xl/calcChain.xml"[^>]*/>', "", self.types)
        rels = self._text("xl/_rels/workbook.xml.rels")
        self.changed["xl/_rels/workbook.xml.rels"] = re.sub(
            r'<Relationship\b[^>]*Target="[^"]*calcChain.xml"[^>]*/>', "", rels
        )

    def _add_note_sheet(self, path: str, marks: list[Mark], styles: _Styles) -> None:
        """Adds the note sheet first, selected, and moves the sheet-local names one sheet on."""
        title = note_sheet_title(t for t, _, _ in self.sheets)
        part = "xl/worksheets/fixitNote.xml"
        self.added[part] = _note_sheet_xml(path, marks, styles)
        self._add_type(f'<Override PartName="/{part}" ContentType="{_WORKSHEET_CONTENT}"/>')
        rels = self._text("xl/_rels/workbook.xml.rels")
        entry = (
            f'<Relationship Id="rIdFixitNote" Type="{_WORKSHEET_TYPE}" Target="worksheets/fixitNote.xml"/>'
        )
        self.changed["xl/_rels/workbook.xml.rels"] = _before_end(rels, "</Relationships>", entry)
        workbook = re.sub(
            r'localSheetId="(\d+)"', lambda found: f'localSheetId="{int(found.group(1)) + 1}"', self.workbook
        )
        ids = [int(found) for found in re.findall(r'<sheet\b[^>]*\ssheetId="(\d+)"', workbook)]
        sheet = f'<sheet name="{escape(title)}" sheetId="{max(ids, default=0) + 1}" r:id="rIdFixitNote"/>'
        if "<sheets>" not in workbook:
            raise NotHere("no list of sheets")
        workbook = workbook.replace("<sheets>", "<sheets>" + sheet, 1)
        quoted = escape("'" + title.replace("'", "''") + "'", quote=False)
        rows = f"{quoted}!${NOTE_HEADER_ROW}:${NOTE_HEADER_ROW}"
        titles = f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{rows}</definedName>'
        workbook = re.sub(r"<definedNames\s*/>", "", workbook)
        if "<definedNames>" in workbook:
            workbook = workbook.replace("<definedNames>", "<definedNames>" + titles, 1)
        else:
            workbook = workbook.replace("</sheets>", f"</sheets><definedNames>{titles}</definedNames>", 1)
        # The note sheet is the one shown on opening.
        workbook = re.sub(
            r"<workbookView\b[^>]*>",
            lambda view: re.sub(r'\s+(?:activeTab|firstSheet)="\d+"', "", view.group()),
            workbook,
        )
        self.changed[_WORKBOOK] = workbook

    def _set_keywords(self, key: str) -> None:
        core = self._text("docProps/core.xml")
        if "<cp:keywords" in core:
            core = re.sub(
                r"<cp:keywords\b[^>]*?(?:/>|>.*?</cp:keywords>)",
                f"<cp:keywords>{escape(key)}</cp:keywords>",
                core,
                flags=re.S,
            )
        elif "</cp:coreProperties>" in core:
            core = _before_end(core, "</cp:coreProperties>", f"<cp:keywords>{escape(key)}</cp:keywords>")
        else:
            raise NotHere("prefixed document properties")
        self.changed["docProps/core.xml"] = core

    def write(self, path: Path) -> None:
        self.changed["[Content_Types].xml"] = self.types
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in self.archive.infolist():
                if info.filename in self.dropped:
                    continue
                if info.filename in self.changed:
                    copy.writestr(info.filename, self.changed[info.filename])
                else:
                    copy.writestr(info, self.archive.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
            for name, content in self.added.items():
                copy.writestr(name, content)


def _anchor(merged: list[tuple], cell: str) -> str:
    """Returns the cell, or the first cell of the merged range it lies in."""
    letters, row = coordinate_from_string(cell)
    col = column_index_from_string(letters)
    for first_col, first_row, last_col, last_row in merged:
        if first_col <= col <= last_col and first_row <= row <= last_row:
            return f"{get_column_letter(first_col)}{first_row}"
    return cell


def _values_only(xml: str) -> str:
    """Returns the sheet with each formula's last value in its place (text results as inline text)."""
    xml = _FORMULA.sub("", xml)

    def text(found: re.Match) -> str:
        value = found.group(3)
        space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
        return f'<c{found.group(1)} t="inlineStr"{found.group(2)}><is><t{space}>{value}</t></is></c>'

    return _FORMULA_TEXT.sub(text, xml)


def _marked_cells(xml: str, cells: dict[str, tuple[Severity, str]], styles: _Styles) -> str:
    """Returns the sheet with each marked cell in its format filled in the severity's colour; a marked
    cell (or row) the sheet lacks is added where it belongs."""
    by_row: dict[int, dict[int, Severity]] = {}
    for cell, (severity, _) in cells.items():
        letters, row = coordinate_from_string(cell)
        by_row.setdefault(row, {})[column_index_from_string(letters)] = severity
    column_styles = _column_styles(xml)
    data = re.search(r"<sheetData\s*/>|<sheetData>(.*?)</sheetData>", xml, re.S)
    if data is None:
        raise NotHere("no sheet data")
    rows: list[tuple[int, str]] = []
    for found in _ROW.finditer(data.group(1) or ""):
        attributes = dict(_ATTRIBUTE.findall(found.group(1)))
        if "r" not in attributes:
            raise NotHere("a row without its number")
        rows.append((int(attributes["r"]), found.group(0)))
    present = {number for number, _ in rows}
    for number in by_row:
        if number not in present:
            rows.append((number, f'<row r="{number}"></row>'))
    rows.sort(key=lambda pair: pair[0])
    written = []
    for number, row_xml in rows:
        if number in by_row:
            row_xml = _marked_row(row_xml, number, by_row[number], styles, column_styles)
        written.append(row_xml)
    return xml[: data.start()] + "<sheetData>" + "".join(written) + "</sheetData>" + xml[data.end() :]


def _marked_row(
    row_xml: str, number: int, marked: dict[int, Severity], styles: _Styles, column_styles: dict[int, int]
) -> str:
    found = _ROW.match(row_xml)
    assert found is not None
    row_attributes = dict(_ATTRIBUTE.findall(found.group(1)))
    row_style = (
        int(row_attributes.get("s", 0)) if row_attributes.get("customFormat") in ("1", "true") else None
    )
    cells: list[tuple[int, str]] = []
    for cell in _CELL.finditer(found.group(2) or ""):
        reference = dict(_ATTRIBUTE.findall(cell.group(1))).get("r")
        if reference is None:
            raise NotHere("a cell without its reference")
        cells.append((column_index_from_string(coordinate_from_string(reference)[0]), cell.group(0)))
    have = {col for col, _ in cells}
    for col in marked:
        if col not in have:
            own = row_style if row_style is not None else column_styles.get(col, 0)
            cells.append((col, f'<c r="{get_column_letter(col)}{number}" s="{own}"/>'))
    cells.sort(key=lambda pair: pair[0])
    written = []
    for col, cell_xml in cells:
        if col in marked:
            start = re.match(r"<c\b[^>]*?(?=/?>)", cell_xml)
            assert start is not None
            own = int(dict(_ATTRIBUTE.findall(start.group())).get("s", 0))
            style = styles.marked(own, marked[col])
            cell_xml = _set_attributes(start.group(), {"s": str(style)}) + cell_xml[start.end() :]
        written.append(cell_xml)
    opening = re.sub(r'\s+spans="[^"]*"', "", f"<row{found.group(1)}>")  # the span may have grown
    return opening + "".join(written) + "</row>"


def _column_styles(xml: str) -> dict[int, int]:
    """Returns the style of each column that has one (what an empty cell there shows)."""
    styles = {}
    for found in re.finditer(r"<col\b([^>]*)/?>", xml):
        attributes = dict(_ATTRIBUTE.findall(found.group(1)))
        if "style" in attributes and "min" in attributes and "max" in attributes:
            for col in range(int(attributes["min"]), min(int(attributes["max"]), 16384) + 1):
                styles[col] = int(attributes["style"])
    return styles


def _note_sheet_xml(path: str, marks: list[Mark], styles: _Styles) -> str:
    """Returns the note sheet: the problems of the file, each with a link to its cell."""
    header = NOTE_HEADER_ROW
    rows = [
        _text_row(1, [(note_title(path), styles.note("title"))]),
        _text_row(2, [(HOW_TO_READ, styles.note("text"))]),
        _text_row(header, [(heading, styles.note("header")) for heading, _ in NOTE_COLUMNS]),
    ]
    links = []
    for number, note in enumerate(note_rows(marks), start=header + 1):
        formats = [styles.note("body", note.severity)] + [styles.note("body")] * (len(NOTE_COLUMNS) - 1)
        if note.cell:
            formats[2] = styles.note("link")
            target = f'location="{escape(note.location)}" display="{escape(note.cell)}"'
            links.append(f'<hyperlink ref="C{number}" {target}/>')
        rows.append(_text_row(number, list(zip(note.values, formats, strict=True)), note.height))
    columns = "".join(
        f'<col min="{col}" max="{col}" width="{width}" customWidth="1"/>'
        for col, (_, width) in enumerate(NOTE_COLUMNS, 1)
    )
    return (
        f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        f'<pane ySplit="{header}" topLeftCell="A{header + 1}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{header + 1}" sqref="A{header + 1}"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{columns}</cols>"
        f"<sheetData>{''.join(rows)}</sheetData>"
        + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
        + '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "<headerFooter><oddFooter>&amp;L&amp;A&amp;RTrang &amp;P/&amp;N</oddFooter></headerFooter>"
        "</worksheet>"
    )


def _text_row(number: int, cells: list[tuple[str, int]], height: float | None = None) -> str:
    """Returns a row of text cells (inline text, never a formula), each in its format."""
    written = "".join(
        f'<c r="{get_column_letter(col)}{number}" s="{style}"{text_end(value)}'
        for col, (value, style) in enumerate(cells, start=1)
    )
    size = f' ht="{height}" customHeight="1"' if height else ""
    return f'<row r="{number}"{size}>{written}</row>'


def _fill_xml(colour: str) -> str:
    colours = f'<fgColor rgb="00{colour}"/><bgColor rgb="00{colour}"/>'
    return f'<fill><patternFill patternType="solid">{colours}</patternFill></fill>'


def _set_attributes(opening: str, values: dict[str, str]) -> str:
    """Returns an element's opening (without its closing > or />) with the attributes set."""
    for name, value in values.items():
        pattern = rf'(?<=\s){name}="[^"]*"'
        if re.search(pattern, opening):
            opening = re.sub(pattern, f'{name}="{value}"', opening, count=1)
        else:
            opening += f' {name}="{value}"'
    return opening


def _append_children(xml: str, part: str, children: str, count: int) -> str:
    """Returns styles.xml with children added at the end of one of its lists, and its count set."""
    found = re.search(rf"<{part}\b([^>]*?)(/>|>)", xml)
    assert found is not None
    opening = _set_attributes(f"<{part}{found.group(1)}".rstrip(), {"count": str(count)}) + ">"
    if found.group(2) == "/>":
        return xml[: found.start()] + opening + children + f"</{part}>" + xml[found.end() :]
    end = xml.index(f"</{part}>", found.end())
    return xml[: found.start()] + opening + xml[found.end() : end] + children + xml[end:]


def _before_end(xml: str, end_tag: str, content: str) -> str:
    at = xml.rindex(end_tag)
    return xml[:at] + content + xml[at:]
