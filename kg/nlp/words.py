"""The words of an analysed article, read from the Doc's tokens (the pipeline's one segmentation:
jieba with the project's words) by character offset, with their part-of-speech tags from jieba's
dictionary.

Extractors read word boundaries and tags here instead of segmenting fragments of the text again:

    words = Words.of(doc)
    words.first(pos, pos + 6)          # the word at pos (clipped to the window): 挂牌
    words.between(start, end)          # the words of a span, the first and last clipped to it
    words.edge(pos)                    # does a word start or end at pos?

The words are the dictionary's: a token jieba's HMM made of characters its dictionary left
single (投建, 郑东) is cut back into those characters, which is what jieba's dictionary-only
segmentation (HMM off) gives; such a guessed word has no tag to read.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported by the pipeline; extractors are listed without it
    from spacy.tokens import Doc

_KEY = "kg.words"
HAN = re.compile(r"[\u4e00-\u9fff]+")


class Words:
    """Word spans of one text, sorted and without gaps inside Chinese runs (spaCy's tokens)."""

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.text = text
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.edges = set(self.starts) | set(self.ends)

    @classmethod
    def of(cls, doc: Doc) -> "Words":
        """The words of ``doc`` (made once per Doc, kept in its user_data)."""
        words = doc.user_data.get(_KEY)
        if words is None:
            import jieba

            from kg.nlp.tokenizer import doc_tokens

            text = doc._.article.text if doc._.article is not None else doc.text
            freq = jieba.dt.FREQ
            spans = []
            for word, i in zip(*doc_tokens(doc)):
                n = len(word)
                if n > 1 and not freq.get(word) and HAN.fullmatch(word):
                    spans.extend((k, k + 1) for k in range(i, i + n))   # a word the HMM guessed
                else:
                    spans.append((i, i + n))
            words = doc.user_data[_KEY] = cls(text, spans)
        return words

    def edge(self, pos: int) -> bool:
        """Whether a word starts or ends at ``pos`` (the text's ends count)."""
        return pos <= 0 or pos >= len(self.text) or pos in self.edges

    def between(self, start: int, end: int) -> Iterator[str]:
        """The words that overlap [start, end), cut to it; characters no token covers (spaces) are
        skipped."""
        i = max(0, bisect_right(self.starts, start) - 1)
        while i < len(self.starts) and self.starts[i] < end:
            s, e = max(self.starts[i], start), min(self.ends[i], end)
            if s < e:
                yield self.text[s:e]
            i += 1

    def first(self, start: int, end: int) -> str:
        """The first word of [start, end) ('' when there is none)."""
        return next(self.between(start, end), "")


def tag(word: str) -> str | None:
    """jieba's part-of-speech tag of ``word`` in its dictionary (None for a word it does not know)."""
    from kg.nlp.entities import _tag

    return _tag(word)
