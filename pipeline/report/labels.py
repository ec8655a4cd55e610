"""The Vietnamese words of the reports: sheet names, column headers, statuses and short flag notes."""

from __future__ import annotations

from datetime import date

from schemas import mau2
from schemas.mau2 import ROLE_RANK

from ..model import CommuneState, SubmissionStatus
from ..places.registry import describe_source
from ..vietnamese import date_text

# --- sheet names, in workbook order (SPEC §6) ---
SHEET_OVERVIEW = "Tổng quan"
SHEET_DISTRICTS = "Theo huyện"
SHEET_COMMUNES = "Theo xã"
SHEET_MEMBERS = "Danh sách tổ"
SHEET_GAPS = "Ấp chưa có tổ"
SHEET_ISSUES = "Lỗi cần sửa"
SHEET_DUPLICATES = "Trùng lặp"
SHEET_FILES = "Nguồn dữ liệu"
SHEET_PROGRESS = "Tiến độ"  # issue 11: after the sheets SPEC §6 names, in their order
SHEET_CHANGES = "Thay đổi"
SHEET_PROVINCES = "Theo tỉnh"  # issue 12: after Tổng quan, only with a registry of several provinces
SHEETS = (
    SHEET_OVERVIEW,
    SHEET_DISTRICTS,
    SHEET_COMMUNES,
    SHEET_MEMBERS,
    SHEET_GAPS,
    SHEET_ISSUES,
    SHEET_DUPLICATES,
    SHEET_FILES,
    SHEET_PROGRESS,
    SHEET_CHANGES,
)

TITLE = "TỔNG HỢP TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"
FEEDBACK_TITLE = "Phản hồi danh sách Tổ công nghệ số cộng đồng"
NOTHING_TO_FIX = "Không có lỗi cần sửa."
TOTAL = "Tổng cộng"
NO_DISTRICT = "(không có cấp huyện)"  # a registry without districts (since 1/7/2025)
UNPLACED_DISTRICT = "(chưa xác định được huyện)"  # people whose commune names no single district
UNPLACED_PROVINCE = "(chưa xác định được tỉnh, huyện)"  # the same people in Theo tỉnh

# --- statuses ---
DISTRICT_STATUS = {
    SubmissionStatus.ON_TIME: "Đúng hạn",
    SubmissionStatus.LATE: "Trễ hạn",
    SubmissionStatus.MISSING: "Chưa gửi",
}
SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
OUTCOME = {
    "accepted": "Được chấp nhận",
    "rejected": "Bị loại",
    "merged": "Trùng, đã gộp",
    "superseded": "Đã thay bằng bản gửi sau",
}
FILE_STATUS = {
    "processed": "Đã xử lý",
    "duplicate": "Trùng tệp",
    "superseded": "Đã thay thế",
    "unreadable": "Không đọc được",
    "no_table": "Không có bảng Mẫu 2",
    "skipped": "Bỏ qua",
}
COMMUNE_STATE = {  # the state codes of coverage.communes
    CommuneState.NOT_SUBMITTED: "Chưa gửi danh sách",
    CommuneState.PARTIAL: "Đã gửi, còn ấp/khóm chưa có tổ",
    CommuneState.COMPLETE: "Đủ",
}
SAMPLE_HAMLET = "Ấp/khóm mẫu, chưa phải danh mục chính thức"

# --- the english column keys of Issue.column ---
ISSUE_COLUMN = mau2.SHORT_TITLES

ROLE_ORDER = ROLE_RANK  # Mẫu 2 lists a team leader first

