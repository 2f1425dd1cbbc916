"""`kg build`: articles in, RDF graph out.

Every argument is checked before a model loads. Each article is built in isolation (a bad one is
one error line, the others are still built, the exit status is 1), the -o file is written under a
temporary name and renamed at the end (a failed or interrupted build leaves the previous file as
it was), and Ctrl-C or SIGTERM stop the worker processes before the command ends.
"""
from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import List, Optional

import typer

from kg.commands import fail, parse_published, stderr_console


class Interrupted(BaseException):
    """The build was stopped by a signal (SIGINT, SIGTERM). A BaseException, like
    KeyboardInterrupt, so that the per-article isolation does not take it for an article's failure."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def build(
    inputs: List[str] = typer.Argument(..., metavar="INPUT", help="Text files (UTF-8, GB18030/GBK, Big5, "
                                       "UTF-16), folders (read recursively) or JSON Lines files (.jsonl: one article "
                                       "an object with id, text and optional title, published, source); with "
                                       "--executor dask also any URL fsspec reads (s3://, gs://, hdfs://, file://)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Graph file to write; the format follows the "
                                          "extension: .ttl (Turtle), .trig (TriG), .nq (N-Quads), .nt, .jsonld "
                                          "(JSON-LD); add .gz to compress .nq/.nt. '-' writes to standard output. "
                                          "Written whole at the end: a build that fails leaves an existing file as "
                                          "it was."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="Output format when the extension does not say "
                                      "it (ttl, trig, nq, nt, jsonld).  [default: from the extension]"),
    store: Optional[Path] = typer.Option(None, "--store", "-s", help="Also (or instead) add the articles to a "
                                         "persistent Oxigraph store in this folder; each article replaces its named "
                                         "graph."),
    bulk: bool = typer.Option(False, "--bulk", help="Write the store with the engine's bulk loader, in batches: for a "
                              "new store or a large batch (several times faster, compact); not atomic per article "
                              "(a stopped build is completed by running it again)."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD, 1900-2100) of "
                                            "plain-text inputs; relative dates (昨天, 今年7月) resolve against it. "
                                            "JSON Lines articles carry their own.  [default: none: relative dates "
                                            "stay unresolved]"),
    families: Optional[str] = typer.Option(None, "--families", help="Comma-separated fact families to extract "
                                           "(see `kg families`).  [default: all]"),
    no_model: bool = typer.Option(False, "--no-model", help="Use the rule-based entities only, without the "
                                  "statistical NER model."),
    strict: bool = typer.Option(False, "--strict", help="Reject an input with bytes that do not decode (or lone "
                                "surrogates in JSON) instead of replacing them by U+FFFD with a warning."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", min=1, help="Longest input document, in characters; "
                                  "a longer one is reported and not built."),
    timeout: float = typer.Option(300.0, "--timeout", min=0.0, help="Seconds one article may take; one that takes "
                                  "longer is stopped and reported (0: no limit)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Say which encoding each file was read with, and "
                                 "what each article gave."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes; results are "
                                          "identical to one process. Inputs of fewer than two documents per worker "
                                          "are built in this process.  [default: the number of cores]"),
    executor: Optional[str] = typer.Option(None, "--executor", help="local (one process), processes (a pool "
                                           "of --workers) or dask (a Dask cluster writing --parts).  [default: "
                                           "processes, or dask with --dask/--parts]"),
    dask_address: Optional[str] = typer.Option(None, "--dask", help="Address of a Dask scheduler "
                                               "(tcp://host:8786).  [default: a local cluster of --workers "
                                               "processes]"),
    parts: Optional[str] = typer.Option(None, "--parts", help="Folder (path or fsspec URL) where a Dask build "
                                        "writes part-NNNNN.nq.gz and entities-NNNNN.tsv.gz, one per task, plus "
                                        "entities.tsv.gz; -o/--store are then filled from the parts.  [default: a "
                                        "temporary folder]"),
) -> None:
    """Build a knowledge graph from Chinese news articles."""
    from kg.parallel import EXECUTORS, default_workers

    err = stderr_console()
    # -- every argument is checked before anything heavy is imported or loaded ------------------
    if executor is not None and executor not in EXECUTORS:
        raise typer.BadParameter(f"unknown executor {executor!r} (choose {', '.join(EXECUTORS)})",
                                 param_hint="--executor")
    if executor is None:
        executor = "dask" if (dask_address or parts) else "processes"
    if executor != "dask" and (dask_address or parts):
        raise typer.BadParameter("--dask and --parts need --executor dask", param_hint="--executor")
    if output is None and store is None and parts is None:
        raise typer.BadParameter("give an output file with -o/--output, or a store with --store", param_hint="-o")
    day = parse_published(published)
    family_list = [f.strip() for f in families.split(",") if f.strip()] if families else None
    if family_list:
        from kg.extract import available
        unknown = [f for f in family_list if f not in available()]
        if unknown:
            raise typer.BadParameter(f"unknown families: {', '.join(unknown)} (known: {', '.join(available())})",
                                     param_hint="--families")
    if output is not None:
        from kg.sinks import format_for
        try:
            format_for(str(output), fmt)
        except ValueError as e:
            raise typer.BadParameter(str(e), param_hint="-o")
    local = [Path(i) for i in inputs if "://" not in i and not i.startswith("memory:")]
    if local and len(local) == len(inputs) and not any(p.exists() for p in local):
        fail(f"no such file or directory: {', '.join(inputs)}")

    from kg.pipeline import BuildStats, Limits

    limits = Limits(max_chars=max_chars, timeout=timeout or None)
    kg_store = None
    if store is not None:
        from kg.store import BulkWriter, Store, StoreError
        try:
            kg_store = Store(store)
        except StoreError as e:
            fail(f"{e}" + (" (another build or program has it open)" if "lock" in str(e).lower() else ""))
        if bulk:
            kg_store = BulkWriter(kg_store)
    sink = None
    if output is not None:
        from kg.sinks import GraphFileSink
        sink = GraphFileSink(str(output), fmt)

    stats = BuildStats(errors=_Reporter(err))
    n_workers = workers or default_workers()
    common = dict(published=day, families=family_list, errors=stats.errors, stats=stats, use_model=not no_model,
                  limits=limits, strict=strict)
    if executor == "dask":
        results = _dask_results(inputs, parts, dask_address, workers, wanted=output is not None or store is not None,
                                **common)
    elif executor == "processes" and n_workers > 1:
        from kg.parallel import iter_results as parallel_results
        results = parallel_results(inputs, n_workers, **common)
    else:
        from kg.pipeline import iter_results
        results = iter_results(inputs, **common)

    total = None if (quiet or not err.is_terminal or executor == "dask") else _count_documents(local, inputs)
    finished = False
    previous = {s: signal.signal(s, _raise_interrupted) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        _run(results, sink, kg_store, stats, err, total, quiet, verbose)
        finished = True
    except Interrupted as e:
        err.print(f"interrupted by {e}: {stats.articles} articles built"
                  + (f" and in {store}" if store is not None else "")
                  + (f"; {output} left as it was" if output is not None and str(output) != "-" else ""))
        raise typer.Exit(128 + e.signum)
    except OSError as e:  # the output or the store cannot be written (disk full, permissions)
        fail(f"cannot write the graph: {e.strerror or e}" + (f" ({e.filename})" if e.filename else ""), code=1)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        results.close()  # stops worker processes that are still running
        if sink is not None:
            # a build that read nothing (every input failed) does not replace an earlier file
            sink.close(commit=finished and (stats.articles > 0 or not stats.failed))
        if kg_store is not None:
            kg_store.flush()  # a BulkWriter loads its last batch
    if not quiet:
        _summary(err, stats, output if stats.articles or not stats.failed else None,
                 " and ".join(str(x) for x in (store, parts) if x) or None)
    if stats.failed:
        raise typer.Exit(1)


def _raise_interrupted(signum, frame):
    raise Interrupted(signum)


def _run(results, sink, kg_store, stats, err, total, quiet: bool, verbose: bool) -> None:
    from kg.parallel import add_to_sink

    progress = _progress(err, quiet, total)
    with progress:
        task = progress.add_task("building", total=total)
        done_docs, current = 0, None
        for result in results:
            if sink is not None:
                add_to_sink(sink, result)
            if kg_store is not None:  # a Store (one transaction per article) or a BulkWriter
                block = getattr(result, "nquads", None)  # a worker's result comes serialized
                if block is not None and hasattr(kg_store, "add_block"):
                    kg_store.add_block(str(result.iri), block)
                else:
                    kg_store.replace_article(str(result.iri), result.graph, result.shared)
            a = result.article
            key = (a.doc.path, a.doc.line) if a is not None else None
            if key != current:
                done_docs, current = done_docs + (current is not None), key
            progress.update(task, completed=min(done_docs, total) if total else None,
                            description=f"{stats.articles} articles")
            if verbose and a is not None:
                progress.console.print(f"{a.doc.where}: article {a.article_id} ({a.doc.encoding}, {len(a.text)} chars, "
                                       f"{len(result.facts)} facts)")
        progress.update(task, completed=total)


def _count_documents(local: list[Path], inputs: list[str]) -> int | None:
    """How many documents the inputs hold (for the progress bar's total and ETA), when every input
    is a local path; None when that is not known."""
    if len(local) != len(inputs):
        return None
    from kg.ingest import count_documents

    return count_documents(local) or None


def _dask_results(inputs, parts, address, workers, wanted: bool, errors, stats, use_model, **kw):
    """Run the build on Dask into the parts folder (a temporary one when only -o/--store is
    wanted), then stream the articles back from the parts for -o/--store."""
    import shutil
    import tempfile

    from kg.parallel import iter_part_results, run_dask

    folder = parts or tempfile.mkdtemp(prefix="kg-parts-")
    try:
        try:
            run_dask(inputs, folder, address=address, workers=workers, use_model=use_model, errors=errors,
                     stats=stats, **kw)
        except OSError as e:
            raise typer.BadParameter(f"{e}", param_hint="--dask" if address else "--parts")
        if wanted:
            yield from iter_part_results([folder])
    finally:
        if parts is None:
            shutil.rmtree(folder, ignore_errors=True)


class _Reporter(list):
    """The build's input errors and warnings: each is printed as one line when it happens."""

    def __init__(self, console):
        super().__init__()
        self.console = console

    def append(self, error) -> None:
        from rich.text import Text

        from kg.types import InputWarning

        super().append(error)
        warning = isinstance(error, InputWarning)
        self.console.print(Text.assemble(("warning", "yellow") if warning else ("error", "red"), " ", str(error)))


def _progress(console, quiet: bool, total: int | None):
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    disable = quiet or not console.is_terminal
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn()]
    if total:
        columns += [MofNCompleteColumn(), TextColumn("inputs"), TimeElapsedColumn(), TextColumn("ETA"),
                    TimeRemainingColumn()]
    else:
        columns.append(TimeElapsedColumn())
    return Progress(*columns, console=console, transient=True, disable=disable)


def _summary(console, stats, output, store) -> None:
    facts = ", ".join(f"{k} {v}" for k, v in sorted(stats.facts.items())) or "none"
    seconds = stats.seconds
    rate = stats.articles / seconds if seconds else 0.0
    where = " and ".join(str(x) for x in (output, store) if x is not None) or "nothing written"
    failed, warned = len(stats.failed), len(stats.errors) - len(stats.failed)
    console.print(f"{stats.articles} articles from {stats.documents} inputs, {len(stats.entities)} entities; "
                  f"facts: {facts}; {seconds:.1f} s ({rate:.1f} articles/s) -> {where}"
                  + (f"; {failed} inputs or articles failed" if failed else "")
                  + (f"; {warned} repaired (warnings)" if warned else ""))


def families() -> None:
    """List the fact families the extractors know."""
    from kg.extract import REGISTRY, available

    for name in available():
        doc = (REGISTRY[name].__module__ and sys.modules[REGISTRY[name].__module__].__doc__ or "").strip()
        typer.echo(f"{name:16s} {doc.splitlines()[0] if doc else ''}")


def register(app: typer.Typer) -> None:
    app.command("build")(build)
    app.command("families")(families)
