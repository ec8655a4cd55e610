"""`python -m pipeline template` (issue 14): a Mẫu 2 workbook pre-filled for a district, with choice
lists; filled in and sent, it is read with no problem but what the person typed."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from campaign import DEADLINE, HEADER
from click.testing import CliRunner
from fixtures_mau2 import settle
from openpyxl.utils import range_boundaries

from pipeline import load_registry
from pipeline.cli import cli
from pipeline.report.feedback import district_slug
from pipeline.report.template import BLOCK_ROLES, HEADER_ROW, SHEET, SHEET_LISTS, team_name
from pipeline.runtime.run import run_consolidation

REGISTRY = load_registry()


def _template(tmp_path: Path, district: str) -> Path:
    out = tmp_path / "mau" / f"{district}.xlsx"
    result = CliRunner().invoke(cli, ["template", "--district", district, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _fill(template: Path, target: Path, start: int) -> int:
    """Fills a leader, a deputy and a member in every block, as a district officer would; returns how many."""
    book = openpyxl.load_workbook(template)
    sheet = book[SHEET]
    people = 0
    for row in range(HEADER_ROW + 2, sheet.max_row + 1):
        if sheet.cell(row, 1).value is None:
            continue  # not a block's first row
        for offset, role in enumerate(("Tổ trưởng", "Tổ phó", "Tổ viên")):
            number = start + people
            sheet.cell(row + offset, 4).value = f"Nguyễn Văn {_letters(number)}"
            sheet.cell(row + offset, 5).value = role
            sheet.cell(row + offset, 6).value = f"09{number:08d}"
            people += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return people


def _letters(number: int) -> str:
    """A distinct given name per person: Aa, Ab, ... (a name has no digits)."""
    first, second = divmod(number, 26)
    return chr(65 + first % 26) + chr(97 + second)


def test_every_district_s_template_filled_in_is_read_in_full_with_no_problem(tmp_path):
    inbox, people = tmp_path / "inbox", 0
    files = []
    for district in REGISTRY.districts:
        target = inbox / district_slug(district) / "Mau 2.xlsx"
        people += _fill(_template(tmp_path, district), target, people)
        files.append(str(target))
    checked = CliRunner().invoke(cli, ["check", *files])
    assert checked.exit_code == 0, checked.output
    assert checked.output.count(": sẵn sàng gửi (0 lỗi, 0 cảnh báo)") == len(REGISTRY.districts)
    run_consolidation(settle(inbox), tmp_path / "outbox", None, DEADLINE, date(2022, 8, 16))
    summary = json.loads((tmp_path / "outbox" / "summary.json").read_text(encoding="utf-8"))
    totals = summary["totals"]
    assert (totals["members"], totals["teams"]) == (people, people // 3)
    assert totals["hamlets_covered"] == totals["hamlets"] == REGISTRY.hamlet_count
    assert [issue for issue in summary["issues"] if issue["severity"] != "info"] == []


def test_the_template_has_the_title_and_header_of_mau_2_and_one_block_per_hamlet(tmp_path):
    district = "Huyện Càng Long"
    sheet = openpyxl.load_workbook(_template(tmp_path, "Càng Long"))[SHEET]
    assert [sheet.cell(row, 1).value for row in (1, 2, 3)] == [
        "DANH SÁCH VÀ THÔNG TIN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG",
        "xã/phường/thị trấn",
        district,
    ]
    assert [cell.value for cell in sheet[HEADER_ROW + 1]] == [*HEADER, "Ấp/Khóm"]  # Mẫu 2's, then the hamlet
    firsts = [row for row in sheet.iter_rows(min_row=HEADER_ROW + 2, values_only=True) if row[0] is not None]
    expected = [(c, h) for c in REGISTRY.communes_of(district) for h in REGISTRY.hamlets_of(district, c)]
    assert [(row[1], row[6]) for row in firsts] == expected
    assert [row[0] for row in firsts] == list(range(1, len(expected) + 1))
    assert (
        firsts[0][2] == team_name(expected[0][1]) and team_name("Ấp Hạ") == "Tổ công nghệ số cộng đồng ấp Hạ"
    )
    assert sheet.max_row == HEADER_ROW + 1 + len(BLOCK_ROLES) * len(expected)
    assert (
        sheet.freeze_panes == f"A{HEADER_ROW + 2}"
        and sheet.print_title_rows == f"${HEADER_ROW + 1}:${HEADER_ROW + 1}"
    )
    assert sheet["F6"].number_format == "@"  # phones typed stay text
    book = openpyxl.load_workbook(tmp_path / "mau" / "Càng Long.xlsx")
    assert book.sheetnames == [SHEET, "Hướng dẫn", SHEET_LISTS] and book[SHEET_LISTS].sheet_state == "hidden"


def _named_values(book, name: str) -> list[str]:
    ((title, cells),) = book.defined_names[name].destinations
    low_col, low_row, high_col, high_row = range_boundaries(cells.replace("$", ""))
    sheet = book[title]
    return [sheet.cell(row, low_col).value for row in range(low_row, high_row + 1)]


def test_the_hamlet_list_of_a_block_is_exactly_its_commune_s_hamlets(tmp_path):
    district = "Huyện Cầu Kè"
    book = openpyxl.load_workbook(_template(tmp_path, district))
    sheet, lists = book[SHEET], book[SHEET_LISTS]
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    assert _named_values(book, "ChucVu") == ["Tổ trưởng", "Tổ phó", "Tổ viên"]
    assert _named_values(book, "DanhSachXa") == list(REGISTRY.communes_of(district))
    lookup = {row[0]: row[1] for row in lists.iter_rows(min_row=2, max_col=2, values_only=True) if row[0]}
    checked = 0
    for row in range(HEADER_ROW + 2, sheet.max_row + 1):
        commune = sheet.cell(row, 2).value
        if not commune:
            continue
        rule = rules[f"G{row}"]
        assert (
            rule.type == "list"
            and rule.formula1 == f"INDIRECT(VLOOKUP($B{row},{SHEET_LISTS}!$A$2:$B${len(lookup) + 1},2,FALSE))"
        )
        cell = re.search(r"VLOOKUP\(\$B(\d+)", rule.formula1)
        assert cell and int(cell.group(1)) == row  # the commune of its own row
        assert _named_values(book, lookup[commune]) == list(REGISTRY.hamlets_of(district, commune))
        assert rules[f"B{row}"].formula1 == "DanhSachXa" and rules[f"E{row}"].formula1 == "ChucVu"
        checked += 1
    assert checked == len(
        [h for c in REGISTRY.communes_of(district) for h in REGISTRY.hamlets_of(district, c)]
    )
    phone = next(rule for rule in rules.values() if rule.type == "custom")
    assert str(phone.sqref).startswith(f"F{HEADER_ROW + 2}:F") and "LEN(" in phone.formula1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "Cần ghi huyện"),
        (["--district", "Huyện Hà Nội"], "Không có huyện «Huyện Hà Nội» trong danh mục"),
        (["--district", "Càng Long", "--commune", "Xã Không Có"], "Không có xã «Xã Không Có»"),
    ],
)
def test_bad_use_exits_2_with_a_message(tmp_path, arguments, message):
    result = CliRunner().invoke(cli, ["template", *arguments, "--out", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 2 and message in result.stderr and not (tmp_path / "t.xlsx").exists()


def test_one_commune_only(tmp_path):
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(
        cli, ["template", "--district", "Càng Long", "--commune", "Đại Phước", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)[SHEET]
    communes = {row[1] for row in sheet.iter_rows(min_row=HEADER_ROW + 2, values_only=True) if row[1]}
    assert communes == {"Xã Đại Phước"}
    assert result.output.startswith(f"Đã tạo {out}: 1 xã/phường/thị trấn, ")


def test_a_registry_without_districts_takes_a_commune_or_all_of_them(tmp_path):
    """Since 1/7/2025 there are no districts: the template is of one commune (--commune) or of all."""
    registry = Path(__file__).parent / "data" / "registry_two_level_vinh_long.csv"
    commune_file = tmp_path / "Phuong Long Chau" / "mau.xlsx"
    one = CliRunner().invoke(
        cli, ["template", "--registry", str(registry), "--commune", "Long Châu", "--out", str(commune_file)]
    )
    assert one.exit_code == 0, one.output
    filled = tmp_path / "gui" / "Phuong Long Chau" / "ds.xlsx"
    people = _fill(commune_file, filled, 0)
    checked = CliRunner().invoke(cli, ["check", "--registry", str(registry), str(filled)])
    assert checked.exit_code == 0 and ": sẵn sàng gửi (0 lỗi, 0 cảnh báo)" in checked.output, checked.output
    assert f"Dòng đọc được: {people} — nhận {people}," in checked.output
    every = CliRunner().invoke(
        cli, ["template", "--registry", str(registry), "--out", str(tmp_path / "all.xlsx")]
    )
    assert every.exit_code == 0 and ": 124 xã/phường/thị trấn, 248 ấp/khóm" in every.output
