"""The RDF file formats the project reads and writes: one table of names and file extensions.

Every command that takes a graph file (``kg build -o``, ``kg export``, ``kg load``, ``kg stats``,
``kg eval``) finds its format here, by extension (``.gz`` looked through) or by name; each
library's own identifier (rdflib's plugin name, pyoxigraph's ``RdfFormat``) is looked up from the
format's name where that library is used.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RdfFormat:
    name: str                    # the project's name: turtle, trig, nquads, ntriples, jsonld, n3, rdfxml
    rdflib: str                  # rdflib's parser/serializer plugin name
    extensions: tuple[str, ...]  # the first is the one to write
    aliases: tuple[str, ...] = ()
    named_graphs: bool = False   # keeps one graph per article
    streams: bool = False        # can be written line by line as articles arrive
    writable: bool = True        # kg build and kg export write it (the others are read only)


FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "turtle", (".ttl", ".turtle"), ("ttl",)),
    RdfFormat("trig", "trig", (".trig",), named_graphs=True),
    RdfFormat("nquads", "nquads", (".nq", ".nquads"), ("nq",), named_graphs=True, streams=True),
    RdfFormat("ntriples", "nt", (".nt",), ("nt",), streams=True),
    RdfFormat("jsonld", "json-ld", (".jsonld", ".json"), ("json-ld",), named_graphs=True),
    RdfFormat("n3", "n3", (".n3",), writable=False),
    RdfFormat("rdfxml", "xml", (".rdf", ".owl", ".xml"), ("xml",), writable=False),
)
_BY_EXTENSION = {ext: f for f in FORMATS for ext in f.extensions}
_BY_NAME = {n: f for f in FORMATS for n in (f.name, *f.aliases)}


def extension_of(path: str | Path, through_gz: bool = True) -> str:
    """The extension that says the format, lower case, "" if none: ``.nq`` for out.nq.gz (with
    ``through_gz=False``, ``.gz``: for readers that cannot decompress)."""
    suffixes = Path(str(path)).suffixes
    if through_gz and len(suffixes) > 1 and suffixes[-1].lower() == ".gz":
        return suffixes[-2].lower()
    return suffixes[-1].lower() if suffixes else ""


def by_extension(path: str | Path, through_gz: bool = True) -> RdfFormat | None:
    return _BY_EXTENSION.get(extension_of(path, through_gz))


def known_extensions() -> str:
    return ", ".join(sorted(_BY_EXTENSION))


def by_name(name: str) -> RdfFormat | None:
    return _BY_NAME.get(name.lower())


def written_extensions() -> str:
    """``.ttl, .trig, .nq, .nt or .jsonld``: for error messages."""
    exts = [f.extensions[0] for f in FORMATS if f.writable]
    return ", ".join(exts[:-1]) + " or " + exts[-1]
