"""Run SPARQL on a store directory or a graph file, and the library of ready queries.

A ready query is a file ``kg/queries/<name>.rq`` whose header comments say what it answers and
which parameters it takes, and of what kind::

    # title: Who visited what and when
    # param person (entity): the visitor's name (label or alias) or IRI; optional
    # param year (xsd:gYear): a year such as 2024; optional
    SELECT ... WHERE {
      #PARAMS
      ?visit kg:agent ?param_person ...
      ?figure kg:year ?param_year .   #IF year
    }

Parameters are bound as values, never spliced into the query text: each becomes one RDF term,
written by pyoxigraph in N-Triples syntax (fully escaped), in a ``VALUES`` block that replaces the
``#PARAMS`` line, so a value can never close the string and add SPARQL of its own. Parameter ``x``
binds ``?param_x``; a query uses that variable where the value goes, so without the parameter the
pattern matches everything and with it the engine starts from the value. A line ending in
``#IF x`` is kept only when ``x`` is given, one ending in ``#UNLESS x`` only when it is not: a
query can say how the engine should go at it in either case (from the value, or by scanning).
The line ``LIMIT n  #LIMIT`` takes the ``limit`` parameter. Kinds:

- ``entity``: an IRI, or a name the entity carries (``rdfs:label`` or ``skos:altLabel``): the
  block then also finds the entity by its name, ``?param_x rdfs:label|skos:altLabel "name"@zh``;
- a datatype (``xsd:gYear``): a literal of that type; ``string`` (the default): a plain literal;
- ``limit``: a whole number, the rows a listing shows at most (its ``LIMIT n  #LIMIT`` line).

In a query without a ``#PARAMS`` line (a custom one, ``kg query -f my.rq -p x=...``) a trailing
``VALUES`` clause binds ``?x`` itself. (pyoxigraph's own ``substitutions`` would be the natural
tool, but in 0.5 it only replaces projected variables and does not reach FILTERs.)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable

import pyoxigraph as ox

from kg.store import PREFIX_MAP, Store, StoreError, open_source

PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

RESULT_FORMATS = {  # SELECT and ASK
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {  # CONSTRUCT and DESCRIBE
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class QueryError(Exception):
    """A query that cannot run: bad syntax, unknown ready query, missing parameter."""


@dataclass(frozen=True)
class ReadyQuery:
    name: str
    title: str
    text: str
    params: dict[str, str] = field(default_factory=dict)     # name -> description
    required: tuple[str, ...] = ()
    kinds: dict[str, str] = field(default_factory=dict)      # name -> entity | string | a datatype


def _parse_header(name: str, text: str) -> ReadyQuery:
    title, params, required, kinds = name, {}, [], {}
    for line in text.splitlines():
        m = re.match(r"^#\s*title:\s*(.+)$", line)
        if m:
            title = m.group(1).strip()
        m = re.match(r"^#\s*param\s+(\w+)(?:\s*\(([\w:]+)\))?:\s*(.+)$", line)
        if m:
            params[m.group(1)] = m.group(3).strip()
            kinds[m.group(1)] = m.group(2) or "string"
            if "required" in m.group(3):
                required.append(m.group(1))
    return ReadyQuery(name, title, text, params, tuple(required), kinds)


def ready_queries() -> dict[str, ReadyQuery]:
    """Every ready query shipped in kg/queries, by name."""
    out = {}
    for entry in sorted(resources.files("kg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = _parse_header(name, entry.read_text(encoding="utf-8"))
    return out


def ready_query(name: str) -> ReadyQuery:
    queries = ready_queries()
    if name not in queries:
        raise QueryError(f"no ready query named {name!r} (known: {', '.join(queries)})")
    return queries[name]


def parse_param(value: str) -> ox.NamedNode | ox.Literal:
    """``<iri>``, ``http(s)://...`` or ``prefix:local`` of a known prefix -> an IRI; ``text@zh`` ->
    a literal with that language tag; anything else -> a plain string literal (years, statuses)."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        return _iri(v[1:-1])
    if re.match(r"^https?://\S+$", v):
        return _iri(v)
    m = re.match(r"^([A-Za-z][\w-]*):(\S+)$", v)
    if m and m.group(1) in PREFIX_MAP:
        return _iri(PREFIX_MAP[m.group(1)] + m.group(2))
    m = re.match(r"^(.+)@([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)$", value)
    if m:  # 王明@zh: a language-tagged literal (labels are Chinese text, "王明"@zh)
        return ox.Literal(m.group(1), language=m.group(2))
    return ox.Literal(value)


