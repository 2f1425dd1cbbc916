"""graduatedFrom and worksAt: a person's school and employer.

    2023年毕业于某某学院的李同学        -> graduatedFrom
    某某就职于/供职于/任职于 某公司        -> worksAt (a named employer only)
    水利部副部长某某, 某某有限公司董事长某某 -> worksAt the ministry or company of the title
    byline 某报记者 某某; （记者某某） under 本报… -> worksAt the paper
Party committees (市委, 党工委, 书记处) in a title are where a post sits, not an employer."""
from __future__ import annotations

import re

from kg.extract import Extractor, register
from kg.extract._bylines import reporters
from kg.extract.positions import sentence_title_chains
from kg.nlp.lexicon import lexicon
from kg.types import ORGANIZATION, PERSON, Mention, Relation

GRADUATED = re.compile(r"毕业于")
EMPLOYED = re.compile(r"(就职于|供职于|任职于|就业于)")
PARTY = re.compile(r"(党委|党工委|党组|市委|省委|区委|县委|州委|书记处|政治局|常委会|中共中央|中央|纪委|政府|人大|政协)$")
EMPLOYER_END = re.compile(r"(部|局|署|委员会|委|厅|司|办|办公室|公司|集团|银行|医院|大学|学院|研究院|研究所|中心|报社|电视台)$")


@register("careers")
class CareerExtractor(Extractor):
    version = "1"

    def __call__(self, doc):
        for sent, chains in sentence_title_chains(doc):
            cues = [("graduatedFrom", cue) for cue in GRADUATED.finditer(sent.text)] + \
                [("worksAt", cue) for cue in EMPLOYED.finditer(sent.text)]
            if cues:
                mentions = self.mentions_in(doc, sent)
                people = [m for m in mentions if m.type == PERSON]
                orgs = [m for m in mentions if m.type == ORGANIZATION]
                for family, cue in cues:
                    yield from self._person_org(doc, sent, family, sent.start + cue.end(), people, orgs)
            # the employer in a title: 水利部副部长某某
            for person, chain in chains:
                for pos in chain:
                    employer = employer_of(pos.text)
                    if employer:
                        yield Relation("worksAt", person, Mention(employer, ORGANIZATION, pos.start, pos.start + len(employer)),
                                       self.evidence(doc, sent, pos.start, person.end, confidence=0.7))
                        break
        for r in reporters(doc, self.name):
            if r.paper:
                yield Relation("worksAt", Mention(r.name, PERSON), Mention(r.paper, ORGANIZATION), r.evidence)

    def _person_org(self, doc, sent, family, at, people, orgs):
        org = max((o for o in orgs if o.start == at), key=lambda o: o.end - o.start, default=None)
        if org is None:
            return  # an unnamed employer (一家芯片公司) is no fact
        # 毕业于X的某某 (the person follows 的), else the person before the cue in the sentence
        after = [p for p in people if p.start == org.end + 1 and doc._.article.text[org.end] == "的"]
        before = [p for p in people if p.end <= at]
        person = after[0] if after else (before[-1] if before else None)
        if person is not None:
            yield Relation(family, person, org, self.evidence(doc, sent, min(person.start, org.start),
                                                              max(person.end, org.end), confidence=0.8))


def employer_of(position: str) -> str | None:
    """The organisation a position's label starts with (水利部副部长 -> 水利部), if it employs."""
    title = lexicon().bare_title(position)
    if not title or title == position:
        return None
    prefix = position[: len(position) - len(title)]  # 水利部规划计划司司长 -> the department as written
    if PARTY.search(prefix) or not EMPLOYER_END.search(prefix) or len(prefix) < 3:
        return None
    if not _anchored(prefix):
        return None   # 外贸易司, 公司国际部: a name cut short, or a description, is no employer
    return prefix


def _anchored(name: str) -> bool:
    """Does an employer's name begin with a proper name: a place, a country, an organ of the
    lexicon or a name in Latin letters (vivo)?"""
    lx = lexicon()
    if name[:1].isascii() and name[:1].isalpha():
        return True
    return any(name.startswith(w) for w in lx.organs) or \
        any(name.startswith(name[:n]) and name[:n] in lx.places for n in range(2, min(len(name), 10) + 1))
