"""Meetings: a meeting held in the article's news (主持召开, 召开, 举行, a meeting that 审议通过 documents),
who chaired or led it, who attended, what it approved or reviewed, and when.

A meeting is the article's own when the text says it was held:

- 某某主持召开市政府常务会议 / 某某主持会议: chaired (Event.chair) by the person;
- 全国公安厅局长座谈会17日至18日在上海召开: held; the person who 出席并讲话 leads it;
- 国务院新闻办举行政策例行吹风会: held by a body, the body is its agent;
- 国务院常务会议5月9日审议通过《…》: held; its agent is the body the name begins with (国务院);
- 某某出席…会议并讲话: attended; the person leads it.

A meeting only mentioned (会议传达学习国务院第五次全体会议精神; 召开的…会议精神) is no event.
A later 会议原则同意《…》/ 会议审议通过《…》 refers back to the article's meeting. Documents are
approved with 审议通过, 通过, 原则同意, 批准 + 《title》; 审议 alone records what was reviewed.
Documents issued by bodies without a meeting (中共中央办公厅、国务院办公厅《意见》近日发布) get no
meeting: none is invented. Dates as for visits (kg.extract._events).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract import Extractor, register
from kg.extract._events import (ADVERBIAL, CLAUSE_MARKS, TIME_WORDS, EventDates, after_separator, clause_start, clause_subject,
                                dedupe, longest_at, person_chain_before, person_chain_from)
from kg.nlp.lexicon import alternation, lexicon
from kg.types import MEETING, ORGANIZATION, PLAN, DateValue, Event, Mention, Sentence

CHAIR_RE = re.compile(r"主持(?:召开)?(?!人|词|工作)")
BY_RE = re.compile(r"由")
HELD_RE = re.compile(r"召开|举行|举办|开幕|闭幕")
APPROVE_RE = re.compile(r"审议并?(?:原则)?通过|(?:表决|原则)通过|原则同意|批准|通过|审议|听取")
ATTEND_RE = re.compile(r"出席|参加")
SPEAK_AFTER = re.compile(r"^(?:了)?(?:会议|大会|活动|开幕式|[^，。；]{0,24}?)?并(?:发表)?(?:重要)?(?:讲话|致辞|作报告|作动员讲话)")
# between a meeting's name and 召开: time words and a place (17日至18日在上海召开)
HELD_GAP = re.compile(f"^(?:{TIME_WORDS}|在[^，。；、]{{1,12}}?|于|将|隆重|正式|顺利)*$")
REVIEW_END = re.compile(r"(?:情况|报告|汇报|草案|方案|意见|工作)$")
_NUM = "[\\d一二三四五六七八九十百]+"
# a session of a body: 第六次会议, 常务会议, 第十三次全体会议, 常委会会议
BODY_SESSION = re.compile(f"(?:第{_NUM}次)?(?:常务|全体|党组|专题|常委会)?(?:全体)?会议")
# what may stand before a held meeting's name in its clause: time words, or its term (十四届)
SESSION_PREFIX = re.compile(f"(?:{TIME_WORDS}|[，、])*((?:第?{_NUM}届)?)")
BODY_MEETINGS = ("会议", "常务会议", "全体会议", "常委会会议")  # named after the body that holds them
GENERIC_MEETINGS = ("会议", "会上", "常务会议", "全体会议", "大会", "座谈会")
SPIRIT_AFTER = re.compile(r"(?:上的)?(?:重要讲话)?精神")


@dataclass
class _Meeting:
    name: Mention
    sentence: Sentence
    start: int
    end: int
    agent: Mention | None = None
    chair: Mention | None = None
    leader: Mention | None = None      # the person who 出席并讲话
    participants: list[Mention] = field(default_factory=list)
    objects: list[Mention] = field(default_factory=list)
    reviewed: list[Mention] = field(default_factory=list)
    date: DateValue | None = None


@register("meeting")
class MeetingExtractor(Extractor):
    version = "1"

    def __init__(self) -> None:
        self.bare_names = frozenset(lexicon().meeting_words) | frozenset(GENERIC_MEETINGS)
        # a meeting's name written out: name material only (no particles, prepositions or 召开)
        self.name_re = re.compile(f"(?:(?!召开|举行|关于)[^，。；、：“”《》\\s了的在对为将把被从向和与])"
                                  f"{{0,16}}?(?:{alternation(lexicon().meeting_words)})")

    def __call__(self, doc):
        text = doc._.article.text
        mentions = doc._.mentions
        published = doc._.article.published
        dates = EventDates(text, published)
        meetings: dict[str, _Meeting] = {}
        current: _Meeting | None = None
        for sent in doc._.sentences:
            held_here: list[int] = []
            for found in sorted(self._held(text, mentions, sent), key=lambda f: f[1]):
                name, trigger, chair, agent = found
                if name.text in self.bare_names and current is not None and (
                        name.text in GENERIC_MEETINGS or current.name.text.endswith(name.text)):
                    name = current.name  # 主持会议 after the meeting was named: the same meeting
                meeting = meetings.get(name.text)
                if meeting is None:
                    meeting = meetings[name.text] = _Meeting(name, sent, min(name.start, trigger), name.end)
                if chair is not None and meeting.chair is None:
                    meeting.chair = chair
                    if meeting.sentence == sent:
                        meeting.start = min(meeting.start, chair.start)
                if agent is not None and meeting.agent is None:
                    meeting.agent = agent
                if meeting.date is None:
                    meeting.date = dates.of_clause(sent, clause_start(text, trigger, sent.start), trigger)
                current = meeting
                held_here.append(trigger)
            if current is None:
                continue
            self._attendance(text, mentions, sent, current)
            self._decisions(text, mentions, sent, meetings, current, held_here)
        for meeting in meetings.values():
            agent = meeting.chair or meeting.leader or meeting.agent
            participants = tuple(p for p in dedupe(meeting.participants)
                                 if meeting.chair is None or p.text != meeting.chair.text)
            if agent is None and not meeting.objects and not participants:
                continue
            yield Event("Meeting", agent, self.evidence(doc, meeting.sentence, meeting.start, meeting.end, 0.85),
                        name=meeting.name, chair=meeting.chair, participants=participants,
                        objects=dedupe(meeting.objects), reviewed=dedupe(meeting.reviewed), date=meeting.date)

    # -- which meetings are held ---------------------------------------------------------------
    def _name_at(self, text: str, mentions: list[Mention], pos: int) -> Mention | None:
        """The meeting named at ``pos`` (a Meeting mention, else the words up to a meeting word)."""
        while text.startswith("了", pos):
            pos += 1
        mention = longest_at(mentions, pos, (MEETING,))
        if mention is None:
            m = self.name_re.match(text, pos)
            if m is None:
                return None
            mention = Mention(m.group(), MEETING, m.start(), m.end())
        if SPIRIT_AFTER.match(text, mention.end):
            return None  # 传达…会议精神: another meeting, mentioned
        return mention

    def _held(self, text: str, mentions: list[Mention], sent: Sentence):
        """(name, trigger position, chair, agent) of every meeting the sentence says was held."""
        # 某某主持召开X
        for m in CHAIR_RE.finditer(text, sent.start, sent.end):
            cs = clause_start(text, m.start(), sent.start)
            chair = clause_subject(text, mentions, cs, m.start())
            name = self._name_at(text, mentions, m.end())
            if chair is not None and name is not None and not text.startswith("的", name.end):
                yield name, m.start(), chair, chair
        # X由某某主持 / 会议由某某主持
        for m in BY_RE.finditer(text, sent.start, sent.end):
            close = CHAIR_RE.search(text, m.end(), min(sent.end, m.end() + 24))
            if close is None or any(c in CLAUSE_MARKS for c in text[m.end():close.start()]):
                continue
            people = person_chain_before(text, mentions, close.start(), m.end())
            cs = clause_start(text, m.start(), sent.start)
            subject = self._subject_words(text[cs:m.start()])
            name = next((mm for mm in mentions if mm.type == MEETING and mm.text == subject and cs <= mm.start < m.start()),
                        None)
            if name is None and subject in GENERIC_MEETINGS:
                start = text.index(subject, cs)
                name = Mention(subject, MEETING, start, start + len(subject))
            if people and name is not None:
                yield name, close.start(), people[0], people[0]
        for m in HELD_RE.finditer(text, sent.start, sent.end):
            if text.startswith("的", m.end()):
                continue  # 召开的…会议: a relative clause about a meeting
            cs = clause_start(text, m.start(), sent.start)
            # X17日至18日在上海召开
            before = [mm for mm in mentions if mm.type == MEETING and cs <= mm.start and mm.end <= m.start()
                      and HELD_GAP.match(text[mm.end:m.start()]) and SESSION_PREFIX.fullmatch(text[cs:mm.start])]
            if before:
                name = max(before, key=lambda mm: mm.end - mm.start)
                session = SESSION_PREFIX.fullmatch(text[cs:name.start]).group(1)
                if session:  # 十四届全国人大常委会第十六次会议
                    name = Mention(session + name.text, MEETING, name.start - len(session), name.end)
                yield name, m.start(), None, self._body_of(mentions, text, name)
                continue
            # 国务院新闻办举行X / 某某召开X
            name = self._name_at(text, mentions, m.end())
            if name is None:
                continue
            subject = self._body_subject(mentions, text, cs, m.start())
            if subject is not None:
                if subject.type == ORGANIZATION and name.text in BODY_MEETINGS:
                    # 中共中央政治局召开会议 -> 中共中央政治局会议; 国务院召开常务会议 -> 国务院常务会议
                    name = Mention(subject.text + name.text, MEETING, subject.start, name.end)
                yield name, m.start(), None, subject
        # X审议通过《…》 with the meeting as the clause's subject
        for m in APPROVE_RE.finditer(text, sent.start, sent.end):
            if text.startswith("的", m.end()):
                continue  # 会议审议通过的《…》: a document described, not a meeting held here
            cs = clause_start(text, m.start(), sent.start)
            subj = [mm for mm in mentions if mm.type == MEETING and cs <= mm.start and mm.end <= m.start()
                    and re.match(f"^(?:{TIME_WORDS}|(?:召开|举行)的|[，、])*$", text[cs:mm.start])
                    and ADVERBIAL.match(text[mm.end:m.start()])]
            if subj:
                name = max(subj, key=lambda mm: mm.end - mm.start)
                yield name, m.start(), None, self._body_of(mentions, text, name)
        # 某某出席X并讲话
        for m in ATTEND_RE.finditer(text, sent.start, sent.end):
            people = person_chain_before(text, mentions, m.start(), clause_start(text, m.start(), sent.start))
            name = self._name_at(text, mentions, m.end())
            if people and name is not None and name.text not in self.bare_names \
                    and SPEAK_AFTER.match(text[m.end():sent.end]):
                yield name, m.start(), None, people[0]

    @staticmethod
    def _body_of(mentions: list[Mention], text: str, name: Mention) -> Mention | None:
        """The body a meeting is named after: 国务院 of 国务院常务会议, 中央财经委员会 of 中央财经委员会
        第六次会议 (not 全国公安厅 of 全国公安厅局长座谈会: the rest must be a session of the body)."""
        for o in sorted(mentions, key=lambda o: o.start - o.end):
            if o.type == ORGANIZATION and name.start <= o.start < name.end and o.end < name.end \
                    and BODY_SESSION.fullmatch(text[o.end:name.end]) and (o.start == name.start or
                                                                          SESSION_PREFIX.fullmatch(text[name.start:o.start])):
                return o
        return None

    @staticmethod
    def _body_subject(mentions: list[Mention], text: str, cs: int, t: int) -> Mention | None:
        """The organisation (or person) that is the subject of the clause text[cs:t]."""
        person = clause_subject(text, mentions, cs, t)
        if person is not None:
            return person
        orgs = [o for o in mentions if o.type == ORGANIZATION and cs <= o.start and o.end <= t
                and ADVERBIAL.match(text[cs:o.start]) and ADVERBIAL.match(text[o.end:t])]
        return max(orgs, key=lambda o: o.end - o.start, default=None)

    # -- who attended, what was decided -----------------------------------------------------------
    def _attendance(self, text: str, mentions: list[Mention], sent: Sentence, meeting: _Meeting) -> None:
        """某某出席 / 某某、某某参加会议 / 某某出席并讲话 (the speaker leads the meeting)."""
        for m in ATTEND_RE.finditer(text, sent.start, sent.end):
            rest = text[m.end():sent.end]
            name = self._name_at(text, mentions, m.end())
            if name is None:
                if not re.match(r"(?:了)?(?:[^，。；]{0,6}的(?:会议|大会|座谈会))?(?:[，。；并]|$)", rest):
                    continue  # 参加调研, 出席活动: not this meeting
            elif name.text != meeting.name.text and name.text not in GENERIC_MEETINGS:
                continue  # attending another, named meeting
            cs = clause_start(text, m.start(), sent.start)
            people = person_chain_before(text, mentions, m.start(), sent.start) or \
                person_chain_from(text, mentions, cs, m.start())
            if not people:
                continue
            meeting.participants.extend(people)
            if meeting.leader is None and m.group() == "出席" and SPEAK_AFTER.match(rest):
                meeting.leader = people[0]

    def _decisions(self, text: str, mentions: list[Mention], sent: Sentence, meetings: dict, current: _Meeting,
                   held_here: list[int]) -> None:
        for m in APPROVE_RE.finditer(text, sent.start, sent.end):
            cs = clause_start(text, m.start(), sent.start)
            meeting = self._decider(text, sent, cs, m.start(), meetings, current, held_here)
            if meeting is None:
                continue
            verb = m.group()
            plans = self._plans(text, mentions, m.end())
            if verb in ("审议", "听取"):
                if plans:
                    meeting.reviewed.extend(plans)
                else:
                    item = self._reviewed(text, m.end(), sent.end)
                    if item is not None:
                        meeting.reviewed.append(item)
            else:
                meeting.objects.extend(plans)

    def _decider(self, text: str, sent: Sentence, cs: int, t: int, meetings: dict, current: _Meeting,
                 held_here: list[int]) -> _Meeting | None:
        """The meeting that is the subject of the verb at ``t``: a named held meeting, or 会议 (the
        article's meeting); None for any other subject (a body, a person, a mentioned meeting)."""
        subject = self._subject_words(text[cs:t])
        if not subject and cs > sent.start:  # a clause that continues the sentence's subject
            if any(h < cs for h in held_here):
                return current  # 某某主持召开X，审议通过《…》
            subject = self._sentence_subject(text, sent)
        if subject in GENERIC_MEETINGS:
            return current
        for meeting in meetings.values():
            if subject == meeting.name.text or subject.endswith(meeting.name.text) and \
                    re.fullmatch(f"(?:{TIME_WORDS}|(?:召开|举行)的)*", subject[:-len(meeting.name.text)]):
                return meeting
        return None

    @staticmethod
    def _subject_words(prefix: str) -> str:
        """The words of a clause before its verb, without time words and connectives."""
        m = re.fullmatch(f"(?:{TIME_WORDS}|[，、])*(.*?)(?:{TIME_WORDS}|同时|进一步|会上|[，、])*", prefix)
        return m.group(1) if m else prefix

    def _sentence_subject(self, text: str, sent: Sentence) -> str:
        """会议 when the sentence opens with it (会议传达学习…，审议…)."""
        m = re.match(f"(?:{TIME_WORDS}|[，、])*({'|'.join(GENERIC_MEETINGS)})", text[sent.start:sent.end])
        return m.group(1) if m else ""

    @staticmethod
    def _plans(text: str, mentions: list[Mention], pos: int) -> list[Mention]:
        """《A》、《B》和《C》 right after ``pos``: the Plan mentions inside the marks."""
        out: list[Mention] = []
        while text.startswith("了", pos):
            pos += 1
        while pos < len(text) and text[pos] == "《":
            plan = longest_at(mentions, pos + 1, (PLAN,))
            if plan is None:
                close = text.find("》", pos)
                if close < 0:
                    break
                plan = Mention(text[pos + 1:close], PLAN, pos + 1, close)
            out.append(plan)
            pos = plan.end + 1
            if text.startswith("（", pos):  # （以下简称《…》）
                close = text.find("）", pos)
                if 0 < close < pos + 30:
                    pos = close + 1
            nxt = after_separator(text, pos, ("、", "和", "及", "以及"))
            if nxt is None:
                break
            pos = nxt
        return out

    @staticmethod
    def _reviewed(text: str, pos: int, limit: int) -> Mention | None:
        end = pos
        while end < limit and text[end] not in "，。；":
            end += 1
        item = text[pos:end].strip()
        if 2 <= len(item) <= 60 and REVIEW_END.search(item):
            return Mention(item, "", pos, end)
        return None
