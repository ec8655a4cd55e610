"""Matches free-typed district, commune, hamlet and team names against the registry (pure, indexed once)."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ..text import fold
from .registry import Registry
from .words import (
    COMMUNE_UNITS,
    DISTRICT_UNITS,
    HAMLET_UNITS,
    SEPARATOR,
    UNITS,
    Mention,
    Reading,
    Tokens,
    after_unit,
    is_hamlet_team,
    name_readings,
    tokenise,
    unit_at,
    without_team_words,
)

FUZZY_SCORE = 85  # fuzz.ratio of folded names without spaces: one typo in a name of 6+ letters passes
FUZZY_MARGIN = 8  # over the runner-up, so that a typo between "Đại Phúc" and "Đại Phước" decides nothing
FUZZY_MIN_LENGTH = 3  # shorter names ("Ô", "Hạ", "1") change meaning with any one letter
GUESSES = 3

_ACRONYMS = {"thành phố": "tp", "thị xã": "tx"}
_TYPES = {fold(unit): unit for unit in UNITS}  # the commune_type / hamlet_type columns of the registry


@dataclass(frozen=True)
class PlaceMatch:
    status: str  # "exact" | "fuzzy" | "ambiguous" | "unknown"
    value: str | None  # the registry's name when exact/fuzzy
    candidates: tuple[str, ...] = ()  # for ambiguous (and the best guesses for unknown)
    district: str | None = None  # the registry district of the match ("" without districts)
    id: str = ""  # the registry id of the commune or hamlet matched ("" when none)


@dataclass(frozen=True)
class _Place:
    name: str  # as the registry writes it
    district: str
    unit: str | None  # xã, phường, thị trấn, ấp, khóm, huyện ...: from the name or the type column
    words: tuple[str, ...]  # the folded name without its unit word
    id: str = ""  # the registry's id of the place
    marked: tuple[str, ...] = ()  # the name's words in lower case with their marks

    @property
    def key(self) -> str:
        return "".join(self.words)  # spacing is ignored: "TràKha A" = "Trà Kha A"


def _place(name: str, district: str, type_name: object, place_id: str = "") -> _Place:
    """Returns a registry name split into its unit word (else the type column's) and its folded words."""
    unit, words, marked = _parsed(name, str(type_name or ""))
    return _Place(name, district, unit, words, place_id, marked)


@functools.lru_cache(maxsize=1 << 16)
def _parsed(name: str, type_name: str) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """Returns (unit, folded words, marked words) of a name; cached: "Ấp 1" is in every other commune."""
    tokens = [token for token in tokenise(name) if token[0] != SEPARATOR]
    unit = unit_at(tokens, 0)
    if unit and len(tokens) > unit[1]:
        rest = tokens[unit[1] :]
        return unit[0], tuple(k for _, k in rest), tuple(w for w, _ in rest)
    return _TYPES.get(fold(type_name)), tuple(key for _, key in tokens), tuple(word for word, _ in tokens)


def _same_shape(typed: tuple[str, ...], known: tuple[str, ...]) -> bool:
    """False when two names differ in the number of syllables, a number or a final letter: Khóm 1/11,
    Trà Kha A/B, An Trường/An Trường A. No typo turns one into the other."""
    if len(typed) != len(known):
        return False
    if [word for word in typed if word.isdigit()] != [word for word in known if word.isdigit()]:
        return False
    final_letter = any(len(words[-1]) == 1 and words[-1].isalpha() for words in (typed, known))
    return not final_letter or typed[-1] == known[-1]


def _comparable(typed: tuple[str, ...], known: tuple[str, ...]) -> bool:
    """True when a slip inside syllables can turn one name into the other: the same shape and every
    syllable with the same first letter (a Vietnamese syllable is a word: "Tân Hòa" is not "Văn Hòa")."""
    return _same_shape(typed, known) and all(a[:1] == b[:1] for a, b in zip(typed, known, strict=True))


def _labels(places: Iterable[_Place]) -> tuple[str, ...]:
    """Returns the names to show, with the district when the places lie in several districts."""
    places = list(places)
    several = len({place.district for place in places}) > 1
    return tuple(dict.fromkeys(f"{p.name} ({p.district})" if several else p.name for p in places))


def _decide(reading: Reading, places: list[_Place], status: str) -> PlaceMatch:
    """Returns the match among the places of one key: the typed unit word decides between twins."""
    distinct = list({(place.district, place.name): place for place in places}.values())
    same_unit = [place for place in distinct if place.unit == reading.unit]
    if len(distinct) > 1 and reading.unit and len(same_unit) == 1:
        distinct = same_unit
    # Names that differ only in their marks (Vĩnh Hưng, Vĩnh Hùng): the marks typed say which, or nothing.
    same_marks = [place for place in distinct if place.marked == reading.marked]
    if len(distinct) > 1 and len(same_marks) == 1:
        distinct = same_marks
    if len(distinct) == 1:
        return PlaceMatch(status, distinct[0].name, district=distinct[0].district, id=distinct[0].id)
    return PlaceMatch("ambiguous", None, _labels(distinct))


def _fuzzy(reading: Reading, by_key: dict[str, list[_Place]]) -> tuple[PlaceMatch | None, list[str]]:
    """Returns the typo-tolerant match (or None) and the nearest keys as guesses."""
    query = "".join(reading.words)
    scored = process.extract(query, list(by_key), scorer=fuzz.ratio, limit=10, score_cutoff=50)
    guesses = [key for key, _, _ in scored[:GUESSES]]
    scores = {key: score for key, score, _ in scored}
    slips = {key: OSA.distance(query, key) for key in scores}  # a letter swapped counts once
    # A slip: close by ratio, or one letter off in a short name ("Bà Mi" for Bà My), never a first letter.
    allowed = [
        key
        for key in scores
        if _comparable(reading.words, by_key[key][0].words)
        and (scores[key] >= FUZZY_SCORE or slips[key] <= 1)
    ]
    if len(query) < FUZZY_MIN_LENGTH or not allowed:
        return None, guesses
    best = allowed[0]
    # The margin is over every near name of as many syllables, readable as a typo or not: a real name one
    # first letter away makes a slip unsure ("Tân Sơn" typed between Thanh Sơn and Tân Sơn's neighbours).
    same_shape = [key for key in scores if _same_shape(reading.words, by_key[key][0].words)]
    close = [
        key for key in same_shape if scores[best] - scores[key] < FUZZY_MARGIN or slips[key] <= slips[best]
    ]
    if len(close) > 1:
        marked = _marks_decide(reading, close, by_key)
        if marked is None:
            return PlaceMatch("ambiguous", None, _labels(p for key in close for p in by_key[key])), guesses
        close = [marked]
    return _decide(reading, by_key[close[0]], "fuzzy"), guesses


def _marks_decide(reading: Reading, keys: list[str], by_key: dict[str, list[_Place]]) -> str | None:
    """Returns the one key whose marks clearly agree with the marks typed ("Đại Phướcc" is Đại Phước, not
    Đại Phúc); None when they do not tell. Only syllables typed with marks speak: "Than Sơn" says nothing
    between Thanh Sơn and Tân Sơn, as marks are often left out."""
    marked = [
        i for i, (typed, bare) in enumerate(zip(reading.marked, reading.words, strict=True)) if typed != bare
    ]
    if not marked or len(reading.marked) != len(reading.words):
        return None

    def agreement(key: str) -> float:
        known = by_key[key][0].marked
        return (
            sum(fuzz.ratio(reading.marked[i], known[i]) for i in marked)
            if len(known) == len(reading.words)
            else 0
        )

    nearness = sorted(((agreement(key), key) for key in keys), reverse=True)
    return nearness[0][1] if nearness[0][0] - nearness[1][0] >= FUZZY_MARGIN else None


def _match(readings: list[Reading], by_key: dict[str, list[_Place]]) -> PlaceMatch:
    """Returns the match of the first reading found exactly, else the fuzzy one, else the best guesses."""
    for reading in readings:
        if "".join(reading.words) in by_key:
            return _decide(reading, by_key["".join(reading.words)], "exact")
    if not readings:
        return PlaceMatch("unknown", None)
    # "Trà Kha" when the commune has Trà Kha A and Trà Kha B: one of them, but which one?
    stem = readings[0].words
    in_scope = [place for places in by_key.values() for place in places]
    extended = [
        p for p in in_scope if p.words[:-1] == stem and (p.words[-1].isdigit() or len(p.words[-1]) == 1)
    ]
    if len(extended) > 1:
        return PlaceMatch("ambiguous", None, _labels(extended))
    guesses: list[str] = []
    for reading in readings:
        match, nearest = _fuzzy(reading, by_key)
        if match is not None:
            return match
        guesses += nearest
    near = extended + [place for key in dict.fromkeys(guesses) for place in by_key[key]]
    return PlaceMatch("unknown", None, _labels(near)[:GUESSES])


def _acronym(district: _Place) -> _Place | None:
    """Returns "TPTV" for Thành phố Trà Vinh, "TXDH" for Thị xã Duyên Hải; None for a huyện (too short)."""
    if district.unit not in _ACRONYMS:
        return None
    initials = _ACRONYMS[district.unit] + "".join(word[0] for word in district.words)
    return _Place(district.name, district.district, district.unit, (initials,))


def _index(places: Iterable[_Place], into: dict[str, list[_Place]] | None = None) -> dict[str, list[_Place]]:
    """Returns the places by key (added to `into` when given): several places may share one key."""
    by_key = {} if into is None else into
    for place in places:
        by_key.setdefault(place.key, []).append(place)
    return by_key


class PlaceIndex:
    """Indexes of a registry's districts, communes and hamlets by folded name, built once."""

    def __init__(self, registry: Registry) -> None:
        table = registry.table
        self.registry = registry
        self.has_districts, self.districts = registry.has_districts, registry.districts
        places = registry.district_places
        districts = [
            _place(name, label, "")
            for label, name in zip(places["district"], places["district_name"], strict=True)
        ]
        self._district_keys = _index([*districts, *filter(None, map(_acronym, districts))])
        # A district is read within its province: a label of a registry of several provinces names both.
        self._province_of: dict[str, str] = dict(zip(places["district"], places["province"], strict=True))
        self._province_districts: dict[str, set[str]] = {}
        for label, province in self._province_of.items():
            self._province_districts.setdefault(province, set()).add(label)
        self._province_keys: dict[str, set[str]] = {}
        for name in registry.provinces:
            self._province_keys.setdefault(_place(name, "", "").key, set()).add(name)
        self._communes: dict[str, dict[str, list[_Place]]] = {"": {}}  # by district; "": the whole province
        self._hamlets: dict[tuple[str, str], dict[str, list[_Place]]] = {}  # by (district, commune)
        self._commune_names: dict[str, list[tuple[str, str]]] = {}  # commune name and folded name -> keys
        columns = ["district", "commune", "commune_type", "hamlet", "hamlet_type", "aliases"]
        columns += ["commune_id", "hamlet_id"]
        for (
            district,
            commune,
            commune_type,
            hamlet,
            hamlet_type,
            aliases,
            commune_id,
            hamlet_id,
        ) in table.reindex(columns=columns, fill_value="").itertuples(index=False):
            if (district, commune) not in self._hamlets:
                place = _place(commune, district, commune_type, commune_id)
                for scope in {district, ""}:
                    _index([place], self._communes.setdefault(scope, {}))
                for name in {commune, fold(commune)}:
                    self._commune_names.setdefault(name, []).append((district, commune))
                self._hamlets[district, commune] = {}
            own = _place(hamlet, district, hamlet_type)
            others = [
                _place(alias.strip(), district, hamlet_type) for alias in aliases.split(";") if alias.strip()
            ]
            typed = [
                _Place(hamlet, district, other.unit or own.unit, other.words, hamlet_id, other.marked)
                for other in [own, *others]
            ]
            _index(typed, self._hamlets[district, commune])
        self._cache: dict[tuple, object] = {}

    def district_in_text(self, text: str, province: str | None = None) -> str | None:
        """Returns the one district named in a text, folder or file name (within `province` when given:
        a folder above may name it); None when none or several."""
        return self._cached(("district", text, province), lambda: _one(self._districts_in(text, province)))

    def province_of(self, district: str | None) -> str | None:
        """Returns the province of a district label (None when unknown or the registry names none)."""
        return self._province_of.get(district or "") or None

    def provinces_in_text(self, text: str) -> set[str]:
        """Returns the provinces a text names as such ("tỉnh Bến Tre", a folder "Ben Tre")."""
        return self._cached(("provinces", text), lambda: _named_provinces(self._mentions(tokenise(text))))

    def _districts_in(self, text: str, province: str | None) -> set[str]:
        named = self._named_districts(self._mentions(tokenise(text)))
        return (
            {district for district in named if self._province_of.get(district) == province}
            if province
            else named
        )

    def district_of_commune(self, commune: str) -> str | None:
        """Returns the district of a commune as the registry writes it; None when not exactly one."""
        districts = {district for district, _ in self._commune_names.get(commune, [])}
        return _one(districts)

    def match_commune(self, text: str, district: str | None, province: str | None = None) -> PlaceMatch:
        """Returns the commune of a typed text, within the district named in it, else within `district`,
        else within the province named in it or `province` (a file in a province's folder)."""
        key = ("commune", text, district, province)
        return self._cached(key, lambda: self._match_commune(tokenise(text), district, province))

    def exact_communes(self, text: str) -> tuple[tuple[str, str], ...]:
        """Returns (commune, district) of every commune of the province that the text names exactly."""
        return self._cached(("exact", text), lambda: self._exact_communes(tokenise(text)))

    def match_hamlet(self, text: str, district: str | None, commune: str) -> PlaceMatch:
        """Returns the hamlet of a typed text, within one commune of the registry."""
        key = ("hamlet", text, district, commune)
        return self._cached(key, lambda: self._match_hamlet(tokenise(text), district, commune))

    def hamlet_from_team(self, team: str, district: str | None, commune: str) -> PlaceMatch:
        """Returns the hamlet named in a team name ("Tổ CNSCĐ ấp Trà Kha A"), within one commune."""
        key = ("team", team, district, commune)
        return self._cached(key, lambda: self._hamlet_from_team(tokenise(team), district, commune))

    def _cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        # The same commune and team are typed on every member row: each text is matched once.
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def _match_commune(self, tokens: Tokens, district: str | None, province: str | None) -> PlaceMatch:
        mentions = self._mentions(tokens)
        given, named = self._districts_of(district), self._named_districts(mentions)
        scope = given if given and given < named else named or given  # the text is trusted most
        provinces = _named_provinces(mentions) or ({province} if province else set())
        if not scope and provinces and self._province_districts:  # "xã An Hiệp, tỉnh Bến Tre"
            scope = set().union(*(self._province_districts.get(province, set()) for province in provinces))
            scope = scope or {""}  # a province of no district of the registry: nothing matches
        readings = name_readings(tokens, mentions, DISTRICT_UNITS | {"tỉnh"})
        if not scope or not self.has_districts:
            return _match(readings, self._communes[""])
        return _match(
            readings, _index(p for name in scope for ps in self._communes[name].values() for p in ps)
        )

    def _exact_communes(self, tokens: Tokens) -> tuple[tuple[str, str], ...]:
        for reading in name_readings(tokens, self._mentions(tokens), DISTRICT_UNITS | {"tỉnh"}):
            places = self._communes[""].get("".join(reading.words), [])
            same_unit = [place for place in places if reading.unit and place.unit == reading.unit]
            if places:
                return tuple(dict.fromkeys((place.name, place.district) for place in same_unit or places))
        return ()

    def _match_hamlet(self, tokens: Tokens, district: str | None, commune: str) -> PlaceMatch:
        scope = self._districts_of(district)
        names = self._commune_names.get(commune) or self._commune_names.get(fold(commune), [])
        communes = [key for key in names if not scope or key[0] in scope]
        if not communes:
            return PlaceMatch("unknown", None)
        by_key = _index(p for key in communes for ps in self._hamlets[key].values() for p in ps)
        return _match(name_readings(tokens, [], COMMUNE_UNITS | DISTRICT_UNITS | {"tỉnh"}), by_key)

    def _hamlet_from_team(self, tokens: Tokens, district: str | None, commune: str) -> PlaceMatch:
        if not is_hamlet_team(" ".join(word for word, _ in tokens)):
            return PlaceMatch("unknown", None)
        for start in range(len(tokens)):
            unit = unit_at(tokens, start)
            if unit and unit[0] in HAMLET_UNITS:  # "Tổ CNS cộng đồng ấp X": the hamlet starts at "ấp"
                return self._match_hamlet(tokens[start:], district, commune)
        return self._match_hamlet(without_team_words(tokens), district, commune)

    def _districts_of(self, district: str | None) -> set[str]:
        """Returns the registry districts that a district argument stands for (empty: all)."""
        if not district or not self.has_districts:
            return set()
        found = district if district in self.districts else self.district_in_text(district)
        return {found} if found else set()

    def _named_districts(self, mentions: list[Mention]) -> set[str]:
        """Returns the districts the mentions name, those typed with a unit word ("huyện X") first."""
        named = [mention for mention in mentions if mention.districts]
        chosen = [mention for mention in named if mention.explicit] or named
        districts: set[str] = set().union(*(mention.districts for mention in chosen))
        provinces = _named_provinces(mentions)
        return {d for d in districts if self._province_of.get(d) in provinces} if provinces else districts

    def _mentions(self, tokens: Tokens) -> list[Mention]:
        """Returns the district and province names in the tokens, each with its span."""
        mentions, start = [], 0
        while start < len(tokens):
            unit = unit_at(tokens, start)
            kind = unit[0] if unit and unit[0] in DISTRICT_UNITS | {"tỉnh"} else None
            name_start = start + unit[1] if kind and unit else start
            certain = bool(kind and unit and unit[2])  # the unit word typed with its diacritics
            if kind == "tỉnh" and certain:  # "tỉnh Trà Vinh": the province, up to the next separator
                end = next((i for i in range(start, len(tokens)) if tokens[i][0] == SEPARATOR), len(tokens))
                key = "".join(folded for _, folded in tokens[name_start:end])
                provinces = frozenset(self._province_keys.get(key, set()))
                mentions.append(Mention(start, name_start, end, frozenset(), False, True, provinces))
                start = end
                continue
            found = self._region_at(tokens, name_start)
            if found is None or (not kind and after_unit(tokens, start)):
                start += 1
                continue
            end, key, places = found
            same_unit = [place for place in places if place.unit == kind]
            districts = frozenset(place.district for place in same_unit or places)
            if kind == "tỉnh" or (not kind and key in self._province_keys):
                districts = frozenset()  # a bare "Trà Vinh" names the province as much as the city
            provinces = frozenset(self._province_keys.get(key, set())) if not districts else frozenset()
            explicit = kind in DISTRICT_UNITS
            mentions.append(
                Mention(start, name_start, end, districts, explicit, explicit and certain, provinces)
            )
            start = end
        return mentions

    def _region_at(self, tokens: Tokens, start: int) -> tuple[int, str, list[_Place]] | None:
        """Returns (end, key, districts) of the longest district or province name starting at `start`."""
        for size in range(min(5, len(tokens) - start), 0, -1):
            part = tokens[start : start + size]
            key = "".join(folded for _, folded in part)
            if any(word == SEPARATOR for word, _ in part):
                continue
            if key in self._district_keys or key in self._province_keys:
                return start + size, key, self._district_keys.get(key, [])
        return None


def _named_provinces(mentions: list[Mention]) -> set[str]:
    """Returns the provinces named as such by the mentions (not those of a district named)."""
    return set().union(*(mention.provinces for mention in mentions))


def _one(names: Iterable[str]) -> str | None:
    """Returns the only name, or None when there are none or several."""
    distinct = set(names)
    return distinct.pop() if len(distinct) == 1 else None


_INDEXES: weakref.WeakKeyDictionary[Registry, PlaceIndex] = weakref.WeakKeyDictionary()


def index_of(registry: Registry) -> PlaceIndex:
    """Returns the place index of a registry, built on first use and kept while the registry lives.

    A nightly service and the tests consolidate many times on one registry; the index (and what its
    lookups have cached) depends on the registry alone, so it is built once.
    """
    if (index := _INDEXES.get(registry)) is None:
        index = _INDEXES[registry] = PlaceIndex(registry)
    return index
