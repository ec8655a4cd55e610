"""Tests for pipeline.ingest.legacy_text: TCVN3 / VNI mojibake back to Unicode, real text left alone."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.ingest.legacy_text import (
    _CODAS,
    _NUCLEI,
    _ONSETS,
    _TCVN3,
    _VNI,
    _is_syllable,
    repair_legacy_text,
)

TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng
SMALL_LETTERS = [unicodedata.normalize("NFC", base + tone) for base in "aăâeêioôơuưy" for tone in TONES] + [
    "đ"
]
LETTERS = SMALL_LETTERS + [letter.upper() for letter in SMALL_LETTERS]


def encode(text: str, encoding: str) -> str:
    """Returns the text as a legacy font stores it, by inverting the module's own table."""
    legacy_of = {letter: legacy for legacy, letter in (_TCVN3 if encoding == "TCVN3" else _VNI).items()}
    encoded = []
    for char in text:
        if char.isascii():
            encoded.append(char)
        elif char in legacy_of:
            encoded.append(legacy_of[char])
        elif encoding == "TCVN3":
            encoded.append(legacy_of[char.lower()])  # no toned capitals: a capitals font draws the small byte
        else:
            raise KeyError(f"VNI has no sequence for {char!r}")
    return "".join(encoded)


def test_each_table_holds_every_letter_exactly_once() -> None:
    non_ascii = [letter for letter in LETTERS if not letter.isascii()]
    assert sorted(_VNI.values()) == sorted(non_ascii)
    # TCVN3: every small letter, and only the untoned capitals Ă Â Ê Ô Ơ Ư Đ.
    assert sorted(_TCVN3.values()) == sorted(
        [letter for letter in non_ascii if letter.islower()] + list("ĂÂÊÔƠƯĐ")
    )


@pytest.mark.parametrize("letter", LETTERS)
@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_every_letter_round_trips_with_the_font(encoding: str, letter: str) -> None:
    font = "VNI-Times" if encoding == "VNI" else ".VnTimeH" if letter.isupper() else ".VnTime"
    legacy = encode(letter, encoding)
    assert repair_legacy_text(legacy, font) == (letter, None if legacy == letter else encoding)


@pytest.mark.parametrize("letter", LETTERS)
@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_every_letter_round_trips_without_a_font_in_a_name(encoding: str, letter: str) -> None:
    # A lone letter is ambiguous ("é" is TCVN3 "ộ" and French "é"), so each letter sits in a name.
    name = f"NGUYỄN VĂN {letter}" if letter.isupper() else f"Nguyễn Văn {letter}"
    repaired, detected = repair_legacy_text(encode(name, encoding))
    assert (repaired, detected) == (name, encoding)
    assert unicodedata.is_normalized("NFC", repaired)


# Real mojibake, transcribed by hand from the TCVN3 chart (not from the module). TCVN3 has no toned
# capitals, so a capital typed in an ordinary .Vn font comes back small ("ót" is "út").
TCVN3_SAMPLES = [
    ("NguyÔn V¨n A", "Nguyễn Văn A"),
    ("Trµ Vinh", "Trà Vinh"),
    ("§Æng ThÞ ót", "Đặng Thị út"),
    ("Tr\xadêng", "Trường"),
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Lª ThÞ Thu H»ng", "Lê Thị Thu Hằng"),
    ("Ph\xadêng 5", "Phường 5"),
    ("HuyÖn CÇu Ngang", "Huyện Cầu Ngang"),
    ("TØnh Trµ Vinh", "Tỉnh Trà Vinh"),
    ("Tæ c«ng nghÖ sè céng ®ång", "Tổ công nghệ số cộng đồng"),
    ("NguyÔn ThÞ Mü Lý", "Nguyễn Thị Mỹ Lý"),
    ("Vâ V¨n KiÖt", "Võ Văn Kiệt"),
    ("Hå ChÝ Minh", "Hồ Chí Minh"),
    ("Bïi Thanh Tïng", "Bùi Thanh Tùng"),
    ("D\xad¬ng V¨n Hïng", "Dương Văn Hùng"),
    ("Tæ tr\xadëng", "Tổ trưởng"),
    ("x· Hßa ThuËn", "xã Hòa Thuận"),
    ("Êp T©n Thµnh", "ấp Tân Thành"),
    ("Ch\xada cã", "Chưa có"),
    ("B×nh ®¼ng", "Bình đẳng"),
    ("Ph¹m ThÞ Mþ", "Phạm Thị Mỵ"),
    ("Ng« Quèc TuÊn", "Ngô Quốc Tuấn"),
    ("Huúnh V¨n Kh¸nh", "Huỳnh Văn Khánh"),
    ("NGUYÔN V¡N A", "NGUYỄN VĂN A"),
    ("TR¦êNG TIÓU HäC", "TRƯỜNG TIỂU HỌC"),
]

