"""The pipeline's tokenizer: the words of :func:`kg.nlp.dictionary.cut` (jieba's segmentation
with the project's words) as a spaCy Doc.

It gives the Doc spaCy's own Chinese tokenizer (``segmenter = "jieba"``) gives for the same words
- whitespace between words is a token of its own, except one space after a word, which is that
word's trailing whitespace - but places the words by their offsets instead of searching the
rest of the text for each (``spacy.util.get_words_and_spaces``, quadratic in the text's length).
"""
from __future__ import annotations

from itertools import accumulate

from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.nlp.dictionary import cut


TOKENS_KEY = "kg.tokens"     # doc.user_data: (words, their start offsets), as the Doc's tokens


def words_and_spaces(text: str, words: list[str], starts: list[int] | None = None) -> tuple[list[str], list[bool]]:
    """spaCy's words and trailing spaces for ``words`` that tile ``text`` in order (as jieba's
    do): whitespace words dropped, a single space after a word kept as its trailing space, any
    other run of whitespace a word of its own. ``starts``, if given, receives each word's offset.

    The words between two runs of whitespace are taken over in one piece (list slices), so the
    per-word work is one ``str.isspace`` and one running sum."""
    if starts is None:
        starts = []
    if "" in words:                       # no segmenter gives an empty word: keep the rule simple
        words = [w for w in words if w]
    bounds = list(accumulate(map(len, words), initial=0))
    out: list[str] = []
    spaces: list[bool] = []
    at = 0           # how far the output covers the text
    taken = 0        # the words before this index are in the output (or were whitespace)
    gaps = [i for i, blank in enumerate(map(str.isspace, words)) if blank]
    k = 0
    while k < len(gaps):
        first = last = gaps[k]            # a run of whitespace words: words[first:last + 1]
        while k + 1 < len(gaps) and gaps[k + 1] == last + 1:
            k += 1
            last += 1
        k += 1
        if first > taken:                 # the words before the run, whole
            out += words[taken:first]
            spaces += [False] * (first - taken)
            starts += bounds[taken:first]
            at = bounds[first]
            if text[at] == " ":           # one space after a word is its trailing space
                spaces[-1] = True
                at += 1
        end = bounds[last + 1]
        if end > at:                      # the rest of the run: a whitespace word of its own
            out.append(text[at:end])
            spaces.append(False)
            starts.append(at)
        at = end
        taken = last + 1
    if taken < len(words):
        out += words[taken:]
        spaces += [False] * (len(words) - taken)
        starts += bounds[taken:-1]
        at = bounds[-1]
    if at < len(text):                    # text the words do not cover (they tile it: never)
        out.append(text[at:])
        spaces.append(False)
        starts.append(at)
    return out, spaces


def doc_tokens(doc: Doc) -> tuple[list[str], list[int]]:
    """The Doc's words and their start offsets: as the pipeline's tokenizer kept them, else (a Doc
    another tokenizer made) read from the Doc's arrays."""
    tokens = doc.user_data.get(TOKENS_KEY)
    if tokens is None:
        from spacy.attrs import IDX, LENGTH

        article = doc._.article if Doc.has_extension("article") else None
        text = article.text if article is not None else doc.text
        bounds = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
        tokens = ([text[i:i + n] for i, n in bounds], [i for i, _ in bounds])
    return tokens


class Tokenizer:
    """spaCy tokenizer (``nlp.tokenizer``) over :func:`kg.nlp.dictionary.cut`."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        starts: list[int] = []
        words, spaces = words_and_spaces(text, cut(text), starts)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TOKENS_KEY] = (words, starts)   # kg.nlp.words reads them without the Doc's arrays
        return doc
