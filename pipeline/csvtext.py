"""Text files as Excel and web systems save them on Vietnamese Windows: their encoding and, for CSV,
their delimiter.

The one decoder and sniffer for every reader of text files: the district files (CSV and HTML saved as
.xls) and a province's registry CSV.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator

DELIMITERS = (",", ";", "\t")  # Excel writes ";" where the list separator is ";", and "\t" for Unicode text
_SNIFFED_LINES = 50


def decode_text(data: bytes) -> str:
    """Returns the text of a CSV or HTML file: UTF-8 (with or without BOM), UTF-16, else Windows-1258."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    head = data[:8192]
    if head.count(0) * 3 >= len(head):  # UTF-16 without BOM: the zero bytes say which end is high
        encoding = "utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be"
        return data.decode(encoding, errors="replace")
    declared = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", head, re.IGNORECASE)  # HTML saved as .xls
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")  # what Excel on a Vietnamese Windows writes for "CSV"


def sniff_delimiter(text: str) -> str:
    """Returns the delimiter (",", ";" or tab) that splits the first lines into the most rows of one width."""
    sample = text[:65536].splitlines()[:_SNIFFED_LINES]

    def consistency(delimiter: str) -> tuple[int, int]:
        widths = [len(row) for row in csv.reader(sample, delimiter=delimiter) if len(row) > 1]
        if not widths:
            return (0, 0)
        width, count = Counter(widths).most_common(1)[0]
        return (count, width)

    return max(DELIMITERS, key=consistency)


def csv_records(text: str) -> Iterator[list[str]]:
    """Yields the records of CSV text with its sniffed delimiter; a blank line is an empty record.

    Raises csv.Error on text that is not CSV (a NUL byte, a field over the size limit).
    """
    return csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
