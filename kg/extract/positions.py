"""holdsPosition: a title next to a person's name (市委书记陈某, 部长兼副代表某某, 党工委副书记某某表示).

The entity stage marks each title with the organ or place it belongs to (福建省海洋与渔业局党组书记)
and the name after it; this extractor pairs every person with the chain of titles right before the
name, joined by 、 or 兼. The position's label is the title as written with its organ; its bare
title (党组书记) is kept as an alternative label by the graph stage."""
from __future__ import annotations

from kg.extract import Extractor, register
from kg.extract._bylines import reporters
from kg.types import PERSON, POSITION, Mention, Relation

JOINERS = "、兼，"


@register("holdsPosition")
class PositionExtractor(Extractor):
    version = "1"

    def __call__(self, doc):
        for r in reporters(doc, self.name):  # 青年报记者 某某 in the byline
            yield Relation("holdsPosition", Mention(r.name, PERSON), Mention(r.title, POSITION), r.evidence)
        for sent in doc._.sentences:
            for person, chain in title_chains(doc._.article.text, self.mentions_in(doc, sent, PERSON, POSITION)):
                for position in chain:
                    yield Relation("holdsPosition", person, position,
                                   self.evidence(doc, sent, chain[0].start, person.end, confidence=0.9))


def title_chains(text: str, mentions: list[Mention]) -> list[tuple[Mention, list[Mention]]]:
    """[(person, [positions in text order])] for every person named right after one or more titles."""
    by_end = {m.end: m for m in mentions if m.type == POSITION}
    out = []
    for person in (m for m in mentions if m.type == PERSON):
        chain: list[Mention] = []
        cur = by_end.get(person.start)
        while cur is not None and cur not in chain:
            chain.append(cur)
            prev = cur.start - 1
            cur = by_end.get(prev) if prev >= 0 and text[prev] in JOINERS else None
        if chain:
            out.append((person, chain[::-1]))
    return out
