"""HTML tables (the ".xls" files that web systems export) -> one grid, the way Excel shows such a file.

Standard library only. Every row of every table becomes a grid row, in document order (the rows of a
table nested in a layout table come before the row that holds it); text outside tables (a title in <h1>
or <p>) becomes a one-cell row, so that the title rows and the row numbers look like what Excel shows.
A cell spanning several rows (rowspan) repeats its value on each row it spans, like a merged cell; a
cell spanning several columns (colspan) keeps its value in its first column and leaves the others empty.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "caption", "title"}
_SKIPPED = {"script", "style", "head"}


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), 1000))
    except ValueError:
        return 1


class _Table:
    """The parsing state of one table: its open row and cell, and the cells spanning down into later rows."""

    def __init__(self) -> None:
        self.row: list[str | None] | None = None
        self.cell: list[str] | None = None
        self.cell_column = 0
        self.cell_rowspan = 1
        self.spans: dict[int, tuple[int, str]] = {}  # column -> (rows still to fill, value)


class _TableGridParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.tables: list[_Table] = []  # open tables, innermost last: a nested table's rows are rows too
        self.skip_depth = 0
        self.loose_text: list[str] = []

    # -- structure --------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip_depth += 1
        elif tag == "table":
            if not self.tables:
                self.flush_loose_text()
            self.tables.append(_Table())
        elif not self.tables:
            if tag in _BLOCKS:
                self.flush_loose_text()
        elif tag == "tr":
            self.end_row()
            self.tables[-1].row = []
            self.fill_spans()
        elif tag in ("td", "th"):
            self.start_cell(dict(attrs))
        elif tag == "br" and self.tables[-1].cell is not None:
            self.tables[-1].cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif not self.tables:
            if tag in _BLOCKS:
                self.flush_loose_text()
        elif tag == "table":
            self.end_row()
            self.tables.pop()
        elif tag in ("td", "th"):
            self.end_cell()
        elif tag == "tr":
            self.end_row()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if not self.tables:
            self.loose_text.append(data)
        elif self.tables[-1].cell is not None:
            self.tables[-1].cell.append(data)

    # -- cells ------------------------------------------------------------------------------------
    def start_cell(self, attrs: dict[str, str | None]) -> None:
        self.end_cell()
        table = self.tables[-1]
        if table.row is None:
            table.row = []
            self.fill_spans()
        column = 0
        while column < len(table.row) and table.row[column] is not None:
            column += 1
        table.cell, table.cell_column = [], column
        table.cell_rowspan = _span(attrs.get("rowspan"))
        for offset in range(_span(attrs.get("colspan"))):
            self.put(column + offset, "")

    def end_cell(self) -> None:
        table = self.tables[-1]
        if table.cell is None or table.row is None:
            return
        value = "".join(table.cell).strip()
        self.put(table.cell_column, value)
        if table.cell_rowspan > 1:
            table.spans[table.cell_column] = (table.cell_rowspan - 1, value)
        table.cell = None

    def put(self, column: int, value: str) -> None:
        row = self.tables[-1].row
        assert row is not None
        while len(row) <= column:
            row.append(None)
        row[column] = value

    def fill_spans(self) -> None:
        spans = self.tables[-1].spans
        for column, (remaining, value) in list(spans.items()):
            self.put(column, value)
            if remaining > 1:
                spans[column] = (remaining - 1, value)
            else:
                del spans[column]

    def end_row(self) -> None:
        if not self.tables:
            return
        self.end_cell()
        table = self.tables[-1]
        if table.row is not None:
            self.rows.append(["" if value is None else value for value in table.row])
            table.row = None

    def flush_loose_text(self) -> None:
        text = " ".join("".join(self.loose_text).split())
        if text:
            self.rows.append([text])
        self.loose_text = []


def html_grid(text: str, max_rows: int) -> list[list[str]]:
    """Returns the rows of the HTML document's tables (and of the text between them) as a grid."""
    parser = _TableGridParser()
    position, chunk = 0, 1 << 16
    while position < len(text):
        parser.feed(text[position : position + chunk])
        position += chunk
        if len(parser.rows) > max_rows:
            raise OverflowError(len(parser.rows))
    parser.close()
    while parser.tables:  # tables left open by a truncated file
        parser.end_row()
        parser.tables.pop()
    parser.flush_loose_text()
    return parser.rows
