"""Phone cells -> the E.164 form of the member's mobile number and an issue code (SPEC §5, phones.md).

normalise_phone reads one cell; normalise_phones a whole column, vectorised for plain mobiles (SPEC §9).
"""

from __future__ import annotations

import functools
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import phonenumbers
from phonenumbers import (
    Leniency,
    NumberParseException,
    PhoneNumber,
    PhoneNumberFormat,
    PhoneNumberMatcher,
    PhoneNumberType,
)

from .text import clean_text

_REGION = "VN"
_COUNTRY_CODE = 84

# MIC Decision 798/QĐ-BTTTT (2018): old 11-digit mobile network code -> new code, the last 7 digits kept.
# A conversion table, not a validity table: the converted number is still checked by phonenumbers.
_LEGACY_CODES = {
    "120": "70", "121": "79", "122": "77", "126": "76", "128": "78",  # MobiFone
    "123": "83", "124": "84", "125": "85", "127": "81", "129": "82",  # VinaPhone
    "162": "32", "163": "33", "164": "34", "165": "35", "166": "36", "167": "37", "168": "38", "169": "39",
    "186": "56", "188": "58",  # Vietnamobile
    "199": "59",  # Gmobile
}  # fmt: skip

# phonenumbers also calls M2M (1x), VSAT and similar ranges MOBILE; only these reach a person on Zalo.
_HUMAN_MOBILE = re.compile(r"[35789]\d{8}")
# Excel turns a number cell into "912345678.0" or "9.12345678E+08" when it is exported or copied as text.
_ZERO_FRACTION = re.compile(r"(\d+)[.,]0*")
_SCIENTIFIC = re.compile(r"(\d)[.,](\d+)E\+?(\d+)", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_NON_DIGITS = re.compile(r"\D+")
_DIGIT = re.compile(r"\d")
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029]+")
_MIN_PIECE_DIGITS = 7  # shorter pieces of a split run are groups of one number, not numbers

MOBILE, LEGACY, LANDLINE, INVALID = "mobile", "legacy", "landline", "invalid"

# The fast path (SPEC §9) takes the cells that hold one plain mobile number, written so that
# PhoneNumberMatcher sees the whole text as one candidate: no more than 3 punctuation marks in a row,
# brackets it accepts, no "digits-digits (digits" (a page reference to it), no ".0" that Excel added.
_PLAIN_MOBILE_TEXT = r"""(?x)
    (?![\ \xa0]*'?[0-9]+\.0+[\ \xa0]*\Z)                 # "912345678.0": the full path drops ".0"
    [\ \xa0]*'?                                           # Excel's mark of a text cell
    (?:(?:\+84|\(\+84\)(?!\()|0084|84)(?:[\ \xa0]+|[.-])?)?  # "(+84)(0)" is not matching brackets
    (?:\([0-9]+\)(?:[\ \xa0]+|[.-])?)?                    # at most one group in brackets, first
    [0-9]+(?:(?:[\ \xa0]+|[.-])[0-9]+)*[\ \xa0]*            # spaces, or one dot or dash, between groups
"""
_PLAIN_TEXT_MARKS = r"[\ \xa0.()'-]+"  # all but the digits and the "+"
# What the digits can be once the marks are gone: a prefix, then the NSN under the H2H guard.
_NATIONAL_SIGNIFICANT = r"\A(?:\+840?|00840?|840?|0)?([35789][0-9]{8})\Z"
_NUMBER_CELL_TYPES = [int, float, np.int64, np.float64]
_LARGEST_PLAIN_NUMBER = 10**12  # above "84" + 9 digits: never a plain mobile
# In the VN metadata of phonenumbers 9.0.43, a 9-digit NSN starting with [35789] matches no type
# pattern but mobile, which is a choice of 3 leading digits then \d{6}; its number format is chosen
# by at most 3 leading digits and the length. So validity, type and both formats depend on the first
# 3 digits alone, and one number per prefix answers for all: test_phones.py samples every prefix.
_DECIDING_DIGITS = 3


