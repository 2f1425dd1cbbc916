"""`kg stats SOURCE`: what a store or a graph file holds."""
from __future__ import annotations

from pathlib import Path

import typer

from kg.commands import fail



def _terms() -> tuple[list[str], list[str]]:
    """The classes and the fact edges of the model (kg.model), by local name."""
    from kg.model import CLASSES, FACT_EDGES, local_name
    from kg.vocab import KG

    return list(CLASSES), [local_name(p) for p in (*FACT_EDGES, KG.hasFigure)]


def summarize(source: str | Path) -> dict:
    """Counts of a store directory or a graph file: quads, named graphs, nodes by class, distinct
    edges by fact family (the same numbers for a store and for the file it was exported to)."""
    from kg.store import open_source

    store = open_source(source)
    classes, families = _terms()

    def count(sparql: str) -> int:
        return int(next(iter(store.query(sparql, union=False)))["n"].value)

    out = {"triples": store.count(),
           "named graphs": count("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")}
    out["classes"] = {c: count(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {{ ?s a kg:{c} }} UNION "
                               f"{{ GRAPH ?g {{ ?s a kg:{c} }} }} }}") for c in classes}
    out["edges"] = {f: count(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ {{ ?s kg:{f} ?o }} "
                             f"UNION {{ GRAPH ?g {{ ?s kg:{f} ?o }} }} }} }}") for f in families}
    return out


def stats(source: Path = typer.Argument(..., help="A store directory or a graph file (.ttl, .trig, .nq, .nt, "
                                        ".jsonld).")) -> None:
    """Summarize a store or a graph file: triples, articles, entities by class, facts by family."""
    from rich.console import Console
    from rich.table import Table

    from kg.store import StoreError

    if not source.exists():
        fail(f"{source}: no such store or graph file")
    try:
        info = summarize(source)
    except StoreError as e:
        fail(str(e))
    table = Table(title=f"{source}: {info['triples']} triples, {info['named graphs']} named graphs")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, n in info["classes"].items():
        table.add_row(name, str(n))
    for name, n in info["edges"].items():
        table.add_row(name, str(n))
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)
