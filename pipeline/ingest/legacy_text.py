"""Repairs cells typed with legacy Vietnamese fonts (TCVN3 / VNI) into Unicode NFC."""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache

# Tone marks, always in this order: huyền, sắc, hỏi, ngã, nặng.
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _letter(base: str, tone: str = "") -> str:
    """Returns the NFC letter for a base letter and an optional tone mark."""
    return unicodedata.normalize("NFC", base + tone)


# TCVN3 = TCVN 5712:1993, the VN3 set of the .Vn* fonts: one byte per letter, read back as the Latin-1
# character of that byte (so byte 0xAD, "ư", is the soft hyphen U+00AD). Transcribed from the published
# code chart and checked byte for byte against the TCVN3 table of x-unikey (src/vnconv/data.cpp).
# The set has no toned capitals: .VnTimeH-style fonts draw the same bytes as capitals.
_TCVN3_PLAIN = "ĂÂÊÔƠƯĐăâêôơưđ"  # bytes 0xA1..0xAE
_TCVN3_TONED = {  # vowel: bytes of its huyền, sắc, hỏi, ngã, nặng forms
    "a": "b5 b8 b6 b7 b9",
    "ă": "bb be bc bd c6",
    "â": "c7 ca c8 c9 cb",
    "e": "cc d0 ce cf d1",
    "ê": "d2 d5 d3 d4 d6",
    "i": "d7 dd d8 dc de",
    "o": "df e3 e1 e2 e4",
    "ô": "e5 e8 e6 e7 e9",
    "ơ": "ea ed eb ec ee",
    "u": "ef f3 f1 f2 f4",
    "ư": "f5 f8 f6 f7 f9",
    "y": "fa fd fb fc fe",
}
_TCVN3 = {chr(0xA1 + offset): letter for offset, letter in enumerate(_TCVN3_PLAIN)} | {
    chr(int(code, 16)): _letter(vowel, tone)
    for vowel, codes in _TCVN3_TONED.items()
    for code, tone in zip(codes.split(), _TONES, strict=True)
}

# VNI Windows (VNI-Times, VNI-Helve...): a Latin base letter followed by a mark character; capitals use
# the capital base and mark ("AÙ" = "Á"). From the VNI code chart, checked against the VNIWIN table of
# x-unikey (src/vnconv/data.cpp). The i-family, ơ, ư, đ and ỵ are single characters; "ì" and "í" are
# already the letters they show and are kept so that they count as VNI characters.
_VNI_TONE_MARKS = "øùûõï"  # after a e o u y ơ ư: huyền, sắc, hỏi, ngã, nặng
_VNI_CIRCUMFLEX = "âàáåãä"  # after a e o -> â ê ô: untoned, then the five tones
_VNI_BREVE = "êèéúüë"  # after a -> ă: untoned, then the five tones
_VNI_I = "ìíæóò"  # i with huyền, sắc, hỏi, ngã, nặng
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "î": "ỵ"} | {
    legacy: _letter("i", tone) for legacy, tone in zip(_VNI_I, _TONES, strict=True)
}


def _vni_table() -> dict[str, str]:
    """Returns every VNI sequence, small and capital, with its Unicode letter."""
    small = dict(_VNI_SINGLE)
    for base, legacy in [("a", "a"), ("e", "e"), ("o", "o"), ("u", "u"), ("y", "y"), ("ơ", "ô"), ("ư", "ö")]:
        for mark, tone in zip(_VNI_TONE_MARKS, _TONES, strict=True):
            small[legacy + mark] = _letter(base, tone)
    del small["yï"]  # ỵ is the single character "î"
    for base in "aeo":
        for mark, tone in zip(_VNI_CIRCUMFLEX, ("", *_TONES), strict=True):
            small[base + mark] = _letter(base + "\u0302", tone)
    for mark, tone in zip(_VNI_BREVE, ("", *_TONES), strict=True):
        small["a" + mark] = _letter("ă", tone)
    return small | {legacy.upper(): letter.upper() for legacy, letter in small.items()}


_VNI = _vni_table()


def _pattern(table: dict[str, str]) -> re.Pattern[str]:
    """Returns a pattern matching the table's sequences, longest first so "ôù" wins over "ô"."""
    return re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True))))


_CODECS = {"TCVN3": (_TCVN3, _pattern(_TCVN3)), "VNI": (_VNI, _pattern(_VNI))}

