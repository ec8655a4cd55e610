"""Pools and field forms for the demo inbox: Vietnamese names, mobile numbers, how officers write places."""

from __future__ import annotations

import random
from dataclasses import dataclass

from schemas import mau2

from ..text import strip_diacritics

KINH_FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Phan",
)
KINH_FAMILY += ("Dương", "Trương", "Đoàn", "Lâm", "Lý", "Châu", "Tăng", "Mai")
KHMER_FAMILY = ("Thạch", "Sơn", "Kim", "Danh", "Lâm", "Kiên", "Trà", "Thạch", "Sơn", "Kim")
MALE_MIDDLE = ("Văn", "Văn", "Văn", "Minh", "Hoàng", "Thanh", "Quốc", "Hữu", "Công", "Đức", "Tấn", "Chí")
FEMALE_MIDDLE = ("Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Hồng", "Bích", "Thúy")
MALE_GIVEN = (
    "Tư",
    "Hùng",
    "Dũng",
    "Tâm",
    "Phúc",
    "Lộc",
    "Thành",
    "Hải",
    "Long",
    "Khải",
    "Nghĩa",
    "Tuấn",
)
MALE_GIVEN += ("Vũ", "Hiếu", "Trí", "Bình", "Sang", "Út", "Bé", "Toàn", "Thắng", "Nhân", "Hậu", "Phong")
MALE_GIVEN += ("Quý", "Khang", "Duy", "Hoà", "Lợi", "Thuận", "Tài", "Đạt", "Kiệt", "Nhựt", "Triều", "Vinh")
FEMALE_GIVEN = (
    "Lan",
    "Hồng",
    "Thủy",
    "Thuỷ",
    "Hoa",
    "Mai",
    "Tuyết",
    "Ngân",
    "Trinh",
    "Diễm",
    "Thảo",
    "Nhung",
)
FEMALE_GIVEN += (
    "Hằng",
    "Yến",
    "Loan",
    "Kiều",
    "Xuân",
    "Nguyệt",
    "Thúy",
    "Phượng",
    "Huyền",
    "Út",
    "Mỹ",
    "Duyên",
)
FEMALE_GIVEN += ("Trang", "Vy", "Ngọc Hân", "Tuyền", "Nhi", "Quyên", "Hạnh", "Liên", "Oanh", "Dung")
KHMER_MALE_GIVEN = (
    "Sô Phanh",
    "Sà Rinh",
    "Sóc Kha",
    "Sa Ron",
    "Chanh Đa",
    "Sơ Phal",
    "Hên",
    "Rinh",
    "Phol",
)
KHMER_MALE_GIVEN += ("Sa Vênh", "Ma Ri", "Sóc Thiêng", "Pô", "Chăn Thu", "Sa Phon", "Kha Na", "Rươne")
KHMER_FEMALE_GIVEN = (
    "Sa Rươne",
    "Mỹ",
    "Sa Ry",
    "Sa Phia",
    "Chanh Thu",
    "Sà Quây",
    "Sóc Pha",
    "Đa Ra",
)
KHMER_FEMALE_GIVEN += ("Sa Vết", "Kim Ngân", "Ra Tha", "Sô Phi", "Thu Hà", "Mà Ly", "Sà Rết", "Ni")

# Three-digit mobile codes that every 2022 list and the pinned phonenumbers both accept in full.
MOBILE_CODES = (
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "39",
    "86",
    "96",
    "97",
    "98",
    "81",
    "82",
    "83",
)
MOBILE_CODES += ("84", "85", "88", "91", "94", "70", "76", "77", "78", "79", "90", "93", "56", "58", "92")

# Column headers of Mẫu 2 as districts word them; "hamlet" and "note" are extra columns.
_OFFICIAL = {field: title for field, title in mau2.COLUMN_TITLES.items() if field != "hamlet"}
HEADER_WORDINGS = (
    {"tt": mau2.NUMBER_TITLE, **_OFFICIAL},
    {"tt": "STT", "commune": "Đơn vị", "team": "Tên tổ", "name": "Họ và tên", "role": "Chức danh",
     "phone": "SĐT"},
    {"tt": "TT", "commune": "Tên xã", "team": "Tên Tổ CNSCĐ", "name": "Họ và tên",
     "role": "Chức vụ trong tổ", "phone": "Số điện thoại (Zalo)"},
)  # fmt: skip
EXTRA_HEADERS = {"hamlet": "Ấp/Khóm", "note": "Ghi chú"}
MEMBER_GROUP_HEADER = "Thông tin thành viên Tổ"

