"""Rule-based entity mentions: positions and the people they name, places, sites, organisations,
meetings and plans.

Chinese names are found from their heads: a title (市长, 党工委副书记) is followed by a person's name
and preceded by the organ or place it belongs to; a site, organisation or meeting ends in a head
word (纪念馆, 有限公司, 常务会议) and extends backwards over its modifiers until a word that never
sits inside a name (的, 在, 来到, punctuation). Organs and places from the gazetteer are consumed
whole on the way, so 工业和信息化部 keeps its 和. The word lists are data (kg/resources/lexicon).

``find_mentions(text)`` returns Mentions with offsets into ``text``; the statistical model's spans
(kg.ner) are merged in by the spaCy component in kg.nlp.pipeline, rules winning where they overlap.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Set as AbstractSet
from functools import cached_property, lru_cache

import jieba

from kg.nlp.dictionary import cut   # jieba's words
from kg.nlp.lexicon import alternation, lexicon
from kg.nlp.memo import dictionary_cache
from kg.types import MEETING, ORGANIZATION, PERSON, PLACE, PLAN, POSITION, SITE, Mention

CJK = re.compile(r"[\u3400-\u9fff]")
# Datelines end a backward scan: 本报讯, 新华社北京5月9日电, 本报上海7月18日电, （记者某某）
DATELINE = re.compile(r"(本报讯|(?:新华社|中新社|本报|人民网|央视网|新华网)[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电|（记者[^）]{1,12}）)")
# Words between two titles of one person: 市委副书记、市长某某; 副部长兼国际贸易谈判副代表某某
TITLE_JOINERS = ("、", "兼", "，")
# Words that join the parts of a meeting's name (高校毕业生等青年…会议, 中国和东盟…论坛).
MEETING_JOINERS = ("等", "和", "与")
# The term and session of a meeting, read backwards from its meeting word.
SESSION_BEFORE = re.compile(r"(?:第?[一二三四五六七八九十百零\d]+(?:届|次)|\d{4}年度?|[一二三四五六七八九十]中)")   # (四中|全会)
# A commemoration that names a meeting (纪念某某同志诞辰100周年座谈会, 庆祝某某成立75周年大会): from 纪念/庆祝
# to the anniversary right before the meeting word.
COMMEMORATION_BEFORE = re.compile(r"(?:纪念|庆祝)[^，。；：、“”（）()\s]{1,30}?[\d一二三四五六七八九十百]+周年$")
# A run of names listed with 、 (or 和 before the last) ending before what they do together.
TOGETHER = "出席|参加|列席|陪同|一同|一起|分别|先后"
LIST_RUN = re.compile(r"[\u4e00-\u9fff·]{2,8}(?:[、和及][\u4e00-\u9fff·]{2,8}){1,30}?"
                      f"(?=等(?:同志|人|领导)?(?:{TOGETHER}|参观|调研|考察)|{TOGETHER}|等同志|等人|等领导)")
LIST_END = re.compile(f"等|{TOGETHER}")     # what follows every LIST_RUN: a sentence without it holds none
LIST_ITEM = re.compile(r"[^、和及]+")
LIST_BEFORE_TITLE = re.compile(r"[\u4e00-\u9fff·]{2,4}(?:、[\u4e00-\u9fff·]{2,4}){1,30}$")
SPEECH_VERB = re.compile(r"表示|介绍|说|指出|强调|认为|坦言|感慨|告诉记者|回忆|透露|举例")
CLAUSE_END = re.compile(r"[。！？；]")
CLAUSE_MARK = re.compile(r"[，。；：！？]")
# What may stand before a clause's first word.
CLAUSE_OPENERS = set("，。！？；：、”“」「（）()\n ")
# Single characters that end a backward character scan (other single-character stop words are
# too often parts of names: 经济, 本部).
CHAR_STOPS = set("的在是从到由向对把被将为了着和及等并也就又还都于据说让使给我他她它这那此各每该距")
PLAN_TITLE = re.compile(r"《([^《》]{2,80})》")
QUOTED = re.compile(r"“[^“”]{1,60}”|《[^《》]{1,80}》|「[^「」]{1,60}」")
# A chunk that starts with a demonstrative is a description, not a name (这处旧址, 该公司).
DEMONSTRATIVES = set("这那该此本各每其某")
HONORIFICS = ("同学", "先生", "女士", "同志")
HONORIFIC_RES = {h: re.compile(re.escape(h)) for h in HONORIFICS}
FORMER = ("原", "前", "时任", "已故", "首任")


def _is_cjk(ch: str) -> bool:
    return bool(CJK.match(ch))


class RuleRecognizer:
    """Finds mentions in one text with the lexicon's lists."""

    def __init__(self) -> None:
        lx = self.lx = lexicon()
        # a title followed by 会 or 团 names a body (常委会, 委员会, 主席团), not a post
        self.title_re = re.compile(f"(?:{alternation(lx.titles)})(?![会团])")
        self.organs = set(lx.organs)
        self.places = lx.places
        self.stop = frozenset(lx.stopwords)
        self.max_unit = max(len(w) for w in list(self.organs) + list(self.places) + list(self.stop))
        self._name_lengths = _lengths_by_last(frozenset(self.organs) | frozenset(self.places))
        self.place_finder = lx.place_finder
        self.organ_re = lx.organ_re
        self._head_res: dict[str, re.Pattern] = {}
        from kg.nlp.chunks import HeadChunker

        self.char_stops = CHAR_STOPS
        self.demonstratives = DEMONSTRATIVES
        strict = frozenset(h for h in lx.org_suffixes if len(h) == 1)
        self.site_chunker = HeadChunker(self, lx.site_suffixes, SITE)
        self.org_chunker = HeadChunker(self, lx.org_suffixes, ORGANIZATION, strict)
        self.meeting_re = re.compile(alternation(lx.meeting_words))
        self.bare_meetings = frozenset(lx.meeting_words)
        self.meeting_stops = frozenset(lx.frames["meeting"]["name_stops"])
        self.road_re = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:大道|路|街|巷|弄)(?:\d+号)?")

    # -- backward scanning -------------------------------------------------------------------
    def _unit_before(self, text: str, pos: int, floor: int, stops: frozenset[str] | None = None
                     ) -> tuple[str, int] | None:
        """The longest organ/place/stopword ending at ``pos`` (kind, length), or None."""
        limit = min(self.max_unit, pos - floor)
        if limit <= 0:
            return None
        last = text[pos - 1]
        for n in self._name_lengths.get(last, ()):    # the longest first
            if n <= limit and (text[pos - n:pos] in self.organs or text[pos - n:pos] in self.places):
                return ("name", n)
        stops = self.stop if stops is None else stops
        for n in _lengths_by_last(stops).get(last, ()):
            w = text[pos - n:pos]
            if n <= limit and w in stops and (n > 1 or w in CHAR_STOPS or stops is not self.stop):
                if n == 1 and stops is self.stop and text[pos - 1:pos + 1] in _known_words() \
                        and _tag(text[pos - 1:pos + 1]) != "p":
                    continue   # 对外贸易司, 和平基金会: the character begins a word of the post's organ
                if n == 1 and stops is self.stop and w in "等与及" and pos - 2 >= floor \
                        and text[pos - 2:pos] in _known_words() and (_tag(text[pos - 2:pos]) or "x")[:1] not in "pcu":
                    continue   # 高等教育和科学创新部: the character ends a word of the organ
                return ("stop", n)
        return None

    def scan_back(self, text: str, pos: int, floor: int = 0, limit: int = 24, conj: bool = False) -> int:
        """Start of the name that ends at ``pos``: extend left over name material. With ``conj``
        (a post's organ), a 和/与 inside the name is crossed when the name before it begins at a
        place, a country or an organ (伊朗通信和信息技术部长, 经济发展和数字化部长 after 兼)."""
        start = self._scan_back(text, pos, floor, limit)
        while conj and start - 1 > floor and text[start - 1] in "和与" and start < pos:
            before = self._scan_back(text, start - 1, floor, limit - (pos - start) - 1)
            if before >= start - 2:
                break
            if before == floor or self.lx.place_finder_at(text, before) or self.organ_re.match(text, before):
                start = before
                continue
            break
        return start

    def _scan_back(self, text: str, pos: int, floor: int = 0, limit: int = 24) -> int:
        start = pos
        for m in DATELINE.finditer(text, floor, pos):
            floor = max(floor, m.end())
        while start > floor and pos - start < limit:
            unit = self._unit_before(text, start, floor)
            if unit is not None:
                kind, n = unit
                if kind == "stop":
                    break
                start -= n
                continue
            ch = text[start - 1]
            if _is_cjk(ch) or (ch.isdigit() and start < pos and text[start:start + 1] in "次届号"):
                start -= 1
                continue
            if ch == "）":   # 国家大呼拉尔（议会）副主席: a gloss inside the organ's name
                opening = text.rfind("（", max(floor, start - 8), start - 1)
                gloss = text[opening + 1:start - 1] if opening >= 0 else ""
                if opening > floor and _is_cjk(text[opening - 1]) and gloss and all(_is_cjk(c) for c in gloss) and (
                        gloss in self.organs or gloss in self.places or gloss[-1] in "会院部委局厅署办"):
                    start = opening
                    continue
            if ch.isascii() and ch.isalnum():   # vivo影像产品规划与认知中心, 5G实验室
                while start > floor and text[start - 1].isascii() and (text[start - 1].isalnum() or
                                                                      text[start - 1] in "+&-"):
                    start -= 1
                if start > floor + 1 and text[start - 1] == " " and text[start - 2].isascii() and text[start - 2].isalnum():
                    start -= 1   # vivo AI产品策略中心: a space between two Latin words
                    continue
                break
            if ch.isdigit() and start >= 2 and text[start - 2] == "第":
                start -= 1
                continue
            break
        return start

    # -- names ------------------------------------------------------------------------------
    def person_after(self, text: str, pos: int, hints: dict[int, int] | None = None,
                     foreign: bool = False) -> tuple[int, int] | None:
        """A person's name starting at ``pos`` (after a title), or None (kg.nlp.names). After the
        title of a foreign country's official (``foreign``) the name may be a transliteration."""
        from kg.nlp.names import name_at, transliteration_at

        span = name_at(text, pos, (hints or {}).get(pos))
        if foreign and (span is None or "·" not in text[span[0]:span[1]]):
            span = transliteration_at(text, pos) or span
        elif span is None:
            span = transliteration_at(text, pos)   # 会见总统范德贝伦、总理库尔茨: a foreign official
        if span is None:
            return None
        name = text[span[0]:span[1]]
        if self.title_re.match(name) or name in self.organs or name in self.places:
            return None
        return span

    def titled_people(self, text: str, hints: dict[int, int] | None = None) -> list[tuple[list[Mention], Mention]]:
        """[(positions, person)] for every 'title(s) + name' in ``text``. A title inside quotation
        marks or a book title (an exhibition “某某同志在上海”, a quoted memory) is not a current post."""
        out = []
        taken_until = -1
        quoted = [q.span() for q in QUOTED.finditer(text)]
        for m in self.title_re.finditer(text):
            if m.start() < taken_until or any(a < m.start() < b for a, b in quoted):
                continue
            chain = [(m.start(), m.end())]
            pos = m.end()
            while True:  # more titles of the same person: 市委副书记、市长某某
                nxt = None
                if pos < len(text) and text[pos] in TITLE_JOINERS:
                    nxt = self._title_with_prefix_at(text, pos + 1)
                if nxt is None:
                    break
                chain.append(nxt)
                pos = nxt[1]
            # the organ of a post does not reach back over the person named before (某国副总理某某和
            # 外交部副部长某某: the second post is 外交部副部长)
            first_start = self.trim_prefix(text, self.scan_back(text, chain[0][0], floor=max(0, taken_until), conj=True),
                                           chain[0][0])
            foreign = any(c in self.lx.countries for c in self._places_in_text(text[first_start:pos]))
            person = self.person_after(text, pos, hints, foreign)
            if person is None:
                continue
            positions = []
            if text[max(0, first_start - 2):first_start].endswith(FORMER) or text.startswith(FORMER, first_start):
                continue  # 原市长, 时任书记: not a current post
            for i, (s, e) in enumerate(chain):
                start = first_start if i == 0 else s
                label = text[start:e]
                positions.append(Mention(label, POSITION, start, e))
            out.append((positions, Mention(text[person[0]:person[1]], PERSON, person[0], person[1])))
            taken_until = person[1]
        return out

    def _places_in_text(self, text: str) -> list[str]:
        return [text[a:b] for a, b in self.place_finder.spans(text)]

    def named_then_titled(self, text: str, hints: dict[int, int] | None = None) -> list[tuple[Mention, Mention]]:
        """(position, person) for a name followed by its title in a list or a clause of its own:
        会见梁明主席、范明山总理 (the register of diplomatic news)."""
        from kg.nlp.names import ends_name, plausible

        out = []
        for t in self.title_re.finditer(text):
            if not (t.end() == len(text) or text[t.end()] in "、，。；和及" or ends_name(text, t.end())):
                continue
            for n in (4, 3, 2):
                start = t.start() - n
                if start < 0 or (start > 0 and text[start - 1] not in "、，。；：见同与和及"):
                    continue
                if plausible(text[start:t.start()]) and self.title_re.search(text, start, t.start()) is None \
                        and text[start:t.start()] not in self.places:
                    out.append((Mention(text[t.start():t.end()], POSITION, t.start(), t.end()),
                                Mention(text[start:t.start()], PERSON, start, t.start())))
                    break
        return out

    def trim_prefix(self, text: str, start: int, title_start: int) -> int:
        """A title's prefix names its organ: when words that name nothing stand before the first
        organ or place of the prefix (a subheading run into the text: 提升防控能力 + 水利部副部长),
        the prefix starts at that organ or place."""
        prefix = text[start:title_start]
        organ, place = self.organ_re.search(prefix), next(self.place_finder.spans(prefix), None)
        first = min(organ.start() if organ else len(prefix), place[0] if place else len(prefix))
        if 0 < first < len(prefix) and not self.holds_name(prefix[:first]):
            return start + first
        return start

    def _title_with_prefix_at(self, text: str, pos: int) -> tuple[int, int] | None:
        """A (prefix +) title starting at ``pos`` (公安部部长 after 、), as (start, end) of the title end."""
        # the first title within a short window, whose prefix starts exactly at pos
        for m in self.title_re.finditer(text, pos, min(len(text), pos + 24)):
            if self.scan_back(text, m.start(), floor=pos, conj=True) == pos:
                return pos, m.end()
            break
        return None

    def listed_people(self, text: str, hints: dict[int, int] | None = None) -> list[Mention]:
        """Names listed with 、 before what people do together (王明、李华、张强出席会议; 实验区领导
        王明、李华参加): every item must be a name and the list must end before an attendance or
        speech word; a single untitled name says too little to be read this way."""
        from kg.nlp.names import name_at

        runs = list(LIST_RUN.finditer(text)) if LIST_END.search(text) else []
        for t in self.title_re.finditer(text):   # 李某、王某、肖某副委员长: names before their shared title
            if text.find("、", max(0, t.start() - 5), max(0, t.start() - 2)) < 0:
                continue   # the last name of such a list follows a 、 and has two to four characters
            run = LIST_BEFORE_TITLE.search(text, max(0, t.start() - 60), t.start())
            if run is not None and (run.start() == 0 or text[run.start() - 1] in CLAUSE_OPENERS):
                runs.append(run)
        out = []
        for m in runs:
            items, names = [], 0
            for item in LIST_ITEM.finditer(text[m.start():m.end()]):
                a, b = m.start() + item.start(), m.start() + item.end()
                span = name_at(text, a, (hints or {}).get(a), list_item=True)
                if span == (a, b):
                    names += 1
                elif not (2 <= b - a <= 3 and all(_is_cjk(c) for c in text[a:b]) and not common_word(text[a:b])
                          and text[a:b] not in self.places and text[a:b] not in self.organs):
                    items = []
                    break
                items.append((a, b))
            # every item a name, or at most one unknown one among at least two names (铁华)
            if names >= 2 and len(items) - names <= 1:
                out.extend(Mention(text[a:b], PERSON, a, b) for a, b in items)
        return out

    def speakers(self, text: str, hints: dict[int, int] | None = None) -> list[Mention]:
        """An untitled name that opens a clause before a verb of speech (吴彩霞表示, “……”阮明光说) or
        of going somewhere (某某来到…, 某某前往…: the verbs of lexicon/frames.toml [visit])."""
        return self._names_opening_before(text, [*SPEECH_VERB.finditer(text), *self._visit_verb_re.finditer(text)], hints)

    def leaders(self, text: str, hints: dict[int, int] | None = None) -> list[Mention]:
        """An untitled name that opens a clause before a verb of leading and a team (汪洋率中央代表团…,
        某某带领调研组…): the one who leads it (lead verbs and teams: lexicon/frames.toml [visit])."""
        return self._names_opening_before(text, self._lead_re.finditer(text), hints)

    @staticmethod
    def _names_opening_before(text: str, matches, hints: dict[int, int] | None) -> list[Mention]:
        """A person's name that opens a clause and ends right where each match begins."""
        from kg.nlp.names import name_at

        out = []
        for m in matches:
            for n in (4, 3, 2):
                start = m.start() - n
                if start < 0 or (start > 0 and text[start - 1] not in CLAUSE_OPENERS):
                    continue
                span = name_at(text, start, (hints or {}).get(start))
                if span == (start, m.start()):
                    out.append(Mention(text[start:m.start()], PERSON, start, m.start()))
                    break
        return out

    @cached_property
    def _visit_verb_re(self) -> re.Pattern:
        from kg.nlp.lexicon import alternation, lexicon

        return re.compile(alternation(tuple(v for v in lexicon().frames["visit"]["object_verbs"] if len(v) >= 2)))

    @cached_property
    def _lead_re(self) -> re.Pattern:
        from kg.nlp.lexicon import alternation, lexicon

        visit = lexicon().frames["visit"]
        return re.compile(f"(?:{alternation(visit['lead_verbs'])})[^，。；：、]{{0,8}}?(?:{alternation(visit['teams'])})")

    def appositive_people(self, text: str, hints: dict[int, int] | None = None) -> list[tuple[Mention, Mention]]:
        """(position, person) for a name followed by its post between commas at the start of a
        sentence: 王明，某某集团有限公司负责人，在课堂上…"""
        from kg.nlp.names import name_at

        out = []
        for start in [0] + [m.end() for m in CLAUSE_END.finditer(text)]:
            # a name holds no comma: it ends at the first one, and the post is read before the name
            comma = text.find("，", start)
            if comma <= start:
                continue
            head = comma + 1
            close = CLAUSE_MARK.search(text, head, head + 40)
            if close is None or close.group() != "，":
                continue
            close = close.start()
            title = None
            for t in self.title_re.finditer(text, head, close):
                title = t
            if title is None or title.end() != close or self.scan_back(text, title.start(), floor=head) != head:
                continue
            span = name_at(text, start, (hints or {}).get(start))
            if span is None or span[1] != comma:
                continue
            out.append((Mention(text[head:close], POSITION, head, close),
                        Mention(text[span[0]:span[1]], PERSON, span[0], span[1])))
        return out

    def honorific_people(self, text: str) -> list[Mention]:
        """周同学, 李先生, 王女士: a surname with an honorific is a person."""
        out = []
        for h in HONORIFICS[:3]:
            for m in HONORIFIC_RES[h].finditer(text):
                s = m.start()
                if s >= 1 and text[s - 1] in self.lx.surnames and (s < 2 or not _is_cjk(text[s - 2]) or text[s - 2] in "的位名是")\
                        or s >= 2 and text[s - 2:s] in self.lx.surnames:
                    start = s - 2 if s >= 2 and text[s - 2:s] in self.lx.surnames else s - 1
                    out.append(Mention(text[start:m.end()], PERSON, start, m.end()))
        return out

    # -- places, sites, organisations, meetings, plans -------------------------------------------
    def places_in(self, sent: "TokenIndex") -> list[Mention]:
        """Gazetteer places; a division followed by one of its subdivisions is also one place
        (杭州市余杭区, 宁波北仑区), and a district followed by a road an address (黄浦区某路)."""
        text = sent.text
        out: list[Mention] = []
        for s, e in self.place_finder.spans(text):
            name = text[s:e]
            if s not in sent.starts:
                continue  # 沿海城市 holds no 海城市
            county = name in self.places and self.places[name][0].level == "county"
            town = self._town_after(sent, e) if county else None
            r = self.road_re.match(text, e) if town is None else None
            if r and county:
                e = r.end()
            if out and out[-1].end == s and self._encloses(out[-1].text, name):
                prev = out[-1]
                out.append(Mention(text[prev.start:e], PLACE, prev.start, e))
            out.append(Mention(text[s:e], PLACE, s, e))
            if town is not None:   # 某某县石人沟镇: a town the gazetteer does not list, named after its county
                out.append(Mention(text[e:town], PLACE, e, town))
        return out

    def _town_after(self, sent: "TokenIndex", pos: int) -> int | None:
        """The end of a town or township named right after its county (2-4 characters of name that
        end a token and hold no verb or function word, then a town word of
        kg/resources/lexicon/town_suffixes.txt), else None."""
        text = sent.text
        for suffix in self.lx.town_suffixes:
            for n in (2, 3, 4):
                end = pos + n + len(suffix)
                if not text.startswith(suffix, pos + n) or pos + n not in sent.starts:
                    continue
                name = text[pos:pos + n]
                if not all(_is_cjk(c) for c in name) or any(c in self.lx.town_suffixes for c in name):
                    continue
                words = [sent.tokens[i] for i in sorted({sent.covering(k) for k in range(pos, pos + n)})]
                tags = [_tag(w) or "" for w, _, _ in words if len(w) > 1 or w in self.stop]
                if words[0][1] != pos or any(t[:1] in STOP_TAGS and t[:2] not in PROPER_TAGS for t in tags):
                    continue
                return end
        return None

    def _encloses(self, outer: str, inner: str) -> bool:
        """Is ``outer`` (a name or its address compound) a division that contains ``inner``?"""
        outer_names = {p.name for p in self.places.get(outer, [])}
        return any(p.parent in outer_names for p in self.places.get(inner, []))

    def _inner_verb(self, tok: tuple[str, int, int], sent: "TokenIndex", floor: int) -> bool:
        """A verb inside a meeting's name (就业创业工作会议): a word that names a field of work, with
        name material before it; a verb of the stop lists, or one that opens the name, is no part."""
        word, start, _ = tok
        if (_tag(word) or "")[:1] != "v" or word in self.stop or word in self.lx.name_boundaries or len(word) < 2:
            return False
        before = sent.ending_at(start)
        return before is not None and before[1] >= floor and self._name_token(before[0]) \
            and before[0] not in self.meeting_stops

    def meeting_names(self, sent: "TokenIndex") -> list[Mention]:
        """Meetings by their full names: a meeting word (kg/resources/lexicon/meeting_words.txt)
        with what names it before, read backwards over the body that holds it (organs, places,
        names), its term and session (十四届, 第十五次, 2024年第5次), a quoted topic
        (“推进乡村全面振兴”专题协商会) and nouns; a verb, a particle or punctuation ends it
        (主持召开|管委会2024年第5次主任办公会). A commemoration is named from 纪念 or 庆祝 to its
        anniversary (纪念某某同志诞辰100周年座谈会)."""
        text, tokens, floor = sent.text, sent.tokens, sent.floor
        out = []
        for m in self.meeting_re.finditer(text, floor):
            if m.end() not in sent.ends and not any(m.end() == e for _, e in sent.organ_spans):
                if text[m.end():m.end() + 1] not in "，。；、：“”（）的 \n" and m.end() < len(text):
                    continue   # 会议室, 大会堂: not the word's end
            start = m.start()
            commemoration = COMMEMORATION_BEFORE.search(text, max(floor, start - 40), start)
            if commemoration is not None:
                out.append(Mention(text[commemoration.start():m.end()], MEETING, commemoration.start(), m.end()))
                continue
            while start > floor:
                if text[start - 1] in "”》":   # “推进…”专题协商会, 《某书》第三卷出版座谈会
                    opening = text.rfind("“" if text[start - 1] == "”" else "《", floor, start - 1)
                    if opening < 0 or start - opening > 40:
                        break
                    start = opening
                    continue
                session = next((k for k in range(min(12, start - floor), 1, -1)
                                if SESSION_BEFORE.fullmatch(text, start - k, start)), None)
                if session is not None:
                    start -= session
                    continue
                unit = self._unit_before(text, start, floor)
                if unit is not None and unit[0] == "name":
                    start -= unit[1]
                    inside = sent.covering(start)
                    if inside is not None and tokens[inside][1] < start and tokens[inside][1] >= floor \
                            and self._name_token(tokens[inside][0]):
                        start = tokens[inside][1]   # 中华全国: the word that holds the place
                    continue
                tok = sent.ending_at(start)
                if tok is not None and tok[1] >= floor and tok[0] not in self.meeting_stops and (
                        self._name_token(tok[0]) or tok[0] in MEETING_JOINERS and start - 1 > floor
                        or self._inner_verb(tok, sent, floor)):
                    start = tok[1]   # 全国高校毕业生等青年就业创业工作视频会议: 等, 和 and verbs inside the name
                    continue
                break
            name = text[start:m.end()]
            if start == m.start() or name[0] in DEMONSTRATIVES:
                if name in self.bare_meetings:
                    out.append(Mention(name, MEETING, start, m.end()))   # 会议, 座谈会: the article's meeting, said again
                continue
            out.append(Mention(name, MEETING, start, m.end()))
        return out

    @staticmethod
    def tag(word: str) -> str | None:
        return _tag(word)

    def holds_name(self, text: str) -> bool:
        """Does ``text`` hold a proper name: a place, an organ, a word jieba tags as a name?"""
        if self._has_proper_part(text):
            return True
        freq = jieba.dt.FREQ
        for w in cut(text):
            f = freq.get(w) or 0
            if len(w) >= 2 and (f == 0 or (_tag(w) or "")[:2] in PROPER_TAGS and f < 3000):
                return True  # an unseen word or a rare proper noun (海沧), not 城市 (tagged ns)
        return False

    def _has_proper_part(self, text: str) -> bool:
        return bool(self.organ_re.search(text)) or next(self.place_finder.spans(text), None) is not None

    def _name_token(self, tok: str) -> bool:
        if tok in self.organs or tok in self.places:
            return True
        if tok in self.stop or not all(_is_cjk(c) or c.isdigit() for c in tok):
            return False
        tag = _tag(tok)
        if tag is None:
            return not tok.isdigit()
        if tag == "m":   # 第九届 names a session; jieba also tags 少年 as a number
            return tok.startswith("第") or not any(c in NUMERAL_CHARS for c in tok)
        if tag == "t":   # jieba tags 青年 and 少年 as time words; the real ones are on the stop list
            return True
        return tag == "vn" or tag[0] not in STOP_TAGS  # verbal nouns name things: 重工, 建设

    def plans_in(self, text: str) -> list[Mention]:
        return [Mention(m.group(1), PLAN, m.start(1), m.end(1)) for m in PLAN_TITLE.finditer(text)]

    def find(self, text: str, tokens: list[tuple[str, int, int]] | None = None,
             hints: dict[int, int] | None = None) -> list[Mention]:
        """Mentions in one sentence; ``tokens`` (word, start, end) are its jieba tokens if known;
        ``hints`` maps the start of each person the statistical model found to its end."""
        mentions: list[Mention] = []
        for positions, person in self.titled_people(text, hints):
            mentions.extend(positions)
            mentions.append(person)
        for position, person in self.appositive_people(text, hints) + self.named_then_titled(text, hints):
            mentions.extend((position, person))
        people = {(m.start, m.end) for m in mentions if m.type == PERSON}
        mentions.extend(m for m in self.listed_people(text, hints) + self.speakers(text, hints) + self.leaders(text, hints)
                        if (m.start, m.end) not in people)
        mentions.extend(self.honorific_people(text))
        mentions.extend(self.plans_in(text))
        sent = TokenIndex(self, text, tokens if tokens is not None else _tokens(text))
        mentions.extend(self.meeting_names(sent))
        mentions.extend(self.site_chunker.chunks(sent))
        mentions.extend(self.org_chunker.chunks(sent))
        for s, e in sent.organ_spans:
            mentions.append(Mention(text[s:e], ORGANIZATION, s, e))
        mentions.extend(self.places_in(sent))
        titles = {(m.start, m.end) for m in mentions if m.type == POSITION}
        return [m for m in mentions if m.type == POSITION or (m.start, m.end) not in titles]  # 政治局常委 is a post


