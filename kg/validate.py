"""Check a graph against the contract's SHACL shapes (schemas/shapes.ttl) with pySHACL, and say
what is wrong in lines a person can act on.

The shapes run over the union of all article graphs (each article's entities, facts and evidence
sit in its own graph, so nothing crosses graphs; the union also sees the default graph's
gazetteer). No inference: the graph must state what the shapes ask for.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, RDFS, SH

SCHEMAS_ENV = "CNNEWS_KG_SCHEMAS"


def schemas_dir() -> Path:
    """The ontology, shapes and JSON-LD context: kg/schemas (in a checkout a link to the top-level
    schemas/ folder; in an installed wheel a copy of it), or $CNNEWS_KG_SCHEMAS."""
    if os.environ.get(SCHEMAS_ENV):
        return Path(os.environ[SCHEMAS_ENV])
    return Path(__file__).resolve().parent / "schemas"


@dataclass(frozen=True)
class Issue:
    severity: str        # Violation | Warning | Info
    focus: str           # the node, shortened (id:visit/...)
    focus_label: str     # its rdfs:label or type, to recognise it
    path: str            # the property, shortened, or ""
    value: str           # the offending value, or ""
    message: str
    shape: str

    def line(self) -> str:
        where = f"{self.focus}" + (f" ({self.focus_label})" if self.focus_label else "")
        prop = f" {self.path}" if self.path else ""
        val = f" [value: {self.value}]" if self.value else ""
        return f"{self.severity}: {where}{prop}: {self.message}{val}"


@dataclass
class Report:
    conforms: bool
    issues: list[Issue]
    triples: int

    @property
    def violations(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "Violation"]


def load_data(source) -> rdflib.Graph:
    """A store directory or graph file path -> the union graph; an rdflib Graph/Dataset as is."""
    from kg.rdfterms import dataset_from_store, union_graph

    if isinstance(source, rdflib.Graph):
        return union_graph(source)
    from kg.store import open_source

    store = open_source(source)
    return union_graph(dataset_from_store(store.oxigraph))


def validate(source, shapes: str | Path | None = None) -> Report:
    import pyshacl

    from kg.store import StoreError

    data = load_data(source)
    shapes_path = Path(shapes) if shapes else schemas_dir() / "shapes.ttl"
    if not shapes_path.is_file():
        raise StoreError(f"{shapes_path}: no shapes file")
    shapes_graph = rdflib.Graph().parse(shapes_path, format="turtle")
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", abort_on_first=False,
        allow_warnings=True, advanced=True, meta_shacl=False,
    )
    if not isinstance(results, rdflib.Graph):  # pySHACL could not run the shapes themselves
        raise StoreError(f"{shapes_path}: the shapes cannot be used: {' '.join(str(text).split())}")
    issues = _issues(results, data)
    return Report(conforms=not [i for i in issues if i.severity == "Violation"], issues=issues, triples=len(data))


def _issues(results: rdflib.Graph, data: rdflib.Graph) -> list[Issue]:
    from kg.vocab import PREFIXES

    ns = {str(v): k for k, v in PREFIXES.items()}

    def short(term) -> str:
        if term is None:
            return ""
        if isinstance(term, rdflib.URIRef):
            s = str(term)
            for base, prefix in sorted(ns.items(), key=lambda kv: -len(kv[0])):
                if s.startswith(base):
                    return f"{prefix}:{s[len(base):]}"
            return f"<{s}>"
        if isinstance(term, rdflib.BNode):
            return "[path]"
        return str(term)

    def path_of(node) -> str:
        p = results.value(node, SH.resultPath)
        if isinstance(p, rdflib.BNode):
            inv = results.value(p, SH.inversePath)
            return f"^{short(inv)}" if inv is not None else "[path]"
        return short(p)

    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        label = data.value(focus, RDFS.label) if focus is not None else None
        if label is None and focus is not None:
            types = sorted(short(t) for t in data.objects(focus, RDF.type))
            label = next((t for t in types if t.startswith("kg:")), types[0] if types else "")
        sev = results.value(r, SH.resultSeverity)
        out.append(Issue(
            severity=str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation",
            focus=short(focus), focus_label=str(label or ""),
            path=path_of(r), value=short(results.value(r, SH.value)),
            message=" ".join(str(results.value(r, SH.resultMessage) or "").split()),
            shape=short(results.value(r, SH.sourceShape)),
        ))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return sorted(out, key=lambda i: (order.get(i.severity, 3), i.message, i.focus, i.path, i.value))
