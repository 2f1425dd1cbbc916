"""Two questions about a query's text that the engine's API does not answer, for semantics and
messages only (the endpoint's safety never depends on them: see kg/serve/sandbox.py); kg.store and
kg serve ask them.

- :func:`has_dataset_clause`: does the query name its own dataset (``FROM`` / ``FROM NAMED``)?
  Then it runs on that dataset; otherwise the default graph is the union of all articles.
- :func:`update_keyword`: does a text that failed to parse as a query open like an update
  (INSERT, DELETE, LOAD, ...)? Then the answer is 403 "read-only" rather than a syntax error.

Both read SPARQL's tokens: comments, strings (all four quotings, with backslash escapes) and IRIs
(``<`` followed by IRI characters up to ``>``; otherwise ``<`` is the less-than operator) are
skipped, so a FROM inside a string or IRI does not count.
"""
from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<word>[^\s{}()\[\]<>,;'"\#=!&|+*/^]+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
UPDATE_KEYWORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}


def _words(text: str):
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "word":
            yield m.group()


def has_dataset_clause(text: str) -> bool:
    """True when the query has a FROM or FROM NAMED clause (FROM is a keyword nowhere else)."""
    return any(w.lower() == "from" for w in _words(text))


def update_keyword(text: str) -> str | None:
    """The update keyword the text opens with after its prologue (BASE/PREFIX), lower-cased, or
    None."""
    words = iter(_words(text))
    for w in words:
        lw = w.lower()
        if lw == "base":
            continue
        if lw == "prefix":
            next(words, None)  # the prefix name; its IRI is not a word
            continue
        return lw if lw in UPDATE_KEYWORDS else None
    return None
