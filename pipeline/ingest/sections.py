"""Recognising the section rows of a consolidated district list: "I. XÃ LONG ĐỨC", "1. Ấp An Hòa".

District files that gather several communes often have no commune column: a row across the table
names the commune (xã / phường / thị trấn) and another the team (ấp / khóm) of the member rows below.
"""

from __future__ import annotations

import re

from schemas.mau2 import WORKING_GROUP_WORDS

from .header import quick_fold

# Numbering in front of a section title: "I.", "II)", "1.", "1)", "a)", "A.", "1.2.", "-", "•"; a bare
# roman or arabic number needs a space after it ("I XÃ HÒA TÂN") so that "Vĩnh" keeps its "V".
_NUMBERING = re.compile(
    r"^(?:(?:[IVXLC]+|[ivxlc]+|\d{1,3}|[A-Za-z])\s*[.):/-]|(?:[IVXLC]+|\d{1,3})\s|[-–—•+*])\s*"
)
# On the folded text. The unit word must be followed by a name: "Xã" or "Tổ công nghệ số cộng đồng" alone
# name nothing. "Xã hội chủ nghĩa" (the national motto) is not a commune.
_COMMUNE = re.compile(
    r"^(?:(?:ubnd|uy ban nhan dan) )?(?:(?:xa|phuong|thi tran|tt) (?!hoi chu nghia)|p ?(?=\d))\S"
)
_TEAM = re.compile(
    r"^(?:ap|khom|to (?:cong nghe so(?: cong dong)?+|cnscd|cns(?: cd)?+|cn so(?: cd)?+|so)|to(?= \d)) \S"
)
# Words only a team title has, however typed ("To CNSCD ap Ba Nghe", "Tổ công nghệ cộng đồng ấp Giữa"); the
# working and steering groups are teams too, so that their members do not join the team above.
_GROUPS = "|".join(WORKING_GROUP_WORDS)
_TEAM_TITLE = re.compile(
    rf"^to (?:cong nghe(?: so)?+(?: cong dong)?+|cnscd|cns(?: cd)?+|cn so(?: cd)?+|{_GROUPS}) \S"
)
_ROMAN = re.compile(r"^(?:[IVXLC]+)\s*[.):/-]?\s+")


# Folding makes "Phương Thị Lan" look like "phường ..." and "Tô Sô Phal" like "tổ số ...": the unit word
# must be typed as the unit word, with its marks, unless the title is typed in capitals without any marks.
_UNIT_AS_TYPED = re.compile(
    r"^(?:(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân) )?(?:xã|phường|thị trấn|tt\b|p\.?\s?\d|ấp|khóm|tổ)"
)


def _unit(text: str) -> str | None:
    key = quick_fold(text)
    if _TEAM_TITLE.match(key):
        return "team"
    kind = "commune" if _COMMUNE.match(key) else "team" if _TEAM.match(key) else None
    if kind is None:
        return None
    typed = text.casefold()
    if _UNIT_AS_TYPED.match(typed) or (text.isascii() and text.isupper()):
        return kind
    return None


def read_section(text: str) -> tuple[str, str] | None:
    """Returns ("commune" | "team", the title without its numbering) when clean text opens a section.

    A roman-numbered title without a unit word ("III. PHONG PHÚ") is a commune: in Mẫu 2 lists roman
    numbers number the communes and arabic ones the teams.
    """
    roman = _ROMAN.match(text)
    if roman and _unit(text) is None:
        name = text[roman.end() :].strip()
        if name and 1 <= len(name.split()) <= 5 and any(ch.isalpha() for ch in name) and _unit(name) is None:
            return "commune", name
    unit = _unit(text)
    while True:
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text or not stripped:
            break
        stripped_unit = _unit(stripped)
        if unit is not None and stripped_unit is None:
            break  # "P.1" is a ward, not item "P." of a list
        text, unit = stripped, stripped_unit
    return (unit, text) if unit else None
