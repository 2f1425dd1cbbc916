"""Helpers shared by the event extractors (visits, meetings): clause subjects, mention chains and
event dates.

Not an extractor itself (the leading underscore keeps it out of the registry).

Dates come from kg.normalize.dates (resolved against the article's publication date); an event takes
the last date expression before its verb in the sentence (17日至20日，某某先后来到…; 座谈会17日至18日
在上海召开), and no date where that expression is vague (近日) or cannot be anchored (昨天 with no
publication date): a date is never invented.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from functools import cached_property

from kg.nlp.lexicon import alternation, lexicon
from kg.nlp.mention_index import MentionIndex
from kg.normalize.dates import find_dates
from kg.types import PERSON, POSITION, SITE, DateValue, Mention, Sentence

# A clause ends at these marks; the subject of a Chinese sentence carries over its commas.
CLAUSE_END = "。；！？!?;"
CLAUSE_MARKS = "，。；：！？!?,;:"
# Words that may stand between a clause's start and its subject, or between the subject and the verb.
TIME_WORDS = (f"(?:{alternation(lexicon().frames['event']['time_words'])}|"
              r"\d{4}年|\d{1,2}月|\d{1,2}日|\d{1,2}时(?:\d{1,2}分)?|[至到—\-～~]|\s)")
ADVERBIAL = re.compile(f"^(?:{TIME_WORDS}|[，、])*$")
PRONOUN_SUBJECT = re.compile(f"^(?:{TIME_WORDS}|[，、])*(?:他|她)(?:{TIME_WORDS}|[，、])*$")
SEPARATORS = ("、", "和", "及", "与", "以及")

MAX_EVENT_DAYS = 366  # a date wider than a year (今年以来, 2022—2024年) does not date an event


class EventDates:
    """The date expressions of one article (kg.normalize.dates), to date the events read in it."""

    def __init__(self, text: str, published: date | None):
        self.text = text
        self.published = published

    @classmethod
    def of(cls, doc) -> "EventDates":
        """The dates of ``doc``'s article (made once per Doc: visits and meetings read the same)."""
        dates = doc.user_data.get("kg.event_dates")
        if dates is None:
            dates = doc.user_data["kg.event_dates"] = cls(doc._.article.text, doc._.article.published)
        return dates

    @cached_property
    def mentions(self) -> list:
        """Read on first use: most articles date no event."""
        text = self.text
        return [m for m in find_dates(text, self.published) if not text.startswith("电", m.end)]  # no datelines

    @cached_property
    def _ends(self) -> list[int]:
        return [m.end for m in self.mentions]

    def of_clause(self, sentence: Sentence, clause: int, end: int) -> DateValue | None:
        """The date of a verb whose clause starts at ``clause``: the last date in the clause before
        ``end``, or in the time-only clauses just before it (17日至20日，某某先后来到…). A date in
        another clause of the sentence (2019年建成的…，某某来到…) is not the event's."""
        start = clause
        while start > sentence.start:
            prev = clause_start(self.text, start - 1, sentence.start)
            if not ADVERBIAL.match(self.text[prev:start - 1]):
                break
            start = prev
        return self.before(start, end)

    def before(self, start: int, trigger: int) -> DateValue | None:
        """The date of an event whose verb starts at ``trigger``: the last date expression between
        ``start`` (the sentence start) and the verb. None when that expression has no value (近日,
        日前; 昨天 with no publication date) or is too wide to date one event (今年以来)."""
        k = bisect_right(self._ends, trigger)   # the dates are in text order and do not overlap
        if k == 0 or self.mentions[k - 1].start < start:
            return None
        last = self.mentions[k - 1]
        value = last.value
        if value is None or last.text.endswith("以来") or (value.end - value.start).days > MAX_EVENT_DAYS:
            return None
        return value


def merge_dates(values: Iterable[DateValue | None]) -> DateValue | None:
    """One period covering the given dates (a visit reported day by day), or None."""
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    if len(vals) == 1:
        return vals[0]
    start = min(v.start for v in vals)
    end = max(v.end for v in vals)
    first = min(vals, key=lambda v: v.start)
    last = max(vals, key=lambda v: v.end)
    text = first.text if first is last else f"{first.text}—{last.text}"
    return DateValue(start, end, text)


# -- clauses and subjects --------------------------------------------------------------------------
def clause_start(text: str, pos: int, floor: int) -> int:
    """Start of the comma clause holding ``pos`` (not before ``floor``)."""
    i = pos
    while i > floor and text[i - 1] not in CLAUSE_MARKS:
        i -= 1
    return i


