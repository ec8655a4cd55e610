"""The run's log in the outbox: what each run read and found, with no personal data, and why a run
was refused. One record a line: whatever a value holds (a file name with a newline or an escape
sequence, say), it is written escaped, so that no value can forge a record or colour a terminal."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from ..model import RunResult
from ..phones import mask_phone
from ..vietnamese import VIETNAM

log = logging.getLogger("pipeline")
LOG_NAME = "tong-hop.log"
LOG_MAX_BYTES = 5_000_000  # then tong-hop.log becomes tong-hop.log.1, and so on up to LOG_BACKUPS
LOG_BACKUPS = 5

# What is escaped: the backslash (so that an escape is never ambiguous), control characters (C0, DEL,
# C1), line and paragraph separators, lone surrogates, and the invisible format characters that reorder
# or hide text (soft hyphen, zero-width characters, bidirectional controls, the BOM).
_UNSAFE = re.compile(
    r"[\\\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb]"
)
_NAMED_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escaped(text: str) -> str:
    """Returns the text with every unsafe character written as an escape (\\n, \\x1b, \\u202e, \\\\)."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class _OneLineFormatter(logging.Formatter):
    """Formats each record on one line: its message, values and any traceback escaped."""

    def format(self, record: logging.LogRecord) -> str:
        return escaped(super().format(record))


@contextmanager
def logging_to(path: Path) -> Iterator[None]:
    """Sends the pipeline's log to `path` for the block (rotated past LOG_MAX_BYTES); a failure is logged
    before it propagates."""
    handler = RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(_OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield
    except BaseException:
        log.exception("run failed (outcome=failed); previous outputs left in place")
        raise
    finally:
        log.removeHandler(handler)
        handler.close()


def log_result(result: RunResult) -> None:
    """Logs each file's fate and each issue's place; personal data stays out (phones masked, no names)."""
    for file in result.files:
        counts = result.accounting.loc[file.path].to_dict() if file.path in result.accounting.index else {}
        log.info("file %s: %s %s", file.path, file.status, {key: int(value) for key, value in counts.items()})
    for issue in result.issues:
        value = (
            mask_phone(issue.value)
            if issue.column == "phone"
            else ""
            if issue.column == "name"
            else issue.value
        )
        log.info(
            "issue %s %s!%s row %s %s: '%s'",
            issue.severity,
            issue.file,
            issue.sheet,
            issue.row,
            issue.code,
            value,
        )


def note_refusal(log_path: Path, refusal: Exception) -> None:
    """Appends why a run was refused to the log in the outbox, when there is an outbox to write to."""
    try:
        with open(log_path, "a", encoding="utf-8") as log_file:
            stamp = datetime.now(VIETNAM).isoformat(timespec="seconds")
            message = escaped(f"run refused ({type(refusal).__name__}): {refusal}")
            log_file.write(f"{stamp} ERROR pipeline: {message}\n")
    except OSError:
        pass  # no writable outbox: the message on the terminal (or cron mail) is all there is
