"""RDF I/O: an article's triples before they are written, its N-Quads block, the part files a
build writes, the entity index beside them. Public rdflib APIs only (terms, parsers).

- **Triples.** An article's graph is built as :class:`Triples` (a set of rdflib term triples,
  with the few lookups the code and tests use): no rdflib Graph and its indexes per article.
- **Block.** One article as N-Quads lines (:func:`nquads_block`): its named graph's lines, sorted,
  then its default-graph lines (the entities it names, the facts between them), sorted: the exact
  text a streamed .nq file holds for it, whichever process built it. Results cross processes as
  blocks (kg.pipeline.ArticleResult).
- **Parts.** ``part-NNNNN.nq.gz`` files of whole article blocks in input order
  (kg.sinks.PartsSink writes them): concatenated in name order they are the .nq file of the
  same build. :func:`iter_blocks` reads them back one article at a time.
- **Entity index.** ``entities-NNNNN.tsv.gz`` beside each part and ``entities.tsv.gz`` for all:
  IRI, type, label, altLabels, number of articles (:class:`EntityRow`, :func:`entity_rows`).
"""
from __future__ import annotations

import gzip
import io
import posixpath
from functools import lru_cache
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from rdflib import Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS, SKOS

PART_PATTERN = "part-{:05d}.nq.gz"
INDEX_PATTERN = "entities-{:05d}.tsv.gz"
MERGED_INDEX = "entities.tsv.gz"
MANIFEST = "parts.json"
INDEX_HEADER = "iri\ttype\tlabel\taltLabels\tarticles\n"
# gzip's own default level (as the gzip command): level 9 (Python's default) costs 1.7 times the
# CPU for a file 3% smaller, in the one process that writes while the workers build
GZIP_LEVEL = 6


# -- an article's triples ----------------------------------------------------------------------
class Triples:
    """The triples of one article as it is built: a set of (subject, predicate, object) rdflib
    terms, kept in the order they were first added, with rdflib Graph's lookups by pattern
    (``triples``, ``subjects``, ``objects``, ``value``). Adding costs a dict insertion, where an
    rdflib Graph updates its indexes."""

    __slots__ = ("_triples",)

    def __init__(self, triples: Iterable[tuple] = ()):
        self._triples = dict.fromkeys(triples)

    def add(self, triple: tuple) -> "Triples":
        self._triples[triple] = None
        return self

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, pattern) -> bool:
        """A triple, or a pattern with None for any term (as in rdflib)."""
        if None in pattern:
            return next(self.triples(pattern), None) is not None
        return pattern in self._triples

    def triples(self, pattern: tuple) -> Iterator[tuple]:
        """The triples that match ``pattern`` (None matches any term)."""
        s, p, o = pattern
        if s is not None and p is not None and o is not None:
            return iter([pattern] if pattern in self._triples else [])
        return (t for t in self._triples
                if (s is None or t[0] == s) and (p is None or t[1] == p) and (o is None or t[2] == o))

    def subjects(self, predicate=None, object=None) -> Iterator:
        return (t[0] for t in self.triples((None, predicate, object)))

    def objects(self, subject=None, predicate=None) -> Iterator:
        return (t[2] for t in self.triples((subject, predicate, None)))

    def value(self, subject=None, predicate=RDF.value, object=None):
        """The missing term of the first triple that matches (the object of subject and predicate,
        or the subject of predicate and object), or None."""
        for s, _, o in self.triples((subject, predicate, object)):
            return o if object is None else s
        return None


# -- one article's block ---------------------------------------------------------------------------
def sorted_lines(text: str) -> str:
    """The lines of ``text`` sorted, blank ones dropped. Lines end at "\n" only: a literal may hold
    U+2028 or U+0085, which N-Triples leaves as they are and str.splitlines() would cut at."""
    return "\n".join(sorted(line for line in text.split("\n") if line.strip())) + "\n"


def nt_term(term) -> str:
    """A term as N-Triples writes it: an IRI in <>, a literal quoted (backslash, double quote, line
    feed and carriage return escaped) with its language tag or datatype; as rdflib's N-Triples and
    N-Quads serializers write them."""
    if type(term) is URIRef:
        return _iri(term)
    if isinstance(term, Literal):
        quoted = '"' + term.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        return f"{quoted}^^<{term.datatype}>" if term.datatype else quoted
    return _iri(term)


@lru_cache(maxsize=1 << 16)
def _iri(term) -> str:
    """An IRI in <> (rdflib refuses one with characters N-Triples cannot hold); cached: the same
    classes, properties and entities come back in every article."""
    return term.n3()


