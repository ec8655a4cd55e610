import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text import canonical_tones, clean_text, fold, identity_key, vietnamese_title


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Hoà", "Hòa"),
        ("Thuỷ", "Thủy"),
        ("Hoá", "Hóa"),
        ("khoẻ", "khỏe"),
        ("HOÀ", "HÒA"),
        ("Thuý Kiều", "Thúy Kiều"),
        ("Hoà Thuận", "Hòa Thuận"),
        # already right, or the tone belongs where it is
        ("Thuận", "Thuận"),
        ("hoặc", "hoặc"),
        ("Hoàng", "Hoàng"),
        ("Quý", "Quý"),
        ("Quỳnh", "Quỳnh"),
        ("khuya", "khuya"),
        ("Nguyễn", "Nguyễn"),
        ("Hòa", "Hòa"),
    ],
)
def test_tone_placement_is_canonical(old, new):
    assert canonical_tones(old) == new


def test_clean_text_removes_invisible_and_extra_spaces():
    assert clean_text(" Nguyễn\u00a0\u200bVăn\n An ") == "Nguyễn Văn An"
    assert clean_text(912345678.0) == "912345678"
    assert clean_text(float("nan")) == ""
    assert clean_text("Nguye\u0302\u0303n") == "Nguyễn"  # NFD in, NFC out


def test_fold_and_identity():
    assert fold("UBND Xã  Đại Phước") == "ubnd xa dai phuoc"
    assert identity_key("Lê Thị Hà") != identity_key("Lê Thị Hạ")
    assert identity_key("LÊ THỊ THUỶ") == identity_key("Lê Thị Thủy")
    assert vietnamese_title("ĐẶNG THỊ ÚT") == "Đặng Thị Út"


@given(st.text(alphabet="aăâeêioôơuưyđqhntgcAĂÂEÊIOÔƠUƯYĐ \u0300\u0301\u0309\u0303\u0323", max_size=20))
def test_canonical_tones_is_idempotent_and_keeps_letters(text):
    once = canonical_tones(text)
    assert canonical_tones(once) == once
    assert fold(once) == fold(text)
