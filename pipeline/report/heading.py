"""The heading of an administrative document (Nghị định 30/2020/NĐ-CP), shared by Tổng quan and the
districts' letters: the issuing body on the left, the national motto on the right, the place and date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from . import labels

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from .workbook_layout import Formats

HEADING_ROWS = 3  # body / national name, agency / motto, place and date


def write_document_heading(
    sheet: Worksheet, formats: Formats, provinces: tuple[str, ...], day: date, last_col: int
) -> None:
    """Writes the heading over columns A-B (issuing body) and D to `last_col` (national motto)."""
    body, agency, place = labels.issuing_body(provinces)
    bold, centred = formats.get("label", align="center"), formats.get("plain", align="center")
    # Row by row: the main workbook is written in constant memory, a row complete before the next.
    sheet.merge_range(0, 0, 0, 1, body, centred)
    sheet.merge_range(0, 3, 0, last_col, labels.NATIONAL_NAME, bold)
    sheet.merge_range(1, 0, 1, 1, agency, bold)
    motto = formats.get("label", align="center", underline=1)
    sheet.merge_range(1, 3, 1, last_col, labels.NATIONAL_MOTTO, motto)
    date_line = labels.document_date(place, day)
    sheet.merge_range(2, 3, 2, last_col, date_line, formats.get("plain", align="center", italic=True))
