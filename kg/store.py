"""The persistent graph store: an Oxigraph (RocksDB) directory holding the graph of docs/MODEL.md:
the entities and the facts between them once in the default graph, one named graph per article.

Why Oxigraph: it loads and queries millions of triples far faster than rdflib's in-memory graph
and survives restarts (see benchmarks/store_bench.py). rdflib stays the API at the edges: the
pipeline hands us rdflib graphs and we convert them here.

Atomicity. ``replace_article`` sends ONE SPARQL update request::

    DELETE the default-graph triples only this article supported ;   (RETIRE, below)
    DROP SILENT GRAPH <article> ;
    INSERT DATA { ...its default-graph triples... GRAPH <article> { ...its triples... } }

Oxigraph runs a whole update request in a single RocksDB transaction (write-ahead logged), so a
process killed at any moment (even ``kill -9``) leaves the article either as it was before or
fully replaced, never half-written; rebuilding an article drops its old graph first, so
re-running a build is idempotent and a changed article updates cleanly.

Bulk loading. ``bulk_load_files`` and ``BulkWriter`` hand N-Quads to the engine's bulk loader
(after removing the articles of the batch already in the store): several times faster than a
transaction per article and as compact as a fresh bulk load, for a new store or a large batch, but
not atomic per article. Per-article transactions make a store about twice the size of a bulk load
of the same quads (the engine's compaction does not shrink it; benchmarks/store_bench.py); a
store rebuilt by the bulk path is compact again.

Set semantics. No triple is in two graphs (kg.model), so queries over the union of all graphs
(the default here) count each triple once, although the pinned pyoxigraph counts a triple of the
union once per graph holding it (oxigraph issue #1919). A query with ``FROM``/``FROM NAMED`` runs
on exactly the graphs it names (the union is then off).

``open_source`` gives the same query surface over a graph *file* (TriG, N-Quads, Turtle, ...),
loaded into an in-memory Oxigraph store, so every command accepts a store or a file.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef

from kg.formats import by_extension, extension_of, known_extensions
from kg.model import ENTITY_DESCRIPTION, SKOS_ALT_LABEL
from kg.rdfterms import to_ox
from kg.sparqltext import has_dataset_clause
from kg.vocab import PREFIXES

# The default-graph triples an article was the last to support go with it (kg.model): a fact or a
# merged name while another article's statement (Evidence, Merge) names it; an entity's own
# description while another article names it or a place within it. Standard SPARQL 1.1 Update.
RETIRE = """
DELETE {{ ?s ?p ?o }} WHERE {{
  GRAPH {g} {{ ?st <{rdf}subject> ?s ; <{rdf}predicate> ?p ; <{rdf}object> ?o }}
  ?s ?p ?o .
  FILTER NOT EXISTS {{ GRAPH ?other {{ ?st2 <{rdf}subject> ?s ; <{rdf}predicate> ?p ; <{rdf}object> ?o }}
                      FILTER(?other != {g}) }}
}} ;
DELETE {{ ?e ?p ?o }} WHERE {{
  GRAPH {g} {{ ?m <{kg}mentionedIn> {g} }}
  ?m <{kg}within>* ?e .
  FILTER NOT EXISTS {{ ?d <{kg}within>* ?e . GRAPH ?other {{ ?d <{kg}mentionedIn> ?other }} FILTER(?other != {g}) }}
  ?e ?p ?o .
}}"""

# kg.formats name -> pyoxigraph format
OX_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "n3": ox.RdfFormat.N3,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}

PREFIX_MAP = {k: str(v) for k, v in PREFIXES.items()}
FILE_PREFIXES = {k: v for k, v in PREFIX_MAP.items() if k != "id"}  # id:person\/... reads worse than the IRI
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_TYPE, _RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = (ox.NamedNode(_RDF + n) for n in ("type", "subject", "predicate", "object"))
_MENTIONED_IN, _WITHIN = ox.NamedNode(PREFIX_MAP["kg"] + "mentionedIn"), ox.NamedNode(PREFIX_MAP["kg"] + "within")
_DESCRIPTION = frozenset(to_ox(p) for p in (*ENTITY_DESCRIPTION, SKOS_ALT_LABEL))


class StoreError(Exception):
    """A store or graph file that cannot be opened or read (one clear line for the CLI)."""


def is_store_dir(path: str | os.PathLike) -> bool:
    """True when ``path`` is a directory holding an Oxigraph (RocksDB) store."""
    p = Path(path)
    return p.is_dir() and (p / "CURRENT").is_file()


def rdf_format_of(path: str | os.PathLike) -> ox.RdfFormat:
    """pyoxigraph's format for reading ``path`` (uncompressed), from its extension."""
    fmt = by_extension(path, through_gz=False)
    if fmt is None:
        ext = extension_of(path, through_gz=False)
        raise StoreError(f"{path}: unknown graph file extension {ext or '(none)'!r} (known: {known_extensions()})")
    return OX_FORMATS[fmt.name]