# Real mojibake, transcribed by hand from the VNI chart: base letter + mark ("aù" = "á").
VNI_SAMPLES = [
    ("Nguyeãn Vaên A", "Nguyễn Văn A"),
    ("Traø Vinh", "Trà Vinh"),
    ("Ñaëng Thò UÙt", "Đặng Thị Út"),
    ("Tröôøng", "Trường"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Leâ Thò Thu Haèng", "Lê Thị Thu Hằng"),
    ("Phöôøng 5", "Phường 5"),
    ("Huyeän Caàu Ngang", "Huyện Cầu Ngang"),
    ("Tænh Traø Vinh", "Tỉnh Trà Vinh"),
    ("Toå coâng ngheä soá coäng ñoàng", "Tổ công nghệ số cộng đồng"),
    ("Nguyeãn Thò Myõ Lyù", "Nguyễn Thị Mỹ Lý"),
    ("Voõ Vaên Kieät", "Võ Văn Kiệt"),
    ("Buøi Thanh Tuøng", "Bùi Thanh Tùng"),
    ("Döông Vaên Huøng", "Dương Văn Hùng"),
    ("Toå tröôûng", "Tổ trưởng"),
    ("AÁp Taân Thaønh", "Ấp Tân Thành"),
    ("Chöa coù", "Chưa có"),
    ("Bình ñaúng", "Bình đẳng"),
    ("Phaïm Thò Mî", "Phạm Thị Mỵ"),
    ("Ngoâ Quoác Tuaán", "Ngô Quốc Tuấn"),
    ("Huyønh Vaên Khaùnh", "Huỳnh Văn Khánh"),
    ("Tænh Vónh Long", "Tỉnh Vĩnh Long"),
    ("NGUYEÃN VAÊN AÙNH", "NGUYỄN VĂN ÁNH"),
    ("TRÖÔØNG TIEÅU HOÏC", "TRƯỜNG TIỂU HỌC"),
]

SAMPLES = [(legacy, expected, "TCVN3", ".VnTime") for legacy, expected in TCVN3_SAMPLES] + [
    (legacy, expected, "VNI", "VNI-Times") for legacy, expected in VNI_SAMPLES
]


@pytest.mark.parametrize(("legacy", "expected", "encoding", "font"), SAMPLES)
def test_real_mojibake_is_repaired_with_the_font(
    legacy: str, expected: str, encoding: str, font: str
) -> None:
    assert repair_legacy_text(legacy, font) == (expected, encoding)


@pytest.mark.parametrize(("legacy", "expected", "encoding", "font"), SAMPLES)
def test_real_mojibake_is_detected_without_a_font(
    legacy: str, expected: str, encoding: str, font: str
) -> None:
    for unicode_font in (None, "Times New Roman"):
        assert repair_legacy_text(legacy, unicode_font) == (expected, encoding)


@pytest.mark.parametrize(("legacy", "expected", "encoding", "font"), SAMPLES)
def test_repaired_text_is_left_alone_the_second_time(
    legacy: str, expected: str, encoding: str, font: str
) -> None:
    # Only without a legacy font: in a .VnTime cell even "Bùi" is TCVN3 for "Bựi" (see the font tests).
    assert repair_legacy_text(expected) == (expected, None)
    assert repair_legacy_text(expected, "Arial") == (expected, None)


@pytest.mark.parametrize(
    ("legacy", "expected", "font"),
    [
        ("Hoà Chí Minh", "Hồ Chí Minh", "VNI-Times"),  # "Hoà" is also good Unicode (old tone placement)
        ("La Thò Linh", "La Thị Linh", "VNI-Times"),  # "thò" is a Vietnamese word too
        ("Lý Thanh Tó", "Lý Thanh Tú", ".VnTime"),
        ("Khãm 3", "Khóm 3", ".VnArial"),
        ("Êp 5", "ấp 5", ".VnTime"),
    ],
)
def test_text_that_reads_as_unicode_too_is_repaired_only_with_the_font(
    legacy: str, expected: str, font: str
) -> None:
    assert repair_legacy_text(legacy, font)[0] == expected
    assert repair_legacy_text(legacy) == (legacy, None)


@pytest.mark.parametrize(
    ("font", "legacy", "expected"),
    [
        (".VnTime", "NguyÔn V¨n", "Nguyễn Văn"),
        (".VnArial", "NguyÔn V¨n", "Nguyễn Văn"),
        (" .VnTime ", "NguyÔn V¨n", "Nguyễn Văn"),
        (".VnTimeH", "NguyÔn V¨n", "NGUYỄN VĂN"),  # capitals font: decode, then upper-case
        (".VnArialH", "nguyÔn v¨n", "NGUYỄN VĂN"),
        ("VNI-Times", "Nguyeãn Vaên", "Nguyễn Văn"),
        ("VNI-Helve", "Nguyeãn Vaên", "Nguyễn Văn"),
    ],
)
def test_the_font_name_chooses_the_encoding(font: str, legacy: str, expected: str) -> None:
    assert repair_legacy_text(legacy, font) == (expected, "VNI" if font.startswith("VNI") else "TCVN3")


def test_the_font_wins_over_the_score() -> None:
    # In a .VnTime cell "Café" and "Bùi" show as "Cafộ" and "Bựi" on the officer's screen: that is what
    # was typed. Unicode pasted into such a cell is only recognised when it holds a letter TCVN3 lacks.
    assert repair_legacy_text("Café", ".VnTime") == ("Cafộ", "TCVN3")
    assert repair_legacy_text("Bùi Thanh Tùng", ".VnTime") == ("Bựi Thanh Tựng", "TCVN3")
    assert repair_legacy_text("Café") == ("Café", None)
    assert repair_legacy_text("Bùi Thanh Tùng") == ("Bùi Thanh Tùng", None)


UNCHANGED = [
    "Nguyễn Văn Á",
    "Trà Vinh",
    "Đặng Thị Út",
    "Lê Lý",
    "Hòa",
    "Hoà Bình",
    "Toàn",
    "Tú Tài",
    "CÔ TÔ",
    "Nguyen Van A",
    "0912 345 678",
    "abc@gmail.com",
    "",
    "Café",
    "José",
    "Müller",
    "São Paulo",
    "François",
    "Zoë",
    "naïve",
    "Ñandú",
    "Straße",
    "Gaëlle",
    "Raúl",
    "25°C",
    "½",
    "© 2024",
]


@pytest.mark.parametrize("text", UNCHANGED)
@pytest.mark.parametrize("font", [None, "Times New Roman", "Arial", "Calibri"])
def test_unicode_ascii_and_latin1_text_is_left_alone(text: str, font: str | None) -> None:
    assert repair_legacy_text(text, font) == (text, None)


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("Nguyễn Văn Á", ".VnTime"),  # Unicode pasted into an old template's .VnTime cell
        ("Đặng Thị Út", "VNI-Times"),
        ("Lê Hà", ".VnTime"),  # "à" is no TCVN3 byte
        ("Lê Lý", "VNI-Times"),  # a lone "ê" or "ý" is no VNI sequence
        ("Nguyen Van A", ".VnTimeH"),
    ],
)
def test_text_a_legacy_font_cannot_hold_is_left_alone(text: str, font: str) -> None:
    assert repair_legacy_text(text, font) == (text, None)


