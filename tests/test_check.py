"""`python -m pipeline check` (issue 14): a district's files read as consolidate reads them, nothing
written, a verdict per file and every problem; exit 0 when no error is left, 1 when one is, 2 on bad use."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from campaign import HEADER
from click.testing import CliRunner
from fixtures_mau2 import write_xlsx

from pipeline.cli import cli
from pipeline.runtime.run import run_demo

SOURCE = (
    "Danh mục có sẵn trong phần mềm: Trà Vinh 2022 (huyện, xã: vietnam-provinces 0.5.0; "
    "ấp/khóm: Wikipedia và dữ liệu mẫu)"
)
CLEAN = [
    [1, "Xã Đại Phước", "Tổ CNSCĐ ấp Hạ", "Lê Văn An", "Tổ trưởng", "0912 000 001"],
    [None, None, None, "Lê Văn Bình", "Tổ phó", "0912 000 002"],
    [None, None, None, "Lê Văn Cường", "Tổ viên", "0912 000 003"],
]
LANDLINE = [*CLEAN[:2], [None, None, None, "Lê Văn Cường", "Tổ viên", "0294 3834314"]]
NO_NAME = [*CLEAN[:2], [None, None, None, "", "Tổ viên", "0912 000 003"]]


def _file(folder: Path, name: str, rows: list[list]) -> Path:
    return write_xlsx(folder / name, {"DS": [["DANH SÁCH"], HEADER, *rows]})


def _check(*arguments: str):
    return CliRunner().invoke(cli, ["check", *arguments])


def test_a_clean_file_is_ready_to_send(tmp_path):
    path = _file(tmp_path / "Huyen Cang Long", "ds.xlsx", CLEAN)
    result = _check(str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Kiểm tra 1 tệp theo danh mục: {SOURCE}",
        f"[1] {path}: sẵn sàng gửi (0 lỗi, 0 cảnh báo)",
        "    Dòng đọc được: 3 — nhận 3, loại 0, gộp trùng 0, được thay thế 0",
        "Kết quả: 1/1 tệp sẵn sàng gửi.",
    ]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["Huyen Cang Long", "ds.xlsx"]  # nothing written


def test_errors_make_a_file_to_fix_and_warnings_count_only_when_strict(tmp_path):
    folder = tmp_path / "Huyen Cang Long"
    warned, wrong = _file(folder, "a.xlsx", LANDLINE), _file(folder, "b.xlsx", NO_NAME)
    result = _check(str(warned))
    assert result.exit_code == 0 and f"[1] {warned}: sẵn sàng gửi (0 lỗi, 1 cảnh báo)" in result.output
    assert (
        '    - Cảnh báo (trang DS, ô F5, dòng 5, cột Điện thoại) giá trị "0294 3834314": "0294 3834314" '
        "là số máy bàn, không dùng được Zalo. Cách sửa: Ghi số điện thoại di động (đã đăng ký Zalo) "
        "thay cho số máy bàn."
    ) in result.output.splitlines()
    strict = _check("--strict", str(warned))
    assert strict.exit_code == 1 and f"[1] {warned}: cần sửa (0 lỗi, 1 cảnh báo)" in strict.output
    assert strict.output.splitlines()[-1] == "Kết quả: 0/1 tệp sẵn sàng gửi (tính cả cảnh báo)."
    failed = _check(str(wrong))
    assert failed.exit_code == 1 and f"[1] {wrong}: cần sửa (1 lỗi, 1 cảnh báo)" in failed.output
    assert "    - Lỗi (trang DS, ô D5, dòng 5, cột Họ tên): Thiếu họ tên thành viên." in failed.output


def test_the_district_comes_from_the_folder_or_is_named(tmp_path):
    path = _file(tmp_path / "danh sach", "ds.xlsx", CLEAN)  # a folder that names no district
    unnamed = _check(str(path))
    assert unnamed.exit_code == 0  # the commune names it, as in the inbox
    elsewhere = _check("--district", "Huyện Cầu Kè", str(path))  # Đại Phước is Càng Long's
    assert elsewhere.exit_code == 0 and "không thuộc Huyện Cầu Kè" in elsewhere.output  # as consolidate says
    assert (
        '    - Cảnh báo (cả tệp) giá trị "Huyện Cầu Kè": Mọi xã trong tệp' in elsewhere.output
    )  # no cell: the file
    assert _check("--district", "Càng Long", str(path)).exit_code == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "Cần ghi ít nhất một tệp"),
        (["khong-co.xlsx"], "Không có tệp khong-co.xlsx"),
        (["{folder}"], "là thư mục, không phải tệp"),
        (["--fixit", "{path}", "{path}"], "là một tệp; ghi tên một thư mục"),
        (["--district", "Huyện Hà Nội", "{path}"], "Không có huyện «Huyện Hà Nội» trong danh mục"),
        (["--registry", "khong-co.csv", "{path}"], "Lỗi cấu hình"),
    ],
)
def test_bad_use_exits_2_with_a_message(tmp_path, arguments, message):
    path = _file(tmp_path / "Huyen Cang Long", "ds.xlsx", CLEAN)
    result = _check(*[argument.format(path=path, folder=path.parent) for argument in arguments])
    assert result.exit_code == 2 and message in result.output + result.stderr


def test_fixit_writes_the_copy_the_province_would_send_back(tmp_path):
    path = _file(tmp_path / "Huyen Cang Long", "ds.xlsx", NO_NAME)
    result = _check("--fixit", str(tmp_path / "sua"), str(path))
    assert result.exit_code == 1
    (copy,) = (tmp_path / "sua").glob("*.xlsx")
    assert copy.name == "ds - can sua.xlsx"
    assert result.output.splitlines()[-1] == f"Bản sao đánh dấu ô cần sửa (1 tệp): {copy}"
    clean = _check(
        "--fixit", str(tmp_path / "sach"), str(_file(tmp_path / "Huyen Cang Long", "b.xlsx", CLEAN))
    )
    assert clean.output.splitlines()[-1] == "Không tệp nào cần bản sao đánh dấu ô cần sửa."
    assert "Thiếu họ tên" in openpyxl.load_workbook(copy)["DS"]["D5"].comment.text


def test_check_on_the_demos_files_lists_exactly_what_consolidate_reports(tmp_path):
    _, outputs = run_demo(tmp_path / "demo")
    summary = json.loads((outputs.outbox / "summary.json").read_text(encoding="utf-8"))
    inbox = tmp_path / "demo" / "inbox"
    seen = 0
    for folder in sorted(path for path in inbox.iterdir() if path.is_dir()):
        files = sorted(str(path) for path in folder.iterdir())
        result = _check(*files)
        assert result.exit_code in (0, 1), result.output
        listed = sorted(
            line.split(":")[0] for line in result.output.splitlines() if line.startswith("    - ")
        )
        expected = sorted(
            "    - " + _where(issue)
            for issue in summary["issues"]
            if issue["file"].startswith(folder.name + "/") and issue["severity"] in ("error", "warning")
            and not _is_duplicate(summary, issue["file"])
        )  # fmt: skip
        assert listed == expected, folder.name
        seen += len(listed)
    assert seen == summary["totals"]["errors"] + summary["totals"]["warnings"]  # all of them, once


def _is_duplicate(summary: dict, path: str) -> bool:
    return any(file["path"] == path and file["status"] == "duplicate" for file in summary["files"])


def _where(issue: dict) -> str:
    """The start of a check line for a summary.json issue, up to its first colon."""
    from pipeline.report.labels import ISSUE_COLUMN, SEVERITY

    where = [f"trang {issue['sheet']}"] if issue["sheet"] else []
    where += [f"ô {issue['cell']}"] if issue["cell"] else []
    where += [f"dòng {issue['row']}"] if issue["row"] else []
    where += [f"cột {ISSUE_COLUMN.get(issue['column'], issue['column'])}"] if issue["column"] else []
    place = f" ({', '.join(where or ['cả tệp'])})"
    value = f' giá trị "{issue["value"]}"' if issue["value"] else ""
    return f"{SEVERITY[issue['severity']]}{place}{value}".split(":")[0]


def test_a_file_that_lists_nobody_is_not_ready(tmp_path):
    """Found by the blind QA corpus: a template sent untouched was "ready to send"."""
    blank = tmp_path / "Huyen Cang Long" / "mau.xlsx"
    assert (
        CliRunner().invoke(cli, ["template", "--district", "Càng Long", "--out", str(blank)]).exit_code == 0
    )
    result = _check(str(blank))
    assert result.exit_code == 1 and f"[1] {blank}: cần sửa (0 lỗi, 0 cảnh báo)" in result.output
    assert "Tệp chưa có thành viên nào" in result.output


def test_a_province_is_named_as_people_name_it(tmp_path):
    """Found by the blind QA corpus: --province "Bến Tre" was refused (the registry says "Tỉnh Bến Tre")."""
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "province,district,commune,hamlet\n"
        "Tỉnh Bến Tre,Huyện Châu Thành,Xã An Hiệp,Ấp 1\n"
        "Tỉnh Trà Vinh,Huyện Châu Thành,Xã Hòa Lợi,Ấp Bến Có\n",
        encoding="utf-8",
    )
    out = tmp_path / "t.xlsx"
    arguments = ["template", "--registry", str(registry), "--district", "Châu Thành", "--out", str(out)]
    made = CliRunner().invoke(cli, [*arguments, "--province", "Bến Tre"])
    assert made.exit_code == 0, made.output
    assert "1 xã/phường/thị trấn, 1 ấp/khóm" in made.output
    assert openpyxl.load_workbook(out)["Mẫu 2"]["B5"].value == "Xã An Hiệp"
    assert openpyxl.load_workbook(out)["Mẫu 2"]["A3"].value == "Huyện Châu Thành, Tỉnh Bến Tre"
    unknown = CliRunner().invoke(cli, [*arguments, "--province", "Hà Giang"])
    assert unknown.exit_code == 2 and "Không có tỉnh «Hà Giang» trong danh mục" in unknown.stderr
    ambiguous = CliRunner().invoke(cli, arguments)
    assert ambiguous.exit_code == 2 and "ghi thêm --province" in ambiguous.stderr
