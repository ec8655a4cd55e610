"""The command line: parses options, calls the library, prints a one-screen summary, sets the exit code."""

from __future__ import annotations

import re
import sys
import time
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import click

from .codes import markdown_table
from .places.registry import RegistryError, load_registry, registry_summary
from .report.labels import deadline_text
from .runtime.check import check_arguments, check_files, district_folder, format_check, is_ready
from .runtime.guards import registry_for_run
from .runtime.run import ConfigurationError, LockHeld, RunOutputs, run_consolidation, run_demo
from .runtime.template import make_template
from .timing import watching
from .vietnamese import date_text, number_text, percent_text

DEFAULT_DEADLINE = "2022-08-27"


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        problem = f"phải có dạng YYYY-MM-DD, ví dụ 2022-08-27 (nhận được: {value})"
    else:
        try:
            return date.fromisoformat(value)
        except ValueError:
            problem = f"{value} không phải là một ngày có thật"
    click.echo(f"Lỗi: tùy chọn --{param.name.replace('_', '-')} {problem}.", err=True)
    ctx.exit(2)


registry_option = click.option(
    "--registry",
    "registry_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Danh mục huyện, xã, ấp/khóm (CSV hoặc Excel); mặc định: danh mục Trà Vinh 2022 có sẵn.",
)


@click.group(help="Tổng hợp danh sách Tổ công nghệ số cộng đồng (Mẫu 2) do các huyện gửi về.")
def cli() -> None:
    pass


@cli.command(help="Đọc mọi tệp trong hộp thư đến và ghi bảng tổng hợp vào thư mục kết quả.")
@click.option(
    "--inbox",
    type=click.Path(path_type=Path),
    default=Path("inbox"),
    show_default=True,
    help="Thư mục chứa các tệp Mẫu 2 của huyện (đọc cả thư mục con).",
)
@click.option(
    "--outbox",
    type=click.Path(path_type=Path),
    default=Path("outbox"),
    show_default=True,
    help="Thư mục ghi kết quả.",
)
@registry_option
@click.option(
    "--deadline",
    callback=_parse_date,
    default=DEFAULT_DEADLINE,
    show_default=True,
    help="Hạn gửi danh sách (YYYY-MM-DD).",
)
@click.option(
    "--as-of",
    "as_of",
    callback=_parse_date,
    default=None,
    help="Ngày tính báo cáo (YYYY-MM-DD); mặc định: hôm nay theo giờ Việt Nam.",
)
@click.option("--quiet", is_flag=True, help="Không in bản tóm tắt.")
def consolidate(
    inbox: Path, outbox: Path, registry_file: Path | None, deadline: date, as_of: date | None, quiet: bool
) -> None:
    outputs = _run_or_exit(inbox, outbox, registry_file, deadline, as_of, progress=not quiet)
    if not quiet:
        click.echo(format_summary(outputs))


@cli.command(help="Tạo hộp thư mẫu trong demo/inbox rồi tổng hợp vào demo/outbox.")
@click.option("--folder", type=click.Path(path_type=Path), default=Path("demo"), show_default=True)
def demo(folder: Path) -> None:
    try:
        files, outputs = run_demo(folder)
    except ConfigurationError as error:
        click.echo(f"Lỗi cấu hình: {error}", err=True)
        sys.exit(2)
    click.echo(f"Đã tạo {files} tệp mẫu trong {folder / 'inbox'}")
    click.echo(format_summary(outputs))


@cli.command(help="Kiểm tra danh mục hành chính và in tóm tắt theo huyện.")
@click.argument("registry_file", type=click.Path(path_type=Path), required=False)
def registry(registry_file: Path | None) -> None:
    try:
        loaded = load_registry(registry_file)
    except RegistryError as error:
        click.echo(str(error), err=True)
        sys.exit(2)
    click.echo(registry_summary(loaded))


