"""A small graph written by hand as the facts an extractor would give (kg.types), in the register of
the seed page: a municipal party secretary's inspection visit, a State Council executive meeting
that approves a plan, a zone's industry figures and target. kg.graph writes them by the model, so
the store/query/serve/export/validate tests run on a fresh clone, without ../shared and without
the NLP pipeline.

Each article is ``(iri, graph, shared)``: its named graph and its triples of the default graph."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import rdflib

from kg.graph import article_graph, article_iri  # noqa: F401  (article_iri: the tests name articles by it)
from kg.resolve import entity_iri
from kg.pipeline import add_to_dataset, new_dataset
from kg.types import (PERSON, PLACE, PLAN, POSITION, SITE, Article, DateValue, Document, Event,
                      Evidence, Figure, Mention, RepairedText, Relation)


def entity(kind: str, name: str) -> rdflib.URIRef:
    """The IRI of the entity of this type and preferred name (kg.resolve.entity_iri)."""
    return entity_iri(kind, name)


def _article(aid: str, text: str, title: str, published: date, dateline: str | None = None) -> Article:
    doc = Document(doc_id=aid, text=text, path=aid, published=published, source="青年报")
    return Article(aid, doc, RepairedText(text, tuple(range(len(text)))), title=title, dateline=dateline)


def _mention(text: str, body: str, type_: str) -> Mention:
    at = body.index(text)
    return Mention(text, type_, at, at + len(text))


def _evidence(article: Article, sentence: str, *parts: str, extractor: str = "sample/1") -> Evidence:
    """The evidence of a fact stated in ``sentence``: the span covering ``parts`` in it."""
    at = article.text.index(sentence)
    spans = [(at + sentence.index(p), at + sentence.index(p) + len(p)) for p in parts] or [(at, at + len(sentence))]
    return Evidence(article.article_id, sentence, min(s for s, _ in spans), max(e for _, e in spans), extractor, 0.9)


def visit_article(site_name: str = "中国共产党代表团驻沪办事处纪念馆", extra_site: str | None = None,
                  article_id: str = "tests/visit.txt"):
    """An article: 市委书记陈吉宁 (of 上海市, by the dateline) visits a memorial hall in 黄浦区."""
    sites = [site_name] + ([extra_site] if extra_site else [])
    s1 = "市委书记陈吉宁昨天上午在调研我市红色文化传承弘扬工作时指出要传承红色基因。"
    visits = ["陈吉宁来到" + s + "。" for s in sites]
    located = ["位于黄浦区思南路的" + s + "是一处纪念馆。" for s in sites]
    body = "本报上海11月20日电 " + s1 + "".join(visits) + "".join(located)
    a = _article(article_id, body, "陈吉宁调研红色文化传承弘扬工作", date(2024, 11, 20), "本报上海11月20日电")
    chen = _mention("陈吉宁", body, PERSON)
    facts = [Relation("holdsPosition", chen, _mention("市委书记", body, POSITION), _evidence(a, s1, "市委书记", "陈吉宁"))]
    site_mentions = [_mention(s, body, SITE) for s in sites]
    for s, sentence in zip(site_mentions, located):
        facts.append(Relation("locatedIn", s, Mention("黄浦区", PLACE), _evidence(a, sentence, "黄浦区", s.text)))
    facts.append(Event("Visit", chen, _evidence(a, visits[0], "陈吉宁", sites[0]), objects=tuple(site_mentions),
                       object_evidence=tuple(_evidence(a, v, "陈吉宁", s) for v, s in zip(visits, sites)),
                       date=DateValue(date(2024, 11, 19), date(2024, 11, 19), "昨天上午"), topic="红色文化传承弘扬工作"))
    mentions = [chen, *site_mentions, _mention("上海", body, PLACE), _mention("黄浦区", body, PLACE)]
    ag = article_graph(a, mentions, facts)
    return ag.iri, ag.graph, ag.shared


def meeting_article():
    """An article: a State Council executive meeting chaired by 国务院总理李强 approves a plan; a
    zone's figures (actual 2019, forecast 2024, target 2027)."""
    s1 = "国务院总理李强11月21日主持召开国务院常务会议。"
    s2 = "会议审议通过《集成电路产业高质量发展行动方案》（以下简称《行动方案》）。"
    s3 = "临港新片区集成电路产业规模2019年不到10亿元，2024年有望突破400亿元，到2027年力争达到800亿元以上。"
    body = s1 + s2 + s3
    a = _article("tests/meeting.txt", body, "国务院常务会议审议通过集成电路产业行动方案", date(2024, 11, 22))
    li = _mention("李强", body, PERSON)
    plan = _mention("集成电路产业高质量发展行动方案", body, PLAN)
    meeting = _mention("国务院常务会议", body, "Meeting")
    zone = _mention("临港新片区", body, PLACE)
    facts = [
        Relation("holdsPosition", li, _mention("国务院总理", body, POSITION), _evidence(a, s1, "国务院总理", "李强")),
        Relation("alias", plan, Mention("行动方案", PLAN), _evidence(a, s2, plan.text, "以下简称《行动方案》")),
        Event("Meeting", li, _evidence(a, s1, "李强", "国务院常务会议"), name=meeting,
              chair=li, objects=(plan,), object_evidence=(_evidence(a, s2, "会议", plan.text),),
              date=DateValue(date(2024, 11, 21), date(2024, 11, 21), "11月21日")),
    ]
    for value, year, status, comp, text in (("10", 2019, "actual", "<", "10亿元"), ("400", 2024, "forecast", ">", "400亿元"),
                                           ("800", 2027, "target", ">=", "800亿元")):
        facts.append(Figure(zone, Decimal(value) * 100000000, "CNY", "集成电路产业规模", _evidence(a, s3, zone.text, text),
                            comparator=comp, status=status, year=year, text=text))
    ag = article_graph(a, [li, plan, meeting, zone], facts)
    return ag.iri, ag.graph, ag.shared


def sample_articles() -> list[tuple[rdflib.URIRef, rdflib.Graph, rdflib.Graph]]:
    return [visit_article(), meeting_article()]


def sample_dataset() -> rdflib.Dataset:
    ds = new_dataset()
    for iri, g, shared in sample_articles():
        add_to_dataset(ds, iri, g, shared)
    return ds
