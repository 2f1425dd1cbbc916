"""Visits: a named person goes to named places (来到, 调研, 考察, 视察, 走访, 察看, 深入, 前往, 参观, 看望).

One Visit per visitor and article: an inspection tour reported over several sentences
(随后，某某来到…; 某某在纪念馆仔细察看…) collects all its destinations. What the extractor reads:

- the visitor: the person who is the subject of the verb's clause (titles and time words may stand
  before the name); a clause with no subject of its own (随后，来到…; 实地调研…; 她先后来到…) carries
  over the subject of the sentence, or the article's visitor;
- the destinations: named sites, organisations and places right after the verb (来到杭州市、宁波市;
  来到位于徐汇区龙华路的某某纪念馆), between 在/赴/到 and the verb (在浙江调研), or in a fronted
  在 clause (在某某有限公司，某某察看…). A bare head noun (在纪念馆仔细察看) is the most recent
  named site of the article with that head. An unnamed destination (外贸企业, 创业孵化基地), or a
  place that only modifies one (来到宁波的外贸企业), is no destination;
- participants: persons who 参加调研, 陪同 or go 一同 (市领导某某参加调研);
- the date: the date expression before the verb, resolved against the publication date (近日 and
  relative dates without a publication date give none);
- the topic: what 调研/考察 is about when the text says so (调研就业、职业技能提升培训等工作).

A visit reported as history (2024年10月，某某在福建考察时指出) is a separate Visit, kept only with a
named person and a named place, at a lower confidence. A visit mentioned inside a reference to a
speech (学习贯彻总书记考察上海重要讲话精神) is no visit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from kg.extract import Extractor, register
from kg.extract._events import (ADVERBIAL, CLAUSE_MARKS, PRONOUN_SUBJECT, EventDates, after_separator, clause_start,
                                clause_subject, dedupe, longest_at, merge_dates, person_chain_before,
                                person_chain_from)
from kg.nlp.lexicon import lexicon
from kg.types import ORGANIZATION, PLACE, SITE, DateValue, Event, Mention, Sentence

DESTINATION_TYPES = (SITE, ORGANIZATION, PLACE)
# verbs whose object is the destination (来到杭州市), and verbs preceded by 在/赴/到 + destination
VERBS_AFTER = ("来到", "前往", "走访", "察看", "参观", "看望", "走进", "深入", "考察", "视察", "调研", "赴")
VERBS_BEFORE = ("调研", "考察", "视察", "察看", "检查", "参观", "走访", "看望", "慰问", "指导")
# not a verb inside a noun: 考察团, 调研组, 视察员
VERB_RE = re.compile(f"(?:{'|'.join(sorted(set(VERBS_AFTER + VERBS_BEFORE), key=len, reverse=True))})(?![团组队员])")
STRONG_VERBS = ("调研", "考察", "视察")
LOCATIVES = re.compile(r"(?:在|赴|到)")
# adverbs between a destination and its verb: 在纪念馆仔细察看
ADVERBS = re.compile(r"(?:仔细|认真|详细|实地|深入|专门|专程|一同|一起|重点|先后|进行|开展|就|上|内|里|期间)+$")
# what may follow the last destination of a list: the clause ends, or another verb of the visit
DEST_FOLLOW = re.compile(r"(?:[，。；：、！？,;:]|$|等|调研|考察|视察|了解|察看|参观|看望|慰问|检查|指导|走访|时|并|听取|实地|"
                         r"详细|进行|开展|召开|主持|座谈|出席|参加|访问|指导)")
# a visit inside a reference to a speech or instruction is not a visit of this article
SPEECH_AFTER = re.compile(r"[^，。；]{0,12}?(?:重要讲话|重要指示|讲话精神|重要论述|指示精神|重要批示)")
HISTORY_MARKS = re.compile(r"时任|当年|多年前")
PARTICIPANT_RE = re.compile(r"(?:参加|陪同|一同|一起)(?:调研|考察|视察|察看|走访)|陪同")
PARTICIPATION_BEFORE = ("参加", "陪同", "一同", "一起")
TOPIC_CUT = re.compile(r"时(?:指出|强调|表示|说|要求|提出)?$")
TOPIC_END = re.compile(r"(?:工作|情况|问题|建设|发展|工程|项目)$")
HISTORY_DAYS = 45


@dataclass
class _Visit:
    agent: Mention
    history: bool
    sentence: Sentence
    start: int
    end: int
    objects: list[Mention] = field(default_factory=list)
    participants: list[Mention] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    topic: str | None = None
    strong: bool = False       # 调研/考察/视察 said of the visitor with a date


@register("visit")
class VisitExtractor(Extractor):
    version = "1"

    def __init__(self) -> None:
        self.site_heads = tuple(sorted(lexicon().site_suffixes, key=len, reverse=True))

    def __call__(self, doc):
        text = doc._.article.text
        mentions = doc._.mentions
        published = doc._.article.published
        dates = EventDates(text, published)
        visits: dict[tuple, _Visit] = {}
        current: _Visit | None = None
        for sent in doc._.sentences:
            sentence_agent: Mention | None = None  # the visitor of the sentence's previous verb
            for m in VERB_RE.finditer(text, sent.start, sent.end):
                t, verb = m.start(), m.group()
                if SPEECH_AFTER.match(text, m.end()) or text[max(sent.start, t - 2):t] in PARTICIPATION_BEFORE:
                    continue  # 考察上海重要讲话精神; 参加调研 (a participant, read below)
                cs = clause_start(text, t, sent.start)
                before = self._destinations_before(text, mentions, cs, t, verb)
                dest_start = before[0] if before else None
                objects = before[1] if before else []
                after = not objects and verb in VERBS_AFTER
                if after:
                    objects = self._destinations_after(text, mentions, m.end())
                if not objects:
                    objects = self._fronted_place(text, mentions, sent, cs)
                pre_end = dest_start if dest_start is not None else t
                agent = self._agent(text, mentions, sent, cs, pre_end, current, sentence_agent)
                if agent is None:
                    continue
                sentence_agent = agent
                # the date stands in the visitor's clause or the time-only clauses before it:
                # 5日下午，某某在某某陪同下，先后来到…
                date_clause = clause_start(text, agent.start, sent.start) if sent.start <= agent.start < cs else cs
                date = dates.of_clause(sent, date_clause, pre_end)
                history = self._is_history(text, sent, t, date, published)
                if history and not objects:
                    continue
                key = (agent.text, date) if history else (agent.text, None)
                visit = visits.get(key)
                if visit is None:
                    visit = visits[key] = _Visit(agent, history, sent, agent.start if sent.start <= agent.start < t else t,
                                                 m.end())
                if objects and not visit.objects:
                    start = agent.start if sent.start <= agent.start < t else t  # a carried-over agent is elsewhere
                    visit.sentence, visit.start, visit.end = sent, start, max(m.end(), max(o.end for o in objects))
                visit.objects.extend(objects)
                if date is not None:
                    visit.dates.append(date)
                    visit.strong = visit.strong or verb in STRONG_VERBS
                if visit.topic is None and verb in STRONG_VERBS and not (after and objects):
                    visit.topic = self._topic(text, m.end(), sent.end)
                if not history:
                    current = visit
            self._participants(text, mentions, sent, visits)
        for visit in visits.values():
            objects = dedupe(visit.objects)
            participants = tuple(p for p in dedupe(visit.participants) if p.text != visit.agent.text)
            date = merge_dates(visit.dates)
            if not objects and not participants and not (visit.strong and date is not None and not visit.history):
                continue
            confidence = 0.6 if visit.history else 0.85
            yield Event("Visit", visit.agent, self.evidence(doc, visit.sentence, visit.start, visit.end, confidence),
                        participants=participants, objects=objects, date=date, topic=visit.topic)

    # -- destinations ------------------------------------------------------------------------
    def _chain(self, text: str, mentions: list[Mention], pos: int, limit: int) -> tuple[list[Mention], int]:
        """Named destinations listed from ``pos``: X、Y和Z, 位于…的X, X（Y）. Returns them and the end."""
        out: list[Mention] = []
        while pos < limit:
            found = longest_at(mentions, pos, DESTINATION_TYPES)
            if found is None or text.startswith("的", found.end):
                # a modifier ending in 的 before the name: 位于徐汇区龙华路的X, 有着百年历史的X
                de = text.find("的", pos, min(limit, pos + 24))
                if de < 0 or any(c in CLAUSE_MARKS for c in text[pos:de]):
                    break
                pos = de + 1
                found = longest_at(mentions, pos, DESTINATION_TYPES)
            if found is None:
                break
            # adjacent names (浙江省杭州市): the last, most specific one is the destination
            nxt = longest_at(mentions, found.end, DESTINATION_TYPES)
            while nxt is not None:
                found = nxt
                nxt = longest_at(mentions, found.end, DESTINATION_TYPES)
            out.append(found)
            pos = found.end
            if pos < limit and text[pos] in "（(":
                close = text.find("）" if text[pos] == "（" else ")", pos)
                if 0 < close < pos + 20:
                    pos = close + 1
            nxt = after_separator(text, pos)
            if nxt is None:
                break
            pos = nxt
        return out, pos

    def _destinations_after(self, text: str, mentions: list[Mention], pos: int) -> list[Mention]:
        limit = len(text)
        while text.startswith(("了", "到", "过"), pos):
            pos += 1
        found, end = self._chain(text, mentions, pos, limit)
        if found and (DEST_FOLLOW.match(text, end) or text[end - 1:end] in ("、", "和", "及")):
            return found  # a list may go on with unnamed places: 走访了某某有限公司、一个治理项目
        if len(found) > 1:
            return found[:-1]  # the last item only modifies more name (…、某湖保护治理项目): the others stand
        if not found:
            bare = self._bare_head(text, mentions, pos, None)
            if bare is not None:
                return [bare]
        return []

    def _destinations_before(self, text: str, mentions: list[Mention], cs: int, t: int,
                             verb: str) -> tuple[int, list[Mention]] | None:
        """在浙江调研 / 赴京考察 / 在纪念馆仔细察看: (position of 在, destinations) or None."""
        if verb not in VERBS_BEFORE:
            return None
        span = text[cs:t]
        locs = [mm.start() for mm in LOCATIVES.finditer(span)]
        if not locs:
            return None
        k = cs + locs[-1]
        end = k + 1 + len(ADVERBS.sub("", text[k + 1:t]))
        if end <= k + 1:
            return None
        found, stop = self._chain(text, mentions, k + 1, end)
        if found and stop == end:
            return k, found
        if not found:
            bare = self._bare_head(text, mentions, k + 1, end)
            if bare is not None:
                return k, [bare]
        return None

    def _fronted_place(self, text: str, mentions: list[Mention], sent: Sentence, cs: int) -> list[Mention]:
        """在洛阳轴承集团股份有限公司，某某察看…: the place of a fronted 在 clause."""
        if cs <= sent.start or text[cs - 1] != "，":
            return []
        prev = clause_start(text, cs - 1, sent.start)
        if not text.startswith("在", prev):
            return []
        found, stop = self._chain(text, mentions, prev + 1, cs - 1)
        return found if found and stop == cs - 1 else []

    def _bare_head(self, text: str, mentions: list[Mention], pos: int, end: int | None) -> Mention | None:
        """纪念馆 standing alone: the most recent named site before ``pos`` with that head."""
        head = next((h for h in self.site_heads if text.startswith(h, pos)), None)
        if head is None:
            return None
        if end is not None and pos + len(head) != end:
            return None
        if end is None and not (pos + len(head) == len(text) or text[pos + len(head)] in CLAUSE_MARKS):
            return None
        sites = [m for m in mentions if m.type == SITE and m.end <= pos and m.text.endswith(head) and len(m.text) > len(head)]
        if not sites:
            return None
        last = max(sites, key=lambda m: (m.start, m.end))
        same_start = [m for m in sites if m.start == last.start]
        return max(same_start, key=lambda m: m.end)

    # -- who ---------------------------------------------------------------------------------
    def _agent(self, text: str, mentions: list[Mention], sent: Sentence, cs: int, pre_end: int,
               current: _Visit | None, sentence_agent: Mention | None = None) -> Mention | None:
        subject = clause_subject(text, mentions, cs, pre_end)
        if subject is not None:
            return subject
        prefix = text[cs:pre_end]
        if not (ADVERBIAL.match(prefix) or PRONOUN_SUBJECT.match(prefix)):
            return None
        if sentence_agent is not None:
            return sentence_agent  # 他先后来到长沙市、株洲市，深入某某公司
        # the subject of an earlier clause of the sentence carries over its commas
        pos = cs
        while pos > sent.start:
            prev = clause_start(text, pos - 1, sent.start)
            subject = clause_subject(text, mentions, prev, pos - 1)
            if subject is not None:
                return subject
            if not ADVERBIAL.match(text[prev:pos - 1]):
                return None
            pos = prev
        if current is not None and not current.history:
            return current.agent
        return None

    def _participants(self, text: str, mentions: list[Mention], sent: Sentence, visits: dict) -> None:
        main = [v for v in visits.values() if not v.history]
        if not main:
            return
        for m in PARTICIPANT_RE.finditer(text, sent.start, sent.end):
            people = person_chain_before(text, mentions, m.start(), sent.start) or \
                person_chain_from(text, mentions, clause_start(text, m.start(), sent.start), m.start())
            if not people and text[max(sent.start, m.start() - 1):m.start()] == "在":
                continue
            if not people:
                continue
            agents = {v.agent.text for v in main}
            if any(p.text in agents for p in people):
                continue  # the visitor himself (某某一同调研 of the visitor's own party) is no participant
            visit = max(main, key=lambda v: len(v.objects))  # the article's visit: the one with destinations
            visit.participants.extend(people)

    # -- what, when ----------------------------------------------------------------------------
    @staticmethod
    def _topic(text: str, pos: int, limit: int) -> str | None:
        end = pos
        while end < limit and text[end] not in CLAUSE_MARKS:
            end += 1
        phrase = TOPIC_CUT.sub("", text[pos:end]).strip()
        if 2 <= len(phrase) <= 40 and TOPIC_END.search(phrase):
            return phrase
        return None

    @staticmethod
    def _is_history(text: str, sent: Sentence, t: int, date: DateValue | None, published) -> bool:
        if HISTORY_MARKS.search(text, clause_start(text, t, sent.start), t):
            return True
        if date is None or published is None:
            return False
        return published - date.end > timedelta(days=HISTORY_DAYS)  # no overflow near year 1 or 9999