def sentence_clause_start(text: str, pos: int, floor: int) -> int:
    """Start of the semicolon/full-stop clause holding ``pos`` (commas do not end it)."""
    i = pos
    while i > floor and text[i - 1] not in CLAUSE_END:
        i -= 1
    return i


# what never stands inside a site's quoted name: clause marks and function words
QUOTE_STOPS = frozenset("，。；：！？,;:!?\n、的了是在和与")


def quoted_name(text: str, at: int, limit: int) -> Mention | None:
    """A site called by a quoted name at ``at`` (走进“中国天眼”; 坐落在某县的“某某”): two to twelve
    characters in “”, no clause mark or function word inside."""
    if not text.startswith("“", at):
        return None
    close = text.find("”", at + 1, min(limit, at + 14))
    inner = text[at + 1:close] if close > 0 else ""
    if len(inner) < 2 or not QUOTE_STOPS.isdisjoint(inner):
        return None
    return Mention(inner, SITE, at + 1, close)


def clause_subject(text: str, mentions: MentionIndex, start: int, end: int) -> Mention | None:
    """The person who is the subject of the clause text[start:end]: the first person in it, with only
    titles (市委书记, 中共中央书记处书记、公安部部长) and time words before the name."""
    for p in mentions.starting_in(start, end, PERSON):
        pos = p.start
        # walk back over the chain of titles right before the name
        while True:
            title = _title_ending(mentions, pos, start)
            if title is None:
                break
            pos = title.start
            if pos > start and text[pos - 1] in "、兼" and _title_ends_at(mentions, pos - 1):
                pos -= 1  # 市委副书记、市长某某 (not 省委书记某某、省长某某: a name before 、)
        prefix = text[start:pos]
        if ADVERBIAL.match(prefix) or re.fullmatch(r"(?:市领导|省领导|区领导|县领导|领导同志)?", prefix) \
                or _titles_only(prefix):
            return p
        return None
    return None


def carried_subject(text: str, mentions: MentionIndex, sent_start: int, cs: int,
                    skippable=None) -> Mention | None:
    """The person a subjectless clause at ``cs`` is about: the subject of an earlier clause of the
    sentence, across clauses of time words only (…某某代表党中央，于23日赶赴…; 某某来到X，并主持
    召开座谈会). ``skippable(start, end)`` may allow more clauses to be crossed."""
    pos = cs
    while pos > sent_start:
        prev = clause_start(text, pos - 1, sent_start)
        subject = clause_subject(text, mentions, prev, pos - 1)
        if subject is not None:
            return subject
        if not (ADVERBIAL.match(text[prev:pos - 1]) or (skippable is not None and skippable(prev, pos - 1))):
            return None
        pos = prev
    return None


def _titles_only(prefix: str) -> bool:
    """中共中央总书记、国家主席、中央军委主席、: titles the entity stage did not mark, before a marked one."""
    if not prefix.endswith("、"):
        return False
    titles = lexicon().titles
    parts = prefix[:-1].split("、")
    return all(part and len(part) <= 16 and part.endswith(tuple(titles)) for part in parts)


def _title_ends_at(mentions: MentionIndex, pos: int) -> bool:
    return bool(mentions.ending_at(pos, POSITION))


def _title_ending(mentions: MentionIndex, pos: int, floor: int) -> Mention | None:
    """The first title that ends at ``pos`` and starts at or after ``floor``."""
    return next((m for m in mentions.ending_at(pos, POSITION) if m.start >= floor), None)


# unnamed officials listed after the named ones: 和中央有关部门负责同志, 及有关负责人
GROUP_TAIL = re.compile(f"(?:和|及|以及)[^，。；、]{{0,16}}?(?:{alternation(tuple(lexicon().frames['event']['group_tails']))})")


