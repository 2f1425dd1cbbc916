"""Date expressions in Chinese news text, resolved against the publication date.

    >>> m = find_dates("17日至20日，她先后来到杭州市、宁波市", date(2025, 5, 21))[0]
    >>> m.text, m.value.start, m.value.end
    ('17日至20日', datetime.date(2025, 5, 17), datetime.date(2025, 5, 20))

``find_dates`` returns one ``DateMention`` per expression with its span, the resolved day or period
(``kg.types.DateValue``: ``start == end`` for one day), the year it names or resolves to, the month
when it is a single month, and whether it needed a reference date (``relative``).

What is read
    - absolute dates: 2024年10月1日, 2024年10月 (the whole month), 2024年, 1984年 (whole years),
      二〇二四年十月一日, 2024年底 / 年初 / 年内 / 上半年 / 一季度 / 三季度末 / 前三季度 / 1—5月 /
      前5个月 / 10月上旬;
    - ranges: 17日至20日, 5月17日至20日, 7月17日—18日, 17—20日, 5月30日至6月2日, 2024—2026年,
      2024年至2026年, 6月17日20时—6月18日20时; the second half takes its missing year and month from
      the resolved first half (30日至2日 ends in the next month, 12月30日至1月2日 in the next year);
    - dates without a year: 5月9日, 7月 (year of the publication date, else ``anchor_year``),
      17日 (month and year of the publication date; a day after the publication day is in the
      previous month: published 2025-06-02, 30日 -> 2025-05-30);
    - words relative to the publication date: 今天/今日, 昨天/昨日/昨晚, 前天, 明天, 后天, 今年, 去年,
      前年, 明年, 上年, 本月, 上月, 下月, 本月11日, 上月28日, 本周, 上周, 上周五, 上周末 (Saturday and
      Sunday), 今年3月底, 去年底 (December of last year),
      去年同期 (no value, only the year); 当天/当日 (the last single day mentioned before, else the
      publication day), 次日 (the day after the last single day mentioned);
    - 以来 after a date: 2022年以来 is 2022-01-01 up to the publication date;
      截至 before a date: 截至7月4日 is that day, 截至去年底 that December, 截至目前 the publication day;
    - five-year plans with a period word: “十四五”时期 / 期间 (2021-2025), “十五五”末 (2030);
    - vague words: 近日, 日前, 近期, 近年来, 近年, 前不久 give a mention with ``value=None``: no date is
      invented; figurative 的明天 / 的今天 (香港的明天) and relative-year characters inside other words
      (投产后年产值, 说明年度) are no dates;
    - times of day after a date (上午, 下午, 晚, 8时, 8时30分) are part of the span but do not change
      the value.

Choices
    - The publication date wins over ``anchor_year``; ``anchor_year`` (a year named earlier in the
      article, passed by the caller) only gives the year of expressions that lack one (5月9日, 7月,
      年底, 上半年) when there is no publication date. Words relative to the publication itself
      (今年, 去年, 昨天, 17日, 本月) need the publication date: without it their value is None.
    - A month and day without a year that would fall more than half a year after the publication
      date is taken from the previous year (published 2025-01-03, 12月30日 -> 2024-12-30), unless a
      future marker (将于, 定于, 拟于 ...) stands right before it; after such a marker a day-only date
      before the publication day is in the next month.
    - 上旬/月初 are days 1-10, 中旬/月中 11-20, 下旬/月底/月末 21 to the month's end; 年初 is January,
      年底/年末 December, 年中 June and July.
    - ``year`` is the year of the period's end (2024—2026年 -> 2026), except for 以来, where it is
      the year named (2022年以来 -> 2022).
    - Dates inside 《》 titles are part of the title and are skipped.
    - An impossible date (2月30日) gives a mention with ``value=None``; an expression that would
      resolve outside the years 1-9999 (去年 published in the year 1, 明年 in 9999) is no date at
      all: nothing overflows, whatever the publication date; a period that would end before it
      starts (2024年以来 in an article published in 2023) has ``value=None``.

Nothing here reads the clock: every reference date is a parameter.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from kg.types import DateValue

__all__ = ["DateMention", "find_dates", "future_period_year"]


@dataclass(frozen=True)
class DateMention:
    """A date expression: its span, the resolved day or period, the year and month it names."""

    start: int
    end: int
    text: str
    value: DateValue | None
    year: int | None
    month: int | None
    relative: bool


# ---------------------------------------------------------------------------------------------
# Lexical pieces
# ---------------------------------------------------------------------------------------------

_SP = r"[ \t\u3000]*"
_SEP = rf"{_SP}(?:至|到|—|－|-|–|~|～){_SP}"
_SP_RE = re.compile(_SP)
_SEP_RE = re.compile(_SEP)
_Y4 = r"[0-9０-９]{4}|[〇零○一二三四五六七八九]{4}"
_MNUM = r"[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九]"
_DNUM = r"[0-9０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_CN = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
       "九": 9}

_YEAR_RE = re.compile(rf"(?P<y>{_Y4})(?:{_SEP}(?P<y2>{_Y4}))?{_SP}年(?:度)?")
_RELYEAR_RE = re.compile(r"今年|去年|前年|明年|后年|上年|本年")
_RELYEAR = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1, "后年": 2}
_YPART_RE = re.compile(
    rf"{_SP}(?P<part>上半年|下半年|年内|第?[一二三四1-4]季度(?:末|底)?|前[一二三]季度|年初|年底|年末|年中"
    rf"|(?P<pm1>{_MNUM}){_SEP}(?P<pm2>{_MNUM}){_SP}月(?:份)?|前(?P<pn>{_MNUM})个月)")
_YSUFFIX_RE = re.compile(r"[底末初]")  # 去年底, 2024年底 (the 年 is already read)
_MONTH_RE = re.compile(rf"(?P<m>{_MNUM})(?:{_SEP}(?P<m2>{_MNUM}))?{_SP}月(?:份)?")
_DAY_RE = re.compile(rf"(?P<d>{_DNUM})(?:{_SEP}(?P<d2>{_DNUM}))?{_SP}(?P<dm>[日号])")
_MPART_RE = re.compile(r"上旬|中旬|下旬|初|底|末")
_TIME_RE = re.compile(rf"{_SP}(?:上午|下午|中午|晚上|晚间|傍晚|凌晨|早上|早晨|清晨|夜间|晚|早)?"
                      rf"(?:{_SP}(?:[0-9０-９]{{1,2}}|[一二三四五六七八九十]{{1,3}}){_SP}[时点]"
                      rf"(?:{_SP}(?:[0-9０-９]{{1,2}}{_SP}分|半))?)?")
_RELWORD_RE = re.compile(
    r"今天|今日|今晨|今晚|昨天|昨日|昨晚|前天|明天|明日|后天|当天|当日|次日|翌日"
    r"|本月|当月|上个月|上月|下个月|下月|本周|上周|下周|近年来|近年|近日|日前|近期|前不久")
_RELDAY = {"今天": 0, "今日": 0, "今晨": 0, "今晚": 0, "昨天": -1, "昨日": -1, "昨晚": -1, "前天": -2,
           "明天": 1, "明日": 1, "后天": 2}
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_VAGUE = {"近年来", "近年", "近日", "日前", "近期", "前不久"}
_PLAN_RE = re.compile(r"[“\"‘]?十(?P<n>[一二三四五六七八九])五[”\"’]?(?P<w>时期|期间|期末|末|初|以来)")
_PREFIX_RE = re.compile(rf"(?:截至到|截止到|截至|截止){_SP}")
_FUTURE_RE = re.compile(rf"(?:将于|将在|定于|拟于|计划于|预计于|将){_SP}$")
_TITLE_RE = re.compile(r"《[^《》]*》")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def _num(s: str) -> int:
    """1-2 digit Arabic or a small Chinese numeral (十二, 二十一, 三十) -> int."""
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if s.isdigit():
        return int(s)
    if len(s) == 4 or "十" not in s:
        return int("".join(str(_CN[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (_CN[tens] if tens else 1) * 10 + (_CN[ones] if ones else 0)


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# A point: [year] [month [day | 旬] | year part]
# ---------------------------------------------------------------------------------------------

@dataclass
class _Point:
    start: int
    end: int
    y: int | None = None          # explicit year
    y2: int | None = None         # end of a year range (2024—2026年)
    ry: int | None = None         # relative year offset (今年 0, 去年 -1)
    m: int | None = None
    m2: int | None = None
    d: int | None = None
    d2: int | None = None
    part: str | None = None       # 上半年, 一季度, 年底, 下旬, ...
    same_period: bool = False     # 去年同期


def _read_point(text: str, i: int) -> _Point | None:
    """Read [year][month[day|旬]|part] at i; None when nothing date-like starts there."""
    p = _Point(i, i)
    pos = i
    ym = _YEAR_RE.match(text, pos)
    if ym:
        y = _num(ym.group("y"))
        if not 1000 <= y <= 2199:
            return None
        p.y = y
        p.y2 = _num(ym.group("y2")) if ym.group("y2") else None
        pos = ym.end()
    else:
        rm = _RELYEAR_RE.match(text, pos)
        if rm and _relyear_in_compound(text, rm):
            return None
        if rm:
            p.ry = _RELYEAR[rm.group()]
            pos = rm.end()
            if text.startswith("同期", pos):
                p.same_period = True
                p.end = pos + 2
                return p
    has_year = p.y is not None or p.ry is not None
    if has_year:
        sm = _YSUFFIX_RE.match(text, pos)
        if sm and p.y2 is None:
            p.part = {"底": "年底", "末": "年末", "初": "年初"}[sm.group()]
            p.end = sm.end()
            return p
    pm = _YPART_RE.match(text, pos)
    if pm and (has_year or pm.start("part") == pos):
        part = pm.group("part")
        if pm.group("pm1"):
            p.m, p.m2 = _num(pm.group("pm1")), _num(pm.group("pm2"))
            if not (1 <= p.m < p.m2 <= 12):
                return None
        elif pm.group("pn"):
            n = _num(pm.group("pn"))
            if not 1 <= n <= 12:
                return None
            p.part = f"前{n}个月"
        else:
            p.part = part
        p.end = pm.end()
        return p
    mm = _MONTH_RE.match(text, _SP_RE.match(text, pos).end() if has_year else pos)
    if mm and not (mm.start() > 0 and text[mm.start() - 1] == "个"):
        m = _num(mm.group("m"))
        m2 = _num(mm.group("m2")) if mm.group("m2") else None
        if 1 <= m <= 12 and (m2 is None or m < m2 <= 12):
            p.m, p.m2 = m, m2
            pos = mm.end()
            dm = _DAY_RE.match(text, _SP_RE.match(text, pos).end()) if m2 is None else None
            if dm and _day_ok(text, dm):
                p.d = _num(dm.group("d"))
                p.d2 = _num(dm.group("d2")) if dm.group("d2") else None
                pos = dm.end()
            elif m2 is None:
                pp = _MPART_RE.match(text, pos)
                if pp:
                    p.part = {"初": "上旬", "底": "下旬", "末": "下旬"}.get(pp.group(), pp.group())
                    pos = pp.end()
            p.end = pos
            return p
    if has_year:
        p.end = pos
        return p
    dm = _DAY_RE.match(text, pos)
    if dm and dm.group("dm") == "日" and _day_ok(text, dm):
        p.d = _num(dm.group("d"))
        p.d2 = _num(dm.group("d2")) if dm.group("d2") else None
        p.end = dm.end()
        return p
    return None


# 投产后年产值, 此后年均, 提前年度, 说明年度, 以上年份: the two characters belong to other words.
_RELYEAR_BLOCK_PREV = {"后年": "产此之以而然其投运建成前最", "前年": "提此之以年", "明年": "说光文证声表透阐鲜聪开分简发",
                       "上年": "以之向", "本年": "基根成日资", "去年": "过失除"}
_RELYEAR_BLOCK_NEXT = {"后年": "产均度收销发增", "前年": "产均度", "明年": "度", "去年": "份"}


def _relyear_in_compound(text: str, rm: re.Match) -> bool:
    word = rm.group()
    prev = text[rm.start() - 1:rm.start()]
    nxt = text[rm.end():rm.end() + 1]
    return bool(prev and prev in _RELYEAR_BLOCK_PREV.get(word, "")) or bool(
        nxt and nxt in _RELYEAR_BLOCK_NEXT.get(word, ""))


def _day_ok(text: str, dm: re.Match) -> bool:
    d = _num(dm.group("d"))
    if not 1 <= d <= 31:
        return False
    if dm.group("d2") and not 1 <= _num(dm.group("d2")) <= 31:
        return False
    nxt = text[dm.end():dm.end() + 2]
    # 100日元 is money; 30日内 is a duration; 1号线 is a name.
    return not (nxt[:1] in ("元", "内") or nxt.startswith("之内") or nxt.startswith("以内")
                or (dm.group("dm") == "号" and nxt[:1] and _CJK_RE.match(nxt[:1]) and nxt[:1] not in "上下晚早中凌至到起前后"))


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------

@dataclass
class _Ctx:
    published: date | None
    anchor_year: int | None
    future: bool = False
    last_day: date | None = None


def _year_part(y: int, part: str) -> tuple[date, date] | None:
    q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
    if part == "年内":
        return date(y, 1, 1), date(y, 12, 31)
    if part == "上半年":
        return date(y, 1, 1), date(y, 6, 30)
    if part == "下半年":
        return date(y, 7, 1), date(y, 12, 31)
    if part.endswith("季度") and part.startswith("前"):
        n = q[part[1]]
        return date(y, 1, 1), _month_end(y, 3 * n)
    if part.endswith("季度"):
        n = q[part.lstrip("第")[0]]
        return date(y, 3 * n - 2, 1), _month_end(y, 3 * n)
    if part.endswith(("季度末", "季度底")):
        n = q[part.lstrip("第")[0]]
        return date(y, 3 * n, 1), _month_end(y, 3 * n)
    if part == "年初":
        return date(y, 1, 1), date(y, 1, 31)
    if part in ("年底", "年末"):
        return date(y, 12, 1), date(y, 12, 31)
    if part == "年中":
        return date(y, 6, 1), date(y, 7, 31)
    if part.startswith("前") and part.endswith("个月"):
        return date(y, 1, 1), _month_end(y, int(part[1:-2]))
    return None


def _month_part(y: int, m: int, part: str) -> tuple[date, date]:
    if part == "上旬":
        return date(y, m, 1), date(y, m, 10)
    if part == "中旬":
        return date(y, m, 11), date(y, m, 20)
    return date(y, m, 21), _month_end(y, m)


def _resolve_point(p: _Point, ctx: _Ctx) -> tuple[tuple[date, date] | None, int | None, int | None, bool]:
    """(period or None, year, month, relative) of one point."""
    pub = ctx.published
    relative = p.y is None
    # The year.
    if p.y is not None:
        y = p.y
    elif p.ry is not None:
        y = pub.year + p.ry if pub else None
    elif p.m is not None or p.part is not None:
        y = pub.year if pub else ctx.anchor_year
    else:
        y = None
    if p.same_period:
        return None, y, None, True
    if p.d is not None and p.m is None:
        # Day only: month and year from the publication date.
        if pub is None:
            return None, None, None, True
        y, m = pub.year, pub.month
        if ctx.future:
            if p.d < pub.day:
                y, m = _add_months(y, m, 1)
        elif p.d > pub.day:
            y, m = _add_months(y, m, -1)
        first = _safe(y, m, p.d)
        if first is None:
            return None, y, m, True
        last = first
        if p.d2 is not None:
            if p.d2 >= p.d:
                last = _safe(y, m, p.d2)
            else:
                y2, m2 = _add_months(y, m, 1)
                last = _safe(y2, m2, p.d2)
            if last is None:
                return None, y, m, True
        return (first, last), last.year, (m if last.month == first.month else None), True
    if y is None:
        return None, None, (p.m if p.m2 is None else None), relative
    if p.m is not None and p.y is None and p.ry is None and pub is not None:
        # A month (and day) without a year: the previous year when it would lie far ahead.
        probe = _safe(y, p.m, p.d or 1)
        if probe is not None and not ctx.future and probe > pub + timedelta(days=183):
            y -= 1
        elif probe is not None and ctx.future and _month_end(y, p.m) < pub:
            y += 1
    if p.m is None and p.part is None:
        last_year = p.y2 if p.y2 is not None else y
        if p.y2 is not None and p.y2 < y:
            return None, None, None, relative
        return (date(y, 1, 1), date(last_year, 12, 31)), last_year, None, relative
    if p.part is not None and p.m is None:
        period = _year_part(y, p.part)
        return period, y, (period[0].month if period and period[0].month == period[1].month else None), relative
    if p.m2 is not None:
        return (date(y, p.m, 1), _month_end(y, p.m2)), y, None, relative
    if p.d is None:
        if p.part is not None:
            return _month_part(y, p.m, p.part), y, p.m, relative
        return (date(y, p.m, 1), _month_end(y, p.m)), y, p.m, relative
    first = _safe(y, p.m, p.d)
    if first is None:
        return None, y, p.m, relative
    last = first
    if p.d2 is not None:
        last = _safe(y, p.m, p.d2) if p.d2 >= p.d else None
        if last is None:
            return None, y, p.m, relative
    return (first, last), y, p.m, relative


def _close_range(first: _Point, second: _Point, period, year, month, relative, ctx: _Ctx):
    """Resolve the second half of a range against the resolved first half."""
    if period is None:
        return None, year, month, True
    start = period[0]
    if second.y is None and second.ry is None:
        if second.m is None and second.part is None:
            # 17日至20日, 30日至2日 (the second day in the next month).
            y, m = start.year, start.month
            if second.d is not None and second.d < start.day:
                y, m = _add_months(y, m, 1)
            second.m = m
            second.y = y
        else:
            # 5月30日至6月2日, 12月30日至1月2日 (the second date in the next year).
            second.y = start.year
            probe = _safe(second.y, second.m, second.d or 28) if second.m else None
            if probe is not None and probe < start:
                second.y += 1
    p2, _, _, rel2 = _resolve_point(second, ctx)
    if p2 is None or p2[1] < start:
        return None, year, month, True
    end = p2[1]
    same_month = (start.year, start.month) == (end.year, end.month)
    return (start, end), end.year, (start.month if same_month else None), relative or rel2


# ---------------------------------------------------------------------------------------------
# Scanner
# ---------------------------------------------------------------------------------------------

_START_CHARS = set("0123456789０１２３４５６７８９〇零○一二三四五六七八九十今去前明后上本下当昨次翌近日截年第“\"‘")


def _start_ok(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else ""
    ch = text[i]
    if prev and (prev.isdigit() or (prev.isascii() and prev.isalpha()) or prev in "第.．±"):
        return False
    if ch == "年" and prev and (prev in _CN or prev in "十百千两"):
        return False  # 三年中, 五年末: durations, not 年中/年末
    if (ch in _CN or ch == "十") and not re.match(r"(?:[一二三四]季度)", text[i:i + 3]):
        # A Chinese-numeral date must not start inside a word (统一月度, 一日游 ...).
        if prev and prev in _CN:
            return False
        if prev and _CJK_RE.match(prev) and prev not in "于在至到从自和及与截止是为":
            return False
    return True


def find_dates(text: str, published: date | None, anchor_year: int | None = None) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``published`` (see the module doc)."""
    out: list[DateMention] = []
    if not text:
        return out
    titles = [m.span() for m in _TITLE_RE.finditer(text)]
    ctx = _Ctx(published, anchor_year)
    i, n = 0, len(text)
    while i < n:
        if text[i] not in _START_CHARS or any(s <= i < e for s, e in titles) or not _start_ok(text, i):
            i += 1
            continue
        try:
            mention = _read_mention(text, i, ctx)
        except (ValueError, OverflowError):
            mention = None  # it would fall outside the years 1-9999 (去年 of 0001, 明年 of 9999): no date
        if mention is None:
            i += 1
            continue
        out.append(mention)
        if mention.value is not None and mention.value.start == mention.value.end:
            ctx.last_day = mention.value.start
        i = mention.end
    return out


