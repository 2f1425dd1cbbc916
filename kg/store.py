"""The persistent graph store: an Oxigraph (RocksDB) directory with one named graph per article.

Why Oxigraph: it loads and queries millions of triples far faster than rdflib's in-memory graph
and survives restarts (see benchmarks/store_bench.py). rdflib stays the API at the edges: the
pipeline hands us rdflib graphs and we convert them here.

Atomicity. ``replace_article`` sends ONE SPARQL update request::

    DROP SILENT GRAPH <article> ; INSERT DATA { GRAPH <article> { ...every triple... } }

Oxigraph runs a whole update request in a single RocksDB transaction (write-ahead logged), so a
process killed at any moment (even ``kill -9``) leaves the article either as it was before or
fully replaced, never half-written; rebuilding an article drops its old graph first, so
re-running a build is idempotent and a changed article updates cleanly.

``open_source`` gives the same query surface over a graph *file* (TriG, N-Quads, Turtle, ...),
loaded into an in-memory Oxigraph store, so every command accepts a store or a file.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.formats import by_extension, extension_of, known_extensions
from kg.rdfterms import to_ox
from kg.vocab import PREFIXES

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
    def replace_article(self, graph_iri: str, triples: Iterable) -> int:
        """Replace the named graph ``graph_iri`` by ``triples`` (rdflib terms) atomically.
        Returns the number of triples written."""
        g = sparql_term(ox.NamedNode(str(graph_iri)))
        lines = []
        for s, p, o in triples:
            lines.append(f"{sparql_term(to_ox(s))} {sparql_term(to_ox(p))} {sparql_term(to_ox(o))} .")
        update = f"DROP SILENT GRAPH {g}"
        if lines:
            update += f" ;\nINSERT DATA {{ GRAPH {g} {{\n" + "\n".join(lines) + "\n} }"
        self._store.update(update)
        return len(set(lines))

    def remove_article(self, graph_iri: str) -> None:
        self._store.update(f"DROP SILENT GRAPH {sparql_term(ox.NamedNode(str(graph_iri)))}")

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
        """Run a SPARQL query. With ``union`` (the default) the default graph is the union of
        every article graph, so queries need no GRAPH clause; GRAPH ?g still names the article."""
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
        """Serialize the store (``graph``: only that named graph) with the project's prefixes."""
        kw = {"prefixes": PREFIX_MAP} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
        if fmt.supports_datasets:
            return self._store.dump(output, format=fmt, **kw)
        if graph is not None:
            return self._store.dump(output, format=fmt, from_graph=ox.NamedNode(graph), **kw)
        # a triple format over a dataset: flatten every graph (a set: duplicates across graphs go)
        triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        unique = {(t.subject, t.predicate, t.object): t for t in triples}
        return ox.serialize(unique.values(), output, format=fmt, **kw)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need its full API."""
        return self._store


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


def write_articles(store_dir: str | os.PathLike, articles: Iterable[tuple[object, object]]) -> int:
    """Write ``(article_iri, rdflib.Graph)`` pairs into the store at ``store_dir`` (created when
    missing), each replacing that article's named graph in one transaction. Returns the number of
    articles written. This is what ``kg build --store DIR`` calls."""
    store = Store(store_dir)
    n = 0
    for article_iri, graph in articles:
        store.replace_article(str(article_iri), graph)
        n += 1
    store.flush()
    return n


def iter_file_articles(path: str | os.PathLike) -> Iterator[tuple[str | None, list]]:
    """Read a graph file into ``(graph_iri, triples)`` groups, one per named graph, in file order;
    triples of the default graph come as ``(None, triples)``. For a triple format (Turtle,
    N-Triples) the file is one group, named by its single kg:Article if it has exactly one, else
    by the file's own URI. Triples are pyoxigraph terms."""
    fmt = rdf_format_of(path)
    groups: dict[str | None, list] = {}
    article_type = (ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                    ox.NamedNode(PREFIX_MAP["kg"] + "Article"))
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
        groups = {name: groups.pop(None)}
    yield from groups.items()


def _first_line(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]
