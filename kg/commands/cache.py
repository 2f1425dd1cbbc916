"""`kg cache [--clear]`: where the per-user cache of kg/cache.py is, what it holds, and emptying it.

Every installation (each virtual environment, each checkout installed in place) keeps entries of
its own there, so the folder grows with them; removing them only costs the next build of each
installation the time to build its entries again."""
from __future__ import annotations

import typer

from kg.commands import fail


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def cache(clear: bool = typer.Option(False, "--clear", help="Remove the entries; each is built again when a "
                                     "build needs it.")) -> None:
    """Show the per-user cache (jieba's dictionary, the compiled NER model): its folder and entries,
    or remove them with --clear. The folder is $KG_CACHE_DIR, else $XDG_CACHE_HOME/cnnews-kg."""
    from datetime import datetime

    from kg import cache as store

    folder = store.cache_dir()
    if not clear and folder.exists() and not folder.is_dir():
        fail(f"{folder}: the cache folder is a file ($KG_CACHE_DIR?); nothing is cached")
    try:
        files = store.entries()
    except OSError as exc:
        fail(f"{folder}: the cache folder cannot be read ({exc.strerror or exc})")
    rows = {}                                   # path -> (size, when modified)
    for path in files:
        try:
            stat = path.stat()
        except OSError:                         # removed meanwhile
            continue
        rows[path] = (stat.st_size, datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d %H:%M"))
    if clear:
        removed, failed = store.clear(list(rows))
        typer.echo(f"{folder}: removed {len(removed)} files, {_mib(sum(rows[p][0] for p in removed))}")
        for path, exc in failed:
            typer.echo(f"error: {path}: not removed ({exc.strerror or exc})", err=True)
        if failed:
            raise typer.Exit(1)
        return
    typer.echo(f"{folder}: {len(rows)} files, {_mib(sum(size for size, _ in rows.values()))}")
    for path, (size, when) in rows.items():
        typer.echo(f"  {path.name}  {_mib(size):>10}  {when}")


def register(app: typer.Typer) -> None:
    app.command("cache")(cache)