@dataclass(frozen=True)
class PhoneResult:
    """The number kept from one phone cell and the issue code that goes with it."""

    e164: str  # "+84912345678", or "" when no usable number
    national: str  # "0912 345 678" (phonenumbers NATIONAL format), or ""
    code: str | None  # None for a clean mobile, else a phone_* issue code of pipeline.codes
    detail: str = ""  # new national number (legacy), kept national number (multiple)


_MISSING = PhoneResult("", "", "phone_missing")
_INVALID = PhoneResult("", "", "phone_invalid")


def normalise_phone(value: object) -> PhoneResult:
    """Returns the phone kept from a raw cell: None, NaN, int, float or text."""
    if value is None:
        return _MISSING
    if isinstance(value, bool):  # a TRUE/FALSE cell: bool is an Integral, but never a phone number
        return _INVALID
    if isinstance(value, numbers.Integral):  # also numpy integers
        return _normalise_text(str(int(value)))
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return _MISSING
        # A fraction (or infinity) cannot come from digits typed into a number cell.
        return _normalise_text(str(int(number))) if number.is_integer() else _INVALID
    return _normalise_text(value if isinstance(value, str) else str(value))


def normalise_phones(cells: pd.Series) -> pd.DataFrame:
    """Returns the PhoneResult fields (e164, national, code, detail) of every cell, as columns."""
    plain = plain_mobile_numbers(cells)
    is_other = plain["e164"].isna().to_numpy()
    # Everything else takes the full path, cached by text.
    others = [normalise_phone(value) for value in cells.to_numpy(dtype=object)[is_other]]
    columns = {
        "e164": plain["e164"].to_numpy(dtype=object, copy=True),
        "national": plain["national"].to_numpy(dtype=object, copy=True),
        "code": np.full(len(cells), None, dtype=object),
        "detail": np.full(len(cells), "", dtype=object),
    }
    for field, values in columns.items():
        values[is_other] = [getattr(result, field) for result in others]
    return pd.DataFrame(columns, index=cells.index)


def plain_mobile_numbers(cells: pd.Series) -> pd.DataFrame:
    """Returns e164 and national of the cells that hold one plain mobile number, missing for other cells."""
    texts = _plain_texts(cells)
    plain_texts = texts[texts.str.fullmatch(_PLAIN_MOBILE_TEXT, na=False)]
    national_significant = (
        plain_texts.str.replace(_PLAIN_TEXT_MARKS, "", regex=True)
        .str.extract(_NATIONAL_SIGNIFICANT, expand=False)
        .dropna()
    )
    prefixes = national_significant.str[:_DECIDING_DIGITS]
    # One number per prefix asks phonenumbers for all of them (see _DECIDING_DIGITS).
    clean_prefixes: dict[tuple[str, str], list[str]] = {}  # (E.164, NATIONAL) templates -> prefixes
    for number in national_significant[~prefixes.duplicated()]:
        if templates := _clean_mobile_templates(number):
            clean_prefixes.setdefault(templates, []).append(number[:_DECIDING_DIGITS])
    e164 = pd.Series(None, index=texts.index, dtype=object)
    national = pd.Series(None, index=texts.index, dtype=object)
    for (e164_template, national_template), prefixes_written_alike in clean_prefixes.items():
        numbers = national_significant[prefixes.isin(prefixes_written_alike)]
        e164[numbers.index] = _fill(e164_template, numbers)
        national[numbers.index] = _fill(national_template, numbers)
    return pd.DataFrame({"e164": e164, "national": national}).set_axis(cells.index)


