"""The floor: the least any consolidation must do, reading every file and writing its rows once.

`python benchmarks/floor.py INBOX OUTPUT.xlsx`: python-calamine reads every sheet of every .xlsx file
into Python values, xlsxwriter (constant_memory) writes the same rows once. Nothing else. Prints the
number of rows written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook


def read_rows(inbox: Path) -> list[list]:
    """Returns the rows of every sheet of every .xlsx file under inbox, as Python values."""
    rows: list[list] = []
    for path in sorted(inbox.rglob("*.xlsx")):
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            rows += workbook.get_sheet_by_name(name).to_python()
    return rows


def write_rows(rows: list[list], output: Path) -> None:
    """Writes the rows to one sheet of output, streaming (constant memory)."""
    workbook = xlsxwriter.Workbook(str(output), {"constant_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet()
    for index, row in enumerate(rows):
        sheet.write_row(index, 0, row)
    workbook.close()


def main() -> None:
    inbox, output = Path(sys.argv[1]), Path(sys.argv[2])
    rows = read_rows(inbox)
    write_rows(rows, output)
    print(len(rows))


if __name__ == "__main__":
    main()
