"""Repairing text typed in legacy Vietnamese encodings (TCVN3, VNI) as the reader keeps it, with an info
issue for every repaired cell; the same for cells that held hidden characters (text.clean_text drops them)."""

from __future__ import annotations

import re
from collections.abc import Callable

from openpyxl.utils import get_column_letter

from ..codes import make_issue
from ..model import Issue
from ..text import fast_clean, has_hidden_characters
from .legacy_text import repair_legacy_text

# Legacy text shows as Latin-1 / Windows-1252 characters (and U+00AD, TCVN3's "ư"); text made only of
# ASCII and the Vietnamese letters beyond Latin-1 cannot be legacy-encoded and skips the repair.
_LEGACY_CANDIDATE = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)

FontLookup = Callable[[int, int], "str | None"]


class LegacyTextFixer:
    """A TextFixer (see ingest.table) that repairs legacy-encoded cells and records where it did."""

    def __init__(self, file: str, sheet: str, font_of: FontLookup | None = None) -> None:
        self.file, self.sheet, self.font_of = file, sheet, font_of
        self.issues: list[Issue] = []
        self.found_legacy = False
        # raw text (and font) -> (clean text, encoding, had hidden characters): sheets repeat their
        # communes, teams and roles
        self._seen: dict[str | tuple[str, str | None], tuple[str, str | None, bool]] = {}

    def __call__(self, raw: str, row: int, column: int, field: str) -> str:
        font = self.font_of(row, column) if self.font_of else None
        key = (raw, font) if font else raw
        seen = self._seen.get(key)
        if seen is None:
            if raw.isascii() or not _LEGACY_CANDIDATE.search(raw):
                text, encoding = raw, None
            else:
                text, encoding = repair_legacy_text(raw, font)  # TCVN3's "ư" is a soft hyphen
            seen = (fast_clean(text), encoding, has_hidden_characters(text))
            self._seen[key] = seen
        text, encoding, hidden = seen
        if encoding:
            self.found_legacy = True
        if not field or not (encoding or hidden):
            return text
        where = {
            "file": self.file,
            "sheet": self.sheet,
            "row": row + 1,
            "column": field,
            "column_letter": get_column_letter(column + 1),
        }
        if encoding:
            self.issues.append(
                make_issue("text_legacy_encoding", value=fast_clean(raw), detail=encoding, **where)
            )
        if hidden:
            self.issues.append(make_issue("text_hidden_characters", value=text, **where))
        return text
