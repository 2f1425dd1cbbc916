"""Sinks: where a build's articles go (kg.pipeline.build hands each ArticleResult to every sink,
in input order, then closes them: committed when the build ran to its end).

- :class:`GraphFileSink` one graph file, the format by extension (rdflib's serializer plugins),
  streamed where the format allows it:

  | extension | format | named graphs |
  |---|---|---|
  | .ttl | Turtle | flattened into one graph |
  | .trig | TriG | kept: the default graph (entities) first, then one graph per article |
  | .nq | N-Quads | kept; written line by line as articles arrive (constant memory) |
  | .nt | N-Triples | flattened; streamed |
  | .jsonld, .json | JSON-LD (context: schemas/context.jsonld) | kept |

  Turtle and TriG are written by pyoxigraph from the quads in sorted order, so the same graph
  gives the same bytes in every run. A streamed article is one block of lines: its named graph's
  lines, sorted, then its default-graph lines (the entities it names and the facts between them),
  sorted; those repeat from article to article, and a reader keeps each triple once.

- :class:`StoreSink` the Oxigraph store (kg.store): each article replaces its named graph and its
  part of the default graph.
- :class:`PartsSink` a folder (path or fsspec URL) of ``part-NNNNN.nq.gz`` files and their
  entity indexes (kg.rdfio), for ``kg push``, ``kg merge`` and bulk loaders.
- :class:`DatasetSink` an rdflib Dataset in memory (notebooks, tests).
"""
from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.formats import FORMATS, by_extension, by_name, written_extensions
from kg.rdfio import (GZIP_LEVEL, INDEX_PATTERN, MANIFEST, MERGED_INDEX, PART_PATTERN, EntityIndex, graphs_from_block,
                      iter_blocks, nquads_block, ntriples_lines, open_gz_writer, sorted_lines, write_text)
from kg.vocab import bind_prefixes

STREAMING = {f.rdflib for f in FORMATS if f.streams}


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """rdflib's plugin name for writing ``path``: from ``explicit`` (a format name) or the extension."""
    if explicit:
        fmt = by_name(explicit)
        if fmt is None or not fmt.writable:
            names = ", ".join(f.name for f in FORMATS if f.writable)
            raise ValueError(f"unknown format {explicit!r}: choose one of {names}")
        return fmt.rdflib
    fmt = by_extension(path)
    if fmt is None or not fmt.writable:
        raise ValueError(f"cannot tell the format of {path!s} from its extension: use {written_extensions()}")
    return fmt.rdflib


def sorted_rdf(quads, fmt: str) -> str:
    """Turtle (graphs flattened) or TriG (the default graph first, then each named graph) of rdflib
    quads, in sorted order: the same quads always give the same text."""
    import pyoxigraph as ox

    from kg.rdfterms import to_ox
    from kg.store import OX_FORMATS, write_sorted

    def graph(g):
        name = getattr(g, "identifier", g)
        return ox.DefaultGraph() if name is None or name == DATASET_DEFAULT_GRAPH_ID else to_ox(name)

    oxquads = (ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph(g)) for s, p, o, g in quads)
    return write_sorted(oxquads, OX_FORMATS[fmt]).decode("utf-8")


def jsonld_context() -> dict | None:
    from kg.validate import schemas_dir

    path = schemas_dir() / "context.jsonld"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("@context", data)


@contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """A temporary path in the folder of ``path`` to write; renamed to ``path`` when the block ends
    normally, removed when it raises. A reader never sees a half-written file at ``path``, and a
    failed or interrupted write leaves the previous file there byte for byte."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(target)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temporary(target: Path) -> Path:
    """An empty new file next to ``target`` (hidden, unique), with the mode a new file would get."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    return Path(name)


