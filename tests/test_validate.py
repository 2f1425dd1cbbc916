"""kg validate with schemas/shapes.ttl; the ontology and JSON-LD context declare what graphs use."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import rdflib
from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS
from typer.testing import CliRunner

from kg.cli import app
from kg.validate import validate
from kg.vocab import KG
from kgsample import sample_dataset

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _broken() -> rdflib.Dataset:
    ds = sample_dataset()
    for ctx in ds.graphs():
        for v in list(ctx.subjects(RDF.type, KG.Visit)):
            ctx.remove((v, KG.site, None))          # a visit that went nowhere
        for f in list(ctx.subjects(RDF.type, KG.Figure))[:1]:
            ctx.remove((f, KG.unit, None))          # a figure without unit
            ctx.set((f, KG.value, Literal("四百亿")))  # and a value that is not a number
        for p in list(ctx.subjects(RDF.type, KG.Plan)):
            ctx.remove((p, RDFS.label, None))       # an entity without a label
    return ds


def test_sample_conforms():
    report = validate(sample_dataset())
    assert report.conforms, [i.line() for i in report.issues]


def test_violations_are_reported_readably():
    report = validate(_broken())
    assert not report.conforms
    lines = [i.line() for i in report.violations]
    assert any("a Visit needs a kg:site" in line for line in lines)
    assert any("kg:unit" in line and "(kg:Figure)" in line for line in lines)
    assert any("numeric kg:value" in line and "四百亿" in line for line in lines)
    assert any("needs one non-empty rdfs:label" in line and "(kg:Plan)" in line for line in lines)


def test_evidence_must_exist_for_text_facts():
    ds = sample_dataset()
    for ctx in ds.graphs():
        for ev in list(ctx.subjects(RDF.predicate, KG.holdsPosition)):
            ctx.remove((ev, None, None))
    report = validate(ds)
    bad = [i for i in report.violations if i.path == "kg:holdsPosition"]
    assert {i.focus_label for i in bad} == {"陈吉宁", "李强"}
    assert all("no kg:Evidence" in i.message for i in bad)


def test_cli_exit_status(tmp_path):
    good = tmp_path / "good.trig"
    sample_dataset().serialize(good, format="trig")
    r = runner.invoke(app, ["validate", str(good)])
    assert r.exit_code == 0 and "conforms; no issues" in r.stdout
    bad = tmp_path / "bad.trig"
    _broken().serialize(bad, format="trig")
    r = runner.invoke(app, ["validate", str(bad), "--limit", "2"])
    assert r.exit_code == 1 and "does NOT conform" in r.stdout and "more (--limit 0 shows all)" in r.stdout
    r = runner.invoke(app, ["validate", str(tmp_path / "missing.nq")])
    assert r.exit_code == 2 and "no such store or graph file" in r.stderr


# -- the ontology and the context ---------------------------------------------------------------
ONTOLOGY = rdflib.Graph().parse(REPO / "schemas" / "ontology.ttl", format="turtle")
KGNS = str(KG)


def _declared() -> set[str]:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype}
    return {str(s) for s, _, o in ONTOLOGY.triples((None, RDF.type, None)) if o in kinds and str(s).startswith(KGNS)}


def used_terms(graph: rdflib.Graph) -> set[str]:
    """Every kg: class and property a graph uses."""
    used = set()
    for s, p, o in graph:
        if str(p).startswith(KGNS):
            used.add(str(p))
        if p == RDF.type and str(o).startswith(KGNS):
            used.add(str(o))
        if p == RDF.predicate and str(o).startswith(KGNS):
            used.add(str(o))
    return used


def test_ontology_declares_every_term_of_the_model():
    model = (REPO / "docs" / "MODEL.md").read_text(encoding="utf-8")
    import re
    in_model = {KGNS + t for t in re.findall(r"`kg:([A-Za-z][A-Za-z0-9]*)`", model)}
    missing = in_model - _declared()
    assert not missing, f"MODEL.md terms missing from schemas/ontology.ttl: {sorted(missing)}"


def test_ontology_declares_every_term_the_sample_uses():
    from kg.rdfterms import union_graph
    missing = used_terms(union_graph(sample_dataset())) - _declared()
    assert not missing, sorted(missing)


def test_every_term_has_zh_and_en_label_and_comment():
    for term in map(rdflib.URIRef, _declared()):
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ONTOLOGY.objects(term, prop)}
            assert {"zh", "en"} <= langs, f"{term} lacks {prop} in zh or en"


def test_alignment():
    sdo = rdflib.Namespace("https://schema.org/")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    assert (KG.Person, OWL.equivalentClass, sdo.Person) in ONTOLOGY
    assert (KG.Article, RDFS.subClassOf, sdo.NewsArticle) in ONTOLOGY
    assert (KG.Evidence, RDFS.subClassOf, prov.Entity) in ONTOLOGY
    assert (KG.agent, RDFS.subPropertyOf, prov.wasAssociatedWith) in ONTOLOGY


def test_jsonld_context_round_trips_the_sample():
    ctx = json.loads((REPO / "schemas" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert {t[len(KGNS):] for t in _declared()} <= set(ctx)
    ds = sample_dataset()
    text = ds.serialize(format="json-ld", context=ctx)
    back = rdflib.Dataset().parse(data=text, format="json-ld")
    assert sum(1 for _ in back.quads()) == sum(1 for _ in ds.quads())
    values = {o for o in back.quads((None, KG.value, None, None))}
    assert {q[2].toPython() for q in values} == {Decimal("1000000000"), Decimal("40000000000"), Decimal("80000000000")}
