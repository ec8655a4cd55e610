"""Since 1/7/2025 there is no district level: a registry without `district` must work end to end."""

import json
import os
from datetime import date, datetime
from pathlib import Path

import openpyxl

from pipeline.cli import format_summary
from pipeline.runtime.run import run_consolidation
from pipeline.vietnamese import VIETNAM

REGISTRY = Path(__file__).parent / "data" / "registry_two_level_vinh_long.csv"


def test_two_level_registry_end_to_end(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["TT", "Tên xã/phường/thị trấn", "Tên tổ", "Họ và tên", "Chức vụ", "SĐT"])
    sheet.append([1, "Phường Trà Vinh", "Tổ CNSCĐ khóm Mẫu 1", "Nguyễn Văn An", "Tổ trưởng", "0912345678"])
    sheet.append([None, None, None, "Lê Thị Bé", "Tổ phó", "0912345679"])
    sheet.append([None, None, None, "Trần Văn Ba", "Tổ viên", "0912345670"])
    sheet.append([2, "xã Không Tồn Tại", "Tổ CNSCĐ ấp Mẫu 1", "Võ Văn Tư", "Tổ trưởng", "0912345671"])
    workbook.save(inbox / "danh-sach.xlsx")

    sent = datetime(2025, 10, 2, 9, tzinfo=VIETNAM).timestamp()  # after the deadline
    os.utime(inbox / "danh-sach.xlsx", (sent, sent))
    outputs = run_consolidation(inbox, tmp_path / "outbox", REGISTRY, date(2025, 9, 30), date(2025, 10, 5))

    summary = json.loads((tmp_path / "outbox" / "summary.json").read_text(encoding="utf-8"))
    assert summary["registry"]["districts"] == 0
    assert summary["districts"] == []
    assert summary["totals"]["rows_accepted"] == 3 and summary["totals"]["rows_rejected"] == 1
    assert summary["totals"]["hamlets_covered"] == 1
    covered = [c for c in summary["communes"] if c["hamlets_covered"]]
    assert [(c["district"], c["name"], c["hamlets_covered"]) for c in covered] == [("", "Phường Trà Vinh", 1)]
    codes = {(issue["row"], issue["code"]) for issue in summary["issues"]}
    assert (5, "commune_unknown") in codes
    assert not any(code == "district_unknown" for _, code in codes)
    assert outputs.workbook.is_file()
    statuses = {c["name"]: c["status"] for c in summary["communes"]}
    assert statuses["Phường Trà Vinh"] == "late"  # the file is dated 2/10/2025, after the deadline
    assert list(statuses.values()).count("missing") == len(statuses) - 1
    overview = openpyxl.load_workbook(outputs.workbook)["Tổng quan"]
    labels = [row[0] for row in overview.iter_rows(values_only=True)]
    assert f"Xã/phường chưa gửi danh sách ({len(statuses) - 1})" in labels
    # the terminal says the same count as Tổng quan, and no district line
    screen = format_summary(outputs)
    assert f"Xã/phường chưa gửi: {len(statuses) - 1}" in screen and "Huyện đã gửi" not in screen
