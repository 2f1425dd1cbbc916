"""`kg load`: put graph files (.trig .nq .ttl ...) into a persistent store, article by article (one
atomic transaction each: for updates) or with the engine's bulk loader (``--bulk``: for a new store
or a large batch); loading a file again replaces those articles (idempotent)."""
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
        bulk: bool = typer.Option(False, "--bulk", help="Use the engine's bulk loader: several times faster and a "
                                  "compact store, for a new store or a large batch; not atomic (a stopped load is "
                                  "completed by running it again). Without it each article is one transaction."),
    ) -> None:
        """Load graph files into a store; each article (its named graph and its share of the default
        graph) replaces the one already there."""
        from kg.store import Store, StoreError, iter_file_articles

        db = None
        try:
            for path in files:  # every file must exist before the store is touched
                if not path.is_file():
                    raise StoreError(f"{path}: no such file")
            db = Store(store)
            before = len(db.graphs())
            articles = 0
            if bulk:
                db.bulk_load_files(files)
            else:
                for path in files:
                    for graph_iri, triples, shared in iter_file_articles(path):
                        if graph_iri is None:
                            db.add_default(triples)
                        else:
                            db.replace_article(graph_iri, triples, shared)
                            articles += 1
            db.flush()
            graphs = len(db.graphs())
            loaded = f"{articles} article graph(s) loaded" if not bulk else f"{graphs - before} new article graph(s)"
            typer.echo(f"{loaded}; the store holds {graphs} article(s), {db.count()} quads")
        except StoreError as e:
            db = None  # release the store (and its lock) now, not when the traceback goes
            fail(str(e))
