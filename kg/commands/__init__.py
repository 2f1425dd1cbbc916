"""Sub-commands of `kg`: one module each, with a ``register(app)`` function.

Keep imports of heavy modules (spaCy, rdflib, pyoxigraph) inside the command functions, so that
`kg --help` stays fast."""
from typing import NoReturn

import typer


def fail(message: str, code: int = 2) -> NoReturn:
    """Say what is wrong in one line on standard error and end the command with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def stderr_console():
    """A rich Console on standard error that never wraps a line (a log read from a file or a pipe
    keeps one message a line) and reads no markup in what it prints."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


def parse_published(value: str | None, hint: str = "--published"):
    """The date of a --published option: ISO, inside kg.ingest.PUBLISHED_RANGE; else a usage error."""
    from datetime import date

    from kg.ingest import check_published

    if value is None:
        return None
    try:
        return check_published(date.fromisoformat(value))
    except ValueError as e:
        raise typer.BadParameter(f"{value!r}: {e}" if "outside" in str(e) else f"{value!r} is not an ISO date "
                                 "(YYYY-MM-DD)", param_hint=hint) from None
