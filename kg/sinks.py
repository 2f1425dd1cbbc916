"""Sinks: where article graphs go. Graph files by extension, streamed where the format allows it.

| extension | format | named graphs |
|---|---|---|
| .ttl | Turtle | flattened into one graph |
| .trig | TriG | kept: the default graph (entities) first, then one graph per article |
| .nq | N-Quads | kept; written line by line as articles arrive (constant memory) |
| .nt | N-Triples | flattened; streamed |
| .jsonld, .json | JSON-LD (context: schemas/context.jsonld) | kept |

Turtle and TriG are written by pyoxigraph from the quads in sorted order, so the same graph gives
the same bytes in every run. A streamed article is one block of lines: its named graph's lines,
sorted, then its default-graph lines (the entities it names and the facts between them), sorted;
those repeat from article to article, and a reader keeps each triple once.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.nquads import _nq_row

from kg.formats import FORMATS, by_extension, by_name, written_extensions
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
            return io.TextIOWrapper(gzip.open(self._tmp, "wb"), encoding="utf-8")
        return open(self._tmp, "w", encoding="utf-8")

    def __enter__(self) -> "GraphFileSink":
        return self

    def __exit__(self, kind, value, tb) -> None:
        self.close(commit=kind is None)

    def add(self, iri: URIRef, graph: Graph, shared: Graph | None = None) -> None:
        """Add an article: its named graph and its triples of the default graph."""
        if self._out is not None:
            if self.format == "nquads":
                self._out.write(nquads_block(iri, graph, shared))
            else:
                self._out.write(_sorted_lines(graph.serialize(format="nt")))
                if shared is not None:
                    self._out.write(_sorted_lines(shared.serialize(format="nt")))
        else:
            from kg.pipeline import add_to_dataset
            add_to_dataset(self.dataset, iri, graph, shared if shared is not None else ())

    @property
    def streams_nquads(self) -> bool:
        return self._out is not None and self.format == "nquads"

    def add_block(self, block: str) -> None:
        """Write an article already serialized by ``nquads_block`` (a worker's result) as it is."""
        if not self.streams_nquads:
            raise ValueError(f"{self.path}: a ready N-Quads block needs a streamed .nq output")
        self._out.write(block)

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


def _sorted_lines(text: str) -> str:
    return "\n".join(sorted(line for line in text.splitlines() if line.strip())) + "\n"


def nquads_block(iri: URIRef, graph: Graph, shared: Graph | None = None) -> str:
    """One article as N-Quads lines: its named graph's, sorted, then its default-graph lines, sorted.
    The exact text a streamed .nq file holds, whichever process made it. The lines are rdflib's
    N-Quads serializer's own (its row writer, UTF-8 with unencodable characters replaced), without
    first copying the graph into a Dataset."""
    rows = "".join(_nq_row(triple, iri) for triple in graph)
    block = _sorted_lines(rows.encode("utf-8", "replace").decode("utf-8"))
    if shared is not None and len(shared):
        rows = "".join(_nq_row(triple, None)[:-4] + " .\n" for triple in shared)  # no graph: "s p o ."
        block += _sorted_lines(rows.encode("utf-8", "replace").decode("utf-8"))
    return block


def graphs_from_block(block: str) -> tuple[Graph, Graph]:
    """One article's N-Quads block as two rdflib Graphs with the project's prefixes: its named
    graph and its triples of the default graph."""
    ds = Dataset()
    ds.parse(data=block, format="nquads")
    named, shared = bind_prefixes(Graph()), bind_prefixes(Graph())
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        (shared if name is None or name == DATASET_DEFAULT_GRAPH_ID else named).add((s, p, o))
    return named, shared


def graph_from_block(block: str) -> Graph:
    """The triples of one article's named graph in its N-Quads block."""
    return graphs_from_block(block)[0]


def serialize_dataset(ds: Dataset, fmt: str) -> str:
    if fmt in ("turtle", "trig"):
        return sorted_rdf(ds.quads((None, None, None, None)), fmt)
    if fmt == "nt":
        g = bind_prefixes(Graph())
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return _sorted_lines(g.serialize(format=fmt))
    bind_prefixes(ds)
    if fmt == "json-ld":
        context = jsonld_context()
        return ds.serialize(format="json-ld", context=context) if context else ds.serialize(format="json-ld")
    return ds.serialize(format=fmt)
