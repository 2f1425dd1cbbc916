"""Visits: named people go to named places (来到, 调研, 考察, 视察, 走访, 察看, 深入, 前往, 赴…; the
trigger words are data: kg/resources/lexicon/frames.toml, [visit]).

One Visit per visitor and article: an inspection tour reported over several sentences collects all
its destinations. The frame, read sentence by sentence:

- the *visitor*: the person who is the subject of the verb's clause (titles and time words may
  stand before the name); every person listed with the first one is a visitor too (王明、李华、
  张强等来到…: one Visit each); a clause with no subject of its own (随后，来到…; 实地调研…;
  她先后来到…), or whose subject is a team (调研组一行赴…; 检查组深入…) or 一行, carries over
  the subject of the sentence or the article's visitor; 某某率调研组… makes 某某 the visitor;
- the *destinations*: named sites, organisations and places after the verb (来到杭州市、宁波市;
  来到位于徐汇区的某某纪念馆; 走访了X、一个治理项目、Y: unnamed items of a list are skipped), between
  在/赴/到 and the verb (在浙江调研), in a fronted 在 clause (在某某有限公司，某某察看…; 在X、Y，
  调研组听取… — any verb, once the article's visit is known), a place compound gives each of its
  divisions (山西长治市沁源县 -> 山西, 长治市, 沁源县), 这里 after a verb points back to the site
  the sentence is about (某某国际陆地港是…，王明来到这里), and a state visit names a country
  (对越南进行国事访问). A bare head noun (在纪念馆仔细察看) is the most recent named site of the
  article with that head. An unnamed destination (外贸企业, 创业孵化基地), or a place that only
  modifies one with 的 (来到宁波的外贸企业), is no destination;
- *participants*: persons who 参加调研, 陪同 or go 一同 (市领导某某参加调研);
- the *date*: the date expression before the verb, resolved against the publication date (近日 and
  relative dates without a publication date give none).

A visit reported as history (2024年10月，某某在福建考察时指出) is a separate Visit, kept only with a
named person and a named place, at a lower confidence. A visit mentioned inside a reference to a
speech (学习贯彻总书记考察上海重要讲话精神) is no visit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from kg.extract import Extractor, register
from kg.extract._events import (ADVERBIAL, CLAUSE_MARKS, PRONOUN_SUBJECT, TIME_WORDS, EventDates, after_separator,
                                carried_subject, clause_start, clause_subject, dedupe_with, merge_dates, person_chain_before,
                                person_chain_from, quoted_name)
from kg.nlp.coref import definite_reference
from kg.nlp.lexicon import alternation, lexicon
from kg.nlp.mention_index import MentionIndex
from kg.nlp.words import Words, tag
from kg.types import ORGANIZATION, PLACE, SITE, DateValue, Event, Evidence, Mention, Sentence

DESTINATION_TYPES = (SITE, ORGANIZATION, PLACE)
LOCATIVES = re.compile(r"(?:在|赴|到)")
# adverbs between a destination and its verb: 在纪念馆仔细察看
ADVERBS = re.compile(r"(?:仔细|认真|详细|实地|深入|专门|专程|一同|一起|重点|先后|进行|开展|就|上|内|里|期间|"
                     r"[两三四五六七八九]地|等地)+$")   # (在长沙、株洲两地调研)
# what may follow the last destination of a list: the clause ends, or another verb of the visit
DEST_FOLLOW = re.compile(f"(?:[，。；：、！？,;:]|$|{alternation(tuple(lexicon().frames['visit']['dest_follow']))})")
PARTICIPATION_BEFORE = ("参加", "陪同", "一同", "一起")
TOPIC_CUT = re.compile(r"时(?:指出|强调|表示|说|要求|提出)?$")
TOPIC_END = re.compile(r"(?:工作|情况|问题|建设|发展|工程|项目)$")
HERE_WORDS = ("这里", "那里", "此地", "该地")
PARTIAL_ITEM = re.compile(r"[^，。；：、的和及]{1,10}、")
UNNAMED_ITEM = re.compile(r"[^，。；：、的]{1,14}?、")
# the kinds a group of destinations closes with, before another group (A、B等高校，C、D等企业，)
GROUP_END = re.compile(r"等[^，。；：、\d]{1,12}，")
TRANSPORT = re.compile(r"(?:乘坐?|搭乘)(?:包机|专机|飞机|高铁|火车|列车|汽车|车|船)")
# 率有关部门负责同志 before the verb: the visitor leads a group (he is the clause's carried subject)
LEADING_GROUP = re.compile(r"(?:率领?|带领)[^，。；：率]{1,20}$")
HISTORY_DAYS = 45


@dataclass
class _Visit:
    agent: Mention
    history: bool
    sentence: Sentence
    start: int
    end: int
    objects: list[tuple[Mention, Evidence]] = field(default_factory=list)
    participants: list[tuple[Mention, Evidence]] = field(default_factory=list)
    co_agents: list[Mention] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    topic: str | None = None
    strong: bool = False       # 调研/考察/视察 said of the visitor with a date


@register("visit")
class VisitExtractor(Extractor):
    version = "2"

    def __init__(self) -> None:
        lx = lexicon()
        f = lx.frames["visit"]
        self.bare_organs = frozenset(o for o in lx.organs if len(o) <= 3)
        self.object_verbs = frozenset(f["object_verbs"])
        self.place_verbs = frozenset(f["place_verbs"])
        self.strong_verbs = frozenset(f["strong_verbs"])
        self.strong_re = lx.frame_re("visit", "strong_verbs")
        self.weak_verbs = frozenset(f["weak_verbs"])
        # not a verb inside a noun: 考察团, 调研组, 视察员
        self.verb_re = re.compile(f"(?:{alternation(f['object_verbs'] + f['place_verbs'] + ['到'])})(?![团组队员])")
        self.state_re = lx.frame_re("visit", "state_visit")
        self.participation_re = lx.frame_re("visit", "participation")
        self.team_re = re.compile(f"(?:{alternation(f['teams'])})(?:一行)?|一行")
        self.lead_re = lx.frame_re("visit", "lead_verbs")
        self.speech_after = re.compile(f"[^，。；]{{0,12}}?(?:{alternation(f['speech_refs'])})")
        self.history_re = lx.frame_re("visit", "history_marks")
        # 位于苏州古城东北隅的X, 已有1500多年历史的X: a name that opens its sentence after a modifier
        self.modifier_re = re.compile("[^，。；：！？]{1,24}的")
        self.team_opening = re.compile(f"^(?:{TIME_WORDS}|[，、])*(?:{alternation(f['teams'])})(?:一行)?")
        self.carried_prefix = re.compile(f"^(?:{TIME_WORDS}|[，、]|(?:{alternation(f['teams'])})(?:一行)?|一行|他|她)*$")

    def __call__(self, doc):
        text = doc._.article.text
        mentions = MentionIndex.of(doc)
        published = doc._.article.published
        dates = EventDates.of(doc)
        words = Words.of(doc)
        token_starts, token_ends = _token_edges(doc)
        visits: dict[tuple, _Visit] = {}
        current: _Visit | None = None
        for sent in doc._.sentences:
            sentence_agent: Mention | None = None  # the visitor of the sentence's previous verb
            for m in self.verb_re.finditer(text, sent.start, sent.end):
                t, verb = m.start(), m.group()
                if verb == "到" and not (t in token_starts and m.end() in token_ends):
                    continue   # 受到, 达到, 到2030年: not going somewhere
                if self.speech_after.match(text, m.end()) or text[max(sent.start, t - 2):t] in PARTICIPATION_BEFORE:
                    continue  # 考察上海重要讲话精神; 参加调研 (a participant, read below)
                cs = clause_start(text, t, sent.start)
                if self.participation_re.search(text, cs, t):
                    continue   # 某某等陪同人员同机抵达: those who go with the visitor (read below)
                before = self._destinations_before(text, mentions, cs, t, verb)
                dest_start = before[0] if before else None
                objects = before[1] if before else []
                after = verb in self.object_verbs or verb == "到"
                if after:   # 在北京实地考察了某实验室、某集团: the place before and the sites after
                    later = self._destinations_after(text, mentions, sent, m.end())
                    if verb == "到" and not objects and not later:
                        continue
                    after = bool(later)
                    objects = objects + [o for o in later if all(o.text != x.text for x in objects)]
                if not objects:
                    objects = self._fronted_place(text, mentions, sent, cs)
                pre_end = dest_start if dest_start is not None else t
                agent = self._agent(words, text, mentions, sent, cs, pre_end, current, sentence_agent)
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
                if verb in self.weak_verbs and (agent.text, None) not in visits:
                    continue   # 在北京主持召开…会议: where he holds a meeting, unless he is on a tour
                visit = self._visit(visits, agent, history, date, sent, t, m.end())
                if objects and sent.start <= agent.start < t:   # the visitor's fellows, listed with him as subject
                    for mate in person_chain_from(text, mentions, agent.start, pre_end)[1:]:
                        if all(c.text != mate.text for c in visit.co_agents):
                            visit.co_agents.append(mate)
                self._add_objects(doc, visit, objects, sent, agent, t, m.end())
                if date is not None:
                    visit.dates.append(date)
                    visit.strong = visit.strong or verb in self.strong_verbs
                if visit.topic is None and verb in self.strong_verbs and not (after and objects):
                    visit.topic = self._topic(text, m.end(), sent.end)
                if not history:
                    current = visit
            for m in self.state_re.finditer(text, sent.start, sent.end):
                self._state_visit(doc, text, mentions, sent, m, visits, dates, published, sentence_agent)
            if current is not None:
                fronted = self._fronted_clauses(text, mentions, sent, current)
                if fronted:
                    self._add_objects(doc, current, fronted, sent, None, fronted[0].start, fronted[-1].end)
            self._participants(doc, text, mentions, sent, visits)
        for visit in visits.values():
            yield from self._events(doc, visit)

    def _visit(self, visits: dict, agent: Mention, history: bool, date, sent: Sentence, t: int, end: int) -> _Visit:
        key = (agent.text, date) if history else (agent.text, None)
        visit = visits.get(key)
        if visit is None:
            visit = visits[key] = _Visit(agent, history, sent, agent.start if sent.start <= agent.start < t else t, end)
        return visit

    def _add_objects(self, doc, visit: _Visit, objects: list[Mention], sent: Sentence, agent: Mention | None,
                     t: int, end: int) -> None:
        if not objects:
            return
        start = agent.start if agent is not None and sent.start <= agent.start < t else min(t, objects[0].start)
        end = max(end, max(o.end for o in objects))
        if not visit.objects:
            visit.sentence, visit.start, visit.end = sent, start, end
        ev = self.evidence(doc, sent, start, end, 0.6 if visit.history else 0.85)
        visit.objects.extend((o, ev) for o in objects)

    def _events(self, doc, visit: _Visit):
        if visit.history:
            return   # a visit of the past (2011年，某某来到中国): no fact of today's article
        objects = dedupe_with(visit.objects)
        participants = [(p, ev) for p, ev in dedupe_with(visit.participants) if p.text != visit.agent.text]
        date = merge_dates(visit.dates)
        if not objects and not participants and not (visit.strong and date is not None and not visit.history):
            return
        confidence = 0.6 if visit.history else 0.85
        for agent in [visit.agent] + visit.co_agents:
            yield Event("Visit", agent, self.evidence(doc, visit.sentence, visit.start, visit.end, confidence),
                        participants=tuple(p for p, _ in participants) if agent is visit.agent else (),
                        objects=tuple(o for o, _ in objects), date=date, topic=visit.topic,
                        object_evidence=tuple(ev for _, ev in objects),
                        participant_evidence=tuple(ev for _, ev in participants) if agent is visit.agent else ())

    # -- destinations ------------------------------------------------------------------------
    def _expand(self, found: Mention) -> list[Mention]:
        """A compound of divisions (山西长治市沁源县) gives each of them; a bare organ (政协, 市委)
        names no place one goes to; anything else stays."""
        if found.type == ORGANIZATION and found.text in self.bare_organs:
            return []
        if found.type != PLACE:
            return [found]
        lx = lexicon()
        parts = [found.text[a:b] for a, b in lx.place_finder.spans(found.text)]
        if len(parts) < 2 or "".join(parts) != found.text:
            return [found]
        out, pos = [], found.start
        for part in parts:
            out.append(Mention(part, PLACE, pos, pos + len(part)))
            pos += len(part)
        return out

    def _chain(self, text: str, mentions: MentionIndex, pos: int, limit: int) -> tuple[list[Mention], int]:
        """Named destinations listed from ``pos``: X、Y和Z, 位于…的X, X（Y）; unnamed items between
        named ones are skipped. Returns them and the end of the last."""
        out: list[Mention] = []
        last_end = pos
        while pos < limit:
            found = mentions.longest_at(pos, DESTINATION_TYPES)
            if found is None or text.startswith("的", found.end):
                # a modifier ending in 的 before the name: 位于徐汇区龙华路的X, 有着百年历史的X
                de = text.find("的", pos, min(limit, pos + 24))
                if de >= 0 and not any(c in CLAUSE_MARKS for c in text[pos:de]):
                    found = mentions.longest_at(de + 1, DESTINATION_TYPES)
            elif found.type == PLACE:
                found = self._described(text, mentions, found, limit) or self._designated(text, mentions, found, limit) \
                    or found
            if found is None:
                found = quoted_name(text, pos, limit)   # 走进“中国天眼”: a site by its quoted name
            if found is None:
                # an unnamed item of the list (煤矿事故现场、某某医院; 一个治理项目): skip it when a named one follows
                nxt = UNNAMED_ITEM.match(text, pos)
                if nxt and mentions.longest_at(nxt.end(), DESTINATION_TYPES) is not None:
                    pos = nxt.end()
                    continue
                break
            # adjacent names (浙江省杭州市 as two mentions; 杭州市某某有限公司): the last, most specific
            # one, with the divisions before it (山西长治市沁源县…)
            nxt = mentions.longest_at(found.end, DESTINATION_TYPES)
            lead: list[Mention] = []
            while nxt is not None and (nxt.type != PLACE or lexicon().canonical_place(nxt.text) is not None
                                       or nxt.text.endswith(lexicon().town_suffixes)):   # 莎车县阿热勒乡: the township
                if found.type == PLACE:
                    lead.extend(self._expand(found))
                found = nxt
                nxt = mentions.longest_at(found.end, DESTINATION_TYPES)
            if found.type != PLACE and len(lead) < 2:
                lead = []   # a city known only from a site's name is no destination of its own
            if found.type != PLACE and not lead:
                lead = self._divisions_of(found)
            kept, kept_end = len(out), last_end
            out.extend(lead + self._expand(found))
            pos = last_end = found.end
            if text.startswith("”", pos) and text[found.start - 1:found.start] == "“":
                pos = last_end = pos + 1
            if pos < limit and text[pos] in "（(":
                close = text.find("）" if text[pos] == "（" else ")", pos)
                if 0 < close < pos + 20:
                    pos = last_end = close + 1
            nxt = after_separator(text, pos)
            if nxt is None and text.startswith("，", pos) and self._only_destinations(text, mentions, pos + 1, limit):
                nxt = pos + 1   # 来到井冈山市茅坪镇神山村，上饶市婺源县汪口村、篁岭村，与…
            group = GROUP_END.match(text, pos, limit) if nxt is None else None
            if group and self._only_destinations(text, mentions, group.end(), limit, closed=True):
                nxt = group.end()   # 来到A、B等高校，C、D等企业，考察…: the next group
            if nxt is None:
                tail = PARTIAL_ITEM.match(text, pos, limit)
                if tail and mentions.longest_at(tail.end(), DESTINATION_TYPES) is not None:
                    # 首都师范大学|附属中学、某某小学: an item named only in part is no destination
                    del out[kept:]
                    last_end = kept_end
                    nxt = tail.end()
            if nxt is None:
                break
            pos = nxt
        return out, last_end

    @staticmethod
    def _described(text: str, mentions: MentionIndex, place: Mention, limit: int) -> Mention | None:
        """The destination a place only describes: 来到我国大陆最北端的…某某村, 来到全国最大的花卉
        博物馆——某某博物馆 (a modifier ending in 的, then the name that ends the phrase)."""
        de = text.find("的", place.end, min(limit, place.end + 12))
        if de < 0 or any(c in CLAUSE_MARKS or c in "、和与及" for c in text[place.end:de]) \
                or mentions.overlapping(place.end, de, *DESTINATION_TYPES):
            return None
        end = next((i for i in range(de, min(limit, de + 24)) if text[i] in CLAUSE_MARKS), min(limit, de + 24))
        # the head of the phrase is its last name (边境临江村落某某村: not 临江村; 花卉博物馆——某某博物馆)
        return max((m for m in mentions.overlapping(de + 1, end, *DESTINATION_TYPES) if m.start > de and m.end <= end),
                   key=lambda m: (m.end, -m.start), default=None)

    @staticmethod
    def _designated(text: str, mentions: MentionIndex, place: Mention, limit: int) -> Mention | None:
        """The destination a place's designation stands before: 考察了全国重点文物保护单位某某庙 (the place,
        then a noun of a kind, then the name)."""
        kinds = lexicon().kind_nouns
        for m in mentions.overlapping(place.end + 1, min(limit, place.end + 14), *DESTINATION_TYPES):
            gap = text[place.end:m.start]
            if m.start > place.end and gap.endswith(kinds) and not any(c in CLAUSE_MARKS or c in "、和与及的" for c in gap):
                return m
        return None

    @staticmethod
    def _divisions_of(found: Mention) -> list[Mention]:
        """山西长治市沁源县煤矿: the divisions a site's name begins with, when there are two or more."""
        lx = lexicon()
        out, pos = [], 0
        while pos < len(found.text):
            n = lx.place_finder_at(found.text, pos)
            if not n or out and (found.text[pos:pos + n] in lx.countries
                                 or getattr(lx.canonical_place(found.text[pos:pos + n]), "level", "") == "country"):
                break   # (某市|中国某国…创新园: a country after a city is the name's, no division)
            out.append(Mention(found.text[pos:pos + n], PLACE, found.start + pos, found.start + pos + n))
            pos += n
        return out if len(out) >= 2 else []

    @staticmethod
    def _only_destinations(text: str, mentions: MentionIndex, pos: int, limit: int, closed: bool = False) -> bool:
        """Is the comma clause at ``pos`` a list of named destinations only (``closed``: or one that a
        group's kinds close, 某某集团、某某园区等企业和园区，)?"""
        while pos < limit:
            found = mentions.longest_at(pos, DESTINATION_TYPES)
            if found is None:
                return False
            pos = found.end
            if pos >= limit or text[pos] in "，。；" or closed and GROUP_END.match(text, pos, limit):
                return True
            nxt = after_separator(text, pos)
            if nxt is None:
                return False
            pos = nxt
        return False

    def _destinations_after(self, text: str, mentions: MentionIndex, sent: Sentence, pos: int) -> list[Mention]:
        limit = len(text)
        while text.startswith(("了", "到", "过"), pos):
            pos += 1
        if text.startswith(HERE_WORDS, pos):
            return self._here(text, mentions, sent, pos)
        found, end = self._chain(text, mentions, pos, limit)
        if found and (DEST_FOLLOW.match(text, end) or text[end - 1:end] in ("、", "和", "及")):
            return found  # a list may go on with unnamed places: 走访了某某有限公司、一个治理项目
        places = [f for f in found if f.type == PLACE and f.end <= found[-1].start]
        if found and found[-1].type != PLACE and len(places) >= 2:
            return places  # 赶赴河北邢台市临城县某矿透水事故现场: the divisions the site is in
        if found and all(f.type == PLACE for f in found) and end < limit:
            return found  # 来到某市某区某河畔, 深入某县的高标准农田建设现场: the place of an unnamed site
        if len(found) > 1:
            return found[:-1]  # the last item only modifies more name (…、某湖保护治理项目): the others stand
        if not found:
            bare = self._bare_head(text, mentions, pos, None)
            if bare is not None:
                return [bare]
        return []

    def _here(self, text: str, mentions: MentionIndex, sent: Sentence, pos: int) -> list[Mention]:
        """这里 after a verb: the named site or organisation the sentence opens with (某某国际陆地港是…，
        王明来到这里), else that of the sentence before (某古城有800多年历史。…王明来到这里)."""
        start = sent.start
        for hop in range(3):   # this sentence and two before it, in its paragraph
            named = [m for m in mentions.within(start, pos, SITE, ORGANIZATION)
                     if (ADVERBIAL.match(text[start:m.start]) or self.modifier_re.fullmatch(text, start, m.start))]
            if named:
                return [max(named, key=lambda m: m.end - m.start)]
            if start == 0 or text[start - 1] == "\n" and hop > 0:
                break
            # 这里 in a paragraph's first sentence: the last sentence of the paragraph before
            pos, start = start, self._sentence_start(text, start - 1 if text[start - 1] == "\n" else start)
        return []

    @staticmethod
    def _sentence_start(text: str, pos: int) -> int:
        """Start of the sentence before the one at ``pos`` (within its paragraph)."""
        i = pos - 1
        while i > 0 and text[i - 1] not in "。！？\n":
            i -= 1
        return max(i, 0)

    def _destinations_before(self, text: str, mentions: MentionIndex, cs: int, t: int,
                             verb: str) -> tuple[int, list[Mention]] | None:
        """在浙江调研 / 赴京考察 / 在纪念馆仔细察看: (position of 在, destinations) or None."""
        if verb not in self.place_verbs:
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

    def _fronted_place(self, text: str, mentions: MentionIndex, sent: Sentence, cs: int) -> list[Mention]:
        """在洛阳轴承集团股份有限公司，某某察看…: the place of a fronted 在 clause."""
        if cs <= sent.start or text[cs - 1] != "，":
            return []
        prev = clause_start(text, cs - 1, sent.start)
        if not text.startswith("在", prev):
            return []
        found, stop = self._chain(text, mentions, prev + 1, cs - 1)
        return found if found and stop == cs - 1 else []

    def _fronted_clauses(self, text: str, mentions: MentionIndex, sent: Sentence, current: _Visit) -> list[Mention]:
        """在X、Y，(visitor | team | no subject) … — any verb: once the article's visit is known, a
        fronted 在 clause names where it went (在某某水电开发有限公司，某某了解…)."""
        if current.history or not text.startswith("在", sent.start):
            return []
        close = sent.start
        while close < sent.end and text[close] not in "，。；：":
            close += 1
        if close >= sent.end or text[close] != "，":
            # 在萨尔茨堡集体会见…，并考察企业和农庄: the place of the sentence's own visit
            found, stop = self._chain(text, mentions, sent.start + 1, sent.end)
            verbs = self.strong_re.search(text, stop, sent.end)
            if found and all(f.type == PLACE for f in found) and verbs and not text.startswith("的", stop) \
                    and clause_subject(text, mentions, stop, verbs.start()) is None:
                return found
            return []
        found, stop = self._chain(text, mentions, sent.start + 1, close)
        if not found or stop != close:
            return []
        nxt = clause_start(text, close + 1, sent.start)
        following = text[close + 1:min(sent.end, close + 30)]
        subject = clause_subject(text, mentions, close + 1, min(sent.end, close + 30))
        if subject is not None and subject.text != current.agent.text:
            return []
        if subject is None and not self.carried_prefix.match(self._prefix_words(following)):
            return []
        return found if nxt == close + 1 else []

    def _prefix_words(self, clause: str) -> str:
        """The words before the first verb-like word of a clause (for a team or pronoun subject)."""
        m = re.match(f"(?:{TIME_WORDS}|[，、]|{self.team_re.pattern}|他|她)*", clause)
        return clause[:m.end()] if m else ""

    def _bare_head(self, text: str, mentions: MentionIndex, pos: int, end: int | None) -> Mention | None:
        """纪念馆, 集团 standing alone: the most recent named site or organisation with that head (the
        entity layer's definite descriptions, kg.nlp.coref), ending at ``end`` or before a clause
        mark or a verb (王明来到集团考察调研)."""
        found = definite_reference(text, mentions, pos)
        if found is None:
            return None
        target, stop = found
        if end is not None and stop != end:
            return None
        if end is None and not (stop == len(text) or text[stop] in CLAUSE_MARKS or DEST_FOLLOW.match(text, stop)):
            return None
        return target

    # -- who ---------------------------------------------------------------------------------
    def _agent(self, words: Words, text: str, mentions: MentionIndex, sent: Sentence, cs: int, pre_end: int,
               current: _Visit | None, sentence_agent: Mention | None = None) -> Mention | None:
        subject = clause_subject(text, mentions, cs, pre_end)
        if subject is not None:
            return subject
        lead = self._leader(text, mentions, cs, pre_end)
        if lead is not None:
            return lead   # 某某率调研组…赴
        prefix = LEADING_GROUP.sub("", text[cs:pre_end])   # 于23日率有关部门负责同志|赶赴…: the carried visitor leads
        if not (ADVERBIAL.match(prefix) or PRONOUN_SUBJECT.match(prefix) or self.carried_prefix.match(prefix)
                or _subjectless(words, text, cs, cs + len(prefix), mentions)):
            return None
        if sentence_agent is not None:
            return sentence_agent  # 他先后来到长沙市、株洲市，深入某某公司
        # the subject of an earlier clause of the sentence carries over its commas
        pos = cs
        while pos > sent.start:
            prev = clause_start(text, pos - 1, sent.start)
            lead = self._leader(text, mentions, prev, pos - 1)
            if lead is not None:
                return lead
            subject = carried_subject(text, mentions, sent.start, pos, lambda s, e: self.carried_prefix.match(text[s:e]))
            if subject is not None:
                return subject
            break
        if current is not None and not current.history and self._clauses_carry(words, text, sent.start, cs):
            return current.agent
        return None

    def _clauses_carry(self, words: Words, text: str, start: int, cs: int) -> bool:
        """Are the clauses of the sentence before ``cs`` free of a subject of their own?"""
        pos = cs
        while pos > start:
            prev = clause_start(text, pos - 1, start)
            clause = text[prev:pos - 1]
            if not (ADVERBIAL.match(clause) or self.carried_prefix.match(clause) or _opens_with_verb(words, prev, pos - 1)):
                # 调研组在杭州分别召开座谈会，与…交流；在北京实地考察了…: a team that opens a clause is
                # the visitor's; clauses that open with a verb or preposition carry it on
                return bool(self.team_opening.match(clause))
            pos = prev
        return True

    def _leader(self, text: str, mentions: MentionIndex, start: int, end: int) -> Mention | None:
        """某某(、某某)率调研组…: the person who leads a team is the visitor."""
        for m in self.lead_re.finditer(text, start, end):
            people = person_chain_before(text, mentions, m.start(), start)
            if people and self.team_re.search(text, m.end(), min(end, m.end() + 40)):
                return people[0]
        return None

    def _participants(self, doc, text: str, mentions: MentionIndex, sent: Sentence, visits: dict) -> None:
        main = [v for v in visits.values() if not v.history]
        if not main:
            return
        for m in self.participation_re.finditer(text, sent.start, sent.end):
            people = person_chain_before(text, mentions, m.start(), sent.start) or \
                person_chain_from(text, mentions, clause_start(text, m.start(), sent.start), m.start())
            if not people and text[max(sent.start, m.start() - 1):m.start()] == "在":
                continue
            if not people:
                continue
            agents = {v.agent.text for v in main} | {c.text for v in main for c in v.co_agents}
            if any(p.text in agents for p in people):
                continue  # the visitor himself (某某一同调研 of the visitor's own party) is no participant
            visit = max(main, key=lambda v: len(v.objects))  # the article's visit: the one with destinations
            ev = self.evidence(doc, sent, min(p.start for p in people), m.end(), 0.85)
            visit.participants.extend((p, ev) for p in people)

    def _state_visit(self, doc, text: str, mentions: MentionIndex, sent: Sentence, m, visits: dict, dates,
                     published, sentence_agent: Mention | None = None) -> None:
        """某某对越南进行国事访问: the visitor and the country; a clause without a subject is the
        visitor's of the sentence (``sentence_agent``, who went somewhere before in it)."""
        cs = clause_start(text, m.start(), sent.start)
        dui = text.rfind("对", cs, m.start())
        if dui < 0:
            return
        end = m.start() - 1 if text[m.start() - 1:m.start()] == "的" else m.start()   # 开始对某国的正式访问
        found, stop = self._chain(text, mentions, dui + 1, end)
        if not found or stop != end or any(f.type != PLACE for f in found):
            return
        agent = clause_subject(text, mentions, cs, dui)
        words = Words.of(doc)
        if agent is None and (ADVERBIAL.match(text[cs:dui]) or _subjectless(words, text, cs, dui, mentions)):
            agent = carried_subject(text, mentions, sent.start, cs, lambda s, e: _subjectless(words, text, s, e, mentions))
            if agent is None and sentence_agent is not None and sentence_agent.start < cs:
                agent = sentence_agent   # 某某，当地时间13日乘包机抵达惠灵顿，开始对新西兰进行正式访问
        if agent is None:
            return
        date = dates.of_clause(sent, cs, dui)
        visit = self._visit(visits, agent, self._is_history(text, sent, m.start(), date, published), date, sent,
                            m.start(), m.end())
        self._add_objects(doc, visit, found, sent, agent, dui, m.end())
        if date is not None:
            visit.dates.append(date)

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

    def _is_history(self, text: str, sent: Sentence, t: int, date: DateValue | None, published) -> bool:
        if self.history_re.search(text, clause_start(text, t, sent.start), t):
            return True
        if date is None or published is None:
            return False
        return published - date.end > timedelta(days=HISTORY_DAYS)  # no overflow near year 1 or 9999


