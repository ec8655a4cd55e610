"""Rows of a big sheet written as SpreadsheetML text, for the national member list.

xlsxwriter spends ~8 µs on a cell (a call, a tuple, a row table, then XML at the row's end): the
national Danh sách tổ, ~4.7 million cells, took ~40 s of one core, more than reading every file of the
country. Most of its cells are plain text, a number or a blank in one of a few formats, and their XML is
one short string each. `XmlRowsSheet` (an xlsxwriter `worksheet_class`) takes such rows already written
as `<row>` elements, in constant memory mode, after the rows xlsxwriter wrote itself; everything else
about the sheet (widths, merges, filter, panes, print setup, the file) stays xlsxwriter's. The cells are
written exactly as xlsxwriter writes them (inline strings, the same escapes), so a reader sees no
difference, and `tests/test_xml_rows.py` holds the two byte for byte against each other.

Written against xlsxwriter 3.3.1 (pinned in pyproject.toml): it appends to the worksheet's row file and
moves its row counter, as xlsxwriter's own write methods do in constant memory mode.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

_UNDERSCORE_ESCAPES = re.compile("(_x[0-9a-fA-F]{4}_)")  # text that reads as an escape: escaped itself
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")  # not allowed in XML: written as _xHHHH_
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x")


class XmlRowsSheet(Worksheet):
    """A worksheet that also takes rows written as SpreadsheetML (constant memory mode only)."""

    def write_xml_rows(self, first_row: int, last_row: int, last_col: int, xml: str) -> None:
        """Appends the `<row>` elements of rows first_row..last_row (0-based), which reach column
        last_col at most, after every row written so far; the rows written next must come after them."""
        if not self.constant_memory:
            raise ValueError("XML rows need xlsxwriter's constant_memory mode")
        held = self.table.get(first_row)  # a cell xlsxwriter holds in the first row: the row is taken
        if first_row < self.previous_row or (first_row == self.previous_row and held) or last_row < first_row:
            raise ValueError(f"rows {first_row}..{last_row} do not follow row {self.previous_row}")
        self._check_dimensions(first_row, 0)
        self._check_dimensions(last_row, last_col)
        self._write_single_row(last_row + 1)  # writes out the row xlsxwriter still held
        self.fh.write(xml)

    def write_out(self, next_row: int) -> None:
        """Writes out the row xlsxwriter still holds (giving its formats their indexes, in the order
        xlsxwriter would), before the XML rows from next_row on are made."""
        if next_row > self.previous_row:
            self._write_single_row(next_row)

    def excel_date(self, value: date) -> float:
        """Returns a date (or date and time) as the Excel serial number write_datetime() writes."""
        return self._convert_date_time(value)


def style_id(cell_format: Format | None) -> int:
    """Returns the index of a format in the workbook's styles (assigned on first use), 0 for none."""
    return cell_format._get_xf_index() if cell_format is not None else 0


def column_names(count: int) -> list[str]:
    """Returns the letters of the first `count` columns: A, B, ..."""
    return [xl_col_to_name(col) for col in range(count)]


def text_end(text: str) -> str:
    """Returns what follows `<c r=".." s=".."` in a cell holding the text: "/>" for an empty cell."""
    if not text:
        return "/>"
    text = _escaped(text)
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def text_cells(texts: Sequence[str], style_of: Callable[[str], int]) -> np.ndarray:
    """Returns the end of each text's cell after `<c r=".."`: its style (`style_of(text)`) and the text,
    made once per distinct text (names of places and roles repeat a lot)."""
    codes, distinct = pd.factorize(pd.Series(texts, dtype=object), use_na_sentinel=False)
    return np.array([f' s="{style_of(text)}"{text_end(text)}' for text in distinct], dtype=object)[codes]


def _escaped(text: str) -> str:
    """Returns the text as xlsxwriter writes it in an inline string: control characters as _xHHHH_
    (text that reads as such an escape escaped itself), then &, < and > as entities."""
    if not _NEEDS_ESCAPE.search(text):
        return text
    if "_x" in text:
        text = _UNDERSCORE_ESCAPES.sub(r"_x005F\1", text)
    text = _CONTROL.sub(_control_escape, text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def number_end(number: float) -> str:
    """Returns what follows `<c r=".." s=".."` in a cell holding the number."""
    return f"><v>{number:.16G}</v></c>"


def row_start(row: int, height: float | None = None) -> str:
    """Returns the `<row>` start tag of a 0-based row, with its height in points when it has one (as
    xlsxwriter's set_row() gives it: rounded to whole pixels)."""
    if height is None:
        return f'<row r="{row + 1}">'
    points = int(height * 4.0 / 3.0 + 0.5) * 0.75
    return f'<row r="{row + 1}" ht="{points:.16g}" customHeight="1">'


def _control_escape(match: re.Match) -> str:
    return f"_x{ord(match.group()):04X}_"