def sparql_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """A pyoxigraph term written in N-Triples syntax, which is valid SPARQL and fully escaped."""
    return str(term)


class Store:
    """An Oxigraph store, on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not is_store_dir(path):
                    raise StoreError(f"{path}: not a graph store (no Oxigraph/RocksDB files there)")
                self._store = ox.Store.read_only(str(path))
            else:
                p = Path(path)
                if p.exists() and not p.is_dir():
                    raise StoreError(f"{path}: is a file, a store is a directory")
                if p.is_dir() and any(p.iterdir()) and not is_store_dir(p):
                    raise StoreError(f"{path}: directory is not empty and holds no graph store")
                self._store = ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"{path}: cannot open store ({_first_line(e)})") from None

    # -- writing ---------------------------------------------------------------------------
    def replace_article(self, graph_iri: str, triples: Iterable, shared: Iterable = ()) -> int:
        """Replace the article ``graph_iri`` atomically: its named graph by ``triples``, its part of
        the default graph by ``shared`` (rdflib or pyoxigraph terms). Returns the number of
        triples of its named graph."""
        g = sparql_term(ox.NamedNode(str(graph_iri)))
        lines = {_line(t) for t in triples}
        shared_lines = {_line(t) for t in shared}
        update = retire_update(str(graph_iri)) + f" ;\nDROP SILENT GRAPH {g}"
        if lines or shared_lines:
            update += (" ;\nINSERT DATA {\n" + "\n".join(sorted(shared_lines))
                       + (f"\nGRAPH {g} {{\n" + "\n".join(sorted(lines)) + "\n}" if lines else "") + "\n}")
        self._store.update(update)
        return len(lines)

    def remove_article(self, graph_iri: str) -> None:
        """Remove an article: its named graph and the default-graph triples no other article supports."""
        g = sparql_term(ox.NamedNode(str(graph_iri)))
        self._store.update(retire_update(str(graph_iri)) + f" ;\nDROP SILENT GRAPH {g}")

    def bulk_load_files(self, paths: Iterable[str | os.PathLike]) -> int:
        """Load graph files (N-Quads, TriG, ...; .gz read through) with the engine's bulk loader:
        the path for a new store or a large batch. The files' articles already in the store are
        removed first (their graphs and what only they supported, as replace_article does), so a
        reloaded article is replaced, not added to. Not one transaction: a load stopped midway
        leaves part of the files in; running it again completes it. Returns the files' articles
        that replaced ones already in the store."""
        replaced = 0
        for path in paths:
            fmt = rdf_format_of(_plain(path))
            if not fmt.supports_datasets:
                raise StoreError(f"{path}: the bulk path reads N-Quads or TriG (one graph per article); "
                                 f"load a {fmt.name} file without --bulk")
            if len(self._store):
                for graph in _graphs_in(path, fmt):
                    if self._store.contains_named_graph(ox.NamedNode(graph)):
                        self.remove_article(graph)
                        replaced += 1
            try:
                with _open_maybe_gz(path) as f:
                    self._store.bulk_load(f, format=fmt)
            except (SyntaxError, ValueError) as e:
                raise StoreError(f"{path}: not valid {fmt.name}: {_first_line(e)}") from None
            except OSError as e:
                raise StoreError(f"{path}: cannot read ({_first_line(e)})") from None
        return replaced

    def add_default(self, triples: Iterable) -> None:
        """Add triples to the default graph (facts that belong to no article, e.g. the gazetteer's
        ``kg:within`` hierarchy). Adding twice is harmless: a graph is a set."""
        self._store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in triples)

    def load_file(self, path: str | os.PathLike) -> None:
        """Load a graph file as it is (named graphs stay named) in one transaction."""
        fmt = rdf_format_of(path)
        try:
            self._store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"{path}: not valid {fmt.name}: {_first_line(e)}") from None
        except OSError as e:
            raise StoreError(f"{path}: cannot read ({_first_line(e)})") from None

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    # -- reading ---------------------------------------------------------------------------
    def query(self, sparql: str, *, union: bool = True):
        """Run a SPARQL query. With ``union`` (the default) the default graph is the union of the
        default graph and every article graph, so queries need no GRAPH clause; GRAPH ?g still
        names the article. A query with FROM or FROM NAMED runs on the graphs it names."""
        union = union and not has_dataset_clause(sparql)
        return self._store.query(sparql, use_default_graph_as_union=union, prefixes=PREFIX_MAP)

    def count(self) -> int:
        """Number of quads in the store."""
        return len(self._store)

    def graphs(self) -> list[str]:
        """IRIs of the named graphs (one per article), sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_size(self, graph_iri: str) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri))))

    def dump(self, fmt: ox.RdfFormat, output=None, *, graph: str | None = None):
        """Serialize the store (``graph``: only that named graph) with the project's prefixes, as
        the engine streams it (its index order: the same store gives the same text). A triple
        format flattens the graphs; no triple is in two graphs, so none repeats."""
        kw = {"prefixes": FILE_PREFIXES} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
        if fmt.supports_datasets:
            return self._store.dump(output, format=fmt, **kw)
        if graph is not None:
            return self._store.dump(output, format=fmt, from_graph=ox.NamedNode(graph), **kw)
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in self._store)
        return ox.serialize(triples, output, format=fmt, **kw)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need its full API."""
        return self._store


def write_sorted(quads: Iterable[ox.Quad], fmt: ox.RdfFormat, output=None):
    """Quads as TriG (the default graph first, then each named graph) or Turtle (graphs flattened),
    sorted, with the project's prefixes: the same quads always give the same bytes."""
    def key(q):
        return ("" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name),
                str(q.subject), str(q.predicate), str(q.object))

    if fmt == ox.RdfFormat.TRIG:
        ordered = sorted(set(quads), key=key)
    else:
        ordered = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads},
                         key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(ordered, output, format=fmt, prefixes=FILE_PREFIXES)


