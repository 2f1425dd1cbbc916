"""The pipeline: assembles the stages, knows no CLI.

    source files / JSONL lines
      -> kg.ingest.stream           Document (decoded text, encoding, metadata)
      -> kg.segment.split_articles  Article (layout repaired by kg.layout, page split, offsets kept)
      -> kg.nlp.pipeline.analyze    spaCy Doc (sentences, tokens, mentions)
      -> kg.extract.extract         Facts (Relation, Event, Figure) with Evidence
      -> kg.graph.article_graph     the article's named graph, and what it adds to the default graph
      -> kg.rdfio.nquads_block      ArticleResult: both as the article's N-Quads block

:func:`build` is the one build engine: an executor (kg.executors: ``local``, ``processes``,
``dask``) runs :func:`build_documents` on the Documents and yields the results in input order;
this module counts them (:class:`BuildStats`, here only, whichever executor ran) and hands each
ArticleResult to the sinks (kg.sinks: a graph file, the store, parts, an in-memory Dataset). The
CLI, the notebooks and the benchmarks all call it; :func:`iter_results` gives the results
themselves and :func:`build_dataset` an rdflib Dataset: the entities and the facts between them
in the default graph, one named graph per article for the rest (docs/MODEL.md).
"""
from __future__ import annotations

import pickle
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Dataset, URIRef

from kg.model import ENTITY_CLASSES as _ENTITY_CLASSES
from kg.rdfio import EntityRow, Triples, entity_rows, graphs_from_block, nquads_block
from kg.types import Article, Document, Fact, InputError, InputWarning, Mention
from kg.vocab import bind_prefixes

ENTITY_CLASSES = frozenset(_ENTITY_CLASSES.values())


@dataclass
class ArticleResult:
    """One article built: what every executor yields, in input order, and every sink takes.
    ``nquads`` is the article as the N-Quads block a streamed .nq file holds (kg.rdfio.nquads_block:
    its named graph's lines, then its default-graph lines), so a result crosses processes as text;
    ``graph`` (its named graph) and ``shared`` (its triples of the default graph: entities and the
    facts between them) give its triples (kg.rdfio.Triples): those it was made from when it was
    built in this process, else the block's."""

    article: Article
    mentions: list[Mention]
    facts: list[Fact]
    iri: URIRef
    nquads: str
    entities: tuple[EntityRow, ...] = ()
    _graphs: tuple[Triples, Triples] | None = field(default=None, repr=False, compare=False)

    @property
    def graph(self) -> Triples:
        if self._graphs is None:
            self._graphs = graphs_from_block(self.nquads)
        return self._graphs[0]

    @property
    def shared(self) -> Triples:
        self.graph
        return self._graphs[1]

    @property
    def family_counts(self) -> Counter:
        """How many facts of each family (kg.types: a Relation's family, Visit, Meeting, figure)."""
        counts = self.__dict__.get("_families")
        return Counter(counts) if counts is not None else Counter(fact.family for fact in self.facts)

    # Crossing processes (the process pool, Dask): the triples stay behind (the block says it all),
    # and the mentions and facts travel as one pickled blob, unpickled only when read: the process
    # that writes the sinks needs the block, the entity rows and the count of facts by family, and
    # unpickling the mentions and facts (dozens of objects an article) was half its per-article cost.
    def __getstate__(self) -> dict:
        state = {**self.__dict__, "_graphs": None}
        if "_packed" not in state:
            state["_packed"] = pickle.dumps((state.pop("mentions"), state.pop("facts")), pickle.HIGHEST_PROTOCOL)
            state["_families"] = dict(self.family_counts)
        return state

    def __getattr__(self, name: str):
        """``mentions`` and ``facts`` of a result that crossed processes, unpickled on first use."""
        packed = self.__dict__.get("_packed") if name in ("mentions", "facts") else None
        if packed is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self.mentions, self.facts = pickle.loads(packed)
        del self.__dict__["_packed"], self.__dict__["_families"]
        return self.__dict__[name]


@dataclass
class DocumentOutcome:
    """One Document after the build: its articles' results, an article that failed as an
    InputError in its place (:func:`build_document`)."""

    document: Document
    results: list[ArticleResult | InputError]


@dataclass
class BuildStats:
    """What a build did: counts for the summary line, taken by the build engine alone."""

    documents: int = 0
    articles: int = 0
    characters: int = 0
    entities: set[str] = field(default_factory=set)
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
        """Count one article: its characters, facts by family and entity IRIs."""
        self.articles += 1
        self.characters += len(result.article.text)
        self.facts.update(result.family_counts)
        self.entities.update(row.iri for row in result.entities)


def process_article(article: Article, extractors=None, use_model: bool = True) -> ArticleResult:
    from kg.extract import extract
    from kg.graph import article_graph
    from kg.nlp.pipeline import analyze

    doc = analyze(article, use_model=use_model)
    facts = list(extract(doc, extractors))
    ag = article_graph(article, doc._.mentions, facts)
    return ArticleResult(article, doc._.mentions, facts, ag.iri, nquads_block(ag.iri, ag.graph, ag.shared),
                         entity_rows(ag.shared, ENTITY_CLASSES), (ag.graph, ag.shared))


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


@dataclass(frozen=True)
class Job:
    """The settings of a build, the same for every document: what an executor ships to the
    processes that build (kg.executors)."""

    published: date | None = None
    families: tuple[str, ...] | None = None
    use_model: bool = True
    limits: Limits = DEFAULT_LIMITS
    strict: bool = False
    storage_options: dict | None = field(default=None, hash=False)   # fsspec's, for URL inputs


