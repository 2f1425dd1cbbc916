"""`kg merge`: the union of a Dask build's parts as one graph file, and their entity indexes as one."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from kg.commands import fail, stderr_console


def merge(
    parts: List[str] = typer.Argument(..., help="Part files (.nq, .nq.gz) or folders of part-*.nq.gz (paths or "
                                      "fsspec URLs), merged in the order given, a folder's parts by name."),
    output: str = typer.Option(..., "--output", "-o", help="Graph file to write (format by extension, as for "
                               "`kg build`; .nq is streamed); '-' for standard output."),
    entities: Optional[Path] = typer.Option(None, "--entities", help="Also write the merged entity index "
                                            "(TSV; .gz to compress) from the folders' entities-*.tsv.gz."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only."),
) -> None:
    """Merge parts: union of the article graphs (an article met twice is kept once)."""
    from kg.rdfio import EntityIndex, index_files
    from kg.sinks import merge_parts

    err = stderr_console()
    try:
        n = merge_parts(parts, output)
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc), code=1)
    index = None
    if entities is not None:
        index = EntityIndex.read(index_files(parts))
        index.write(str(entities))  # gzip for .gz; whole or not at all
    if not quiet:
        err.print(f"{n} article graphs -> {output}" + (f"; {len(index)} entities -> {entities}" if index is not None else ""),
                  soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("merge")(merge)
