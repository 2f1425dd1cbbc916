"""Text as numbers, for the NER model's numpy paths: code points, a piece of up to three code
points as one int64 (21 bits each), sorted tables of such keys, and tables over all code points.
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy

UNICODE = 0x110000
KEY_CHARS = 3                   # code points one key holds


def code_points(text: str) -> numpy.ndarray:
    """The code points of ``text`` (lone surrogates too), as int64."""
    return numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32).astype(numpy.int64)


def text_of(codes: numpy.ndarray) -> str:
    return codes.astype(numpy.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def key(piece: str) -> int:
    """The key of a piece's first KEY_CHARS characters."""
    out = 0
    for ch in piece[:KEY_CHARS]:
        out = out << 21 | ord(ch)
    return out


def keys_at(codes: numpy.ndarray, at: numpy.ndarray, size: int) -> numpy.ndarray:
    """The key of the first KEY_CHARS characters of the piece of ``size`` at each of ``at``."""
    out = codes[at]
    for k in range(1, min(size, KEY_CHARS)):
        out = out << 21 | codes[at + k]
    return out


class KeyTable:
    """Keys (sorted) and a value for each; read-only, so :meth:`with_` makes a new one."""

    def __init__(self, keys: numpy.ndarray, values: numpy.ndarray):
        self.keys, self.values = keys, values

    @classmethod
    def of_words(cls, words: Mapping[str, int], sizes: range) -> dict[int, "KeyTable"]:
        """A table of the words of each of ``sizes`` characters, by key (for a word longer than
        KEY_CHARS: the key of its start; such keys may repeat)."""
        by_size: dict[int, list[str]] = {size: [] for size in sizes}
        for word in words:
            found = by_size.get(len(word))
            if found is not None:
                found.append(word)
        out = {}
        for size, found in by_size.items():
            codes = code_points("".join(found)).reshape(len(found), size)
            keys = keys_at(codes[:, :KEY_CHARS].ravel(), numpy.arange(len(found)) * min(size, KEY_CHARS), size)
            order = numpy.argsort(keys, kind="stable")
            values = numpy.fromiter(map(words.__getitem__, found), numpy.int64, len(found))
            out[size] = cls(keys[order], values[order])
        return out

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, keys: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Each key's value (any value where it is missing) and whether it is in the table."""
        if not len(self.keys):
            return numpy.zeros(len(keys), dtype=numpy.int64), numpy.zeros(len(keys), dtype=bool)
        where = numpy.minimum(numpy.searchsorted(self.keys, keys), len(self.keys) - 1)
        return self.values[where], self.keys[where] == keys

    def with_(self, keys: numpy.ndarray, values: numpy.ndarray) -> "KeyTable":
        """This table and the new ``keys`` (sorted, none in it yet) with their values."""
        place = numpy.searchsorted(self.keys, keys)
        return KeyTable(numpy.insert(self.keys, place, keys), numpy.insert(self.values, place, values))


class KeyMemory:
    """Keys remembered with their values as they come, cheap to grow: a few sorted KeyTables, each
    more than twice as large as the next (a batch of new keys is a table of its own, merged into
    the one before while that one is not twice its size). A key is so copied about log2(n) times
    over a whole build, where one table grown by :meth:`KeyTable.with_` copies every key it holds
    at each batch - milliseconds an article once it holds hundreds of thousands."""

    def __init__(self):
        self.tables: list[KeyTable] = []

    def __len__(self) -> int:
        return sum(map(len, self.tables))

    def find(self, keys: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """As :meth:`KeyTable.find`: each key's value (0 where it is missing) and whether it is known."""
        found = numpy.zeros(len(keys), dtype=numpy.int64)
        hit = numpy.zeros(len(keys), dtype=bool)
        todo = numpy.arange(len(keys))
        for table in self.tables:
            if not todo.size:
                break
            values, known = table.find(keys[todo])
            found[todo[known]] = values[known]
            hit[todo[known]] = True
            todo = todo[~known]
        return found, hit

    def add(self, keys: numpy.ndarray, values: numpy.ndarray) -> None:
        """Remember new ``keys`` (sorted, none known yet) with their ``values``."""
        table = KeyTable(keys, values)
        while self.tables and len(self.tables[-1]) <= 2 * len(table):
            table = self.tables.pop().with_(table.keys, table.values)
        self.tables.append(table)


class CodeTable:
    """A function of one code point as a table over all code points, filled on first sight of
    each (so a text's values are one numpy lookup)."""

    def __init__(self, function: Callable[[int], int], dtype):
        self.function = function
        self.values = numpy.zeros(UNICODE, dtype=dtype)
        self.known = numpy.zeros(UNICODE, dtype=bool)

    def __call__(self, codes: numpy.ndarray) -> numpy.ndarray:
        new = sorted(set(codes[~self.known[codes]].tolist()))   # (numpy.unique would import numpy.ma)
        if new:
            self.values[new] = [self.function(code) for code in new]
            self.known[new] = True
        return self.values[codes]
