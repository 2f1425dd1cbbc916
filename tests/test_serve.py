"""The SPARQL endpoint: answers curl-like requests and rdflib's SPARQLStore; refuses updates,
LOAD, SERVICE, a query past the time limit and a result past the size limit."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.serve import Limits, Refused, check_query, negotiate, serve_in_thread
from kg.store import write_articles
from kgsample import sample_articles


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    d = tmp_path_factory.mktemp("serve") / "store"
    write_articles(d, sample_articles())
    server, thread = serve_in_thread(str(d), 0, Limits(timeout=1.5, max_bytes=4000, workers=1))
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/sparql"
    server.shutdown()
    server.server_close()
    server.pool.close()


def _get(url, query, accept=None):
    req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}))
    if accept:
        req.add_header("Accept", accept)
    return _open(req)


def _post(url, data: bytes, ctype: str, accept=None):
    req = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": ctype})
    if accept:
        req.add_header("Accept", accept)
    return _open(req)


def _open(req):
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers.get("Content-Type"), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read().decode("utf-8")


PEOPLE = "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name"


def test_get_select_json(endpoint):
    status, ctype, body = _get(endpoint, PEOPLE)
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert names == ["李强", "陈吉宁"]


def test_post_form_csv_and_sparql_query_body(endpoint):
    status, ctype, body = _post(endpoint, urllib.parse.urlencode({"query": PEOPLE}).encode(),
                                "application/x-www-form-urlencoded", accept="text/csv")
    assert status == 200 and ctype.startswith("text/csv")
    assert body.split() == ["name", "李强", "陈吉宁"]
    status, _, body = _post(endpoint, "ASK { ?m a kg:Meeting ; kg:approved ?p }".encode(), "application/sparql-query")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_construct_negotiates_rdf(endpoint):
    q = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kg:Plan ; rdfs:label ?l }"
    status, ctype, body = _get(endpoint, q, accept="application/n-triples")
    assert status == 200 and ctype.startswith("application/n-triples")
    assert '"集成电路产业高质量发展行动方案"' in body
    status, ctype, _ = _get(endpoint, q, accept="text/csv")
    assert status == 406


@pytest.mark.parametrize("query,status,words", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "read-only"),
    ("DROP ALL", 403, "read-only"),
    ("LOAD <http://example.org/data.ttl>", 403, "read-only"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
    ("SELECT * WHERE { ?s ?p ?o . OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?q ?x } } }", 403, "SERVICE"),
    ("SELEC ?x", 400, "syntax"),
])
def test_refusals(endpoint, query, status, words):
    got, ctype, body = _get(endpoint, query)
    assert got == status and words in body
    assert ctype.startswith("text/plain")


def test_update_channels_refused(endpoint):
    status, _, body = _post(endpoint, b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update")
    assert status == 403
    status, _, body = _post(endpoint, urllib.parse.urlencode({"update": "DROP ALL"}).encode(), "application/x-www-form-urlencoded")
    assert status == 403
    # and the data is still there
    assert json.loads(_get(endpoint, "ASK { ?p a kg:Person }")[2])["boolean"] is True


def test_slow_query_is_stopped_and_endpoint_recovers(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    status, _, body = _get(endpoint, slow)
    assert status == 503 and "time limit" in body
    status, _, body = _get(endpoint, PEOPLE)  # a fresh worker answers the next query
    assert status == 200 and "陈吉宁" in body


def test_result_size_limit(endpoint):
    status, _, body = _get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 503 and "larger than the limit" in body


def test_rdflib_sparqlstore(endpoint):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(endpoint))
    rows = g.query("PREFIX kg: <https://cnnews-kg.org/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                   "SELECT ?plan WHERE { ?m a kg:Meeting ; kg:approved/rdfs:label ?plan }")
    assert [str(r[0]) for r in rows] == ["集成电路产业高质量发展行动方案"]


def test_check_query_and_negotiate_units():
    assert check_query("DESCRIBE <urn:x>") == "describe"
    with pytest.raises(Refused) as e:
        check_query("CLEAR DEFAULT")
    assert e.value.status == 403
    assert negotiate("select", "text/html, application/sparql-results+xml;q=0.9, */*;q=0.1", None) == "xml"
    assert negotiate("construct", "*/*", None) == "turtle"
    assert negotiate("select", None, "tsv") == "tsv"
    with pytest.raises(Refused):
        negotiate("ask", "image/png", None)
