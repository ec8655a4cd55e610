"""Phone normalisation: the shared acceptance corpus, writing-invariance properties and masking."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.phones import PhoneResult, mask_phone, normalise_phone

CORPUS = Path(__file__).parent / "data" / "phone_cases.csv"


def _cell_value(raw: str, cell_type: str) -> object:
    """Returns the raw corpus text as the value the reader hands over for that kind of Excel cell."""
    if cell_type == "empty":
        return None
    if cell_type == "number":
        return float(raw) if "." in raw or raw == "nan" else int(raw)
    return raw


def _corpus_cases() -> list:
    with CORPUS.open(encoding="utf-8", newline="") as corpus_file:
        rows = list(csv.DictReader(corpus_file))
    return [
        pytest.param(
            _cell_value(row["raw"], row["cell_type"]),
            (row["expected_phone"], row["expected_national"], row["expected_code"] or None),
            id=f"row{line}-{row['cell_type']}-{row['note']}",
        )
        for line, row in enumerate(rows, start=2)
    ]


@pytest.mark.parametrize(("value", "expected"), _corpus_cases())
def test_corpus(value: object, expected: tuple[str, str, str | None]) -> None:
    result = normalise_phone(value)
    assert (result.e164, result.national, result.code) == expected


def test_corpus_is_complete() -> None:
    assert len(_corpus_cases()) == 193


# --- details of the result -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0912 345 678", PhoneResult("+84912345678", "0912 345 678", None)),
        (
            "0168 123 4567",
            PhoneResult("+84381234567", "0381 234 567", "phone_legacy_converted", "0381 234 567"),
        ),
        ("0294 3850853", PhoneResult("+842943850853", "0294 3850 853", "phone_landline")),
        (
            "0294 3850853 - 0987654321",
            PhoneResult("+84987654321", "0987 654 321", "phone_multiple", "0987 654 321"),
        ),
        (
            "01662345678 - 0362345678",
            PhoneResult("+84362345678", "0362 345 678", "phone_legacy_converted", "0362 345 678"),
        ),
        ("0 9 1 2 3 4 5 6 7 8", PhoneResult("+84912345678", "0912 345 678", None)),
        ("SĐT0912345678", PhoneResult("+84912345678", "0912 345 678", None)),
        ("9,12345678E+08", PhoneResult("+84912345678", "0912 345 678", None)),
        (np.int64(912345678), PhoneResult("+84912345678", "0912 345 678", None)),
        (np.float64(912345678.0), PhoneResult("+84912345678", "0912 345 678", None)),
        (np.float64("nan"), PhoneResult("", "", "phone_missing")),
        (float("inf"), PhoneResult("", "", "phone_invalid")),
        (True, PhoneResult("", "", "phone_invalid")),
        ("Tổ 3, ấp 5", PhoneResult("", "", "phone_invalid")),
    ],
)
def test_result_details(value: object, expected: PhoneResult) -> None:
    assert normalise_phone(value) == expected


# --- properties ----------------------------------------------------------------------------------


def _human_mobile_prefixes() -> list[str]:
    """Returns the 3-digit national prefixes where every sampled number is a person's mobile."""
    prefixes = []
    for prefix in (str(n) for n in range(300, 1000) if str(n)[0] in "35789"):  # the H2H guard: [35789]
        numbers = [
            phonenumbers.parse(f"+84{prefix}{rest}") for rest in ("000000", "123456", "505050", "999999")
        ]
        if all(
            phonenumbers.is_valid_number(number)
            and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
            for number in numbers
        ):
            prefixes.append(prefix)
    return prefixes


MOBILE_PREFIXES = _human_mobile_prefixes()
DIGITS = "0123456789"
mobile_numbers = st.builds(  # national significant numbers: 9 digits without the trunk 0
    str.__add__, st.sampled_from(MOBILE_PREFIXES), st.text(alphabet=DIGITS, min_size=6, max_size=6)
)

# How people write one number; n is the 9-digit national significant number, s the group separator.
WRITINGS = [
    lambda n, s: f"0{n[:3]}{s}{n[3:6]}{s}{n[6:]}",
    lambda n, s: f"0{n[:2]}{s}{n[2:5]}{s}{n[5:]}",
    lambda n, s: s.join(["0" + n[0], n[1:3], n[3:5], n[5:7], n[7:]]),
    lambda n, s: f"+84{s}{n[:3]}{s}{n[3:6]}{s}{n[6:]}",
    lambda n, s: f"84{n}",
    lambda n, s: f"0084{n}",
    lambda n, s: f"(+84) 0{n}",
    lambda n, s: f"+84 (0) {n[:3]}{s}{n[3:6]}{s}{n[6:]}",
    lambda n, s: f"+84{n}",
    lambda n, s: n,  # Excel dropped the leading zero
    lambda n, s: f"{n}.0",
    lambda n, s: f"{n[0]}.{n[1:]}E+08",
    lambda n, s: f"'0{n}",
]
DECORATIONS = ["{}", "Zalo: {}", "{} (Zalo)", "ĐT: {}", " {}\u00a0"]
FULL_WIDTH = str.maketrans(DIGITS + "+", "０１２３４５６７８９＋")


