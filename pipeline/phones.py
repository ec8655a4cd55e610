"""Phone cells -> the E.164 form of the member's mobile number and an issue code (SPEC §5, phones.md)."""

from __future__ import annotations

import functools
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

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
