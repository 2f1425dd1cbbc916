"""The ready queries on real builds: the same rows from a Turtle file, a TriG file and a store of
the same build; TriG written twice is the same bytes."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg import query as Q
from kg.sinks import GraphFileSink
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "youth-daily-page.txt"
PARAMS = {  # every ready query, with and without its parameters
    "visits": [{}, {"person": "陈吉宁"}, {"site": "周公馆"}],
    "approvals": [{}, {"by": "龚正"}, {"plan": "上海高质量推进全球金融科技中心建设行动方案"}],
    "figures": [{}, {"place": "临港新片区"}, {"place": "临港新片区", "year": "2027"}, {"status": "target"}],
    "targets": [{}, {"place": "临港"}],
    "posts": [{}, {"person": "陈吉宁"}],
    "people": [{}],
    "articles": [{}],
    "entity": [{"name": "陈吉宁"}, {"name": "周公馆"}, {"name": "临港新片区"}],
}


def test_params_cover_every_ready_query():
    assert set(PARAMS) == set(Q.ready_queries())


def rows(source, name: str, params: dict) -> list[list[str]]:
    _, found = Q.table_rows(Q.run(source, Q.prepare(Q.ready_query(name), params)))
    return sorted(found)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The sample page built once, written as .trig (twice), .ttl and into a store."""
    from kg.pipeline import iter_results

    out = tmp_path_factory.mktemp("ready")
    results = list(iter_results([SAMPLE], use_model=False))
    paths = {}
    for name in ("a.trig", "b.trig", "c.ttl"):
        sink = GraphFileSink(out / name)
        for r in results:
            sink.add_graph(r.iri, r.graph, r.shared)
        sink.close()
        paths[name] = out / name
    store = Store(out / "store")
    for r in results:
        store.replace_article(str(r.iri), r.graph, r.shared)
    store.flush()
    del store
    return paths["a.trig"], paths["b.trig"], paths["c.ttl"], out / "store"


def test_trig_is_the_same_bytes_every_time(builds):
    a, b, _, _ = builds
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_the_same_rows_from_turtle_trig_and_store(builds, name):
    trig, _, ttl, store = builds
    for params in PARAMS[name]:
        from_trig = rows(str(trig), name, params)
        assert from_trig == rows(str(ttl), name, params) == rows(str(store), name, params), params
        if name not in ("entity",) and not params:
            assert from_trig, f"{name} finds nothing on the sample page"


