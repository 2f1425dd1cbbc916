"""`kg stats GRAPH`: what a graph file holds."""
from __future__ import annotations

from pathlib import Path

import typer

from kg.commands import fail

def summarize(path: Path) -> dict:
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    from rdflib.namespace import RDF

    from kg.model import CLASSES, FACT_EDGES, local_name
    from kg.sinks import format_for
    from kg.vocab import KG

    ds = Dataset()
    ds.parse(str(path), format=format_for(path))
    graphs = {c for *_, c in ds.quads((None, None, None, None)) if c is not None and c != DATASET_DEFAULT_GRAPH_ID}
    out = {"triples": sum(1 for _ in ds.quads((None, None, None, None))), "named graphs": len(graphs)}
    out["classes"] = {name: len({s for s, *_ in ds.quads((None, RDF.type, iri, None))}) for name, iri in CLASSES.items()}
    out["edges"] = {local_name(p): len({(s, o) for s, _, o, _ in ds.quads((None, p, None, None))})
                    for p in (*FACT_EDGES, KG.hasFigure)}
    return out


def stats(graph: Path = typer.Argument(..., help="A graph file (.ttl, .trig, .nq, .nt, .jsonld).")) -> None:
    """Summarize a graph file: triples, articles, entities by class, facts by family."""
    from rich.console import Console
    from rich.table import Table

    if not graph.exists():
        fail(f"{graph}: no such file")
    try:
        info = summarize(graph)
    except Exception as e:  # a parse error: say it in one line
        fail(f"{graph}: cannot read it as RDF: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
    table = Table(title=f"{graph}: {info['triples']} triples, {info['named graphs']} named graphs")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, n in info["classes"].items():
        table.add_row(name, str(n))
    for name, n in info["edges"].items():
        table.add_row(name, str(n))
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)
