"""The log's escaping: every unsafe character of a value shown as an escape, readable text kept."""

from datetime import date

from campaign import CL, run_night, write_list, write_registry

from pipeline.runtime import runlog
from pipeline.runtime.runlog import LOG_NAME, escaped


def test_unsafe_characters_are_escaped_and_vietnamese_text_is_kept():
    assert escaped("a\nb\r\tc\x1b[31m\x00\x85") == "a\\nb\\r\\tc\\x1b[31m\\x00\\x85"
    assert escaped("line\u2028break \u202eevil\u202c \udce1") == "line\\u2028break \\u202eevil\\u202c \\udce1"
    assert escaped("C:\\new") == "C:\\\\new"  # a real backslash is never mistaken for an escape
    assert escaped("Danh sách xã Đại Phước \ufffd.xlsx") == "Danh sách xã Đại Phước \ufffd.xlsx"


def test_each_run_appends_its_start_end_and_outcome_and_the_log_is_rotated(tmp_path, monkeypatch):
    inbox, registry = tmp_path / "inbox", write_registry(tmp_path / "registry.csv")
    team = {"Ấp Hạ": [("Nguyễn Văn An", "Tổ trưởng", "0912345678")]}
    write_list(inbox / "a.xlsx", CL, "Xã Đại Phước", team, date(2022, 8, 14))
    outbox = tmp_path / "outbox"
    run_night(inbox, outbox, registry, date(2022, 8, 15))
    log = (outbox / LOG_NAME).read_text(encoding="utf-8")
    assert "run started: as_of=2022-08-15" in log and "run finished (outcome=ok)" in log
    assert "0912345678" not in log and "Nguyễn Văn An" not in log  # no personal data
    monkeypatch.setattr(runlog, "LOG_MAX_BYTES", 1000)
    for day in (16, 17, 18):
        run_night(inbox, outbox, registry, date(2022, 8, day))
    rotated = sorted(path.name for path in outbox.glob(f"{LOG_NAME}*"))
    assert rotated[:2] == [LOG_NAME, f"{LOG_NAME}.1"] and len(rotated) <= 1 + runlog.LOG_BACKUPS
    assert (outbox / LOG_NAME).stat().st_size <= 1000 + 500  # one record may cross the limit
    assert "run finished (outcome=ok)" in (outbox / LOG_NAME).read_text(encoding="utf-8")
