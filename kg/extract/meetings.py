"""Meetings: a meeting held in the article's news, who chaired or led it, who attended, what it
adopted or reviewed, and when. The trigger words are data (kg/resources/lexicon/frames.toml,
[meeting]); the meeting names come from the entity stage (十四届全国人大常委会第十五次会议,
管委会2024年第5次主任办公会, “推进乡村全面振兴”专题协商会).

The frame, read sentence by sentence:

- a meeting is *held* when the text says so: 某某主持召开X / 某某主持X (its chair); X由某某主持;
  X17日至18日在上海召开 / X开幕 (held; the body its name begins with is the body that held it);
  国务院新闻办举行X / 中共中央政治局召开会议 (held by the subject, a body or a person);
  X表决通过《…》 (a meeting that adopts a document was held); 某某出席X并讲话;
- words that point back (会议, 会上, 大会, 开幕式, 上午的会议, frames.toml [meeting] refer) are the
  article's current meeting: 某某主持会议 after X was named is X's chair;
- *attendance*: the persons listed before 出席/参加/列席 (王明、李华出席; 实验区领导王明、李华，
  二级巡视员张强参加会议) or after 出席会议的有 attend the current meeting;
- *decisions*: 审议通过, 讨论并原则通过, 表决通过, 原则同意, 批准, 批复… + 《A》《B》和《C》
  said of the meeting (its name, a word pointing back, or a clause that continues a sentence in
  which it was held) are approvals; 审议/讨论/研究/听取 alone record what was reviewed;
- the *agent*: the chair; without a chair, the most senior named official who attends
  (kg/resources/lexicon/ranks.tsv; the first who speaks when they are equal); else the body.

A meeting only mentioned (传达学习…会议精神; 召开的…会议) is no event, and documents issued by
bodies without a meeting (印发, 发布) get no meeting: none is invented. Dates as for visits
(kg.extract._events).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg import markers
from kg.extract import Extractor, register
from kg.extract._events import (ADVERBIAL, CLAUSE_MARKS, TIME_WORDS, EventDates, after_separator, carried_subject,
                                clause_start, clause_subject, dedupe_with, person_chain_after, person_chain_before,
                                person_chain_from, person_ranks)
from kg.nlp.lexicon import alternation, lexicon
from kg.nlp.mention_index import MentionIndex
from kg.types import MEETING, ORGANIZATION, PERSON, PLAN, POSITION, DateValue, Event, Evidence, Mention, Relation, Sentence

BY_RE = re.compile(r"由")
_NUM = "[\\d一二三四五六七八九十百]+"
# a session of a body: 第六次会议, 常务会议, 第十三次全体会议, 常委会会议
BODY_SESSION = re.compile(f"(?:第{_NUM}次)?(?:常务|全体|党组|专题|常委会)?(?:全体)?会议")
# what may stand before a held meeting's name in its clause: time words, or its term (十四届)
SESSION_PREFIX = re.compile(f"(?:{TIME_WORDS}|[，、])*((?:第?{_NUM}届)?)")
BODY_MEETINGS = ("会议", "常务会议", "全体会议", "常委会会议")  # named after the body that holds them
SPIRIT_AFTER = re.compile(r"(?:上的)?(?:重要讲话)?精神")
# a word pointing back, with the part of the day before it: 主持上午的会议
REFERENCE_LEAD = re.compile(r"(?:了)?(?:(?:上午|下午|晚上|当天|今天|昨天|首日|第一天|第二天)的?)?")
REVIEW_END = re.compile(r"(?:情况|报告|汇报|草案|方案|意见|工作)$")
ATTEND_OBJECT_TAIL = re.compile(r"(?:了)?(?:[^，。；]{0,6}的(?:会议|大会|座谈会))?(?:[，。；并]|$)")
LIST_AFTER = re.compile(r"(?:会议|大会|开幕式|开幕会)?的(?:还)?有")
# 《X》经Y审议通过 / 经Y批准: a document adopted by the meeting or body Y
PASSIVE = re.compile(r"经([^，。；经]{2,40}?)(?:审议|表决|讨论)?(?:通过|批准|同意)")
# the longest title of a document without book-title marks
BARE_TITLE_MAX = 60
# 批准这个报告, 通过该规划: a document named before, by its head word
DEMONSTRATIVE_OBJECT = re.compile(r"(?:了)?(?:这个|这一|该|此|上述)(报告|规划|方案|条例|决定|计划|纲要|意见|办法|草案)")
# 某某在X上强调: a person who speaks at a meeting (its name between 在 and 上)
SPEAKER_AT = re.compile(r"在([^，。；在]{4,60}?)(?:上|期间)(?:发表|作)?(?:强调|讲话|指出|表示|致辞|发言|提出|要求)")


@dataclass
class _Meeting:
    name: Mention
    sentence: Sentence
    start: int
    end: int
    body: Mention | None = None        # the body that held it, or the person who convened it
    chair: Mention | None = None
    attendees: list[tuple[Mention, Evidence]] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)   # who 出席并讲话, in order
    objects: list[tuple[Mention, Evidence]] = field(default_factory=list)
    reviewed: list[Mention] = field(default_factory=list)
    date: DateValue | None = None
    headline: bool = False             # first named in a headline (a short name that the body may lengthen)


@register("meeting")
class MeetingExtractor(Extractor):
    version = "2"

    def __init__(self) -> None:
        lx = lexicon()
        f = lx.frames["meeting"]
        self.refer = frozenset(f["refer"]) | frozenset(lx.meeting_words)
        self.meeting_words = sorted(lx.meeting_words, key=len, reverse=True)
        self.chair_re = lx.frame_re("meeting", "chair", "(?!人|词|工作)")
        self.held_re = lx.frame_re("meeting", "held")
        self.attend_re = lx.frame_re("meeting", "attend")
        self.approve_re = lx.frame_re("meeting", "approve")
        self.review_re = lx.frame_re("meeting", "review")
        self.future_re = lx.frame_re("meeting", "future")
        self.body_approve_re = lx.frame_re("meeting", "body_approve")
        self.organs = frozenset(lx.organs)
        self.speak_after = re.compile(f"^(?:了)?(?:会议|大会|活动|开幕式|开幕会|[^，。；]{{0,24}}?)?并(?:发表)?(?:重要)?"
                                      f"(?:{'|'.join(map(re.escape, f['speak']))})")
        self.document_head_re = re.compile(f"(?:{alternation(f['document_heads'])})(?:（[^（）]{{1,12}}）)?$")
        # a modifier before a document listed without book-title marks (新修订的某某法, 新制定的…)
        self.document_modifier_re = re.compile(f"(?:{alternation(f['document_modifiers'])})的")
        self.refer_re = re.compile(f"(?:了)?(?:{alternation(self.refer)})(?:上)?(?:[，。；并]|$)")
        self.gap_re = re.compile(f"^(?:{TIME_WORDS}|在[^，。；、]{{1,12}}?|{'|'.join(map(re.escape, f['gap']))})*$")

    def __call__(self, doc):
        text = doc._.article.text
        mentions = MentionIndex.of(doc)
        dates = EventDates.of(doc)
        meetings: list[_Meeting] = []
        body_approvals: list[Relation] = []
        current: _Meeting | None = None
        pending: _Meeting | None = None
        for sent in doc._.sentences:
            if pending is None or (current is None and not pending.attendees):
                pending = _Meeting(Mention("会议", MEETING, sent.start, sent.start), sent, sent.start, sent.start)
            held_here: list[int] = []
            for name, trigger, chair, body in sorted(self._held(text, mentions, sent), key=lambda f: f[1]):
                cs = clause_start(text, trigger, sent.start)
                date = dates.of_clause(sent, cs, trigger)
                if name is not None and name.text not in self.refer and self._to_come(text, sent, cs, trigger, date, doc):
                    # 根据决定，X于2023年3月5日在北京召开: announced, not held; the article's meeting stays
                    if not any(m.name.text == name.text for m in meetings):
                        meetings.append(_Meeting(name, sent, name.start, max(name.end, trigger), date=date))
                    continue
                meeting = self._resolve(name, meetings, current, sent, trigger)
                if chair is not None and meeting.chair is None:
                    meeting.chair = chair
                    if meeting.sentence == sent:
                        meeting.start = min(meeting.start, chair.start)
                if body is not None and meeting.body is None:
                    meeting.body = body
                if meeting.date is None:
                    meeting.date = date
                current = meeting
                held_here.append(trigger)
            body_approvals.extend(self._passive(doc, text, mentions, sent, meetings, current))
            body_approvals.extend(self._body_approvals(doc, text, mentions, sent))
            current = meetings[-1] if meetings and current is None else current
            if current is None:
                # 某某出席座谈会并讲话。某某主持座谈会: who attends before the meeting is known
                self._attendance(doc, text, mentions, sent, pending)
                continue
            if pending.attendees and not current.attendees and text.rfind("\n", pending.start, current.start) < 0:
                current.attendees.extend(pending.attendees)
                current.speakers.extend(pending.speakers)
                pending.attendees.clear()
            self._attendance(doc, text, mentions, sent, current)
            self._decisions(doc, text, mentions, sent, meetings, current, held_here)
        yield from body_approvals
        if not meetings:
            return
        ranks = person_ranks(text, mentions)
        for meeting in meetings:
            yield from self._event(doc, meeting, ranks)

    def _event(self, doc, meeting: _Meeting, ranks: dict[str, int]):
        attendees = dedupe_with(meeting.attendees)
        agent = meeting.chair
        if agent is None and attendees:
            order = {name: i for i, name in enumerate(meeting.speakers)}
            agent = max((p for p, _ in attendees),
                        key=lambda p: (ranks.get(p.text, 0), -order.get(p.text, len(order)), -p.start))
        if agent is None:
            agent = meeting.body
        participants = [(p, ev) for p, ev in attendees if meeting.chair is None or p.text != meeting.chair.text]
        objects = dedupe_with(meeting.objects)
        if agent is None and not objects and not participants:
            return
        yield Event("Meeting", agent, self.evidence(doc, meeting.sentence, meeting.start, meeting.end, 0.85),
                    name=meeting.name, chair=meeting.chair,
                    participants=tuple(p for p, _ in participants), objects=tuple(o for o, _ in objects),
                    reviewed=tuple({m.text: m for m in meeting.reviewed}.values()), date=meeting.date,
                    object_evidence=tuple(ev for _, ev in objects),
                    participant_evidence=tuple(ev for _, ev in participants))

    def _to_come(self, text: str, sent: Sentence, cs: int, trigger: int, date, doc) -> bool:
        """Is the meeting at ``trigger`` one to come: dated after the publication, or announced
        (决定…召开, 将于…举行) in its sentence?"""
        published = doc._.article.published
        if date is not None and published is not None and date.start > published:
            return True
        return self.future_re.search(text, sent.start, trigger) is not None

    def _resolve(self, name: Mention | None, meetings: list[_Meeting], current: _Meeting | None,
                 sent: Sentence, trigger: int) -> _Meeting:
        """The meeting a name stands for: a word pointing back is the current meeting; the same
        name is the same meeting; else a new one."""
        if name is None or (name.text in self.refer and current is not None):
            if current is not None:
                return current
            name = name or Mention("会议", MEETING, trigger, trigger)
        for meeting in meetings:
            if meeting.name.text == name.text or (current is meeting and name.text in self.refer):
                return meeting
        if self._short_name_of(name.text, current):
            return current   # 委员长会议 after 十四届全国人大常委会第五次委员长会议: its short name
        for meeting in meetings:   # the headline's short name, then the body's full one: one meeting
            if meeting.headline and self._kind(meeting.name.text) == self._kind(name.text) \
                    and len(name.text) >= len(meeting.name.text):
                meeting.name, meeting.headline = name, False
                return meeting
        meeting = _Meeting(name, sent, min(name.start, trigger), max(name.end, trigger),
                           headline=not markers.ends_sentence(sent.text))
        meetings.append(meeting)
        return meeting

    # -- which meetings are held ---------------------------------------------------------------
    def _name_at(self, text: str, mentions: MentionIndex, pos: int) -> Mention | None:
        """The meeting named at ``pos`` (after 了 and a part of the day): a Meeting mention."""
        lead = REFERENCE_LEAD.match(text, pos)
        for at in (pos, lead.end() if lead else pos):
            mention = mentions.longest_at(at, (MEETING,))
            if mention is not None:
                if SPIRIT_AFTER.match(text, mention.end):
                    return None  # 传达…会议精神: another meeting, mentioned
                return mention
        return None

    def _held(self, text: str, mentions: MentionIndex, sent: Sentence):
        """(name, trigger position, chair, body) of every meeting the sentence says was held; the
        name is None where the words point back to the article's meeting."""
        # 某某主持召开X / 某某主持会议
        for m in self.chair_re.finditer(text, sent.start, sent.end):
            cs = clause_start(text, m.start(), sent.start)
            chair = clause_subject(text, mentions, cs, m.start()) or \
                next(iter(person_chain_before(text, mentions, m.start(), cs)), None)
            if chair is None and ADVERBIAL.match(text[cs:m.start()]) and cs > sent.start:
                # 某某来到X，深入…了解情况，并主持召开座谈会: the clauses between name no one else
                chair = carried_subject(text, mentions, sent.start, cs,
                                        lambda s, e: not _names_a_person(text, mentions, text[s:e]))
            name = self._name_at(text, mentions, m.end())
            if chair is not None and name is not None and not text.startswith("的", name.end):
                yield name, m.start(), chair, None
            elif chair is not None and name is None and (text[m.end():m.end() + 1] in ("并", "，", "。", "；")
                                                          or self.refer_re.match(text, m.end())):
                yield None, m.start(), chair, None   # X召开。某某主持并讲话 / 主持闭幕会: the article's meeting
        # X由某某主持 / 会议由某某主持
        for m in BY_RE.finditer(text, sent.start, sent.end):
            close = self.chair_re.search(text, m.end(), min(sent.end, m.end() + 24))
            if close is None or any(c in CLAUSE_MARKS for c in text[m.end():close.start()]):
                continue
            people = person_chain_before(text, mentions, close.start(), m.end())
            cs = clause_start(text, m.start(), sent.start)
            name = next((mm for mm in mentions.ending_at(m.start(), MEETING) if mm.start >= cs), None)
            if people and (name is not None or ADVERBIAL.match(text[cs:m.start()])):
                yield name, close.start(), people[0], None
        for m in self.held_re.finditer(text, sent.start, sent.end):
            if text.startswith("的", m.end()):
                continue  # 召开的…会议: a relative clause about a meeting
            cs = clause_start(text, m.start(), sent.start)
            # X17日至18日在上海召开 / X开幕
            before = [mm for mm in mentions.within(cs, m.start(), MEETING)
                      if self.gap_re.match(text[mm.end:m.start()]) and SESSION_PREFIX.fullmatch(text[cs:mm.start])]
            if not before and cs > sent.start and text[cs - 1] in "，," and self.gap_re.match(text[cs:m.start()]):
                # 某某第五次全体会议，于10月26日至29日在北京举行: the name is the clause before
                prev = clause_start(text, cs - 1, sent.start)
                before = [mm for mm in mentions.within(prev, cs - 1, MEETING)
                          if mm.end == cs - 1 and SESSION_PREFIX.fullmatch(text[prev:mm.start])]
                cs = prev
            if before:
                name = max(before, key=lambda mm: mm.end - mm.start)
                session = SESSION_PREFIX.fullmatch(text[cs:name.start]).group(1)
                if session:  # 十四届全国人大常委会第十六次会议
                    name = Mention(session + name.text, MEETING, name.start - len(session), name.end)
                yield name, m.start(), None, self._body_of(mentions, text, name)
                continue
            listed = self._listed_before(text, mentions, cs, m.start())
            if listed:   # X、Y2日上午在京开幕: meetings held together are one event, named by the first
                yield listed[0], m.start(), None, self._body_of(mentions, text, listed[0])
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
        # X表决通过《…》 / X听取和审议了… with the meeting as the clause's subject
        for m in list(self.approve_re.finditer(text, sent.start, sent.end)) + \
                list(self.review_re.finditer(text, sent.start, sent.end)):
            if text.startswith("的", m.end()):
                continue  # 会议审议通过的《…》: a document described, not a meeting held here
            cs = clause_start(text, m.start(), sent.start)
            subj = [mm for mm in mentions.within(cs, m.start(), MEETING)
                    if re.match(f"^(?:{TIME_WORDS}|(?:召开|举行)的|[，、])*$", text[cs:mm.start])
                    and ADVERBIAL.match(text[mm.end:m.start()]) and mm.text not in self.refer]
            if subj:
                name = max(subj, key=lambda mm: mm.end - mm.start)
                yield name, m.start(), None, self._body_of(mentions, text, name)
        # 某某在X上强调 / 某某在X上讲话: a speaker at the meeting leads it
        for m in SPEAKER_AT.finditer(text, sent.start, sent.end):
            name = mentions.longest_at(m.start(1), (MEETING,))
            if name is None or name.end != m.end(1) or name.text in self.refer:
                continue
            cs = clause_start(text, m.start(), sent.start)
            person = clause_subject(text, mentions, cs, m.start())
            if person is not None:
                yield name, m.start(), None, person   # no chair named: the speaker leads it
        # 某某出席X并讲话
        for m in self.attend_re.finditer(text, sent.start, sent.end):
            cs = clause_start(text, m.start(), sent.start)
            people = person_chain_before(text, mentions, m.start(), cs) or \
                [p for p in [clause_subject(text, mentions, cs, m.start())] if p is not None and p.type == PERSON]
            name = self._name_at(text, mentions, m.end())
            if people and name is not None and name.text not in self.refer:
                yield name, m.start(), None, None   # 某某出席X(并讲话): X is held, whoever chairs it

    def _listed_before(self, text: str, mentions: MentionIndex, cs: int, t: int) -> list[Mention]:
        """Meetings listed with 、 or 和 from the clause's start up to the verb at ``t``."""
        found: list[Mention] = []
        pos = cs + len(SESSION_PREFIX.match(text, cs).group(0))
        while pos < t:
            name = mentions.longest_at(pos, (MEETING,))
            if name is None:
                return []
            found.append(name)
            nxt = after_separator(text, name.end, ("、", "和", "及"))
            if nxt is None:
                return found if len(found) > 1 and self.gap_re.match(text[name.end:t]) else []
            pos = nxt
        return []

    def _kind(self, name: str) -> str:
        """The meeting word a name ends in (主席会议, 常务会议), or the name itself."""
        return next((w for w in self.meeting_words if name.endswith(w)), name)

    @staticmethod
    def _body_of(mentions: MentionIndex, text: str, name: Mention) -> Mention | None:
        """The body a meeting is named after: 国务院 of 国务院常务会议, 中央财经委员会 of 中央财经委员会
        第六次会议 (not 全国公安厅 of 全国公安厅局长座谈会: the rest must be a session of the body)."""
        for o in sorted(mentions.starting_in(name.start, name.end, ORGANIZATION), key=lambda o: o.start - o.end):
            if o.end < name.end \
                    and BODY_SESSION.fullmatch(text[o.end:name.end]) and (o.start == name.start or
                                                                          SESSION_PREFIX.fullmatch(text[name.start:o.start])):
                return o
        return None

    def _body_subject(self, mentions: MentionIndex, text: str, cs: int, t: int) -> Mention | None:
        """The organisation (or person) that is the subject of the clause text[cs:t] (time and
        place may stand between it and the verb: 全国政协19日在京召开…)."""
        person = clause_subject(text, mentions, cs, t)
        if person is not None:
            return person
        orgs = [o for o in mentions.within(cs, t, ORGANIZATION)
                if ADVERBIAL.match(text[cs:o.start]) and self.gap_re.match(text[o.end:t])]
        return max(orgs, key=lambda o: o.end - o.start, default=None)

    # -- who attended, what was decided -----------------------------------------------------------
    def _attendance(self, doc, text: str, mentions: MentionIndex, sent: Sentence, meeting: _Meeting) -> None:
        """某某出席 / 某某、某某参加会议 / 某某出席并讲话 / 出席会议的有某某、某某."""
        for m in self.attend_re.finditer(text, sent.start, sent.end):
            rest = text[m.end():sent.end]
            name = self._name_at(text, mentions, m.end())
            if name is None:
                if not ATTEND_OBJECT_TAIL.match(rest) and not LIST_AFTER.match(rest) \
                        and not self.speak_after.match(rest) and not self.refer_re.match(rest):
                    continue  # 参加调研, 出席活动: not this meeting
            elif name.text != meeting.name.text and name.text not in self.refer:
                continue  # attending another, named meeting
            cs = clause_start(text, m.start(), sent.start)
            after = LIST_AFTER.match(text, name.end if name is not None else m.end())
            if after:
                people = person_chain_after(text, mentions, after.end(), sent.end)
            else:
                people = person_chain_before(text, mentions, m.start(), sent.start) or \
                    person_chain_from(text, mentions, cs, m.start())
            if not people:
                continue
            ev = self.evidence(doc, sent, min(p.start for p in people), max(m.end(), max(p.end for p in people)), 0.85)
            meeting.attendees.extend((p, ev) for p in people)
            if m.group() == "出席" and self.speak_after.match(rest):
                meeting.speakers.extend(p.text for p in people)

    def _decisions(self, doc, text: str, mentions: MentionIndex, sent: Sentence, meetings: list[_Meeting],
                   current: _Meeting, held_here: list[int]) -> None:
        approvals = list(self.approve_re.finditer(text, sent.start, sent.end))
        reviews = [r for r in self.review_re.finditer(text, sent.start, sent.end)
                   if not any(a.start() < r.end() and r.start() < a.end() for a in approvals)]   # not 审议 of 审议通过
        for m in sorted(approvals + reviews, key=lambda x: x.start()):
            if text.startswith("的", m.end()):
                continue   # 审议通过的法律和决定: what was adopted, said of again
            cs = clause_start(text, m.start(), sent.start)
            meeting = self._decider(text, sent, cs, m.start(), meetings, current, held_here)
            if meeting is None:
                continue
            plans = self._plans(text, mentions, m.end()) or self._referred(text, m.end(), meeting) or \
                self._bare_plan(text, m.end(), sent.end) or self._titles_in_object(text, mentions, m.end(), sent.end)
            if self.approve_re.match(text, m.start()) and not plans and text[m.end():m.end() + 1] in "。；，" \
                    and meeting.reviewed and meeting.reviewed[-1].start >= sent.start:
                plans = [meeting.reviewed[-1]]   # 会议审议了《某办法》，并原则同意: what it reviewed
            if self.approve_re.match(text, m.start()):
                if plans:
                    ev = self.evidence(doc, sent, m.start(), plans[-1].end + 1, 0.85)
                    meeting.objects.extend((p, ev) for p in plans)
            elif plans:
                meeting.reviewed.extend(plans)
            else:
                item = self._reviewed(text, m.end(), sent.end)
                if item is not None:
                    meeting.reviewed.append(item)

    def _bare_plan(self, text: str, pos: int, limit: int) -> list[Mention]:
        """审议通过政协…常务委员会第十二次会议议程（草案）和日程: documents without book-title marks,
        up to the clause's end, each ending in a document's head. Items listed with 、 and 和 are
        documents when each ends in a head (政府工作报告、计划报告和预算报告); otherwise a 和 splits
        a document from what is not one (议程和日程: the first only), and a 和 inside a phrase that
        的 closes is part of one title (关于某法第十四条和第四十七条的解释). Quoted words may stand
        inside a title (“十五五”规划建议)."""
        while text.startswith(("了", "同意"), pos):
            pos += 1 if text.startswith("了", pos) else 2
        end, quoted = pos, False
        while end < limit and (quoted or text[end] not in "，。；：《》"):
            if text[end] in "“”":
                quoted = text[end] == "“"
            end += 1
        span = text[pos:end]
        if len(span) < (3 if span.endswith(("法", "法典")) else 4) or text[end:end + 1] in ("《", "》") or quoted:   # 森林法
            return []
        items = self._listed_documents(span, pos)
        if items:
            return items
        joint = self._joint(span)
        if joint is None or "的" in span[joint.end():] and not self._ends_long_head(span[:joint.start()]):
            if len(span) <= BARE_TITLE_MAX and "、" not in span and self.document_head_re.search(span):
                return [Mention(span, PLAN, pos, end)]
            return []
        first = span[:joint.start()]
        if len(first) >= 4 and "、" not in first and self.document_head_re.search(first):
            return [Mention(first, PLAN, pos, pos + len(first))]
        return []

    def _ends_document(self, words: str) -> bool:
        """Do ``words`` end in a document's head (…的决议)?"""
        return self.document_head_re.search(words) is not None

    def _ends_long_head(self, words: str) -> bool:
        """Do ``words`` end in a document's head of two characters or more (…的决议, not 宪法 in
        全国人大宪法和法律委员会)?"""
        head = self.document_head_re.search(words)
        return head is not None and len(head.group().split("（")[0]) >= 2

    def _joint(self, span: str) -> re.Match | None:
        """The 和 or 及 that joins two items of ``span``: the first one that the words before it end
        in a document's head (议程|和日程); else none where the whole ends in a head (one title:
        某某地位和权益保障法); else the first one (what follows is then no document of the list)."""
        joints = list(re.finditer("[和及]", span))
        for joint in joints:
            if self._ends_document(span[:joint.start()]):
                return joint
        if joints and self.document_head_re.search(span):
            return None
        return joints[0] if joints else None

    def _listed_documents(self, span: str, pos: int) -> list[Mention]:
        """政府工作报告、计划报告和预算报告: every item of a list ends in a document's head. An item
        may be a title with 的 inside (关于修改某法的决定) or after a modifier (新修订的某某法: the
        law); a 和 splits items only outside such a title."""
        if "、" not in span:
            return []
        pieces: list[str] = []
        for piece in re.split("(、)", span):
            joint = self._joint(piece)
            if piece != "、" and joint is not None and ("的" not in piece[joint.end():]
                                                        or self._ends_long_head(piece[:joint.start()])):
                pieces.extend([piece[:joint.start()], piece[joint.start():joint.end()], piece[joint.end():]])
            else:
                pieces.append(piece)
        out, at = [], 0
        for piece in pieces:
            if piece in ("、", "和", "及"):
                at += len(piece)
                continue
            skip = 0
            modifier = self.document_modifier_re.match(piece)
            if modifier is not None:
                skip = modifier.end()   # 新修订的|某某法
            elif "的" in piece and "关于" not in piece:   # (某委员会关于…的报告 is a title too)
                return []
            title = piece[skip:]
            if len(title) < 3 or len(title) > BARE_TITLE_MAX or not self.document_head_re.search(title):
                return []
            out.append(Mention(title, PLAN, pos + at + skip, pos + at + len(piece)))
            at += len(piece)
        return out if len(out) >= 2 else []

    @staticmethod
    def _titles_in_object(text: str, mentions: MentionIndex, pos: int, limit: int) -> list[Mention]:
        """通过了某委员会关于批准《A条约》的决定、《B条约》的决定，关于批准《C》和《D》的决定: the
        titles in book-title marks of an object that names documents by what they are about. The
        object runs to the clause's end, and on through a comma that opens another 关于… or 《…》."""
        end = pos
        while end < limit:
            if text[end] in "。；：":
                break
            if text[end] in "，," and not text.startswith(("关于", "《"), end + 1):
                break
            end += 1
        out, at = [], pos
        while (opened := text.find("《", at, end)) >= 0:
            close, depth = opened, 0
            while close < end:   # the matching 》 (titles may hold 〈〉, never a second 《)
                if text[close] == "《":
                    depth += 1
                elif text[close] == "》":
                    depth -= 1
                    if depth == 0:
                        break
                close += 1
            if close >= end:
                break
            plan = mentions.longest_at(opened + 1, (PLAN,))
            out.append(plan if plan is not None and plan.end == close else
                       Mention(text[opened + 1:close], PLAN, opened + 1, close))
            at = close + 1
        return out

    @staticmethod
    def _referred(text: str, pos: int, meeting: _Meeting) -> list[Mention]:
        """批准这个报告 / 通过该规划: the document the meeting reviewed before, named by its head."""
        m = DEMONSTRATIVE_OBJECT.match(text, pos)
        if m is None:
            return []
        head = m.group(1)
        for item in reversed(meeting.reviewed):
            if item.text.endswith(head):
                short = item.text[item.text.rfind("的") + 1:] if "的" in item.text else item.text
                return [Mention(short, PLAN, item.end - len(short), item.end)]
        return []

    def _passive(self, doc, text: str, mentions: MentionIndex, sent: Sentence, meetings: list[_Meeting],
                 current: _Meeting | None) -> list:
        """《X》经Y审议通过 / 经Y批准: the document, adopted by the meeting or body Y. Returns the
        approvals by bodies (a meeting Y is held and gets the document as its object)."""
        out = []
        for m in PASSIVE.finditer(text, sent.start, sent.end):
            cs = clause_start(text, m.start(), sent.start)
            plans = [p for p in mentions.within(cs, m.start(), PLAN) if p.end < m.start()]
            if not plans or not ADVERBIAL.match(text[plans[-1].end + 1:m.start()].strip("》")):
                continue
            plan = plans[-1]
            actor = mentions.longest_at(m.start(1), (MEETING, ORGANIZATION), m.end(1))
            if actor is None:
                continue
            ev = self.evidence(doc, sent, plan.start, m.end(), 0.8)
            if actor.type == MEETING:
                meeting = self._resolve(actor, meetings, current, sent, m.start())
                meeting.objects.append((plan, ev))
                if meeting.body is None:
                    meeting.body = self._body_of(mentions, text, actor)
            else:
                out.append(Relation("approved", actor, plan, ev))
        return out

    def _body_approvals(self, doc, text: str, mentions: MentionIndex, sent: Sentence) -> list:
        """国务院近日批复同意《X》: a body of the state that approves a document without a meeting
        (the body opens the clause; only 批复 and 批准, which bodies do by themselves)."""
        out = []
        for m in self.body_approve_re.finditer(text, sent.start, sent.end):
            cs = clause_start(text, m.start(), sent.start)
            body = next((o for o in mentions.starting_at(cs + _lead_length(text, cs, m.start()), ORGANIZATION)
                         if o.text in self.organs), None)
            if body is None or not re.fullmatch(f"(?:{TIME_WORDS})*", text[body.end:m.start()]):
                continue
            plans = self._plans(text, mentions, m.end())
            ev = self.evidence(doc, sent, body.start, (plans[-1].end + 1) if plans else m.end(), 0.8)
            out.extend(Relation("approved", body, plan, ev) for plan in plans)
        return out

    def _decider(self, text: str, sent: Sentence, cs: int, t: int, meetings: list[_Meeting], current: _Meeting,
                 held_here: list[int]) -> _Meeting | None:
        """The meeting that is the subject of the verb at ``t``: a named held meeting, or a word
        pointing back (the article's meeting); None for any other subject (a body, a person, a
        meeting only mentioned)."""
        subject = self._subject_words(text[cs:t])
        if not subject and cs > sent.start:  # a clause that continues the sentence's subject
            if any(h < cs for h in held_here):
                return current  # 某某主持召开X，审议通过《…》
            subject = self._sentence_subject(text, sent)
        if subject in self.refer or self._short_name_of(subject, current):
            return current
        for meeting in meetings:
            if subject == meeting.name.text or subject.endswith(meeting.name.text) and \
                    re.fullmatch(f"(?:{TIME_WORDS}|(?:召开|举行)的)*", subject[:-len(meeting.name.text)]):
                return meeting
        return None

    @staticmethod
    def _short_name_of(name: str, meeting: _Meeting | None) -> bool:
        """Is ``name`` the end of the meeting's full name (委员长会议 for 十四届全国人大常委会第五次委员长
        会议), four characters or more?"""
        return meeting is not None and len(name) >= 4 and meeting.name.text.endswith(name) \
            and meeting.name.text != name

    @staticmethod
    def _subject_words(prefix: str) -> str:
        """The words of a clause before its verb, without time words and connectives."""
        m = re.fullmatch(f"(?:{TIME_WORDS}|[，、])*(.*?)(?:{TIME_WORDS}|同时|进一步|会上|决定|一致|还|也|并|又|均|分别|"
                         f"随后|最后|此外|另外|(?:审议|讨论|研究)并?|[，、])*", prefix)
        return m.group(1) if m else prefix

    def _sentence_subject(self, text: str, sent: Sentence) -> str:
        """会议 when the sentence opens with a word pointing back (会议传达学习…，审议…)."""
        words = "|".join(map(re.escape, sorted(self.refer, key=len, reverse=True)))
        m = re.match(f"(?:{TIME_WORDS}|[，、])*({words})", text[sent.start:sent.end])
        return m.group(1) if m else ""

    @staticmethod
    def _plans(text: str, mentions: MentionIndex, pos: int) -> list[Mention]:
        """《A》、《B》和《C》 (or 《A》《B》) right after ``pos``: the Plan mentions inside the marks."""
        out: list[Mention] = []
        while text.startswith(("了", "同意"), pos):   # 批复同意《…》
            pos += 1 if text.startswith("了", pos) else 2
        while pos < len(text) and text[pos] == "《":
            plan = mentions.longest_at(pos + 1, (PLAN,))
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
            if text.startswith("《", pos):
                continue   # 《A》《B》: titles side by side
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


def _lead_length(text: str, start: int, end: int) -> int:
    """The time words that open the clause text[start:end] (近日，, 12日)."""
    m = re.match(f"(?:{TIME_WORDS}|[，、])*", text[start:end])
    return m.end() if m else 0


def _names_a_person(text: str, mentions: MentionIndex, clause: str) -> bool:
    """Does a clause (given by its text) name a person or a title?"""
    at = text.find(clause)
    return at >= 0 and bool(mentions.starting_in(at, at + len(clause), PERSON, POSITION))
