"""Word-lexicon features for the character-level NER model.

A character tagger sees a window of characters; it does not know that 鄂尔多斯 is a place
name or 发改委 an organisation unless training showed them. jieba's dictionary holds ~350,000
words with part-of-speech tags (nr person name, ns place name, nt organisation, nz other proper
noun). For each character we record which kinds of dictionary words cover it and where it sits in
them (B begin, M middle, E end), e.g. ``L:B|W:E``; the CRF reads that string, and each of its
marks, as features (the "soft lexicon" idea for Chinese NER).

The words and their frequencies are the ones the pipeline's tokenizer already holds (jieba's
``jieba.dt.FREQ``, which also lists every prefix of a word, with frequency 0, after the pipeline
has added the project's words): no second copy of the dictionary is built. The classes of
jieba's ~112,000 proper nouns are read from the part-of-speech table the pipeline loads anyway
(kg/nlp/dictionary.py), as it is: no table of its own is built.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

import numpy

from kg.ner.codes import KEY_CHARS, KeyMemory, code_points, keys_at

# jieba part-of-speech -> lexicon class
_CLASS = {"nr": "P", "nrt": "P", "nrfg": "P", "ns": "L", "nt": "O", "nz": "Z"}
MAX_WORD = 8            # longer dictionary words are rare and cost a lookup per character each
MIN_FREQ_OTHER = 3      # ordinary words (class W) below this jieba frequency are left out


class Lexicon:
    """Dictionary words (``freq``: word or prefix -> frequency, 0 for a prefix only) and their
    parts of speech (``tags``: word -> nr, ns, nt, nz, v ...; the proper nouns' give their class)."""

    def __init__(self, freq: Mapping[str, int], tags: Mapping[str, str]):
        self.freq = freq
        self.tags = tags
        self._memory: dict[int, KeyMemory] = {}  # piece size -> the _class of the pieces seen, by key

    @classmethod
    def shared(cls) -> "Lexicon":
        """jieba's dictionary as the pipeline configured it."""
        import jieba

        from kg.nlp.dictionary import configure_project, pos_tags

        configure_project()  # the pipeline's jieba, with the project's words (once per process)
        jieba.dt.check_initialized()
        return cls(jieba.dt.FREQ, pos_tags())

    def masks(self, text: str) -> list[int]:
        """One bit mask of :data:`MARKS` per character of ``text`` (0 where no dictionary word
        covers it): the marks as integers, which the compiled tagger reads without strings."""
        return self.masks_within(text, numpy.array([0]), numpy.array([len(text)])).tolist()

    def masks_within(self, text: str, starts: numpy.ndarray, lengths: numpy.ndarray) -> numpy.ndarray:
        """:meth:`masks` of each piece ``text[starts[k]:starts[k] + lengths[k]]`` (the pieces in
        order, side by side, covering ``text``), in one array: no word reaches over a piece's end.

        The pieces of two characters, then of three ...: a piece is looked up only where the piece
        one shorter is in the dictionary (as a word, or as a prefix of one); the marks are set by
        numpy, a word length at a time. Pieces of two and three characters are numbers (their
        code points), found by numpy among the pieces the lexicon has seen; only new ones are
        looked up in the dictionary."""
        n = len(text)
        out = numpy.zeros(n, dtype=numpy.int64)
        if n < 2:
            return out
        # characters after each one inside its piece: a word of ``size`` starts at i if room >= size - 1
        room = numpy.repeat(starts + lengths, lengths) - numpy.arange(n) - 1
        codes = code_points(text)
        at = numpy.flatnonzero(room >= 1)
        for size in range(2, MAX_WORD + 1):
            if size <= KEY_CHARS:               # a piece of up to three code points is one number
                found = self._seen(keys_at(codes, at, size), at, size, text)
            else:
                found = numpy.fromiter(map(self._class, [text[i:i + size] for i in at.tolist()]), numpy.int64, len(at))
            word = (found >= 0) & (found < _NONE)
            begin, kind = at[word], found[word]
            out[begin] |= _BEGIN[kind]              # a word length at a time: no index twice
            out[begin + size - 1] |= _END[kind]
            for k in range(1, size - 1):
                out[begin + k] |= _MIDDLE[kind]
            more = (found >= 0) & (room[at] >= size)
            at = at[more]
            if not at.size:
                break
        return out

    def _class(self, piece: str) -> int:
        """-1: no dictionary word starts with ``piece``; _NONE: one does, but ``piece`` gives no
        marks (a prefix only, a rare common word); else the class of the word ``piece``."""
        f = self.freq.get(piece)
        if f is None:
            return -1
        if not f:
            return _NONE
        kind = _TAG_KIND.get(self.tags.get(piece))
        if kind is None:
            return _OTHER if f >= MIN_FREQ_OTHER else _NONE
        return kind

    def _seen(self, keys: numpy.ndarray, at: numpy.ndarray, size: int, text: str) -> numpy.ndarray:
        """:meth:`_class` of the pieces of ``size`` characters at ``at`` (their code points in
        ``keys``): from the table of the pieces seen before, the new ones from the dictionary."""
        memory = self._memory.setdefault(size, KeyMemory())
        found, hit = memory.find(keys)
        new = numpy.flatnonzero(~hit)
        if new.size:
            pieces, first = numpy.unique(keys[new], return_index=True)
            values = numpy.fromiter(map(self._class, [text[i:i + size] for i in at[new[first]].tolist()]),
                                    numpy.int64, len(first))
            found[new] = values[numpy.searchsorted(pieces, keys[new])]
            if len(memory) > _MEMORY:           # remembered up to _MEMORY pieces; then from scratch
                memory = self._memory[size] = KeyMemory()
            memory.add(pieces, values)
        return found

    def features(self, text: str) -> list[str]:
        """One feature string per character of ``text`` ("" where no dictionary word covers it):
        its marks joined in sorted order, e.g. ``L:B|W:E``."""
        return list(map(MARK_STRINGS.__getitem__, self.masks(text)))


# every mark a character can carry, in sorted order; bit k of a mask is MARKS[k]
MARKS = tuple(f"{kind}:{place}" for kind in "LOPWZ" for place in "BEM")
_KIND_BITS = {kind: tuple(1 << MARKS.index(f"{kind}:{place}") for place in "BME") for kind in "LOPWZ"}
# a word's class as a number (its index in "LOPWZ"), and each class's bits at the begin, middle and end
_KINDS = "LOPWZ"
_TAG_KIND = {tag: _KINDS.index(kind) for tag, kind in _CLASS.items()}     # a proper noun's part of speech -> its class
_OTHER = _KINDS.index("W")          # any other word, kept when frequent enough
_NONE = len(_KINDS)                 # a piece that gives no marks, but a longer one may
_MEMORY = 1 << 19                   # pieces of one size a lexicon remembers (then it starts again)
_BEGIN, _MIDDLE, _END = (numpy.array([_KIND_BITS[kind][place] for kind in _KINDS], dtype=numpy.int64) for place in range(3))


class _MarkStrings(dict):
    """mask -> its marks joined by ``|`` in sorted order (filled on first sight)."""

    def __missing__(self, mask: int) -> str:
        value = self[mask] = "|".join(m for k, m in enumerate(MARKS) if mask >> k & 1)
        return value


MARK_STRINGS = _MarkStrings()


@lru_cache(maxsize=1)
def jieba_lexicon() -> Lexicon:
    """The process-wide lexicon (jieba's, shared with the pipeline)."""
    return Lexicon.shared()
