"""Word-lexicon features for the character-level NER model.

A character tagger sees a window of characters; it does not know that 鄂尔多斯 is a place
name or 发改委 an organisation unless training showed them. jieba's dictionary holds ~350,000
words with part-of-speech tags (nr person name, ns place name, nt organisation, nz other proper
noun). For each character we record which kinds of dictionary words cover it and where it sits in
them (B begin, M middle, E end), e.g. ``L:B|W:E``; the CRF reads that string, and each of its
marks, as features (the "soft lexicon" idea for Chinese NER).

The words and their frequencies are the ones the pipeline's tokenizer already holds (jieba's
``jieba.dt.FREQ``, which also lists every prefix of a word, with frequency 0, after the pipeline
has added the project's words): no second copy of the dictionary is built. Only the classes of
jieba's ~112,000 proper nouns are kept beside it, read from jieba's dictionary file by one regular
expression (faster to load, and smaller, than jieba.posseg's table of all 349,000 words).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping

# jieba part-of-speech -> lexicon class
_CLASS = {"nr": "P", "nrt": "P", "nrfg": "P", "ns": "L", "nt": "O", "nz": "Z"}
MAX_WORD = 8            # longer dictionary words are rare and cost a lookup per character each
MIN_FREQ_OTHER = 3      # ordinary words (class W) below this jieba frequency are left out


_PROPER = re.compile(r"^(\S+) \d+ (nrfg|nrt|nr|ns|nt|nz)$", re.M)


class Lexicon:
    """Dictionary words (``freq``: word or prefix -> frequency, 0 for a prefix only) and the
    classes of the proper nouns among them (``kinds``: word -> P, L, O or Z)."""

    def __init__(self, freq: Mapping[str, int], kinds: Mapping[str, str]):
        self.freq = freq
        self.kinds = kinds

    @classmethod
    def shared(cls) -> "Lexicon":
        """jieba's dictionary as the pipeline configured it."""
        import jieba

        from kg.ner.tokens import tokenizer

        tokenizer()          # the pipeline's jieba, with the project's words
        jieba.dt.check_initialized()
        path = jieba.dt.dictionary or Path(jieba.__file__).with_name("dict.txt")   # None: jieba's own
        text = Path(path).read_text(encoding="utf-8")
        return cls(jieba.dt.FREQ, {word: _CLASS[pos] for word, pos in _PROPER.findall(text)})

    def features(self, text: str) -> list[str]:
        """One feature string per character of ``text`` ("" where no dictionary word covers it)."""
        n = len(text)
        marks: dict[int, set[str]] = {}
        freq, kinds = self.freq, self.kinds
        for i in range(n - 1):
            for j in range(i + 2, min(n, i + MAX_WORD) + 1):
                piece = text[i:j]
                f = freq.get(piece)
                if f is None:
                    break               # no word starts with this piece
                if not f:
                    continue            # a prefix only
                kind = kinds.get(piece)
                if kind is None:
                    if f < MIN_FREQ_OTHER:
                        continue
                    kind = "W"
                marks.setdefault(i, set()).add(kind + ":B")
                marks.setdefault(j - 1, set()).add(kind + ":E")
                for k in range(i + 1, j - 1):
                    marks.setdefault(k, set()).add(kind + ":M")
        out = [""] * n
        for k, m in marks.items():
            out[k] = "|".join(sorted(m))
        return out


@lru_cache(maxsize=1)
def jieba_lexicon() -> Lexicon:
    """The process-wide lexicon (jieba's, shared with the pipeline)."""
    return Lexicon.shared()
