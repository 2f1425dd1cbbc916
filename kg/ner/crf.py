"""The NER model: a linear-chain CRF (CRFsuite) over per-character features, as a spaCy component.

The component is registered as the spaCy factory ``kg_crf_ner``, so the shipped model is an
ordinary spaCy pipeline folder (``config.cfg``, ``meta.json``, ``ner/``) that ``spacy.load``
reads once :mod:`kg.ner.crf` is imported; in a pipeline it sets ``doc.ents``. Callers that only
need spans use :meth:`CrfNer.predict`, which skips building a Doc.

Why a CRF and not spaCy's own CNN + transition-based NER: trained on the same data, with the
same lexicon features, it scored higher on the People's Daily held-out block and tags about
three times as many characters per second (README, "Statistical NER", has both measurements).

The folder ``ner/`` holds ``model.crfsuite`` (CRFsuite's binary model) and ``features.json``
(the :class:`~kg.ner.features.FeatureConfig` it was trained with).
"""
from __future__ import annotations

import json
from bisect import bisect_right
from pathlib import Path
from typing import Iterable, Sequence

import numpy

from kg.nlp.spacy_import import import_spacy

import_spacy()                     # spaCy without its command line, before any spacy import
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc
from spacy.util import filter_spans

from kg.ner.compiled import CompiledCrf
from kg.ner.features import Bounds, FeatureConfig, Featurizer, Span
from kg.ner.tagging import TextTagger
from kg.ner.tokens import segment

MODEL_FILE = "model.crfsuite"
FEATURES_FILE = "features.json"


class CrfNer:
    """Tags characters with BIO labels; thread-safe (the compiled model is read-only)."""

    def __init__(self, nlp: Language | None = None, name: str = "ner"):
        self.name = name
        self.model_path: Path | None = None
        self.featurizer: Featurizer | None = None
        self.compiled: CompiledCrf | None = None
        self._text_tagger: TextTagger | None = None

    # --- loading ----------------------------------------------------------------------------
    def load(self, model_path: Path, config: FeatureConfig) -> "CrfNer":
        self.model_path = Path(model_path)
        self.featurizer = Featurizer(config)
        self.compiled = CompiledCrf(self.model_path, self.featurizer.dense)
        self._text_tagger = None
        return self

    @property
    def labels(self) -> tuple[str, ...]:
        if self.compiled is None:
            return ()
        return tuple(sorted({t[2:] for t in self.compiled.labels if t != "O"}))

    # --- tagging ----------------------------------------------------------------------------
    def predict(self, texts: Iterable[str], tokens: Sequence[Bounds] | None = None) -> list[list[Span]]:
        """Entities of each text as ``(start, end, type)`` character spans, in text order.

        ``tokens`` are each text's tokens as ``(start, end)`` offsets, as the pipeline's tokenizer
        made them (a Doc's tokens); without them the texts are tokenized by that same tokenizer."""
        texts = list(texts)
        if tokens is not None and len(tokens) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(tokens)} token lists")
        # the texts side by side, one "sentence" each, tagged in one pass
        starts = numpy.cumsum([0, *map(len, texts)]).tolist()
        joined = None if tokens is None else [(s + a, s + b) for s, text, bounds in zip(starts, texts, tokens)
                                              for a, b in bounds if 0 <= a and b <= len(text)]
        out: list[list[Span]] = [[] for _ in texts]
        for s, e, label in self.tag_sentences("".join(texts), list(zip(starts, starts[1:])), joined):
            k = bisect_right(starts, s) - 1
            out[k].append((s - starts[k], e - starts[k], label))
        return out

    def tag_sentences(self, text: str, sentences: Sequence[tuple[int, int]],
                      tokens: Bounds | None = None) -> list[Span]:
        """Entities of ``text`` as ``(start, end, type)`` offsets into it, each of its
        ``sentences`` (``(start, end)``, in order) tagged on its own; ``tokens``: the pipeline's
        tokens of the whole text (a Doc's), else the sentences are tokenized here."""
        tagger = self._tagger()
        if tokens is None and self.featurizer.config.words:
            tokens = [(a + s, b + s) for (s, e), bounds in zip(sentences, segment([text[s:e] for s, e in sentences]))
                      for a, b in bounds]
        return tagger.tag(text, sentences, tokens)

    def _tagger(self) -> TextTagger:
        if self.compiled is None:
            raise RuntimeError("the NER component has no model: load one from disk or train it")
        if self._text_tagger is None:
            self._text_tagger = TextTagger(self.featurizer, self.compiled)
        return self._text_tagger

    def __call__(self, doc: Doc) -> Doc:
        # the model folder's own tokenizer gives one token per character; the words the model
        # reads come from the project's pipeline tokenizer (predict tokenizes the text)
        (spans,) = self.predict([doc.text])
        ents = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in spans]
        doc.ents = filter_spans([e for e in ents if e is not None])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    # --- serialization (spaCy calls these with the component's folder) ----------------------
    def to_disk(self, path, *, exclude: Sequence[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.model_path is None or self.featurizer is None:
            raise RuntimeError("nothing to save: the NER component has no model")
        if self.model_path.resolve() != (path / MODEL_FILE).resolve():
            (path / MODEL_FILE).write_bytes(self.model_path.read_bytes())
        (path / FEATURES_FILE).write_text(
            json.dumps(self.featurizer.config.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def from_disk(self, path, *, exclude: Sequence[str] = ()) -> "CrfNer":
        path = Path(path)
        for name in (MODEL_FILE, FEATURES_FILE):
            if not (path / name).is_file():
                raise FileNotFoundError(f"NER model folder {path} has no {name}")
        config = FeatureConfig.from_dict(json.loads((path / FEATURES_FILE).read_text(encoding="utf-8")))
        return self.load(path / MODEL_FILE, config)


@Language.factory("kg_crf_ner")
def make_crf_ner(nlp: Language, name: str) -> CrfNer:
    return CrfNer(nlp, name)
