import pytest
from settled import raw_rows

from pipeline.normalise import canonical_name, canonical_role, is_person_name, normalise_rows
from pipeline.text import identity_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tổ trưởng", ("Tổ trưởng", None)),
        ("TỔ TRƯỞNG", ("Tổ trưởng", None)),
        ("tổ trưởng ", ("Tổ trưởng", None)),
        ("Tổ Trưởng", ("Tổ trưởng", None)),
        ("TT", ("Tổ trưởng", None)),
        ("Trưởng ấp - Tổ trưởng", ("Tổ trưởng", None)),
        ("Trưởng ấp", ("Tổ trưởng", None)),
        ("Trưởng khóm", ("Tổ trưởng", None)),
        ("Tổ phó", ("Tổ phó", None)),
        ("Bí thư Chi đoàn, Tổ phó", ("Tổ phó", None)),
        ("Phó tổ trưởng", ("Tổ phó", None)),
        ("Phó tổ", ("Tổ phó", None)),
        ("Tổ viên", ("Tổ viên", None)),
        ("Thành viên", ("Tổ viên", None)),
        ("TV", ("Tổ viên", None)),
        ("Công an viên - Tổ viên", ("Tổ viên", None)),
        ("Đoàn viên", ("Tổ viên", None)),
        ("Phó trưởng ấp", ("Tổ viên", "role_unknown")),
        ("Kế toán", ("Tổ viên", "role_unknown")),
        ("", ("Tổ viên", "role_missing")),
    ],
)
def test_roles(raw, expected):
    assert canonical_role(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ĐẶNG THỊ ÚT", "Đặng Thị Út"),
        ("  Nguyễn   Văn\u00a0An ", "Nguyễn Văn An"),
        ("Ông Nguyễn Văn An", "Nguyễn Văn An"),
        ("Bà: Lê Thị Hoa", "Lê Thị Hoa"),
        ("Ông/Bà Trần Văn Bé", "Trần Văn Bé"),
        ("B. Lê Thị Hoa", "Lê Thị Hoa"),
        ("Thạch Sô Phanh", "Thạch Sô Phanh"),
        ("Bình Văn Minh", "Bình Văn Minh"),
        ("Ông Nguyễn Văn Tư (Trưởng ấp)", "Nguyễn Văn Tư"),
        ("Đ/c Lê Thị Năm", "Lê Thị Năm"),
        ("Nguyễn Văn Sáu - CAV", "Nguyễn Văn Sáu"),
        ("Trần Thị Bảy, ĐVTN", "Trần Thị Bảy"),
        ("bà trần thị bé", "Trần Thị Bé"),
        ("Trần Văn ửng", "Trần Văn Ửng"),
        ("Trưởng ấp - Nguyễn Văn Tư", "Nguyễn Văn Tư"),
        ("Nguyễn Văn (Út) Em", "Nguyễn Văn Em"),
        ("Bí thư chi đoàn: Lê Thị Năm", "Lê Thị Năm"),
        ("CAV - Nguyễn Văn Sáu", "Nguyễn Văn Sáu"),
        ("Nguyễn Thanh Viên", "Nguyễn Thanh Viên"),
        ("Lâm Văn Út", "Lâm Văn Út"),
        ("Sơn Thị Sa Rươne", "Sơn Thị Sa Rươne"),
    ],
)
def test_names(raw, expected):
    assert canonical_name(raw) == expected


@pytest.mark.parametrize(
    ("name", "is_name"),
    [
        ("0912345678", False),
        ("Tổ trưởng", False),
        ("không có", False),
        ("x", False),
        ("123", False),
        ("a@b.vn", False),
        ("Nguyễn Văn An", True),
        ("Sơn Thị Sa Rươne", True),
        ("Nguyễn Thanh Viên", True),
        ("Lê Thành Viên", True),
        ("Thành viên", False),
    ],
)
def test_what_is_a_person_name(name, is_name):
    assert is_person_name(name) is is_name


def test_identity_keeps_diacritics_but_not_tone_placement():
    assert identity_key("Nguyễn Thị Thuỷ") == identity_key("NGUYỄN THỊ  THỦY")
    assert identity_key("Lê Thị Hà") != identity_key("Lê Thị Hạ")


def test_normalise_rows_returns_new_table():
    raw = raw_rows(
        [{"name_text": "NGUYỄN VĂN AN", "role_text": "TT", "phone_cell": 912345678, "commune_text": "Xã A"}]
    )
    rows = normalise_rows(raw)
    assert rows.loc[0, ["name", "role", "phone", "phone_national"]].tolist() == [
        "Nguyễn Văn An",
        "Tổ trưởng",
        "+84912345678",
        "0912 345 678",
    ]
    assert "phone_national" not in raw.columns
