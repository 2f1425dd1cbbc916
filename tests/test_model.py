"""kg/model.py is the one place the graph model is declared: checked here against the ontology and
the SHACL shapes, and the writer (kg/graph.py) against the model: which terms it emits, where
each triple lives, language tags, evidence per edge."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import rdflib
from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg import model
from kg.graph import article_graph
from kg.vocab import KG, ORG
from kgsample import _article, _evidence, _mention, meeting_article, sample_dataset, visit_article

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = rdflib.Graph().parse(REPO / "schemas" / "ontology.ttl", format="turtle")
SHAPES = rdflib.Graph().parse(REPO / "schemas" / "shapes.ttl", format="turtle")


def _kg(term) -> bool:
    return str(term).startswith(str(KG))


def test_every_model_term_is_declared_in_the_ontology():
    for cls in model.CLASS_TERMS:
        assert (cls, RDF.type, OWL.Class) in ONTOLOGY, cls
    kinds = {OWL.ObjectProperty, OWL.DatatypeProperty}
    for prop in model.PROPERTY_TERMS:
        if _kg(prop):
            assert set(ONTOLOGY.objects(prop, RDF.type)) & kinds, prop
        else:  # a borrowed term (rdfs:label, prov:wasDerivedFrom, org:postIn...): the ontology says how it is used
            assert (prop, RDFS.comment, None) in ONTOLOGY or prop in (RDF.subject, RDF.predicate, RDF.object), prop
    for dt in model.DATATYPES:
        assert (dt, RDF.type, RDFS.Datatype) in ONTOLOGY, dt


def test_the_ontology_declares_nothing_the_model_does_not_write():
    declared = {s for s, _, o in ONTOLOGY.triples((None, RDF.type, None))
                if _kg(s) and o in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)}
    assert declared <= model.CLASS_TERMS | model.PROPERTY_TERMS, sorted(declared - model.CLASS_TERMS - model.PROPERTY_TERMS)


def test_the_shapes_check_model_terms_and_every_class():
    used = set()
    for p in (SH.targetClass, SH["class"], SH.path, SH.targetSubjectsOf, SH.hasValue):
        used |= {o for o in SHAPES.objects(None, p) if isinstance(o, rdflib.URIRef)}
    known = model.CLASS_TERMS | model.PROPERTY_TERMS | model.DATATYPES | {SKOS.altLabel}
    assert {t for t in used if _kg(t) or t == ORG.postIn} <= known
    targets = set(SHAPES.objects(None, SH.targetClass))
    assert set(model.CLASSES.values()) <= targets, sorted(set(model.CLASSES.values()) - targets)


def test_every_fact_the_extractors_make_has_a_fact_type():
    from kg.pipeline import iter_results

    families = {f.family for r in iter_results([REPO / "samples" / "youth-daily-page.txt"], use_model=False)
                for f in r.facts}
    assert families and families <= set(model.FACT_TYPES)
    assert {"Visit", "Meeting", "figure", "holdsPosition"} <= families


def test_the_writer_emits_model_terms_with_language_tags_and_each_triple_once():
    ds = sample_dataset()
    where: dict = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        assert p == RDF.type or p in model.PROPERTY_TERMS, p
        if p == RDF.type:
            assert o in model.CLASS_TERMS, o
        if p in model.TEXT_PROPERTIES:
            assert isinstance(o, Literal) and o.language in ("zh", "zxx"), (p, o)
        if p == RDFS.label:
            assert o.language, o
        where.setdefault((s, p, o), set()).add(g)
    assert all(len(graphs) == 1 for graphs in where.values())
    default = ds.default_graph
    entities = {s for s, _, o in default.triples((None, RDF.type, None)) if o in model.ENTITY_CLASSES.values()}
    assert {s for s, _, _ in default} <= entities  # the default graph describes entities only
    units = {o for _, _, o, _ in ds.quads((None, KG.unit, None, None))}
    assert units == {Literal("CNY", datatype=model.ISO4217)}


def test_each_edge_has_the_evidence_of_its_own_sentence():
    iri, g, shared = visit_article(extra_site="周公馆")
    chen = next(shared.subjects(RDFS.label, Literal("陈吉宁", lang="zh")))
    sentences = {}
    for ev in g.subjects(RDF.predicate, KG.visited):
        site = g.value(ev, RDF.object)
        sentences[str(shared.value(site, RDFS.label))] = (str(g.value(ev, KG.sentence)), g.value(ev, KG.startOffset))
        assert g.value(ev, RDF.subject) == chen and (chen, KG.visited, site) in shared
    assert sentences["周公馆"][0] == "陈吉宁来到周公馆。"
    assert sentences["中国共产党代表团驻沪办事处纪念馆"][0] == "陈吉宁来到中国共产党代表团驻沪办事处纪念馆。"
    assert sentences["周公馆"][1] != sentences["中国共产党代表团驻沪办事处纪念馆"][1]


def test_participants_get_their_sentence_and_events_without_it_fall_back():
    from kg.types import PERSON, SITE, Event

    body = "王伟来到杭州港。李明陪同调研。"
    a = _article("tests/p.txt", body, "t", date(2025, 1, 1))
    wang, li, port = _mention("王伟", body, PERSON), _mention("李明", body, PERSON), _mention("杭州港", body, SITE)
    ev = Event("Visit", wang, _evidence(a, "王伟来到杭州港。", "王伟", "杭州港"), objects=(port,), participants=(li,),
               participant_evidence=(_evidence(a, "李明陪同调研。", "李明"),))
    ag = article_graph(a, [wang, li, port], [ev])
    (st,) = ag.graph.subjects(RDF.predicate, KG.participatedIn)
    assert str(ag.graph.value(st, KG.sentence)) == "李明陪同调研。"
    (st,) = ag.graph.subjects(RDF.predicate, KG.visited)  # no object_evidence: the event's own
    assert str(ag.graph.value(st, KG.sentence)) == "王伟来到杭州港。"


def test_a_new_fact_family_is_one_model_entry():
    """A family the model does not know is refused with a clear message, not written halfway."""
    import pytest

    from kg.types import Relation

    body = "甲公司收购乙公司。"
    a = _article("tests/x.txt", body, "t", date(2025, 1, 1))
    fact = Relation("acquired", _mention("甲公司", body, "Organization"), _mention("乙公司", body, "Organization"),
                    _evidence(a, body))
    with pytest.raises(KeyError, match="acquired"):
        article_graph(a, [], [fact])


def test_meeting_sample_round_trip_of_posts():
    _, _, shared = meeting_article()
    post = next(shared.subjects(RDFS.label, Literal("国务院总理", lang="zh")))
    assert str(shared.value(post, KG.title)) == "总理"
    assert str(shared.value(shared.value(post, ORG.postIn), RDFS.label)) == "国务院"
