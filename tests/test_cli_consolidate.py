import fcntl
import json

import pytest
from click.testing import CliRunner
from fixtures_mau2 import settle

from pipeline.cli import cli
from pipeline.runtime import outputs


@pytest.fixture
def runner():
    return CliRunner()


def _consolidate(runner, tmp_path, *extra):
    if (tmp_path / "inbox").is_dir():
        settle(tmp_path / "inbox")
    return runner.invoke(
        cli,
        [
            "consolidate",
            "--inbox",
            str(tmp_path / "inbox"),
            "--outbox",
            str(tmp_path / "outbox"),
            "--as-of",
            "2022-08-20",
            *extra,
        ],
    )


def test_every_command_has_help(runner):
    for name, command in cli.commands.items():
        assert command.help, name
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and command.help.split()[0] in result.output


def test_empty_inbox_writes_every_output(runner, tmp_path):
    (tmp_path / "inbox").mkdir()
    result = _consolidate(runner, tmp_path)
    assert result.exit_code == 0, result.output
    outbox = tmp_path / "outbox"
    for name in ("tong-hop.xlsx", "summary.json", "danh-sach.csv", "tong-hop.log"):
        assert (outbox / name).is_file(), name
    summary = json.loads((outbox / "summary.json").read_text(encoding="utf-8"))
    assert summary["days_to_deadline"] == 7
    assert summary["totals"]["rows_read"] == 0
    assert {d["status"] for d in summary["districts"]} == {"missing"}
    assert "Tổng hợp đến ngày 20/08/2022 (hạn 27/08/2022, còn 7 ngày)" in result.output
    assert "Ấp/khóm có tổ: 0/863 (0,0%)" in result.output


def test_missing_inbox_is_a_usage_error(runner, tmp_path):
    result = _consolidate(runner, tmp_path)
    assert result.exit_code == 2
    assert "Không tìm thấy thư mục hộp thư đến" in result.output


def test_bad_date_is_a_usage_error(runner, tmp_path):
    (tmp_path / "inbox").mkdir()
    result = _consolidate(runner, tmp_path, "--deadline", "27/8/2022")
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: tùy chọn --deadline phải có dạng YYYY-MM-DD, ví dụ 2022-08-27 (nhận được: 27/8/2022).\n"
    )
    result = _consolidate(runner, tmp_path, "--as-of", "2022-02-30")
    assert (result.exit_code, result.output) == (
        2,
        "Lỗi: tùy chọn --as-of 2022-02-30 không phải là một ngày có thật.\n",
    )


def test_the_inbox_readme_is_not_a_submission(runner, tmp_path):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "README.md").write_text("Thả các tệp Mẫu 2 vào đây.", encoding="utf-8")
    quiet = _consolidate(runner, tmp_path, "--quiet", "--registry", _small_registry(tmp_path))
    assert quiet.exit_code == 0 and quiet.output == ""
    summary = json.loads((tmp_path / "outbox" / "summary.json").read_text(encoding="utf-8"))
    assert summary["files"] == [] and summary["totals"]["files"] == 0


def test_demo_never_replaces_a_real_inbox(runner, tmp_path):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "that.xlsx").write_bytes(b"a district's file")
    result = runner.invoke(cli, ["demo", "--folder", str(tmp_path)])
    assert result.exit_code == 2
    assert "không phải hộp thư mẫu" in result.output
    assert (tmp_path / "inbox" / "that.xlsx").exists()


def test_invalid_registry_is_refused(runner, tmp_path):
    (tmp_path / "inbox").mkdir()
    registry = tmp_path / "registry.csv"
    registry.write_text("district,commune,hamlet\nHuyện A,Xã B,Ấp C\nHuyện A,Xã B,Ấp C\n", encoding="utf-8")
    result = _consolidate(runner, tmp_path, "--registry", str(registry))
    assert result.exit_code == 2
    assert "Danh mục địa bàn không dùng được" in result.output


def test_outbox_that_is_a_file_is_refused(runner, tmp_path):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "outbox").write_text("not a folder")
    result = _consolidate(runner, tmp_path)
    assert result.exit_code == 2
    assert "Không ghi được vào thư mục kết quả" in result.output


def test_a_held_lock_gives_exit_code_3(runner, tmp_path):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "outbox").mkdir()
    with open(tmp_path / "outbox" / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = _consolidate(runner, tmp_path)
    assert result.exit_code == 3
    assert "Một lần chạy khác" in result.output
    assert "run refused (LockHeld)" in (tmp_path / "outbox" / "tong-hop.log").read_text(encoding="utf-8")


def _small_registry(tmp_path):
    """Returns a one-hamlet registry file: fewer outputs to write where the registry does not matter."""
    path = tmp_path / "registry.csv"
    path.write_text("district,commune,hamlet\nHuyện Càng Long,Xã Đại Phước,Ấp Hạ\n", encoding="utf-8")
    return str(path)


def test_unexpected_failure_keeps_previous_outputs(runner, tmp_path, monkeypatch):
    (tmp_path / "inbox").mkdir()
    registry = _small_registry(tmp_path)
    assert _consolidate(runner, tmp_path, "--registry", registry).exit_code == 0
    before = (tmp_path / "outbox" / "summary.json").read_bytes()

    def broken(result, path):
        path.write_text("half")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(outputs, "write_member_list", broken)
    result = _consolidate(runner, tmp_path, "--as-of", "2022-08-25", "--registry", registry)
    assert result.exit_code == 1
    assert "Kết quả cũ được giữ nguyên" in result.output
    assert (tmp_path / "outbox" / "summary.json").read_bytes() == before
    assert not list((tmp_path / "outbox").glob(".staging-*"))
    assert "disk on fire" in (tmp_path / "outbox" / "tong-hop.log").read_text(encoding="utf-8")


def test_the_log_traces_files_and_issues_without_personal_data(runner, tmp_path):
    from fixtures_mau2 import write_xlsx

    inbox = tmp_path / "inbox" / "Huyen Cang Long"
    header = ["TT", "Tên xã", "Tên tổ", "Họ tên", "Chức vụ", "Điện thoại"]
    write_xlsx(
        inbox / "ds.xlsx",
        {
            "DS": [
                header,
                [1, "Xã Đại Phước", "Ấp Hạ", "Nguyễn Văn An", "Tổ trưởng", "0912 345 678 - 0987 654 321"],
            ]
        },
    )
    assert _consolidate(runner, tmp_path).exit_code == 0
    log = (tmp_path / "outbox" / "tong-hop.log").read_text(encoding="utf-8")
    assert "file Huyen Cang Long/ds.xlsx: processed" in log
    assert "issue warning Huyen Cang Long/ds.xlsx!DS row 2 phone_multiple: '0912 *** 678'" in log
    assert "0912 345 678" not in log and "Nguyễn Văn An" not in log
