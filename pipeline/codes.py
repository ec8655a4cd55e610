"""The one table of issue codes: severity, the Vietnamese message and what the district should do.

The code uses it to build every Issue; `python -m pipeline codes` renders it into the README.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Issue, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


@dataclass(frozen=True)
class IssueCode:
    code: str
    severity: Severity
    message: str  # may hold {value} and {detail}
    action: str  # what the district officer should do


_TABLE = [
    # --- files ---
    IssueCode(
        "file_unreadable",
        E,
        "Không đọc được tệp: {detail}.",
        "Mở lại tệp bằng Excel, lưu thành .xlsx rồi gửi lại.",
    ),
    IssueCode(
        "file_not_spreadsheet",
        E,
        "Tệp là {detail}, không phải bảng tính, dù tên tệp có đuôi của bảng tính; không đọc được danh sách.",
        "Nhập danh sách vào bảng tính theo Mẫu 2, lưu thành .xlsx rồi gửi lại; đổi đuôi tên tệp không đổi "
        "được văn bản Word, PDF hay ảnh thành bảng tính.",
    ),
    IssueCode(
        "file_encrypted",
        E,
        "Tệp được đặt mật khẩu nên không đọc được.",
        "Gỡ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi gửi lại.",
    ),
    IssueCode(
        "file_incomplete",
        E,
        "Tệp chưa chép xong hoặc bị hỏng (dữ liệu bị cắt cụt).",
        "Không cần làm gì nếu tệp đang được chép; lần chạy sau sẽ đọc lại. Nếu vẫn lỗi, gửi lại tệp.",
    ),
    IssueCode(
        "file_too_large",
        E,
        "Tệp vượt giới hạn cho phép ({detail}), không được đọc.",
        "Kiểm tra tệp có đúng là danh sách Mẫu 2 không; tách thành nhiều tệp nhỏ hơn nếu cần.",
    ),
    IssueCode(
        "file_skipped",
        I,
        "Bỏ qua tệp không phải bảng tính: {detail}.",
        "Gửi danh sách theo Mẫu 2 dạng bảng tính (.xlsx, .xls, .ods hoặc .csv).",
    ),
    IssueCode(
        "file_link_outside",
        W,
        "Bỏ qua liên kết trỏ ra ngoài thư mục nhận tệp: {detail}.",
        "Chép chính tệp bảng tính (không phải lối tắt/liên kết) vào thư mục nhận tệp.",
    ),
    IssueCode(
        "file_no_table",
        E,
        "Không tìm thấy bảng Mẫu 2 trong tệp (cần các cột Họ tên, Chức vụ, Điện thoại).",
        "Dùng đúng Mẫu 2: TT, Tên xã/phường/thị trấn, Tên Tổ, Họ tên, Chức vụ, Điện thoại di động.",
    ),
    IssueCode(
        "file_duplicate", I, "Tệp trùng nội dung với tệp {detail}; chỉ đọc một lần.", "Không cần làm gì."
    ),
    IssueCode(
        "file_superseded",
        I,
        "Bản gửi sau ({detail}) đã thay dữ liệu của {value}.",
        "Không cần làm gì nếu bản gửi sau là bản đúng.",
    ),
    IssueCode(
        "file_correction_older",
        W,
        'Tệp "{value}" có tên là bản sửa nhưng bị thay bởi tệp có ngày sửa muộn hơn: {detail}.',
        "Kiểm tra ngày của các tệp: nếu bản sửa là bản đúng, hãy xóa bản cũ khỏi hộp thư "
        "hoặc chép lại bản sửa.",
    ),
    IssueCode(
        "sheet_no_table",
        I,
        "Trang tính không có bảng Mẫu 2 nên được bỏ qua.",
        "Không cần làm gì nếu trang này không phải danh sách.",
    ),
    IssueCode(
        "sheet_hidden",
        I,
        "Trang tính bị ẩn nên không được đọc.",
        "Nếu trang này là danh sách cần gửi, hãy bỏ ẩn (Unhide) rồi gửi lại.",
    ),
    IssueCode("column_missing", W, "Bảng thiếu cột {detail}.", "Bổ sung cột theo đúng Mẫu 2."),
    IssueCode(
        "text_legacy_encoding",
        I,
        "Văn bản gõ bằng bảng mã cũ ({detail}) đã được chuyển sang Unicode.",
        "Nên gõ lại bằng Unicode (font Times New Roman) ở lần gửi sau.",
    ),
    IssueCode(
        "text_hidden_characters",
        I,
        "Ô có ký tự ẩn hoặc ký tự điều khiển; đã xóa.",
        "Gõ lại nội dung ô (không sao chép từ trang web hay tin nhắn) ở lần gửi sau.",
    ),
    # --- people ---
    IssueCode(
        "name_missing", E, "Thiếu họ tên thành viên.", "Điền họ và tên đầy đủ của thành viên vào cột Họ tên."
    ),
    IssueCode(
        "name_vacant",
        E,
        'Ô Họ tên ghi "{value}": đây là chỗ còn trống, chưa phải một người nên không được tính.',
        "Điền họ và tên người được phân công vào ô này, hoặc xóa dòng nếu chưa có người.",
    ),
    IssueCode(
        "name_invalid",
        E,
        'Họ tên "{value}" không phải là tên người.',
        "Ghi họ và tên của thành viên (không ghi số điện thoại, chức vụ hay ký hiệu).",
    ),
    IssueCode(
        "name_lookalike_letters",
        I,
        "Họ tên có chữ cái trông giống chữ Latinh nhưng thuộc bảng chữ khác (ví dụ chữ Kirin); "
        "đã đổi thành chữ Latinh.",
        "Gõ lại họ tên bằng bàn phím tiếng Việt (Unicode) ở lần gửi sau.",
    ),
    IssueCode(
        "name_mixed_scripts",
        W,
        'Họ tên "{value}" có chữ cái thuộc bảng chữ khác (không phải chữ Latinh) nên không đổi được.',
        "Gõ lại họ tên bằng bàn phím tiếng Việt (Unicode).",
    ),
    IssueCode(
        "role_unknown",
        W,
        'Chức vụ "{value}" không rõ; tạm tính là Tổ viên.',
        "Ghi một trong: Tổ trưởng, Tổ phó, Tổ viên.",
    ),
    IssueCode(
        "role_missing", W, "Thiếu chức vụ; tạm tính là Tổ viên.", "Ghi một trong: Tổ trưởng, Tổ phó, Tổ viên."
    ),
    IssueCode(
        "role_in_name",
        I,
        "Ô Chức vụ để trống nhưng ô Họ tên có ghi chức vụ; đã lấy chức vụ đó.",
        "Ghi chức vụ vào cột Chức vụ và chỉ ghi họ tên trong cột Họ tên.",
    ),
    IssueCode(
        "phone_missing",
        W,
        "Thiếu số điện thoại di động.",
        "Bổ sung số điện thoại di động (đã đăng ký Zalo) của thành viên.",
    ),
    IssueCode(
        "phone_invalid",
        W,
        'Số điện thoại "{value}" không hợp lệ.',
        "Ghi đủ 10 số của điện thoại di động, ví dụ 0912 345 678.",
    ),
    IssueCode(
        "phone_landline",
        W,
        '"{value}" là số máy bàn, không dùng được Zalo.',
        "Ghi số điện thoại di động (đã đăng ký Zalo) thay cho số máy bàn.",
    ),
    IssueCode(
        "phone_multiple",
        W,
        "Ô có nhiều số điện thoại; chỉ lấy số {detail}.",
        "Mỗi thành viên chỉ ghi một số điện thoại di động (đã đăng ký Zalo).",
    ),
    IssueCode(
        "phone_legacy_converted",
        I,
        'Số 11 số cũ "{value}" đã được chuyển sang số mới {detail}.',
        "Cập nhật số mới 10 số ở lần gửi sau.",
    ),
    IssueCode(
        "phone_shared",
        W,
        "Số điện thoại {detail}.",
        "Kiểm tra lại số điện thoại của từng người; mỗi thành viên ghi số di động của chính mình.",
    ),
    # --- places ---
    IssueCode(
        "commune_missing",
        E,
        "Không xác định được xã/phường/thị trấn của dòng này.",
        "Ghi tên xã/phường/thị trấn ở cột Tên xã/phường/thị trấn.",
    ),
    IssueCode(
        "commune_unknown",
        E,
        'Không tìm thấy xã/phường/thị trấn "{value}"{detail}.',
        "Ghi đúng tên xã/phường/thị trấn theo danh mục hành chính.",
    ),
    IssueCode(
        "commune_ambiguous",
        W,
        'Tên "{value}" có thể là: {detail}; chưa xác định được.',
        "Ghi rõ loại đơn vị (xã, phường, thị trấn) và tên huyện.",
    ),
    IssueCode(
        "commune_fuzzy",
        I,
        'Tên "{value}" được hiểu là {detail}.',
        "Kiểm tra lại chính tả tên xã/phường/thị trấn.",
    ),
    IssueCode(
        "district_unknown",
        W,
        "Không xác định được huyện của tệp; đã dò tên xã trong {detail}.",
        "Đặt tệp trong thư mục mang tên huyện hoặc ghi tên huyện trong tên tệp.",
    ),
    IssueCode(
        "commune_not_in_district",
        E,
        '"{value}" không thuộc {detail}.',
        "Kiểm tra lại tên xã; nếu đúng là xã của huyện khác thì gửi danh sách của xã đó cho huyện ấy, "
        "không ghi vào danh sách của huyện mình.",
    ),
    IssueCode(
        "file_misfiled",
        W,
        "Mọi xã trong tệp đều thuộc {detail}, không thuộc {value} (theo thư mục hoặc tên tệp); "
        "cả tệp đã được xếp vào {detail}.",
        "Gửi tệp vào đúng thư mục của huyện, hoặc đặt tên tệp theo đúng huyện.",
    ),
    IssueCode(
        "district_mismatch",
        W,
        '"{value}" thuộc {detail}.',
        "Kiểm tra lại tên xã và huyện trong tệp, hoặc gửi tệp vào đúng thư mục của huyện.",
    ),
    IssueCode(
        "hamlet_unknown",
        W,
        'Không tìm thấy ấp/khóm "{value}" trong {detail}.',
        "Ghi đúng tên ấp/khóm ở cột Ấp/Khóm hoặc trong tên tổ.",
    ),
    IssueCode(
        "hamlet_ambiguous",
        W,
        'Ấp/khóm "{value}" có thể là: {detail}; chưa xác định được.',
        "Ghi đầy đủ tên ấp/khóm.",
    ),
    IssueCode(
        "hamlet_fuzzy", I, 'Ấp/khóm "{value}" được hiểu là {detail}.', "Kiểm tra lại chính tả tên ấp/khóm."
    ),
    IssueCode(
        "team_missing",
        W,
        "Dòng không ghi tên tổ hay ấp/khóm nên không biết thuộc tổ nào; không tính độ phủ.",
        "Ghi tên tổ (ví dụ: Tổ công nghệ số cộng đồng ấp ...) hoặc ấp/khóm của thành viên.",
    ),
    IssueCode(
        "team_not_hamlet",
        W,
        'Tổ "{value}" không phải tổ công nghệ số cộng đồng của ấp/khóm; không tính độ phủ.',
        "Chỉ liệt kê các tổ công nghệ số cộng đồng của ấp/khóm.",
    ),
    # --- teams ---
    IssueCode(
        "team_no_leader",
        W,
        'Tổ "{value}" chưa có Tổ trưởng.',
        "Mỗi tổ có đúng một Tổ trưởng (Trưởng ấp/khóm).",
    ),
    IssueCode("team_many_leaders", W, 'Tổ "{value}" có {detail} Tổ trưởng.', "Mỗi tổ chỉ có một Tổ trưởng."),
    IssueCode(
        "team_no_deputy", W, 'Tổ "{value}" chưa có Tổ phó.', "Bổ sung Tổ phó (Bí thư Chi đoàn ấp/khóm)."
    ),
    IssueCode(
        "team_too_small",
        W,
        'Tổ "{value}" chỉ có {detail} thành viên (cần ít nhất 3).',
        "Bổ sung thành viên để tổ có ít nhất 3 người.",
    ),
]

CODES: dict[str, IssueCode] = {entry.code: entry for entry in _TABLE}


def make_issue(code: str, *, value: object = "", detail: object = "", **location) -> Issue:
    """Returns the Issue for `code` with its severity and Vietnamese message filled in."""
    entry = CODES[code]
    text = "" if value is None else str(value)
    message = entry.message.format(value=text, detail=detail)
    return Issue(code=code, severity=entry.severity, message=message, value=text, **location)


def markdown_table() -> str:
    """Returns the issue-code table as Markdown, for the README."""
    lines = ["| Mã lỗi (code) | Mức độ | Ý nghĩa | Cách sửa |", "|---|---|---|---|"]
    for entry in _TABLE:
        meaning = entry.message.replace("{value}", "…").replace("{detail}", "…")
        lines.append(f"| `{entry.code}` | {entry.severity} | {meaning} | {entry.action} |")
    return "\n".join(lines)
