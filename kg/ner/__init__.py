"""Statistical Chinese NER: a spaCy model trained by the project (``kg train-ner``) and shipped
in kg/ner/model/.

``get_tagger()`` loads it once per process; ``NerTagger.tag(texts)`` returns, for each text,
its entities as character spans ``(start, end, type)`` (end exclusive) with the project's NER
types: PER (people), ORG (organisations, including government bodies), LOC (places: countries,
provinces, cities, districts, addresses, sites) and, when the model was trained with it, TITLE
(positions). The tagger tokenizes by itself (one token per character), so callers never depend
on its tokenization.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Iterable, Sequence

MODEL_DIR = Path(__file__).resolve().parent / "model"
PD_TYPES = ("PER", "ORG", "LOC")        # the People's Daily 1998 scheme
Span = tuple[int, int, str]

log = logging.getLogger(__name__)


class NerTagger:
    """A loaded NER pipeline. Thread-safe for reading; cheap to call on batches."""

    def __init__(self, path: Path | str = MODEL_DIR):
        import spacy

        import kg.ner.tokenizer  # noqa: F401  (registers the model's tokenizer)

        self.path = Path(path)
        self.nlp = spacy.load(self.path)
        self.labels: tuple[str, ...] = tuple(self.nlp.get_pipe("ner").labels)

    def tag(self, texts: Sequence[str], batch_size: int = 64) -> list[list[Span]]:
        """Entities of each text as ``(start, end, type)`` character spans, in text order."""
        from kg.ner.text import normalize

        results: list[list[Span]] = []
        normalized = (normalize(t) if t else "" for t in texts)
        for doc in self.nlp.pipe(normalized, batch_size=batch_size):
            results.append([(e.start_char, e.end_char, e.label_) for e in doc.ents])
        return results

    def tag_one(self, text: str) -> list[Span]:
        return self.tag([text])[0]


_lock = threading.Lock()
_tagger: NerTagger | None = None
_loaded = False


def model_available(path: Path = MODEL_DIR) -> bool:
    return (path / "config.cfg").is_file() and (path / "ner").is_dir()


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
