"""Word-lexicon features for the character-level NER model.

A character tagger sees a window of characters; it does not know that 鄂尔多斯 is a place
name or 发改委 an organisation unless training showed them. jieba's dictionary holds ~350,000
words with part-of-speech tags (nr person name, ns place name, nt organisation, nz other proper
noun). For each character we record which kinds of dictionary words cover it and where it sits in
them (B begin, M middle, E end), e.g. ``L:B|W:E``; the CRF reads that string, and each of its
marks, as features (the "soft lexicon" idea for Chinese NER).

The lexicon is the one the pipeline already holds: jieba's word frequencies (``jieba.dt.FREQ``,
which also lists every prefix of a word, with frequency 0) and its part-of-speech table
(``jieba.posseg``, which the rule-based entities read as well), after the pipeline has added the
project's words - no second copy of the dictionary is built.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

# jieba part-of-speech -> lexicon class
_CLASS = {"nr": "P", "nrt": "P", "nrfg": "P", "ns": "L", "nt": "O", "nz": "Z"}
MAX_WORD = 8            # longer dictionary words are rare and cost a lookup per character each
MIN_FREQ_OTHER = 3      # ordinary words (class W) below this jieba frequency are left out


class Lexicon:
    """Dictionary words (``freq``: word or prefix -> frequency, 0 for a prefix only) and their
    part-of-speech tags (``tags``)."""

    def __init__(self, freq: Mapping[str, int], tags: Mapping[str, str]):
        self.freq = freq
        self.tags = tags

    @classmethod
    def shared(cls) -> "Lexicon":
        """jieba's dictionary as the pipeline configured it."""
        import jieba.posseg

        from kg.ner.tokens import tokenizer

        tokenizer()          # the pipeline's jieba, with the project's words
        jieba.dt.check_initialized()
        return cls(jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab)

    def features(self, text: str) -> list[str]:
        """One feature string per character of ``text`` ("" where no dictionary word covers it)."""
        n = len(text)
        marks: dict[int, set[str]] = {}
        freq, tags = self.freq, self.tags
        for i in range(n - 1):
            for j in range(i + 2, min(n, i + MAX_WORD) + 1):
                piece = text[i:j]
                f = freq.get(piece)
                if f is None:
                    break               # no word starts with this piece
                if not f:
                    continue            # a prefix only
                kind = _CLASS.get(tags.get(piece, ""))
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