def test_plain_text_comes_back_as_the_same_object() -> None:
    for text in ("Nguyen Van A", "Nguyễn Văn Á", "0912345678"):
        assert repair_legacy_text(text)[0] is text


def test_soft_hyphen_is_tcvn3_u_with_horn() -> None:
    # Byte 0xAD is "ư" in TCVN3 but shows as an invisible soft hyphen: it must not be dropped.
    assert _TCVN3["\u00ad"] == "ư"
    assert repair_legacy_text("L\u00adu V¨n Tµi") == ("Lưu Văn Tài", "TCVN3")
    assert repair_legacy_text("Tr\u00adêng") == ("Trường", "TCVN3")
    assert repair_legacy_text("Tr\u00adêng", ".VnTime") == ("Trường", "TCVN3")
    assert repair_legacy_text("TR\u00adêNG", ".VnTimeH") == ("TRƯỜNG", "TCVN3")
    assert repair_legacy_text("\u00ad", ".VnTime") == ("ư", "TCVN3")


def test_a_real_soft_hyphen_is_left_alone() -> None:
    for text in ("Nguyễn\u00adVăn", "Computer\u00adsystem", "Trà\u00adVinh"):
        assert repair_legacy_text(text) == (text, None)


# QA case c31: the soft hyphen that stood for "ư" was dropped on the way (web page, CSV, some tools).
LOST_U_QA = [
    ("NguyÔn V¨n §îc", "Nguyễn Văn Được"),
    ("Lª ThÞ Hêng", "Lê Thị Hường"),
    # A lone capital is an initial ("Nguyễn Văn B"), so "T" is not guessed to be "Tư".
    ("TrÇn V¨n T", "Trần Văn T"),
]

