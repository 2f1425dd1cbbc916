"""The words the NER model reads: the pipeline's own tokens, never a second segmentation.

The model's word features come from the tokens of the project's spaCy pipeline (jieba's words
with the project's, kg/nlp/dictionary.py and kg/nlp/tokenizer.py). In the pipeline the Doc's
tokens are handed to the tagger; a text tagged on its own (``kg ner``, training) is tokenized by
that same tokenizer here, so training, ``kg ner`` and ``kg build`` see one segmentation.
"""
from __future__ import annotations

from typing import Iterable

from kg.nlp.spacy_import import import_spacy

import_spacy()                     # spaCy without its command line, before any spacy import
from spacy.attrs import IDX, LENGTH  # noqa: E402

Bounds = list[tuple[int, int]]


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
    """The pipeline's tokens of each text, as (start, end) character offsets: the Doc's tokens
    (kg.nlp.tokenizer's words and spaces: a run of spaces is a token, one space after a word is
    its trailing space), found without building a Doc (tests/test_ner.py checks the two agree)."""
    from kg.nlp.dictionary import cut   # configures the pipeline's dictionary on first use
    from kg.nlp.tokenizer import words_and_spaces

    out = []
    for text in texts:
        starts: list[int] = []
        words, _ = words_and_spaces(text, cut(text), starts)
        out.append([(s, s + len(w)) for w, s in zip(words, starts)])
    return out
