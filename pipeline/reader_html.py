"""HTML tables (the ".xls" files that web systems export) -> one grid, the way Excel shows such a file.

Standard library only. Every row of every top-level table becomes a grid row, in document order;
text outside tables (a title in <h1> or <p>) becomes a one-cell row, so that the title rows and the
row numbers look like what Excel shows. A cell spanning several rows (rowspan) repeats its value on
each row it spans, like a merged cell; a cell spanning several columns (colspan) keeps its value in
its first column and leaves the others empty.
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


class _TableGridParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.table_depth = 0
        self.skip_depth = 0
        self.row: list[str | None] | None = None
        self.cell: list[str] | None = None
        self.cell_column = 0
        self.cell_rowspan = 1
        self.spans: dict[int, tuple[int, str]] = {}  # column -> (rows still to fill, value)
        self.loose_text: list[str] = []

    # -- structure --------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip_depth += 1
        elif tag == "table":
            if self.table_depth == 0:
                self.flush_loose_text()
                self.spans = {}
            self.table_depth += 1
        elif self.table_depth == 1 and tag == "tr":
            self.end_row()
            self.row = []
            self.fill_spans()
        elif self.table_depth == 1 and tag in ("td", "th"):
            self.start_cell(dict(attrs))
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")
        elif tag in _BLOCKS and self.table_depth == 0:
            self.flush_loose_text()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "table" and self.table_depth:
            self.table_depth -= 1
            if self.table_depth == 0:
                self.end_row()
        elif self.table_depth == 1 and tag in ("td", "th"):
            self.end_cell()
        elif self.table_depth == 1 and tag == "tr":
            self.end_row()
        elif tag in _BLOCKS and self.table_depth == 0:
            self.flush_loose_text()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.table_depth == 0:
            self.loose_text.append(data)

    # -- cells ------------------------------------------------------------------------------------
    def start_cell(self, attrs: dict[str, str | None]) -> None:
        self.end_cell()
        if self.row is None:
            self.row = []
            self.fill_spans()
        column = 0
        while column < len(self.row) and self.row[column] is not None:
            column += 1
        self.cell, self.cell_column = [], column
        self.cell_rowspan = _span(attrs.get("rowspan"))
        for offset in range(_span(attrs.get("colspan"))):
            self.put(column + offset, "")

    def end_cell(self) -> None:
        if self.cell is None or self.row is None:
            return
        value = "".join(self.cell).strip()
        self.put(self.cell_column, value)
        if self.cell_rowspan > 1:
            self.spans[self.cell_column] = (self.cell_rowspan - 1, value)
        self.cell = None

    def put(self, column: int, value: str) -> None:
        assert self.row is not None
        while len(self.row) <= column:
            self.row.append(None)
        self.row[column] = value

    def fill_spans(self) -> None:
        for column, (remaining, value) in list(self.spans.items()):
            self.put(column, value)
            if remaining > 1:
                self.spans[column] = (remaining - 1, value)
            else:
                del self.spans[column]

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self.rows.append(["" if value is None else value for value in self.row])
            self.row = None

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
    parser.end_row()
    parser.flush_loose_text()
    return parser.rows
