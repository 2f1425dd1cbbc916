"""The SPARQL endpoint speaks the SPARQL 1.1 Protocol: GET and POST queries, content negotiation
(HTML for a browser), default-graph-uri / named-graph-uri / FROM, the service description,
OPTIONS, CORS only when asked for, and a store that changes under it."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.serve import Limits, Refused, negotiate, serve_in_thread
from kg.sparqltext import has_dataset_clause, update_keyword
from kg.store import Store, write_articles
from kgsample import article_iri, entity, meeting_article, sample_articles, visit_article


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("serve") / "store"
    write_articles(d, sample_articles())
    return d


@pytest.fixture(scope="module")
def endpoint(store_dir):
    ep = serve_in_thread(str(store_dir), 0, Limits(timeout=3, max_bytes=4000, workers=1))
    yield ep.url
    ep.close()


def request(url, query=None, *, accept=None, data=None, ctype=None, method=None, headers=None, params=None):
    fields = dict(params or {})
    if query is not None and data is None:
        fields["query"] = query
    if fields:
        url += "?" + urllib.parse.urlencode(fields, doseq=True)
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if accept:
        req.add_header("Accept", accept)
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


PEOPLE = "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name"


def names(body: str, var: str = "name") -> list[str]:
    return [b[var]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_get_select_json(endpoint):
    status, headers, body = request(endpoint, PEOPLE)
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    assert names(body) == ["李强", "陈吉宁"]


def test_post_form_csv_and_sparql_query_body(endpoint):
    status, headers, body = request(endpoint, data=urllib.parse.urlencode({"query": PEOPLE}).encode(),
                                    ctype="application/x-www-form-urlencoded", accept="text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.split() == ["name", "李强", "陈吉宁"]
    status, _, body = request(endpoint, data="ASK { ?m a kg:Meeting ; kg:approved ?p }".encode(),
                              ctype="application/sparql-query")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize("accept,prefix,marker", [
    ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
    ("text/tab-separated-values", "text/tab-separated-values", "?name"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", "<table>"),
])
def test_select_negotiation(endpoint, accept, prefix, marker):
    status, headers, body = request(endpoint, PEOPLE, accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(prefix) and marker in body
    assert "陈吉宁" in body


def test_html_results_link_entities(endpoint):
    q = "SELECT ?p ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name"
    status, _, body = request(endpoint, q, accept="text/html")
    iri = str(entity("Person", "陈吉宁"))
    assert status == 200 and f'href="/#/entity/{iri}"' in body
    status, _, body = request(endpoint, q + " LIMIT 0", params={"format": "html"})
    assert status == 200 and "0 rows" in body


def test_construct_negotiates_rdf(endpoint):
    q = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kg:Plan ; rdfs:label ?l }"
    status, headers, body = request(endpoint, q, accept="application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert '"集成电路产业高质量发展行动方案"' in body
    status, headers, body = request(endpoint, q, accept="application/ld+json")
    assert status == 200 and "集成电路产业高质量发展行动方案" in json.dumps(json.loads(body), ensure_ascii=False)
    status, _, body = request(endpoint, q, accept="text/csv")
    assert status == 406 and body.count("\n") == 1


def test_dataset_from_protocol_and_from_clause(endpoint):
    """The default graph is the union of the default graph (the entities) and the articles unless
    the request or the query names graphs: an article's graph holds what the article says."""
    visit_graph, figures_graph = str(visit_article()[0]), str(meeting_article()[0])
    q = "SELECT DISTINCT ?name WHERE { ?a a kg:Article ; rdfs:label ?name } ORDER BY ?name"
    assert names(request(endpoint, q)[2]) == ["国务院常务会议审议通过集成电路产业行动方案", "陈吉宁调研红色文化传承弘扬工作"]
    only_visit = names(request(endpoint, q, params={"default-graph-uri": visit_graph})[2])
    assert only_visit == ["陈吉宁调研红色文化传承弘扬工作"]
    assert names(request(endpoint, q.replace("WHERE", f"FROM <{visit_graph}> WHERE"))[2]) == ["陈吉宁调研红色文化传承弘扬工作"]
    # protocol parameters win over FROM; a graph name that is no article gives an empty default graph
    assert names(request(endpoint, q.replace("WHERE", f"FROM <{visit_graph}> WHERE"),
                         params={"default-graph-uri": "urn:none"})[2]) == []
    # named-graph-uri: GRAPH ?g sees only the named graphs given
    gq = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a kg:Article } }"
    got = [b["g"]["value"] for b in json.loads(request(endpoint, gq, params={"named-graph-uri": figures_graph})[2])["results"]["bindings"]]
    assert got == [figures_graph]
    got = [b["g"]["value"] for b in json.loads(request(endpoint, gq.replace("WHERE", f"FROM NAMED <{visit_graph}> WHERE"))[2])["results"]["bindings"]]
    assert got == [visit_graph]
    status, _, body = request(endpoint, q, params={"default-graph-uri": "not an iri"})
    assert status == 400 and "graph IRI" in body


