"""The SPARQL 1.1 Protocol's vocabulary: media types, content negotiation, the service
description, and results as an HTML page for a browser."""
from __future__ import annotations

import html
import json

import pyoxigraph as ox

RESULTS_MEDIA = {  # media type -> kg.query format name (SELECT / ASK)
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/html": "html",
    "application/xhtml+xml": "html",
}
GRAPH_MEDIA = {  # CONSTRUCT / DESCRIBE
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "text/html": "html",
    "application/xhtml+xml": "html",
}
FORMAT_MEDIA = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
    "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json",
    "nquads": "application/n-quads", "trig": "application/trig", "html": "text/html",
}
GRAPH_KINDS = ("construct", "describe", "graph")


class Refused(Exception):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer with and
    ``message`` one line of text (no paths, no tracebacks)."""

    def __init__(self, status: int, message: str):
        message = " ".join(str(message).split())
        super().__init__(message)
        self.status = status
        self.message = message


def negotiate(kind: str, accept: str | None, fmt: str | None) -> str:
    """The format name for a result of ``kind`` (select, ask, construct, describe) given the
    Accept header (q-values honoured) or an explicit ``format`` parameter; ``html`` for a
    browser."""
    table = GRAPH_MEDIA if kind in GRAPH_KINDS else RESULTS_MEDIA
    names = set(table.values())
    if fmt:
        if fmt in names:
            return fmt
        if fmt in table:
            return table[fmt]
        raise Refused(406, f"format {fmt!r} cannot express a {kind.upper()} result (use one of {', '.join(sorted(names))})")
    default = "turtle" if table is GRAPH_MEDIA else "json"
    if not accept:
        return default
    choices = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            choices.append((-q, i, media))
    for _, _, media in sorted(choices):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise Refused(406, f"cannot answer a {kind.upper()} query in {accept!r}; acceptable: {', '.join(table)}")


def wants_html(accept: str | None) -> bool:
    """A browser's navigation: text/html preferred to every SPARQL and RDF type."""
    try:
        return negotiate("select", accept, None) == "html"
    except Refused:
        return False


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


def service_description(endpoint: str, fmt: str) -> tuple[str, bytes]:
    """The SPARQL 1.1 Service Description of this endpoint in ``fmt`` (a GRAPH_MEDIA name)."""
    formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG"]
    ttl = f"""@prefix sd: <{SD}> .
<{endpoint}> a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat {", ".join(f"<{FORMATS_NS}{f}>" for f in formats)} ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
    if fmt == "html":
        fmt = "turtle"
    rdf_fmt = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
               "jsonld": ox.RdfFormat.JSON_LD, "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt]
    triples = list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))
    kw = {"prefixes": {"sd": SD}} if fmt in ("turtle", "trig") else {}
    return FORMAT_MEDIA[fmt], ox.serialize(triples, format=rdf_fmt, **kw)


ENTITY_NS = "https://cnnews-kg.org/id/"
MAX_HTML_ROWS = 2000


def _cell(term: dict | None) -> str:
    if term is None:
        return "<td></td>"
    value = html.escape(term.get("value", ""))
    if term.get("type") == "uri":
        if term["value"].startswith(ENTITY_NS):
            href = "/#/entity/" + html.escape(term["value"], quote=True)
            return f'<td><a href="{href}">{value}</a></td>'
        return f"<td>&lt;{value}&gt;</td>"
    return f"<td>{value}</td>"


def results_page(query: str, kind: str, body: bytes) -> bytes:
    """A result (SPARQL JSON for SELECT/ASK, Turtle for graphs) as a plain HTML page."""
    parts = ["<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>SPARQL results</title>",
             "<link rel=\"stylesheet\" href=\"/static/explorer.css\"></head><body class=\"plain\">",
             "<p><a href=\"/#/query?q=" + html.escape(_quote(query), quote=True) + "\">open in the explorer</a></p>",
             "<pre class=\"query\">" + html.escape(query) + "</pre>"]
    if kind in GRAPH_KINDS:
        parts.append("<pre>" + html.escape(body.decode("utf-8")) + "</pre>")
    else:
        data = json.loads(body)
        if "boolean" in data:
            parts.append(f"<p class=\"boolean\">{'true' if data['boolean'] else 'false'}</p>")
        else:
            names = data["head"]["vars"]
            rows = data["results"]["bindings"]
            parts.append(f"<p>{len(rows)} rows</p><table><thead><tr>")
            parts.extend(f"<th>{html.escape(n)}</th>" for n in names)
            parts.append("</tr></thead><tbody>")
            for row in rows[:MAX_HTML_ROWS]:
                parts.append("<tr>" + "".join(_cell(row.get(n)) for n in names) + "</tr>")
            parts.append("</tbody></table>")
            if len(rows) > MAX_HTML_ROWS:
                parts.append(f"<p>first {MAX_HTML_ROWS} rows shown</p>")
    parts.append("</body></html>")
    return "".join(parts).encode("utf-8")


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
