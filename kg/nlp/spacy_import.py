"""spaCy, imported without its command line.

``import spacy`` imports ``spacy.cli`` (for the one function ``spacy.info``), and with it
requests, httpx, jinja2, weasel and every sub-command: about 40% of the time of ``import spacy``,
which is the largest part of a short build's start-up. None of it is used by the pipeline. So the
first import of spaCy goes through :func:`import_spacy` (the modules of kg that import spaCy call
it before they do: kg/nlp/pipeline.py, kg/ner/crf.py, kg/ner/tokens.py), which stands a placeholder in for
``spacy.cli.info`` while spaCy's ``__init__`` runs: ``spacy.info`` then imports the real module
on first use, and ``spacy.cli`` (``python -m spacy``) imports as usual, as the placeholder is
gone once spaCy is imported.
"""
from __future__ import annotations

import importlib
import sys
import types

_INFO = "spacy.cli.info"


def _info(*args, **kwargs):
    """spacy.info, from the real spacy.cli.info (imported now)."""
    return importlib.import_module(_INFO).info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """The spacy package, imported without spacy.cli if it was not imported yet."""
    if "spacy" in sys.modules or _INFO in sys.modules:
        import spacy
        return spacy
    placeholder = types.ModuleType(_INFO)
    placeholder.info = _info
    sys.modules[_INFO] = placeholder
    try:
        import spacy
    finally:
        if sys.modules.get(_INFO) is placeholder:
            del sys.modules[_INFO]
    return spacy
