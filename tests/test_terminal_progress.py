"""Progress on a terminal for the long parts of a run (issue 12): which stage runs, files read of all
files, members written of all members; nothing with --quiet or when the output is not a terminal."""

from __future__ import annotations

import io
from datetime import date

from campaign import DEADLINE, write_list
from click.testing import CliRunner

from pipeline.cli import STAGE_LABELS, TerminalProgress, cli
from pipeline.runtime.run import run_consolidation
from pipeline.timing import watching

PEOPLE = [("Lê Văn An", "Tổ trưởng", "0912000001"), ("Lê Văn Bình", "Tổ phó", "0912000002")]


def _inbox(tmp_path):
    inbox = tmp_path / "inbox"
    for number, hamlet in enumerate(["Ấp Hạ", "Ấp Thượng"]):
        write_list(
            inbox / "cang-long" / f"ds{number}.xlsx",
            "Huyện Càng Long",
            "Xã Đại Phước",
            {hamlet: PEOPLE},
            date(2022, 8, 14),
        )
    return inbox


def test_a_run_reports_every_stage_and_how_far_reading_and_writing_are(tmp_path):
    seen: list[tuple[str, int, int]] = []
    with watching(lambda *event: seen.append(event)):
        run = run_consolidation(_inbox(tmp_path), tmp_path / "outbox", None, DEADLINE, date(2022, 8, 16))
    begun = [name for name, done, total in seen if (done, total) == (0, 0)]
    assert begun == [
        "read", "normalise", "place", "validate", "settle", "contract", "coverage",
        "workbook", "summary", "member_list", "fixit", "feedback", "state",
    ]  # fmt: skip
    assert set(begun) <= set(STAGE_LABELS)
    assert [event for event in seen if event[0] == "read" and event[2]] == [("read", 1, 2), ("read", 2, 2)]
    members = run.summary["totals"]["members"]
    assert members and ("workbook", 0, members) in seen  # Danh sách tổ's members, before the first


def test_the_terminal_line_is_rewritten_in_place_and_cleared_at_the_end():
    stream = io.StringIO()
    progress = TerminalProgress(stream)
    progress("read", 0, 0)
    progress("read", 1459, 1459)
    progress("workbook", 0, 0)
    progress.clear()
    shown = stream.getvalue()
    assert shown.startswith("\rĐang đọc tệp\rĐang đọc tệp: 1.459/1.459")
    assert "\rĐang ghi tong-hop.xlsx (Danh sách tổ)" in shown and shown.endswith("\r")


def test_nothing_is_shown_when_not_a_terminal_or_quiet(tmp_path):
    inbox = _inbox(tmp_path)
    for quiet in ([], ["--quiet"]):
        outbox = tmp_path / f"outbox{len(quiet)}"
        arguments = ["consolidate", "--inbox", str(inbox), "--outbox", str(outbox), "--as-of", "2022-08-16"]
        result = CliRunner().invoke(cli, arguments + quiet)
        assert result.exit_code == 0, result.output
        assert "Đang" not in result.stderr and "\r" not in result.stderr
