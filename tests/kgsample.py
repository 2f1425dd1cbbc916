"""A small graph written by hand after docs/MODEL.md (its classes and properties, exactly), in the
register of the seed page: a municipal party secretary's inspection visit, a standing meeting that
approves a plan, a district's industry figures and target. Used by the store/query/serve/export
tests so they run on a fresh clone, without ../shared and without the pipeline."""
from __future__ import annotations

import hashlib
from decimal import Decimal

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.vocab import ID, KG, SDO


def _h(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def entity(kind: str, name: str) -> URIRef:
    return ID[f"{kind.lower()}/{_h(kind, name)}"]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{hashlib.sha1(article_id.encode('utf-8')).hexdigest()[:16]}"]


def _evidence(g: rdflib.Graph, art: URIRef, s, p, o, sentence: str, start: int, extractor: str) -> URIRef:
    ev = ID[f"evidence/{_h(str(s), str(p), str(o), str(start))}"]
    g.add((ev, RDF.type, KG.Evidence))
    g.add((ev, RDF.type, RDF.Statement))
    g.add((ev, RDF.type, PROV.Entity))
    g.add((ev, RDF.subject, s))
    g.add((ev, RDF.predicate, p))
    g.add((ev, RDF.object, o))
    g.add((ev, PROV.wasDerivedFrom, art))
    g.add((ev, KG.sentence, Literal(sentence)))
    g.add((ev, KG.startOffset, Literal(start, datatype=XSD.integer)))
    g.add((ev, KG.endOffset, Literal(start + len(sentence), datatype=XSD.integer)))
    g.add((ev, KG.extractor, Literal(extractor)))
    g.add((ev, KG.confidence, Literal(Decimal("0.9"), datatype=XSD.decimal)))
    return ev


def _ent(g: rdflib.Graph, art: URIRef, kind: str, name: str, *alts: str) -> URIRef:
    e = entity(kind, name)
    g.add((e, RDF.type, KG[kind]))
    g.add((e, RDFS.label, Literal(name)))
    for a in alts:
        g.add((e, SKOS.altLabel, Literal(a)))
    g.add((e, KG.mentionedIn, art))
    return e


def visit_article(site_name: str = "中国共产党代表团驻沪办事处纪念馆", extra_site: str | None = None) -> tuple[URIRef, rdflib.Graph]:
    """An article: 市委书记陈吉宁 visits a memorial hall (and optionally a second site)."""
    aid = "tests/visit.txt"
    art = article_iri(aid)
    g = rdflib.Graph()
    g.add((art, RDF.type, KG.Article))
    g.add((art, RDFS.label, Literal("陈吉宁调研红色文化传承弘扬工作")))
    g.add((art, KG.articleId, Literal(aid)))
    g.add((art, SDO.headline, Literal("陈吉宁调研红色文化传承弘扬工作")))
    g.add((art, KG.published, Literal("2024-11-20", datatype=XSD.date)))
    g.add((art, KG.sha256, Literal("0" * 64)))
    person = _ent(g, art, "Person", "陈吉宁")
    post = _ent(g, art, "Position", "市委书记")
    place = _ent(g, art, "Place", "黄浦区")
    g.add((person, KG.holdsPosition, post))
    sentence = "本报讯 市委书记陈吉宁昨天上午在调研我市红色文化传承弘扬工作时指出"
    _evidence(g, art, person, KG.holdsPosition, post, sentence, 0, "positions")
    visit = ID[f"visit/{_h(str(art), '陈吉宁', '0')}"]
    g.add((visit, RDF.type, KG.Visit))
    g.add((visit, KG.agent, person))
    g.add((person, KG.participatedIn, visit))
    g.add((visit, KG.date, Literal("2024-11-19", datatype=XSD.date)))
    g.add((visit, KG.dateText, Literal("昨天上午")))
    g.add((visit, KG.topic, Literal("红色文化传承弘扬工作")))
    for name in [site_name] + ([extra_site] if extra_site else []):
        site = _ent(g, art, "Site", name)
        g.add((site, KG.locatedIn, place))
        _evidence(g, art, site, KG.locatedIn, place, f"位于黄浦区思南路的{name}", 80, "locations")
        g.add((visit, KG.site, site))
        g.add((person, KG.visited, site))
        _evidence(g, art, person, KG.visited, site, f"陈吉宁来到{name}", 40, "visits")
    ev = _evidence(g, art, visit, RDF.type, KG.Visit, f"陈吉宁来到{site_name}", 40, "visits")
    g.add((visit, KG.hasEvidence, ev))
    return art, g


def meeting_article() -> tuple[URIRef, rdflib.Graph]:
    """An article: a State Council executive meeting chaired by 李强 approves a plan; a district
    figure (actual 2024) and a target (2027)."""
    aid = "tests/meeting.txt"
    art = article_iri(aid)
    g = rdflib.Graph()
    g.add((art, RDF.type, KG.Article))
    g.add((art, RDFS.label, Literal("国务院常务会议审议通过集成电路产业行动方案")))
    g.add((art, KG.articleId, Literal(aid)))
    g.add((art, KG.published, Literal("2024-11-22", datatype=XSD.date)))
    g.add((art, KG.sha256, Literal("1" * 64)))
    chair = _ent(g, art, "Person", "李强")
    post = _ent(g, art, "Position", "国务院总理")
    g.add((chair, KG.holdsPosition, post))
    _evidence(g, art, chair, KG.holdsPosition, post, "国务院总理李强11月21日主持召开国务院常务会议", 0, "positions")
    plan = _ent(g, art, "Plan", "集成电路产业高质量发展行动方案", "行动方案")
    meeting = ID[f"meeting/{_h(str(art), '国务院常务会议', '0')}"]
    g.add((meeting, RDF.type, KG.Meeting))
    g.add((meeting, RDFS.label, Literal("国务院常务会议")))
    g.add((meeting, KG.agent, chair))
    g.add((chair, KG.chaired, meeting))
    _evidence(g, art, chair, KG.chaired, meeting, "国务院总理李强11月21日主持召开国务院常务会议", 0, "meetings")
    g.add((meeting, KG.date, Literal("2024-11-21", datatype=XSD.date)))
    g.add((meeting, KG.approved, plan))
    ev = _evidence(g, art, meeting, KG.approved, plan, "会议审议通过《集成电路产业高质量发展行动方案》", 30, "meetings")
    g.add((meeting, KG.hasEvidence, ev))
    place = _ent(g, art, "Place", "临港新片区")
    for value, year, status, comp in (("10", "2019", "actual", "<"), ("400", "2024", "forecast", ">"), ("800", "2027", "target", ">=")):
        fig = ID[f"figure/{_h(str(art), '临港新片区', '产业规模', value, year)}"]
        g.add((fig, RDF.type, KG.Figure))
        g.add((fig, KG.value, Literal(Decimal(value) * 100000000, datatype=XSD.decimal)))
        g.add((fig, KG.unit, Literal("CNY")))
        g.add((fig, KG.year, Literal(year, datatype=XSD.gYear)))
        g.add((fig, KG.comparator, Literal(comp)))
        g.add((fig, KG.status, Literal(status)))
        g.add((fig, KG.metric, Literal("集成电路产业规模")))
        g.add((place, KG.hasFigure, fig))
        fev = _evidence(g, art, place, KG.hasFigure, fig, f"临港新片区集成电路产业规模{value}亿元", 60, "figures")
        g.add((fig, KG.hasEvidence, fev))
    return art, g


def sample_dataset() -> rdflib.Dataset:
    ds = rdflib.Dataset()
    for iri, g in (visit_article(), meeting_article()):
        ctx = ds.graph(iri)
        for t in g:
            ctx.add(t)
    return ds


def sample_articles() -> list[tuple[URIRef, rdflib.Graph]]:
    return [visit_article(), meeting_article()]
