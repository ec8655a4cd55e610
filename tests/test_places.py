"""Tests of place matching: a corpus of free-typed commune, hamlet and team names, twins and near-twins."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.places.index import PlaceIndex, PlaceMatch, index_of, is_hamlet_team
from pipeline.places.registry import load_registry

TWO_LEVEL = Path(__file__).parent / "data" / "registry_two_level_vinh_long.csv"

# Twins on purpose: Thị trấn / Xã Định An in one district, Phường 1 in two districts, Khóm 1 / Ấp 1 in one
# thị trấn, Khóm 1 / Khóm 11, Trà Kha A / B, An Trường / An Trường A, Tân Sơn / Tập Sơn; one alias.
TWINS_CSV = """district,commune,hamlet,aliases
Huyện Trà Cú,Thị trấn Định An,Khóm 1,
Huyện Trà Cú,Thị trấn Định An,Khóm 11,
Huyện Trà Cú,Thị trấn Định An,Khóm 2,
Huyện Trà Cú,Thị trấn Định An,Ấp 1,
Huyện Trà Cú,Xã Định An,Ấp Trà Kha A,
Huyện Trà Cú,Xã Định An,Ấp Trà Kha B,
Huyện Trà Cú,Xã Định An,Ấp Chợ,
Huyện Trà Cú,Xã Định An,Ấp Mới,Ấp Xóm Mới
Huyện Trà Cú,Xã Định An,Ấp Phú Hòa,
Huyện Trà Cú,Xã Định An,Ấp Phú Hòa Tân,
Huyện Trà Cú,Xã Tân Sơn,Ấp Chợ,
Huyện Trà Cú,Xã Tập Sơn,Ấp Ô,
Huyện Trà Cú,Xã Tập Sơn,Ấp Bến Trị,
Huyện Càng Long,Xã An Trường,Ấp 3,
Huyện Càng Long,Xã An Trường,Ấp 3A,
Huyện Càng Long,Xã An Trường A,Ấp Lo Co A,
Huyện Càng Long,Xã An Trường A,Ấp Lo Co B,
Thành phố Trà Vinh,Phường 1,Khóm 1,
Thành phố Trà Vinh,Phường 1,Khóm 2,
Thành phố Trà Vinh,Phường 7,Khóm 1,
Thị xã Duyên Hải,Phường 1,Khóm 1,
Thị xã Duyên Hải,Phường 1,Khóm 3,
Huyện Duyên Hải,Xã Long Khánh,Ấp Giồng Giữa,
"""

TC, CL, TP, TX, HD = (
    "Huyện Trà Cú",
    "Huyện Càng Long",
    "Thành phố Trà Vinh",
    "Thị xã Duyên Hải",
    "Huyện Duyên Hải",
)
EXACT, FUZZY, AMBIGUOUS, UNKNOWN = "exact", "fuzzy", "ambiguous", "unknown"

# (registry, kind, text, district given, commune given, expected status, expected place)
# A commune's place is written "commune (district)" so that a commune put in the wrong district is wrong.
CORPUS = [
    # --- issue 9: every spelling a reader reads the same; no first-letter "typos" between real names ---
    ("embedded", "commune", "Phướng 9", TP, "", EXACT, "Phường 9 (Thành phố Trà Vinh)"),  # a wrong tone
    ("embedded", "commune", "Phương 4", TP, "", EXACT, "Phường 4 (Thành phố Trà Vinh)"),  # a mark missing
    ("embedded", "commune", "P.4", TP, "", EXACT, "Phường 4 (Thành phố Trà Vinh)"),
    ("embedded", "commune", "X. Đại Phước", CL, "", EXACT, "Xã Đại Phước (Huyện Càng Long)"),  # not Đại Phúc
    ("embedded", "commune", "X.Đại Phúc", CL, "", EXACT, "Xã Đại Phúc (Huyện Càng Long)"),
    ("embedded", "commune", "TT. Càng Long", CL, "", EXACT, "Thị trấn Càng Long (Huyện Càng Long)"),
    ("embedded", "commune", "Thi tran Cang Long", CL, "", EXACT, "Thị trấn Càng Long (Huyện Càng Long)"),
    ("embedded", "commune", "Xã\u00a0Huyền\u00a0Hội", CL, "", EXACT, "Xã Huyền Hội (Huyện Càng Long)"),
    ("embedded", "commune", "Xa HuyenHoi", CL, "", EXACT, "Xã Huyền Hội (Huyện Càng Long)"),
    ("embedded", "commune", "Xã Huyềnn Hội", CL, "", FUZZY, "Xã Huyền Hội (Huyện Càng Long)"),  # a slip
    ("embedded", "commune", "Xã Tong Lộc", "Huyện Châu Thành", "", UNKNOWN, None),  # Song Lộc: another name
    ("embedded", "commune", "Xã Long Chánh", CL, "", UNKNOWN, None),  # neither Long Khánh nor Long Thành
    ("embedded", "commune", "Xã Huyền", CL, "", UNKNOWN, None),  # a syllable less is another name
    ("embedded", "hamlet", "Rạch Mát", CL, "Xã Đại Phúc", UNKNOWN, None),  # not Rạch Cát
    ("embedded", "team", "Tổ CNSCĐ ấp Định Bình", CL, "Xã Tân Bình", UNKNOWN, None),  # not Ninh Bình
    ("embedded", "team", "Tổ CNSCĐ ấp Ninh Binh", CL, "Xã Tân Bình", EXACT, "Ấp Ninh Bình"),
    ("embedded", "team", "To CNSCD ap Rach Catt", CL, "Xã Đại Phúc", FUZZY, "Ấp Rạch Cát"),
    ("embedded", "commune", "Xã Đại Phướcc", CL, "", FUZZY, "Xã Đại Phước (Huyện Càng Long)"),  # by its marks
    ("embedded", "commune", "Xa Dai Phuocc", CL, "", AMBIGUOUS, None),  # no marks: Phước or Phúc?
    ("embedded", "commune", "Xã Than Sơn", TC, "", AMBIGUOUS, None),  # Thanh Sơn or Tân Sơn: no mark says
    ("embedded", "hamlet", "Mớj", TX, "Xã Long Toàn", FUZZY, "Ấp Mới"),  # one letter off a short name
    ("embedded", "hamlet", "Bà Mi", "Huyện Cầu Kè", "Xã Hòa Ân", FUZZY, "Ấp Bà My"),  # one letter, short
    ("embedded", "hamlet", "Trà Mền", "Huyện Trà Cú", "Xã Tập Sơn", FUZZY, "Ấp Trà Mềm"),
    # --- twins registry: communes ---
    ("twins", "commune", "Xã Định An", TC, "", EXACT, "Xã Định An (Huyện Trà Cú)"),
    ("twins", "commune", "TT Định An", TC, "", EXACT, "Thị trấn Định An (Huyện Trà Cú)"),
    ("twins", "commune", "thị trấn Định An", None, "", EXACT, "Thị trấn Định An (Huyện Trà Cú)"),
    ("twins", "commune", "xa Dinh An", TC, "", EXACT, "Xã Định An (Huyện Trà Cú)"),
    ("twins", "commune", "Định An", TC, "", AMBIGUOUS, None),
    ("twins", "commune", "UBND Định An", None, "", AMBIGUOUS, None),
    ("twins", "commune", "Xã Định Ann", TC, "", FUZZY, "Xã Định An (Huyện Trà Cú)"),
    ("twins", "commune", "Phường 1", None, "", AMBIGUOUS, None),
    ("twins", "commune", "Phường 1", TX, "", EXACT, "Phường 1 (Thị xã Duyên Hải)"),
    (
        "twins",
        "commune",
        "UBND phường 1, thành phố Trà Vinh",
        None,
        "",
        EXACT,
        "Phường 1 (Thành phố Trà Vinh)",
    ),
    ("twins", "commune", "UBND phường 1, thành phố Trà Vinh", TX, "", EXACT, "Phường 1 (Thành phố Trà Vinh)"),
    ("twins", "commune", "P.1", TX, "", EXACT, "Phường 1 (Thị xã Duyên Hải)"),
    ("twins", "commune", "phường 01 - TX Duyên Hải", None, "", EXACT, "Phường 1 (Thị xã Duyên Hải)"),
    ("twins", "commune", "Phường 1 (Duyên Hải)", None, "", EXACT, "Phường 1 (Thị xã Duyên Hải)"),
    ("twins", "commune", "Phường 7", TX, "", UNKNOWN, None),
    ("twins", "commune", "Phường 7", None, "", EXACT, "Phường 7 (Thành phố Trà Vinh)"),
    ("twins", "commune", "Phường 11", TP, "", UNKNOWN, None),
    ("twins", "commune", "Xã An Trường", CL, "", EXACT, "Xã An Trường (Huyện Càng Long)"),
    ("twins", "commune", "an truong a", None, "", EXACT, "Xã An Trường A (Huyện Càng Long)"),
    ("twins", "commune", "xã An Trươngg", None, "", FUZZY, "Xã An Trường (Huyện Càng Long)"),
    ("twins", "commune", "Xã An Trường B", None, "", UNKNOWN, None),
    ("twins", "commune", "Tân Sơn", TC, "", EXACT, "Xã Tân Sơn (Huyện Trà Cú)"),
    ("twins", "commune", "Tam Sơn", TC, "", AMBIGUOUS, None),  # one letter from Tân Sơn and from Tập Sơn
    ("twins", "commune", "Xã Tập Sơnn", None, "", FUZZY, "Xã Tập Sơn (Huyện Trà Cú)"),
    ("twins", "commune", "Long Khánh, huyện Duyên Hải", None, "", EXACT, "Xã Long Khánh (Huyện Duyên Hải)"),
    ("twins", "commune", "Xã Long Khánh", TX, "", UNKNOWN, None),
    # --- twins registry: hamlets and teams ---
    ("twins", "hamlet", "Khóm 1", TC, "Thị trấn Định An", EXACT, "Khóm 1"),
    ("twins", "hamlet", "Ấp 1", TC, "Thị trấn Định An", EXACT, "Ấp 1"),
    ("twins", "hamlet", "1", TC, "Thị trấn Định An", AMBIGUOUS, None),
    ("twins", "hamlet", "khóm 01", TC, "Thị trấn Định An", EXACT, "Khóm 1"),
    ("twins", "hamlet", "K.11", TC, "Thị trấn Định An", EXACT, "Khóm 11"),
    ("twins", "hamlet", "Khóm 111", TC, "Thị trấn Định An", UNKNOWN, None),
    ("twins", "hamlet", "Khóm 12", TC, "Thị trấn Định An", UNKNOWN, None),
    ("twins", "hamlet", "Tra Kha b", TC, "Xã Định An", EXACT, "Ấp Trà Kha B"),
    ("twins", "hamlet", "Trà Kha", TC, "Xã Định An", AMBIGUOUS, None),
    ("twins", "hamlet", "Trà Kha C", TC, "Xã Định An", UNKNOWN, None),
    ("twins", "hamlet", "Trà Khaa A", TC, "Xã Định An", FUZZY, "Ấp Trà Kha A"),
    ("twins", "hamlet", "Ấp Xóm Mới", TC, "Xã Định An", EXACT, "Ấp Mới"),
    ("twins", "hamlet", "Phú Hoà", TC, "Xã Định An", EXACT, "Ấp Phú Hòa"),
    ("twins", "hamlet", "Phú Hòa Tâm", TC, "Xã Định An", FUZZY, "Ấp Phú Hòa Tân"),
    ("twins", "hamlet", "Ấp Chợ", TC, "Xã Tân Sơn", EXACT, "Ấp Chợ"),
    ("twins", "hamlet", "Ấp Ô", TC, "Xã Tập Sơn", EXACT, "Ấp Ô"),
    ("twins", "hamlet", "Ấp Bến Tri", TC, "Xã Tập Sơn", EXACT, "Ấp Bến Trị"),
    ("twins", "hamlet", "Ấp Bền Trịi", TC, "Xã Tập Sơn", FUZZY, "Ấp Bến Trị"),
    ("twins", "hamlet", "Ấp 3a", CL, "Xã An Trường", EXACT, "Ấp 3A"),
    ("twins", "hamlet", "Ấp 03", CL, "Xã An Trường", EXACT, "Ấp 3"),
    ("twins", "hamlet", "Ấp 3 B", CL, "Xã An Trường", UNKNOWN, None),
    ("twins", "hamlet", "Khóm 1", TX, "Phường 1", EXACT, "Khóm 1"),
    ("twins", "hamlet", "Khóm 2", TX, "Phường 1", UNKNOWN, None),
    ("twins", "team", "Tổ công nghệ số cộng đồng ấp Trà Kha A", TC, "Xã Định An", EXACT, "Ấp Trà Kha A"),
    ("twins", "team", "Tổ CNS ấp Trà Kha B", TC, "Xã Định An", EXACT, "Ấp Trà Kha B"),
    ("twins", "team", "Tổ CNS cộng đồng ấp Trà Kha", TC, "Xã Định An", AMBIGUOUS, None),
    ("twins", "team", "Tổ CNSCĐ Trà Kha A", TC, "Xã Định An", EXACT, "Ấp Trà Kha A"),
    ("twins", "team", "Tổ CNSCĐ khóm 11", TC, "Thị trấn Định An", EXACT, "Khóm 11"),
    ("twins", "team", "Tổ CNSCĐ khóm 1", TC, "Thị trấn Định An", EXACT, "Khóm 1"),
    ("twins", "team", "Tổ CNSCĐ 1", TC, "Thị trấn Định An", AMBIGUOUS, None),
    ("twins", "team", "Tổ CNSCĐ và Đề án 06 ấp Chợ", TC, "Xã Định An", EXACT, "Ấp Chợ"),
    ("twins", "team", "Tổ công nghệ cộng đồng Ấp Mới", TC, "Xã Định An", EXACT, "Ấp Mới"),
    ("twins", "team", "TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG ẤP PHÚ HOÀ", TC, "Xã Định An", EXACT, "Ấp Phú Hòa"),
    ("twins", "team", "Tổ Chỉ đạo công nghệ số xã Định An", TC, "Xã Định An", UNKNOWN, None),
    # --- embedded Trà Vinh 2022: communes ---
    (
        "embedded",
        "commune",
        "UBND phường 1, thành phố Trà Vinh",
        None,
        "",
        EXACT,
        "Phường 1 (Thành phố Trà Vinh)",
    ),
    (
        "embedded",
        "commune",
        "xã Hòa Lợi - huyện Châu Thành",
        None,
        "",
        EXACT,
        "Xã Hòa Lợi (Huyện Châu Thành)",
    ),
    ("embedded", "commune", "Xã Long Đức", None, "", EXACT, "Xã Long Đức (Thành phố Trà Vinh)"),
    ("embedded", "commune", "P.1", TP, "", EXACT, "Phường 1 (Thành phố Trà Vinh)"),
    ("embedded", "commune", "phường 01", TX, "", EXACT, "Phường 1 (Thị xã Duyên Hải)"),
    ("embedded", "commune", "Phường 2", None, "", AMBIGUOUS, None),
    ("embedded", "commune", "Phường 10", TP, "", UNKNOWN, None),
    ("embedded", "commune", "TT Càng Long", None, "", EXACT, "Thị trấn Càng Long (Huyện Càng Long)"),
    ("embedded", "commune", "TT. Cầu Kè", "Huyện Cầu Kè", "", EXACT, "Thị trấn Cầu Kè (Huyện Cầu Kè)"),
    ("embedded", "commune", "Hoà Ân", "Huyện Cầu Kè", "", EXACT, "Xã Hòa Ân (Huyện Cầu Kè)"),
    ("embedded", "commune", "XÃ HOÀ TÂN", None, "", EXACT, "Xã Hòa Tân (Huyện Cầu Kè)"),
    ("embedded", "commune", "Lương Hòa A", None, "", EXACT, "Xã Lương Hòa A (Huyện Châu Thành)"),
    ("embedded", "commune", "Lương Hoà", "Huyện Châu Thành", "", EXACT, "Xã Lương Hòa (Huyện Châu Thành)"),
    ("embedded", "commune", "Xã Lương Hòa B", None, "", UNKNOWN, None),
    ("embedded", "commune", "Định An", TC, "", AMBIGUOUS, None),
    (
        "embedded",
        "commune",
        "Xã Định An, huyện Trà Cú, tỉnh Trà Vinh",
        None,
        "",
        EXACT,
        "Xã Định An (Huyện Trà Cú)",
    ),
    ("embedded", "commune", "Xã Long Hòa Châu Thành", None, "", EXACT, "Xã Long Hòa (Huyện Châu Thành)"),
    ("embedded", "commune", "xa Dai Phuoc", None, "", EXACT, "Xã Đại Phước (Huyện Càng Long)"),
    (
        "embedded",
        "commune",
        "Đại Phướt",
        CL,
        "",
        FUZZY,
        "Xã Đại Phước (Huyện Càng Long)",
    ),  # its marks say Phước
    ("embedded", "commune", "Nhi Longg", None, "", FUZZY, "Xã Nhị Long (Huyện Càng Long)"),
    ("embedded", "commune", "Xã Nhị Long Phu", None, "", EXACT, "Xã Nhị Long Phú (Huyện Càng Long)"),
    ("embedded", "commune", "Tiểu Cầnn", "Huyện Tiểu Cần", "", FUZZY, "Thị trấn Tiểu Cần (Huyện Tiểu Cần)"),
    ("embedded", "commune", "Mỹ Long", "Huyện Cầu Ngang", "", EXACT, "Thị trấn Mỹ Long (Huyện Cầu Ngang)"),
    ("embedded", "commune", "Trường Long Hoà", None, "", EXACT, "Xã Trường Long Hòa (Thị xã Duyên Hải)"),
    ("embedded", "commune", "phuong thanh", None, "", EXACT, "Xã Phương Thạnh (Huyện Càng Long)"),
    ("embedded", "commune", "xa huyen hoi", None, "", EXACT, "Xã Huyền Hội (Huyện Càng Long)"),
    ("embedded", "commune", "xa Hoa An huyen Cau Ke", None, "", EXACT, "Xã Hòa Ân (Huyện Cầu Kè)"),
    ("embedded", "commune", "TT Cau Quan Tieu Can", None, "", EXACT, "Thị trấn Cầu Quan (Huyện Tiểu Cần)"),
    ("embedded", "commune", "Xã Long Đức Trà Vinh", None, "", EXACT, "Xã Long Đức (Thành phố Trà Vinh)"),
    (
        "embedded",
        "commune",
        "Huyện Châu Thành - Xã Hòa Lợi",
        None,
        "",
        EXACT,
        "Xã Hòa Lợi (Huyện Châu Thành)",
    ),
    ("embedded", "commune", "P1 TPTV", None, "", EXACT, "Phường 1 (Thành phố Trà Vinh)"),
    ("embedded", "commune", "Phường 1 (Duyên Hải)", HD, "", UNKNOWN, None),
    # --- embedded Trà Vinh 2022: real (Wikipedia) hamlets and teams ---
    ("embedded", "team", "Tổ CNSCĐ khóm 03", TP, "Phường 9", EXACT, "Khóm 3"),
    ("embedded", "team", "Tổ CNSCĐ khóm 7", TP, "Phường 9", UNKNOWN, None),
    ("embedded", "team", "Tổ CNS ấp 9A", CL, "Xã An Trường A", EXACT, "Ấp 9A"),
    ("embedded", "team", "Tổ CNS ấp 9 D", CL, "Xã An Trường A", UNKNOWN, None),
    ("embedded", "hamlet", "Ấp 9", CL, "Xã An Trường A", EXACT, "Ấp 9"),
    ("embedded", "hamlet", "Lo Co", CL, "Xã An Trường A", AMBIGUOUS, None),
    ("embedded", "team", "Tổ CNSCĐ ấp Định Phú", "Huyện Tiểu Cần", "Xã Long Thới", AMBIGUOUS, None),
    (
        "embedded",
        "team",
        "To CNSCD ap Dinh Phu Tam",
        "Huyện Tiểu Cần",
        "Xã Long Thới",
        FUZZY,
        "Ấp Định Phú Tân",
    ),
    ("embedded", "team", "Tổ CNSCĐ ấp Trịnh Phụ, xã Long Thới", None, "Xã Long Thới", EXACT, "Ấp Trinh Phụ"),
    ("embedded", "team", "Tổ CNSCĐ ấp Nguyệt Lãng B", CL, "Xã Bình Phú", EXACT, "Ấp Nguyệt Lãng B"),
    ("embedded", "hamlet", "Phú Hưng", CL, "Xã Bình Phú", AMBIGUOUS, None),
    ("embedded", "hamlet", "Phú Phong 4", CL, "Xã Bình Phú", UNKNOWN, None),
    ("embedded", "hamlet", "Ấp Phú Phongg", CL, "Xã Bình Phú", FUZZY, "Ấp Phú Phong"),
    ("embedded", "team", "Tổ CNSCĐ ấp Dừa Đỏ 2", CL, "Xã Nhị Long", UNKNOWN, None),
    ("embedded", "team", "Tổ CNSCĐ ấp Rạch Rô 02", CL, "Xã Nhị Long", EXACT, "Ấp Rạch Rô 2"),
    ("embedded", "team", "Tổ CNSCĐ ấp Rạch Rô", CL, "Xã Nhị Long", AMBIGUOUS, None),
    ("embedded", "team", "Ấp Chợ", "Huyện Tiểu Cần", "Xã Hiếu Tử", EXACT, "Ấp Chợ"),
    ("embedded", "team", "Tổ công tác chuyển đổi số xã Hiếu Tử", None, "Xã Hiếu Tử", UNKNOWN, None),
    # --- two-level registry (no districts) ---
    ("two_level", "commune", "Xã Cầu Kè", None, "", EXACT, "Xã Cầu Kè"),
    ("two_level", "commune", "UBND xã Càng Long, tỉnh Vĩnh Long", None, "", EXACT, "Xã Càng Long"),
    ("two_level", "commune", "phuong tra vinh", None, "", EXACT, "Phường Trà Vinh"),
    ("two_level", "commune", "Xã Hòa Ân, huyện Cầu Kè", None, "", UNKNOWN, None),
    ("two_level", "team", "Tổ CNSCĐ ấp Mẫu 2", None, "Xã Cầu Kè", EXACT, "Ấp Mẫu 2"),
]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory, embedded_index: PlaceIndex) -> dict[str, PlaceIndex]:
    twins_file = tmp_path_factory.mktemp("registry") / "twins.csv"
    twins_file.write_text(TWINS_CSV, encoding="utf-8")
    return {
        "twins": PlaceIndex(load_registry(twins_file)),
        "embedded": embedded_index,  # built once per session (conftest)
        "two_level": PlaceIndex(load_registry(TWO_LEVEL)),
    }


def run(
    index: PlaceIndex, kind: str, text: str, district: str | None, commune: str
) -> tuple[str, str | None]:
    """Returns (status, place) of one corpus entry; a commune's place names its district."""
    if kind == "commune":
        match = index.match_commune(text, district)
        place = f"{match.value} ({match.district})" if match.district else match.value
        return match.status, place
    find = index.match_hamlet if kind == "hamlet" else index.hamlet_from_team
    match = find(text, district, commune)
    return match.status, match.value