# -- the ready queries are written for the engine (kg/queries: driving sets scanned, then looked up);
# these plain formulations say what each must answer, and on the seed page and the dev articles
# (fewer rows than a listing's limit) the two give the same rows --------------------------------------
REFERENCE = {
    "visits": """
SELECT ?date ?visitor ?site ?dateText ?topic (GROUP_CONCAT(DISTINCT ?pn; separator="、") AS ?participants) ?article ?visit
WHERE {
  #PARAMS
  ?visit a kg:Visit ; kg:agent ?agent ; kg:site ?siteNode ; kg:mentionedIn ?article .
  ?agent rdfs:label ?visitor . ?siteNode rdfs:label ?site .
  OPTIONAL { ?visit kg:date ?d } OPTIONAL { ?visit kg:startDate ?sd } BIND(COALESCE(?d, ?sd) AS ?date)
  OPTIONAL { ?visit kg:dateText ?dateText } OPTIONAL { ?visit kg:topic ?topic }
  OPTIONAL { ?visit kg:participant/rdfs:label ?pn }
  FILTER(!BOUND(?param_person) || EXISTS { ?agent rdfs:label|skos:altLabel ?n FILTER(STR(?n) = STR(?param_person)) })
  FILTER(!BOUND(?param_site) || EXISTS { ?siteNode rdfs:label|skos:altLabel ?n FILTER(STR(?n) = STR(?param_site)) })
} GROUP BY ?date ?visitor ?site ?dateText ?topic ?article ?visit""",
    "approvals": """
SELECT DISTINCT ?date ?meeting ?by ?plan ?article ?meetingNode
WHERE {
  #PARAMS
  ?meetingNode a kg:Meeting ; kg:approved ?planNode ; kg:mentionedIn ?article . ?planNode rdfs:label ?plan .
  OPTIONAL { ?meetingNode rdfs:label ?meeting }
  OPTIONAL { ?meetingNode kg:agent ?agent . ?agent rdfs:label ?by }
  OPTIONAL { ?meetingNode kg:date ?d } OPTIONAL { ?meetingNode kg:startDate ?sd } BIND(COALESCE(?d, ?sd) AS ?date)
  FILTER(!BOUND(?param_plan) || EXISTS { ?planNode rdfs:label|skos:altLabel ?n FILTER(STR(?n) = STR(?param_plan)) })
  FILTER(!BOUND(?param_by) || EXISTS { ?agent rdfs:label|skos:altLabel ?n FILTER(STR(?n) = STR(?param_by)) })
}""",
    "figures": """
SELECT ?subject ?year ?metric ?comparator ?value ?unit ?status ?article ?figure
WHERE {
  #PARAMS
  ?subjectNode kg:hasFigure ?figure ; rdfs:label ?subject .
  ?figure kg:value ?value ; kg:hasEvidence/prov:wasDerivedFrom ?article .
  OPTIONAL { ?figure kg:unit ?unit } OPTIONAL { ?figure kg:year ?year } OPTIONAL { ?figure kg:metric ?metric }
  OPTIONAL { ?figure kg:comparator ?comparator } OPTIONAL { ?figure kg:status ?status }
  FILTER(!BOUND(?param_place) || EXISTS { ?subjectNode rdfs:label|skos:altLabel ?n FILTER(STR(?n) = STR(?param_place)) })
  FILTER(!BOUND(?param_year) || STR(?year) = STR(?param_year))
  FILTER(!BOUND(?param_status) || STR(?status) = STR(?param_status))
}""",
    "targets": """
SELECT ?subject ?year ?metric ?comparator ?value ?unit ?status ?article ?figure
WHERE {
  #PARAMS
  ?subjectNode kg:hasFigure ?figure ; rdfs:label ?subject .
  ?figure kg:value ?value ; kg:status ?status ; kg:hasEvidence/prov:wasDerivedFrom ?article .
  FILTER(STR(?status) IN ("target", "forecast"))
  OPTIONAL { ?figure kg:unit ?unit } OPTIONAL { ?figure kg:year ?year } OPTIONAL { ?figure kg:metric ?metric }
  OPTIONAL { ?figure kg:comparator ?comparator }
  FILTER(!BOUND(?param_place) || EXISTS { ?subjectNode rdfs:label|skos:altLabel ?n FILTER(STR(?n) = STR(?param_place)) })
}""",
    "posts": """
SELECT DISTINCT ?person ?post ?of ?sentence ?article
WHERE {
  #PARAMS
  ?personNode kg:holdsPosition ?postNode ; rdfs:label ?person . ?postNode rdfs:label ?post .
  ?ev rdf:subject ?personNode ; rdf:predicate kg:holdsPosition ; rdf:object ?postNode ;
      kg:sentence ?sentence ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?postNode org:postIn/rdfs:label ?of }
  FILTER(!BOUND(?param_person) || EXISTS { ?personNode rdfs:label|skos:altLabel ?n FILTER(STR(?n) = STR(?param_person)) })
}""",
    "people": """
SELECT ?person (GROUP_CONCAT(DISTINCT ?post; separator="、") AS ?posts) (COUNT(DISTINCT ?article) AS ?articles) ?personNode
WHERE {
  ?personNode a kg:Person ; rdfs:label ?person ; kg:mentionedIn ?article .
  OPTIONAL { ?personNode kg:holdsPosition/rdfs:label ?post }
} GROUP BY ?person ?personNode""",
    "articles": """
SELECT ?article ?title ?published ?source ?facts
WHERE {
  ?article a kg:Article ; rdfs:label ?title ; kg:factCount ?facts .
  OPTIONAL { ?article kg:published ?published } OPTIONAL { ?article kg:source ?source }
}""",
    "entity": """
SELECT DISTINCT ?entity ?direction ?property ?value ?sentence ?article
WHERE {
  #PARAMS
  ?entity rdfs:label|skos:altLabel ?name . FILTER(STR(?name) = STR(?param_name))
  {
    { ?ev rdf:subject ?entity ; rdf:object ?v . BIND("out" AS ?direction) }
    UNION { ?ev rdf:object ?entity ; rdf:subject ?v . BIND("in" AS ?direction) }
    ?ev rdf:predicate ?property ; prov:wasDerivedFrom ?article . OPTIONAL { ?ev kg:sentence ?sentence }
  } UNION {
    { ?entity ?property ?v . BIND("out" AS ?direction)
      FILTER(?property IN (rdf:type, rdfs:label, kg:within, org:postIn, kg:title, kg:mentionedIn)) }
    UNION { ?v ?property ?entity . BIND("in" AS ?direction)
      FILTER(?property IN (kg:within, org:postIn, kg:agent, kg:participant, kg:site)) }
  }
  OPTIONAL { ?v rdfs:label ?vl } BIND(COALESCE(?vl, ?v) AS ?value)
}""",
}


