"""`kg query`: run SPARQL (text, a file, or a ready query by name) on a store or a graph file."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from kg.commands import fail


def register(app: typer.Typer) -> None:
    @app.command("query")
    def query_cmd(
        source: Optional[Path] = typer.Argument(None, help="A store directory (kg build/load --store) or a graph file (.trig .nq .ttl ...)."),
        sparql: Optional[str] = typer.Argument(None, help="The SPARQL query text."),
        file: Optional[Path] = typer.Option(None, "--file", help="Read the query from this .rq file."),
        name: Optional[str] = typer.Option(None, "--name", "-n", help="Run a ready query by name (see --list)."),
        param: List[str] = typer.Option([], "--param", "-p", metavar="NAME=VALUE", help="name=value for a query parameter (repeatable)."),
        fmt: str = typer.Option("auto", "--format", "-f", help="table, csv, tsv, json, xml (SELECT/ASK); turtle, ntriples, nquads, trig, rdfxml, jsonld (CONSTRUCT/DESCRIBE). auto: a table on a terminal, else csv or turtle."),
        list_: bool = typer.Option(False, "--list", help="List the ready queries and their parameters."),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the result to this file."),
    ) -> None:
        """Run a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query; the default graph is the union of all articles."""
        from kg import query as Q

        try:
            if list_:
                _list(Q)
                return
            if source is None:
                raise Q.QueryError("give a store directory or graph file (or --list)")
            given = [x for x in (sparql, file, name) if x is not None]
            if len(given) != 1:
                raise Q.QueryError("give exactly one of: the query text, -f FILE, --name READY_QUERY")
            params = Q.parse_params(param)
            source = Q.open_source(str(source))  # opened once: parameters are looked up in it too
            if name is not None:
                text = Q.prepare(Q.ready_query(name), params, source)
            else:
                if file is not None:
                    try:
                        text = file.read_text(encoding="utf-8")
                    except (OSError, UnicodeDecodeError) as e:
                        raise Q.QueryError(f"{file}: cannot read query ({e.__class__.__name__})") from None
                else:
                    text = sparql
                _check_variables(text, params)
                text = Q.bind_params(text, {k: Q.parse_param(v) for k, v in params.items()})
            try:
                result = Q.run(source, text)
            except Q.QueryError as e:
                raise Q.QueryError(_short_syntax_error(str(e), text)) from None
            kind = Q.kind_of(result)
            chosen = fmt
            if fmt == "auto":
                chosen = "table" if (output is None and sys.stdout.isatty()) else ("turtle" if kind == "graph" else "csv")
            if chosen == "table":
                _print_table(Q, result, kind)
                return
            if output is not None:
                from kg.sinks import atomic_output

                with atomic_output(output) as tmp, open(tmp, "wb") as fh:
                    Q.serialize(result, chosen, fh)
            else:
                sys.stdout.buffer.write(Q.serialize(result, chosen))
                if chosen not in ("csv", "tsv"):
                    sys.stdout.buffer.write(b"\n")
                sys.stdout.flush()
        except (Q.QueryError, Q.StoreError) as e:
            fail(str(e))


def _check_variables(text: str, params: dict[str, str]) -> None:
    """A parameter of a query of one's own must name a variable of it (?name or $name): a typo
    would otherwise be ignored, and the query run without it."""
    import re

    from kg.query import QueryError

    for name in params:
        if not re.search(rf"[?$]{re.escape(name)}(?![\w])", text):
            raise QueryError(f"--param {name}: the query has no variable ?{name}")


def _short_syntax_error(message: str, text: str) -> str:
    """A SPARQL error in one short line: an undeclared prefix is named; the parser's list of the
    characters it expected (hundreds of Unicode ranges) is dropped."""
    import re

    from kg.store import PREFIX_MAP

    if "Prefix not found" in message:
        body = re.sub(r'<[^>\s]*>|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*', " ", text)
        declared = set(PREFIX_MAP) | set(re.findall(r"(?i)PREFIX\s+([\w.-]*):", body))
        used = re.findall(r"(?<![\w?$:])([A-Za-z][\w.-]*):[\w]", body)
        unknown = sorted({u for u in used if u not in declared})
        if unknown:
            return (f"unknown prefix {', '.join(u + ':' for u in unknown)} (predeclared: "
                    f"{', '.join(p + ':' for p in PREFIX_MAP)}; declare others with PREFIX)")
    cut = message.find(" expected one of")
    if cut >= 0 and len(message) > 200:
        return message[:cut] + " unexpected input"
    return message if len(message) <= 300 else message[:299] + "…"


def _list(Q) -> None:
    for rq in Q.ready_queries().values():
        typer.echo(f"{rq.name}: {rq.title}")
        for p, desc in rq.params.items():
            typer.echo(f"    --param {p}=...  {desc}")


def _print_table(Q, result, kind: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if kind == "ask":
        console.print("true" if bool(result) else "false")
        return
    if kind == "graph":
        console.print(Q.serialize(result, "turtle").decode("utf-8"), markup=False, highlight=False)
        return
    names, rows = Q.table_rows(result)
    table = Table(*names, show_lines=False)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(f"{len(rows)} row(s)")
