"""Phone normalisation: the shared acceptance corpus, writing-invariance properties and masking."""

from __future__ import annotations

import csv
import random
from dataclasses import astuple
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from settled import raw_rows

from pipeline.normalise import normalise_rows
from pipeline.phones import (
    PhoneResult,
    mask_phone,
    normalise_phone,
    normalise_phones,
    plain_mobile_numbers,
)

CORPUS = Path(__file__).parent / "data" / "phone_cases.csv"


def _cell_value(raw: str, cell_type: str) -> object:
    """Returns the raw corpus text as the value the reader hands over for that kind of Excel cell."""
    if cell_type == "empty":
        return None
    if cell_type == "number":
        return float(raw) if "." in raw or raw == "nan" else int(raw)
    return raw


def _corpus() -> list[tuple[object, tuple[str, str, str | None], str]]:
    """Returns (cell value, expected (e164, national, code), case id) for each corpus row."""
    with CORPUS.open(encoding="utf-8", newline="") as corpus_file:
        rows = list(csv.DictReader(corpus_file))
    return [
        (
            _cell_value(row["raw"], row["cell_type"]),
            (row["expected_phone"], row["expected_national"], row["expected_code"] or None),
            f"row{line}-{row['cell_type']}-{row['note']}",
        )
        for line, row in enumerate(rows, start=2)
    ]


def _corpus_cases() -> list:
    return [pytest.param(value, expected, id=case_id) for value, expected, case_id in _corpus()]


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


# --- the fast path of normalise_rows (SPEC §9) ---------------------------------------------------


def _fast_and_full(cells: list) -> list[tuple[PhoneResult | None, PhoneResult]]:
    """Returns for each cell the fast path's result (None where it leaves the cell) and the full path's."""
    plain = plain_mobile_numbers(pd.Series(cells, dtype=object))
    return [
        (PhoneResult(e164, national, None) if isinstance(e164, str) else None, normalise_phone(cell))
        for cell, e164, national in zip(cells, plain["e164"], plain["national"], strict=True)
    ]


def _only_clean_mobiles(full: PhoneResult) -> PhoneResult | None:
    """Returns what the fast path must give for a plain writing: the clean mobile, else nothing."""
    return full if full.code is None else None


def test_corpus_through_normalise_rows() -> None:
    corpus = _corpus()
    person = {"name_text": "Nguyễn Văn An", "role_text": "Tổ viên"}
    raw = raw_rows([{**person, "phone_cell": value} for value, _, _ in corpus])
    rows = normalise_rows(raw)
    columns = ["phone", "phone_national", "phone_problem", "phone_detail"]
    kept = list(rows[columns].itertuples(index=False, name=None))
    assert [row[:3] for row in kept] == [expected for _, expected, _ in corpus]
    assert kept == [astuple(normalise_phone(value)) for value, _, _ in corpus]


def test_corpus_plain_mobiles_take_the_fast_path() -> None:
    pairs = _fast_and_full([value for value, _, _ in _corpus()])
    assert [fast for fast, full in pairs if fast is not None and fast != full] == []
    assert sum(fast is not None for fast, _ in pairs) == 72  # of 90 clean mobiles; the rest are messy


# Every 3-digit prefix under the H2H guard, whether phonenumbers calls it mobile or not.
GUARDED_PREFIXES = [str(prefix) for prefix in range(300, 1000) if str(prefix)[0] in "35789"]


def test_one_number_per_prefix_answers_for_the_whole_prefix() -> None:
    # The fast path asks phonenumbers about the first number of each 3-digit prefix only (see
    # _DECIDING_DIGITS in phones.py): for the pinned metadata, every other number must agree with it,
    # whichever number of the prefix comes first. The full path's answers are the same for each first
    # number, so they are computed once.
    sample = random.Random(2022)
    suffixes = [f"{fourth}{sample.randrange(10**5):05d}" for fourth in range(10)]  # every 4th digit
    suffixes += [f"{sample.randrange(10**6):06d}" for _ in range(10)] + ["000000", "999999"]
    others = [f"0{prefix}{suffix}" for prefix in GUARDED_PREFIXES for suffix in suffixes]
    full_of = {cell: normalise_phone(cell) for cell in others}
    for answering_suffix in ["000000", "999999", "505050"]:
        first = [f"0{prefix}{answering_suffix}" for prefix in GUARDED_PREFIXES]
        full_of.update((cell, normalise_phone(cell)) for cell in first if cell not in full_of)
        cells = first + others
        plain = plain_mobile_numbers(pd.Series(cells, dtype=object))
        fast = [
            PhoneResult(e164, national, None) if isinstance(e164, str) else None
            for e164, national in zip(plain["e164"], plain["national"], strict=True)
        ]
        differing = [
            cell
            for cell, answer in zip(cells, fast, strict=True)
            if answer != _only_clean_mobiles(full_of[cell])
        ]
        assert differing == [], answering_suffix
        assert sum(answer is not None for answer in fast) > len(cells) // 2


