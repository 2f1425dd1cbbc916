"""Statistical Chinese NER: a CRF model trained by the project (``kg train-ner``) and shipped
in kg/ner/model/ as a spaCy pipeline (component ``kg_crf_ner``, kg/ner/crf.py).

``get_tagger()`` loads it once per process; ``NerTagger.tag(texts)`` returns, for each text,
its entities as character spans ``(start, end, type)`` (end exclusive) with the project's NER
types: PER (people), ORG (organisations, including government bodies) and LOC (places:
countries, provinces, cities, districts, addresses, sites), plus TITLE (positions) if a model
was trained on a corpus that marks them. The tagger labels characters; it reads the words of the
project's pipeline tokenizer as features, which a caller holding a Doc passes in (``tokens``) so
that a text is segmented once (kg/ner/tokens.py).
"""
from __future__ import annotations

import json
import logging
import threading
from functools import cached_property
from pathlib import Path
from typing import Iterable, Sequence

MODEL_DIR = Path(__file__).resolve().parent / "model"
PD_TYPES = ("PER", "ORG", "LOC")        # the People's Daily 1998 scheme
Span = tuple[int, int, str]

log = logging.getLogger(__name__)


class NerTagger:
    """A loaded NER model. Thread-safe; cheap to call on batches."""

    def __init__(self, path: Path | str = MODEL_DIR):
        from kg.ner.crf import CrfNer

        self.path = Path(path)
        # the component read from its folder, without building the spaCy pipeline around it
        # (``nlp``, loaded when asked for): that would only wrap it
        self.meta = json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
        self.component = CrfNer(name="ner").from_disk(self.path / "ner")
        self.labels: tuple[str, ...] = tuple(self.component.labels)
        trained = self.meta.get("kg_training", {}).get("segmentation")
        if trained is not None and log.isEnabledFor(logging.INFO):      # only said: not worth a check otherwise
            from kg.ner.tokens import configuration

            if trained != configuration():
                log.info("the NER model in %s was trained on another segmentation (%s; the pipeline's is %s): "
                         "retrain it with `kg train-ner`", self.path, trained, configuration())

    @cached_property
    def nlp(self):
        """The model folder as a spaCy pipeline (its ``ner`` component sets ``doc.ents``)."""
        import kg.ner.crf  # noqa: F401  (registers the kg_crf_ner factory; imports spaCy without its CLI)
        from kg.nlp.spacy_import import import_spacy

        return import_spacy().load(self.path)

    def tag(self, texts: Sequence[str], tokens: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[list[Span]]:
        """Entities of each text as ``(start, end, type)`` character spans, in text order.
        ``tokens``: each text's pipeline tokens as (start, end) offsets, if the caller has them."""
        return self.component.predict(texts, tokens)

    def tag_sentences(self, text: str, sentences: Sequence[tuple[int, int]],
                      tokens: Sequence[tuple[int, int]] | None = None) -> list[Span]:
        """Entities of ``text`` as ``(start, end, type)`` offsets into it, each of its
        ``sentences`` (``(start, end)`` in ``text``, in order) tagged on its own, all in one pass;
        ``tokens``: the pipeline's tokens of ``text`` as (start, end) offsets, if the caller has them."""
        return self.component.tag_sentences(text, sentences, tokens)

    def tag_one(self, text: str) -> list[Span]:
        return self.tag([text])[0]


_lock = threading.Lock()
_tagger: NerTagger | None = None
_loaded = False


def model_available(path: Path = MODEL_DIR) -> bool:
    path = Path(path)
    return (path / "config.cfg").is_file() and (path / "ner" / "model.crfsuite").is_file()


def get_tagger() -> NerTagger | None:
    """The process-wide tagger, loaded on first use; None (with one warning) if no model is shipped."""
    global _tagger, _loaded
    if _loaded:
        return _tagger
    with _lock:
        if not _loaded:
            if model_available():
                _tagger = NerTagger(MODEL_DIR)
            else:
                log.warning("no NER model in %s: statistical entities are off (run `kg train-ner`)", MODEL_DIR)
            _loaded = True
    return _tagger


def filter_types(spans: Iterable[Span], types: Iterable[str] | None) -> list[Span]:
    """Keep spans whose type is in ``types`` (None keeps all)."""
    if types is None:
        return list(spans)
    wanted = set(types)
    return [s for s in spans if s[2] in wanted]
