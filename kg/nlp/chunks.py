"""Names that end in a head word: organisations (…有限公司, 西湖大学, 强脑科技, 友谊关海关) and sites
(…纪念馆, 滨江新片区, 柳江运河, 某某国际陆地港, 某市某县某村); the head words are data
(kg/resources/lexicon/org_suffixes.txt, site_suffixes.txt).

From a head, the name extends backwards over name material, character by character: Chinese
characters, Latin letters and digits (5G+XR未来城, vivo), organs and places of the lexicon taken
whole (工业和信息化部 keeps its 和), a quoted part (上海“模速空间”大模型创新生态社区), a place in
brackets (三星（中国）半导体有限公司, 中国（广西）自由贸易试验区) and a dash between two parts
(吉灵—河东线); a name may open with a quote that closes before the head (“某某”项目). It stops at
punctuation, at a character that never sits inside a name (的, 在, 是…) and at a word of the stop
list (来到, 位于, 考察…). The words that open such a stretch without naming anything are then cut
off: verbs, adverbs, prepositions, time words, numbers with their counters, demonstratives
(大力推进|南水北调后续工程, 实施|某某工程, 这处|旧址).

A chunk is a name when it holds a proper part (a place, an organ, a word jieba does not know, a
word it tags as a proper noun, Latin letters or digits, quotes) — 创业孵化基地 and 生产线 do not.
A one-character head of government (部, 局, 委, 所…) needs a place or an organ in the name: jieba's
dictionary has too many words ending in them (干部, 格局, 对外部).
"""
from __future__ import annotations

import re
from functools import lru_cache

import jieba

from kg.nlp.dictionary import cut, first_word   # jieba's words
from kg.nlp.entities import RARE_LOCALITY, RARE_WORD
from kg.nlp.memo import dictionary_cache
from kg.types import ORGANIZATION, Mention

CJK = re.compile(r"[\u3400-\u9fff]")
DASHES = "—－–"
QUOTE_OPEN, QUOTE_CLOSE = "“", "”"
MAX_NAME = 32
# a count before a name (17个, 两座, 3家): the counter ends the backward reading
COUNTERS = set("个家座条所项批名位处")
NUMERALS = set("一二两三四五六七八九十百千万几多余")
# a count that opens a stretch (232个|国家级经开区, 两|座水库), and one that makes it indefinite (一家…)
COUNT_LEAD = re.compile(r"(?:约|近|超过|超)?[一二三四五六七八九十百千万两几\d.,]+(?:万|亿)?[个家座条所项批名位处]的?"
                        r"|(?:\d{4}|[〇零○一二三四五六七八九]{4})年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:以来|起|底|初|末)?")   # or a date: 2024年集团…
INDEFINITE = re.compile(r"(?:一|几|多)[个家座条所项批名位处]")
COUNT_END = re.compile(r"(?:\d+|[一二两三四五六七八九十百千万几多]+)[个家座条所项批名位处]$")
# jieba tags of words that open a stretch without naming: verbs, adverbs, prepositions,
# conjunctions, pronouns, numbers, counters, time words, particles, locality words
LEADING_TAGS = set("vdpcrmqtuf")
# a head followed by one of these is inside a longer word: 工程师, 港口, 集团军, 所长, 中心思想
HEAD_GLUE = {"工程": "师", "港": "口澳股币元资人务", "集团": "军", "公司": "法", "部": "长门分署队", "局": "长面势",
             "所": "长有以在得谓", "委": "员会托屈", "处": "长理置于", "中心": "思任主", "科技": "馆园城术"}


def _is_cjk(ch: str) -> bool:
    return bool(CJK.match(ch))


@dictionary_cache()
def _first_word(fragment: str) -> str:
    """The first word of jieba's segmentation of ``fragment`` (its dictionary alone, no HMM)."""
    return first_word(fragment, hmm=False)


@lru_cache(maxsize=1)
def _lead_words() -> frozenset[str]:
    """Words that open a clause before its subject (time words, adverbs) — never a name's start."""
    from kg.nlp.lexicon import lexicon
    return frozenset(lexicon().stopwords)