def _plain(path) -> str:
    """The name of a file without its .gz."""
    name = str(path)
    return name[:-3] if name.endswith(".gz") else name


def _open_maybe_gz(path):
    import gzip

    return gzip.open(path, "rb") if str(path).endswith(".gz") else open(path, "rb")


def _graphs_in(path, fmt: ox.RdfFormat) -> set[str]:
    """The named graphs (articles) of a graph file."""
    if fmt == ox.RdfFormat.N_QUADS:  # a line's last term: cheap, no parse
        from kg.rdfio import graph_of_line

        with _open_maybe_gz(path) as f:
            return {g[1:-1] for line in f if line.strip() and (g := graph_of_line(line.decode("utf-8")))}
    with _open_maybe_gz(path) as f:
        return {q.graph_name.value for q in ox.parse(f, format=fmt) if isinstance(q.graph_name, ox.NamedNode)}


def _line(triple) -> str:
    s, p, o = triple
    return f"{sparql_term(to_ox(s))} {sparql_term(to_ox(p))} {sparql_term(to_ox(o))} ."


def retire_update(graph_iri: str) -> str:
    """The SPARQL update that deletes the default-graph triples only this article supports."""
    return RETIRE.format(g=sparql_term(ox.NamedNode(graph_iri)), rdf=_RDF, kg=PREFIX_MAP["kg"]).strip()


def open_source(path: str | os.PathLike) -> Store:
    """A store directory, opened read-only (queries never write), or a graph file loaded into an
    in-memory store. Raises StoreError with one readable line."""
    p = Path(path)
    if not p.exists():
        raise StoreError(f"{path}: no such store or graph file")
    if p.is_dir():
        return Store(p, read_only=True)
    store = Store(None)
    store.load_file(p)
    return store


