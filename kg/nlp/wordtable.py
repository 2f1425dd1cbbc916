"""jieba's dictionary as a sorted table that loads in one piece: words, frequencies and parts of
speech in three columns, looked up by binary search until a process has asked enough to pay for a
hash index.

jieba keeps its dictionary as a dict of about 500,000 words and prefixes (word -> frequency) and
``jieba.posseg`` a second one of 350,000 (word -> tag). Rebuilding those two dicts is the largest
part of a short build's start-up (creating and hashing 850,000 strings: half a CPU-second), while
a one-article build asks them only a few thousand questions. So the cached dictionary
(kg/nlp/dictionary.py) is read back as this table: one string of the sorted words (cut into
blocks, each split into words when a look-up needs it), an array of frequencies and one byte of
tag per word.
Each column is seen through a mapping (:meth:`WordTable.frequencies`, :meth:`WordTable.tags`)
that answers ``get``, ``in`` and ``[]`` by bisection; after :data:`INDEX_AFTER` look-ups in the
table's columns, every column builds the dict jieba would have had (a column written to builds
its own) and answers from that, at dict speed (its ``get`` then *is* the dict's). The answers
are the same either way.
"""
from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import MutableMapping
from itertools import accumulate
from typing import Iterator

NO_TAG = 255                 # the tag byte of a word without a part of speech (prefixes, added words)
INDEX_AFTER = 100_000        # look-ups by bisection (a few tenths of a CPU-s) before the columns build dicts
FREQ_TYPE = "q"              # array type of the frequencies
OFFSET_TYPE = "q"            # array type of the blocks' offsets
BLOCK = 64                   # words per block: a str object is kept for the first word of each only


class WordTable:
    """Words in sorted order, each with a frequency and an optional tag.

    The words are kept as one string (sorted, a newline between two words) cut into blocks of
    :data:`BLOCK` words: a look-up bisects the blocks' first words, then the words of one block,
    split out of the string the first time it is asked and kept (a text asks a word and then its
    extensions, which sort next to it). So reading a table back makes some 8,000 strings, not
    500,000; the list of every word is made when the columns build their dicts."""

    def __init__(self, text: str, starts: array, heads: list[str], freqs: array, tag_codes: bytes,
                 tag_names: tuple[str, ...]):
        size = text.count("\n") + 1 if text else 0
        blocks = -(-size // BLOCK)
        if not (len(freqs) == len(tag_codes) == size):
            raise ValueError("the columns of a word table differ in length")
        if not (len(heads) == blocks and len(starts) == blocks + 1 and starts[0] == 0
                and starts[-1] == len(text) + 1):
            raise ValueError("the blocks of a word table do not cut its words")
        if len(tag_names) >= NO_TAG:
            raise ValueError(f"more than {NO_TAG - 1} parts of speech")
        self.text = text
        self.starts = starts
        self.heads = heads
        self.freqs = freqs
        self.tag_codes = tag_codes
        self.tag_names = tag_names
        self.lookups = 0                 # by bisection, in all columns
        self._columns: list[Column] = []
        self._words: list[str] | None = None
        self._blocks: dict[int, list[str]] = {}     # the blocks split out of the text so far

    @classmethod
    def of(cls, freq: dict[str, int], tags: dict[str, str]) -> "WordTable":
        """The table of jieba's two dicts (every tagged word must have a frequency; no word may
        be empty or hold a newline, which separates the words)."""
        words = sorted(freq)
        if any(not word or "\n" in word for word in words):
            raise ValueError("an empty word or a word with a newline")
        names = tuple(sorted(set(tags.values())))
        code = {name: i for i, name in enumerate(names)}
        if any(word not in freq for word in tags):
            raise ValueError("a tagged word without a frequency")
        offsets = list(accumulate((len(word) + 1 for word in words), initial=0))
        starts = array(OFFSET_TYPE, offsets[0:len(words):BLOCK] + [offsets[-1]])
        table = cls("\n".join(words), starts, words[::BLOCK], array(FREQ_TYPE, [freq[w] for w in words]),
                    bytes(code[tags[w]] if w in tags else NO_TAG for w in words), names)
        table._words = words
        return table

    def pack(self) -> tuple[str, bytes, list[str], bytes, bytes, list[str], str]:
        """Plain data for kg.cache (marshal): read back by :meth:`unpack`."""
        return (self.text, self.starts.tobytes(), list(self.heads), self.freqs.tobytes(), self.tag_codes,
                list(self.tag_names), sys.byteorder)

    @classmethod
    def unpack(cls, packed) -> "WordTable":
        """The table of :meth:`pack`'s data; ValueError if it is not such data."""
        if not (isinstance(packed, tuple) and len(packed) == 7 and isinstance(packed[0], str)
                and isinstance(packed[1], bytes) and isinstance(packed[2], list)
                and all(isinstance(h, str) for h in packed[2])
                and isinstance(packed[3], bytes) and isinstance(packed[4], bytes)
                and isinstance(packed[5], list) and all(isinstance(n, str) for n in packed[5])
                and packed[6] == sys.byteorder):
            raise ValueError("not a packed word table")
        text, start_bytes, heads, freq_bytes, tag_codes, names, _ = packed
        starts, freqs = array(OFFSET_TYPE), array(FREQ_TYPE)
        starts.frombytes(start_bytes)        # ValueError if not a whole number of items
        freqs.frombytes(freq_bytes)
        return cls(text, starts, heads, freqs, tag_codes, tuple(names))

    @property
    def words(self) -> list[str]:
        """Every word, in order (made once, when asked)."""
        if self._words is None:
            self._words = self.text.split("\n") if self.text else []
            self._blocks.clear()         # look-ups bisect the whole list from now on
        return self._words

    def position(self, word: str) -> int:
        """The row of ``word``, -1 if it is not in the table; after :data:`INDEX_AFTER` calls,
        every column builds its dict."""
        self.lookups += 1
        if self.lookups > INDEX_AFTER:
            self.index()
        words = self._words
        if words is not None:
            i = bisect_left(words, word)
            return i if i < len(words) and words[i] == word else -1
        b = bisect_right(self.heads, word) - 1
        if b < 0:
            return -1
        block = self._blocks.get(b)
        if block is None:
            block = self._blocks[b] = self.text[self.starts[b]:self.starts[b + 1] - 1].split("\n")
        i = bisect_left(block, word)
        return b * BLOCK + i if i < len(block) and block[i] == word else -1

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