@cli.command(help="Kiểm tra tệp Mẫu 2 trước khi gửi: đọc như khi tổng hợp, không ghi gì vào thư mục kết quả.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--district", default=None, help="Huyện của các tệp; mặc định: theo tên thư mục hoặc tên tệp.")
@click.option("--province", default=None, help="Tỉnh của huyện, khi danh mục có nhiều tỉnh.")
@registry_option
@click.option(
    "--fixit",
    type=click.Path(path_type=Path),
    default=None,
    help="Thư mục ghi bản sao từng tệp có đánh dấu các ô cần sửa (như tỉnh sẽ gửi lại).",
)
@click.option("--strict", is_flag=True, help="Coi cảnh báo như lỗi: chỉ sẵn sàng gửi khi không còn cảnh báo.")
def check(
    files: tuple[Path, ...],
    district: str | None,
    province: str | None,
    registry_file: Path | None,
    fixit: Path | None,
    strict: bool,
) -> None:
    try:
        check_arguments(files, fixit)
        registry = registry_for_run(registry_file)
        folder = district_folder(registry, district, province)
        checked = check_files(list(files), registry, folder, fixit)
    except ConfigurationError as error:
        click.echo(f"Lỗi cấu hình: {error}", err=True)
        sys.exit(2)
    click.echo(format_check(checked, registry, strict, fixit))
    sys.exit(0 if all(is_ready(file, strict) for file in checked) else 1)


@cli.command(help="Tạo tệp Mẫu 2 cho một huyện: có sẵn xã, ấp/khóm, tên tổ và danh sách chọn.")
@click.option("--district", default=None, help="Huyện, ví dụ «Huyện Càng Long» (khi danh mục có huyện).")
@click.option("--province", default=None, help="Tỉnh của huyện, khi danh mục có nhiều tỉnh.")
@click.option("--commune", default=None, help="Chỉ một xã (danh mục không có cấp huyện: mặc định mọi xã).")
@registry_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Tệp ghi ra.")
def template(
    district: str | None,
    province: str | None,
    commune: str | None,
    registry_file: Path | None,
    out: Path | None,
) -> None:
    try:
        registry = registry_for_run(registry_file)
        made = make_template(registry, district, province, commune, out)
    except ConfigurationError as error:
        click.echo(f"Lỗi: {error}", err=True)
        sys.exit(2)
    click.echo(
        f"Đã tạo {made.path}: {len(made.communes)} xã/phường/thị trấn, {len(made.blocks)} ấp/khóm "
        "(mỗi ấp/khóm một khối dòng để điền)."
    )


@cli.command(help="In bảng mã lỗi (Markdown), như trong README.")
def codes() -> None:
    click.echo(markdown_table())


# What a person at the terminal reads while a stage runs.
STAGE_LABELS = {
    "read": "Đang đọc tệp",
    "normalise": "Đang chuẩn hóa họ tên, chức vụ, số điện thoại",
    "place": "Đang xác định huyện, xã, ấp/khóm",
    "validate": "Đang kiểm tra từng dòng",
    "settle": "Đang gộp dòng trùng và thay bản cũ",
    "contract": "Đang kiểm tra kết quả",
    "coverage": "Đang tính tỷ lệ phủ",
    "workbook": "Đang ghi tong-hop.xlsx (Danh sách tổ)",
    "summary": "Đang ghi summary.json",
    "member_list": "Đang ghi danh-sach.csv",
    "fixit": "Đang đánh dấu ô cần sửa trên bản sao tệp của huyện",
    "feedback": "Đang ghi phản hồi cho từng huyện",
    "state": "Đang lưu trạng thái",
}
_REFRESH_SECONDS = 0.2