class TokenIndex:
    """One sentence and its jieba tokens (word, start, end; in order, without overlaps), with what
    the scans for places and headed chunks share, computed once per sentence: the offsets where
    tokens start and end, the token ending at an offset and the one covering a character (found by
    bisection), the spans of the lexicon's organs, and the end of the last dateline (backward
    scans stop there)."""

    def __init__(self, rec: RuleRecognizer, text: str, tokens: list[tuple[str, int, int]]) -> None:
        self.text = text
        self.tokens = tokens
        _, self._starts, self._ends = zip(*tokens) if tokens else ((), (), ())
        self.starts = set(self._starts)
        self.ends = set(self._ends)
        self.organ_spans = [m.span() for m in rec.organ_re.finditer(text)]
        self.floor = max((m.end() for m in DATELINE.finditer(text)), default=0)

    def covering(self, pos: int) -> int | None:
        """The index of the token that holds the character at ``pos`` (None: no token does)."""
        i = bisect_right(self._starts, pos) - 1
        return i if i >= 0 and pos < self._ends[i] else None

    def ending_at(self, pos: int) -> tuple[str, int, int] | None:
        """The token that ends at ``pos``, or None."""
        i = bisect_left(self._ends, pos)
        return self.tokens[i] if i < len(self._ends) and self._ends[i] == pos else None