def test_service_description_options_and_browser_root(endpoint):
    status, headers, body = request(endpoint)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert "sd:Service" in body and "sd:SPARQL11Query" in body and endpoint in body
    status, _, body = request(endpoint, accept="application/n-triples")
    assert status == 200 and "http://www.w3.org/ns/sparql-service-description#endpoint" in body
    status, headers, body = request(endpoint, PEOPLE, method="HEAD")
    assert status == 200 and body == "" and headers["Content-Type"].startswith("application/sparql-results+json")
    status, headers, _ = request(endpoint, method="OPTIONS")
    assert status == 204 and "POST" in headers["Allow"]
    assert "Access-Control-Allow-Origin" not in headers
    # a browser that opens /sparql lands on the explorer
    status, _, body = request(endpoint, accept="text/html,*/*;q=0.8")
    assert status == 200 and "<html" in body and "explorer" in body.lower()


@pytest.mark.parametrize("query,status,words", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "read-only"),
    ("PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }", 403, "read-only"),
    ("DROP ALL", 403, "read-only"),
    ("LOAD <http://example.org/data.ttl>", 403, "read-only"),
    ("SELEC ?x", 400, "syntax"),
    ("SELECT ?x WHERE { ?x a unknown:Thing }", 400, "syntax"),
])
def test_refusals_are_one_line(endpoint, query, status, words):
    got, headers, body = request(endpoint, query)
    assert got == status and words in body
    assert headers["Content-Type"].startswith("text/plain") and body.count("\n") == 1
    assert "Traceback" not in body


