"""`kg validate`: check a store or graph file against schemas/shapes.ttl (SHACL, via pySHACL)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kg.commands import fail


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate_cmd(
        source: Path = typer.Argument(..., help="A store directory or a graph file."),
        shapes: Optional[Path] = typer.Option(None, "--shapes", help="SHACL shapes file (default: schemas/shapes.ttl)."),
        limit: int = typer.Option(50, "--limit", help="Print at most this many issues (0: all)."),
    ) -> None:
        """Validate the graph; exit status 1 when it violates the shapes, 2 when it cannot be read."""
        from collections import Counter

        from kg.store import StoreError
        from kg.validate import validate

        try:
            report = validate(str(source), shapes)
        except StoreError as e:
            fail(str(e))
        shown = report.issues if limit <= 0 else report.issues[:limit]
        for issue in shown:
            typer.echo(issue.line())
        if len(shown) < len(report.issues):
            typer.echo(f"... and {len(report.issues) - len(shown)} more (--limit 0 shows all)")
        counts = Counter(i.severity for i in report.issues)
        summary = ", ".join(f"{n} {sev.lower()}(s)" for sev, n in sorted(counts.items())) or "no issues"
        verdict = "conforms" if report.conforms else "does NOT conform"
        typer.echo(f"{source}: {report.triples} triples; {verdict}; {summary}")
        if not report.conforms:
            raise typer.Exit(1)
