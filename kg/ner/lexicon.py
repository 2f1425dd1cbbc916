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
from typing import Mapping, Sequence

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

    @classmethod
    def shared(cls) -> "Lexicon":
        """jieba's dictionary as the pipeline configured it."""
        import jieba

        from kg.nlp.dictionary import pos_tags
        from kg.ner.tokens import tokenizer

        tokenizer()          # the pipeline's jieba, with the project's words
        jieba.dt.check_initialized()
        return cls(jieba.dt.FREQ, pos_tags())

    def masks(self, text: str) -> list[int]:
        """One bit mask of :data:`MARKS` per character of ``text`` (0 where no dictionary word
        covers it): the marks as integers, which the compiled tagger reads without strings."""
        n = len(text)
        out = [0] * n
        freq, tags, bits, other = self.freq, self.tags, _TAG_BITS, _KIND_BITS["W"]
        # the pieces of two characters, then of three ...: a piece is looked up only where the
        # piece one shorter is in the dictionary (as a word, or as a prefix of one)
        starts: Sequence[int] = range(n - 1)
        pieces = list(map(str.__add__, text[:-1], text[1:]))
        for size in range(2, MAX_WORD + 1):
            longer = []
            for i, piece, f in zip(starts, pieces, map(freq.get, pieces)):
                if f is None:
                    continue            # no word starts with this piece
                if i + size < n:
                    longer.append(i)
                if not f:
                    continue            # a prefix only
                marks = bits.get(tags.get(piece))
                if marks is None:
                    if f < MIN_FREQ_OTHER:
                        continue
                    marks = other
                begin, middle, end = marks
                out[i] |= begin
                out[i + size - 1] |= end
                for k in range(i + 1, i + size - 1):
                    out[k] |= middle
            if not longer:
                break
            starts = longer
            pieces = [text[i:i + size + 1] for i in longer]
        return out

    def features(self, text: str) -> list[str]:
        """One feature string per character of ``text`` ("" where no dictionary word covers it):
        its marks joined in sorted order, e.g. ``L:B|W:E``."""
        return list(map(MARK_STRINGS.__getitem__, self.masks(text)))


# every mark a character can carry, in sorted order; bit k of a mask is MARKS[k]
MARKS = tuple(f"{kind}:{place}" for kind in "LOPWZ" for place in "BEM")
_KIND_BITS = {kind: tuple(1 << MARKS.index(f"{kind}:{place}") for place in "BME") for kind in "LOPWZ"}
_TAG_BITS = {tag: _KIND_BITS[kind] for tag, kind in _CLASS.items()}     # a proper noun's part of speech -> its bits


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