def person_chain_before(text: str, mentions: MentionIndex, end: int, floor: int) -> list[Mention]:
    """Persons whose names end right before ``end`` (等 allowed), listed with 、 和 ， and titles:
    市领导赵某、王某某等 -> [赵某, 王某某]; 市委常委、常务副市长周明，副市长陈芳 -> [周明, 陈芳]."""
    pos = end
    if text[max(floor, pos - 1):pos] == "等":
        pos -= 1
    group = GROUP_TAIL.search(text, max(floor, pos - 24), pos)
    if group is not None and group.end() == pos:
        pos = group.start()   # 某某和中央有关部门负责同志陪同: the named people before the group
    out: list[Mention] = []
    while pos > floor:
        p = max((m for m in mentions.ending_at(pos, PERSON) if m.start >= floor), key=lambda m: m.end - m.start,
                default=None)
        if p is None:   # 李某、王某副委员长和秘书长刘某: a title after the names it belongs to
            title = _title_ending(mentions, pos, floor + 1)
            if title is None or not any(m.start >= floor for m in mentions.ending_at(title.start, PERSON)):
                break
            pos = title.start
            continue
        out.append(p)
        pos = p.start
        while True:  # titles of that person
            title = _title_ending(mentions, pos, floor)
            if title is None:
                break
            pos = title.start
            if pos - 1 >= floor and text[pos - 1] in "、兼" and _title_ends_at(mentions, pos - 1):
                pos -= 1
        for sep in SEPARATORS + ("，",):  # 市委常委、常务副市长周明，副市长陈芳出席
            if text[max(floor, pos - len(sep)):pos] == sep:
                pos -= len(sep)
                break
        else:
            break
    return list(reversed(out))


def dedupe_with(pairs) -> list:
    """(mention, evidence) pairs in first-seen order, one per surface form."""
    seen: dict[str, tuple] = {}
    for mention, ev in pairs:
        seen.setdefault(mention.text, (mention, ev))
    return list(seen.values())


def person_ranks(text: str, mentions: MentionIndex) -> dict[str, int]:
    """The seniority of every titled person of the article: the highest rank of their posts
    (kg/resources/lexicon/ranks.tsv)."""
    from kg.extract.positions import title_chains

    lx = lexicon()
    ranks: dict[str, int] = {}
    for person, chain in title_chains(text, mentions):
        rank = max(lx.rank_of(p.text) for p in chain)
        ranks[person.text] = max(rank, ranks.get(person.text, 0))
    return ranks


def person_chain_after(text: str, mentions: MentionIndex, start: int, end: int) -> list[Mention]:
    """Persons listed from ``start`` with their titles, joined by 、 和 及 and commas between titled
    groups: 出席会议的有：王明、李华，二级巡视员张强 -> [王明, 李华, 张强]."""
    pos = start
    while pos < end and text[pos] in "：:":
        pos += 1
    out: list[Mention] = []
    while pos < end:
        while True:  # the titles before the name
            title = mentions.longest_at(pos, (POSITION,), end)
            if title is None:
                break
            pos = title.end
            if pos < end and text[pos] in "、兼" and not mentions.starting_at(pos + 1, PERSON):
                pos += 1
        person = mentions.longest_at(pos, (PERSON,), end)
        if person is None:
            break
        out.append(person)
        pos = after_separator(text, person.end, SEPARATORS + ("，",))
        if pos is None:
            break
    return out


def dedupe(mentions: Iterable[Mention]) -> tuple[Mention, ...]:
    """Mentions in first-seen order, one per surface form."""
    seen: dict[str, Mention] = {}
    for m in mentions:
        seen.setdefault(m.text, m)
    return tuple(seen.values())


LEADERS = ("市领导", "省领导", "区领导", "县领导", "自治区领导", "中央领导")


def person_chain_from(text: str, mentions: MentionIndex, start: int, end: int) -> list[Mention]:
    """Persons listed from the start of a clause, with their titles, joined by 、 和 及:
    张某、李某某及中央和国家机关有关部门负责同志 -> [张某, 李某某]; 在省委书记王建国 -> [王建国]."""
    pos = start
    if text.startswith("在", pos):
        pos += 1
    out: list[Mention] = []
    while pos < end:
        for lead in LEADERS:
            if text.startswith(lead, pos):
                pos += len(lead)
                break
        while True:  # the titles before the name: 中共中央政治局常委、中央书记处书记
            title = mentions.longest_at(pos, (POSITION,), end)
            if title is None:
                break
            pos = title.end
            if pos < end and text[pos] in "、兼" and not mentions.starting_at(pos + 1, PERSON):
                pos += 1
        person = mentions.longest_at(pos, (PERSON,), end)
        if person is None:
            break
        tail = person.end + (2 if text.startswith("同志", person.end) else 0)
        if lexicon().frame_re("event", "kin").match(text, tail):
            break   # 某某同志亲属、…参加: the name only says whose relatives attend
        pos = after_separator(text, tail)
        out.append(person)
        if pos is None:
            break
    return out


def after_separator(text: str, pos: int, separators=SEPARATORS) -> int | None:
    """The position after a list separator (、, 和, 及…) at ``pos``, or None if there is none."""
    for sep in separators:
        if text.startswith(sep, pos):
            return pos + len(sep)
    return None
