from settled import raw_rows

from pipeline.normalise import normalise_rows
from pipeline.validate import member_issues, team_issues


def _rows(*records):
    raw = raw_rows(
        [
            {
                "source_file": "a.xlsx",
                "source_row": row,
                "name_text": name,
                "role_text": role,
                "phone_cell": phone,
                "team_text": team,
                "team_letter": "C",
                "name_letter": "D",
                "role_letter": "E",
                "phone_letter": "F",
            }
            for row, name, role, phone, team in records
        ]
    )
    rows = normalise_rows(raw)
    return rows.assign(team=rows["team_text"], kept_role=rows["role"])


def test_member_rules_become_located_issues():
    rows = _rows(
        (7, "Nguyễn Văn An", "Tổ trưởng", "0912345678", "Ấp A"),
        (8, "", "Tổ viên", "0912345679", "Ấp A"),
        (9, "0912345670", "Tổ viên", "0294 3850853", "Ấp A"),
        (10, "Lê Thị Hoa", "Kế toán", "không có", "Ấp A"),
        (11, "Trần Văn Bé", "Tổ phó", "01662345678", "Ấp A"),
        (12, "Võ Văn Út", "", "0912345678 - 0987654321", "Ấp A"),
        (13, "Kim Thị Mỹ", "TV", "12345", "Ấp A"),
    )
    issues = member_issues(rows)
    assert [(i.row, i.column, i.code, i.severity.value) for i in issues] == [
        (8, "name", "name_missing", "error"),
        (9, "name", "name_invalid", "error"),
        (9, "phone", "phone_landline", "warning"),
        (10, "phone", "phone_missing", "warning"),
        (10, "role", "role_unknown", "warning"),
        (11, "phone", "phone_legacy_converted", "info"),
        (12, "phone", "phone_multiple", "warning"),
        (12, "role", "role_missing", "warning"),
        (13, "phone", "phone_invalid", "warning"),
    ]
    by_row = {(i.row, i.code): i for i in issues}
    assert by_row[(11, "phone_legacy_converted")].value == "01662345678"
    # each issue keeps the cell of its field in the row's table
    assert {(issue.code, issue.cell) for issue in issues if issue.row in (8, 10)} == {
        ("name_missing", "D8"),
        ("role_unknown", "E10"),
        ("phone_missing", "F10"),  # "không có"
    }
    assert "0362 345 678" in by_row[(11, "phone_legacy_converted")].message
    assert by_row[(12, "phone_multiple")].message == "Ô có nhiều số điện thoại; chỉ lấy số 0912 345 678."


def test_clean_rows_give_no_issue():
    rows = _rows((7, "Nguyễn Văn An", "Tổ trưởng", "0912345678", "Ấp A"))
    assert member_issues(rows) == []


def test_team_composition_warnings():
    rows = _rows(
        (7, "Nguyễn Văn An", "Tổ trưởng", "0912345678", "Ấp A"),
        (8, "Lê Văn Ba", "Tổ trưởng", "0912345679", "Ấp A"),
        (10, "Trần Văn Bé", "Tổ trưởng", "0912345670", "Ấp B"),
        (11, "Võ Thị Út", "Tổ phó", "0912345671", "Ấp B"),
        (12, "Kim Văn Hai", "Tổ viên", "0912345672", "Ấp B"),
    )
    issues = team_issues(rows, ["team"])
    assert [(i.row, i.code, i.value) for i in issues] == [
        (7, "team_many_leaders", "Ấp A"),
        (7, "team_no_deputy", "Ấp A"),
        (7, "team_too_small", "Ấp A"),
    ]
    assert issues[0].message == 'Tổ "Ấp A" có 2 Tổ trưởng.'
