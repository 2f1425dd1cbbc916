"""holdsPosition: a title next to a person's name (市委书记陈某, 部长兼副代表某某, 党工委副书记某某表示).

The entity stage marks each title with the organ or place it belongs to (福建省海洋与渔业局党组书记)
and the name after it; this extractor pairs every person with the chain of titles right before the
name, joined by 、 or 兼. The position's label is the title as written with its organ; its bare
title (党组书记) is kept as an alternative label by the graph stage."""
from __future__ import annotations

from kg.extract import Extractor, register
from kg.extract._bylines import reporters
from kg.nlp.mention_index import MentionIndex
from kg.types import PERSON, POSITION, Mention, Relation, Sentence

JOINERS = "、兼，"
LIST_SEPARATORS = ("、",)


@register("holdsPosition")
class PositionExtractor(Extractor):
    version = "1"

    def __call__(self, doc):
        for r in reporters(doc, self.name):  # 青年报记者 某某 in the byline
            yield Relation("holdsPosition", Mention(r.name, PERSON), Mention(r.title, POSITION), r.evidence)
        for sent, chains in sentence_title_chains(doc):
            for person, chain in chains:
                for position in chain:
                    yield Relation("holdsPosition", person, position,
                                   self.evidence(doc, sent, chain[0].start, person.end, confidence=0.9))


def sentence_title_chains(doc) -> list[tuple[Sentence, list[tuple[Mention, list[Mention]]]]]:
    """Every sentence of ``doc`` with the title chains read in it (made once per Doc: the position
    and career extractors read the same)."""
    chains = doc.user_data.get("kg.title_chains")
    if chains is None:
        text, mentions = doc._.article.text, MentionIndex.of(doc)
        chains = doc.user_data["kg.title_chains"] = [
            (sent, title_chains(text, mentions.within(sent.start, sent.end, PERSON, POSITION))) for sent in doc._.sentences]
    return chains


def title_chains(text: str, mentions: list[Mention]) -> list[tuple[Mention, list[Mention]]]:
    """[(person, [positions in text order])] for every person named right after one or more titles
    (市委副书记、市长王明), for the names listed after such a person that share the titles
    (全国政协副主席王明、李华、张强出席), and for a person whose post follows the name between
    commas (王明，某某集团有限公司负责人，…)."""
    by_end = {m.end: m for m in mentions if m.type == POSITION}
    by_start = {m.start: m for m in mentions if m.type == POSITION}
    people = sorted((m for m in mentions if m.type == PERSON), key=lambda m: m.start)
    person_at = {m.start: m for m in people}
    person_ending: dict[int, Mention] = {}   # the first person (in text order) that ends at each offset
    for m in people:
        person_ending.setdefault(m.end, m)
    out = []
    titled: set[int] = set()
    for person in people:
        chain: list[Mention] = []
        cur = by_end.get(person.start)
        while cur is not None and cur not in chain:
            chain.append(cur)
            prev = cur.start - 1
            cur = by_end.get(prev) if prev >= 0 and text[prev] in JOINERS else None
        if not chain:
            post = by_start.get(person.end + 1)
            after = by_start.get(person.end)
            if text[person.end:person.end + 1] == "，" and post is not None \
                    and text[post.end:post.end + 1] in ("，", "。"):
                chain = [post]   # an appositive post
            elif after is not None and after.end not in person_at:
                chain = [after]  # a title after the name: 会见某某总理、某某主席
                # 李某、王某、肖某副委员长: the names listed before it, untitled, share it
                before = person
                while before.start > 0 and text[before.start - 1] == "、":
                    prev = person_ending.get(before.start - 1)
                    if prev is None or by_end.get(prev.start) is not None or by_start.get(prev.end) is not None:
                        break
                    out.append((prev, chain))
                    titled.add(prev.start)
                    before = prev
            elif person.start in titled:
                continue
        if not chain:
            continue
        chain = chain[::-1]
        out.append((person, chain))
        titled.add(person.start)
        # names listed right after it, with no titles of their own, share them
        mate = person
        while text[mate.end:mate.end + 1] in LIST_SEPARATORS:
            nxt = person_at.get(mate.end + 1)
            if nxt is None or by_end.get(nxt.start) is not None or nxt.start in titled:
                break
            out.append((nxt, chain))
            titled.add(nxt.start)
            mate = nxt
    return out
