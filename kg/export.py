"""Exports: RDF files (Turtle, TriG, N-Quads, N-Triples, JSON-LD with schemas/context.jsonld) and
networkx (``to_networkx``), written as GraphML or GEXF for Gephi, Cytoscape and the like.

``to_networkx`` keeps the *entities* as nodes (Person, Organization, Place, Site, Position, Plan)
and turns everything between them into labelled edges of a MultiDiGraph:

- binary facts (holdsPosition, visited, locatedIn, within, graduatedFrom, worksAt, approved when a
  body approved a plan) become one edge each, keyed by the property's name, with ``weight`` = the
  number of articles that state it;
- events are folded: a Visit gives an edge ``visited`` from its agent (and one from each
  participant, ``role=participant``) to each site, carrying ``event``, ``date``, ``dateText``,
  ``topic`` and ``article``; a Meeting gives an edge ``approved`` from its chair or convening
  body to each plan it approved, carrying ``meeting`` (its name) and ``date``. The binary
  ``visited`` shortcut is then dropped where a folded Visit edge already says the same.

Every attribute is a string or a number (GraphML and GEXF take no lists or None): several
values are joined with "|".
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterator

import networkx as nx
import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from kg.formats import FORMATS
from kg.vocab import KG

ENTITY_CLASSES = {KG.Person: "Person", KG.Organization: "Organization", KG.Place: "Place",
                  KG.Site: "Site", KG.Position: "Position", KG.Plan: "Plan"}
BINARY = {KG.holdsPosition, KG.visited, KG.locatedIn, KG.within, KG.graduatedFrom, KG.worksAt, KG.approved}
EVENT_CLASSES = {KG.Visit: "Visit", KG.Meeting: "Meeting"}

RDF_EXPORTS = tuple(f.name for f in FORMATS if f.writable)   # turtle, trig, nquads, ntriples, jsonld
NETWORK_EXPORTS = ("graphml", "gexf")


def _local(term) -> str:
    s = str(term)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _quads(graph) -> Iterator[tuple]:
    """(s, p, o, article IRI or None) for a Dataset (article = the named graph) or a Graph."""
    if isinstance(graph, rdflib.Dataset):
        for s, p, o, g in graph.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)
            yield s, p, o, (str(name) if name is not None and not str(name).startswith("urn:x-rdflib:") else None)
    else:
        for s, p, o in graph:
            yield s, p, o, None


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
    binary: dict = defaultdict(set)           # (s, p, o) -> articles
    events: dict = defaultdict(lambda: defaultdict(set))  # event -> field -> values
    for s, p, o, art in _quads(graph):
        if p == RDF.type:
            if o in ENTITY_CLASSES:
                types[s] = ENTITY_CLASSES[o]
            elif o in EVENT_CLASSES:
                events[s]["kind"].add(EVENT_CLASSES[o])
        elif p == RDFS.label:
            labels.setdefault(s, str(o))
        elif p == SKOS.altLabel:
            alts[s].add(str(o))
        elif p == KG.mentionedIn:
            mentioned[s].add(str(o))
        if p in BINARY:
            binary[(s, p, o)].add(art or "")
        if p in (KG.agent, KG.participant, KG.site, KG.approved, KG.date, KG.startDate, KG.endDate, KG.dateText, KG.topic):
            events[s][_local(p)].add(o)
            if art:
                events[s]["article"].add(art)
        if p == KG.chaired:
            events[o]["chair"].add(s)

    G = nx.MultiDiGraph()
    for node, kind in types.items():
        attrs = {"label": labels.get(node, _local(node)), "type": kind, "iri": str(node),
                 "articles": len(mentioned.get(node, ()))}
        if alts.get(node):
            attrs["altLabels"] = "|".join(sorted(alts[node] - {attrs["label"]}))
        G.add_node(str(node), **attrs)

    folded_visits = set()
    for ev, f in events.items():
        kind = next(iter(f.get("kind", ())), None)
        if kind is None:
            continue
        common = {"event": str(ev), "kind": kind}
        date = sorted(str(d) for d in set(f.get("date", ())) | set(f.get("startDate", ())))
        if date:
            common["date"] = date[0]
        if f.get("endDate"):
            common["endDate"] = sorted(str(d) for d in f["endDate"])[-1]
        for key in ("dateText", "topic"):
            if f.get(key):
                common[key] = "|".join(sorted(str(v) for v in f[key]))
        if f.get("article"):
            common["article"] = "|".join(sorted(f["article"]))
        if kind == "Visit":
            for role, people in (("agent", f.get("agent", ())), ("participant", f.get("participant", ()))):
                for person in people:
                    for site in f.get("site", ()):
                        if person in types and site in types:
                            G.add_edge(str(person), str(site), key=f"visited@{ev}", label="visited", role=role, **common)
                            folded_visits.add((person, site))
        else:
            name = labels.get(ev)
            extra = {"meeting": name} if name else {}
            for role, bodies in (("agent", f.get("agent", ())), ("chair", f.get("chair", ()))):
                for body in bodies:
                    for plan in f.get("approved", ()):
                        if body in types and plan in types and not G.has_edge(str(body), str(plan), key=f"approved@{ev}"):
                            G.add_edge(str(body), str(plan), key=f"approved@{ev}", label="approved", role=role, **common, **extra)

    for (s, p, o), arts in binary.items():
        if s not in types or o not in types:
            continue  # events and literals are not nodes
        if p == KG.visited and (s, o) in folded_visits:
            continue
        name = _local(p)
        real = sorted(a for a in arts if a)
        attrs = {"label": name, "weight": max(1, len(real))}
        if real:
            attrs["article"] = "|".join(real)
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