# Every legacy letter shows as a character of U+00A1..U+00FF; text without one needs no work.
_LEGACY_CHAR = re.compile("[\u00a1-\u00ff]")
# Vietnamese letters beyond Latin-1 (and combining marks): no legacy font can produce them.
_UNICODE_VIETNAMESE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u0300-\u0323\u1ea0-\u1ef9]"
)
_SMALL_ASCII = re.compile("[a-z]")
_TWO_CAPITALS = re.compile(r"[A-Z]\S*[A-Z]")
_WORD = re.compile(rf"[^\s\d{re.escape(string.punctuation)}]+")
_VOWEL = re.compile("[aeiouy]")  # on NFD text, so "ơ" is "o" + horn

# Vietnamese spelling, to tell a repaired word from a mojibake one. Tone marks are taken off first.
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", *"bcdđghklmnprstvx", "")
# Vowel groups (nuclei): some only close a syllable ("ai"), some need a final consonant ("iê"), the rest
# take either.
_OPEN_NUCLEI = frozenset(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui uơ ưa ưi ưu "
    "iêu oai oao oay oeo uây uôi uya uyu ươi ươu yêu".split()
)
_CLOSED_NUCLEI = frozenset("ă â iê yê oă uâ uô ươ uyê".split())
_NUCLEI = _OPEN_NUCLEI | _CLOSED_NUCLEI | frozenset("a e ê i o ô ơ u ư y oa oe uê uy".split())
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
_NO_TONE = dict.fromkeys(map(ord, _TONES), None)


def repair_legacy_text(text: str, font_name: str | None = None) -> tuple[str, str | None]:
    """Returns (unicode NFC text, "TCVN3" | "VNI" | None when nothing was converted)."""
    if not _LEGACY_CHAR.search(text) or _UNICODE_VIETNAMESE.search(text):
        return text, None
    encoding = _font_encoding(font_name)
    if encoding:
        converted = _decode(text, encoding, capitals_font=_is_capitals_font(font_name))
    else:
        encoding, converted = _detect(text)
    if converted is None or converted == text:
        return text, None
    return converted, encoding


def _font_encoding(font_name: str | None) -> str | None:
    """Returns the legacy encoding a font name stands for, or None for a Unicode or unknown font."""
    name = (font_name or "").strip().lower()
    if name.startswith(".vn"):
        return "TCVN3"
    if name.startswith(("vni-", "vni ")):
        return "VNI"
    return None


def _is_capitals_font(font_name: str | None) -> bool:
    """True for the capitals-only TCVN3 fonts: .VnTimeH, .VnArialH..."""
    return _font_encoding(font_name) == "TCVN3" and (font_name or "").strip().endswith("H")


def _is_all_caps(text: str) -> bool:
    """True when no ASCII letter is small and some word has two capitals: typed for a capitals font."""
    # One capital per word proves nothing: "Hµ Sµ" is "Hà Sà" in an ordinary font.
    return not _SMALL_ASCII.search(text) and bool(_TWO_CAPITALS.search(text))


def _decode(text: str, encoding: str, capitals_font: bool = False) -> str | None:
    """Returns the text decoded from the encoding, or None when it holds characters the encoding lacks."""
    table, pattern = _CODECS[encoding]
    if _LEGACY_CHAR.search(pattern.sub("", text)):
        return None
    decoded = unicodedata.normalize("NFC", pattern.sub(lambda match: table[match.group()], text))
    if encoding != "TCVN3":
        return decoded
    if capitals_font or _is_all_caps(text):
        decoded = decoded.upper()  # TCVN3 writes toned capitals with the small letters' bytes
    return _WORD.sub(lambda match: _restore_lost_u(match.group()), decoded)


def _restore_lost_u(word: str) -> str:
    """Returns the word with a lost TCVN3 "ư" put back where that alone makes it a syllable, else as is."""
    # "ư" is byte 0xAD, the soft hyphen, which copying often drops: "Tr\xadêng" arrives as "Trêng", "Trờng".
    if len(word) < 2 or _is_syllable(word):
        return word  # a lone letter is an initial ("Nguyễn Văn T"), not a lost "Tư"
    horn = "Ư" if word.isupper() else "ư"  # the lost byte is an untoned "ư": toned ones have other bytes
    candidates = {word[:index] + horn + word[index:] for index in range(len(word) + 1)}
    syllables = [candidate for candidate in candidates if _is_syllable(candidate)]
    if len(syllables) != 1:
        return word
    if not _VOWEL.search(unicodedata.normalize("NFD", word.lower())) and not syllables[0].lower().endswith(
        "ưng"
    ):
        return word  # "Th", "Tp", "VN" are abbreviations far more often than "Thư", "Tưp", "VƯN"
    return syllables[0]


