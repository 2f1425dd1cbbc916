"""A per-user cache of derived data that is slow to build and quick to read back: jieba's
dictionary as the pipeline configures it (kg/nlp/dictionary.py) and the NER model's lookup
tables (kg/ner/compiled.py). Start-up of a short build is mostly such work.

Each entry is one file, ``NAME.marshal`` in ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/cnnews-kg``
(``~/.cache/cnnews-kg``), holding a key - a digest of everything the value was built from - and
the value. A different key, a file that cannot be read, or a cache folder that cannot be written
means building the value again; the result never depends on the cache, only the time does.
Values are plain data (dicts, lists, strings, numbers, bytes) stored with ``marshal``, which
rebuilds data and never runs code; files are written to a temporary name and renamed, so
processes starting together never read half a file.
"""
from __future__ import annotations

import logging
import marshal
import os
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def cache_dir() -> Path:
    explicit = os.environ.get("KG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cnnews-kg"


def _file(name: str) -> Path:
    return cache_dir() / f"{name}.marshal"


def load(name: str, key: str):
    """The value stored under ``name`` with this ``key``, or None."""
    path = _file(name)
    try:
        data = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.debug("cache %s unreadable (%s): rebuilt", path, exc)
        return None
    if isinstance(data, tuple) and len(data) == 2 and data[0] == key:
        return data[1]
    return None


def save(name: str, key: str, value) -> None:
    """Stores ``value`` under ``name`` with this ``key`` (silently nothing if the folder cannot
    be written)."""
    path = _file(name)
    try:
        payload = marshal.dumps((key, value))
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError) as exc:
        log.debug("cache %s not written (%s)", path, exc)


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The value under ``name`` and ``key``, built and stored when there is none."""
    value = load(name, key)
    if value is None:
        value = build()
        save(name, key, value)
    return value
