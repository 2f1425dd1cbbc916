"""`kg eval GRAPH GOLD...`: precision, recall and F1 per fact family against gold files."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List

import typer

from kg.commands import fail


def evaluate(
    graph: Path = typer.Argument(..., help="A graph built by `kg build`: a store directory or a graph file (.ttl, "
                                 ".trig, .nq, .nt, .jsonld)."),
    gold: List[Path] = typer.Argument(..., help="Gold files in the guidelines' format (*.gold.json)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    show_misses: bool = typer.Option(False, "--show-misses", help="List missed gold facts and wrong extractions."),
) -> None:
    """Score a graph against hand-annotated gold facts: P/R/F1 per family and overall."""
    from rich.console import Console
    from rich.table import Table

    from kg.evaluate import load_gold, load_graph, overall, score

    for path in [graph, *gold]:
        if not path.exists():
            fail(f"{path}: no such file or directory")
    try:
        facts = load_gold(gold)
        g = load_graph(graph)
    except Exception as e:  # one line, no traceback
        fail(f"{str(e).splitlines()[0] if str(e) else type(e).__name__}")
    rows, qualifiers = score(g, facts)
    total = overall(rows)
    if as_json:
        out = {f: {"precision": r.precision, "recall": r.recall, "f1": r.f1, "gold": r.gold, "found": r.found,
                   "extracted": r.extracted, "correct": r.correct} for f, r in rows.items()}
        out["overall"] = {"precision": total.precision, "recall": total.recall, "f1": total.f1}
        out.update({q: (ok / n if n else None) for q, (ok, n) in qualifiers.items()})
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{graph} against {len(gold)} gold file(s)")
    for col in ("family", "recall", "precision", "F1"):
        table.add_column(col, justify="left" if col == "family" else "right")
    for family, r in rows.items():
        if not r.gold and not r.extracted:
            continue
        prec = "-" if family == "alias" else f"{r.correct}/{r.extracted} = {r.precision:.2f}"
        table.add_row(family, f"{r.found}/{r.gold} = {r.recall:.2f}", prec, "-" if family == "alias" else f"{r.f1:.2f}")
    table.add_row("overall", f"{total.recall:.3f}", f"{total.precision:.3f}", f"{total.f1:.3f}", style="bold")
    console = Console()
    console.print(table)
    for q, (ok, n) in qualifiers.items():
        if n:
            console.print(f"figure {q} right on {ok}/{n} matched figures")
    if show_misses:
        for family, r in rows.items():
            for fact in r.missed:
                console.print(f"missed {family}: {json.dumps(fact, ensure_ascii=False)}", soft_wrap=True)
            for cand in r.wrong[:30]:
                console.print(f"wrong {family}: {cand if not isinstance(cand, dict) else {k: v for k, v in cand.items() if k != 'subjects'}}",
                              soft_wrap=True, markup=False)


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate)
