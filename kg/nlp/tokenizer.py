"""The pipeline's tokenizer: the words of :func:`kg.nlp.dictionary.cut` (jieba's segmentation
with the project's words) as a spaCy Doc.

It gives the Doc spaCy's own Chinese tokenizer (``segmenter = "jieba"``) gives for the same words
- whitespace between words is a token of its own, except one space after a word, which is that
word's trailing whitespace - but places the words by their offsets instead of searching the
rest of the text for each (``spacy.util.get_words_and_spaces``, quadratic in the text's length).
"""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.nlp.dictionary import cut


TOKENS_KEY = "kg.tokens"     # doc.user_data: (words, their start offsets), as the Doc's tokens


def words_and_spaces(text: str, words: list[str], starts: list[int] | None = None) -> tuple[list[str], list[bool]]:
    """spaCy's words and trailing spaces for ``words`` that tile ``text`` in order (as jieba's
    do): whitespace words dropped, a single space after a word kept as its trailing space, any
    other run of whitespace a word of its own. ``starts``, if given, receives each word's offset."""
    out: list[str] = []
    spaces: list[bool] = []
    if starts is None:
        starts = []
    pos = 0          # where the next word starts in the text
    at = 0           # how far the output covers the text
    n = len(text)
    for word in words:
        start = pos
        pos += len(word)
        if not word or word.isspace():
            continue
        if start > at:                   # whitespace before the word, not taken as a trailing space
            out.append(text[at:start])
            spaces.append(False)
            starts.append(at)
        out.append(word)
        spaces.append(False)
        starts.append(start)
        at = pos
        if at < n and text[at] == " ":
            spaces[-1] = True
            at += 1
    if at < n:
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