def _token_edges(doc) -> tuple[set[int], set[int]]:
    """Where the Doc's tokens start and where they end (character offsets)."""
    from kg.nlp.tokenizer import doc_tokens

    words, starts = doc_tokens(doc)
    return set(starts), {i + len(w) for w, i in zip(words, starts)}


def _opens_with_verb(words: Words, start: int, end: int) -> bool:
    """Does the clause [start, end) open with a verb, a preposition or an adverb (与…交流, 深入…了解):
    no subject?"""
    first = words.first(start, min(end, start + 6))
    return bool(first) and (tag(first) or "n")[:1] in "vpd"


def _subjectless(words: Words, text: str, start: int, end: int, mentions: MentionIndex) -> bool:
    """Words before a verb, text[start:end], that name no one: adverbs, verbs and time words
    (首先乘车前往…), so the clause carries the visitor of the sentence or the article."""
    prefix = text[start:end]
    travel = [m.span() for m in TRANSPORT.finditer(prefix)]   # 乘包机, 乘车: how the visitor travels
    prefix = TRANSPORT.sub("", prefix)
    if not prefix or ADVERBIAL.match(prefix):
        return True
    if len(prefix) > 12 or any(m.type != PLACE for m in mentions.starting_in(start, start + len(prefix))):
        return False
    cuts = [start] + [start + p for span in travel for p in span] + [end]
    for s, e in zip(cuts[::2], cuts[1::2]):
        for word in words.between(s, e):
            if word in "，、 ":
                continue
            if (tag(word) or "n")[:1] not in "dvptfcu":
                return False
    return True
