"""Exports: RDF files (Turtle, TriG, N-Quads, N-Triples, JSON-LD with schemas/context.jsonld) and
networkx (``to_networkx``), written as GraphML or GEXF for Gephi, Cytoscape and the like.

``to_networkx`` keeps the *entities* as nodes (kg.model.ENTITY_CLASSES: Person, Organization,
Place, Site, Position, Plan) and turns everything between them into labelled edges of a
MultiDiGraph:

- binary edges between entities (kg.model.NETWORK_EDGES: holdsPosition, visited, locatedIn,
  graduatedFrom, worksAt, within, postIn) become one edge each, keyed by the property's name,
  with ``weight`` = the number of articles whose evidence states it (1 for the gazetteer's
  ``within`` and a post's ``postIn``) and ``article`` = those articles;
- events are folded (kg.model.EVENT_TYPES): each person of the type's ``network_roles`` gets an
  edge to each object, labelled by the type's shortcut or object edge: a Visit gives ``visited``
  from its agent and each participant (``role``) to each site, a Meeting ``approved`` from its
  convening body or chair to each plan; the edges carry ``event``, ``kind``, ``date``,
  ``dateText``, ``topic``, ``article`` and a meeting's name. The binary shortcut (``visited``)
  is then dropped where a folded event edge already says the same.

A post (kg:Position) is tied to its organisation or place by ``postIn``, so the 市委书记 of two
cities are two nodes, not one hub. Every attribute is a string or a number (GraphML and GEXF take
no lists or None): several values are joined with "|".
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterator

import networkx as nx
import rdflib
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg import model
from kg.formats import FORMATS
from kg.model import local_name as _local
from kg.vocab import KG

ENTITY_CLASSES = {iri: name for name, iri in model.ENTITY_CLASSES.items()}
BINARY = frozenset(model.NETWORK_EDGES)
EVENT_FIELDS = frozenset({KG.agent, KG.participant, KG.date, KG.startDate, KG.endDate, KG.dateText, KG.topic,
                          KG.mentionedIn, *(t.object_edge for t in model.EVENT_TYPES.values())})

RDF_EXPORTS = tuple(f.name for f in FORMATS if f.writable)   # turtle, trig, nquads, ntriples, jsonld
NETWORK_EXPORTS = ("graphml", "gexf")


def _triples(graph) -> Iterator[tuple]:
    """(s, p, o) of a Dataset (every graph) or a Graph."""
    if isinstance(graph, rdflib.Dataset):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph


def to_networkx(graph) -> nx.MultiDiGraph:
    """Entities as nodes, facts and folded events as labelled edges (see the module docstring).
    ``graph``: an rdflib Graph or Dataset, or a kg.store.Store."""
    from kg.store import Store

    if isinstance(graph, Store):
        from kg.rdfterms import dataset_from_store
        graph = dataset_from_store(graph.oxigraph)
    types: dict = {}
    labels: dict = {}
    alts: dict = defaultdict(set)
    mentioned: dict = defaultdict(set)
    binary: set = set()                                   # (s, p, o)
    statements: dict = defaultdict(dict)                  # evidence node -> subject/predicate/object/article
    events: dict = defaultdict(lambda: defaultdict(set))  # event -> field -> values
    for s, p, o in _triples(graph):
        if p == RDF.type:
            if o in ENTITY_CLASSES:
                types[s] = ENTITY_CLASSES[o]
            elif o in model.EVENT_TYPES:
                events[s]["kind"].add(o)
        elif p == RDFS.label:
            labels.setdefault(s, str(o))
        elif p == SKOS.altLabel:
            alts[s].add(str(o))
        elif p in (RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom):
            statements[s][p] = o
        if p == KG.mentionedIn:
            mentioned[s].add(str(o))
        if p in BINARY:
            binary.add((s, p, o))
        if p in EVENT_FIELDS:
            events[s][p].add(o)
        if p == KG.chaired:
            events[o]["chair"].add(s)
    stated: dict = defaultdict(set)   # (s, p, o) -> articles whose evidence states it
    for st in statements.values():
        if len(st) == 4:
            stated[(st[RDF.subject], st[RDF.predicate], st[RDF.object])].add(str(st[PROV.wasDerivedFrom]))

    G = nx.MultiDiGraph()
    for node, kind in types.items():
        attrs = {"label": labels.get(node, _local(node)), "type": kind, "iri": str(node),
                 "articles": len(mentioned.get(node, ()))}
        if alts.get(node):
            attrs["altLabels"] = "|".join(sorted(alts[node] - {attrs["label"]}))
        G.add_node(str(node), **attrs)

    folded = set()   # (shortcut, person, object) drawn from an event
    for ev, f in events.items():
        if not f.get("kind"):
            continue
        etype = model.EVENT_TYPES[next(iter(f["kind"]))]
        edge = etype.shortcut or etype.object_edge
        common = {"event": str(ev), "kind": etype.family}
        date = sorted(str(d) for d in set(f.get(KG.date, ())) | set(f.get(KG.startDate, ())))
        if date:
            common["date"] = date[0]
        if f.get(KG.endDate):
            common["endDate"] = sorted(str(d) for d in f[KG.endDate])[-1]
        for key in (KG.dateText, KG.topic):
            if f.get(key):
                common[_local(key)] = "|".join(sorted(str(v) for v in f[key]))
        if f.get(KG.mentionedIn):
            common["article"] = "|".join(sorted(str(a) for a in f[KG.mentionedIn]))
        if etype.shortcut is None and labels.get(ev):
            common[etype.family.lower()] = labels[ev]   # the meeting's name
        roles = {"agent": f.get(KG.agent, ()), "participant": f.get(KG.participant, ()), "chair": f.get("chair", ())}
        for role in etype.network_roles:
            for person in roles[role]:
                for obj in f.get(etype.object_edge, ()):
                    key = f"{_local(edge)}@{ev}"
                    if person in types and obj in types and not G.has_edge(str(person), str(obj), key=key):
                        G.add_edge(str(person), str(obj), key=key, label=_local(edge), role=role, **common)
                        folded.add((edge, person, obj))

    for s, p, o in sorted(binary):
        if s not in types or o not in types:
            continue  # events and literals are not nodes
        if (p, s, o) in folded:
            continue
        name = _local(p)
        arts = sorted(stated.get((s, p, o), ()))
        attrs = {"label": name, "weight": max(1, len(arts))}
        if arts:
            attrs["article"] = "|".join(arts)
        G.add_edge(str(s), str(o), key=name, **attrs)
    return G


def write_network(G: nx.MultiDiGraph, path: str | Path, fmt: str) -> None:
    if fmt == "graphml":
        nx.write_graphml(G, str(path))
    elif fmt == "gexf":
        nx.write_gexf(G, str(path))
    else:
        raise ValueError(f"unknown network format {fmt!r} (graphml, gexf)")


def export(source, fmt: str, output) -> None:
    """Write the store or graph file ``source`` as ``fmt`` to ``output`` (a path or a binary file)."""
    from kg.rdfterms import dataset_from_store
    from kg.store import OX_FORMATS, open_source

    store = open_source(source)
    if fmt in NETWORK_EXPORTS:
        G = to_networkx(dataset_from_store(store.oxigraph))
        write_network(G, output, fmt)
        return
    if fmt == "jsonld":
        ds = dataset_from_store(store.oxigraph)
        from kg.sinks import jsonld_context

        text = ds.serialize(format="json-ld", context=jsonld_context())
        _write(output, text.encode("utf-8"))
        return
    oxfmt = OX_FORMATS.get(fmt) if fmt in RDF_EXPORTS else None
    if oxfmt is None:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(RDF_EXPORTS + NETWORK_EXPORTS)})")
    if isinstance(output, (str, Path)):
        with open(output, "wb") as fh:
            store.dump(oxfmt, fh)
    else:
        store.dump(oxfmt, output)


def _write(output, data: bytes) -> None:
    if isinstance(output, (str, Path)):
        Path(output).write_bytes(data)
    else:
        output.write(data)