def test_every_ready_query_has_a_reference():
    assert set(REFERENCE) == set(Q.ready_queries())


def _as_sets(rows: list[list[str]], names: list[str]) -> list:
    """Rows with lists joined by 、 read as sets (their order is the query's choice)."""
    out = []
    for row in rows:
        out.append(tuple(frozenset(v.split("、")) if n in ("participants", "posts") else v for n, v in zip(names, row)))
    return sorted(out, key=repr)


def _same_rows(source, name: str, params: dict) -> None:
    text = Q.bind_params(REFERENCE[name], {k: Q.parse_param(v) for k, v in params.items()})
    ref_names, reference = Q.table_rows(Q.run(source, text))
    # names found by the query itself, and looked up in the store first (as kg query does)
    for lookup in (None, source):
        names, ready = Q.table_rows(Q.run(source, Q.prepare(Q.ready_query(name), params, lookup)))
        assert names == ref_names
        assert len(ready) < 500, "more rows than a listing shows: compare on a smaller build"
        assert _as_sets(ready, names) == _as_sets(reference, names), (name, params, lookup)


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_ready_queries_answer_what_the_plain_queries_answer_on_the_sample(builds, name):
    _, _, _, store = builds
    for params in PARAMS[name]:
        _same_rows(str(store), name, params)


@pytest.fixture(scope="module")
def dev_store(shared_dir, tmp_path_factory):
    from kg.pipeline import iter_results

    articles = shared_dir / "corpus" / "dev" / "articles.jsonl"
    if not articles.is_file():
        pytest.skip(f"{articles} not found")
    store = Store(None)
    for r in iter_results([articles], use_model=False):
        store.replace_article(str(r.iri), r.graph, r.shared)
    return store


DEV_PARAMS = {"visits": [{}, {"person": "谌贻琴"}, {"site": "杭州市"}], "posts": [{}, {"person": "谌贻琴"}],
              "figures": [{}, {"place": "国家级经济技术开发区"}, {"year": "2024"}, {"status": "actual"}],
              "targets": [{}], "approvals": [{}, {"by": "国务院"}], "people": [{}], "articles": [{}],
              "entity": [{"name": "谌贻琴"}, {"name": "国务院"}, {"name": "杭州"}]}


@pytest.mark.parametrize("name", sorted(DEV_PARAMS))
def test_ready_queries_answer_what_the_plain_queries_answer_on_the_dev_articles(dev_store, name):
    for params in DEV_PARAMS[name]:
        _same_rows(dev_store, name, params)


def test_a_listing_shows_at_most_its_limit_and_the_latest_first(builds):
    _, _, _, store = builds
    rows = Q.run(str(store), Q.prepare(Q.ready_query("figures"), {"limit": "3"}))
    years = [r["year"].value if r["year"] else "" for r in rows]
    assert len(years) == 3 and "2027" in years  # the latest years, of the page's ten figures
    with pytest.raises(Q.QueryError, match="whole number"):
        Q.prepare(Q.ready_query("figures"), {"limit": "0"})


def test_a_body_that_approves_without_a_meeting_is_no_meeting():
    from datetime import date

    from kg.graph import article_graph
    from kg.types import ORGANIZATION, PLAN, Relation
    from kgsample import _article, _evidence, _mention, sample_articles

    body = "《北京城市总体规划》经国务院批准实施。"
    a = _article("tests/body.txt", body, "t", date(2025, 1, 2))
    fact = Relation("approved", _mention("国务院", body, ORGANIZATION), _mention("北京城市总体规划", body, PLAN),
                    _evidence(a, body))
    ag = article_graph(a, [], [fact])
    store = Store(None)
    for iri, g, shared in [*sample_articles(), (ag.iri, ag.graph, ag.shared)]:
        store.replace_article(str(iri), g, shared)
    rows = Q.table_rows(Q.run(store, Q.prepare(Q.ready_query("approvals"), {})))[1]
    assert [r[1] for r in rows] == ["国务院常务会议"]
    _same_rows(store, "approvals", {})
