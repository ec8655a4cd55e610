"""Seen as a person sees it (issue 13): a feedback workbook and a fix-it copy convert to PDF with
LibreOffice headless and to PNG pages with poppler, as `make render` does for the demo (the provincial
workbook's own conversion is in test_report_workbook). Skipped, with the reason, where the tools are
missing: `make render` installs them (apt-get install libreoffice-calc poppler-utils)."""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from campaign import DEADLINE, HEADER
from click.testing import CliRunner
from fixtures_mau2 import settle, write_xlsx

from pipeline.cli import cli
from pipeline.runtime.run import run_consolidation

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from render import page_of, to_pdf, to_png  # noqa: E402

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("soffice", "pdftoppm", "pdftotext")),
    reason="LibreOffice or poppler is not installed (make render installs them)",
)
ROWS = [
    [1, "Xã Đại Phước", "Tổ CNSCĐ ấp Hạ", "Lê Văn An", "Tổ trưởng", "0912 000 001"],
    [None, None, None, "", "Tổ viên", "0294 3834314"],
]


def test_the_feedback_workbook_a_fix_it_copy_and_a_template_render_to_pdf_and_png(tmp_path):
    write_xlsx(tmp_path / "inbox" / "cang-long" / "ds.xlsx", {"DS": [["DANH SÁCH"], HEADER, *ROWS]})
    run_consolidation(settle(tmp_path / "inbox"), tmp_path / "outbox", None, DEADLINE, date(2022, 8, 16))
    feedback = tmp_path / "outbox" / "phan-hoi" / "huyen-cang-long.xlsx"
    copy = tmp_path / "outbox" / "phan-hoi" / "huyen-cang-long" / "ds - can sua.xlsx"
    template = tmp_path / "mau-2.xlsx"
    assert (
        CliRunner().invoke(cli, ["template", "--district", "Cầu Kè", "--out", str(template)]).exit_code == 0
    )
    for workbook, first_sheet in ((feedback, "Thư gửi huyện"), (copy, "Cần sửa"), (template, "Mẫu 2")):
        staged = tmp_path / "render" / workbook.name
        staged.parent.mkdir(exist_ok=True)
        shutil.copyfile(workbook, staged)
        pdf = to_pdf(staged, staged.parent)
        assert page_of(pdf, first_sheet) == 1  # the sheet name in the footer of the first page
        pages = to_png(pdf, tmp_path / "png" / workbook.stem, dpi=40)
        assert pages and all(page.stat().st_size > 1000 for page in pages)
