"""locatedIn: a named site or organisation and the place the text puts it in.

    位于黄浦区某路的某纪念馆      -> 纪念馆 locatedIn 黄浦区某路
    某基地位于新疆…               -> 基地 locatedIn 新疆
    某公司坐落于/地处某区         -> 公司 locatedIn 某区
"""
from __future__ import annotations

import re

from kg.extract import Extractor, register
from kg.types import ORGANIZATION, PLACE, SITE, Relation

LOCATED = re.compile(r"(位于|坐落于|坐落在|地处)")
THINGS = (SITE, ORGANIZATION)


@register("locatedIn")
class LocationExtractor(Extractor):
    version = "1"

    def __call__(self, doc):
        text = doc._.article.text
        for sent in doc._.sentences:
            mentions = self.mentions_in(doc, sent)
            places = [m for m in mentions if m.type == PLACE]
            things = [m for m in mentions if m.type in THINGS]
            for cue in LOCATED.finditer(sent.text):
                at = sent.start + cue.end()
                place = _longest_at(places, at)
                if place is None:
                    continue
                # 位于 PLACE 的 THING: the thing follows 的
                thing = None
                if text[place.end:place.end + 1] == "的":
                    thing = _longest_at(things, place.end + 1)
                if thing is None:  # THING 位于 PLACE
                    before = [t for t in things if t.end == sent.start + cue.start()]
                    thing = max(before, key=lambda t: t.end - t.start) if before else None
                if thing is None:
                    continue
                yield Relation("locatedIn", thing, place,
                               self.evidence(doc, sent, min(thing.start, sent.start + cue.start()),
                                             max(thing.end, place.end), confidence=0.9))


def _longest_at(mentions, start):
    at = [m for m in mentions if m.start == start]
    return max(at, key=lambda m: m.end - m.start) if at else None
