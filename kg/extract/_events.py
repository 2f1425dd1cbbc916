"""Helpers shared by the event extractors (visits, meetings): clause subjects, mention chains and
event dates.

Not an extractor itself (the leading underscore keeps it out of the registry).

Dates: a small local reader of the date expressions that date an event in news reports (17日至20日,
5月9日, 2025年5月9日, 2024年10月, 今年7月, 昨天). kg.normalize.dates was not in the tree when the
event extractors were written; this reader resolves relative forms against the article's
publication date and returns None where the text gives no date or no anchor (近日, 日前, or a
relative date with no publication date): it never invents a date.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta

from kg.types import PERSON, POSITION, DateValue, Mention, Sentence

# A clause ends at these marks; the subject of a Chinese sentence carries over its commas.
CLAUSE_END = "。；！？!?;"
CLAUSE_MARKS = "，。；：！？!?,;:"
# Words that may stand between a clause's start and its subject, or between the subject and the verb.
TIME_WORDS = (r"(?:近日|日前|近期|前不久|昨天|昨日|今天|今日|前天|当天|当日|次日|同日|随后|之后|此后|其后|接着|其间|期间|"
              r"上午|下午|晚上|晚间|早上|中午|凌晨|先后|随即|还|又|再|也|并|一起|一同|专程|实地|深入|认真|仔细|详细|"
              r"分别|首先|最后|\d{4}年|\d{1,2}月|\d{1,2}日|[至到—\-～~]|\s)")
ADVERBIAL = re.compile(f"^(?:{TIME_WORDS}|[，、])*$")
PRONOUN_SUBJECT = re.compile(f"^(?:{TIME_WORDS}|[，、])*(?:他|她)(?:{TIME_WORDS}|[，、])*$")
SEPARATORS = ("、", "和", "及", "与", "以及")

VAGUE = re.compile(r"近日|日前|近期|前不久|不久前|最近|此前")
_R = r"\s*[至到—\-～~]\s*"
DATE_RE = re.compile(
    r"(?P<ymd>(?P<y1>\d{4})年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})[日号]"
    rf"(?:{_R}(?:(?P<y2>\d{{4}})年)?(?:(?P<m2>\d{{1,2}})月)?(?P<d2>\d{{1,2}})[日号])?)(?!电)"
    r"|(?P<md>(?<!\d)(?P<m3>\d{1,2})月(?P<d3>\d{1,2})"
    rf"(?:[日号](?:{_R}(?:(?P<m4>\d{{1,2}})月)?(?P<d4>\d{{1,2}})[日号])?|{_R}(?:(?P<m4b>\d{{1,2}})月)?(?P<d4b>\d{{1,2}})[日号]))(?!电)"
    r"|(?P<ym>(?P<y5>\d{4})年(?P<m5>\d{1,2})月(?![\d份]|以来))"
    r"|(?P<tym>今年(?P<m6>\d{1,2})月(?![\d份]))"
    r"|(?P<d>(?<![\d月年.近第前后每余个])"
    rf"(?:(?P<d7>\d{{1,2}})[日号](?:{_R}(?P<d8>\d{{1,2}})[日号])?|(?P<d7b>\d{{1,2}}){_R}(?P<d8b>\d{{1,2}})[日号]))(?![电\d])"
    r"|(?P<rel>昨天|昨日|前天|今天|今日)"
)
RELATIVE = {"昨天": -1, "昨日": -1, "前天": -2, "今天": 0, "今日": 0}


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_back(d: date, months: int = 1) -> date | None:
    y, m = d.year, d.month - months
    while m < 1:
        m += 12
        y -= 1
    return _day(y, m, d.day)


def parse_date(match: re.Match, published: date | None) -> DateValue | None:
    """The DateValue of one DATE_RE match (None when it cannot be anchored)."""
    g = match.groupdict()
    text = match.group()
    if g["ymd"]:
        y1, m1, d1 = int(g["y1"]), int(g["m1"]), int(g["d1"])
        start = _day(y1, m1, d1)
        if g["d2"]:
            end = _day(int(g["y2"] or y1), int(g["m2"] or m1), int(g["d2"]))
        else:
            end = start
        return _value(start, end, text)
    if published is None:
        if g["ym"]:
            y, m = int(g["y5"]), int(g["m5"])
            return _value(_day(y, m, 1), _day(y, m, calendar.monthrange(y, m)[1]), text)
        return None  # relative to a publication date we do not have
    if g["md"]:
        m3, d3 = int(g["m3"]), int(g["d3"])
        y = published.year
        start = _day(y, m3, d3)
        if start is not None and start > published + timedelta(days=60):
            y -= 1  # 12月30日 in a paper of 2 January
            start = _day(y, m3, d3)
        end = start
        if g["d4"] or g["d4b"]:
            end = _day(y, int(g["m4"] or g["m4b"] or m3), int(g["d4"] or g["d4b"]))
        return _value(start, end, text)
    if g["ym"]:
        y, m = int(g["y5"]), int(g["m5"])
        return _value(_day(y, m, 1), _day(y, m, calendar.monthrange(y, m)[1]), text)
    if g["tym"]:
        y, m = published.year, int(g["m6"])
        return _value(_day(y, m, 1), _day(y, m, calendar.monthrange(y, m)[1]), text)
    if g["d"]:
        d7 = int(g["d7"] or g["d7b"])
        d8 = int(g["d8"] or g["d8b"] or d7)
        start = _day(published.year, published.month, d7)
        months = 0
        while (start is None or start > published) and months < 2:  # 30日 in a paper of 2 June: May
            months += 1
            anchor = _month_back(published.replace(day=1), months)
            start = _day(anchor.year, anchor.month, d7) if anchor else None
        if start is None:
            return None
        end = _day(start.year, start.month, d8) if d8 >= d7 else None
        if end is None and d8 < d7:  # 30日至2日: across a month's end
            nxt = (start.replace(day=28) + timedelta(days=8)).replace(day=1)
            end = _day(nxt.year, nxt.month, d8)
        return _value(start, end, text)
    if g["rel"]:
        day = published + timedelta(days=RELATIVE[g["rel"]])
        return DateValue(day, day, text)
    return None


def _value(start: date | None, end: date | None, text: str) -> DateValue | None:
    if start is None or end is None or end < start:
        return None
    return DateValue(start, end, text)


def dates_in(text: str, published: date | None, start: int = 0, end: int | None = None) -> list[tuple[int, DateValue]]:
    """(offset, DateValue) of every date expression in text[start:end] that can be resolved."""
    out = []
    for m in DATE_RE.finditer(text, start, len(text) if end is None else end):
        value = parse_date(m, published)
        if value is not None:
            out.append((m.start(), value))
    return out


def event_date(text: str, published: date | None, start: int, trigger: int) -> DateValue | None:
    """The date of an event whose verb starts at ``trigger``: the last date expression between
    ``start`` (the sentence start) and the verb, unless a vague word (近日) stands closer to it."""
    found = dates_in(text, published, start, trigger)
    vague = [m.start() for m in VAGUE.finditer(text, start, trigger)]
    if not found:
        return None
    pos, value = found[-1]
    if vague and vague[-1] > pos:
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


def longest_at(mentions: list[Mention], pos: int, types: tuple[str, ...]) -> Mention | None:
    best = None
    for m in mentions:
        if m.start == pos and m.type in types and (best is None or m.end > best.end):
            best = m
    return best


def clause_subject(text: str, mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The person who is the subject of the clause text[start:end]: the first person in it, with only
    titles (市委书记, 中共中央书记处书记、公安部部长) and time words before the name."""
    for p in (m for m in mentions if m.type == PERSON and start <= m.start < end):
        pos = p.start
        # walk back over the chain of titles right before the name
        while True:
            title = next((m for m in mentions if m.type == POSITION and m.end == pos and m.start >= start), None)
            if title is None:
                break
            pos = title.start
            if pos > start and text[pos - 1] in "、兼":
                pos -= 1
        if ADVERBIAL.match(text[start:pos]) or re.fullmatch(r"(?:市领导|省领导|区领导|县领导|领导同志)?", text[start:pos]):
            return p
        return None
    return None