def _mention(text: str, start: int, end: int, period, year, month, relative) -> DateMention:
    s = text[start:end]
    # a period that would end before it starts (2024年以来 in an article of 2023) is no date
    value = DateValue(period[0], period[1], s) if period and period[0] <= period[1] else None
    return DateMention(start, end, s, value, year, month, relative)


def _read_mention(text: str, i: int, ctx: _Ctx) -> DateMention | None:
    pub = ctx.published
    ctx.future = bool(_FUTURE_RE.search(text[max(0, i - 6):i]))
    start = i
    pos = i
    pre = _PREFIX_RE.match(text, pos)
    if pre:
        pos = pre.end()
        if text.startswith(("目前", "当前", "现在"), pos):
            end = pos + 2
            return _mention(text, start, end, (pub, pub) if pub else None, pub.year if pub else None,
                            pub.month if pub else None, True)

    w = _RELWORD_RE.match(text, pos)
    if w and not (w.group() in ("日前",) and pos > 0 and (text[pos - 1].isdigit() or text[pos - 1] in "节生末每")):
        word = w.group()
        end = _time_end(text, w.end()) if word in _RELDAY or word in ("当天", "当日", "次日", "翌日") else w.end()
        if word in _VAGUE:
            return _mention(text, start, end, None, None, None, True)
        if word in _RELDAY:
            if text[start - 1:start] == "的" and start > 0:
                return None  # 香港的明天, 中国的今天: figurative
            if pub is None:
                return _mention(text, start, end, None, None, None, True)
            d = pub + timedelta(days=_RELDAY[word])
            return _mention(text, start, end, (d, d), d.year, d.month, True)
        if word in ("当天", "当日", "次日", "翌日"):
            base = ctx.last_day if ctx.last_day else (pub if word in ("当天", "当日") else None)
            if base is None:
                return _mention(text, start, end, None, None, None, True)
            d = base + timedelta(days=1) if word in ("次日", "翌日") else base
            return _mention(text, start, end, (d, d), d.year, d.month, True)
        if pub is None:
            return _mention(text, start, end, None, None, None, True)
        if word.endswith("周"):
            monday = pub - timedelta(days=pub.weekday())
            monday += timedelta(days=7 * {"本周": 0, "上周": -1, "下周": 1}[word])
            if text.startswith("末", end):
                saturday = monday + timedelta(days=5)
                return _mention(text, start, end + 1, (saturday, saturday + timedelta(days=1)), saturday.year,
                                None, True)
            wd = _WEEKDAY.get(text[end:end + 1])
            if wd is not None:
                day = monday + timedelta(days=wd)
                end = _time_end(text, end + 1)
                return _mention(text, start, end, (day, day), day.year, day.month, True)
            return _mention(text, start, end, (monday, monday + timedelta(days=6)), monday.year, None, True)
        k = {"本月": 0, "当月": 0, "上个月": -1, "上月": -1, "下个月": 1, "下月": 1}[word]
        y, m = _add_months(pub.year, pub.month, k)
        dm = _DAY_RE.match(text, end)
        if dm and _day_ok(text, dm) and not dm.group("d2"):
            day = _safe(y, m, _num(dm.group("d")))
            end = _time_end(text, dm.end())
            return _mention(text, start, end, (day, day) if day else None, y, m, True)
        return _mention(text, start, end, (date(y, m, 1), _month_end(y, m)), y, m, True)

    plan = _PLAN_RE.match(text, pos)
    if plan:
        k = 10 + _CN[plan.group("n")]
        first = 1966 + 5 * (k - 3)
        word = plan.group("w")
        if word in ("末", "期末"):
            period = (date(first + 4, 1, 1), date(first + 4, 12, 31))
        elif word == "初":
            period = (date(first, 1, 1), date(first, 12, 31))
        elif word == "以来":
            if pub is None:
                return _mention(text, start, plan.end(), None, first, None, True)
            period = (date(first, 1, 1), pub)
            return _mention(text, start, plan.end(), period, first, None, True)
        else:
            period = (date(first, 1, 1), date(first + 4, 12, 31))
        return _mention(text, start, plan.end(), period, period[1].year, None, False)

    point = _read_point(text, pos)
    if point is None:
        return None
    end = point.end
    period, year, month, relative = _resolve_point(point, ctx)
    # A range: 5月17日至20日, 6月17日20时—6月18日20时, 2024年12月30日至2025年1月2日.
    second = None
    after = _time_end(text, end) if point.d is not None else end
    sep = _SEP_RE.match(text, after)
    if sep and not point.same_period and point.d2 is None and point.m2 is None and point.y2 is None:
        cand = _read_point(text, sep.end())
        if cand is not None and _compatible(point, cand):
            second = cand
            end = cand.end
    if second is not None:
        period, year, month, relative = _close_range(point, second, period, year, month, relative, ctx)
    since = text.startswith("以来", end)
    if since:
        end += 2
        named = point.y if point.y is not None else year
        if period is None or pub is None:
            return _mention(text, start, end, None, named, None, True)
        return _mention(text, start, end, (period[0], pub), named, None, True)
    if (second or point).d is not None:
        end = _time_end(text, end)
    return _mention(text, start, end, period, year, month, relative)


