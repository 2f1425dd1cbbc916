"""`kg push`: load N-Quads parts into a SPARQL Graph Store Protocol server (batched, retried, resumable)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from kg.commands import fail, stderr_console


def push(
    parts: List[str] = typer.Argument(..., help="Part files (.nq, .nq.gz) or folders of part-*.nq.gz "
                                      "(as `kg build --parts` writes them); paths or fsspec URLs."),
    endpoint: str = typer.Option(..., "--endpoint", help="The server's base URL, e.g. http://127.0.0.1:7878 "
                                 "(Oxigraph: graph store at /store, updates at /update, queries at /query)."),
    graph_store: Optional[str] = typer.Option(None, "--graph-store", help="Graph Store Protocol URL when not "
                                              "ENDPOINT/store (Fuseki: http://host:3030/ds/data)."),
    update: Optional[str] = typer.Option(None, "--update", help="SPARQL update URL used to drop a batch's graphs "
                                         "before posting them, when not ENDPOINT/update."),
    no_update: bool = typer.Option(False, "--no-update", help="Do not drop graphs before posting (the server has "
                                   "no update endpoint); a changed article then adds to its old graph."),
    method: str = typer.Option("post", "--method", help="post: a batch of graphs as one N-Quads POST; put: one "
                               "PUT of N-Triples per graph (plain Graph Store Protocol)."),
    batch: int = typer.Option(200, "--batch", min=1, help="Graphs (articles) per batch."),
    retries: int = typer.Option(5, "--retries", min=0, help="Retries of a failed request (backoff 0.5 s, 1 s, 2 s, ...)."),
    progress: Optional[Path] = typer.Option(None, "--progress", help="Progress record (JSON); default "
                                            "PARTS_DIR/.kg-push-<target>.json. A rerun resumes from it."),
    restart: bool = typer.Option(False, "--restart", help="Forget the progress record and push everything."),
    count: bool = typer.Option(False, "--count", help="Ask the server (ENDPOINT/query) for its quad count at the end."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only."),
) -> None:
    """Push parts into a SPARQL 1.1 Graph Store Protocol server (Oxigraph, Fuseki, ...)."""
    from kg.push import PushError, Target, count_quads
    from kg.push import push as run_push

    err = stderr_console()

    def show(part: str, n: int, stats) -> None:
        if not quiet and err.is_terminal:
            err.print(f"{Path(part).name}: batch {n} ({stats.graphs} graphs, {stats.quads} quads so far)",
                      soft_wrap=True)

    try:
        target = Target.for_endpoint(endpoint, graph_store, update, method, no_update)
        stats = run_push(parts, target, batch=batch, retries=retries, progress=progress, restart=restart,
                         on_batch=show)
        total = count_quads(endpoint.rstrip("/") + "/query") if count else None
    except PushError as exc:
        fail(f"{exc} (progress kept: rerun to resume)", code=1)
    except OSError as exc:
        fail(str(exc), code=1)
    if not quiet:
        err.print(f"pushed {stats.graphs} graphs ({stats.quads} quads) in {stats.batches} batches from "
                  f"{stats.parts} parts to {target.graph_store}; {stats.skipped} batches already done; "
                  f"{stats.retries} retries; {stats.seconds:.1f} s"
                  + (f"; the server holds {total} quads" if total is not None else ""), soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("push")(push)