@lru_cache(maxsize=8)
def _lengths_by_last(words: frozenset[str]) -> dict[str, tuple[int, ...]]:
    """The lengths of ``words`` by their last character, longest first (a backward scan at a
    position tries only the lengths of the words that end in its character)."""
    lengths: dict[str, set[int]] = {}
    for w in words:
        lengths.setdefault(w[-1], set()).add(len(w))
    return {ch: tuple(sorted(ns, reverse=True)) for ch, ns in lengths.items()}


@dictionary_cache()
def is_named(chunk: str, rec: RuleRecognizer) -> bool:
    """Is a headed chunk a name (龙华烈士纪念馆) or a common noun phrase (创业孵化基地)?

    A name has a proper part: a place or organ from the lexicon, a word jieba does not know (an
    unseen proper noun), digits or Latin letters, or quotes."""
    if re.search(r"[0-9A-Za-z“”\"《》]", chunk):
        return True
    freq = jieba.dt.FREQ
    for w in cut(chunk, hmm=True):
        if w in rec.organs or w in rec.places:
            return True
        if (_tag(w) or "")[:2] in PROPER_TAGS:
            if _kind_of_company(w):
                continue   # 外贸公司: the dictionary files a kind of company among the names
            return True
        if len(w) >= 4 and _tag(w) == "j" and not _compound(w):
            return True   # a company's short name (a four-character abbreviation, not 中小+企业)
        if len(w) >= 2 and _tag(w) == "f" and freq.get(w, 0) < RARE_LOCALITY:
            return True   # a locality word jieba hardly knows (前海): a place's name it mis-tags
        if len(w) == 1 and _is_cjk(w):
            if freq.get(w, 0) < RARE_WORD:
                return True   # 某筘公司: a character jieba hardly knows is a name's
            continue
        if _is_cjk(w[0]) and (w not in _known_words() or freq.get(w, 0) < RARE_WORD and not _compound(w)):
            return True   # a word jieba does not know, or hardly knows (安踏): a proper name
    return False