def _plain_texts(cells: pd.Series) -> pd.Series:
    """Returns the text of each text cell, the digits of each whole positive number cell, else None."""
    values = cells.to_numpy(dtype=object)
    kinds = pd.Series(values, dtype=object).map(type)
    texts = pd.Series(np.where(kinds.isin([str]), values, None), dtype=object)
    is_number = (kinds.isin(_NUMBER_CELL_TYPES) & pd.notna(values)).to_numpy()
    numbers = values[is_number]
    in_range = (numbers > 0) & (numbers < _LARGEST_PLAIN_NUMBER)  # before float(): ints of any size
    amounts = numbers[in_range].astype(np.float64)
    whole = amounts == np.floor(amounts)
    rows = np.flatnonzero(is_number)[in_range][whole]
    texts.iloc[rows] = amounts[whole].astype(np.int64).astype(str).tolist()
    return texts


def _clean_mobile_templates(national_significant_number: str) -> tuple[str, str] | None:
    """Returns how phonenumbers writes this clean mobile in E.164 and NATIONAL ("0### ### ###"), else None."""
    number = PhoneNumber(country_code=_COUNTRY_CODE, national_number=int(national_significant_number))
    if not _is_human_mobile(number):
        return None
    e164, national = (
        _template(_format(number, number_format), national_significant_number)
        for number_format in (PhoneNumberFormat.E164, PhoneNumberFormat.NATIONAL)
    )
    return None if e164 is None or national is None else (e164, national)


def _template(written: str, national_significant_number: str) -> str | None:
    """Returns the written number with the digits of its NSN as "#": "0912 345 678" -> "0### ### ###"."""
    # The NSN is the last digits: replace the first ones of the reversed text.
    template = re.sub("[0-9]", "#", written[::-1], count=len(national_significant_number))[::-1]
    if not template.isascii() or template.count("#") != len(national_significant_number):
        return None
    return template if _fill(template, pd.Series([national_significant_number])) == [written] else None


def _fill(template: str, numbers: pd.Series) -> list[str]:
    """Returns the numbers written in the template, each "#" taking the next digit (ASCII digits only)."""
    characters = np.frombuffer(template.encode("ascii"), dtype=np.uint8)
    written = np.tile(characters, (len(numbers), 1))
    digits = np.frombuffer("".join(numbers).encode("ascii"), dtype=np.uint8)
    written[:, characters == ord("#")] = digits.reshape(len(numbers), -1)
    return written.view(f"S{len(template)}").ravel().astype(str).tolist()


def mask_phone(e164_or_text: str) -> str:
    """Returns the number for logs with its middle hidden: "0912 *** 678"; "" when there is no digit."""
    result = normalise_phone(e164_or_text)
    if result.e164:
        digits = "0" + result.e164.removeprefix(f"+{_COUNTRY_CODE}")
    else:
        digits = "".join(_DIGIT.findall(unicodedata.normalize("NFKC", e164_or_text or "")))
    if not digits:
        return ""
    # Below 10 digits, showing 4 + 3 of them would leave too little hidden.
    return f"{digits[:4]} *** {digits[-3:]}" if len(digits) >= 10 else "***"


@functools.lru_cache(maxsize=1 << 17)
def _normalise_text(raw: str) -> PhoneResult:
    """Returns the phone kept from the text of a cell; cached because the same values repeat."""
    # A line break (Alt+Enter) separates two numbers; clean_text would make it a space inside one.
    separated = _LINE_BREAK.sub(" ; ", raw)
    text = _unwrap_excel_number(unicodedata.normalize("NFKC", clean_text(separated)).lstrip("'"))
    if text is None:
        return _INVALID
    if not _DIGIT.search(text):  # "không có", "chưa có", "-", "x", "nan", blank
        return _MISSING
    usable: dict[str, tuple[str, PhoneNumber]] = {}
    for kind, number in _usable_numbers(text):
        usable.setdefault(_format(number, PhoneNumberFormat.E164), (kind, number))
    if not usable:
        return _INVALID
    first = next(iter(usable.values()))
    kind, number = next((found for found in usable.values() if found[0] != LANDLINE), first)
    e164, national = _format(number, PhoneNumberFormat.E164), _format(number, PhoneNumberFormat.NATIONAL)
    if len(usable) > 1:
        return PhoneResult(e164, national, "phone_multiple", national)
    if kind == LEGACY:
        return PhoneResult(e164, national, "phone_legacy_converted", national)
    return PhoneResult(e164, national, "phone_landline" if kind == LANDLINE else None)


