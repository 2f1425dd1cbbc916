"""The browser explorer that ``kg serve`` shows at ``/``: static files in ``static/`` (the page,
its script and style, and the vendored libraries in ``static/vendor/``, each with its licence),
and the SPARQL it runs, in ``kg/queries/explorer/*.rq`` (one file per question, with the same
``# title:`` / ``# param`` header and ``#PARAMS`` line as the ready queries)."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from kg import query as Q


def static_dir() -> Path:
    return Path(str(resources.files("kg.explorer") / "static"))


def explorer_queries() -> dict[str, Q.ReadyQuery]:
    """The explorer's queries by name (file name without .rq)."""
    out = {}
    for entry in sorted(resources.files("kg.queries.explorer").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = Q._parse_header(name, entry.read_text(encoding="utf-8"))
    return out
