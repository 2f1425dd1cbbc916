"""Page furniture of Chinese news text: datelines, bylines, section marks, continuation cues.

Both layout repair (a marker line is always its own paragraph) and page segmentation (a dateline
starts an article, a byline is metadata) must recognise the same lines, so the patterns live here,
in one place, as data. They are written for the conventions of mainland papers and agencies in
general (agency or paper name + optional place + optional date + 电/讯; "X报记者 Name";
■/● column heads), never for one page's names.

All functions expect text after character normalization (half-width digits); spaces between CJK
characters may or may not have been removed, so the patterns tolerate both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Simplified characters of the patterns below whose traditional form differs: each becomes a
# class that accepts both, so Big5 / Hong Kong / Taiwan text is recognised too (記者, 本報訊, 電).
_TRADITIONAL = {
    "记": "記", "讯": "訊", "电": "電", "报": "報", "华": "華", "闻": "聞", "网": "網", "实": "實",
    "习": "習", "员": "員", "获": "獲", "据": "據", "发": "發", "现": "現", "国": "國", "广": "廣",
    "际": "際", "经": "經", "济": "濟", "时": "時", "从": "從", "视": "視", "这": "這", "与": "與",
    "为": "為", "对": "對", "将": "將", "还": "還", "说": "說", "问": "問", "调": "調", "观": "觀",
    "访": "訪", "来": "來", "见": "見", "节": "節", "证": "證", "会": "會", "们": "們", "随": "隨",
}


def _both(pattern: str) -> str:
    """``pattern`` with every simplified character of _TRADITIONAL replaced by a class that also
    accepts its traditional form (only outside character classes)."""
    out = []
    depth = 0
    prev = ""
    for ch in pattern:
        if ch == "[" and prev != "\\":
            depth += 1
        elif ch == "]" and prev != "\\" and depth:
            depth -= 1
        if depth == 0 and ch in _TRADITIONAL:
            out.append(f"[{ch}{_TRADITIONAL[ch]}]")
        elif depth and ch in _TRADITIONAL:
            out.append(ch + _TRADITIONAL[ch])
        else:
            out.append(ch)
        prev = ch
    return "".join(out)
_HAN = f"[{_CJK}]"
_SP = r"[ \t\u3000\u00a0]*"

# Sentence-final punctuation, and the closing marks that may follow it at the end of a sentence.
FINAL_PUNCT = "。！？；…!?;"
CLOSERS = "”’」』）)】》\"'"

# Agency or paper: well-known names first, then a generic "<name>报/社/网/台".
_AGENCY = _both(
    r"(?:新华社|中新社|中国新闻社|中新网|人民网|新华网|央视网|央视新闻|光明网|央广网|国际在线|"
    r"本报|本刊|本台|本网|"
    rf"(?!据|经|由|按|从|在|向|对|为|将|和|与|记者){_HAN}{{1,5}}?(?:日报|晚报|晨报|时报|商报|青年报|报社|通讯社|社|网|报|台))"
)
_DATE = r"(?:\d{1,2}" + _SP + r"月" + _SP + r"\d{1,2}" + _SP + r"日|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
_DATELINE = re.compile(_both(
    rf"^(?P<agency>{_AGENCY}){_SP}(?P<place>{_HAN}{{0,6}}?){_SP}(?P<date>{_DATE})?{_SP}(?P<kind>电|讯)"
))
# Characters that never occur in the place part of a dateline; they show that a sentence such as
# "本报记者从国家电网获悉" merely happens to contain 电.
_NOT_PLACE = set("的了从向被把是在与和对将为记者等也都就还说表获悉据從與對將為記還說獲據")

# "（记者 张三）", "(本报记者 张三 李四)", "（通讯员 王五）"
_PAREN_BYLINE = re.compile(_both(
    rf"^{_SP}[（(]{_SP}(?P<who>(?:{_AGENCY})?(?:特约|特約|首席|实习|融媒体|全媒体|新媒体|见习)?(?:记者|通讯员|实习生)[^）)\n]{{1,40}}){_SP}[）)]"
))
# "央视网消息（新闻联播）：", "新华网消息：": a broadcaster's or website's lead, a dateline without a place
_NEWS_LEAD = re.compile(_both(rf"^(?P<agency>{_AGENCY})消息(?:{_SP}[（(][^）)\n]{{1,12}}[）)])?{_SP}[：:]"))

_ROLE = _both(r"(?:特约|特約|首席|实习|摄影|攝影)?(?:记者|通讯员|实习生)")
# Words that follow 记者 in a sentence ("记者了解到") and therefore cannot start a name.
_NOT_NAME = _both(
    r"(?!了解|获悉|从|在|看|注意|采访|发现|日前|近日|昨|今|走访|调查|观察|随|跟|探访|来到|问|说|"
    r"表示|近|还|也|又|就|对|向|将|是|们|会|站|节|证|招待|见面)"
)
_NAME = rf"{_HAN}[{_CJK}·]{{1,5}}"
_BYLINE = re.compile(
    rf"^(?P<who>(?:{_AGENCY})?{_ROLE}[:：]?{_SP}{_NOT_NAME}{_NAME}"
    rf"(?:{_SP}[、，,]?{_SP}(?:{_ROLE}{_SP})?{_NOT_NAME}{_NAME}){{0,4}}){_SP}$"
)

_SECTION = re.compile(r"^[ \t\u3000]*[■●◆▲★□◇○◎►▶]")

_CONTINUATION = re.compile(_both(
    r"^(?:记者(?:还|也|同时|此前)?(?:了解到|获悉|注意到|看到|发现|从[^，。]{1,20}?(?:获悉|了解到))|"
    r"据(?:了解|悉|介绍|紹)|另据|另悉|此外|与此同时|同时)"
))


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the start of a paragraph: ``text[start:end]`` is the dateline itself
    (e.g. "新华社杭州5月20日电"); ``byline`` is a reporter parenthetical that follows it."""

    text: str           # "" when the paragraph opens with a reporter parenthetical only
    start: int
    end: int            # end of the dateline proper
    byline: str | None  # "记者王某某" from "（记者王某某）"
    meta_end: int       # end of dateline + reporter parenthetical (+ following spaces)
    byline_span: tuple[int, int] | None = None  # where ``byline`` is in the paragraph