class BulkWriter:
    """Articles into a store by the engine's bulk loader, in batches: for a new store or a large
    batch (``kg build --store DIR --bulk``). An article already in the store is removed first (as
    ``replace_article`` does), then its batch is bulk loaded. Faster than a transaction per article
    and the store stays compact, but a batch is not atomic: a build stopped midway leaves part of
    its last batch in, and running it again completes it."""

    def __init__(self, store: Store, batch_quads: int = 500_000):
        self.store = store
        self.batch_quads = batch_quads
        self._blocks: list[str] = []
        self._iris: list[str] = []
        self._lines = 0

    def replace_article(self, graph_iri, triples, shared=()) -> None:
        """An article, as Store.replace_article takes it (here: into the next batch)."""
        from kg.rdfio import nquads_block

        self.add_block(str(graph_iri), nquads_block(URIRef(str(graph_iri)), triples, shared))

    def add_block(self, iri: str, block: str) -> None:
        """An article as the N-Quads block kg.rdfio.nquads_block writes (a worker's result)."""
        self._blocks.append(block)
        self._iris.append(iri)
        self._lines += block.count("\n")
        if self._lines >= self.batch_quads:
            self.flush()

    def flush(self) -> None:
        """Load the batch so far, and flush the store."""
        if not self._blocks:
            self.store.flush()
            return
        ox_store = self.store.oxigraph
        if len(ox_store):
            for iri in self._iris:
                if ox_store.contains_named_graph(ox.NamedNode(iri)):
                    self.store.remove_article(iri)
        ox_store.bulk_load("".join(self._blocks).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        self._blocks, self._iris, self._lines = [], [], 0
        self.store.flush()


def write_articles(store_dir: str | os.PathLike, articles: Iterable[tuple]) -> int:
    """Write ``(article_iri, graph, shared)`` triples of an article (kg.pipeline.iter_article_graphs)
    into the store at ``store_dir`` (created when missing), each replacing that article in one
    transaction. Returns the number of articles written. This is what ``kg build --store DIR`` does."""
    store = Store(store_dir)
    n = 0
    for article_iri, graph, *shared in articles:
        store.replace_article(str(article_iri), graph, shared[0] if shared else ())
        n += 1
    store.flush()
    return n


def store_from_dataset(ds, store: Store | None = None) -> Store:
    """An rdflib Dataset (kg.pipeline.build_dataset) in a store (a new in-memory one by default)."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    store = store if store is not None else Store(None)
    quads = []
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = ox.DefaultGraph() if name is None or name == DATASET_DEFAULT_GRAPH_ID else to_ox(name)
        quads.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph))
    store.oxigraph.extend(quads)
    return store


def iter_file_articles(path: str | os.PathLike) -> Iterator[tuple[str | None, list, list]]:
    """Read a graph file into ``(graph_iri, triples, shared)`` groups, one per named graph, in file
    order: the article's triples and the default-graph triples it supports (kg.model: the statements
    its Evidence and Merge nodes name, the descriptions of the entities it names and of the places
    they lie within). Default-graph triples no article supports come last as ``(None, triples, [])``.
    A triple format (Turtle, N-Triples) is one group, named by its single kg:Article if it has
    exactly one, else by the file's own URI. Triples are pyoxigraph terms."""
    fmt = rdf_format_of(path)
    groups: dict[str | None, list] = {}
    article_type = (_RDF_TYPE, ox.NamedNode(PREFIX_MAP["kg"] + "Article"))
    articles = []
    try:
        for q in ox.parse(path=str(path), format=fmt):
            g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
            groups.setdefault(g, []).append((q.subject, q.predicate, q.object))
            if (q.predicate, q.object) == article_type:
                articles.append(q.subject.value)
    except (SyntaxError, ValueError) as e:
        raise StoreError(f"{path}: not valid {fmt.name}: {_first_line(e)}") from None
    except OSError as e:
        raise StoreError(f"{path}: cannot read ({_first_line(e)})") from None
    if not fmt.supports_datasets and None in groups:
        name = articles[0] if len(set(articles)) == 1 else Path(path).resolve().as_uri()
        yield name, groups.pop(None), []
        return
    default = groups.pop(None, [])
    by_subject: dict = {}
    for t in default:
        by_subject.setdefault(t[0], []).append(t)
    used: set = set()
    for name, triples in groups.items():
        shared = supported_triples(triples, by_subject)
        used.update(shared)
        yield name, triples, shared
    rest = [t for t in default if t not in used]
    if rest:
        yield None, rest, []


def supported_triples(article: list, default_by_subject: dict) -> list:
    """The default-graph triples (indexed by subject) an article's triples support (see RETIRE)."""
    statements: dict = {}
    entities = set()
    for s, p, o in article:
        if p in (_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT):
            statements.setdefault(s, {})[p] = o
        elif p == _MENTIONED_IN:
            entities.add(s)
    out = set()
    for st in statements.values():
        if len(st) == 3:
            t = (st[_RDF_SUBJECT], st[_RDF_PREDICATE], st[_RDF_OBJECT])
            if t in default_by_subject.get(t[0], ()):
                out.add(t)
    todo, seen = list(entities), set(entities)
    while todo:  # entities named, and the places they lie within
        e = todo.pop()
        for t in default_by_subject.get(e, ()):
            if t[1] in _DESCRIPTION:
                out.add(t)
            if t[1] == _WITHIN and t[2] not in seen:
                seen.add(t[2])
                todo.append(t[2])
    return sorted(out, key=str)


def _first_line(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]
