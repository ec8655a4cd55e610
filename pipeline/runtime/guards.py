"""The checks a run passes before it touches anything: the inbox, the registry, the outbox."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..places.registry import Registry, RegistryError, load_registry
from ..places.registry_cache import load_registry_cached


class ConfigurationError(Exception):
    """The run cannot start: bad inbox, outbox or registry (exit code 2)."""


def check_inbox(inbox: Path) -> None:
    """Raises ConfigurationError unless the inbox is a folder."""
    if not inbox.is_dir():
        raise ConfigurationError(
            f"Không tìm thấy thư mục hộp thư đến {inbox}. Hãy tạo thư mục này và chép các tệp Mẫu 2 "
            "vào, hoặc chỉ đúng thư mục bằng --inbox."
        )


def outbox_inside_inbox(inbox: Path, outbox: Path) -> bool:
    """Returns whether the outbox lies under the inbox (its files are then never read); ConfigurationError
    when the two are one folder, since nothing of the inbox could then be read apart from the outputs."""
    resolved_inbox, resolved_outbox = inbox.resolve(), outbox.resolve()
    if resolved_outbox == resolved_inbox:
        raise ConfigurationError(
            f"Thư mục kết quả {outbox} trùng với hộp thư đến {inbox}. Hãy chọn một thư mục kết quả khác "
            "bằng --outbox."
        )
    return resolved_outbox.is_relative_to(resolved_inbox)


def registry_for_run(registry_file: Path | None, cache: Path | None = None) -> Registry:
    """Returns the registry of the run (the embedded one without a file), from the `cache` folder when the
    same file was read there before; ConfigurationError when unusable."""
    try:
        if registry_file is not None and cache is not None:
            return load_registry_cached(registry_file, cache)
        return load_registry(registry_file)
    except RegistryError as error:
        raise ConfigurationError(str(error)) from error
    except OSError as error:
        raise ConfigurationError(f"Không đọc được danh mục hành chính {registry_file}: {error}") from error


def prepare_outbox(outbox: Path) -> None:
    """Creates the outbox if needed; ConfigurationError when it cannot be written to."""
    try:
        outbox.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=outbox, prefix=".probe-")
        probe.close()
    except OSError as error:
        raise ConfigurationError(
            f"Không ghi được vào thư mục kết quả {outbox} (không có quyền ghi, ổ đĩa chỉ đọc, hoặc đó là "
            "một tệp chứ không phải thư mục). Hãy chọn thư mục khác bằng --outbox hoặc nhờ cán bộ CNTT "
            "cấp quyền ghi."
        ) from error
