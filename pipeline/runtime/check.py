"""A district's pre-flight check: its files read exactly as the nightly run would read them, nothing written.

The files are copied into a temporary inbox, under the district's folder when one is named (as a
district files them in the province's inbox), else under their own folder's name (which is how the
run reads a district from a folder), and consolidated there: the same readers, rules, supersession and
messages as `consolidate`, without an outbox and without the nightly state. With a folder for them,
the fix-it copies the province would send back are written too.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..codes import CODES
from ..consolidate import consolidate
from ..model import FileStatus, Issue, Severity, SourceFile
from ..places import Registry, index_of
from ..places.registry import describe_source
from ..report.fixit import fixit_tasks
from ..report.labels import ISSUE_COLUMN, SEVERITY, SEVERITY_ORDER
from ..vietnamese import vietnam_today
from .fixit_copies import make_copies, with_keys
from .guards import ConfigurationError
from .run import DEMO_DEADLINE


@dataclass(frozen=True)
class CheckedFile:
    """One file checked: where it is, how it was read, its problems and how its rows were counted."""

    path: Path  # as given on the command line
    source: SourceFile
    issues: list[Issue]
    counts: dict[str, int]  # read, accepted, rejected, merged, superseded
    copy: Path | None = None  # its fix-it copy, when asked for and it has something to fix

    @property
    def errors(self) -> int:
        return sum(issue.severity is Severity.ERROR for issue in self.issues)

    @property
    def warnings(self) -> int:
        return sum(issue.severity is Severity.WARNING for issue in self.issues)


def check_arguments(files: tuple[Path, ...], fixit: Path | None) -> None:
    """Raises ConfigurationError, in Vietnamese, when the files or the fix-it folder cannot be used."""
    if not files:
        raise ConfigurationError("Cần ghi ít nhất một tệp: python -m pipeline check <tệp> [<tệp> ...].")
    for path in files:
        if path.is_dir():
            raise ConfigurationError(f"{path} là thư mục, không phải tệp; ghi tên từng tệp cần kiểm tra.")
        if not path.is_file():
            raise ConfigurationError(f"Không có tệp {path}; kiểm tra lại tên và đường dẫn.")
    if fixit is not None and fixit.exists() and not fixit.is_dir():
        raise ConfigurationError(f"--fixit {fixit} là một tệp; ghi tên một thư mục để chứa các bản sao.")


def district_folder(registry: Registry, district: str | None, province: str | None) -> Path | None:
    """Returns the folder a named district's files go in (its province first in a national registry);
    ConfigurationError when the registry has no such district."""
    if not district:
        return None
    label = district_label(registry, district, province)
    name = registry.district_names.get(label, label)
    found_province = registry.district_provinces.get(label, "")
    return Path(found_province) / name if registry.several_provinces else Path(name)


def district_label(registry: Registry, district: str, province: str | None = None) -> str:
    """Returns the registry's label of a district named as a person types it ("Càng Long", "huyện Càng
    Long"); ConfigurationError when the registry has none, or several (then the province tells)."""
    index = index_of(registry)
    if province:
        named = index.provinces_in_text(province)  # "Bến Tre" is "Tỉnh Bến Tre"
        if len(named) != 1:
            raise ConfigurationError(f"Không có tỉnh «{province}» trong danh mục; ghi tên tỉnh như danh mục.")
        province = named.pop()
    label = index.district_in_text(district, province)
    if label is None:
        where = f" của {province}" if province else ""
        several = " (tên này có ở nhiều tỉnh: ghi thêm --province)" if registry.several_provinces else ""
        raise ConfigurationError(
            f"Không có huyện «{district}»{where} trong danh mục{several}; ghi tên huyện như danh mục "
            "(xem lệnh: python -m pipeline registry)."
        )
    return label