class GraphFileSink:
    """Collects article graphs and writes one file; N-Quads and N-Triples are streamed.

    The file is written under a temporary name in the same folder and renamed by
    ``close(commit=True)``; ``close(commit=False)`` (or an exception inside ``with``) removes it,
    leaving any previous file untouched."""

    def __init__(self, path: str | Path, fmt: str | None = None):
        self.path = str(path)
        self.format = format_for(path, fmt)
        self.dataset = Dataset() if self.format not in STREAMING else None
        self._out: IO[str] | None = None
        self._tmp: Path | None = None
        if self.format in STREAMING:
            self._out = self._open()

    def _open(self) -> IO[str]:
        if self.path == "-":
            import sys
            return sys.stdout
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._tmp = _temporary(Path(self.path))
        if self.path.endswith(".gz"):
            return io.TextIOWrapper(gzip.open(self._tmp, "wb", compresslevel=GZIP_LEVEL), encoding="utf-8")
        return open(self._tmp, "w", encoding="utf-8")

    def __enter__(self) -> "GraphFileSink":
        return self

    def __exit__(self, kind, value, tb) -> None:
        self.close(commit=kind is None)

    @property
    def streams_nquads(self) -> bool:
        return self._out is not None and self.format == "nquads"

    def add(self, result) -> None:
        """Add a built article (kg.pipeline.ArticleResult); N-Quads take its block as it is."""
        if self.streams_nquads:
            self._out.write(result.nquads)
        else:
            self.add_graph(result.iri, result.graph, result.shared)

    def add_block(self, iri: str, block: str) -> None:
        """Add an article given as its N-Quads block (kg.rdfio.nquads_block), e.g. read from a part."""
        if self.streams_nquads:
            self._out.write(block)
        else:
            self.add_graph(URIRef(iri), *graphs_from_block(block))

    def add_graph(self, iri: URIRef, graph: Iterable, shared: Iterable = ()) -> None:
        """Add an article: its named graph's triples and its triples of the default graph."""
        if self._out is not None:
            if self.format == "nquads":
                self._out.write(nquads_block(iri, graph, shared))
            else:
                self._out.write(ntriples_lines(graph))
                if shared:
                    self._out.write(ntriples_lines(shared))
        else:
            from kg.pipeline import add_to_dataset
            add_to_dataset(self.dataset, iri, graph, shared)

    def close(self, commit: bool = True) -> None:
        """Finish the file: with ``commit`` it appears at its name whole; without, the temporary
        file goes and a previous file at the name stays as it was."""
        if self.path == "-":
            import sys
            if commit and self._out is None:
                sys.stdout.write(serialize_dataset(self.dataset, self.format))
            sys.stdout.flush()
            return
        try:
            if commit and self._out is None:
                self._out = self._open()
                self._out.write(serialize_dataset(self.dataset, self.format))
            if self._out is not None:
                self._out.close()
            if commit:
                os.replace(self._tmp, self.path)  # the file appears whole, never half-written
        finally:
            if self._tmp is not None:
                self._tmp.unlink(missing_ok=True)  # gone already when it was renamed
            self._out = None


class StoreSink:
    """Articles into the persistent store: a kg.store.Store, where each article replaces its named
    graph and its part of the default graph in one transaction (what was added stays whatever
    happens to the build after it), or a kg.store.BulkWriter (``kg build --bulk``), which loads
    the articles' blocks in batches."""

    def __init__(self, store):
        self.store = store

    def add(self, result) -> None:
        if hasattr(self.store, "add_block"):
            self.store.add_block(str(result.iri), result.nquads)
        else:
            self.store.replace_article(str(result.iri), result.graph, result.shared)

    def close(self, commit: bool = True) -> None:
        self.store.flush()


PART_ARTICLES = 1000   # articles per part file


