"""`kg build`: articles in, RDF graph out."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import List, Optional

import typer


def _parse_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)")


def build(
    inputs: List[Path] = typer.Argument(..., help="Text files (UTF-8, GB18030/GBK, Big5, UTF-16), folders "
                                        "(read recursively) or JSON Lines files (.jsonl: one article an object "
                                        "with id, text and optional title, published, source)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Graph file to write; the format follows the "
                                          "extension: .ttl (Turtle), .trig (TriG), .nq (N-Quads), .nt, .jsonld "
                                          "(JSON-LD); add .gz to compress .nq/.nt. '-' writes to standard output."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="Output format when the extension does not say "
                                      "it (ttl, trig, nq, nt, jsonld)."),
    store: Optional[Path] = typer.Option(None, "--store", help="Also (or instead) add the articles to a persistent "
                                         "Oxigraph store in this folder; each article replaces its named graph."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) of plain-text "
                                            "inputs; relative dates (昨天, 今年7月) resolve against it. JSON Lines "
                                            "articles carry their own."),
    families: Optional[str] = typer.Option(None, "--families", help="Comma-separated fact families to extract "
                                           "(default: all; see `kg families`)."),
    no_model: bool = typer.Option(False, "--no-model", help="Use the rule-based entities only, without the "
                                  "statistical NER model."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Say which encoding each file was read with, and "
                                 "what each article gave."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only."),
) -> None:
    """Build a knowledge graph from Chinese news articles."""
    from rich.console import Console

    from kg.pipeline import BuildStats, iter_results
    from kg.sinks import GraphFileSink

    err = Console(stderr=True, highlight=False)
    if output is None and store is None:
        raise typer.BadParameter("give an output file with -o/--output, or a store with --store", param_hint="-o")
    day = _parse_date(published)
    family_list = [f.strip() for f in families.split(",") if f.strip()] if families else None
    if family_list:
        from kg.extract import available
        unknown = [f for f in family_list if f not in available()]
        if unknown:
            raise typer.BadParameter(f"unknown families: {', '.join(unknown)} (known: {', '.join(available())})",
                                     param_hint="--families")
    try:
        sink = GraphFileSink(str(output), fmt) if output is not None else None
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="-o")
    kg_store = None
    if store is not None:
        from kg.store import Store
        kg_store = Store(store)

    stats = BuildStats()
    errors = stats.errors
    progress = _progress(err, quiet)
    results = iter_results(inputs, published=day, families=family_list, errors=_Reporter(errors, err, verbose),
                           stats=stats, use_model=not no_model)
    with progress:
        task = progress.add_task("building", total=None)
        for result in results:
            if sink is not None:
                sink.add(result.iri, result.graph)
            if kg_store is not None:
                kg_store.replace_article(str(result.iri), result.graph)
            progress.update(task, advance=1, description=f"{stats.articles} articles")
            if verbose:
                a = result.article
                err.print(f"{a.doc.where}: article {a.article_id} ({a.doc.encoding}, {len(a.text)} chars, "
                          f"{len(result.facts)} facts)")
    if sink is not None:
        sink.close()
    if kg_store is not None:
        kg_store.flush()
    if not quiet:
        _summary(err, stats, output, store)
    if errors:
        raise typer.Exit(1)


class _Reporter(list):
    """Collects input errors and prints each as one line when it happens."""

    def __init__(self, errors: list, console, verbose: bool):
        super().__init__()
        self.errors, self.console, self.verbose = errors, console, verbose

    def append(self, error) -> None:
        self.errors.append(error)
        self.console.print(f"[red]error[/red] {error}", markup=True, soft_wrap=True)


def _progress(console, quiet: bool):
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    disable = quiet or not console.is_terminal
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                    console=console, transient=True, disable=disable)


def _summary(console, stats, output, store) -> None:
    facts = ", ".join(f"{k} {v}" for k, v in sorted(stats.facts.items())) or "none"
    seconds = stats.seconds
    rate = stats.articles / seconds if seconds else 0.0
    where = " and ".join(str(x) for x in (output, store) if x is not None)
    console.print(f"{stats.articles} articles from {stats.documents} inputs, {len(stats.entities)} entities; "
                  f"facts: {facts}; {seconds:.1f} s ({rate:.1f} articles/s) -> {where}"
                  + (f"; {len(stats.errors)} inputs failed" if stats.errors else ""))


def families() -> None:
    """List the fact families the extractors know."""
    from kg.extract import REGISTRY, available

    for name in available():
        doc = (REGISTRY[name].__module__ and sys.modules[REGISTRY[name].__module__].__doc__ or "").strip()
        typer.echo(f"{name:16s} {doc.splitlines()[0] if doc else ''}")


def register(app: typer.Typer) -> None:
    app.command("build")(build)
    app.command("families")(families)
