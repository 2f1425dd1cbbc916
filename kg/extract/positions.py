"""holdsPosition: a title next to a person's name (市委书记陈某, 部长兼副代表某某, 党工委副书记某某表示).

The entity stage marks each title with the organ or place it belongs to (福建省海洋与渔业局党组书记)
and the name after it; this extractor pairs every person with the chain of titles right before the
name, joined by 、 or 兼. The position's label is the title as written with its organ; its bare
title (党组书记) is kept as an alternative label by the graph stage."""
from __future__ import annotations

from kg.extract import Extractor, register
from kg.types import PERSON, POSITION, Relation

JOINERS = "、兼，"


@register("holdsPosition")
class PositionExtractor(Extractor):
    version = "1"

    def __call__(self, doc):
        text = doc.text
        for sent in doc._.sentences:
            mentions = self.mentions_in(doc, sent, PERSON, POSITION)
            by_end = {m.end: m for m in mentions if m.type == POSITION}
            for person in (m for m in mentions if m.type == PERSON):
                chain = []
                cur = by_end.get(person.start)
                while cur is not None and cur not in chain:
                    chain.append(cur)
                    prev = cur.start - 1
                    cur = by_end.get(prev) if prev >= 0 and text[prev] in JOINERS else None
                for position in reversed(chain):
                    yield Relation("holdsPosition", person, position,
                                   self.evidence(doc, sent, chain[-1].start, person.end, confidence=0.9))