# Short notes for the Ghi chú column of the member list: one per warning or info code a row can carry.
FLAG = {
    "phone_missing": "Thiếu SĐT",
    "phone_invalid": "SĐT không hợp lệ",
    "phone_landline": "Số máy bàn",
    "phone_multiple": "Nhiều SĐT, lấy số đầu",
    "phone_legacy_converted": "Đã đổi số 11 số sang 10 số",
    "phone_shared": "SĐT trùng với người/tổ khác",
    "role_unknown": "Chức vụ không rõ, tính là Tổ viên",
    "role_missing": "Thiếu chức vụ, tính là Tổ viên",
    "text_legacy_encoding": "Đã chuyển chữ mã cũ sang Unicode",
    "text_hidden_characters": "Đã xóa ký tự ẩn",
    "name_lookalike_letters": "Đã đổi chữ cái bảng chữ khác sang chữ Latinh",
    "name_mixed_scripts": "Họ tên có chữ cái không phải chữ Latinh",
    "commune_ambiguous": "Tên xã chưa rõ",
    "commune_fuzzy": "Tên xã gần đúng",
    "district_unknown": "Chưa rõ huyện của tệp",
    "district_mismatch": "Huyện không khớp với tệp",
    "hamlet_unknown": "Chưa xác định được ấp/khóm",
    "hamlet_ambiguous": "Ấp/khóm chưa rõ",
    "hamlet_fuzzy": "Tên ấp/khóm gần đúng",
    "team_not_hamlet": "Không phải tổ của ấp/khóm",
    "team_no_leader": "Tổ chưa có Tổ trưởng",
    "team_many_leaders": "Tổ có nhiều Tổ trưởng",
    "team_no_deputy": "Tổ chưa có Tổ phó",
    "team_too_small": "Tổ dưới 3 thành viên",
    "column_missing": "Bảng thiếu cột",
}


def flag_notes(flags: str) -> str:
    """Returns the ';'-joined flag codes of a row as short Vietnamese notes, joined by '; '."""
    codes = [code for code in str(flags or "").split(";") if code]
    return "; ".join(FLAG.get(code, code) for code in dict.fromkeys(codes))


# The heading of an administrative document (Nghị định 30/2020/NĐ-CP): the issuing body on the left,
# the national motto on the right, then the place and date.
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
AGENCY = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
MINISTRY = "BỘ THÔNG TIN VÀ TRUYỀN THÔNG"  # who consolidates a registry of several provinces
AGENCY_NAMES = {
    AGENCY: "Sở Thông tin và Truyền thông",
    MINISTRY: "Bộ Thông tin và Truyền thông",
}  # in a sentence
_PROVINCE_UNITS = ("Tỉnh ", "Thành phố ", "TP. ", "TP ")


def issuing_body(provinces: tuple[str, ...]) -> tuple[str, str, str]:
    """Returns (the body above the agency, the agency, the place of the date line) for the registry's
    provinces: ("UBND TỈNH TRÀ VINH", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Trà Vinh") for one province."""
    if len(provinces) > 1:
        return "", MINISTRY, "Hà Nội"
    if not provinces:
        return "", AGENCY, "……"
    province = provinces[0]
    place = next((province[len(unit) :] for unit in _PROVINCE_UNITS if province.startswith(unit)), province)
    return f"UBND {province.upper()}", AGENCY, place


def document_date(place: str, day: date) -> str:
    """Returns the place and date line: "Trà Vinh, ngày 05 tháng 02 năm 2023" (days below 10 and the
    months 1 and 2 take a leading zero)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def deadline_text(as_of: date, deadline: date) -> str:
    """Returns "còn N ngày", "hôm nay là hạn cuối" or "đã quá hạn N ngày" as of a date."""
    days = (deadline - as_of).days
    if days > 0:
        return f"còn {days} ngày"
    if days == 0:
        return "hôm nay là hạn cuối"
    return f"đã quá hạn {-days} ngày"


def district_timing(status: str, first_submitted: date | None, as_of: date, deadline: date) -> str:
    """Returns how a district stands against the deadline, in words: early, late, or still missing."""
    if status == SubmissionStatus.MISSING or first_submitted is None:
        return "Chưa gửi, " + deadline_text(as_of, deadline)
    days = (first_submitted - deadline).days
    if days > 0:
        return f"Gửi trễ {days} ngày"
    if days == 0:
        return "Gửi đúng ngày hạn cuối"
    return f"Gửi trước hạn {-days} ngày"


def district_status_line(status: str, first_submitted: date | None, deadline: date) -> str:
    """Returns a district's status for its feedback: on time, late (sent when, how late) or not sent."""
    if status == SubmissionStatus.MISSING or first_submitted is None:
        return "Trạng thái: Chưa gửi danh sách"
    if status == SubmissionStatus.LATE:
        days = (first_submitted - deadline).days
        return f"Trạng thái: Trễ hạn (gửi ngày {date_text(first_submitted)}, trễ {days} ngày)"
    return "Trạng thái: Đúng hạn"


registry_source = describe_source  # where the registry came from, in Vietnamese
