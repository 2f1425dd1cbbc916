"""alias: another name the text gives an entity: X（Y）, X（以下简称Y）, X，简称Y.

X must be a named entity mention (site, organisation, place, plan, meeting); Y is a short name in
the brackets or after 简称 (book-title marks dropped). Brackets holding dates, numbers, reporters'
names or whole clauses are not aliases."""
from __future__ import annotations

import re

from kg.extract import Extractor, register
from kg.types import MEETING, ORGANIZATION, PLACE, PLAN, SITE, Mention, Relation

NAMED = (SITE, ORGANIZATION, PLACE, PLAN, MEETING)
# （Y） or （以下简称Y） / （简称Y） right after the entity; ，简称Y / ，以下简称Y after it
BRACKET = re.compile(r"[（(](?:以下简称|下称|简称|又称|即)?[《“]?([\u4e00-\u9fffA-Za-z0-9·]{2,16})[》”]?[）)]")
AFTER = re.compile(r"[，,]?(?:以下简称|下称|简称|又称)[《“]?([\u4e00-\u9fffA-Za-z0-9·]{2,16})[》”]?")
NOT_ALIAS = re.compile(r"^(记者|通讯员|本报|新华社|\d|[一二三四五六七八九十]+$)|(年|月|日|时|摄)$")


@register("alias")
class AliasExtractor(Extractor):
    version = "1"

    def __call__(self, doc):
        text = doc._.article.text
        for sent in doc._.sentences:
            mentions = self.mentions_in(doc, sent, *NAMED)
            for m in mentions:
                end = m.end + (1 if m.type == PLAN and text[m.end:m.end + 1] == "》" else 0)
                match = BRACKET.match(text, end) or AFTER.match(text, end)
                if match is None:
                    continue
                short = match.group(1)
                if short == m.text or NOT_ALIAS.search(short) or len(short) >= len(m.text):
                    continue
                if any(o.start < m.start and m.end <= o.end and o.type in NAMED for o in mentions):
                    continue  # only the longest name takes the alias
                alias = Mention(short, m.type, match.start(1), match.end(1))
                yield Relation("alias", m, alias, self.evidence(doc, sent, m.start, match.end(), confidence=0.95))
