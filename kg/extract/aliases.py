"""alias: another name the text gives an entity: X（Y）, X（以下简称Y）, X，简称Y.

The entity stage finds the aliases (kg.nlp.coref.aliases, read once per article into
``doc._.aliases``); this extractor makes each one a fact with its evidence."""
from __future__ import annotations

from kg.extract import Extractor, register
from kg.types import Relation


@register("alias")
class AliasExtractor(Extractor):
    version = "2"

    def __call__(self, doc):
        for full, alias in doc._.aliases or ():
            sent = next((s for s in doc._.sentences if s.start <= full.start < s.end), None)
            if sent is None:
                continue
            yield Relation("alias", full, alias, self.evidence(doc, sent, full.start, alias.end + 1, confidence=0.95))