def ends_sentence(line: str) -> bool:
    """True when ``line`` ends with sentence-final punctuation, possibly followed by closing
    quotes or brackets ("…。”", "？）")."""
    s = line.rstrip(" \t\u3000")
    if s.endswith(("）", ")")):   # …。（信全文另发）: a note after the sentence's end
        opening = max(s.rfind("（"), s.rfind("("))
        if opening > 0 and s[opening - 1] in FINAL_PUNCT:
            return True
    while s and s[-1] in CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in FINAL_PUNCT


def _known_place(name: str) -> bool:
    """A place of the gazetteer (成都 holds 都, which otherwise marks a sentence, not a dateline)."""
    from kg.nlp.lexicon import lexicon

    return name in lexicon().places


def match_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of ``paragraph`` (本报讯, 新华社北京5月20日电, 本报上海7月18日电,
    中新社…电, or a bare reporter parenthetical "（记者 某某）"), or None."""
    m = _DATELINE.match(paragraph)
    if m:
        place = m.group("place")
        if any(ch in _NOT_PLACE for ch in place) and not _known_place(place) or (not m.group("date") and len(place) > 4):
            m = None
    if m:
        end = m.end()
        rest = paragraph[end:]
        pm = _PAREN_BYLINE.match(rest)
        byline = None
        span = None
        meta_end = end
        if pm:
            byline = " ".join(pm.group("who").split())
            span = (end + pm.start("who"), end + pm.end("who"))
            meta_end = end + pm.end()
        while meta_end < len(paragraph) and paragraph[meta_end] in " \t\u3000:：":
            meta_end += 1
        return Dateline(paragraph[: end], 0, end, byline, meta_end, span)
    lead = _NEWS_LEAD.match(paragraph)
    if lead:
        meta_end = lead.end()
        while meta_end < len(paragraph) and paragraph[meta_end] in " \t\u3000":
            meta_end += 1
        return Dateline(paragraph[:lead.end()].rstrip("：: \t\u3000"), 0, lead.end(), None, meta_end)
    pm = _PAREN_BYLINE.match(paragraph)
    if pm:
        meta_end = pm.end()
        while meta_end < len(paragraph) and paragraph[meta_end] in " \t\u3000":
            meta_end += 1
        who = " ".join(pm.group("who").split())
        return Dateline("", 0, 0, who, meta_end, (pm.start("who"), pm.end("who")))
    return None


def is_byline(line: str) -> bool:
    """True when the whole line is a byline: "青年报记者 陈某某", "本报记者 王某 李某", "记者 某某"."""
    return bool(_BYLINE.match(line.strip(" \t\u3000")))


def is_section_mark(line: str) -> bool:
    """True when the line is a column head such as "■发布厅" or "●要闻": a short line that starts
    with a typographic bullet and is not a sentence."""
    s = line.strip(" \t\u3000")
    return bool(_SECTION.match(s)) and len(s) <= 24 and not ends_sentence(s)


def starts_with_continuation_cue(paragraph: str) -> bool:
    """True when the paragraph opens with a phrase that resumes an earlier story
    (记者了解到, 记者获悉, 据了解, 另据, 此外 …)."""
    return bool(_CONTINUATION.match(paragraph))


def is_marker_line(line: str) -> bool:
    """A line that layout repair must keep as its own paragraph start: a byline, a section
    mark, or a line that opens with a dateline."""
    return is_byline(line) or is_section_mark(line) or match_dateline(line) is not None
