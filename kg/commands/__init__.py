"""Sub-commands of `kg`: one module each, with a ``register(app)`` function.

Keep imports of heavy modules (spaCy, rdflib, pyoxigraph) inside the command functions, so that
`kg --help` stays fast."""
from typing import NoReturn

import typer


def fail(message: str, code: int = 2) -> NoReturn:
    """Say what is wrong in one line on standard error and end the command with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)