def _compatible(first: _Point, second: _Point) -> bool:
    """Whether ``second`` can close a range opened by ``first`` (same or coarser granularity)."""
    if first.same_period or second.same_period:
        return False
    if first.d is not None:
        return second.d is not None
    if first.m is not None and first.part is None:
        return second.m is not None and second.d is None and second.part is None
    if first.part is None and first.m is None and (first.y is not None or first.ry is not None):
        return second.m is None and second.d is None and second.part is None and (second.y is not None or second.ry is not None)
    return False


def _time_end(text: str, pos: int) -> int:
    t = _TIME_RE.match(text, pos)
    return t.end() if t and t.end() > pos and text[pos:t.end()].strip() else pos


# ---------------------------------------------------------------------------------------------
# Target years
# ---------------------------------------------------------------------------------------------

_FUTURE_PERIOD_RE = re.compile(
    rf"(?P<ahead>(?:未来|今后|此后|往后|接下来|再用){_SP}(?P<n1>[0-9０-９]{{1,2}}|[一二两三四五六七八九十]{{1,3}}){_SP}年)"
    rf"|(?P<within>(?<![近前去过])(?P<n2>[0-9０-９]{{1,2}}|[一二两三四五六七八九十]{{1,3}}){_SP}年{_SP}(?:内|之内|以内))"
    rf"|(?P<by>(?:到|至|截至|截止到|截止|于){_SP}(?P<y1>{_Y4}){_SP}年)"
    rf"|(?P<before>(?P<y2>{_Y4}){_SP}年(?:底)?前)"
    rf"|(?P<plan>(?:到|至)?{_SP}[“\"‘]?十(?P<pn>[一二三四五六七八九])五[”\"’]?(?:时期|期间|末|期末))"
    rf"|(?P<mid>(?:到|至){_SP}本世纪中叶)"
    rf"|(?P<rel>今年|明年|后年)"
)
_EXPLICIT_YEAR_RE = re.compile(rf"(?P<y>{_Y4}){_SP}年")


