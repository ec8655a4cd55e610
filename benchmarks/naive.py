"""The naive alternative to `consolidate`: pandas reads every sheet of every file, concatenates, writes.

`python benchmarks/naive.py INBOX OUTPUT.xlsx`: pandas.read_excel (openpyxl) per file, pd.concat,
DataFrame.to_excel (openpyxl) of the rows as read. No header detection, no validation, no matching:
what a spreadsheet-minded script would do first. Prints the number of rows written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def read_inbox(inbox: Path) -> pd.DataFrame:
    """Returns the cells of every sheet of every .xlsx file under inbox, one frame, as read."""
    frames = []
    for path in sorted(inbox.rglob("*.xlsx")):
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        frames += [frame.assign(source_file=str(path.relative_to(inbox))) for frame in sheets.values()]
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    inbox, output = Path(sys.argv[1]), Path(sys.argv[2])
    rows = read_inbox(inbox)
    rows.columns = [str(column) for column in rows.columns]
    rows.to_excel(output, index=False, engine="openpyxl")
    print(len(rows))


if __name__ == "__main__":
    main()