_EXTRACTORS: dict = {}


def prepare(job: Job) -> list:
    """Load what building takes (the spaCy pipeline, the extractors), once per process and
    selection of families; returns the extractors."""
    if job.families not in _EXTRACTORS:
        from kg.loading import loading

        with loading():   # long-lived tables: the collector need not walk them while they are made
            from kg.extract import get_extractors
            from kg.nlp.pipeline import get_nlp   # imports spaCy

            get_nlp(job.use_model)
            _EXTRACTORS[job.families] = get_extractors(list(job.families) if job.families else None)
    return _EXTRACTORS[job.families]


def build_documents(documents: Iterable[Document], job: Job) -> Iterator[DocumentOutcome]:
    """Build each Document (:func:`build_document`) with the job's settings: what every executor
    runs, wherever it runs."""
    extractors = prepare(job)
    for document in documents:
        yield DocumentOutcome(document, list(build_document(document, extractors, job.use_model, job.limits)))


# -- the build engine ------------------------------------------------------------------------------
def _report(error: InputError, errors: list[InputError] | None) -> None:
    if errors is not None:
        errors.append(error)
    elif not isinstance(error, InputWarning):  # a repaired input is used: nobody to warn
        raise error


def _built(inputs: Iterable[str | Path], executor, job: Job, errors: list[InputError] | None,
           stats: BuildStats, options: dict) -> Iterator[tuple[Document, list[ArticleResult]]]:
    """(Document, its ArticleResults) in input order from the executor; errors reported, counts
    taken, here only."""
    from kg.executors import get_executor

    run = get_executor(executor) if isinstance(executor, str) else executor
    stream = run([str(i) if isinstance(i, Path) else i for i in inputs], job, **options)
    try:
        for item in stream:
            if isinstance(item, InputError):
                _report(item, errors)
                continue
            stats.documents += 1
            results = []
            for result in item.results:
                if isinstance(result, InputError):
                    _report(result, errors)
                else:
                    stats.add(result)
                    results.append(result)
            yield item.document, results
    finally:
        stream.close()  # an executor stops its workers when it is left early (Ctrl-C, an error)


def _job(published, families, use_model, limits, strict, storage_options) -> Job:
    return Job(published, tuple(families) if families else None, use_model, limits or DEFAULT_LIMITS, strict,
               storage_options)


def iter_results(paths: Iterable[str | Path], published: date | None = None, families: list[str] | None = None,
                 errors: list[InputError] | None = None, stats: BuildStats | None = None,
                 use_model: bool = True, limits: Limits = DEFAULT_LIMITS, strict: bool = False, *,
                 executor: str | Callable = "local", storage_options: dict | None = None,
                 **executor_options) -> Iterator[ArticleResult]:
    """One ArticleResult per article of the inputs, in input order, built by ``executor``.
    Unreadable inputs and articles that fail are appended to ``errors`` (raised when it is None)
    and the rest is still built."""
    job = _job(published, families, use_model, limits, strict, storage_options)
    for _, results in _built(paths, executor, job, errors, stats if stats is not None else BuildStats(),
                             executor_options):
        yield from results


def build(inputs: Iterable[str | Path], executor: str | Callable = "local", sinks: Iterable = (), *,
          published: date | None = None, families: list[str] | None = None, use_model: bool = True,
          limits: Limits = DEFAULT_LIMITS, strict: bool = False, storage_options: dict | None = None,
          stats: BuildStats | None = None,
          progress: Callable[[Document, list[ArticleResult], BuildStats], None] | None = None,
          **executor_options) -> BuildStats:
    """Build the inputs (paths, folders, JSON Lines files, fsspec URLs) into ``sinks``
    (kg.sinks: ``GraphFileSink``, ``StoreSink``, ``PartsSink``, ``DatasetSink``), with
    ``executor``: ``"local"`` (this process), ``"processes"`` (``workers=N``) or ``"dask"``
    (``scheduler="tcp://host:port"``, else a LocalCluster of ``workers``), or an executor
    function (kg.executors). Every executor gives the same results in the same order, so the
    sinks write the same bytes.

    Errors and repairs go to ``stats.errors`` (one per bad input or article; the rest is built).
    ``progress(document, results, stats)`` is called after each document. The sinks are closed
    at the end: committed when the build ran to its end and built something (or had no failure),
    else abandoned (a graph file then keeps its previous content). Returns the statistics."""
    stats = stats if stats is not None else BuildStats()
    sinks = list(sinks)
    job = _job(published, families, use_model, limits, strict, storage_options)
    finished = False
    try:
        for document, results in _built(inputs, executor, job, stats.errors, stats, executor_options):
            for result in results:
                for sink in sinks:
                    sink.add(result)
            if progress is not None:
                progress(document, results, stats)
        finished = True
    finally:
        commit = finished and (stats.articles > 0 or not stats.failed)
        failure = None
        for sink in sinks:
            try:
                sink.close(commit=commit)
            except Exception as exc:  # the other sinks are still closed
                failure = failure or exc
        if failure is not None and finished:
            raise failure
    return stats


def iter_article_graphs(paths: Iterable[str | Path], published: date | None = None,
                        **kw) -> Iterator[tuple[URIRef, Triples, Triples]]:
    """(article IRI, its named graph, its shared triples) of every article."""
    for result in iter_results(paths, published, **kw):
        yield result.iri, result.graph, result.shared


def new_dataset() -> Dataset:
    return bind_prefixes(Dataset())


def add_to_dataset(ds: Dataset, iri: URIRef, graph: Iterable, shared: Iterable = ()) -> None:
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