class TerminalProgress:
    """Shows on one line of a terminal which stage runs and how far it is: "Đang đọc tệp: 120/1.459"."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.shown = ""
        self.last = 0.0

    def __call__(self, name: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done and done < total and now - self.last < _REFRESH_SECONDS:
            return  # a line per item would slow the run down
        self.last = now
        line = STAGE_LABELS.get(name, name)
        if total:
            line += f": {number_text(done)}/{number_text(total)}"
        self.stream.write("\r" + line.ljust(len(self.shown)))
        self.stream.flush()
        self.shown = line

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * len(self.shown) + "\r")
            self.stream.flush()


def _run_or_exit(inbox, outbox, registry_file, deadline, as_of, progress: bool = True) -> RunOutputs:
    # Progress only on a terminal: a nightly run's log (cron) gets no carriage returns.
    terminal = TerminalProgress(sys.stderr) if progress and sys.stderr.isatty() else None
    try:
        with watching(terminal) if terminal else nullcontext():
            return run_consolidation(inbox, outbox, registry_file, deadline, as_of)
    except ConfigurationError as error:
        click.echo(f"Lỗi cấu hình: {error}", err=True)
        sys.exit(2)
    except LockHeld as error:
        click.echo(str(error), err=True)
        sys.exit(3)
    except Exception as error:  # noqa: BLE001 - the nightly run must end with a message and exit code 1
        click.echo(
            f"Lỗi ngoài dự kiến: {error!r}. Kết quả cũ được giữ nguyên; xem tệp nhật ký trong {outbox}.",
            err=True,
        )
        sys.exit(1)
    finally:
        if terminal:
            terminal.clear()


def format_summary(outputs: RunOutputs) -> str:
    """Returns the one-screen Vietnamese summary of a run (dates dd/mm/yyyy, decimal comma)."""
    summary = outputs.summary
    totals = summary["totals"]
    as_of, deadline = date.fromisoformat(summary["as_of"]), date.fromisoformat(summary["deadline"])
    hamlets = totals["hamlets"]
    percent = percent_text(totals["hamlets_covered"], hamlets)
    submitted = f"xã đã gửi: {totals['communes_submitted']}/{totals['communes']}"
    if totals["districts"]:
        submitted = f"Huyện đã gửi: {totals['districts_submitted']}/{totals['districts']}; {submitted}"
    lines = [
        f"Tổng hợp đến ngày {date_text(as_of)} (hạn {date_text(deadline)}, {deadline_text(as_of, deadline)})",
        f"Tệp: {totals['files']} (đã xử lý {totals['files_processed']})",
        f"Dòng đọc được: {totals['rows_read']} — nhận {totals['rows_accepted']}, "
        f"loại {totals['rows_rejected']}, gộp trùng {totals['rows_merged']}, "
        f"được thay thế {totals['rows_superseded']}",
        submitted[0].upper() + submitted[1:],
        f"Ấp/khóm có tổ: {totals['hamlets_covered']}/{hamlets} ({percent}); "
        f"{totals['teams']} tổ, {totals['members']} thành viên",
    ]
    missing = [d["name"] for d in summary["districts"] if d["status"] == "missing"]
    if missing:
        lines.append("Chưa gửi: " + ", ".join(missing))
    elif not totals["districts"]:
        lines.append(f"Xã/phường chưa gửi: {totals['communes'] - totals['communes_submitted']}")
    lines.append(f"Lỗi: {totals['errors']}, cảnh báo: {totals['warnings']} (xem trang «Lỗi cần sửa»)")
    changes = summary["changes"]
    if changes["since"]:
        lines.append(changes_text(changes))
    lines.append(f"Bảng tổng hợp: {outputs.workbook}")
    if outputs.outbox_in_inbox:
        lines.append(
            f"Cảnh báo: thư mục kết quả nằm trong hộp thư đến ({outputs.outbox}); "
            "các tệp trong đó không được đọc."
        )
    return "\n".join(lines)


def changes_text(changes: dict) -> str:
    """Returns the one line that says what changed since the previous run date (see Thay đổi)."""
    since = date_text(date.fromisoformat(changes["since"]))
    counts = [
        (len(changes["files_added"]), "tệp mới"),
        (len(changes["members_added"]), "thành viên thêm"),
        (len(changes["members_removed"]), "thành viên bớt"),
        (len(changes["gaps_closed"]), "ấp/khóm mới có tổ"),
        (len(changes["gaps_opened"]), "ấp/khóm mất tổ"),
        (len(changes["districts_first_submitted"]), "huyện gửi lần đầu"),
    ]
    said = ", ".join(f"{count} {what}" for count, what in counts if count)
    return f"Thay đổi từ ngày {since}: {said or 'không có'} (xem trang «Thay đổi»)"
