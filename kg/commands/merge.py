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
    import fsspec
    from kg.parallel import merge_indexes, merge_parts, write_index

    err = stderr_console()
    try:
        n = merge_parts(parts, output)
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc), code=1)
    index = None
    if entities is not None:
        files = []
        for arg in parts:
            fs, root = fsspec.core.url_to_fs(arg)
            if fs.isdir(root):
                files += [fs.unstrip_protocol(f) for f in sorted(fs.glob(f"{root.rstrip('/')}/entities-*.tsv.gz"))]
        index = merge_indexes(files)
        if str(entities).endswith(".gz"):
            write_index(index, fsspec.filesystem("file"), str(entities))
        else:
            from kg.parallel import INDEX_HEADER, index_line
            from kg.sinks import atomic_output
            with atomic_output(entities) as tmp, open(tmp, "w", encoding="utf-8") as f:
                f.write(INDEX_HEADER)
                for iri in sorted(index):
                    f.write(index_line(iri, *index[iri]))
    if not quiet:
        err.print(f"{n} article graphs -> {output}" + (f"; {len(index)} entities -> {entities}" if index is not None else ""),
                  soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("merge")(merge)