def _detect(text: str) -> tuple[str | None, str | None]:
    """Returns (encoding, decoded text) for the one encoding whose decoding reads best, or (None, None)."""
    gains = {}
    for encoding in _CODECS:
        converted = _decode(text, encoding)
        if converted is not None and (gain := _vietnamese_gain(text, converted)) > 0:
            gains[encoding] = (gain, converted)
    if not gains or len({gain for gain, _ in gains.values()}) < len(gains):
        return None, None  # nothing reads better, or both read equally well: too ambiguous to touch
    encoding = max(gains, key=lambda name: gains[name][0])
    return encoding, gains[encoding][1]


def _vietnamese_gain(original: str, converted: str) -> int:
    """Returns how many more changed words are Vietnamese after decoding; 0 unless clearly better."""
    # Decoding never touches spaces, digits or ASCII punctuation, so the words line up one to one.
    changed = [
        (old, new)
        for old, new in zip(_WORD.findall(original), _WORD.findall(converted), strict=True)
        if old != new
    ]
    before = sum(1 if _is_syllable(old) else -1 for old, _ in changed)
    after = sum(1 if _is_syllable(new) else -1 for _, new in changed)
    # A lone letter ("©" -> "â") is too little evidence; one real word of two letters or more is needed.
    has_real_word = any(len(new) > 1 and _is_syllable(new) for _, new in changed)
    return after - before if after > 0 and has_real_word else 0


@lru_cache(maxsize=65536)  # names repeat from cell to cell
def _is_syllable(word: str) -> bool:
    """True when the word is one Vietnamese syllable with at most one tone, placed on its main vowel."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False  # "NguyÔn": TCVN3 toned letters look like capitals inside a word
    bare_letters, toned_at = [], []
    for index, char in enumerate(word.lower()):
        decomposed = unicodedata.normalize("NFD", char)
        bare = decomposed.translate(_NO_TONE)
        if bare != decomposed:
            toned_at.append(index)
        bare_letters.append(unicodedata.normalize("NFC", bare))
    if len(toned_at) > 1:
        return False
    plain = "".join(bare_letters)
    for onset in (onset for onset in _ONSETS if plain.startswith(onset)):
        for coda in (coda for coda in _CODAS if plain.endswith(coda)):
            nucleus = plain[len(onset) : len(plain) - len(coda)]
            if (
                nucleus in _NUCLEI
                and nucleus not in (_OPEN_NUCLEI if coda else _CLOSED_NUCLEI)
                and _fits(onset, nucleus, coda)
                and (not toned_at or _is_main_vowel(nucleus, bool(coda), toned_at[0] - len(onset)))
            ):
                return True
    return False


def _fits(onset: str, nucleus: str, coda: str) -> bool:
    """True when the parts can go together: "anh", "ich", "quân" but not "ônh", "ing", "quoa"."""
    if onset == "qu" and nucleus[0] in "ouư":
        return False  # the "u" of "qu" is already the glide
    if coda in ("nh", "ch"):
        return nucleus[-1] in "aêiy"
    if coda in ("ng", "c"):
        return nucleus not in ("ê", "i", "y", "uê", "uy", "ơ")  # no "ơng", "ơc": "Hờng" has lost its "ư"
    return True


def _is_main_vowel(nucleus: str, has_coda: bool, index: int) -> bool:
    """True when the vowel at index of the nucleus is where Vietnamese puts the tone mark."""
    if has_coda or len(nucleus) == 1:
        return index == len(nucleus) - 1  # "hoàn", "nguyễn", "trường"
    if len(nucleus) == 3:
        return index == 1  # "người", "ngoài", "khuỷu"
    if nucleus[1] in "ăâêôơ":
        return index == 1  # "thuế", "thuở"
    if nucleus in ("oa", "oe", "uy"):
        return index in (0, 1)  # old and new placement are both in use: "hoà" / "hòa", "thuỷ" / "thủy"
    return index == 0  # "hài", "mùa", "mía", "cầu"
