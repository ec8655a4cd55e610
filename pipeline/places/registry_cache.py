"""The registry as the last run left it, so that a nightly run does not check the same file again.

A national registry (~100,000 hamlets) takes about a second to read, check and key; the same registry
loaded from this cache takes a twentieth of that. The cache is keyed by the registry file's content and
by the code that reads it (these modules' source, pandas' version): a changed file or a changed loader
is read afresh. Whatever goes wrong with the cache (missing, unreadable, written by another version) only
means the file is read again; the cache is never the only copy of anything.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import replace
from pathlib import Path

import pandas as pd

import schemas.dtypes
import schemas.registry

from .. import text
from . import registry, registry_file
from .registry import Registry, load_registry

log = logging.getLogger(__name__)

_PREFIX = "registry-"
_LOADER_MODULES = (registry, registry_file, text, schemas.registry, schemas.dtypes)


def load_registry_cached(path: Path, folder: Path) -> Registry:
    """Returns the registry of `path`, from `folder`'s cache when it holds this file read by this code;
    otherwise reads it (raising RegistryError as load_registry does) and leaves it in the cache."""
    path = Path(path)
    content = path.read_bytes()
    cached = folder / f"{_PREFIX}{_key(content)}.pickle"
    try:
        with cached.open("rb") as handle:
            loaded = pickle.load(handle)  # noqa: S301 - our own file, in the outbox's state folder
        if isinstance(loaded, Registry):
            return replace(loaded, source=str(path))
    except FileNotFoundError:
        pass
    except Exception as error:  # noqa: BLE001 - a broken cache is read again, never fatal
        log.warning("registry cache %s not used: %r", cached, error)
    loaded = load_registry(path)
    _store(loaded, cached)
    return loaded


def _key(content: bytes) -> str:
    digest = hashlib.sha256(content)
    for module in _LOADER_MODULES:
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(pd.__version__.encode())
    return digest.hexdigest()[:32]


def _store(loaded: Registry, cached: Path) -> None:
    """Writes the cache entry atomically and drops older ones; a failure is logged, not raised."""
    temporary = None
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, prefix=".tmp-", delete=False) as handle:
            temporary = Path(handle.name)
            pickle.dump(loaded, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cached)
        for old in cached.parent.glob(f"{_PREFIX}*.pickle"):
            if old != cached:
                old.unlink(missing_ok=True)
    except Exception as error:  # noqa: BLE001 - a cache that cannot be written is only slower next time
        log.warning("registry cache %s not written: %r", cached, error)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
