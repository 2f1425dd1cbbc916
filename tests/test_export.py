"""Exports: RDF formats that keep or flatten the article graphs, and the networkx view."""
from __future__ import annotations

import networkx as nx
import pytest
import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.pipeline import add_to_dataset
from kg.store import write_articles
from kg.vocab import KG
from kgsample import sample_articles, sample_dataset, visit_article

runner = CliRunner()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("exp") / "store"
    write_articles(d, sample_articles())
    return d


def _by_label(G):
    return {d["label"]: n for n, d in G.nodes(data=True)}


def test_to_networkx_entities_and_folded_events():
    G = kg.to_networkx(sample_dataset())
    assert isinstance(G, nx.MultiDiGraph)
    types = {d["label"]: d["type"] for _, d in G.nodes(data=True)}
    assert types["陈吉宁"] == "Person" and types["临港新片区"] == "Place" and types["集成电路产业高质量发展行动方案"] == "Plan"
    assert not any(d["type"] in ("Visit", "Meeting", "Figure", "Evidence") for _, d in G.nodes(data=True))
    n = _by_label(G)
    visits = list(G.get_edge_data(n["陈吉宁"], n["中国共产党代表团驻沪办事处纪念馆"]).values())
    assert len(visits) == 1  # the folded Visit; the binary `visited` shortcut is not repeated
    assert visits[0]["label"] == "visited" and visits[0]["date"] == "2024-11-19" and visits[0]["topic"] == "红色文化传承弘扬工作"
    assert visits[0]["event"].startswith(str(KG).replace("ontology#", "id/visit/"))
    approved = list(G.get_edge_data(n["李强"], n["集成电路产业高质量发展行动方案"]).values())
    assert [(e["label"], e["meeting"], e["date"]) for e in approved] == [("approved", "国务院常务会议", "2024-11-21")]
    assert G.has_edge(n["陈吉宁"], n["市委书记"], key="holdsPosition")
    assert G.nodes[n["集成电路产业高质量发展行动方案"]]["altLabels"] == "行动方案"


def test_two_visits_to_one_site_stay_two_edges_and_articles_are_counted():
    ds = sample_dataset()
    # a second article reports another visit by the same person to the same site
    iri, g, shared = visit_article(article_id="tests/visit-2.txt")
    add_to_dataset(ds, iri, g, shared)
    G = kg.to_networkx(ds)
    n = _by_label(G)
    assert G.number_of_edges(n["陈吉宁"], n["中国共产党代表团驻沪办事处纪念馆"]) == 2
    assert G.get_edge_data(n["陈吉宁"], n["市委书记"], key="holdsPosition")["weight"] == 2


def test_a_post_is_tied_to_its_place_not_a_hub():
    G = kg.to_networkx(sample_dataset())
    n = _by_label(G)
    assert G.has_edge(n["市委书记"], n["上海市"], key="postIn")
    assert G.has_edge(n["国务院总理"], n["国务院"], key="postIn")


@pytest.mark.parametrize("fmt,ext", [("graphml", "graphml"), ("gexf", "gexf")])
def test_network_files_read_back(store_dir, tmp_path, fmt, ext):
    out = tmp_path / f"g.{ext}"
    r = runner.invoke(app, ["export", str(store_dir), "-o", str(out)])
    assert r.exit_code == 0, r.output
    G = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    labels = {d.get("label") for _, d in G.nodes(data=True)}
    assert {"陈吉宁", "李强", "临港新片区"} <= labels
    assert G.number_of_edges() == kg.to_networkx(sample_dataset()).number_of_edges()


def test_rdf_exports_keep_or_flatten_graphs(store_dir, tmp_path):
    quads = sum(1 for _ in sample_dataset().quads())
    for ext, fmt in (("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")):
        out = tmp_path / f"x.{ext}"
        assert runner.invoke(app, ["export", str(store_dir), "-o", str(out)]).exit_code == 0
        back = rdflib.Dataset().parse(out, format=fmt)
        assert sum(1 for _ in back.quads()) == quads, ext
        named = [g for g in back.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID]
        assert len(named) == 2 and len(back.default_graph), ext
    out = tmp_path / "x.ttl"
    assert runner.invoke(app, ["export", str(store_dir), "-o", str(out)]).exit_code == 0
    flat = rdflib.Graph().parse(out, format="turtle")
    from kg.rdfterms import union_graph
    assert len(flat) == len(union_graph(sample_dataset()))


def test_export_errors(store_dir, tmp_path):
    r = runner.invoke(app, ["export", str(store_dir), "-o", str(tmp_path / "x.png")])
    assert r.exit_code == 2 and "--format" in r.stderr
    r = runner.invoke(app, ["export", str(store_dir), "-o", "-", "--format", "gexf"])
    assert r.exit_code == 2 and "need a file" in r.stderr
    r = runner.invoke(app, ["export", str(tmp_path / "none"), "-o", str(tmp_path / "x.ttl")])
    assert r.exit_code == 2 and "no such store" in r.stderr
