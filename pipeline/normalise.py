"""Canonical names, roles and phones for the raw rows (pure: returns a new table)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd
from confusable_homoglyphs import categories, confusables

from schemas.mau2 import DEPUTY, LEADER, MEMBER

from .phones import normalise_phones
from .text import clean_text, fold, identity_key, is_all_caps, map_distinct, vietnamese_title

# Characters outside Basic Latin to IPA, the combining marks and Latin Extended Additional (where
# Vietnamese letters live): only text with one of them may hold a letter of another script.
_BEYOND_LATIN = re.compile(r"[^\u0000-\u036f\u1e00-\u1eff]")
_PLACEHOLDERS = {"x", "khong co", "chua co", "khong", "ko co", "chua", "nan", "none", "null", "trong"}
# A place still to fill, typed where the name goes: "Chưa bổ sung", "(Khuyết)", "Đang kiện toàn", a row of
# dots, "Ông/Bà: .....". Folded, brackets and dots gone.
_VACANCY = re.compile(
    r"(?:ong ba |ong |ba )?(?:"
    r"chua (?:bo sung|co|co nguoi|phan cong|cu|chon|xac dinh|kien toan)(?: nguoi)?|khuyet|con trong|trong|"
    r"dang (?:bo sung|kien toan|chon|cu|xac dinh)|bo sung sau|se bo sung|khong co(?: nguoi)?|khong|ko co|"
    r"chua|ong ba|ho ten|ho va ten)"
)
# A row of dots or dashes where a name should be written ("........", "Ông/Bà: .....", "(…)").
_BLANK_TO_FILL = re.compile(r"[\s.…_\-–:/()\[\]]*[.…_]{2,}[\s.…_\-–:/()\[\]]*")
# A role typed in the name column; only at the start, as "Lê Thành Viên" is a name.
_ROLE_WORDS = re.compile(
    r"^(?:(?:to truong|to pho|to vien|thanh vien|truong ap|truong khom)\b|(?:tt|tp|tv)$)"
)

# Courtesy titles typed before a name ("Ông Nguyễn Văn A", "B. Lê Thị C", "Ông/Bà ...").
_NAME_PREFIX = re.compile(r"^(?:ông\s*/\s*bà|ông|bà|ô\.|b\.|đ/c|đc\.?|đồng chí)\s*[:.]?\s+", re.IGNORECASE)
# What officers add to a name: "(Trưởng ấp)", "- CAV", ", ĐVTN", "Bí thư chi đoàn: ...".
_BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_UNCLOSED = re.compile(r"\s*[(\[].*$")
_NOTE_SEPARATOR = re.compile(r"\s+[-–]\s+|\s*[:,;]\s*")

# Folded role text -> role. Order matters: the first pattern that matches decides, so the more
# specific forms ("pho to truong") come before the words they contain ("to truong").
_ROLE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bpho to truong\b|\bto pho\b|^pho (?:to|tt)$"), DEPUTY),
    (re.compile(r"\bto truong\b"), LEADER),
    (re.compile(r"\b(?:to vien|thanh vien|uy vien)\b"), MEMBER),
    (re.compile(r"^(?:tt|truong)$"), LEADER),
    (re.compile(r"^(?:tp|pho)$"), DEPUTY),
    (re.compile(r"^(?:tv|vien)$"), MEMBER),
    (re.compile(r"\bpho truong\b"), ""),  # a deputy hamlet head is not a role of the team: ask
    # Mẫu 1: the hamlet head leads the team, the youth union secretary is the deputy, union members,
    # hamlet police and others are members.
    (re.compile(r"^truong (?:ap|khom|thon|to dan pho)\b"), LEADER),
    (re.compile(r"^bi thu chi doan\b"), DEPUTY),
    (re.compile(r"^(?:doan vien|cong an vien|cong an|chi hoi truong|hoi vien)\b"), MEMBER),
]


# Abbreviations with a period or slash, folded ("T.Trưởng" -> "t truong", "P.Tổ trưởng" -> "p to truong").
_ABBREVIATIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^([tp]) ([tpv])$"), r"\1\2"),  # "T.T", "T.P", "T.V"
    (re.compile(r"^t (?=truong|pho|vien)"), "to "),  # "T.Trưởng", "T/Phó", "T. viên"
    (re.compile(r"^p (?=to truong|tt$|truong$)"), "pho "),  # "P.Tổ trưởng", "P.TT", "P.Trưởng"
]


def _expand_abbreviations(folded: str) -> str:
    """Returns the folded role with its abbreviations written out ("p to truong" -> "pho to truong")."""
    for pattern, replacement in _ABBREVIATIONS:
        folded = pattern.sub(replacement, folded)
    return folded


@lru_cache(maxsize=65536)
def canonical_role(raw: str) -> tuple[str, str | None]:
    """Returns (role, issue code or None): unknown or missing roles count as Tổ viên."""
    folded = _expand_abbreviations(fold(raw))
    if not folded:
        return MEMBER, "role_missing"
    for pattern, role in _ROLE_PATTERNS:
        if pattern.search(folded):
            return (role, None) if role else (MEMBER, "role_unknown")
    return MEMBER, "role_unknown"


@lru_cache(maxsize=4096)
def _latin_lookalike(letter: str) -> str | None:
    """Returns the letter a-z, A-Z that a letter of another script looks like (Cyrillic "Е" -> "E"), or None.

    Unicode's confusables data (TR39), through confusable-homoglyphs: no table of our own. Only plain
    letters: Cyrillic "Л" also looks like Latin "Ʌ", which no Vietnamese name holds.
    """
    found = confusables.is_confusable(letter, preferred_aliases=["latin"])
    for glyph in found[0]["homoglyphs"] if found else []:
        if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalpha():
            return glyph["c"]
    return None


@lru_cache(maxsize=65536)
def latin_letters(text: str) -> tuple[str, str | None]:
    """Returns (the text with look-alike letters of other scripts made Latin, issue code or None).

    "Võ Văn Еm" typed with a Cyrillic "Е" never merges with the real person: it becomes Latin
    (name_lookalike_letters). Latin letters, Vietnamese ones included, never change; a letter of another
    script with no Latin look-alike leaves the text as typed (name_mixed_scripts).
    """
    if not _BEYOND_LATIN.search(text):  # nearly every name: Unicode's script lookup costs 30 µs a name
        return text, None
    foreign = {char for char in text if char.isalpha() and categories.alias(char) != "LATIN"}
    if not foreign:
        return text, None
    latin: dict[str | int, str | int | None] = {char: _latin_lookalike(char) for char in foreign}
    if None in latin.values():
        return text, "name_mixed_scripts"
    return unicodedata.normalize("NFC", text.translate(str.maketrans(latin))), "name_lookalike_letters"


@lru_cache(maxsize=65536)
def canonical_name(raw: str) -> str:
    """Returns the name NFC, single-spaced, Latin, without titles or notes, each word capitalised."""
    # A list's bullets ("- ", "+ " as Mẫu 1 writes "+ Ông/Bà:", "• ") are not part of the name.
    name = _NAME_PREFIX.sub("", latin_letters(clean_text(raw))[0].lstrip(" -+•*")).strip(" .,;:-+•*")
    name = _UNCLOSED.sub("", _BRACKETED.sub("", name)).strip()  # "(Trưởng ấp)", "Văn (Út) Em"
    parts = [part for part in _NOTE_SEPARATOR.split(name) if part]
    if len(parts) > 1:  # "Trưởng ấp - Nguyễn Văn Tư", "Nguyễn Văn Sáu - CAV", "Bí thư chi đoàn: Lê Thị Năm"
        names = [part for part in parts if len(part.split()) >= 2 and canonical_role(part)[1] is not None]
        name = _NAME_PREFIX.sub("", names[0]) if names else name
    # Vietnamese names capitalise every word; capitals or lower case typed throughout are fixed.
    if is_all_caps(name) or any(word[:1].islower() for word in name.split()):
        return vietnamese_title(name)
    return name


def is_person_name(name: str) -> bool:
    """False for what officers type in the name column that is not a name: a phone, a role, a placeholder."""
    folded = fold(name)
    return not (
        folded in _PLACEHOLDERS
        or len(folded.replace(" ", "")) < 2
        or any(char.isdigit() for char in name)  # a phone number, a date or a count
        or any(char in name for char in "@=+/\\")
        or _ROLE_WORDS.search(folded)
    )


# A part of the name cell that is only a role ("Tổ phó: Trần Thị B", "Lê Văn C (Tổ viên)"); the team's
# own role words come first, then the roles Mẫu 1 gives a team (the hamlet head leads it ...).
_TEAM_ROLE_ONLY = re.compile(r"pho to truong|to truong|to pho|to vien|thanh vien|uy vien|tt|tp|tv")
_ROLE_ONLY = re.compile(
    rf"(?:{_TEAM_ROLE_ONLY.pattern}|truong (?:ap|khom|thon)|bi thu chi doan|doan vien|cong an vien)"
)
_COURTESY_ONLY = re.compile(r"ong|ba|ong ba|dc|d c|dong chi")
_NAME_PARTS = re.compile(r"[()\[\]]|\s+[-–]\s+|\s*[:,;]\s*")


def is_vacancy(raw: str) -> bool:
    """True when the name cell holds a place still to fill rather than a person ("Chưa bổ sung",
    "(Khuyết)", "........", "Ông/Bà: .....", a role word alone)."""
    text = clean_text(raw)
    if _BLANK_TO_FILL.fullmatch(text):
        return True
    folded = _expand_abbreviations(fold(text))
    return bool(folded) and (
        _VACANCY.fullmatch(folded) is not None or _ROLE_ONLY.fullmatch(folded) is not None
    )


def name_problem(typed: str) -> str | None:
    """Returns the issue code of a name cell as typed (name_vacant, name_missing, name_invalid), or None
    when its canonical name is a person's."""
    if is_vacancy(typed):
        return "name_vacant"
    name = canonical_name(typed)
    if not name.strip(" -.,;:"):
        return "name_missing"
    return None if is_person_name(name) else "name_invalid"