# a word of jieba's dictionary seen fewer times than this is as good as unknown (brands, places)
RARE_WORD = 10
# a locality word (国内, 区内) opens no name, but one jieba hardly knows is rather a name (前海|合作区)
RARE_LOCALITY = 60


def _kind_of_company(word: str) -> bool:
    """A word of the dictionary that is a common word and 公司 (外贸公司, 保险公司): a kind of
    company, whatever its tag says."""
    return word.endswith("公司") and len(word) > 2 and common_word(word[:-2])


def _compound(word: str) -> bool:
    """Is ``word`` two words of the dictionary put together (职业技能 = 职业 + 技能)?"""
    known = _known_words()
    return any(word[:i] in known and word[i:] in known for i in range(2, len(word) - 1))


# jieba part-of-speech tags that never sit inside a name: verbs, prepositions, conjunctions,
# particles, adverbs, pronouns, modal particles, interjections, time words, numbers, classifiers
STOP_TAGS = set("vpcudryetmqx")
NUMERAL_CHARS = set("0123456789一二三四五六七八九十百千万亿两零〇几半")
PROPER_TAGS = {"nr", "ns", "nt", "nz"}


def _tokens(text: str) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    for tok in cut(text, hmm=True):
        out.append((tok, pos, pos + len(tok)))
        pos += len(tok)
    return out