class PartsSink:
    """A folder (a path or an fsspec URL) of ``part-NNNNN.nq.gz`` (``articles`` whole article blocks
    each, in input order), ``entities-NNNNN.tsv.gz`` beside each, and at the end
    ``entities.tsv.gz`` (all entities) and ``parts.json`` (the manifest). Parts of an earlier
    build in the folder are removed first (they would join the union). Each file is written
    under a temporary name and moved when whole, so a part that exists is complete."""

    def __init__(self, folder: str | Path, articles: int = PART_ARTICLES, storage_options: dict | None = None):
        import fsspec

        self.folder = str(folder)
        self.articles = max(1, articles)
        self.fs, self.root = fsspec.core.url_to_fs(self.folder, **(storage_options or {}))
        self.fs.makedirs(self.root, exist_ok=True)
        for old in self.fs.glob(f"{self.root}/part-*.nq.gz") + self.fs.glob(f"{self.root}/entities-*.tsv.gz"):
            self.fs.rm(old)
        self.parts: list[str] = []
        self.index = EntityIndex()
        self.counts = {"documents": 0, "articles": 0, "quads": 0}
        self._document = None
        self._part_index = EntityIndex()
        self._in_part = 0
        self._raw = self._out = None

    def add(self, result) -> None:
        if self._out is None:
            self._raw, self._out = open_gz_writer(self.fs, self._path(PART_PATTERN) + ".tmp")
        self._out.write(result.nquads)
        document = (result.article.doc.path, result.article.doc.line)
        self.counts["documents"] += document != self._document
        self._document = document
        self.counts["articles"] += 1
        self.counts["quads"] += result.nquads.count("\n")
        for row in result.entities:
            self._part_index.add(row)
        self._in_part += 1
        if self._in_part >= self.articles:
            self._finish_part()

    def _path(self, pattern: str) -> str:
        return f"{self.root}/{pattern.format(len(self.parts))}"

    def _finish_part(self) -> None:
        part = self._path(PART_PATTERN)
        with self._raw, self._out:
            pass
        write_text(self.fs, self._path(INDEX_PATTERN), self._part_index.text())
        self.fs.mv(part + ".tmp", part)
        self.parts.append(part.rsplit("/", 1)[-1])
        self.index.update(self._part_index)
        self._part_index, self._in_part, self._raw, self._out = EntityIndex(), 0, None, None

    def close(self, commit: bool = True) -> None:
        if not commit:
            if self._out is not None:
                with self._raw, self._out:
                    pass
                self.fs.rm(self._path(PART_PATTERN) + ".tmp")
                self._raw = self._out = None
            return
        if self._out is not None:
            self._finish_part()
        self.index.write(f"{self.root}/{MERGED_INDEX}", self.fs)
        manifest = {"parts": self.parts, "indexes": [INDEX_PATTERN.format(i) for i in range(len(self.parts))],
                    **self.counts, "entities": len(self.index)}
        write_text(self.fs, f"{self.root}/{MANIFEST}", json.dumps(manifest, indent=1))


class DatasetSink:
    """Articles into an rdflib Dataset in memory (``.dataset``): one named graph each, their shared
    triples in the default graph."""

    def __init__(self):
        from kg.pipeline import new_dataset

        self.dataset = new_dataset()

    def add(self, result) -> None:
        from kg.pipeline import add_to_dataset

        add_to_dataset(self.dataset, result.iri, result.graph, result.shared)

    def close(self, commit: bool = True) -> None:
        pass


def merge_parts(paths: Iterable[str | Path], output: str, fmt: str | None = None) -> int:
    """Union of parts into one graph file (format by extension); returns the number of articles.
    An article met twice (the same part given twice) is kept once."""
    n = 0
    with GraphFileSink(str(output), fmt) as sink:
        for iri, block in iter_blocks(paths):
            sink.add_block(iri[1:-1], block)
            n += 1
    return n


def serialize_dataset(ds: Dataset, fmt: str) -> str:
    if fmt in ("turtle", "trig"):
        return sorted_rdf(ds.quads((None, None, None, None)), fmt)
    if fmt == "nt":
        g = bind_prefixes(Graph())
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return sorted_lines(g.serialize(format=fmt))
    bind_prefixes(ds)
    if fmt == "json-ld":
        context = jsonld_context()
        return ds.serialize(format="json-ld", context=context) if context else ds.serialize(format="json-ld")
    return ds.serialize(format=fmt)