def check_files(
    paths: list[Path], registry: Registry, folder: Path | None = None, fixit: Path | None = None
) -> list[CheckedFile]:
    """Reads the files as consolidate would (under `folder` of a temporary inbox, else their own folder's
    name), writes nothing but, with `fixit`, the files' fix-it copies; returns them in the order given."""
    with tempfile.TemporaryDirectory(prefix="kiem-tra-") as temporary:
        inbox = Path(temporary)
        placed: dict[str, Path] = {}
        for number, path in enumerate(paths, start=1):
            inside = (folder or Path(path.resolve().parent.name)) / path.name
            if inside.as_posix() in placed:  # two files of one name: each read, each shown
                inside = Path(str(number)) / inside
            (inbox / inside).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, inbox / inside)  # its modification time too: it is when it was written
            placed[inside.as_posix()] = path
        # The letter's deadline: dates do not change what is wrong in a file.
        result = consolidate(inbox, registry, DEMO_DEADLINE, vietnam_today())
        fixed: dict[str, Path] = {}
        if fixit is not None:
            districts = {district: "" for district in set(result.file_districts.values())}
            tasks = with_keys(fixit_tasks(result, districts))
            copies = make_copies(tasks, inbox, fixit, fixit / ".none")
            fixed = {task.file.path: fixit / task.target for task in tasks if task.target in copies}
    by_path = {file.path: file for file in result.files}
    checked = []
    for relative, given in placed.items():
        source = by_path[relative]
        # A copy of another file given is read once: its verdict is that file's.
        read_as = source.duplicate_of or relative
        issues = [issue for issue in result.issues if issue.file in (relative, read_as)]
        accounting = result.accounting
        counts = accounting.loc[read_as].to_dict() if read_as in accounting.index else {}
        counted = {key: int(value) for key, value in counts.items()}
        checked.append(CheckedFile(given, source, issues, counted, fixed.get(relative)))
    return checked


def is_ready(file: CheckedFile, strict: bool = False) -> bool:
    """True when a file can be sent: it was read as a list of members and no error (nor warning, when
    strict) is left."""
    read = file.source.status in (FileStatus.PROCESSED, FileStatus.SUPERSEDED, FileStatus.DUPLICATE)
    members = file.counts.get("read", 0) > 0  # a template sent untouched lists nobody
    return read and members and not file.errors and not (strict and file.warnings)


def format_check(checked: list[CheckedFile], registry: Registry, strict: bool, fixit: Path | None) -> str:
    """Returns the Vietnamese report of a check: a verdict per file, its counts and each problem."""
    lines = [f"Kiểm tra {len(checked)} tệp theo danh mục: {describe_source(str(registry.source))}"]
    for number, file in enumerate(checked, start=1):
        verdict = "sẵn sàng gửi" if is_ready(file, strict) else "cần sửa"
        lines.append(f"[{number}] {file.path}: {verdict} ({file.errors} lỗi, {file.warnings} cảnh báo)")
        if file.source.message:
            lines.append(f"    {file.source.message}")
        if file.source.duplicate_of:
            continue  # its rows and problems are those of the file it repeats, listed there
        counts = file.counts
        if not counts.get("read") and file.source.status is FileStatus.PROCESSED:
            lines.append(
                "    Tệp chưa có thành viên nào: điền họ tên, chức vụ, số điện thoại rồi kiểm tra lại."
            )
        if counts.get("read"):
            lines.append(
                f"    Dòng đọc được: {counts['read']} — nhận {counts['accepted']}, "
                f"loại {counts['rejected']}, gộp trùng {counts['merged']}, "
                f"được thay thế {counts['superseded']}"
            )
        for issue in sorted(file.issues, key=_issue_order):
            if issue.severity is not Severity.INFO:  # an info is a repair made: nothing to do
                lines.append("    - " + issue_line(issue))
    ready = sum(is_ready(file, strict) for file in checked)
    counted = " (tính cả cảnh báo)" if strict else ""
    lines.append(f"Kết quả: {ready}/{len(checked)} tệp sẵn sàng gửi{counted}.")
    copies = [file.copy for file in checked if file.copy is not None]
    if fixit is not None:
        lines.append(
            f"Bản sao đánh dấu ô cần sửa ({len(copies)} tệp): " + ", ".join(str(copy) for copy in copies)
            if copies
            else "Không tệp nào cần bản sao đánh dấu ô cần sửa."
        )
    return "\n".join(lines)


def issue_line(issue: Issue) -> str:
    """Returns one problem as a district officer reads it: where, what was typed, what is wrong, and
    what to do."""
    severity = SEVERITY.get(str(issue.severity), str(issue.severity))
    where = []
    if issue.sheet:
        where.append(f"trang {issue.sheet}")
    if issue.cell:
        where.append(f"ô {issue.cell}")
    if issue.row:
        where.append(f"dòng {issue.row}")
    if issue.column:
        where.append(f"cột {ISSUE_COLUMN.get(issue.column, issue.column)}")
    place = f" ({', '.join(where or ['cả tệp'])})"  # a problem of no cell is the whole file's
    value = f' giá trị "{issue.value}":' if issue.value else ":"
    return f"{severity}{place}{value} {issue.message} Cách sửa: {CODES[issue.code].action}"


def _issue_order(issue: Issue) -> tuple:
    return SEVERITY_ORDER.get(str(issue.severity), 3), issue.sheet, issue.row or 0, issue.column
