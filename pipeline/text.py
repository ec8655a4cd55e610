"""Text repair and folding shared by every stage: NFC, spaces, tone placement, diacritic folding."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pandas as pd

# What makes Excel read text as a formula: typed into a cell, opened from a CSV (OWASP, "CSV injection"),
# or once an officer edits a text cell that starts with it (F2, Enter).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _HiddenCharacters(dict):
    """A str.translate table that drops format and control characters (Unicode Cc and Cf): zero-width
    spaces, BOM, soft hyphens, bidi overrides, BEL, ESC, backspace. They look like nothing in a cell but
    break matching, reorder what Excel shows or make two equal names differ. Whitespace controls (tab,
    line break) are kept: they become a space. Filled as characters are met (most cells never get here).
    """

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        kept = None if unicodedata.category(char) in ("Cc", "Cf") and not char.isspace() else code
        self[code] = kept
        return kept


_HIDDEN = _HiddenCharacters()
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")

# Old tone placement puts the mark on the second vowel of a closing "oa/oe/uy" ("hoà", "thuỷ"); the new
# one on the first ("hòa", "thủy"). Both are correct Vietnamese; we compare and store one of them.
# In NFD a dot below sorts before a circumflex or breve ("ậ" = a + dot + hat), so the tone must be the
# last mark of the vowel and no letter may follow: "Thuận", "hoặc" and "Hoàng" keep their tone.
_OLD_TONE = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![^\W\d_]|[\u0300-\u036f])"
)


def clean_text(value: object) -> str:
    """Returns the cell as one line of NFC text: no invisible characters, single spaces, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            value = int(value)
    text = str(value).translate(_HIDDEN)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text)).strip()


def has_hidden_characters(text: str) -> bool:
    """True when the text holds a format or control character that clean_text removes."""
    return not text.isprintable() and text.translate(_HIDDEN) != text


def fast_clean(value: object) -> str:
    """Returns clean_text(value), skipping the work for text that is already clean (most cells)."""
    if value is None or value == "":
        return ""
    if (
        isinstance(value, str)
        and value.isprintable()
        and value[0] != " "
        and value[-1] != " "
        and "  " not in value
        and unicodedata.is_normalized("NFC", value)
    ):
        return value
    return clean_text(value)


def canonical_tones(text: str) -> str:
    """Returns the text with tone marks placed the "new" way: "Hoà" -> "Hòa", "Thuỷ" -> "Thủy"."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def strip_diacritics(text: str) -> str:
    """Returns the text without any Vietnamese diacritics; "đ" becomes "d"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: object) -> str:
    """Returns a matching key: lower case, no diacritics, words of letters and digits single-spaced."""
    plain = strip_diacritics(clean_text(text)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def identity_key(text: object) -> str:
    """Returns a key that ignores case, spacing and tone placement but keeps every diacritic."""
    return canonical_tones(clean_text(text)).lower()


def vietnamese_title(text: str) -> str:
    """Returns "Đặng Thị Út" for "ĐẶNG THỊ ÚT": every word capitalised, the rest lower case."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in text.split(" "))


def is_all_caps(text: str) -> bool:
    """True when the text has letters and none of them is lower case."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(not ch.islower() for ch in letters)


def map_distinct(values: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """Returns function applied to each value, computed once per distinct value (names repeat a lot)."""
    distinct = values.unique()
    mapped = values.map(dict(zip(distinct, map(function, distinct), strict=True)))
    return mapped.astype(object) if values.empty else mapped  # an empty map would turn to floats