def _small(s: str) -> int:
    s = s.translate(str.maketrans("０１２３４５６７８９两", "0123456789二"))
    return int(s) if s.isdigit() else _num(s)


def future_period_year(text: str, published: date | None, anchor_year: int | None) -> int | None:
    """The year a target or forecast in ``text`` is set for, or None.

    Pass the text from the start of the clause (or sentence) up to the amount: when it holds
    several such expressions the last one wins.

    - 到2035年, 至2030年, 2030年前 -> that year;
    - 到“十五五”末, “十五五”时期 -> the plan's last year (2030); 到本世纪中叶 -> 2050;
    - 未来三年, 今后五年 -> reference + N, and N年内 / N年之内 (within N years) -> reference + N,
      where the reference year is ``published.year``, else the last explicit year written before
      the expression in ``text``, else ``anchor_year`` (到2024年……，未来三年 -> 2027);
    - 今年, 明年, 后年 -> published.year + 0/1/2 (None without a publication date: these are
      relative to the publication, not to a year named in the text).
    """
    if not text:
        return None
    found: int | None = None
    for m in _FUTURE_PERIOD_RE.finditer(text):
        if m.group("ahead") or m.group("within"):
            n = _small(m.group("n1") or m.group("n2"))
            ref = published.year if published else None
            if ref is None:
                years = [_num(y.group("y")) for y in _EXPLICIT_YEAR_RE.finditer(text, 0, m.start())]
                years = [y for y in years if 1000 <= y <= 2199]
                ref = years[-1] if years else anchor_year
            found = ref + n if ref is not None else found
        elif m.group("by") or m.group("before"):
            y = _num(m.group("y1") or m.group("y2"))
            if 1000 <= y <= 2199:
                found = y
        elif m.group("plan"):
            found = 1966 + 5 * (10 + _CN[m.group("pn")] - 3) + 4
        elif m.group("mid"):
            found = 2050
        elif m.group("rel"):
            if published is not None and not _relyear_in_compound(text, m):   # 建成后年产值: no 后年
                found = published.year + {"今年": 0, "明年": 1, "后年": 2}[m.group("rel")]
    return found
