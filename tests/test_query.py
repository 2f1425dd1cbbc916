"""kg query: SPARQL on a store or a file, ready queries with parameters, output formats."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg import query as Q
from kg.cli import app
from kg.store import Store, write_articles
from kgsample import sample_articles, sample_dataset

runner = CliRunner()


@pytest.fixture(scope="module")
def trig(tmp_path_factory):
    p = tmp_path_factory.mktemp("q") / "sample.trig"
    sample_dataset().serialize(p, format="trig")
    return p


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("q") / "store"
    write_articles(d, sample_articles())
    return d


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_ready_query_parses_and_declares_a_title():
    queries = Q.ready_queries()
    assert {"visits", "approvals", "figures", "targets", "posts", "entity"} <= set(queries)
    s = Store(None)
    for rq in queries.values():
        assert rq.title != rq.name
        params = {p: "x" for p in rq.required}
        Q.run(s, Q.prepare(rq, params))  # raises on a syntax error


@pytest.mark.parametrize("source", ["trig", "store_dir"])
def test_visits_on_file_and_store(request, source):
    path = request.getfixturevalue(source)
    r = runner.invoke(app, ["query", str(path), "--name", "visits", "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = _csv(r.stdout)
    assert [(x["visitor"], x["site"], x["date"]) for x in rows] == [("陈吉宁", "中国共产党代表团驻沪办事处纪念馆", "2024-11-19")]


def test_approvals_and_targets(store_dir):
    rows = _csv(runner.invoke(app, ["query", str(store_dir), "--name", "approvals", "--format", "csv"]).stdout)
    assert [(x["meeting"], x["by"], x["plan"]) for x in rows] == [("国务院常务会议", "李强", "集成电路产业高质量发展行动方案")]
    rows = _csv(runner.invoke(app, ["query", str(store_dir), "--name", "targets", "-p", "place=临港新片区", "--format", "csv"]).stdout)
    assert [(x["year"], x["status"], x["value"]) for x in rows] == [("2027", "target", "80000000000"), ("2024", "forecast", "40000000000")]


def test_figure_parameters_filter(store_dir):
    rows = _csv(runner.invoke(app, ["query", str(store_dir), "-n", "figures", "-p", "place=临港新片区", "-p", "year=2019", "--format", "csv"]).stdout)
    assert [(x["comparator"], x["value"], x["unit"]) for x in rows] == [("<", "1000000000", "CNY")]
    rows = _csv(runner.invoke(app, ["query", str(store_dir), "-n", "figures", "-p", "place=黄浦区", "--format", "csv"]).stdout)
    assert rows == []


def test_entity_by_alias_and_by_iri(store_dir):
    r = runner.invoke(app, ["query", str(store_dir), "-n", "entity", "-p", "name=行动方案", "--format", "json"])
    data = json.loads(r.stdout)
    props = {b["property"]["value"].rsplit("#", 1)[-1] for b in data["results"]["bindings"]}
    assert "approved" in props and "label" in props
    sentences = {b["sentence"]["value"] for b in data["results"]["bindings"] if "sentence" in b}
    assert "会议审议通过《集成电路产业高质量发展行动方案》（以下简称《行动方案》）。" in sentences
    iri = data["results"]["bindings"][0]["entity"]["value"]
    r2 = runner.invoke(app, ["query", str(store_dir), "-n", "entity", "-p", f"name=<{iri}>", "--format", "json"])
    assert len(json.loads(r2.stdout)["results"]["bindings"]) == len(data["results"]["bindings"])


def test_parameter_value_cannot_inject_sparql(store_dir):
    evil = 'x")) } } DELETE WHERE { ?s ?p ?o } #'
    text = Q.prepare(Q.ready_query("posts"), {"person": evil})
    assert list(Q.run(str(store_dir), text)) == []
    assert Q.parse_param(evil) == ox.Literal(evil)
    with pytest.raises(Q.QueryError):
        Q.bind_params("SELECT * {}", {"a b": ox.Literal("x")})


def test_adhoc_query_with_trailing_values_and_file(tmp_path, trig):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?post WHERE { ?p rdfs:label ?who ; kg:holdsPosition/rdfs:label ?post }", encoding="utf-8")
    r = runner.invoke(app, ["query", str(trig), "--file", str(rq), "-p", "who=李强@zh", "--format", "tsv"])
    assert r.exit_code == 0 and r.stdout.split() == ["?post", '"国务院总理"@zh']
    r = runner.invoke(app, ["query", str(trig), "--file", str(rq), "-p", "who=李强", "--format", "tsv"])
    assert r.exit_code == 0 and r.stdout.split() == ["?post"]  # labels are Chinese text: "李强"@zh, not "李强"


def test_construct_turtle_and_ask(trig, tmp_path):
    out = tmp_path / "plan.ttl"
    r = runner.invoke(app, ["query", str(trig), "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kg:Plan ; rdfs:label ?l }",
                            "--format", "turtle", "-o", str(out)])
    assert r.exit_code == 0
    import rdflib
    g = rdflib.Graph().parse(out, format="turtle")
    assert {str(o) for o in g.objects()} == {"集成电路产业高质量发展行动方案"}
    r = runner.invoke(app, ["query", str(trig), "ASK { ?v a kg:Visit ; kg:site ?s }", "--format", "table"])
    assert r.stdout.strip() == "true"


@pytest.mark.parametrize("args,message", [
    (["SELEC ?x"], "SPARQL syntax error"),
    (["--name", "nosuch"], "no ready query named 'nosuch'"),
    (["--name", "entity"], "needs --param name="),
    (["--name", "visits", "-p", "who=x"], "takes no parameter who"),
    (["--name", "visits", "-p", "novalue"], "name=value"),
    (["SELECT * {?s ?p ?o}", "--format", "turtle"], "a SELECT/ASK result is a table"),
])
def test_bad_input_one_line_error(trig, args, message):
    r = runner.invoke(app, ["query", str(trig), *args])
    assert r.exit_code == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_missing_source(tmp_path):
    r = runner.invoke(app, ["query", str(tmp_path / "none.trig"), "--name", "visits"])
    assert r.exit_code == 2 and "no such store or graph file" in r.stderr


def test_list():
    r = runner.invoke(app, ["query", "--list"])
    assert r.exit_code == 0 and "visits:" in r.stdout and "--param name=" in r.stdout
