"""Reads free-typed place text: tokens, unit words and their abbreviations, team-name phrases (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.mau2 import TEAM_NAME_FORMS, WORKING_GROUP_WORDS

from ..text import canonical_tones, clean_text, fold, strip_diacritics

UNITS = "thị trấn, thị xã, thành phố, xã, phường, ấp, khóm, huyện, quận, tỉnh".split(", ")
DISTRICT_UNITS = {"huyện", "quận", "thị xã", "thành phố"}
COMMUNE_UNITS = {"xã", "phường", "thị trấn"}
HAMLET_UNITS = {"ấp", "khóm"}
_UNIT_WORDS = {tuple(unit.split()): unit for unit in UNITS}
_UNIT_ASCII = {tuple(strip_diacritics(unit).split()): unit for unit in UNITS}
_ABBREVIATIONS = dict(tt="thị trấn", x="xã", p="phường", k="khóm", tx="thị xã", tp="thành phố", h="huyện")
_PREAMBLES = [("ubnd",), ("uy", "ban", "nhan", "dan")]  # "UBND xã ...": the commune's People's Committee
# What precedes the hamlet in a team name: "Tổ công nghệ số cộng đồng (và Đề án 06) ...", "Tổ CNSCĐ ...".
_TEAM_WORDS = [tuple(phrase.split()) for phrase in (*TEAM_NAME_FORMS, "va de an 6", "va de an", "de an 6")]
_NOT_HAMLET_TEAM = re.compile(rf"\b({'|'.join(WORKING_GROUP_WORDS)})\b")
# "Tổ CNSCĐ ấp Xoài Rùm" -> "xoai rum": a team name's place, without its team and unit words.
_TEAM_AND_UNIT = re.compile(rf"^(?:to (?:{'|'.join(TEAM_NAME_FORMS)}) )?(?:ap |khom )?")
SEPARATOR = "|"
_TOKEN = re.compile(r"\d+|[^\W\d_]+|[,;()\[\]/|]")
_SPACED_DASH = re.compile(r"\s[-–—]+\s")  # "xã A - huyện B" separates; "cau-ke" does not

Tokens = list[tuple[str, str]]  # (word as typed, in lower case; folded word)


@dataclass(frozen=True)
class Reading:
    unit: str | None  # the unit word typed, if any
    words: tuple[str, ...]
    marked: tuple[str, ...] = ()  # the same words as typed, in lower case with their marks


@dataclass(frozen=True)
class Mention:
    start: int  # where the mention begins: its unit word ("huyện"), else its name
    name_start: int
    end: int
    districts: frozenset[str]  # empty for the province ("tỉnh Trà Vinh", a bare "Trà Vinh")
    explicit: bool  # a district unit word was typed before the name: it says which of two twins
    certain: bool  # that unit word had its diacritics: "huyen" may also be a name ("Huyền Hội")
    provinces: frozenset[str] = frozenset()  # the provinces a name stands for ("Bến Tre", "tỉnh Bến Tre")


def is_hamlet_team(team: str) -> bool:
    """False for groups that are not a hamlet's team: "Tổ Chỉ đạo công nghệ số", "Tổ công tác ..."."""
    return not _NOT_HAMLET_TEAM.search(fold(team))


def tokenise(text: object) -> Tokens:
    """Returns the words of a text as (typed, folded) pairs; numbers unpadded; separators as "|"."""
    lowered = _SPACED_DASH.sub(" | ", canonical_tones(clean_text(text)).lower())
    tokens = []
    for piece in _TOKEN.findall(lowered):
        if piece.isdigit():
            tokens.append((piece, str(int(piece))))  # "phường 01" = "Phường 1"
        else:
            tokens.append((piece, strip_diacritics(piece)) if piece[0].isalpha() else (SEPARATOR, SEPARATOR))
    return tokens


