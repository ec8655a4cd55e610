"""The output contract of SPEC §5–§6, written once for the tests (never imported from the code it checks)."""

SHEETS = [
    "Tổng quan",
    "Theo huyện",
    "Theo xã",
    "Danh sách tổ",
    "Ấp chưa có tổ",
    "Lỗi cần sửa",
    "Trùng lặp",
    "Nguồn dữ liệu",
    "Tiến độ",  # issue 11: the campaign night by night, after the sheets SPEC §6 names
    "Thay đổi",  # issue 11: what changed since the previous date
]
