"""`kg load`: put graph files (.trig .nq .ttl ...) into a persistent store, one named graph per
article; loading a file again replaces those articles (idempotent)."""
from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from kg.commands import fail


def register(app: typer.Typer) -> None:
    @app.command("load")
    def load_cmd(
        files: List[Path] = typer.Argument(..., help="Graph files: TriG/N-Quads keep one named graph per article; a Turtle file is one article."),
        store: Path = typer.Option(..., "--store", "-s", help="The store directory (created when missing)."),
    ) -> None:
        """Load graph files into a store; each article's named graph is replaced atomically."""
        from kg.store import Store, StoreError, iter_file_articles

        db = None
        try:
            for path in files:  # every file must exist before the store is touched
                if not path.is_file():
                    raise StoreError(f"{path}: no such file")
            db = Store(store)
            articles = 0
            for path in files:
                for graph_iri, triples, shared in iter_file_articles(path):
                    if graph_iri is None:
                        db.add_default(triples)
                    else:
                        db.replace_article(graph_iri, triples, shared)
                        articles += 1
            db.flush()
            typer.echo(f"{articles} article graph(s) loaded; the store holds {len(db.graphs())} article(s), {db.count()} quads")
        except StoreError as e:
            db = None  # release the store (and its lock) now, not when the traceback goes
            fail(str(e))
