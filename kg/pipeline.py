"""The pipeline: assembles the stages, knows no CLI.

    source files / JSONL lines
      -> kg.ingest.iter_documents   Document (decoded text, encoding, metadata)
      -> kg.segment.split_articles  Article (layout repaired by kg.layout, page split, offsets kept)
      -> kg.nlp.pipeline.analyze    spaCy Doc (sentences, tokens, mentions)
      -> kg.extract.extract         Facts (Relation, Event, Figure) with Evidence
      -> kg.graph.article_graph     the article's named graph, and what it adds to the default graph

``iter_results`` streams one ArticleResult per article; ``build_dataset`` collects them into an
rdflib Dataset: the entities and the facts between them in the default graph, one named graph per
article for the rest (docs/MODEL.md).
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.model import ENTITY_CLASSES as _ENTITY_CLASSES
from kg.types import Article, Document, Fact, InputError, InputWarning, Mention
from kg.vocab import bind_prefixes

ENTITY_CLASSES = frozenset(_ENTITY_CLASSES.values())


@dataclass
class ArticleResult:
    article: Article
    mentions: list[Mention]
    facts: list[Fact]
    iri: URIRef
    graph: Graph                # the article's named graph
    shared: Graph               # its triples of the default graph: entities and the facts between them


@dataclass
class BuildStats:
    """What a build did: counts for the summary line."""

    documents: int = 0
    articles: int = 0
    characters: int = 0
    entities: set = field(default_factory=set)
    facts: Counter = field(default_factory=Counter)
    errors: list[InputError] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @property
    def failed(self) -> list[InputError]:
        """The errors that count as failures (repairs reported as warnings do not)."""
        return [e for e in self.errors if not isinstance(e, InputWarning)]

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def add(self, result: ArticleResult) -> None:
        self.record(result.article, result.facts, entity_nodes(result.shared))

    def record(self, article: Article, facts: Iterable[Fact], entities: Iterable[URIRef]) -> None:
        """Count one article: its characters, facts by family and entity IRIs."""
        self.articles += 1
        self.characters += len(article.text)
        for fact in facts:
            self.facts[fact_family(fact)] += 1
        self.entities.update(entities)


def entity_nodes(graph: Graph) -> tuple[URIRef, ...]:
    """IRIs of the entities typed in a graph (an article's shared triples), sorted."""
    return tuple(sorted({s for s, _, o in graph.triples((None, RDF.type, None)) if o in ENTITY_CLASSES}))


def fact_family(fact: Fact) -> str:
    return fact.family


def process_article(article: Article, extractors=None, use_model: bool = True) -> ArticleResult:
    from kg.extract import extract
    from kg.graph import article_graph
    from kg.nlp.pipeline import analyze

    doc = analyze(article, use_model=use_model)
    facts = list(extract(doc, extractors))
    ag = article_graph(article, doc._.mentions, facts)
    return ArticleResult(article, doc._.mentions, facts, ag.iri, ag.graph, ag.shared)


@dataclass(frozen=True)
class Limits:
    """What one input may cost. A document longer than ``max_chars`` characters is rejected with a
    message before any work (spaCy's own limit is 1,000,000); an article that runs longer than
    ``timeout`` seconds is stopped and reported (None: no limit)."""

    max_chars: int = 1_000_000
    timeout: float | None = 300.0


DEFAULT_LIMITS = Limits()


def article_where(article: Article) -> str:
    """Where an article comes from, for an error line: file (and line), and the article id."""
    return f"{article.doc.where} (article {article.article_id})"


def build_document(document: Document, extractors, use_model: bool = True,
                   limits: Limits = DEFAULT_LIMITS) -> Iterator[ArticleResult | InputError]:
    """Segment one Document and build each of its articles, each in isolation: an article that
    fails in any stage (or runs past ``limits.timeout``) comes out as an InputError naming it and
    the reason, and the document's other articles are still built. Every executor runs this."""
    from kg.guard import describe, time_limit
    from kg.segment import split_articles

    if len(document.text) > limits.max_chars:
        where = f"{document.where} (article {document.doc_id})" if document.line else document.where
        yield InputError(where, f"{len(document.text):,} characters, more than the limit of "
                                         f"{limits.max_chars:,} (--max-chars): not built")
        return
    try:
        with time_limit(limits.timeout):
            articles = split_articles(document)
    except Exception as exc:
        yield InputError(document.where, f"cannot be split into articles: {describe(exc)}")
        return
    for article in articles:
        try:
            with time_limit(limits.timeout):
                result = process_article(article, extractors, use_model)
        except Exception as exc:
            yield InputError(article_where(article), f"not built: {describe(exc)}")
        else:
            yield result


def iter_articles(paths: Iterable[str | Path], published: date | None = None,
                  errors: list[InputError] | None = None, stats: BuildStats | None = None,
                  strict: bool = False) -> Iterator[Article]:
    from kg.ingest import iter_documents
    from kg.segment import split_articles

    for document in iter_documents(paths, published=published, errors=errors, strict=strict):
        if stats is not None:
            stats.documents += 1
        yield from split_articles(document)


def iter_results(paths: Iterable[str | Path], published: date | None = None, families: list[str] | None = None,
                 errors: list[InputError] | None = None, stats: BuildStats | None = None,
                 use_model: bool = True, limits: Limits = DEFAULT_LIMITS, strict: bool = False) -> Iterator[ArticleResult]:
    """One ArticleResult per article of the inputs, in input order. Unreadable inputs and articles
    that fail are appended to ``errors`` (raised when it is None) and the rest is still built."""
    from kg.extract import get_extractors
    from kg.ingest import iter_documents

    extractors = get_extractors(families)
    for document in iter_documents(paths, published=published, errors=errors, strict=strict):
        if stats is not None:
            stats.documents += 1
        for result in build_document(document, extractors, use_model, limits):
            if isinstance(result, InputError):
                if errors is None:
                    raise result
                errors.append(result)
                continue
            if stats is not None:
                stats.add(result)
            yield result


def iter_article_graphs(paths: Iterable[str | Path], published: date | None = None,
                        **kw) -> Iterator[tuple[URIRef, Graph, Graph]]:
    """(article IRI, its named graph, its shared triples) of every article."""
    for result in iter_results(paths, published, **kw):
        yield result.iri, result.graph, result.shared


def new_dataset() -> Dataset:
    return bind_prefixes(Dataset())


def add_to_dataset(ds: Dataset, iri: URIRef, graph: Graph, shared: Iterable = ()) -> None:
    """Add an article: its triples to its named graph, its shared ones to the default graph."""
    named = ds.graph(iri)
    for triple in graph:
        named.add(triple)
    default = ds.default_graph
    for triple in shared:
        default.add(triple)


def build_dataset(paths: Iterable[str | Path], published: date | None = None, **kw) -> Dataset:
    """Build the graph of the given inputs in memory: the entities and the facts between them in
    the default graph, one named graph per article for the rest."""
    ds = new_dataset()
    for iri, graph, shared in iter_article_graphs(paths, published, **kw):
        add_to_dataset(ds, iri, graph, shared)
    return ds


def analyze_text(text: str, published: date | None = None, use_model: bool = False):
    """Analyse a text as one article: layout repair, then the spaCy pipeline (tests, notebooks)."""
    from kg.nlp.pipeline import analyze
    from kg.segment import split_articles

    articles = split_articles(document_from_text(text, published=published))
    if len(articles) != 1:
        raise ValueError(f"the text holds {len(articles)} articles; use kg.segment.split_articles")
    return analyze(articles[0], use_model=use_model)


def document_from_text(text: str, doc_id: str = "text", published: date | None = None, **meta) -> Document:
    """A Document from a string (for notebooks and tests)."""
    return Document(doc_id=doc_id, text=text, path=doc_id, published=published, **meta)