@pytest.mark.parametrize(("registry", "kind", "text", "district", "commune", "status", "place"), CORPUS)
def test_corpus(indexes, registry, kind, text, district, commune, status, place) -> None:
    assert run(indexes[registry], kind, text, district, commune) == (status, place)


def test_corpus_figures(indexes) -> None:
    figures = Counter()
    for registry, kind, text, district, commune, _, expected in CORPUS:
        status, place = run(indexes[registry], kind, text, district, commune)
        if status in (AMBIGUOUS, UNKNOWN):
            figures["reported ambiguous or unknown"] += 1
        else:
            figures["placed correctly" if place == expected else "placed wrongly"] += 1
    print(
        f"\ncorpus of {len(CORPUS)}: placed correctly {figures['placed correctly']}, "
        f"placed wrongly {figures['placed wrongly']}, "
        f"reported ambiguous or unknown {figures['reported ambiguous or unknown']}"
    )
    assert len(CORPUS) >= 60
    assert figures["placed wrongly"] == 0


def test_ambiguous_communes_name_their_districts(indexes) -> None:
    assert indexes["embedded"].match_commune("Phường 1", None) == PlaceMatch(
        "ambiguous", None, ("Phường 1 (Thành phố Trà Vinh)", "Phường 1 (Thị xã Duyên Hải)")
    )
    assert indexes["twins"].match_commune("Định An", TC).candidates == ("Thị trấn Định An", "Xã Định An")


