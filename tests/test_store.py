"""The persistent store: the entities once in the default graph, one named graph per article,
each article replaced atomically; counts over the union are set counts; FROM is honoured."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef

from kg.store import Store, StoreError, iter_file_articles, open_source, write_articles
from kg.vocab import KG, RDFS
from kgsample import meeting_article, sample_articles, visit_article

REPO = Path(__file__).resolve().parents[1]


def _quads(store: Store) -> set[str]:
    return {str(q) for q in store.oxigraph}


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
    meeting_iri, meeting_g, _ = meeting_article()
    before_meeting = s.graph_size(str(meeting_iri))
    iri, g, shared = visit_article(site_name="上海市历史博物馆")  # the article was corrected: another site
    s.replace_article(str(iri), g, shared)
    labels = _labels(s)
    assert "上海市历史博物馆" in labels
    assert "中国共产党代表团驻沪办事处纪念馆" not in labels  # no article names the old site any more
    assert s.graph_size(str(iri)) == len(g)
    assert s.graph_size(str(meeting_iri)) == before_meeting == len(meeting_g)
    fresh = Store(None)
    for article in (visit_article(site_name="上海市历史博物馆"), meeting_article()):
        fresh.replace_article(str(article[0]), article[1], article[2])
    assert _quads(s) == _quads(fresh)  # nothing of the old version is left anywhere


def test_shared_triples_stay_while_another_article_supports_them():
    a = visit_article(article_id="tests/a.txt")
    b = visit_article(extra_site="周公馆", article_id="tests/b.txt")   # names 陈吉宁, his post and the site again
    s = Store(None)
    for iri, g, shared in (a, b):
        s.replace_article(str(iri), g, shared)
    s.remove_article(str(a[0]))
    only_b = Store(None)
    only_b.replace_article(str(b[0]), b[1], b[2])
    assert _quads(s) == _quads(only_b)
    s.remove_article(str(b[0]))
    assert s.count() == 0


def test_counts_over_the_union_are_set_counts_and_from_is_honoured():
    s = Store(None)
    articles = [visit_article(article_id="tests/a.txt"), visit_article(article_id="tests/b.txt"), meeting_article()]
    for iri, g, shared in articles:
        s.replace_article(str(iri), g, shared)
    classes = {r["c"] for r in s.query("SELECT DISTINCT ?c WHERE { ?x a ?c }")}
    assert len(classes) >= 8
    for c in classes:
        row = next(iter(s.query(f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?x) AS ?d) WHERE {{ ?x a {c} }}")))
        assert row["n"] == row["d"], c
    n = next(iter(s.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"]
    assert int(n.value) == s.count()  # no triple is counted twice
    a = str(articles[0][0])
    only_a = next(iter(s.query(f"SELECT (COUNT(*) AS ?n) FROM <{a}> WHERE {{ ?s ?p ?o }}")))["n"]
    assert int(only_a.value) == s.graph_size(a) < s.count()
    named = {r["g"].value for r in s.query(f"SELECT DISTINCT ?g FROM NAMED <{a}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")}
    assert named == {a}
    # "from" in a string, an IRI or a variable name is no dataset clause
    assert len(list(s.query('SELECT ?from WHERE { ?from rdfs:label "from"@zh }'))) == 0
    assert len(list(s.query("SELECT ?p WHERE { ?p a kg:Person }"))) == 2  # 陈吉宁 of two articles, 李强


def test_store_survives_reopen(tmp_path):
    d = tmp_path / "store"
    write_articles(d, sample_articles())
    ro = Store(d, read_only=True)
    assert len(ro.graphs()) == 2
    assert bool(ro.query("ASK { ?m a kg:Meeting ; kg:approved ?p }"))


def test_default_graph_and_union_query(tmp_path):
    s = Store(tmp_path / "s")
    iri, g, shared = visit_article()
    s.replace_article(str(iri), g, shared)
    huangpu = next(shared.subjects(RDFS.label, Literal("黄浦区", lang="zh")))
    other = URIRef("https://cnnews-kg.org/id/place/other")
    s.add_default([(huangpu, KG.within, other)])
    s.add_default([(huangpu, KG.within, other)])
    rows = list(s.query("SELECT ?site ?city WHERE { ?site kg:locatedIn/kg:within ?city }"))
    assert len(rows) == 2  # 上海市 from the gazetteer, and the added one, each once


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
    groups = {name: (triples, shared) for name, triples, shared in iter_file_articles(p)}
    assert set(groups) == {str(i) for i, *_ in sample_articles()}
    for iri, g, shared in sample_articles():  # each article with the default-graph triples it supports
        assert len(groups[str(iri)][0]) == len(g) and len(groups[str(iri)][1]) == len(shared)
    ttl = tmp_path / "one.ttl"
    iri, g, _ = visit_article()
    turtle = rdflib.Graph()
    for triple in g:   # an article's triples (kg.rdfio.Triples) as an rdflib Graph, to write Turtle
        turtle.add(triple)
    turtle.serialize(ttl, format="turtle")
    assert [k for k, *_ in iter_file_articles(ttl)] == [str(iri)]


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
    huangpu = next(q[0] for q in ds.quads((None, RDFS.label, Literal("黄浦区", lang="zh"), None)))
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


def test_bulk_paths_give_the_store_the_transactions_give(tmp_path):
    from kg.sinks import GraphFileSink
    from kg.store import BulkWriter

    articles = [visit_article(), meeting_article()]
    one_by_one = Store(None)
    for iri, g, shared in articles:
        one_by_one.replace_article(str(iri), g, shared)
    writer_store = Store(tmp_path / "w")
    writer = BulkWriter(writer_store, batch_quads=50)  # several batches
    for iri, g, shared in articles:
        writer.replace_article(iri, g, shared)
    writer.flush()
    assert _quads(writer_store) == _quads(one_by_one)
    nq = tmp_path / "all.nq"
    sink = GraphFileSink(nq)
    for iri, g, shared in articles:
        sink.add_graph(iri, g, shared)
    sink.close()
    from_file = Store(tmp_path / "f")
    assert from_file.bulk_load_files([nq]) == 0
    assert _quads(from_file) == _quads(one_by_one)
    # a corrected article bulk loaded into the store replaces the old one, as replace_article does
    fixed = visit_article(site_name="上海市历史博物馆")
    nq2 = tmp_path / "fixed.nq"
    sink = GraphFileSink(nq2)
    sink.add_graph(*fixed)
    sink.close()
    assert from_file.bulk_load_files([nq2]) == 1
    one_by_one.replace_article(str(fixed[0]), fixed[1], fixed[2])
    assert _quads(from_file) == _quads(one_by_one)


def test_kg_load_bulk_cli(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app
    from kgsample import sample_dataset

    trig = tmp_path / "two.trig"
    sample_dataset().serialize(trig, format="trig")
    runner = CliRunner()
    for flag in (["--bulk"], [], ["--bulk"]):  # bulk, incremental over it, bulk again: the same store
        r = runner.invoke(app, ["load", str(trig), "--store", str(tmp_path / "s"), *flag])
        assert r.exit_code == 0, r.output
    assert "the store holds 2 article(s)" in r.stdout
    assert Store(tmp_path / "s", read_only=True).count() == sum(1 for _ in sample_dataset().quads())