def _tag(word: str) -> str | None:
    return _tag_table().get(word)


@lru_cache(maxsize=1)
def _tag_table() -> dict:
    from kg.nlp.dictionary import pos_tags   # jieba.posseg's table, without parsing the dictionary again
    return pos_tags()


def common_word(word: str) -> bool:
    """A word of jieba's dictionary that is not a proper noun (纪念馆, 市场): a back-reference
    or a thing, never a name."""
    return word in _known_words() and (_tag(word) or "")[:2] not in PROPER_TAGS


class _KnownWords(AbstractSet):
    """The words of jieba's dictionary (frequency above 0; a prefix only has 0), read from the
    dictionary itself rather than copied into a set (350,000 words: a tenth of a second at start-up)."""

    def __init__(self, freq):
        self.freq = freq

    def __contains__(self, word) -> bool:
        return self.freq.get(word, 0) > 0

    def __iter__(self):
        return (w for w, f in self.freq.items() if f > 0)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @classmethod
    def _from_iterable(cls, words):     # what set operations (known | {...}) return
        return frozenset(words)


@lru_cache(maxsize=1)
def _known_words() -> _KnownWords:
    jieba.dt.check_initialized()
    return _KnownWords(jieba.dt.FREQ)


@lru_cache(maxsize=1)
def recognizer() -> RuleRecognizer:
    return RuleRecognizer()


def find_mentions(text: str) -> list[Mention]:
    return recognizer().find(text)