@lru_cache(maxsize=65536)
def role_in_name(raw: str) -> str | None:
    """Returns the role typed in the name cell beside the name, or None when there is none or two
    different ones ("Ông Nguyễn Văn A, Trưởng ấp - Tổ trưởng" -> Tổ trưởng)."""
    parts = [_expand_abbreviations(fold(part)) for part in _NAME_PARTS.split(clean_text(raw))]
    parts = [part for part in parts if not _COURTESY_ONLY.fullmatch(part)]  # "Ông: Võ Văn Phước, ..."
    if sum(bool(part) and _ROLE_ONLY.fullmatch(part) is None for part in parts) != 1:
        return None  # no name beside the role words, or more than one
    for only in (_TEAM_ROLE_ONLY, _ROLE_ONLY):
        roles = {canonical_role(part)[0] for part in parts if only.fullmatch(part)}
        if roles:
            return roles.pop() if len(roles) == 1 else None
    return None


def _roles(rows: pd.DataFrame) -> pd.DataFrame:
    """Returns role and role_problem: the role cell's, else a role typed in the name cell (role_in_name)."""
    from_cell = map_distinct(rows["role_text"], canonical_role)
    role, problem = from_cell.map(lambda pair: pair[0]), from_cell.map(lambda pair: pair[1])
    missing = problem.eq("role_missing")
    in_name = map_distinct(rows.loc[missing, "name_text"], role_in_name)
    found = in_name[in_name.notna()].index
    role.loc[found] = in_name.loc[found]
    problem.loc[found] = "role_in_name"
    return pd.DataFrame({"role": role, "role_problem": problem}, index=rows.index)


def normalise_rows(raw_rows: pd.DataFrame) -> pd.DataFrame:
    """Returns the raw rows with canonical name, role and phone columns added (the typed ones kept)."""
    names = map_distinct(raw_rows["name_text"], canonical_name)
    roles = _roles(raw_rows)
    phones = normalise_phones(raw_rows["phone_cell"])  # vectorised for plain mobiles (SPEC §9)
    return raw_rows.assign(
        name=names,
        name_key=map_distinct(names, identity_key),
        name_problem=map_distinct(raw_rows["name_text"], name_problem),
        name_script_problem=map_distinct(raw_rows["name_text"], lambda typed: latin_letters(typed)[1]),
        role=roles["role"],
        role_problem=roles["role_problem"],
        phone_text=raw_rows["phone_cell"].map(_phone_text),
        phone=phones["e164"],
        phone_national=phones["national"],
        phone_problem=phones["code"],
        phone_detail=phones["detail"],
    )


def _phone_text(value: object) -> str:
    """Returns the phone cell as the officer typed it, for messages."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
