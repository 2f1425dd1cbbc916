"""Word-lexicon features for the character-level NER model.

A character tagger sees a window of characters; it does not know that 鄂尔多斯 is a place
name or 发改委 an organisation unless training showed them. jieba ships a dictionary of
~350,000 words with part-of-speech tags (nr person name, ns place name, nt organisation,
nz other proper noun). For each character we record which kinds of dictionary words cover
it and where it sits in them (B begin, M middle, E end), e.g. ``L:B|W:E``; the CRF reads
that string, and each of its marks, as features (the "soft lexicon" idea for Chinese NER). The
dictionary comes from the pinned jieba package, so nothing is downloaded.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# jieba part-of-speech -> lexicon class
_CLASS = {"nr": "P", "nrt": "P", "nrfg": "P", "ns": "L", "nt": "O", "nz": "Z"}
MAX_WORD = 8            # longer dictionary words are rare and cost a lookup per character each
MIN_FREQ_OTHER = 3      # ordinary words (class W) below this jieba frequency are left out


class Lexicon:
    """Dictionary words by class, with the set of their prefixes to stop lookups early."""

    def __init__(self, words: dict[str, str]):
        self.words = words
        self.prefixes = {w[:i] for w in words for i in range(1, len(w))}

    @classmethod
    def from_jieba(cls) -> "Lexicon":
        import jieba

        path = Path(jieba.__file__).with_name("dict.txt")
        words: dict[str, str] = {}
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) != 3:
                    continue
                word, freq, pos = parts
                if not (2 <= len(word) <= MAX_WORD):
                    continue
                kind = _CLASS.get(pos)
                if kind is None:
                    if int(freq) < MIN_FREQ_OTHER:
                        continue
                    kind = "W"
                words[word] = kind
        return cls(words)

    def features(self, text: str) -> list[str]:
        """One feature string per character of ``text`` ("" where no dictionary word covers it)."""
        n = len(text)
        marks: list[set[str]] = [set() for _ in range(n)]
        words, prefixes = self.words, self.prefixes
        for i in range(n):
            for j in range(i + 2, min(n, i + MAX_WORD) + 1):
                piece = text[i:j]
                kind = words.get(piece)
                if kind is not None:
                    marks[i].add(kind + ":B")
                    marks[j - 1].add(kind + ":E")
                    for k in range(i + 1, j - 1):
                        marks[k].add(kind + ":M")
                if piece not in prefixes:
                    break
        return ["|".join(sorted(m)) for m in marks]


@lru_cache(maxsize=1)
def jieba_lexicon() -> Lexicon:
    """The process-wide lexicon (built once, ~1 s)."""
    return Lexicon.from_jieba()