# Hand-transcribed, then the 0xAD byte of "ư" taken out. The decoded word without it ("Hờng", "Đợc", "Lơng",
# "Hng") is no Vietnamese syllable, and one place only for the "ư" makes it one.
LOST_U_WORDS = [
    ("¬ng", "ương"),
    ("íc", "ước"),
    ("êng", "ường"),
    ("Hng", "Hưng"),
    ("Trng", "Trưng"),
    ("nhng", "nhưng"),
    ("L¬ng", "Lương"),
    ("Tr¬ng", "Trương"),
    ("D¬ng", "Dương"),
    ("Ph¬ng", "Phương"),
    ("Th¬ng", "Thương"),
    ("§îc", "Được"),
    ("Hêng", "Hường"),
    ("Trêng", "Trường"),
    ("§êng", "Đường"),
    ("Cêng", "Cường"),
    ("Phíc", "Phước"),
    ("Níc", "Nước"),
    ("Lîng", "Lượng"),
    ("Tëng", "Tưởng"),
    ("Dìng", "Dưỡng"),
    ("Rîu", "Rượu"),
    ("H¬u", "Hươu"),
]


@pytest.mark.parametrize(("legacy", "expected"), LOST_U_QA)
@pytest.mark.parametrize("font", [".VnTime", None])
def test_qa_names_with_a_lost_u_are_restored(legacy: str, expected: str, font: str | None) -> None:
    assert repair_legacy_text(legacy, font) == (expected, "TCVN3")


@pytest.mark.parametrize(("legacy", "expected"), LOST_U_WORDS)
@pytest.mark.parametrize("font", [".VnTime", None])
def test_a_lost_u_is_put_back_where_only_it_makes_a_syllable(
    legacy: str, expected: str, font: str | None
) -> None:
    assert repair_legacy_text(f"TrÇn V¨n {legacy}", font) == (f"Trần Văn {expected}", "TCVN3")


def test_a_lost_u_is_put_back_in_capitals() -> None:
    assert repair_legacy_text("TRêNG", ".VnTimeH") == ("TRƯỜNG", "TCVN3")
    assert repair_legacy_text("§îC", ".VnTimeH") == ("ĐƯỢC", "TCVN3")
    assert repair_legacy_text("NGUYÔN V¡N §îC") == ("NGUYỄN VĂN ĐƯỢC", "TCVN3")


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        # Still a syllable without the "ư", so nothing shows it was lost: "Mười", "Người", "Tươi", "Lưu"
        # and "Hờ" all stay as typed.
        ("Hê", "Hờ"),
        ("Mêi", "Mời"),
        ("Ngêi", "Ngời"),
        ("T¬i", "Tơi"),
        ("Lu V¨n Tµi", "Lu Văn Tài"),
        ("V\xadên", "Vườn"),  # the soft hyphen survived: no second "ư"
        # Initials and abbreviations: one letter or no vowel, and no "ưng" to make.
        ("NguyÔn V¨n B", "Nguyễn Văn B"),
        ("Ng. V¨n A", "Ng. Văn A"),
        ("Th. Trµ", "Th. Trà"),
        ("Tp. Trµ Vinh", "Tp. Trà Vinh"),
        ("§oµn TN", "Đoàn TN"),
        ("§T: 0912 345 678", "ĐT: 0912 345 678"),
        ("Tæ CNSC§ Êp NhÞ", "Tổ CNSCĐ ấp Nhị"),
        # Two places give a syllable ("ngư", "ưng"): too ambiguous to touch.
        ("V¨n ng", "Văn ng"),
    ],
)
def test_words_that_need_no_u_or_are_ambiguous_are_left_as_decoded(legacy: str, expected: str) -> None:
    assert repair_legacy_text(legacy, ".VnTime") == (expected, "TCVN3")


def test_no_valid_syllable_is_changed_by_the_restoration() -> None:
    # Every small syllable the checker accepts, in every tone, typed in TCVN3 with its "ư" intact.
    syllables = {
        unicodedata.normalize("NFC", onset + nucleus + coda + tone)
        for onset in _ONSETS
        for nucleus in _NUCLEI
        for coda in _CODAS
        for tone in TONES
    }
    valid = sorted(syllable for syllable in syllables if _is_syllable(syllable))
    assert len(valid) > 5_000
    changed = {
        syllable: repaired
        for syllable in valid
        if (repaired := repair_legacy_text(encode(syllable, "TCVN3"), ".VnTime")[0]) != syllable
    }
    assert changed == {}