# Role as written, by variant: Tổ trưởng / Tổ phó / Tổ viên ("{hamlet}" is "ấp" or "khóm").
ROLE_FORMS = {
    "leader": ("Tổ trưởng", "TỔ TRƯỞNG", "tổ trưởng ", "Trưởng {hamlet} - Tổ trưởng", "Tổ Trưởng", "TT"),
    "deputy": ("Tổ phó", "TỔ PHÓ", "tổ phó", "Bí thư Chi đoàn - Tổ phó", "Tổ Phó", "Tổ phó"),
    "member": ("Tổ viên", "TỔ VIÊN", "Thành viên", "Tổ viên", "Tổ Viên", "TV"),
}
UNKNOWN_ROLE = "Hỗ trợ kỹ thuật"
MEMBER_NOTES = ("Đoàn viên", "Công an viên", "Chi hội trưởng Phụ nữ", "", "", "")

_UNIT_WORDS = ("Thành phố", "Thị xã", "Huyện", "Thị trấn", "Phường", "Xã", "Khóm", "Ấp")
_UNIT_ABBREVIATIONS = {"Thành phố": "TP", "Thị xã": "TX", "Huyện": "Huyen"}


@dataclass(frozen=True)
class FileStyle:
    """How one district lays out its file: header wording, columns, merges, sheets, notations."""

    wording: int
    columns: tuple[str, ...] = ("tt", "commune", "team", "name", "role", "phone")
    two_row_header: bool = False
    number_row: bool = False
    merge: str = "team"  # merge commune/team cells over each "team", over the commune "block", or "" (blank)
    sheet_per_commune: bool = False
    summary_sheet: bool = False
    blank_between_communes: bool = False
    national_motto: bool = True
    commune_form: int = 1
    team_forms: tuple[int, ...] = (0,)
    phone_forms: tuple[int, ...] = (1,)
    role_variant: int = 0
    folder_form: int = 0
    file_form: int = 0
    sheet_title: str = "Sheet1"


_REORDERED = ("tt", "name", "role", "phone", "commune", "hamlet", "team", "note")
_WITH_HAMLET = ("tt", "commune", "hamlet", "team", "name", "role", "phone")
# The first two styles alone show every layout the reader must handle (the test registry has two
# present districts); the others add variety for the real province.
STYLES = (
    FileStyle(0, two_row_header=True, number_row=True, sheet_per_commune=True, summary_sheet=True,
              commune_form=0, team_forms=(0, 0, 0, 1), phone_forms=(1, 1, 1, 2, 0), role_variant=3),
    FileStyle(1, columns=_REORDERED, merge="", blank_between_communes=True, national_motto=False,
              commune_form=2, team_forms=(5,), phone_forms=(5, 5, 5, 0, 3), role_variant=2,
              file_form=1, sheet_title="DS To CNS"),
    FileStyle(2, merge="block", commune_form=1, team_forms=(1, 1, 3), phone_forms=(2, 2, 1, 4),
              role_variant=1, folder_form=1, file_form=2),
    FileStyle(0, columns=_WITH_HAMLET, number_row=True, commune_form=3, team_forms=(2, 2, 0),
              phone_forms=(0, 0, 0, 6, 1), role_variant=4, folder_form=2, file_form=3, sheet_title="Mẫu 2"),
    FileStyle(1, two_row_header=True, sheet_per_commune=True, commune_form=2, team_forms=(3, 1),
              phone_forms=(1, 7, 5), role_variant=5, folder_form=3, file_form=0),
    FileStyle(2, merge="", blank_between_communes=True, commune_form=0, team_forms=(4, 0),
              phone_forms=(0, 1, 3), role_variant=0, folder_form=0, file_form=1, sheet_title="Tong hop"),
    FileStyle(0, number_row=True, merge="block", commune_form=3, team_forms=(1, 2, 3),
              phone_forms=(1, 2, 4, 0), role_variant=1, folder_form=1, file_form=2),
    FileStyle(1, commune_form=2, team_forms=(0, 3), phone_forms=(1, 0, 5), role_variant=2, file_form=3),
)  # fmt: skip


def split_unit(place: str, default: str = "") -> tuple[str, str]:
    """Returns ("Phường", "1") for "Phường 1": the unit word (or `default`) and the bare name."""
    for word in _UNIT_WORDS:
        if place.lower().startswith(word.lower() + " "):
            return word, place[len(word) + 1 :].strip()
    return default, place