def test_update_channels_refused(endpoint):
    status, _, _ = request(endpoint, data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", ctype="application/sparql-update")
    assert status == 403
    status, _, _ = request(endpoint, data=urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
                           ctype="application/x-www-form-urlencoded")
    assert status == 403
    status, _, _ = request(endpoint, data=b"x", ctype="application/sparql-query", method="PUT")
    assert status == 405
    status, _, body = request(endpoint, data=b"<a/>", ctype="application/xml")
    assert status == 415
    assert json.loads(request(endpoint, "ASK { ?p a kg:Person }")[2])["boolean"] is True


def test_slow_query_is_stopped_and_endpoint_recovers(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    t = time.monotonic()
    status, _, body = request(endpoint, slow)
    assert status == 503 and "time limit" in body and time.monotonic() - t < 10
    status, _, body = request(endpoint, PEOPLE)  # another worker answers the next query
    assert status == 200 and "陈吉宁" in body


def test_result_size_limit(endpoint):
    status, _, body = request(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 503 and "larger than the limit" in body


def test_rdflib_sparqlstore(endpoint):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(endpoint))
    rows = g.query("PREFIX kg: <https://cnnews-kg.org/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                   "SELECT ?plan WHERE { ?m a kg:Meeting ; kg:approved/rdfs:label ?plan }")
    assert [str(r[0]) for r in rows] == ["集成电路产业高质量发展行动方案"]


def test_explorer_api_runs_named_queries_with_bound_parameters(endpoint):
    base = endpoint.rsplit("/", 1)[0]
    status, _, body = request(base + "/api/queries")
    listing = json.loads(body)
    assert status == 200 and "visits" in [q["name"] for q in listing["ready"]] and "entity-facts" in listing["explorer"]
    iri = str(entity("Person", "陈吉宁"))
    status, _, body = request(base + "/api/run/entity-names", params={"entity": iri})
    values = {b["value"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert status == 200 and "陈吉宁" in values
    # a parameter value is one RDF term, never SPARQL: this one finds nothing and breaks nothing
    status, _, body = request(base + "/api/run/search", params={"q": '"} } SELECT * WHERE { ?s ?p ?o } #'})
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    assert request(base + "/api/run/nope")[0] == 404
    status, _, body = request(base + "/api/run/entity-names", params={"other": "x"})
    assert status == 400 and body.count("\n") == 1


def test_cors_only_for_the_allowed_origin(store_dir):
    with serve_in_thread(str(store_dir), 0, Limits(workers=1, express=False), cors="http://localhost:3000") as ep:
        status, headers, _ = request(ep.url, PEOPLE, headers={"Origin": "http://localhost:3000"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
        status, headers, _ = request(ep.url, method="OPTIONS", headers={
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
        assert "Content-Type" in headers["Access-Control-Allow-Headers"]
        status, headers, _ = request(ep.url, PEOPLE, headers={"Origin": "http://evil.example"})
        assert status == 403 and "Access-Control-Allow-Origin" not in headers


def test_store_changed_under_a_running_endpoint_is_picked_up_whole(tmp_path):
    d = tmp_path / "store"
    write_articles(d, [visit_article()])
    with serve_in_thread(str(d), 0, Limits(workers=2)) as ep:
        status, headers, body = request(ep.url, PEOPLE)
        assert names(body) == ["陈吉宁"] and headers["KG-Snapshot"] == "1"
        store = Store(d)
        for iri, graph, shared in sample_articles():
            store.replace_article(str(iri), graph, shared)
        store.flush()
        del store
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status, headers, body = request(ep.url, PEOPLE)
            if headers["KG-Snapshot"] != "1":
                break
            time.sleep(0.3)
        assert headers["KG-Snapshot"] == "2" and names(body) == ["李强", "陈吉宁"]
        # every worker of the new snapshot answers the same
        answers = {request(ep.url, PEOPLE)[2] for _ in range(6)}
        assert len(answers) == 1
        health = json.loads(request(ep.base + "/health")[2])
        assert health["snapshot"] == 2 and health["status"] == "ok"


def test_units_negotiate_and_query_text():
    assert negotiate("select", "text/html, application/sparql-results+xml;q=0.9, */*;q=0.1", None) == "html"
    assert negotiate("select", "application/sparql-results+xml, */*;q=0.1", None) == "xml"
    assert negotiate("construct", "*/*", None) == "turtle"
    assert negotiate("select", None, "tsv") == "tsv"
    with pytest.raises(Refused):
        negotiate("ask", "image/png", None)
    assert has_dataset_clause("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
    assert has_dataset_clause("construct { ?s ?p ?o } from named <urn:g> where { ?s ?p ?o }")
    assert not has_dataset_clause('SELECT * WHERE { ?s ?p "FROM <urn:g>" } # FROM <x>')
    assert not has_dataset_clause("SELECT ?from WHERE { ?from ex:from <urn:FROM> FILTER(?x < 3 && ?y > 2) }")
    assert update_keyword("PREFIX a: <urn:a> BASE <urn:b> insert data { }") == "insert"
    assert update_keyword("SELECT * WHERE { ?s ?p ?o }") is None
    assert article_iri  # the helper module's IRIs are those of the fixtures above
