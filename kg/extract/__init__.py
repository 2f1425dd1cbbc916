"""Fact extractors: one module per fact family, registered by name.

An extractor is a callable class that takes an analysed spaCy Doc (see kg.nlp.pipeline) and yields
Facts (kg.types.Relation, Event, Figure) with Evidence. It registers itself with ``@register``:

    @register("holdsPosition")
    class PositionExtractor(Extractor):
        def __call__(self, doc): ...

Use ``doc._.article.text`` for the article's text: spaCy rebuilds ``doc.text`` from the tokens on
every access.

Every module in this package is imported on first use, so a new family is one new file (and one
test file); nothing else changes.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Callable

from kg.types import Evidence, Fact, Mention, Sentence, evidence_window

if TYPE_CHECKING:  # spaCy takes seconds to import: `kg build --families` is checked without it
    from spacy.tokens import Doc

REGISTRY: dict[str, type["Extractor"]] = {}


def register(family: str) -> Callable[[type["Extractor"]], type["Extractor"]]:
    def deco(cls: type["Extractor"]) -> type["Extractor"]:
        if family in REGISTRY and REGISTRY[family] is not cls:
            raise ValueError(f"two extractors registered for {family!r}")
        cls.family = family
        REGISTRY[family] = cls
        return cls

    return deco


class Extractor:
    """Base class: helpers to find mentions and to build Evidence."""

    family: str = ""
    version: str = "1"

    def __call__(self, doc: Doc) -> Iterable[Fact]:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def name(self) -> str:
        return f"{self.family}/{self.version}"

    # -- helpers --------------------------------------------------------------------------
    @staticmethod
    def mentions_in(doc: Doc, sent: Sentence, *types: str) -> list[Mention]:
        """The mentions (of ``types``, any by default) inside ``sent``, in order."""
        from kg.nlp.mention_index import MentionIndex   # kg.nlp loads jieba: not for `kg families`

        return MentionIndex.of(doc).within(sent.start, sent.end, *types)

    def evidence(self, doc: Doc, sent: Sentence, start: int | None = None, end: int | None = None,
                 confidence: float = 1.0) -> Evidence:
        """Evidence for a fact read in ``sent``: the span [start, end) of the article text (the whole
        sentence by default), mapped to character offsets in the input file."""
        article = doc._.article
        s = sent.start if start is None or start < 0 else start
        e = sent.end if end is None or end <= s else end
        src_start, src_end = article.body.source_span(s, e)
        text = evidence_window(sent.text, s - sent.start, e - sent.start)
        return Evidence(article.article_id, text, src_start, src_end, self.name, confidence)


def _discover() -> None:
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def available() -> list[str]:
    _discover()
    return sorted(REGISTRY)


def get_extractors(families: Iterable[str] | None = None) -> list[Extractor]:
    """Instances of the named extractors (all registered ones by default), in a stable order."""
    _discover()
    names = sorted(REGISTRY) if families is None else list(families)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise KeyError(f"unknown fact families: {', '.join(unknown)} (known: {', '.join(sorted(REGISTRY))})")
    return [REGISTRY[n]() for n in names]


def extract(doc: Doc, extractors: list[Extractor] | None = None) -> Iterator[Fact]:
    for ex in extractors if extractors is not None else get_extractors():
        yield from ex(doc)