def nquads_block(iri: URIRef, triples: Iterable[tuple], shared: Iterable[tuple] = ()) -> str:
    """One article as N-Quads lines: its named graph's ``triples``, sorted, then its ``shared``
    triples of the default graph, sorted (``s p o .``). The exact text a streamed .nq file holds,
    whichever process made it (UTF-8; a lone surrogate becomes "?")."""
    block = _lines(triples, f" {nt_term(iri)} .\n")
    return block + _lines(shared, " .\n") if shared else block


def ntriples_lines(triples: Iterable[tuple]) -> str:
    """Triples as sorted N-Triples lines (a streamed .nt file: named graphs flattened)."""
    return _lines(triples, " .\n")


def _lines(triples: Iterable[tuple], end: str) -> str:
    """Sorted lines of the triples, each ending in ``end``."""
    rows = "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{end}" for s, p, o in triples)
    return sorted_lines(rows.encode("utf-8", "replace").decode("utf-8"))


def graphs_from_block(block: str) -> tuple[Triples, Triples]:
    """One article's N-Quads block read back (rdflib's N-Quads parser): the triples of its named
    graph and its triples of the default graph."""
    ds = Dataset()
    ds.parse(data=block, format="nquads")
    named, shared = Triples(), Triples()
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        (shared if name is None or name == DATASET_DEFAULT_GRAPH_ID else named).add((s, p, o))
    return named, shared


# -- the entity index ------------------------------------------------------------------------------
class EntityRow(NamedTuple):
    """An entity as one article's graph describes it."""

    iri: str
    type: str                       # the class's local name: Person, Place, ...
    label: str
    alt_labels: tuple[str, ...]


def entity_rows(triples: Iterable[tuple], classes) -> tuple[EntityRow, ...]:
    """The entities typed in an article's triples (``classes``: the entity classes), sorted, in
    one pass: each with its first label (in the order the triples were added, as
    ``Triples.value`` reads it) and its altLabels."""
    typed, labels, alts = [], {}, {}
    for s, p, o in triples:
        if p == RDF.type:
            if o in classes:
                typed.append((s, o))
        elif p == RDFS.label:
            labels.setdefault(s, o)
        elif p == SKOS.altLabel:
            alts.setdefault(s, []).append(str(o))
    rows = [EntityRow(str(s), local_name(o), str(labels.get(s, "")), tuple(sorted(alts.get(s, ()))))
            for s, o in typed]
    return tuple(sorted(rows))


def local_name(term) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class EntityIndex:
    """Entity rows folded over articles: IRI -> [type, label, altLabels, articles]."""

    def __init__(self):
        self.rows: dict[str, list] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, row: EntityRow, articles: int = 1) -> None:
        entry = self.rows.setdefault(row.iri, [row.type, "", set(), 0])
        if row.label and not entry[1]:
            entry[1] = row.label
        entry[2].update(row.alt_labels)
        entry[3] += articles

    def update(self, other: "EntityIndex") -> None:
        for iri, (type_, label, alts, n) in other.rows.items():
            self.add(EntityRow(iri, type_, label, tuple(alts)), n)

    def text(self) -> str:
        """The index as TSV with its header, sorted by IRI."""
        return INDEX_HEADER + "".join(
            f"{iri}\t{t}\t{_clean(label)}\t{'|'.join(sorted(_clean(a) for a in alts))}\t{n}\n"
            for iri, (t, label, alts, n) in sorted(self.rows.items()))

    def write(self, path: str, fs=None) -> None:
        """Write the index to ``path`` (gzip for .gz; a local path, or a path of ``fs``) whole:
        under a temporary name first."""
        fs = fs or _local_fs()
        write_text(fs, path, self.text())

    @classmethod
    def read(cls, files: Iterable[str], fs=None) -> "EntityIndex":
        """The union of index files (TSV, .gz or not; local paths or URLs)."""
        import fsspec

        index = cls()
        for path in files:
            opener = fs.open(path, "rb") if fs is not None else fsspec.open(path, "rb").open()
            with opener as raw, io.TextIOWrapper(gzip.GzipFile(fileobj=raw) if path.endswith(".gz") else raw,
                                                 encoding="utf-8") as f:
                next(f, None)  # header
                for line in f:
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) == 5:
                        iri, type_, label, alts, articles = cols
                        index.add(EntityRow(iri, type_, label, tuple(a for a in alts.split("|") if a)),
                                  int(articles or 0))
        return index