def _unwrap_excel_number(text: str) -> str | None:
    """Returns the digits of a number Excel wrote as text, the text itself, or None when digits were lost."""
    if match := _ZERO_FRACTION.fullmatch(text):
        return match.group(1)
    if match := _SCIENTIFIC.fullmatch(text):
        lead, fraction, exponent = match.groups()
        # Fewer fraction digits than the exponent: Excel rounded digits away ("9.12346E+08"), or dropped
        # trailing zeros we cannot tell apart from rounding; more: not a whole number.
        return lead + fraction if len(fraction) == int(exponent) else None
    return text


def _usable_numbers(text: str) -> list[tuple[str, PhoneNumber]]:
    """Returns the mobile, legacy and landline numbers written in the text, in order, with their kind."""
    matched = _usable(match.number for match in PhoneNumberMatcher(text, _REGION, Leniency.POSSIBLE))
    if matched:
        return matched
    # The matcher finds nothing in runs such as "0912345678-0987654321": split them, but only when
    # every long piece is a number on its own, so that groups of one number are never taken apart.
    pieces = [_parse(piece) for piece in _NON_DIGITS.split(text) if len(piece) >= _MIN_PIECE_DIGITS]
    split = _usable(pieces)
    if pieces and len(split) == len(pieces):
        return split
    # parse() reads letters as keypad digits ("Zalo" -> 9256), so only text without letters is parsed whole.
    return [] if _LETTER.search(text) else _usable([_parse(text)])


def _usable(candidates: Iterable[PhoneNumber | None]) -> list[tuple[str, PhoneNumber]]:
    """Returns the candidates that are not invalid, each as (kind, number to keep)."""
    classified = (_classify(number) for number in candidates if number is not None)
    return [found for found in classified if found[0] != INVALID]


def _classify(number: PhoneNumber) -> tuple[str, PhoneNumber]:
    """Returns the kind of a parsed number and the number to keep (the new one for a legacy number)."""
    if number.country_code != _COUNTRY_CODE:
        return INVALID, number
    national_number = phonenumbers.national_significant_number(number)
    # Since 8.10.1 phonenumbers calls old 11-digit mobiles invalid, so the 2018 conversion is ours to do.
    if len(national_number) == 10 and national_number[:3] in _LEGACY_CODES:
        new_digits = _LEGACY_CODES[national_number[:3]] + national_number[3:]
        converted = PhoneNumber(country_code=_COUNTRY_CODE, national_number=int(new_digits))
        return (LEGACY if _is_human_mobile(converted) else INVALID), converted
    if _is_human_mobile(number):
        return MOBILE, number
    if (
        phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) == PhoneNumberType.FIXED_LINE
        and national_number.startswith("2")  # every area code is 2xx since the 2017 renumbering
    ):
        return LANDLINE, number
    return INVALID, number  # toll-free, premium rate, VSAT, M2M, wrong length ...


def _is_human_mobile(number: PhoneNumber) -> bool:
    """True for a valid mobile number of a person (not M2M, VSAT or another non-subscriber range)."""
    return (
        phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) == PhoneNumberType.MOBILE
        and _HUMAN_MOBILE.fullmatch(phonenumbers.national_significant_number(number)) is not None
    )


def _parse(text: str) -> PhoneNumber | None:
    """Returns the number parsed as written in Việt Nam, or None when it is not a number at all."""
    try:
        return phonenumbers.parse(text, _REGION)
    except NumberParseException:
        return None


def _format(number: PhoneNumber, number_format: int) -> str:
    """Returns the number in the given phonenumbers format."""
    return phonenumbers.format_number(number, number_format)
