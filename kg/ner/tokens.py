"""The words the NER model reads: the pipeline's own tokens, never a second segmentation.

The model's word features come from the tokens of the project's spaCy pipeline (jieba with the
project's words, configured in :func:`kg.nlp.pipeline.get_nlp`). In the pipeline the Doc's
tokens are handed to the tagger; a text tagged on its own (``kg ner``, training) is tokenized by
that same tokenizer here, so training, ``kg ner`` and ``kg build`` see one segmentation.
"""
from __future__ import annotations

from typing import Iterable

from kg.nlp.spacy_import import import_spacy

import_spacy()                     # spaCy without its command line, before any spacy import
from spacy.attrs import IDX, LENGTH  # noqa: E402

Bounds = list[tuple[int, int]]


def tokenizer():
    """The pipeline's tokenizer (jieba with the project's words; loaded once per process)."""
    from kg.nlp.pipeline import get_nlp

    return get_nlp(use_model=False, components=False).tokenizer


def configuration() -> dict:
    """What identifies the pipeline's segmentation (kg.nlp.pipeline.get_nlp sets it): a model
    records the one it was trained on (logged, and noted by benchmarks/ner_eval.py, when the
    pipeline's differs)."""
    from kg.nlp.pipeline import get_nlp

    return dict(get_nlp(use_model=False, components=False).meta["segmentation"])


def doc_bounds(doc) -> Bounds:
    """(start, end) character offsets of a Doc's tokens."""
    if not len(doc):
        return []
    return [(i, i + n) for i, n in doc.to_array([IDX, LENGTH]).tolist()]


def segment(texts: Iterable[str]) -> list[Bounds]:
    """The pipeline's tokens of each text, as (start, end) character offsets: the Doc's tokens,
    found without building a Doc (the tokenizer's jieba call, then spaCy's alignment of its words
    with the text, which makes a token of a run of spaces and folds one space into the token
    before; tests/test_ner.py checks the two agree)."""
    from kg.nlp.dictionary import cut   # configures the pipeline's dictionary on first use
    out = []
    for text in texts:
        bounds: Bounds = []
        pos, n = 0, len(text)
        for word in cut(text):
            if not word or word.isspace():
                continue
            start = text.index(word, pos)
            if start > pos:
                bounds.append((pos, start))
            pos = start + len(word)
            bounds.append((start, pos))
            if pos < n and text[pos] == " ":
                pos += 1
        if pos < n:
            bounds.append((pos, n))
        out.append(bounds)
    return out
