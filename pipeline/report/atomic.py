"""Writing an output file so that readers see the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_NEW_FILE_MODE = 0o644  # mkstemp creates 0600; outputs are read by other staff accounts


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yields a temporary path beside `target`; renames it over `target` on success, removes it on failure."""
    target = Path(target)
    descriptor, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}"
    )
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        _flush_to_disk(temporary)
        mode = target.stat().st_mode & 0o777 if target.exists() else _NEW_FILE_MODE
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _flush_to_disk(path: Path) -> None:
    # A crash or power cut right after the rename must not leave an empty file under the real name.
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