def person_chain_before(text: str, mentions: list[Mention], end: int, floor: int) -> list[Mention]:
    """Persons whose names end right before ``end`` (等 allowed), listed with 、 和 and titles:
    市领导李政、王某某等 -> [李政, 王某某]."""
    persons = [m for m in mentions if m.type == PERSON and floor <= m.start]
    pos = end
    if text[max(floor, pos - 1):pos] == "等":
        pos -= 1
    out: list[Mention] = []
    while pos > floor:
        p = max((m for m in persons if m.end == pos), key=lambda m: m.end - m.start, default=None)
        if p is None:
            break
        out.append(p)
        pos = p.start
        while True:  # titles of that person
            title = next((m for m in mentions if m.type == POSITION and m.end == pos and m.start >= floor), None)
            if title is None:
                break
            pos = title.start
            if pos - 1 >= floor and text[pos - 1] in "、兼":
                pos -= 1
        for sep in SEPARATORS:
            if text[max(floor, pos - len(sep)):pos] == sep:
                pos -= len(sep)
                break
        else:
            break
    return list(reversed(out))


def dedupe(mentions: Iterable[Mention]) -> tuple[Mention, ...]:
    """Mentions in first-seen order, one per surface form."""
    seen: dict[str, Mention] = {}
    for m in mentions:
        seen.setdefault(m.text, m)
    return tuple(seen.values())


def sentence_of(sentences: list[Sentence], pos: int) -> Sentence | None:
    for s in sentences:
        if s.start <= pos < s.end:
            return s
    return None
