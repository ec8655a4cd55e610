"""Recognising the rows of a Mẫu 2 sheet: header rows, column-number rows and footer rows.

Everything here works on a cheap "key" of a cell (lower case, no diacritics, words of letters and digits)
that equals `pipeline.text.fold` on clean text but costs a fraction of it: the reader folds a few cells
of every row, so this is on the hot path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from schemas.mau2 import COLUMN_TITLES, NUMBER_TITLE

from ..text import clean_text, strip_diacritics

# Header wording per field: the official Mẫu 2 title first, then the wordings seen in district files;
# matched on the folded key of a header cell.
_ALIASES: dict[str, tuple[str, ...]] = {
    "number": (NUMBER_TITLE, "STT", "Số TT", "Số thứ tự"),
    "commune": (
        COLUMN_TITLES["commune"],
        "Tên xã",
        "Xã/phường",
        "Đơn vị",
        "Xã, phường, thị trấn",
        "Xã",
        "Phường",
        "Xã/thị trấn",
        "Tên đơn vị",
        "Tên xã, phường, thị trấn",
        "Xã/phường/thị trấn",
    ),
    "team": (
        COLUMN_TITLES["team"],
        "Tên tổ",
        "Tổ CNSCĐ",
        "Tổ công nghệ số",
        "Tổ công nghệ số cộng đồng",
        "Tên Tổ CNSCĐ",
        "Tổ",
        "Tên tổ CNS",
    ),
    "hamlet": (
        COLUMN_TITLES["hamlet"],
        "Ấp",
        "Khóm",
        "Ấp, khóm",
        "Tên ấp",
        "Tên ấp/khóm",
        "Thôn/ấp",
        "Ấp/khóm/tổ dân phố",
    ),
    "name": (COLUMN_TITLES["name"], "Họ và tên", "Họ, tên", "Họ và tên thành viên", "Họ tên thành viên"),
    # A name split over two columns: surname with middle name, then the given name (see _with_split_name).
    "surname": ("Họ và tên đệm", "Họ, chữ lót", "Họ và chữ lót", "Họ đệm", "Họ"),  # họ và tên đệm
    "given_name": ("Tên",),  # tên
    "role": (
        COLUMN_TITLES["role"],
        "Chức danh",
        "Chức vụ trong tổ",
        "Chức vụ trong Tổ",
        "Vai trò",
        "Vai trò trong tổ",
    ),
    "phone": (
        COLUMN_TITLES["phone"],
        "Điện thoại",
        "SĐT",
        "Số điện thoại",
        "Số điện thoại (Zalo)",
        "Di động",
        "ĐTDĐ",
        "ĐT",
        "Số ĐT",
        "Điện thoại di động",
        "SĐT (Zalo)",
        "Số điện thoại di động",
    ),
}
# Extra columns that must never be taken for one of the fields even though they start like one.
_EXTRA = (
    "Ghi chú",
    "Năm sinh",
    "Ngày sinh",
    "Email",
    "Zalo",
    "Giới tính",
    "Nam",
    "Nữ",
    "Địa chỉ",
    "Dân tộc",
    "Trình độ",
    "Số CCCD",
    "CCCD",
    "CMND",
    "Đơn vị công tác",
    "Nghề nghiệp",
    "Chức vụ chính quyền",
    "Chức vụ đoàn thể",
    "Chức vụ hiện tại",
    "Chức vụ công tác",
    "Ký tên",
    "Chữ ký",
)
_NUMBER_TOKEN = re.compile(r"\d{1,2}")
_FOOTER = re.compile(
    r"(nguoi (lap|tong hop|ky|duyet)|lap bieu|t ?m ubnd|t ?m uy ban|kt chu tich|kt truong|pho chu tich"
    r"|chu tich|xac nhan|noi nhan|thu truong|ky ten|ky ghi ro)\b"
    r"|\bngay\b.*\bthang\b.*\bnam\b"
)
_WORDS = re.compile(r"[a-z0-9]+")


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code_point in range(0x80, 0x2000):
        char = chr(code_point)
        if unicodedata.category(char) == "Mn":
            table[code_point] = None
        else:
            plain = strip_diacritics(char).lower()
            if plain != char:
                table[code_point] = plain
    return table


_FOLD_TABLE = _build_fold_table()


def quick_fold(text: str) -> str:
    """Returns `text.fold(text)` for text that is already clean, several times faster."""
    return " ".join(_WORDS.findall(text.lower().translate(_FOLD_TABLE)))


def _key(alias: str) -> str:
    return quick_fold(clean_text(alias))


_EXACT: dict[str, str] = {_key(alias): field for field, aliases in _ALIASES.items() for alias in aliases}
# Only distinctive wording may open a longer header ("Họ tên thành viên"); "Ấp" or "Tổ" may open data.
_PREFIXES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        ((key, field) for key, field in _EXACT.items() if " " in key or len(key) >= 5 or key == "sdt"),
        key=lambda pair: -len(pair[0]),
    )
)
_EXTRA_KEYS = frozenset(_key(extra) for extra in _EXTRA)
NAME_KEYS = frozenset(key for key, field in _EXACT.items() if field == "name")


def header_field(key: str) -> tuple[str, int] | None:
    """Returns (field, score) when the folded cell reads like a Mẫu 2 header; exact wording scores higher."""
    if not key or key in _EXTRA_KEYS:
        return None
    field = _EXACT.get(key)
    if field:
        return field, 1000 + len(key)
    if key.count(" ") > 10:
        return None
    for alias, field in _PREFIXES:
        if key.startswith(alias + " "):
            return field, len(alias)
    return None


def is_header_like(key: str) -> bool:
    """True when a cell could sit in a header row (a known column name or a known extra column)."""
    return key in _EXTRA_KEYS or header_field(key) is not None


# A total or subtotal inside the table ("Cộng: 3 thành viên", "Tổng cộng", "Tổng số", "Cộng xã Long Đức",
# "Cộng ấp Sa") is skipped; it ends nothing.
_TOTAL = re.compile(
    r"^(?:tong cong|tong so|cong(?= \d|$| (?:xa|phuong|thi tran|ap|khom|thon|huyen|to|toan|chung)\b))\b"
)
# What a total row shows where a name would be: a count, a formula's text, or nothing ("8", "8 người",
# "= 3 thành viên", "(12)").
_COUNT = re.compile(r"^[\d\s.,:;()=+*/-]*(?:(?:nguoi|thanh vien|tv|to|ho|ap|khom)\b[\s\d.,:;()]*)*$")


def is_total(key: str) -> bool:
    """True for the folded text of a total or subtotal cell."""
    return bool(_TOTAL.match(key))


def is_count(key: str) -> bool:
    """True for the folded text of a cell that holds no name, only a count (or nothing): "8 người"."""
    return bool(_COUNT.match(key))


def is_footer(key: str) -> bool:
    """True when the folded cell opens a signature block or a total line ("Người lập biểu", "Tổng cộng")."""
    return bool(_FOOTER.match(key)) or ("ngay" in key and bool(_FOOTER.search(key)))


def is_column_numbers(keys: dict[int, str]) -> bool:
    """True for the row of column numbers under a header ("1 2 3 4 5 6" or "(1) (2) ...")."""
    return len(keys) >= 3 and all(_NUMBER_TOKEN.fullmatch(key) for key in keys.values())


@dataclass(frozen=True)
class Header:
    """Where a Mẫu 2 table's header sits and which column holds which field (0-based); a name split over
    two columns has its surname in "name" and its given name in "given_name"."""

    first_row: int
    last_row: int
    columns: dict[str, int]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(field for field in ("commune", "team", "role", "phone") if field not in self.columns)


def _row_matches(keys: dict[int, str]) -> dict[int, tuple[str, int]]:
    found = {}
    for column, key in keys.items():
        match = header_field(key)
        if match:
            found[column] = match
    return found


def _columns(matches: dict[int, tuple[str, int]]) -> dict[str, int]:
    best: dict[str, tuple[int, int]] = {}
    for column in sorted(matches):
        field, score = matches[column]
        if field != "number" and (field not in best or score > best[field][0]):
            best[field] = (score, column)
    return _with_split_name({field: column for field, (_, column) in best.items()})


def _with_split_name(columns: dict[str, int]) -> dict[str, int]:
    """Returns the columns with a surname column read as "name" and the given-name column kept beside it;
    a full-name column ("Họ và tên") wins over both, and a given name ("Tên") alone is no name."""
    plain = {field: column for field, column in columns.items() if field not in ("surname", "given_name")}
    if "name" in plain or "surname" not in columns:
        return plain
    split = {"name": columns["surname"]}
    if "given_name" in columns:
        split["given_name"] = columns["given_name"]
    return {**plain, **split}


def _is_table(columns: dict[str, int]) -> bool:
    return "name" in columns and ("role" in columns or "phone" in columns)


def find_header(row: int, keys_of: Callable[[int], dict[int, str]], row_count: int) -> Header | None:
    """Returns the header starting at or around `row`, combining a second header row when there is one.

    `keys_of(row)` returns {column: folded key} of the row's non-empty cells.
    """
    keys = keys_of(row)
    matches = _row_matches(keys)
    if not matches:
        return None
    below_keys = keys_of(row + 1) if row + 1 < row_count else {}
    below_matches = _row_matches(below_keys)
    # The lower row of a two-row header names member columns under a merged group title; a team row
    # right under the header ("Tổ công nghệ số cộng đồng ấp A") must not be mistaken for one.
    below_adds_member_column = any(
        field in ("name", "surname", "given_name", "role", "phone") and column not in matches
        for column, (field, _) in below_matches.items()
    )
    # A title right above the header ("PHƯỜNG 5", "Đơn vị: xã Long Đức") reads like one loose header cell;
    # the upper row of a real two-row header has several header cells or one in exact header wording.
    upper_is_header = len(matches) >= 2 or any(score >= 1000 for _, score in matches.values())
    below_is_header = (
        upper_is_header
        and below_adds_member_column
        and all(is_header_like(key) or key == keys.get(column) for column, key in below_keys.items())
    )
    first, last = row, row
    combined = dict(matches)
    if below_is_header:
        combined.update(below_matches)  # the lower row names the real columns under a merged group title
        last = row + 1
    if not _is_table(_columns(combined)):
        return None
    if row > 0:
        above_matches = _row_matches(keys_of(row - 1))
        new_columns = {column: match for column, match in above_matches.items() if column not in combined}
        if len(above_matches) >= 2 and new_columns:
            combined = {**new_columns, **combined}
            first = row - 1
    return Header(first, last, _columns(combined))
