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
    inputs: List[str] = typer.Argument(..., help="Text files (UTF-8, GB18030/GBK, Big5, UTF-16), folders "
                                       "(read recursively) or JSON Lines files (.jsonl: one article an object "
                                       "with id, text and optional title, published, source); with --executor "
                                       "dask also any URL fsspec reads (s3://, gs://, hdfs://, file://)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Graph file to write; the format follows the "
                                          "extension: .ttl (Turtle), .trig (TriG), .nq (N-Quads), .nt, .jsonld "
                                          "(JSON-LD); add .gz to compress .nq/.nt. '-' writes to standard output."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="Output format when the extension does not say "
                                      "it (ttl, trig, nq, nt, jsonld)."),
    store: Optional[Path] = typer.Option(None, "--store", help="Also (or instead) add the articles to a persistent "
                                         "Oxigraph store in this folder; each article replaces its named graph."),
    bulk: bool = typer.Option(False, "--bulk", help="Write the store with the engine's bulk loader, in batches: for a "
                              "new store or a large batch (several times faster, compact); not atomic per article "
                              "(a stopped build is completed by running it again)."),
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
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (default: the "
                                          "cores); results are identical to one process. Inputs of fewer than "
                                          "two documents per worker are built in this process."),
    executor: Optional[str] = typer.Option(None, "--executor", help="local (one process), processes (a pool "
                                           "of --workers) or dask (a Dask cluster writing --parts). Default: "
                                           "processes, or dask with --dask/--parts."),
    dask_address: Optional[str] = typer.Option(None, "--dask", help="Address of a Dask scheduler "
                                               "(tcp://host:8786); without it --executor dask starts a local "
                                               "cluster of --workers processes."),
    parts: Optional[str] = typer.Option(None, "--parts", help="Folder (path or fsspec URL) where a Dask build "
                                        "writes part-NNNNN.nq.gz and entities-NNNNN.tsv.gz, one per task, plus "
                                        "entities.tsv.gz; -o/--store are then filled from the parts."),
) -> None:
    """Build a knowledge graph from Chinese news articles."""
    from rich.console import Console

    from kg.parallel import EXECUTORS, add_to_sink, default_workers
    from kg.pipeline import BuildStats, iter_results
    from kg.sinks import GraphFileSink

    err = Console(stderr=True, highlight=False)
    if executor is not None and executor not in EXECUTORS:
        raise typer.BadParameter(f"unknown executor {executor!r} (choose {', '.join(EXECUTORS)})",
                                 param_hint="--executor")
    if executor is None:
        executor = "dask" if (dask_address or parts) else "processes"
    if executor != "dask" and (dask_address or parts):
        raise typer.BadParameter("--dask and --parts need --executor dask", param_hint="--executor")
    if output is None and store is None and parts is None:
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
    kg_store = writer = None
    if store is not None:
        from kg.store import BulkWriter, Store
        kg_store = Store(store)
        writer = BulkWriter(kg_store) if bulk else None

    stats = BuildStats(errors=_Reporter(err))
    reporter = stats.errors
    progress = _progress(err, quiet)
    n_workers = workers or default_workers()
    if executor == "dask":
        results = _dask_results(inputs, parts, dask_address, workers, day, family_list, reporter, stats,
                                not no_model, wanted=output is not None or store is not None)
    elif executor == "processes" and n_workers > 1:
        from kg.parallel import iter_results as parallel_results
        results = parallel_results(inputs, n_workers, published=day, families=family_list, errors=reporter,
                                   stats=stats, use_model=not no_model)
    else:
        results = iter_results(inputs, published=day, families=family_list, errors=reporter,
                               stats=stats, use_model=not no_model)
    with progress:
        task = progress.add_task("building", total=None)
        for result in results:
            if sink is not None:
                add_to_sink(sink, result)
            if writer is not None:
                block = getattr(result, "nquads", None)  # a worker's result comes serialized
                writer.add_block(str(result.iri), block) if block else writer.add(result.iri, result.graph, result.shared)
            elif kg_store is not None:
                kg_store.replace_article(str(result.iri), result.graph, result.shared)
            progress.update(task, advance=1, description=f"{stats.articles} articles")
            if verbose and result.article is not None:
                a = result.article
                err.print(f"{a.doc.where}: article {a.article_id} ({a.doc.encoding}, {len(a.text)} chars, "
                          f"{len(result.facts)} facts)")
    if sink is not None:
        sink.close()
    if writer is not None:
        writer.flush()
    if kg_store is not None:
        kg_store.flush()
    if not quiet:
        _summary(err, stats, output, " and ".join(str(x) for x in (store, parts) if x) or None)
    if stats.errors:
        raise typer.Exit(1)


def _dask_results(inputs, parts, address, workers, day, families, reporter, stats, use_model, wanted: bool):
    """Run the build on Dask into the parts folder (a temporary one when only -o/--store is
    wanted), then stream the articles back from the parts for -o/--store."""
    import shutil
    import tempfile

    from kg.parallel import iter_part_results, run_dask

    folder = parts or tempfile.mkdtemp(prefix="kg-parts-")
    try:
        try:
            run_dask(inputs, folder, address=address, workers=workers, published=day,
                     families=families, use_model=use_model, errors=reporter, stats=stats)
        except OSError as e:
            raise typer.BadParameter(f"{e}", param_hint="--dask" if address else "--parts")
        if wanted:
            yield from iter_part_results([folder])
    finally:
        if parts is None:
            shutil.rmtree(folder, ignore_errors=True)


class _Reporter(list):
    """The build's input errors: each is printed as one line when it happens."""

    def __init__(self, console):
        super().__init__()
        self.console = console

    def append(self, error) -> None:
        super().append(error)
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