def _clean(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ")


# -- files -----------------------------------------------------------------------------------------
def _local_fs():
    import fsspec

    return fsspec.filesystem("file")


def open_gz_writer(fs, path: str):
    """(raw file, text writer) for a new gzip file at ``path`` of ``fs``, reproducible (no name
    or time in the header)."""
    raw = fs.open(path, "wb")
    gz = gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0, filename="")
    return raw, io.TextIOWrapper(gz, encoding="utf-8")


def write_text(fs, path: str, text: str) -> None:
    """``text`` to ``path`` (gzip for .gz), under ``path.tmp`` first, then moved: whole or absent."""
    tmp = path + ".tmp"
    if path.endswith(".gz"):
        raw, out = open_gz_writer(fs, tmp)
        with raw, out:
            out.write(text)
    else:
        with fs.open(tmp, "w", encoding="utf-8") as out:
            out.write(text)
    fs.mv(tmp, path)


def part_files(paths: Iterable[str | Path]) -> list[str]:
    """The part files named by ``paths``: folders give their part-*.nq[.gz] in name order; files
    are taken as they are (any .nq / .nq.gz)."""
    import fsspec

    out: list[str] = []
    for arg in paths:
        fs, root = fsspec.core.url_to_fs(str(arg))
        if fs.isdir(root):
            found = sorted(fs.glob(f"{root.rstrip('/')}/part-*.nq.gz") + fs.glob(f"{root.rstrip('/')}/part-*.nq"))
            out.extend(str(arg).rstrip("/") + "/" + posixpath.basename(f) for f in found)
        elif fs.exists(root):
            out.append(str(arg))
        else:
            raise FileNotFoundError(f"{arg}: no such file or directory")
    return out


def index_files(paths: Iterable[str | Path]) -> list[str]:
    """The per-part entity indexes in the folders among ``paths``, in name order."""
    import fsspec

    files = []
    for arg in paths:
        fs, root = fsspec.core.url_to_fs(str(arg))
        if fs.isdir(root):
            files += [fs.unstrip_protocol(f) for f in sorted(fs.glob(f"{root.rstrip('/')}/entities-*.tsv.gz"))]
    return files


def open_text(path: str):
    """A text reader for a local path or URL; .gz is decompressed."""
    import fsspec

    return fsspec.open(str(path), "rt", encoding="utf-8", compression="gzip" if str(path).endswith(".gz") else None)


def graph_of_line(line: str) -> str | None:
    """The graph IRI of an N-Quads line of a part, in <>; None for a line of the default graph."""
    body = line.rstrip()
    if not body.endswith(" ."):
        raise ValueError(f"not an N-Quads line: {line[:80]!r}")
    parts = body[:-2].rstrip().split(" ", 2)   # subject and predicate hold no spaces
    if len(parts) < 3:
        raise ValueError(f"not an N-Quads line: {line[:80]!r}")
    rest = parts[2]
    if rest.startswith('"'):                      # a literal: skip to its closing quote
        i = 1
        while i < len(rest) and rest[i] != '"':
            i += 2 if rest[i] == "\\" else 1
        end = rest.find(" ", i)
    else:
        end = rest.find(" ")
    graph = rest[end:].strip() if end >= 0 else ""
    if not graph:
        return None
    if not (graph.startswith("<") and graph.endswith(">")):
        raise ValueError(f"N-Quads line whose graph is not an IRI: {line[:80]!r}")
    return graph


def iter_blocks(paths: Iterable[str | Path]) -> Iterator[tuple[str, str]]:
    """(graph IRI in <>, N-Quads text) of each article block of the parts, in order: the article's
    lines and the default-graph lines that follow them (its entities). A graph seen before (the
    same article in two parts, or given twice) is dropped: first one wins."""
    closed: set[str] = set()
    for path in part_files(paths):
        with open_text(path) as f:
            current, lines, seen = None, [], set()
            for line in f:
                if not line.strip():
                    continue
                g = graph_of_line(line)
                if g is None:
                    if current is None:
                        raise ValueError(f"a default-graph line before any article: {line[:80]!r}")
                    g = current
                if g != current:
                    if current is not None and lines:
                        yield current, "".join(lines)
                    if current is not None:
                        closed.add(current)
                    current, lines, seen = g, [], set()
                if g in closed or line in seen:
                    continue
                seen.add(line)
                lines.append(line if line.endswith("\n") else line + "\n")
            if current is not None and lines:
                yield current, "".join(lines)
            if current is not None:
                closed.add(current)
