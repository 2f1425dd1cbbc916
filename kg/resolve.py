"""Entity resolution: which surface forms name one entity, and the stable IRI of each entity.

Identity is content-derived: an entity's IRI is a hash of its type and preferred name, so the same
entity gets the same IRI in two runs, two articles or two worker processes, and merging partial
graphs is a plain union. Within an article, the resolver folds other surface forms into one
entity and records why:

- alias   X（Y）, X（以下简称Y）, 简称Y: Y is another name of X (the alias extractor's facts);
- prefix  a short form that begins a longer name of the article (前海 for 前海合作区);
- person  a bare name and the same name after a title are one person (by construction: same name);
- gazetteer  a short place name is its division's full name (浙江 -> 浙江省, 杭州 -> 杭州市).

Across articles the same (type, name) is one node; different types stay different nodes.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rdflib import URIRef

from kg.nlp.lexicon import lexicon
from kg.types import ORGANIZATION, PLACE, PLAN, SITE, Mention, Relation
from kg.vocab import ID

MERGEABLE = (SITE, PLACE, ORGANIZATION, PLAN)


def digest(*parts: object, n: int = 16) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:n]


def entity_iri(type_: str, label: str) -> URIRef:
    return ID[f"{type_.lower()}/{digest(type_, label)}"]


@dataclass(frozen=True)
class Merge:
    form: str          # the surface form folded in
    into: Mention      # the entity it names
    reason: str        # alias | prefix


class Resolver:
    """Resolves the mentions of one article."""

    def __init__(self, mentions: list[Mention], aliases: list[Relation] = ()):
        self.merges: dict[str, Merge] = {}
        self.names = {m.text: m for m in mentions if m.type in MERGEABLE}
        for rel in aliases:
            full, short = rel.subject, rel.object
            if short.text != full.text:
                self.merges[short.text] = Merge(short.text, Mention(full.text, full.type), "alias")

    def canonical(self, mention: Mention) -> Mention:
        """The entity a mention names: its preferred label and type."""
        merge = self.merges.get(mention.text)
        if merge is not None:
            return merge.into
        if mention.type == PLACE:
            place = lexicon().canonical_place(mention.text)
            if place is not None and place.name != mention.text and place.level in ("province", "city"):
                full = Mention(place.name, PLACE)
                self.merges.setdefault(mention.text, Merge(mention.text, full, "gazetteer"))
                return full
        if mention.type in MERGEABLE or mention.type == "":
            longer = self.expand_prefix(mention.text)
            if longer is not None:
                self.merges.setdefault(mention.text, Merge(mention.text, longer, "prefix"))
                return longer
        return Mention(mention.text, mention.type)

    def expand_prefix(self, text: str) -> Mention | None:
        """A longer name of the article that starts with ``text`` (前海 -> 前海合作区), if unique."""
        if len(text) < 2:
            return None
        candidates = {m.text: m for t, m in self.names.items() if t != text and t.startswith(text)}
        if len(candidates) == 1:
            m = next(iter(candidates.values()))
            return Mention(m.text, m.type)
        return None

    def iri(self, mention: Mention) -> URIRef:
        c = self.canonical(mention)
        return entity_iri(c.type, c.text)