def unit_at(tokens: Tokens, start: int) -> tuple[str, int, bool] | None:
    """Returns (unit, words used, certain) of a unit word at `start`; unsure when typed without marks."""
    for size in (2, 1):
        part = tokens[start : start + size] if start >= 0 else []
        typed, folded = tuple(word for word, _ in part), tuple(key for _, key in part)
        if len(part) == size and typed in _UNIT_WORDS:
            return _UNIT_WORDS[typed], size, True
        # Unsure with its marks missing or wrong ("phuong thanh", "Phương 4", "Phướng 9": Phường, or the
        # name Phương?): read both ways.
        if len(part) == size and folded in _UNIT_ASCII:
            return _UNIT_ASCII[folded], size, False
    if 0 <= start < len(tokens) and tokens[start][0] in _ABBREVIATIONS:
        return _ABBREVIATIONS[tokens[start][0]], 1, True
    return None


def _parses(tokens: Tokens) -> list[Reading]:
    """Returns the readings of a name: with its leading unit word, and without it when that is unsure."""
    words = [token for token in tokens if token[0] != SEPARATOR]
    for preamble in _PREAMBLES:
        if tuple(key for _, key in words[: len(preamble)]) == preamble:
            words = words[len(preamble) :]
    unit = unit_at(words, 0)
    readings = [Reading(None, tuple(key for _, key in words), tuple(word for word, _ in words))]
    if unit:
        rest = words[unit[1] :]
        named = Reading(unit[0], tuple(key for _, key in rest), tuple(word for word, _ in rest))
        readings = [named] if unit[2] else [named, *readings]
    return [reading for reading in readings if reading.words]


def after_unit(tokens: Tokens, start: int) -> bool:
    """True when a commune, hamlet or province word precedes `start`: "thị trấn Cầu Kè" is no district."""
    units = [unit_at(tokens, start - size) for size in (1, 2)]
    blocking = COMMUNE_UNITS | HAMLET_UNITS | {"tỉnh"}
    return any(
        unit and unit[1] == size and unit[0] in blocking for size, unit in zip((1, 2), units, strict=True)
    )


def name_readings(tokens: Tokens, mentions: list[Mention], stop_units: set[str]) -> list[Reading]:
    """Returns the readings of the name in a text: its first segment, cut where another place begins."""
    covered = {i for mention in mentions for i in range(mention.start, mention.end)}
    bounds = [-1, *(i for i, (word, _) in enumerate(tokens) if word == SEPARATOR), len(tokens)]
    segments = [range(a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    segment = next((seg for seg in segments if any(i not in covered for i in seg)), None)
    if segment is None:
        return []
    first, end, unsure_ends = next(i for i in segment if i not in covered), segment.stop, []
    for mention in mentions:
        if first < mention.start < end and mention.certain:
            end = mention.start
        elif first < mention.start < end:  # "Xã Long Hòa Châu Thành": with and without "Châu Thành"
            unsure_ends += [mention.start, mention.name_start]
    for i in range(first + 1, end):
        unit = unit_at(tokens, i)
        if unit and unit[0] in stop_units and (len(tokens[i][0]) > 1 or i + 1 < end):  # "P" ends no name
            if not unit[2]:
                unsure_ends.append(i)
            else:
                end = min(end, i)
    ends = [end, *sorted((cut for cut in unsure_ends if cut < end), reverse=True)]
    return [reading for cut in ends for reading in _parses(tokens[first:cut])]


def bare_place(text: str) -> str:
    """Returns a team or hamlet text without team and unit words: "Tổ CNSCĐ ấp Xoài Rùm" -> "xoai rum"."""
    folded = fold(text)
    return _TEAM_AND_UNIT.sub("", folded, count=1) or folded


def without_team_words(tokens: Tokens) -> Tokens:
    """Returns what follows "Tổ công nghệ số cộng đồng ..." in a team name without an ấp/khóm word."""
    words = [token for token in tokens if token[0] != SEPARATOR]
    if not words or words[0][1] != "to":
        return words
    position, keys = 1, [key for _, key in words]
    while phrase := next((p for p in _TEAM_WORDS if tuple(keys[position : position + len(p)]) == p), None):
        position += len(phrase)
    return words[position:]