def _clean_mobile(national_significant_number: str) -> PhoneResult:
    n = national_significant_number
    return PhoneResult(f"+84{n}", f"0{n[:3]} {n[3:6]} {n[6:]}", None)


def test_prefix_sample_covers_the_operators() -> None:
    assert {"912", "987", "362", "896", "522", "559", "999"} <= set(MOBILE_PREFIXES)
    assert not {"992", "890", "160", "140", "121"} & set(MOBILE_PREFIXES)


@given(
    number=mobile_numbers,
    writing=st.sampled_from(WRITINGS),
    separator=st.sampled_from([" ", ".", "-", "\u00a0"]),
    decoration=st.sampled_from(DECORATIONS),
    full_width=st.booleans(),
)
def test_any_writing_of_a_mobile_gives_its_e164(
    number: str, writing, separator: str, decoration: str, full_width: bool
) -> None:
    text = decoration.format(writing(number, separator))
    if full_width:
        text = text.translate(FULL_WIDTH)
    assert normalise_phone(text) == _clean_mobile(number)


@given(number=mobile_numbers, as_cell=st.sampled_from([int, float, lambda n: int("84" + n)]))
def test_a_mobile_in_a_number_cell_gives_its_e164(number: str, as_cell) -> None:
    assert normalise_phone(as_cell(number)) == _clean_mobile(number)


@given(number=mobile_numbers)
def test_normalising_the_national_form_again_changes_nothing(number: str) -> None:
    result = normalise_phone(number)
    assert normalise_phone(result.national) == result
    assert normalise_phone(result.e164) == result


# MIC Decision 798/QĐ-BTTTT, as in phones.md §2: old 11-digit code -> new 10-digit code.
LEGACY = dict(
    pair.split(">")
    for pair in """120>070 121>079 122>077 126>076 128>078 123>083 124>084 125>085 127>081 129>082 162>032
    163>033 164>034 165>035 166>036 167>037 168>038 169>039 186>056 188>058 199>059""".split()
)


@given(old=st.sampled_from(sorted(LEGACY)), rest=st.text(alphabet=DIGITS, min_size=7, max_size=7))
def test_every_legacy_number_is_converted(old: str, rest: str) -> None:
    result = normalise_phone(f"0{old}{rest}")
    new_number = LEGACY[old][1:] + rest
    assert (result.e164, result.code, result.detail) == (
        f"+84{new_number}",
        "phone_legacy_converted",
        _clean_mobile(new_number).national,
    )
    assert normalise_phone(result.national) == _clean_mobile(new_number)


@given(text=st.text(alphabet=DIGITS + " +-./()Oox\n", max_size=30))
def test_every_kept_number_is_stable(text: str) -> None:
    result = normalise_phone(text)
    if result.e164:
        again = normalise_phone(result.national)
        assert again.e164 == result.e164
        assert again.code in (None, "phone_landline")
    else:
        assert result.code in ("phone_missing", "phone_invalid")


@given(value=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text()))
def test_any_cell_gives_a_result(value: object) -> None:
    result = normalise_phone(value)
    assert bool(result.e164) == bool(result.national)
    assert result.e164 == "" or result.e164.startswith("+84")


# --- masking ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+84912345678", "0912 *** 678"),
        ("0912.345.678", "0912 *** 678"),
        ("0912345678 - 0987654321", "0912 *** 678"),
        ("01662345678", "0362 *** 678"),
        ("+842943850853", "0294 *** 853"),
        ("+1 202 555 0123", "1202 *** 123"),
        ("12345", "***"),
        ("không có", ""),
        ("", ""),
    ],
)
def test_mask_phone(text: str, expected: str) -> None:
    assert mask_phone(text) == expected


@given(number=mobile_numbers)
def test_mask_hides_the_middle_of_every_mobile(number: str) -> None:
    assert mask_phone(f"+84{number}") == f"0{number[:3]} *** {number[6:]}"


@pytest.mark.parametrize("separator", ["\n", "\r\n", "\n\n"])
def test_numbers_on_separate_lines_of_a_cell_are_two_numbers(separator):
    result = normalise_phone(f"0912 345 610{separator}0988.111.222")
    assert (result.e164, result.code) == ("+84912345610", "phone_multiple")
