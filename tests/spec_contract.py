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
]
