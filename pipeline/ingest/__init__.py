"""Ingest: the inbox walked, every file read in an isolated worker, its Mẫu 2 tables turned into raw rows.

The only package that opens input files. The rest of the pipeline uses `read_inbox` (or `read_file`
for one file) and the `IngestResult` it returns; the fix-it copies open a district's file again with
`original_workbook`.
"""

from .inbox import RAW_COLUMNS, IngestResult, ReadLimits, read_file, read_inbox, rows_frame
from .originals import original_workbook

__all__ = [
    "RAW_COLUMNS",
    "IngestResult",
    "ReadLimits",
    "original_workbook",
    "read_file",
    "read_inbox",
    "rows_frame",
]
