"""jieba's dictionary as a sorted table that loads in one piece: words, frequencies and parts of
speech in three columns, looked up by binary search until a process has asked enough to pay for a
hash index.

jieba keeps its dictionary as a dict of about 500,000 words and prefixes (word -> frequency) and
``jieba.posseg`` a second one of 350,000 (word -> tag). Rebuilding those two dicts is the largest
part of a short build's start-up (creating and hashing 850,000 strings: half a CPU-second), while
a one-article build asks them only a few thousand questions. So the cached dictionary
(kg/nlp/dictionary.py) is read back as this table: one string of the sorted words (split at
newlines, no decoding one word at a time), an array of frequencies and one byte of tag per word.
Each column is seen through a mapping (:meth:`WordTable.frequencies`, :meth:`WordTable.tags`)
that answers ``get``, ``in`` and ``[]`` by bisection; after :data:`INDEX_AFTER` look-ups in the
table's columns, every column builds the dict jieba would have had (a column written to builds
its own) and answers from that, at dict speed (its ``get`` then *is* the dict's). The answers
are the same either way.
"""
from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections.abc import MutableMapping
from typing import Iterator

NO_TAG = 255                 # the tag byte of a word without a part of speech (prefixes, added words)
INDEX_AFTER = 100_000        # look-ups by bisection (about 0.1 CPU-s) before the columns build their dicts
FREQ_TYPE = "q"              # array type of the frequencies


class WordTable:
    """Words in sorted order, each with a frequency and an optional tag."""

    def __init__(self, words: list[str], freqs: array, tag_codes: bytes, tag_names: tuple[str, ...]):
        if not (len(words) == len(freqs) == len(tag_codes)):
            raise ValueError("the columns of a word table differ in length")
        if len(tag_names) >= NO_TAG:
            raise ValueError(f"more than {NO_TAG - 1} parts of speech")
        self.words = words
        self.freqs = freqs
        self.tag_codes = tag_codes
        self.tag_names = tag_names
        self.lookups = 0                 # by bisection, in all columns
        self._columns: list[Column] = []

    @classmethod
    def of(cls, freq: dict[str, int], tags: dict[str, str]) -> "WordTable":
        """The table of jieba's two dicts (every tagged word must have a frequency; no word may
        hold a newline, which separates the words in :meth:`pack`)."""
        words = sorted(freq)
        if any("\n" in word for word in words):
            raise ValueError("a word with a newline")
        names = tuple(sorted(set(tags.values())))
        code = {name: i for i, name in enumerate(names)}
        if any(word not in freq for word in tags):
            raise ValueError("a tagged word without a frequency")
        return cls(words, array(FREQ_TYPE, [freq[w] for w in words]),
                   bytes(code[tags[w]] if w in tags else NO_TAG for w in words), names)

    def pack(self) -> tuple[str, bytes, bytes, list[str], str]:
        """Plain data for kg.cache (marshal): read back by :meth:`unpack`."""
        return ("\n".join(self.words), self.freqs.tobytes(), self.tag_codes, list(self.tag_names), sys.byteorder)

    @classmethod
    def unpack(cls, packed) -> "WordTable":
        """The table of :meth:`pack`'s data; ValueError if it is not such data."""
        if not (isinstance(packed, tuple) and len(packed) == 5 and isinstance(packed[0], str)
                and isinstance(packed[1], bytes) and isinstance(packed[2], bytes)
                and isinstance(packed[3], list) and all(isinstance(n, str) for n in packed[3])
                and packed[4] == sys.byteorder):
            raise ValueError("not a packed word table")
        joined, freq_bytes, tag_codes, names, _ = packed
        freqs = array(FREQ_TYPE)
        freqs.frombytes(freq_bytes)          # ValueError if not a whole number of items
        words = joined.split("\n") if joined else []
        return cls(words, freqs, tag_codes, tuple(names))

    def position(self, word: str) -> int:
        """The row of ``word``, -1 if it is not in the table; after :data:`INDEX_AFTER` calls,
        every column builds its dict."""
        self.lookups += 1
        if self.lookups > INDEX_AFTER:
            self.index()
        words = self.words
        i = bisect_left(words, word)
        return i if i < len(words) and words[i] == word else -1

    def index(self) -> None:
        """Every column's dict built now."""
        for column in self._columns:
            column.index()

    def frequencies(self) -> "Column":
        """word (or prefix) -> frequency, every row: jieba's ``FREQ``."""
        freqs = self.freqs
        return self._column(lambda i: freqs[i], lambda: dict(zip(self.words, freqs.tolist())))

    def tags(self) -> "Column":
        """word -> part of speech, the rows with one: ``jieba.posseg``'s table."""
        codes, names = self.tag_codes, self.tag_names
        return self._column(lambda i: names[codes[i]] if codes[i] != NO_TAG else None,
                            lambda: {w: names[c] for w, c in zip(self.words, codes) if c != NO_TAG})

    def _column(self, value_at, build_dict) -> "Column":
        column = Column(self, value_at, build_dict)
        self._columns.append(column)
        return column


class Column(MutableMapping):
    """One column of a :class:`WordTable` as a mapping from words (see the module's notes).

    ``get`` is an attribute of the instance: bisection at first, the dict's own method once the
    dict is built, so that callers pay no Python call for it then."""

    def __init__(self, table: WordTable, value_at, build_dict):
        self._table = table
        self._value_at = value_at        # row -> value, None where the row has none
        self._build_dict = build_dict
        self._dict: dict | None = None
        self.get = self._bisect_get

    def _bisect_get(self, word, default=None):
        i = self._table.position(word) if isinstance(word, str) else -1
        if self._dict is not None:       # the table has just built the dicts
            return self._dict.get(word, default)
        if i < 0:
            return default
        value = self._value_at(i)
        return default if value is None else value

    def index(self) -> dict:
        """The column as a dict, built once; every later look-up answers from it."""
        if self._dict is None:
            self._dict = self._build_dict()
            self.get = self._dict.get
        return self._dict

    @property
    def indexed(self) -> bool:
        return self._dict is not None

    def __contains__(self, word) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word):
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def __setitem__(self, word, value) -> None:
        self.index()[word] = value

    def __delitem__(self, word) -> None:
        del self.index()[word]

    def __iter__(self) -> Iterator[str]:
        return iter(self.index())

    def __len__(self) -> int:
        return len(self.index())