def _iri(v: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(v)
    except ValueError as e:
        raise QueryError(f"not a valid IRI: {v!r} ({e})") from None


def bind_params(sparql: str, params: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Inject ``params`` as a VALUES block (see the module docstring)."""
    if not params:
        return sparql
    for name in params:
        if not PARAM_NAME.match(name):
            raise QueryError(f"bad parameter name {name!r}: letters, digits and _ only")
    names = list(params)
    terms = " ".join(str(params[n]) for n in names)
    if re.search(r"^\s*#PARAMS\s*$", sparql, flags=re.M):
        values = "VALUES (" + " ".join("?param_" + n for n in names) + ") { (" + terms + ") }"
        return re.sub(r"^\s*#PARAMS\s*$", lambda _: "  " + values, sparql, count=1, flags=re.M)
    values = "VALUES (" + " ".join("?" + n for n in names) + ") { (" + terms + ") }"
    return sparql.rstrip() + "\n" + values + "\n"


def prepare(ready: ReadyQuery, raw_params: dict[str, str], source: Store | str | None = None) -> str:
    """The text of a ready query with its parameters bound; checks names and required ones. With
    ``source`` (the store or file the query will run on) an entity's name is looked up there first
    and bound as the entity's IRIs, so the engine starts from them; without it the query finds
    the entity by its name itself."""
    unknown = set(raw_params) - set(ready.params)
    if unknown:
        known = ", ".join(ready.params) or "none"
        raise QueryError(f"ready query {ready.name!r} takes no parameter {', '.join(sorted(unknown))} (it takes: {known})")
    missing = [p for p in ready.required if p not in raw_params]
    if missing:
        raise QueryError(f"ready query {ready.name!r} needs --param {missing[0]}=VALUE ({ready.params[missing[0]]})")
    lines = []
    limit = None
    for name, raw in raw_params.items():
        kind = ready.kinds.get(name, "string")
        if kind == "limit":
            if not raw.strip().isdigit() or int(raw) < 1:
                raise QueryError(f"--param {name} wants a whole number of rows >= 1, got {raw!r}")
            limit = int(raw)
            continue
        value = parse_param(raw)
        if kind == "entity" and isinstance(value, ox.Literal):
            names = " ".join(str(t) for t in (ox.Literal(value.value, language="zh"), value))
            if source is None:
                lines.append(f"VALUES ?param_{name}_name {{ {names} }} "
                             f"?param_{name} rdfs:label|skos:altLabel ?param_{name}_name .")
            else:
                lines.append(f"VALUES ?param_{name} {{ {' '.join(str(e) for e in entities_named(source, names))} }}")
            continue
        if kind not in ("entity", "string") and isinstance(value, ox.Literal):
            value = ox.Literal(value.value, datatype=_iri(_expand(kind)))
        lines.append(f"VALUES ?param_{name} {{ {value} }}")
    kept = []
    for line in ready.text.splitlines():
        m = re.search(r"#(IF|UNLESS)\s+(\w+)\s*$", line)
        if m and (m.group(2) in raw_params) != (m.group(1) == "IF"):
            continue
        if limit is not None and re.search(r"#LIMIT\s*$", line):
            line = re.sub(r"LIMIT\s+\d+", f"LIMIT {limit}", line)
        kept.append(line)
    text = "\n".join(kept)
    block = "\n  ".join(lines)
    return re.sub(r"^\s*#PARAMS\s*$", lambda _: "  " + block, text, count=1, flags=re.M) + "\n"


def _expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    return PREFIX_MAP[prefix] + local if prefix in PREFIX_MAP and local else name


def entities_named(source: Store | str, names: str) -> list[ox.NamedNode]:
    """The entities whose label or other name is one of ``names`` (terms in SPARQL syntax), sorted."""
    found = run(source, f"SELECT DISTINCT ?e WHERE {{ VALUES ?n {{ {names} }} ?e rdfs:label|skos:altLabel ?n }}")
    return sorted((sol["e"] for sol in found if isinstance(sol["e"], ox.NamedNode)), key=lambda t: t.value)


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"--param wants name=value, got {pair!r}")
        k, v = pair.split("=", 1)
        out[k.strip()] = v
    return out


def run(source: Store | str, sparql: str):
    """Run ``sparql`` on a Store or on a store directory / graph file path. Returns pyoxigraph's
    QuerySolutions, QueryBoolean or QueryTriples."""
    store = source if isinstance(source, Store) else open_source(source)
    try:
        return store.query(sparql)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {_one_line(e)}") from None
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"query failed: {_one_line(e)}") from None


def kind_of(result) -> str:
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"


def serialize(result, fmt: str, output=None):
    """Write a result in a SPARQL results format (csv, tsv, json, xml) or, for CONSTRUCT and
    DESCRIBE, an RDF format (turtle, ntriples, nquads, trig, rdfxml, jsonld). ``output`` is a
    binary file object; without it the bytes are returned."""
    kind = kind_of(result)
    if kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT/DESCRIBE result is a graph: --format one of {', '.join(GRAPH_FORMATS)}")
        rdf_fmt = GRAPH_FORMATS[fmt]
        kw = {"prefixes": PREFIX_MAP} if rdf_fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
        if rdf_fmt.supports_datasets:  # triples land in the default graph
            result = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in result)
        return ox.serialize(result, output, format=rdf_fmt, **kw)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"a SELECT/ASK result is a table: --format one of table, {', '.join(RESULT_FORMATS)}")
    return result.serialize(output, format=RESULT_FORMATS[fmt])


def short(term) -> str:
    """A term for humans: prefixed IRIs, literal values without quotes and datatypes."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIX_MAP.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def table_rows(result) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of short() strings, for a terminal table."""
    names = [v.value for v in result.variables]
    rows = [[short(sol[n]) for n in names] for sol in result]
    return names, rows


def _one_line(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return " ".join(text.split())


__all__ = [
    "QueryError", "ReadyQuery", "ready_queries", "ready_query", "parse_param", "bind_params", "prepare",
    "parse_params", "run", "serialize", "kind_of", "short", "table_rows", "StoreError",
]
