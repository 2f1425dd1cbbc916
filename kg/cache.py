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
import re
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

# An entry's name: what it holds and a digest of where it came from ("jieba-07445d409ecd"). Only
# files named so are read, listed or removed: `kg cache --clear` never touches anything else,
# whatever folder $KG_CACHE_DIR names.
_NAME = re.compile(r"[a-z][a-z0-9]*-[0-9a-f]{12}")
_ENTRY = re.compile(rf"{_NAME.pattern}\.marshal")
_PARTIAL = re.compile(rf"\.{_NAME.pattern}-\w+")        # the temporary file of a write that was cut short


def cache_dir() -> Path:
    explicit = os.environ.get("KG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cnnews-kg"


def _file(name: str) -> Path:
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a cache entry's name: {name!r}")
    return cache_dir() / f"{name}.marshal"


def entries() -> list[Path]:
    """The cache's files, sorted: its entries and what writes cut short left behind (none when
    the folder is missing or is not a folder; OSError when it cannot be read)."""
    try:
        found = [p for p in cache_dir().iterdir()
                 if (_ENTRY.fullmatch(p.name) or _PARTIAL.fullmatch(p.name)) and p.is_file() and not p.is_symlink()]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(found)


def clear(files: list[Path] | None = None) -> tuple[list[Path], list[tuple[Path, OSError]]]:
    """Removes the cache's files (``files``, as :func:`entries` listed them; by default all of
    them now): each entry is built again when a process needs it. Returns those removed and
    those that could not be, with why."""
    removed, failed = [], []
    for path in entries() if files is None else files:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:      # another process removed or replaced it meanwhile
            pass
        except OSError as exc:
            failed.append((path, exc))
    return removed, failed


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
