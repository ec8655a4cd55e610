"""Hostile text in names and teams: hidden characters are removed, look-alike letters of other scripts
become Latin, Vietnamese letters never change."""

import csv
import json
import unicodedata
from datetime import date

import openpyxl
from fixtures_mau2 import HEADER, settle, write_xlsx
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest.legacy import LegacyTextFixer
from pipeline.normalise import canonical_name, latin_letters
from pipeline.report.labels import flag_notes
from pipeline.runtime.run import run_consolidation
from pipeline.text import clean_text, has_hidden_characters

RTL_OVERRIDE, CYRILLIC_E = "\u202e", "\u0415"


def test_clean_text_drops_format_and_control_characters_and_keeps_spaces():
    for hidden in (
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\x07",
        "\x1b",
        "\x08",
        "\u200b",
        "\ufeff",
    ):
        assert clean_text(f"Võ Văn {hidden}Em") == "Võ Văn Em"
        assert has_hidden_characters(f"Võ Văn {hidden}Em")
    assert clean_text("Võ\tVăn\nEm\u00a0") == "Võ Văn Em"  # whitespace controls become a space
    for visible in ("Võ\tVăn\nEm", "Võ\u00a0Văn Em", "Võ Văn Em", ""):
        assert not has_hidden_characters(visible)


def test_the_reader_reports_each_cell_it_cleaned_of_hidden_characters():
    fixer = LegacyTextFixer("a.xlsx", "DS")
    assert fixer(f"Võ Văn {RTL_OVERRIDE}Em", 2, 3, "name") == "Võ Văn Em"
    assert fixer("Tổ\u2066 ấp Hai\u2069", 2, 2, "team") == "Tổ ấp Hai"
    assert fixer("Tổ viên\x07", 3, 4, "") == "Tổ viên"  # a header probe: nothing to report
    assert fixer("Lê Văn Ba", 3, 3, "name") == "Lê Văn Ba"
    assert [(i.row, i.column, i.column_letter, i.code, i.value) for i in fixer.issues] == [
        (3, "name", "D", "text_hidden_characters", "Võ Văn Em"),
        (3, "team", "C", "text_hidden_characters", "Tổ ấp Hai"),
    ]


def test_look_alike_letters_become_latin():
    assert latin_letters(f"Võ Văn {CYRILLIC_E}m") == ("Võ Văn Em", "name_lookalike_letters")
    assert latin_letters("Nguyễn Thị \u0391nh") == ("Nguyễn Thị Anh", "name_lookalike_letters")  # Greek Α
    assert canonical_name(f"VÕ VĂN {CYRILLIC_E}M") == "Võ Văn Em"


def test_letters_without_a_latin_look_alike_are_kept_and_warned():
    for typed in ("Nguyễn Thị \u041b\u0430\u043d", "Lê Văn \u0416u", "\u0391\u0392\u0393"):
        assert latin_letters(typed) == (typed, "name_mixed_scripts")


# The Vietnamese alphabet, every vowel with every tone: the letters a name may hold.
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_VOWELS = "aăâeêioôơuưy"
_LETTERS = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES] + list("bcdđghklmnpqrstvx")
_WORD = st.lists(st.sampled_from(_LETTERS), min_size=1, max_size=7).map("".join)
_NAME = st.lists(_WORD.map(str.capitalize), min_size=1, max_size=5).map(" ".join)


@given(_NAME, st.booleans())
def test_vietnamese_letters_never_change(name, capitals):
    typed = name.upper() if capitals else name
    assert latin_letters(typed) == (typed, None)
    assert canonical_name(typed) == canonical_name(name)


def test_a_hostile_name_is_cleaned_and_merges_with_the_same_person_typed_in_latin(tmp_path):
    inbox, outbox, registry = tmp_path / "inbox", tmp_path / "outbox", tmp_path / "registry.csv"
    registry.write_text(
        "district,commune,hamlet\n"
        "Huyện Càng Long,Xã Đại Phước,Ấp Hạ\n"
        "Huyện Càng Long,Xã Đại Phước,Ấp Thượng\n",
        encoding="utf-8",
    )
    hostile = f"Võ Văn {RTL_OVERRIDE}{CYRILLIC_E}m"
    rows = [
        ["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"],
        HEADER,
        [1, "Xã Đại Phước", "Tổ CNSCĐ ấp Hạ", hostile, "Tổ trưởng", "0912345601"],  # 3
        [None, None, None, "Lê Văn Ba", "Tổ phó", "0912345602"],
        [2, None, "Tổ CNSCĐ ấp Thượng", "Trần Văn Một", "Tổ trưởng", "0912345611"],
        [None, None, None, "Võ Văn Em", "Tổ viên", "0912345601"],  # 6: the same person, in Latin
    ]
    write_xlsx(inbox / "Huyen Cang Long" / "cang-long.xlsx", {"DS": rows})
    run_consolidation(settle(inbox), outbox, registry, date(2022, 8, 27), date(2022, 8, 20))
    with (outbox / "danh-sach.csv").open(encoding="utf-8-sig", newline="") as handle:
        members = list(csv.DictReader(handle))
    assert [(m["team"], m["name"], m["role"], m["source_row"]) for m in members] == [
        ("Tổ CNSCĐ ấp Hạ", "Võ Văn Em", "Tổ trưởng", "3"),
        ("Tổ CNSCĐ ấp Hạ", "Lê Văn Ba", "Tổ phó", "4"),
        ("Tổ CNSCĐ ấp Thượng", "Trần Văn Một", "Tổ trưởng", "5"),
    ]
    assert members[0]["flags"].split(";")[:2] == ["text_hidden_characters", "name_lookalike_letters"]
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["rows_merged"] == 1
    listed = openpyxl.load_workbook(outbox / "tong-hop.xlsx", read_only=True)["Danh sách tổ"]
    first = next(row for row in listed.iter_rows(values_only=True) if row[0] == 1)
    assert first[2:4] == ("Tổ CNSCĐ ấp Hạ", "Võ Văn Em")
    assert first[8].startswith("Đã xóa ký tự ẩn; Đã đổi chữ cái bảng chữ khác sang chữ Latinh")


def test_the_member_list_notes_the_new_codes_in_vietnamese():
    assert flag_notes("text_hidden_characters;name_lookalike_letters;name_mixed_scripts") == (
        "Đã xóa ký tự ẩn; Đã đổi chữ cái bảng chữ khác sang chữ Latinh; "
        "Họ tên có chữ cái không phải chữ Latinh"
    )
