"""The persistent store: one named graph per article, replaced atomically."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.store import Store, StoreError, iter_file_articles, open_source, write_articles
from kg.vocab import KG, RDFS
from kgsample import meeting_article, sample_articles, visit_article

REPO = Path(__file__).resolve().parents[1]


def _labels(store: Store) -> set[str]:
    return {str(r["l"].value) for r in store.query("SELECT ?l WHERE { ?s rdfs:label ?l }")}


def test_rebuild_is_idempotent(tmp_path):
    d = tmp_path / "store"
    assert write_articles(d, sample_articles()) == 2
    s = Store(d)
    first = s.count()
    assert len(s.graphs()) == 2
    del s
    write_articles(d, sample_articles())
    s = Store(d)
    assert s.count() == first
    assert "陈吉宁" in _labels(s)


def test_changed_article_replaces_its_graph_only(tmp_path):
    d = tmp_path / "store"
    write_articles(d, sample_articles())
    s = Store(d)
    meeting_iri, meeting_g = meeting_article()
    before_meeting = s.graph_size(str(meeting_iri))
    iri, g = visit_article(site_name="上海市历史博物馆")  # the article was corrected: another site
    s.replace_article(str(iri), g)
    labels = _labels(s)
    assert "上海市历史博物馆" in labels
    assert "中国共产党代表团驻沪办事处纪念馆" not in labels  # the old site went with the old graph
    assert s.graph_size(str(iri)) == len(g)
    assert s.graph_size(str(meeting_iri)) == before_meeting == len(meeting_g)


def test_store_survives_reopen(tmp_path):
    d = tmp_path / "store"
    write_articles(d, sample_articles())
    ro = Store(d, read_only=True)
    assert len(ro.graphs()) == 2
    assert bool(ro.query("ASK { ?m a kg:Meeting ; kg:approved ?p }"))


def test_default_graph_and_union_query(tmp_path):
    s = Store(tmp_path / "s")
    iri, g = visit_article()
    s.replace_article(str(iri), g)
    huangpu = next(g.subjects(RDFS.label, Literal("黄浦区")))
    shanghai = URIRef("https://cnnews-kg.org/id/place/shanghai")
    s.add_default([(huangpu, KG.within, shanghai)])
    s.add_default([(huangpu, KG.within, shanghai)])
    rows = list(s.query("SELECT ?site WHERE { ?site kg:locatedIn/kg:within ?city }"))
    assert len(rows) == 1


def test_bad_store_paths(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("不是图", encoding="utf-8")
    with pytest.raises(StoreError, match="is a file"):
        Store(f)
    with pytest.raises(StoreError, match="not a graph store"):
        Store(tmp_path, read_only=True)
    with pytest.raises(StoreError, match="no such"):
        open_source(tmp_path / "missing.trig")
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> ", encoding="utf-8")
    with pytest.raises(StoreError, match="not valid TriG"):
        open_source(bad)
    with pytest.raises(StoreError, match="unknown graph file extension"):
        open_source(f)


def test_iter_file_articles_splits_named_graphs(tmp_path):
    from kgsample import sample_dataset

    p = tmp_path / "two.trig"
    sample_dataset().serialize(p, format="trig")
    groups = dict(iter_file_articles(p))
    assert set(groups) == {str(i) for i, _ in sample_articles()}
    ttl = tmp_path / "one.ttl"
    iri, g = visit_article()
    g.serialize(ttl, format="turtle")
    assert [k for k, _ in iter_file_articles(ttl)] == [str(iri)]


WRITER = textwrap.dedent(
    """
    import sys
    from rdflib import Literal, URIRef
    from kg.store import Store
    s = Store(sys.argv[1])
    N = int(sys.argv[2])
    for round_ in range(1000):
        for a in range(6):
            g = URIRef(f"https://cnnews-kg.org/id/article/a{a}")
            triples = [(URIRef(f"https://cnnews-kg.org/id/x/{a}/{i}"), URIRef("https://cnnews-kg.org/ontology#n"),
                        Literal(f"round {round_} item {i}")) for i in range(N)]
            print("begin", round_, a, flush=True)
            s.replace_article(str(g), triples)
    """
)


def _assert_whole_articles(d, n: int) -> None:
    s = Store(d)
    graphs = s.graphs()
    assert len(graphs) == 6
    for g in graphs:
        rounds = {str(r["o"].value).split()[1] for r in s.query(f"SELECT ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")}
        assert s.graph_size(g) == n, f"{g} is partial: {s.graph_size(g)} of {n} triples"
        assert len(rounds) == 1, f"{g} mixes rounds {rounds}"
    # rebuild: replace every article once more; no duplicates, nothing left over
    for a in range(6):
        s.replace_article(f"https://cnnews-kg.org/id/article/a{a}",
                          [(URIRef(f"https://cnnews-kg.org/id/x/{a}/{i}"), KG.n, Literal(f"round final item {i}")) for i in range(n)])
    assert s.count() == 6 * n


@pytest.mark.parametrize("delay", [0.0, 0.03, 0.06])
def test_kill_9_during_writes_leaves_no_partial_article(tmp_path, delay):
    """A writer replacing big articles in a loop (each write takes some 50 ms) gets SIGKILL
    ``delay`` seconds after it announced the write of its 9th article, so the kill lands at
    different points of that write. The reopened store holds only whole articles, each from a
    single round, and a rebuild gives exactly one copy of each. (A store that removed the old
    graph and then added quads in several transactions fails this test.)"""
    d = tmp_path / "store"
    n = 1500
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(d), str(n)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        begun = 0
        while begun < 9:  # the first round is written whole; the kill falls in the second
            line = proc.stdout.readline()
            assert line, "writer died early"
            begun += line.startswith("begin")
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    _assert_whole_articles(d, n)


def test_kg_load_cli_is_idempotent_and_keeps_graphs(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app
    from kgsample import sample_dataset

    runner = CliRunner()
    trig = tmp_path / "two.trig"
    ds = sample_dataset()
    huangpu = next(q[0] for q in ds.quads((None, RDFS.label, Literal("黄浦区"), None)))
    ds.default_graph.add((huangpu, KG.within, URIRef("https://cnnews-kg.org/id/place/shanghai")))  # a gazetteer fact
    ds.serialize(trig, format="trig")
    d = tmp_path / "store"
    r1 = runner.invoke(app, ["load", str(trig), "--store", str(d)])
    r2 = runner.invoke(app, ["load", str(trig), "--store", str(d)])
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    assert "2 article graph(s) loaded; the store holds 2 article(s)" in r2.stdout
    s = Store(d, read_only=True)
    assert s.count() == sum(1 for _ in ds.quads())
    assert bool(s.query("ASK { ?p kg:within ?city }"))
    del s
    r = runner.invoke(app, ["load", str(tmp_path / "missing.nq"), "--store", str(d)])
    assert r.exit_code == 2 and "no such file" in r.stderr
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    r = runner.invoke(app, ["load", str(bad), "--store", str(d)])
    assert r.exit_code == 2 and "not valid N-Quads" in r.stderr