class HeadChunker:
    """Finds the names ending in the head words of one kind in a sentence."""

    def __init__(self, rec, heads: list[str], kind: str, strict_heads: frozenset[str] = frozenset()) -> None:
        self.rec = rec
        self.kind = kind
        self.head_re = re.compile("|".join(re.escape(h) for h in sorted(set(heads), key=len, reverse=True)))
        self.strict = strict_heads

    def chunks(self, sent) -> list[Mention]:
        text, floor = sent.text, sent.floor
        out: list[Mention] = []
        for m in self.head_re.finditer(text, floor):
            head, hs, e = m.group(), m.start(), m.end()
            glue = HEAD_GLUE.get(head, "")
            if e < len(text) and (text[e] in glue or (e not in sent.ends and _is_cjk(text[e])
                                                      and not self._head_ends_here(sent, e)
                                                      and (head not in self.strict
                                                           or self._known_word_across(sent, e)))):
                continue   # 纪念馆群, 港口, 工程师: the head is inside a longer word (某某局|管内: a word
                # jieba hardly knows is none after a head of government, which needs a place in its name)
            if self.kind == ORGANIZATION and text.endswith(self.rec.lx.not_org_heads, 0, e):
                continue   # 党员干部: people, not a body
            if len(head) == 1 and head in COUNTERS and hs > floor and (text[hs - 1].isdigit() or text[hs - 1] in NUMERALS):
                continue   # 重点文物保护单位8处: a count, not an office
            if head in self.rec.lx.weak_heads and self._noun_follows(sent, e):
                continue   # 打出科技组合拳: the head qualifies the noun after it
            if head not in self.rec.organs:
                inside = sent.covering(hs)
                tok = sent.tokens[inside] if inside is not None else None
                tag = self.rec.tag(tok[0]) if tok is not None else None
                if tok is not None and tok[1] < hs and tok[2] == e and len(tok[0]) >= 2 and tag \
                        and tag[:2] not in ("nt", "ns", "nz") and self.rec._unit_before(text, tok[1], floor) is None \
                        and not self._after_kind_noun(sent, tok[1]):
                    continue   # 基站, 干部, 格局: a word of the dictionary that ends in the head (not 中共中央|政治局,
                    # nor a name after its kind: 文物保护单位|某某庙)
            start = self._walk_back(sent, hs, e, floor)
            start = self._trim_lead(text, start, hs)
            start = self._after_kind(sent, start, hs, head)
            if start >= hs or e - start < len(head) + (1 if len(head) >= 2 else 2):
                continue
            name = text[start:e]
            if name[0] in self.rec.demonstratives or name[0] in "（(“”）)—－–、" \
                    and not (name[0] == QUOTE_OPEN and QUOTE_CLOSE in name[2:]):
                continue   # (a quoted name and its head are one: “某某”项目, “某某”工程)
            if not self._named(text[start:hs], head):
                continue
            out.append(Mention(name, self.kind, start, e))
        return out

    def _after_kind(self, sent, start: int, hs: int, head: str) -> int:
        """The start of the name after the last noun of a kind in [start, hs) (边境临江村落|某某村),
        when what follows it is a name by itself; else ``start``."""
        text, kinds = sent.text, self.rec.lx.kind_nouns
        for i in range(hs - 1, start, -1):
            if i not in sent.ends:
                continue
            tok = sent.ending_at(i)
            if tok is not None and tok[1] >= start and tok[0] in kinds and self._named(text[i:hs], head):
                return i
        return start

    def _after_kind_noun(self, sent, pos: int) -> bool:
        """Does a noun of a kind (单位, 企业, 村落) end at ``pos``?"""
        tok = sent.ending_at(pos)
        return tok is not None and tok[0] in self.rec.lx.kind_nouns

    def _noun_follows(self, sent, e: int) -> bool:
        """Does a noun (or a verbal noun) start at ``e``?"""
        i = sent.covering(e)
        if i is None or sent.tokens[i][1] != e:
            return False
        tag = self.rec.tag(sent.tokens[i][0]) or ""
        return tag[:1] == "n" or tag == "vn"

    @staticmethod
    def _known_word_across(sent, e: int) -> bool:
        """Is the token that runs across ``e`` a word of jieba's dictionary, seen often enough to be one?"""
        i = sent.covering(e)
        return i is None or jieba.dt.FREQ.get(sent.tokens[i][0], 0) >= RARE_WORD

    @staticmethod
    def _head_ends_here(sent, e: int) -> bool:
        """A head that ends inside a jieba token may still end the name when what follows is a
        one-character word of its own (港是…, 村的…)."""
        return sent.text[e] in "的是在和与及为等里内外"

    def _walk_back(self, sent, pos: int, end: int, floor: int) -> int:
        from kg.nlp.entities import is_named

        rec, text = self.rec, sent.text
        start = pos
        while start > floor and pos - start < MAX_NAME:
            ch = text[start - 1]
            inside = sent.covering(start - 1)
            if inside is not None and sent.tokens[inside][2] > start:   # 都江堰: inside a word, no boundary
                word, ws, _ = sent.tokens[inside]
                if word in jieba.dt.FREQ or not any(c in rec.char_stops for c in text[ws:start]):
                    start = max(floor, ws)
                    continue
                # a word only jieba's guessing made (由原): its function character is a boundary
                if ch in rec.char_stops:
                    break
                start -= 1
                continue
            tok = sent.ending_at(start)
            if tok is not None and len(tok[0]) >= 2 and rec.tag(tok[0]) == "v" and tok[0] not in rec.organs \
                    and tok[0] not in rec.lx.name_boundaries:
                if is_named(text[start:end], rec):
                    break   # 浙江省累计建成|5G基站: a verb before a name that is complete
                if rec._unit_before(text, tok[1], floor) is not None:
                    break   # 我国共有|国家级经济技术开发区: a place or organ and its verb
                start = tok[1]   # 单产提升示范区, 深化改革委员会: a verb inside a name
                continue
            if ch in COUNTERS and start - 1 > floor and COUNT_END.search(text, max(floor, start - 8), start):
                break   # 建设17个|中国—东盟现代工匠学院: a count stands before the name, never inside it
            if ch == QUOTE_CLOSE:
                opening = text.rfind(QUOTE_OPEN, max(floor, start - 30), start - 1)
                if opening < 0:
                    break
                start = opening
                continue
            if ch in "）)":
                opening = max(text.rfind("（", max(floor, start - 10), start - 1), text.rfind("(", max(floor, start - 10), start - 1))
                inner = text[opening + 1:start - 1] if opening >= 0 else ""
                if opening > floor and inner and (inner in rec.places or inner in rec.lx.countries):
                    start = opening   # 三星（中国）半导体有限公司
                    continue
                break
            if ch in DASHES and start - 1 > floor and _is_cjk(text[start - 2]) and start < pos:
                start -= 1   # 吉灵—河东线, 宁夏—湖南工程
                continue
            unit = rec._unit_before(text, start, floor, rec.lx.name_boundaries)
            if unit is not None and unit[0] == "stop" and tok is not None and len(tok[0]) > unit[1] \
                    and tok[1] >= floor and (rec.tag(tok[0]) or "")[:2] in ("nr", "ns", "nt", "nz"):
                start = tok[1]   # 华为|云数据中心: the stop word only ends a proper noun (not 成为, 实地考察)
                continue
            if unit is not None:
                if unit[0] == "stop":
                    break
                start -= unit[1]
                continue
            if (_is_cjk(ch) and ch not in rec.char_stops) or (ch.isascii() and (ch.isalnum() or ch in "+&.")) \
                    or ch in "±·":
                start -= 1
                continue
            break
        return start

    def _trim_lead(self, text: str, start: int, hs: int) -> int:
        """Cut the words that open the stretch without naming anything."""
        rec = self.rec
        lead = _lead_words()
        while start < hs:
            if text[start] in QUOTE_OPEN + "（(":
                break
            # organs and places are names: keep them
            if rec.organ_re.match(text, start) or rec.lx.place_finder_at(text, start):
                break
            number = COUNT_LEAD.match(text[start:hs])
            if number:
                if INDEFINITE.match(number.group()):
                    return hs   # 一家越南人工智能公司: a company, not a named one
                start += number.end()   # 232个|国家级经开区, 两|座水库
                continue
            word = _first_word(text[start:hs])
            if not word or not _is_cjk(word[0]):
                break
            tag = rec.tag(word) or ""
            if len(word) == 1 and tag[:1] in ("v", "p") and (rec.organ_re.match(text, start + 1)
                                                            or rec.lx.place_finder_at(text, start + 1)):
                start += 1   # 占|全国长城遗址, 在|北京: a verb or preposition before a place
                continue
            if word in lead or (len(word) >= 2 and tag[:1] in LEADING_TAGS and tag not in ("vn", "nr", "ns", "nt", "nz")
                                and jieba.dt.FREQ.get(word, 0) >= (RARE_LOCALITY if tag == "f" else RARE_WORD)):
                start += len(word)
                continue
            break
        return start

    @dictionary_cache()
    def _named(self, modifier: str, head: str) -> bool:
        from kg.nlp.entities import is_named

        rec = self.rec
        if len(head) == 1 and head in self.strict:
            return rec._has_proper_part(modifier)
        if head in rec.lx.network_heads and rec.lx.canonical_place(modifier) is not None:
            return False   # 西藏公路, 我国铁路, 某市景区: the region's roads or scenic areas, not a named one
        if modifier.startswith(rec.lx.level_prefixes):
            return True   # 国家级经济技术开发区: a class of zones, named by its rank
        if is_named(modifier + head, rec):
            return True
        words = list(cut(modifier, hmm=False))
        if any(w in rec.lx.countries for w in words):
            return True
        # rare characters that no word of the dictionary joins (篁岭村): an unknown proper name
        singles = words
        return len(modifier) >= 2 and len(singles) == len(modifier) and all(_is_cjk(c) for c in modifier) \
            and not any(rec.tag(c) and rec.tag(c)[:1] in "vpcdrumq" for c in modifier)