def ascii_text(text: str) -> str:
    """Returns the text without diacritics, as officers type folder and file names."""
    return strip_diacritics(text)


def person_name(rng: random.Random, khmer_share: float = 0.3) -> str:
    """Returns a plausible Trà Vinh full name: Kinh or Khmer, male or female."""
    female = rng.random() < 0.45
    if rng.random() < khmer_share:
        given = rng.choice(KHMER_FEMALE_GIVEN if female else KHMER_MALE_GIVEN)
        return " ".join([rng.choice(KHMER_FAMILY), *(["Thị"] if female else []), given])
    middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
    return f"{rng.choice(KINH_FAMILY)} {middle} {rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)}"


def mobile_nsn(rng: random.Random) -> str:
    """Returns a random 9-digit national significant number of a Vietnamese mobile."""
    return rng.choice(MOBILE_CODES) + f"{rng.randrange(10**7):07d}"


def national(nsn: str) -> str:
    """Returns the mobile number as Vietnamese write it: "0912 345 678"."""
    return f"0{nsn[:3]} {nsn[3:6]} {nsn[6:]}"


def phone_as_written(nsn: str, form: int) -> str | int:
    """Returns the mobile number in one of the notations seen in the field (5: a number cell)."""
    digits = "0" + nsn
    forms = (
        digits,
        national(nsn),
        f"{digits[:4]}.{digits[4:7]}.{digits[7:]}",
        f"+84 {nsn[:3]} {nsn[3:6]} {nsn[6:]}",
        "84" + nsn,
        int(nsn),
        f"{digits[:3]} {digits[3:6]} {digits[6:]}",
        f"{digits[:4]}-{digits[4:7]}-{digits[7:]}",
    )
    return forms[form]


def commune_as_written(commune: str, district: str, form: int, index: int) -> str:
    """Returns the commune as an officer writes it: "UBND phường 1, thành phố Trà Vinh", "P.1", ..."""
    unit, bare = split_unit(commune)
    if not unit:
        return commune
    district_unit, district_bare = split_unit(district)
    if form == 0:
        return f"UBND {unit.lower()} {bare}, {district_unit.lower()} {district_bare}".replace(" ,", ",")
    if form == 3:
        return f"UBND {unit.lower()} {bare}"
    if form == 2 and unit == "Phường":
        return f"phường {int(bare):02d}" if bare.isdigit() and index % 2 else f"P.{bare}"
    if form == 2 and unit == "Thị trấn":
        return f"TT {bare}"
    return commune


def team_as_written(hamlet: str, form: int, number: int, default_type: str = "Ấp") -> str:
    """Returns the team name in a field form: "Tổ CNSCĐ khóm 3", "Tổ CNS ấp Ba Se B", "Ấp Chợ" ..."""
    hamlet_type, bare = split_unit(hamlet, default_type)
    prefixes = ("Tổ công nghệ số cộng đồng", "Tổ CNSCĐ", "Tổ CNS", "", "Tổ công nghệ cộng đồng")
    if form == 5:
        return f"Tổ CNSCĐ số {number}"
    if form == 3:
        return f"{hamlet_type} {bare}"
    return f"{prefixes[form]} {hamlet_type.lower()} {bare}"


def folder_as_written(district: str, form: int, all_districts: list[str]) -> str:
    """Returns the inbox sub-folder name: "TP Tra Vinh", "Huyện Cầu Kè", "H. Tieu Can", "Chau Thanh"."""
    unit, bare = split_unit(district)
    short = f"{_UNIT_ABBREVIATIONS.get(unit, unit)} {bare}".strip()
    bares = [split_unit(other)[1] for other in all_districts]
    if form == 1:
        return district
    if form == 2:
        return ascii_text(f"{'H' if unit == 'Huyện' else short.split()[0]}. {bare}")
    if form == 3 and bares.count(bare) == 1:
        return ascii_text(bare)
    return ascii_text(short)


def file_as_written(district: str, form: int) -> str:
    """Returns a district's file name (without extension) in one of the ways officers name them."""
    unit, bare = split_unit(district)
    short = ascii_text(f"{_UNIT_ABBREVIATIONS.get(unit, unit)} {bare}".strip())
    names = (
        f"Mau 2 - {short}",
        f"Mẫu 2 danh sách Tổ CNSCĐ {district}",
        f"DS To CNS cong dong {short} 2022",
        f"Danh sach to CNSCD_{short}_T8",
    )
    return names[form]
