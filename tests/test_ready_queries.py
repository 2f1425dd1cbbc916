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
            sink.add(r.iri, r.graph, r.shared)
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
