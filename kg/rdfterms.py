"""Conversion of RDF terms between rdflib (the friendly API the pipeline speaks) and
pyoxigraph (the fast store and query engine).

Why a module of its own: the store, the query runner and the exporters all cross this
border, and a term converted two different ways would make two different nodes.
"""
from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Literal, URIRef


def to_ox(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term (pyoxigraph terms pass through)."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(_bnode_id(str(term)))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _bnode_id(value: str) -> str:
    # pyoxigraph accepts [A-Za-z0-9_-] style ids; rdflib ids are usually of that form already
    return "".join(c if c.isalnum() or c in "_-" else "_" for c in value) or "b"


def to_rdflib(term) -> URIRef | BNode | Literal | None:
    """pyoxigraph term -> rdflib term (None for the default graph)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.DefaultGraph) or term is None:
        return None
    raise TypeError(f"not an RDF term: {term!r}")


def quads_of(graph_iri: str, triples: Iterable) -> Iterator[ox.Quad]:
    """Triples (rdflib terms) -> pyoxigraph quads in the named graph ``graph_iri``."""
    g = ox.NamedNode(str(graph_iri))
    for s, p, o in triples:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), g)


def dataset_from_store(store: ox.Store) -> rdflib.Dataset:
    """Copy every quad of a pyoxigraph store into an rdflib Dataset (via N-Quads, which keeps
    the named graphs and is the fastest path between the two libraries)."""
    data = store.dump(format=ox.RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    if data:
        ds.parse(data=data.decode("utf-8"), format="nquads")
    return ds


def union_graph(ds: rdflib.Graph) -> rdflib.Graph:
    """All triples of a Dataset (every named graph and the default graph) in one Graph."""
    if not isinstance(ds, rdflib.Dataset):
        return ds
    g = rdflib.Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
