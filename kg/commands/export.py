"""`kg export`: a store or graph file as Turtle, TriG, N-Quads, N-Triples, JSON-LD, GraphML or GEXF."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from kg.commands import fail

NETWORK_EXTENSIONS = {".graphml": "graphml", ".gexf": "gexf"}


def _format_of(output: Path) -> str | None:
    from kg.formats import by_extension

    rdf = by_extension(output, through_gz=False)
    if rdf is not None and rdf.writable:
        return rdf.name
    return NETWORK_EXTENSIONS.get(output.suffix.lower())


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_cmd(
        source: Path = typer.Argument(..., help="A store directory or a graph file."),
        output: Path = typer.Option(..., "-o", "--output", help="File to write ('-' for standard output, RDF formats only)."),
        fmt: Optional[str] = typer.Option(None, "--format", "-f", help="turtle, trig, nquads, ntriples, jsonld, graphml, gexf (default: from the extension)."),
    ) -> None:
        """Export as Turtle, TriG, N-Quads, N-Triples, JSON-LD, or the entity network as GraphML/GEXF (Gephi)."""
        from kg.export import NETWORK_EXPORTS, RDF_EXPORTS, export
        from kg.store import StoreError

        name = fmt or _format_of(output)
        if name is None or name not in RDF_EXPORTS + NETWORK_EXPORTS:
            typer.echo(f"error: say the format with --format ({', '.join(RDF_EXPORTS + NETWORK_EXPORTS)})"
                       + (f"; {fmt!r} is not one" if fmt else f"; the extension {output.suffix or '(none)'!r} does not tell"), err=True)
            raise typer.Exit(2)
        if str(output) == "-" and name in NETWORK_EXPORTS:
            fail("graphml and gexf need a file (-o FILE)")
        try:
            if str(output) == "-":
                export(str(source), name, sys.stdout.buffer)
                sys.stdout.flush()
            else:
                from kg.sinks import atomic_output

                with atomic_output(output) as tmp:  # a failed export leaves an earlier file as it was
                    export(str(source), name, tmp)
        except StoreError as e:
            fail(str(e))
        except OSError as e:
            fail(f"{output}: cannot write ({e.strerror or e})")
        if str(output) != "-":
            typer.echo(f"wrote {output} ({name})", err=True)
