"""`kg articles`: show how inputs are read and split into articles (ingest, layout, segment).

No NLP runs, so this is the quick way to check a new source before `kg build`: which encoding
each file was read with, how many articles a page holds, their titles, datelines, bylines and
whether split stories were rejoined. With --jsonl it writes the repaired articles as JSON Lines
in the project's own input form (id, text, title, published, source), ready for `kg build`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from kg.commands import parse_published


def articles(
    inputs: List[Path] = typer.Argument(..., help="Text files, folders (read recursively) or JSON Lines files."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD, 1900-2100) of "
                                            "plain-text inputs."),
    jsonl: bool = typer.Option(False, "--jsonl", help="Write the repaired articles as JSON Lines to standard "
                               "output instead of a summary."),
    full: bool = typer.Option(False, "--text", help="Print each article's whole repaired text."),
    strict: bool = typer.Option(False, "--strict", help="Reject an input with bytes that do not decode instead of "
                                "replacing them by U+FFFD with a warning."),
) -> None:
    """List the articles of the inputs after layout repair and page segmentation."""
    from kg.ingest import iter_documents
    from kg.segment import split_articles
    from kg.types import InputWarning

    day = parse_published(published)
    errors = _Errors()
    count = 0
    for doc in iter_documents(inputs, published=day, errors=errors, strict=strict):
        for article in split_articles(doc):
            count += 1
            if jsonl:
                typer.echo(json.dumps(_record(article), ensure_ascii=False))
                continue
            meta = [f"{doc.encoding}", f"{len(article.text)} chars"]
            for label, value in (("title", article.title), ("dateline", article.dateline),
                                 ("byline", article.byline), ("section", article.section)):
                if value:
                    meta.append(f"{label} {value}")
            if article.fragments > 1:
                meta.append(f"{article.fragments} fragments joined")
            typer.echo(f"{article.article_id}\t{doc.where}\t" + "; ".join(meta))
            if full:
                typer.echo(article.text + "\n")
            else:
                first = article.text.split("\n", 1)[0]
                typer.echo("    " + (first[:60] + "…" if len(first) > 60 else first))
    if not jsonl:
        typer.echo(f"{count} articles" + (f"; {len(errors)} inputs failed" if errors else ""), err=True)
    if any(not isinstance(e, InputWarning) for e in errors):
        raise typer.Exit(1)


def _record(article) -> dict:
    doc = article.doc
    record = {"id": article.article_id, "text": article.text}
    if article.title:
        record["title"] = article.title
    if doc.published:
        record["published"] = doc.published.isoformat()
    if doc.source:
        record["source"] = doc.source
    for key in ("dateline", "byline", "section"):
        value = getattr(article, key)
        if value:
            record[key] = value
    if article.fragments > 1:
        record["fragments"] = article.fragments
    return record


class _Errors(list):
    """Prints each input error (or warning) as one line on standard error when it happens."""

    def append(self, error) -> None:
        from kg.types import InputWarning

        super().append(error)
        typer.echo(f"{'warning' if isinstance(error, InputWarning) else 'error'} {error}", err=True)


def register(app: typer.Typer) -> None:
    app.command("articles")(articles)
