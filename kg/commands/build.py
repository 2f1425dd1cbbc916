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
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Worker processes (processes "
                                          "executor; dask: the LocalCluster's); results are identical to one "
                                          "process. Inputs of fewer than two documents per worker are built in this "
                                          "process.  [default: the number of cores]"),
    executor: Optional[str] = typer.Option(None, "--executor", help="local (one process), processes (a pool "
                                           "of --workers) or dask (a Dask cluster: --scheduler, else a local one "
                                           "of --workers).  [default: processes, or dask with --scheduler]"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", "--dask", help="Address of a Dask scheduler "
                                            "(tcp://host:8786) for --executor dask; its workers need kg and must "
                                            "reach the inputs.  [default: a local cluster of --workers processes]"),
    parts: Optional[str] = typer.Option(None, "--parts", help="Also write the articles as a folder (path or fsspec "
                                        "URL) of part-NNNNN.nq.gz files of 1,000 articles, entities-NNNNN.tsv.gz "
                                        "beside each, entities.tsv.gz and parts.json (for kg push, kg merge and "
                                        "bulk loaders)."),
) -> None:
    """Build a knowledge graph from Chinese news articles."""
    from kg.executors import EXECUTORS, default_workers

    err = stderr_console()
    # -- every argument is checked before anything heavy is imported or loaded ------------------
    if executor is not None and executor not in EXECUTORS:
        raise typer.BadParameter(f"unknown executor {executor!r} (choose {', '.join(EXECUTORS)})",
                                 param_hint="--executor")
    if executor is None:
        executor = "dask" if scheduler else "processes"
    if executor != "dask" and scheduler:
        raise typer.BadParameter("--scheduler needs --executor dask", param_hint="--executor")
    if output is None and store is None and parts is None:
        raise typer.BadParameter("give an output file with -o/--output, a store with --store or a folder with "
                                 "--parts", param_hint="-o")
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

    from kg.executors import ExecutorError
    from kg.pipeline import BuildStats, Limits
    from kg.pipeline import build as run_build
    from kg.sinks import GraphFileSink, PartsSink, StoreSink

    sinks = []
    if store is not None:
        from kg.store import BulkWriter, Store, StoreError
        try:
            kg_store = Store(store)
        except StoreError as e:
            fail(f"{e}" + (" (another build or program has it open)" if "lock" in str(e).lower() else ""))
        sinks.append(StoreSink(BulkWriter(kg_store) if bulk else kg_store))
    if parts is not None:
        try:
            sinks.append(PartsSink(parts))
        except OSError as e:
            raise typer.BadParameter(f"{parts}: {e.strerror or e}", param_hint="--parts")
    if output is not None:
        sinks.append(GraphFileSink(str(output), fmt))

    stats = BuildStats(errors=_Reporter(err))
    total = None if (quiet or not err.is_terminal) else _count_documents(local, inputs)
    previous = {s: signal.signal(s, _raise_interrupted) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with Progress(err, quiet, verbose, total) as progress:
            run_build(inputs, executor, sinks, published=day, families=family_list, use_model=not no_model,
                      limits=Limits(max_chars=max_chars, timeout=timeout or None), strict=strict, stats=stats,
                      progress=progress, workers=workers or default_workers(), scheduler=scheduler)
    except Interrupted as e:
        err.print(f"interrupted by {e}: {stats.articles} articles built"
                  + (f" and in {store}" if store is not None else "")
                  + (f"; {output} left as it was" if output is not None and str(output) != "-" else ""))
        raise typer.Exit(128 + e.signum)
    except ExecutorError as e:
        raise typer.BadParameter(str(e), param_hint="--scheduler" if scheduler else "--executor")
    except OSError as e:  # the output or the store cannot be written (disk full, permissions)
        fail(f"cannot write the graph: {e.strerror or e}" + (f" ({e.filename})" if e.filename else ""), code=1)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if not quiet:
        _summary(err, stats, output if stats.articles or not stats.failed else None,
                 " and ".join(str(x) for x in (store, parts) if x) or None)
    if stats.failed:
        raise typer.Exit(1)


def _raise_interrupted(signum, frame):
    raise Interrupted(signum)


class Progress:
    """The progress display of a build: a bar over the input documents with elapsed time and ETA
    when their number is known (else a spinner and the article count), and with ``verbose`` a
    line per article. Called by the build engine after each document."""

    def __init__(self, console, quiet: bool, verbose: bool, total: int | None):
        self.console, self.verbose, self.total = console, verbose, total
        self.bar = _progress(console, quiet, total)
        self.task = None

    def __enter__(self) -> "Progress":
        self.bar.__enter__()
        self.task = self.bar.add_task("building", total=self.total)
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.bar.update(self.task, completed=self.total)
        self.bar.__exit__(*exc)

    def __call__(self, document, results, stats) -> None:
        self.bar.update(self.task, completed=min(stats.documents, self.total) if self.total else None,
                        description=f"{stats.articles} articles")
        if self.verbose:
            for result in results:
                a = result.article
                self.bar.console.print(f"{a.doc.where}: article {a.article_id} ({a.doc.encoding}, {len(a.text)} chars, "
                                       f"{sum(result.family_counts.values())} facts)")


def _count_documents(local: list[Path], inputs: list[str]) -> int | None:
    """How many documents the inputs hold (for the progress bar's total and ETA), when every input
    is a local path; None when that is not known."""
    if len(local) != len(inputs):
        return None
    from kg.ingest import count_documents

    return count_documents(local) or None


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


class _NoBar:
    """What :class:`Progress` uses of rich's progress bar, for a build that shows none (quiet, or
    standard error not a terminal): rich.progress is not even imported for it."""

    def __init__(self, console):
        self.console = console

    def __enter__(self) -> "_NoBar":
        return self

    def __exit__(self, *exc) -> None:
        return None

    def add_task(self, *args, **kwargs) -> int:
        return 0

    def update(self, *args, **kwargs) -> None:
        return None


def _progress(console, quiet: bool, total: int | None):
    if quiet or not console.is_terminal:
        return _NoBar(console)
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn()]
    if total:
        columns += [MofNCompleteColumn(), TextColumn("inputs"), TimeElapsedColumn(), TextColumn("ETA"),
                    TimeRemainingColumn()]
    else:
        columns.append(TimeElapsedColumn())
    return Progress(*columns, console=console, transient=True)


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