def test_unknown_offers_the_nearest_names(indexes) -> None:
    match = indexes["twins"].match_hamlet("Trà Kha C", TC, "Xã Định An")
    assert match.status == UNKNOWN and set(match.candidates) <= {"Ấp Trà Kha A", "Ấp Trà Kha B", "Ấp Chợ"}
    assert "Ấp Trà Kha A" in match.candidates


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("UBND phường 1, thành phố Trà Vinh", "Thành phố Trà Vinh"),
        ("xã Hòa Lợi - huyện Châu Thành", "Huyện Châu Thành"),
        ("Tổ CNS ấp Chợ", None),
        ("cau-ke", "Huyện Cầu Kè"),
        ("Cau Ke", "Huyện Cầu Kè"),
        ("CauKe", "Huyện Cầu Kè"),
        ("TX Duyen Hai", "Thị xã Duyên Hải"),
        ("huyen_duyen_hai", "Huyện Duyên Hải"),
        ("Duyên Hải", None),  # Huyện or Thị xã: not guessed
        ("DS to CNSCD huyen Tieu Can (sua lan 2).xlsx", "Huyện Tiểu Cần"),
        ("03_TP.TraVinh", "Thành phố Trà Vinh"),
        ("Bao cao TXDH.xlsx", "Thị xã Duyên Hải"),
        ("thị trấn Cầu Kè", None),  # a commune's name, not the district's
        ("Sở TT&TT tỉnh Trà Vinh", None),
        ("Tra Vinh", None),  # the province as much as the city
        ("Cầu Kè, Tiểu Cần", None),
        ("", None),
    ],
)
def test_district_in_text(indexes, text: str, district: str | None) -> None:
    assert indexes["embedded"].district_in_text(text) == district


