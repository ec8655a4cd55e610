"""The vocabulary of the Mẫu 2 template, as the province's letter gives it: its fields, its official
column titles, its title and its roles.

The one home of these words for the readers, the writers, the demo and the district template; the
schemas use the roles. Header wordings that districts use besides the official titles belong to the
reader (pipeline.ingest.header), which starts from these.
"""

from __future__ import annotations

# The fields of a member row, in the template's order; "hamlet" is the optional Ấp/Khóm column.
FIELDS = ("commune", "team", "hamlet", "name", "role", "phone")

TITLE = "DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"
NUMBER_TITLE = "TT"
# The official column titles of Mẫu 2 (and the hamlet column that districts add), by field.
COLUMN_TITLES = {
    "commune": "Tên xã/phường/thị trấn",
    "team": "Tên Tổ công nghệ số cộng đồng",
    "hamlet": "Ấp/Khóm",
    "name": "Họ tên",
    "role": "Chức vụ",
    "phone": "Điện thoại di động (đã đăng ký Zalo)",
}
# The short form of each field's title, where a message names a column.
SHORT_TITLES = {
    "commune": "Tên xã",
    "team": "Tên tổ",
    "hamlet": "Ấp/khóm",
    "name": "Họ tên",
    "role": "Chức vụ",
    "phone": "Điện thoại",
    "district": "Huyện",
}

LEADER, DEPUTY, MEMBER = "Tổ trưởng", "Tổ phó", "Tổ viên"
ROLES = (LEADER, DEPUTY, MEMBER)  # the roles of Mẫu 2, leader first
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}

# How "Tổ công nghệ số cộng đồng" is written in team names, folded (no case, no marks), longest first.
TEAM_NAME_FORMS = (
    "cong nghe so cong dong",
    "cong nghe cong dong",
    "cong nghe so",
    "cns cong dong",
    "cnscd",
    "cns cd",
    "cns",
)
# Steering and working groups ("Tổ chỉ đạo ...", "Tổ công tác ..."): teams, but no hamlet's team.
WORKING_GROUP_WORDS = ("chi dao", "cong tac", "giup viec")