@st.composite
def plain_writings(draw) -> object:
    """Returns a 9-digit NSN under the H2H guard in one of the notations the fast path takes."""
    number = draw(st.sampled_from(GUARDED_PREFIXES)) + draw(st.text(alphabet=DIGITS, min_size=6, max_size=6))
    as_number_cell = draw(
        st.sampled_from(
            [None, int, float, np.int64, np.float64, lambda n: int(f"84{n}"), lambda n: float(f"84{n}")]
        )
    )
    if as_number_cell is not None:
        return as_number_cell(number)
    digits = draw(st.sampled_from(["0", ""])) + number  # "": Excel dropped the leading zero
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=6)))
    groups = [digits[start:end] for start, end in pairwise([0, *cuts, len(digits)])]
    if len(groups) > 1 and draw(st.booleans()):
        groups[0] = f"({groups[0]})"  # "(0912) 345 678", "+84 (0) 912 345 678"
    separators = [draw(st.sampled_from([" ", ".", "-", "  ", "\u00a0"])) for _ in groups]
    country_code = draw(st.sampled_from(["", "84", "0084", "+84", "(+84)"]))
    if country_code:
        separator = draw(st.sampled_from(["", " ", ".", "-"]))
        if country_code == "(+84)" and groups[0].startswith("("):
            separator = " "  # phonenumbers does not match "(+84)(0)" as brackets: left to the full path
        country_code += separator
    text = country_code + groups[0] + "".join(map(str.__add__, separators[1:], groups[1:]))
    return draw(st.sampled_from(["", "'", " "])) + text + draw(st.sampled_from(["", " "]))


@given(cells=st.lists(plain_writings(), min_size=1, max_size=30))
def test_fast_path_takes_every_plain_mobile_and_gives_the_full_path_result(cells: list) -> None:
    for cell, (fast, full) in zip(cells, _fast_and_full(cells), strict=True):
        assert fast == _only_clean_mobiles(full), cell


@st.composite
def near_plain_writings(draw) -> str:
    """Returns a plain writing of a mobile with a few more marks put anywhere: the fast path's edge."""
    text = str(draw(plain_writings()))
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(text)))
        mark = draw(st.sampled_from(["(", ")", " ", ".", "-", " - - - ", "+", "'", "0"]))
        text = text[:position] + mark + text[position:]
    return text


any_cells = st.one_of(
    near_plain_writings(),
    st.text(alphabet=DIGITS + " .-()+'\u00a0", max_size=20),
    st.text(alphabet=DIGITS, min_size=9, max_size=14),
    st.builds(str.__add__, st.text(alphabet=DIGITS, min_size=9, max_size=12), st.sampled_from([".0", ".00"])),
    st.builds(lambda number: f"0{number[:-1]}.0", mobile_numbers),  # Excel's ".0" after 9 digits
    st.integers(),
    st.floats(),
    st.none(),
    st.booleans(),
)


@given(cells=st.lists(any_cells, min_size=1, max_size=30))
def test_fast_path_agrees_with_the_full_path_on_any_cell(cells: list) -> None:
    for cell, (fast, full) in zip(cells, _fast_and_full(cells), strict=True):
        assert fast is None or fast == full, cell
    phones = normalise_phones(pd.Series(cells, dtype=object))
    assert list(phones.itertuples(index=False, name=None)) == [astuple(normalise_phone(c)) for c in cells]


@pytest.mark.parametrize(
    "value",
    [
        "0912345678 - 0987654321",  # several numbers
        "Zalo: 0912345678",  # letters
        "01662345678",  # legacy 11-digit number
        "0294 3850853",  # landline
        "9.12345678E+08",  # scientific notation
        "912345678.0",  # Excel's ".0"
        "098765432.0",  # Excel's ".0": the digits without it are not a mobile
        "0992 345 678",  # VSAT, not a person
        "0160 1234 567",  # M2M
        "０９１２３４５６７８",  # full-width digits
        "0912 345 678\n",  # a line break
        "(+84)(0)912345678",  # brackets phonenumbers does not match
        "0912-345 (678) 9",  # a page reference to phonenumbers
        "843068878 (39)",  # the matcher drops the last ")", then finds 0843 068 878
        "840386939 - - - 071",  # too many marks in a row: the matcher finds 0840 386 939
        -912345678,
        912345678.5,
        float("nan"),
        None,
        True,
    ],
)
def test_fast_path_leaves_everything_else_to_the_full_path(value: object) -> None:
    assert _fast_and_full([value])[0][0] is None
    phones = normalise_phones(pd.Series([value], dtype=object))
    assert list(phones.itertuples(index=False, name=None)) == [astuple(normalise_phone(value))]


def test_normalise_phones_keeps_the_index_and_reads_number_columns() -> None:
    numbers = normalise_phones(pd.Series([912345678, 84987654321], index=[7, 7]))
    assert numbers.index.tolist() == [7, 7]
    assert numbers["national"].tolist() == ["0912 345 678", "0987 654 321"]
    with_gaps = normalise_phones(pd.Series([912345678.0, np.nan], index=["a", "b"]))
    assert list(with_gaps.itertuples(name=None)) == [
        ("a", "+84912345678", "0912 345 678", None, ""),
        ("b", "", "", "phone_missing", ""),
    ]