def test_district_helpers(indexes) -> None:
    embedded = indexes["embedded"]
    assert embedded.district_of_commune("Xã Long Đức") == "Thành phố Trà Vinh"
    assert embedded.district_of_commune("Phường 1") is None
    assert indexes["two_level"].district_in_text("huyện Cầu Kè") is None
    assert indexes["two_level"].match_commune("Xã Cầu Kè", "Huyện Cầu Kè").district == ""


@pytest.mark.parametrize(
    ("team", "expected"),
    [
        ("Tổ công nghệ số cộng đồng ấp Trà Kha A", True),
        ("Tổ CNSCĐ khóm 3", True),
        ("Tổ công nghệ cộng đồng ấp Chợ", True),
        ("Tổ CNSCĐ và Đề án 06 ấp Chợ", True),
        ("Ấp Chợ", True),
        ("Tổ Chỉ đạo công nghệ số xã Long Đức", False),
        ("TỔ CHỈ ĐẠO CÔNG NGHỆ SỐ HUYỆN", False),
        ("Tổ công tác chuyển đổi số", False),
        ("Tổ giúp việc Ban Chỉ đạo chuyển đổi số", False),
    ],
)
def test_is_hamlet_team(team: str, expected: bool) -> None:
    assert is_hamlet_team(team) is expected


def test_one_index_per_registry_and_never_another_registrys(embedded_registry, tmp_path: Path) -> None:
    assert index_of(embedded_registry) is index_of(embedded_registry)
    small = tmp_path / "registry.csv"
    small.write_text("district,commune,hamlet\nHuyện A,Xã B,Ấp C\n", encoding="utf-8")
    other = load_registry(small)
    assert index_of(other) is not index_of(embedded_registry)
    assert index_of(other).registry is other and index_of(embedded_registry).registry is embedded_registry
