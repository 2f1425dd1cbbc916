"""Where a person's name ends: the name after a title (市长王明出席), in a list (王明、李华出席) or
before a speech verb (王明表示).

A Chinese name is a surname (kg/resources/lexicon/surnames.txt, single or compound) and one or two
given-name characters; a name of three given characters occurs with 氏 (黎氏芳秋) and in
transliterations (陈玉锦山); foreign names are written with a middle dot (阿里·曼苏尔). Which
length is right is read from what follows the name: a name ends where a word that cannot be part
of it begins (a verb, preposition, adverb, particle, punctuation: 王岚站在…, 童光明被誉为…,
谢明远摄). When the statistical model (kg.ner) marked a person starting at the same place, its
span is trusted over these heuristics. A candidate that is a word of the dictionary (来了, 殷殷,
戴上, 党中央) is never a name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.nlp.dictionary import cut, first_word   # jieba's words
from kg.nlp.memo import dictionary_cache

CJK = re.compile(r"[\u3400-\u9fff]")
FOREIGN_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:[·•・—][\u4e00-\u9fff]{1,8})*[·•・][\u4e00-\u9fff]{1,8}")
# Characters after which a name has certainly ended (one-character words of the register).
FOLLOW_CHARS = set("在就对向与和同等的说为是将已曾也还都从被把给时摄讲称率带赴到于及并又再则而但却今昨前后近日上下"
                   "代作任兼亦均既只曾仍正便更才没")
# Two-character words that begin after a name: verbs of speech and action, time words.
FOLLOW_WORDS = ("表示", "介绍", "指出", "强调", "认为", "说道", "坦言", "感慨", "透露", "回忆", "告诉", "出席", "主持",
                "参加", "陪同", "会见", "会谈", "调研", "考察", "视察", "来到", "前往", "深入", "一行", "先后", "分别",
                "近日", "日前", "昨天", "昨日", "今天", "今日", "当天", "上午", "下午", "宣布", "讲话", "致辞", "致词",
                "发表", "签署", "要求", "回答", "一同", "一起", "带队", "带领", "率领", "宣读", "作了", "代表",
                "祝贺", "祝愿", "感谢", "欢迎", "盛赞", "赞扬", "称赞", "希望", "期待", "实地", "专程", "亲切",
                "参观", "察看", "走访", "访问", "走进", "看望", "慰问", "抵达", "赴")
VERB_COMPLEMENTS = set("在到于向给着了过")
# function characters that hardly ever end a given name: after a two-character name they end it
STRONG_FOLLOW = set("在就对的说是已曾也还都从被把给摄讲称率赴到及并又再而但却昨既只仍")
FOLLOW_NOUNS = ("高度",)   # 高度评价: an adverb that jieba tags as a noun
# jieba part-of-speech tags of words that cannot continue a name
FOLLOW_TAGS = set("vpdcuyrtfmqs")
# jieba's tags that a name may carry in its dictionary (周恩来 is tagged t there)
NAME_TAGS = ("nr", "t")
# Characters that never stand in a given name (function words, title and organ characters).
NOT_GIVEN = set("的了在是和与及等着过地得之其这那此该每各们号第个位名次届上下去么吗呢吧啊哪谁十百千万亿")
NOT_NAME_PARTS = ("书记", "主任", "部长", "市长", "会议", "公司", "中央", "委员", "政府", "集团", "记者", "总理")


def _is_cjk(ch: str) -> bool:
    return bool(CJK.match(ch))


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    from kg.nlp.lexicon import lexicon
    return lexicon().surnames


@lru_cache(maxsize=1)
def _weak_surnames() -> frozenset[str]:
    from kg.nlp.lexicon import lexicon
    return lexicon().weak_surnames


def _tag(word: str) -> str | None:
    from kg.nlp.entities import _tag as tag
    return tag(word)


def _common(word: str) -> bool:
    from kg.nlp.entities import common_word
    return common_word(word)


def ends_name(text: str, i: int, length: int = 3) -> bool:
    """Does a name of ``length`` characters end right before ``text[i]``? (A one-character adverb
    after it ends a name of three characters, 周秀英刚走进, but may be the last character of a
    shorter one, 王明刚介绍.) The answer is read from the six characters at ``i``."""
    return _ends_before(text[i:i + 6], length)


@dictionary_cache()
def _ends_before(window: str, length: int) -> bool:
    """ends_name for the six characters that follow the name."""
    if not window or not _is_cjk(window[0]):
        return True
    if window[0] in FOLLOW_CHARS or window.startswith(FOLLOW_WORDS):
        return True
    word = first_word(window, hmm=False)
    tag = _tag(word) or ""
    if len(word) == 1:   # 站在, 坐到: a one-character verb with its complement; 刚, 正, 所: adverbs
        return tag[:1] == "v" and window[1:2] in VERB_COMPLEMENTS or \
            (tag or "x")[:1] in "pcu" or (tag or "x")[:1] == "d" and length >= 3
    return tag[:1] in FOLLOW_TAGS and tag != "vn" or window.startswith(FOLLOW_NOUNS)


@dictionary_cache()
def plausible(name: str) -> bool:
    """Could ``name`` be a person's name (surname + given name, not a word of the dictionary)?"""
    if not 2 <= len(name) <= 4 or not all(_is_cjk(c) for c in name):
        return False
    surnames = _surnames()
    n = 2 if name[:2] in surnames and len(name) >= 3 else 1
    if name[:n] not in surnames:
        return False
    if any(c in NOT_GIVEN for c in name[n:]) or any(p in name for p in NOT_NAME_PARTS):
        return False
    tag = _tag(name) or ""
    if tag and tag[:2] not in NAME_TAGS:
        return False   # a word of the dictionary that is no name: 党中央, 马上, 于是
    if len(name) == 2 and name[0] == name[1]:
        return False   # 殷殷嘱托
    if len(name) == 4 and n == 1 and name[1] != "氏" and not _unknown_run(name[1:]):
        return False   # 陈强告诉: a verb after a name, not a four-character name
    if len(name) >= 3 and (_tag(name[:2]) or "n")[:1] in "pcdvur":
        return False   # 关于党, 于是就: a function word, not a surname
    given = name[n:]
    given_tag = _tag(given) or "x"
    if name[:n] in _weak_surnames() and len(given) >= 2 and (given_tag == "v" or given_tag[:1] in "pcdu"):
        return False   # 解说道: a verb after a surname that is also a word (陈立新 stays a name)
    if name[:n] in _weak_surnames() and tag[:2] != "nr" and len(given) >= 2 and _tag(given) and given_tag[:2] != "nr":
        return False   # 和专家: a common word after a surname that is also a word (not 买|海涛: a given name)
    return True


def name_at(text: str, pos: int, hint: int | None = None, list_item: bool = False) -> tuple[int, int] | None:
    """The person's name that starts at ``pos``, as (start, end), or None.

    ``hint``: the end of a person span the statistical model found starting at ``pos``.
    ``list_item``: the name is an item of a list (王明、李华出席), where a separator ends it."""
    m = FOREIGN_NAME.match(text, pos)
    if m:
        from kg.nlp.lexicon import lexicon

        chars = lexicon().transliteration_chars
        last_dot = max(m.group().rfind(d) for d in "·•・")
        for end in range(pos + last_dot + 2, m.end() + 1):   # the shortest last part that ends well
            if text[end:end + 1] in ("—", "·") or (end < m.end() and text[end] in chars and text[end - 1] in chars):
                continue   # 克里斯·佩雷拉: the transliteration goes on
            if ends_name(text, end, 2):
                return pos, end
    if hint is not None and hint - pos == 3 and text[pos + 2:pos + 3] in STRONG_FOLLOW and plausible(text[pos:pos + 2]):
        hint = pos + 2   # the model's 李华还: 还 is an adverb
    if hint is not None and 2 <= hint - pos <= 4 and plausible(text[pos:hint]) and ends_name(text, hint, hint - pos) \
            and not (hint - pos == 4 and text[pos:pos + 2] not in _surnames() and ends_name(text, pos + 3)):
        return pos, hint   # (a four-character name only where three characters do not end well: 周秀英刚走进)
    rest = text[pos:pos + 5]
    surnames = _surnames()
    if not rest or (rest[0] not in surnames and rest[:2] not in surnames):
        return None
    s = 2 if rest[:2] in surnames else 1
    lengths = [s + 2, s + 1]
    if text[pos + s:pos + s + 1] == "氏":   # 黎氏芳秋, 范氏翠兰
        lengths = [s + 3] + lengths
    ok = [n for n in lengths if pos + n <= len(text) and plausible(text[pos:pos + n]) and ends_name(text, pos + n, n)]
    if not ok:
        # a four-character transliteration (陈玉锦山) when no shorter name ends well
        n = s + 3
        if s == 1 and pos + n <= len(text) and all(_is_cjk(c) for c in text[pos:pos + n]) \
                and ends_name(text, pos + n) and not _common(text[pos + 1:pos + n]) and \
                not any(c in NOT_GIVEN for c in text[pos + 1:pos + n]) and \
                not any(p in text[pos:pos + n] for p in NOT_NAME_PARTS) and _unknown_run(text[pos + 1:pos + n]):
            return pos, pos + n
        token = first_word(text[pos:pos + 8])
        if s + 1 <= len(token) <= s + 2 and plausible(token):
            return pos, pos + len(token)   # jieba's model of unseen names: 杨德明难掩…
        return None
    if len(ok) == 1:
        return pos, pos + ok[0]
    if s + 1 in ok and text[pos + s + 1:pos + s + 2] in STRONG_FOLLOW:
        return pos, pos + s + 1   # 李华还来到…: a function word after a two-character name
    short, long_ = min(ok), max(ok)
    # 王岚站在…: the last character of the longer name starts a word with what follows
    word = first_word(text[pos + short:pos + short + 4], hmm=False)
    if len(word) >= 2 and (_tag(word) or "")[:1] in FOLLOW_TAGS:
        return pos, pos + short
    token = first_word(text[pos:pos + 8])
    if len(token) in ok:
        return pos, pos + len(token)
    return pos, pos + long_


def transliteration_at(text: str, pos: int) -> tuple[int, int] | None:
    """A transliterated foreign name at ``pos`` (托罗巴耶夫, 赫里斯托祖利季斯, 简·娜娜·奥波库—阿杰曼):
    the shortest run of at least two characters, dots and dashes that ends where a name ends,
    when most of its characters are characters of transliteration
    (kg/resources/lexicon/transliteration_chars.txt)."""
    from kg.nlp.lexicon import lexicon

    chars = lexicon().transliteration_chars
    if text[pos:pos + 1] in _function_chars():
        return None   # 主席对|费利佩…: a preposition, not the first syllable of a name
    for end in range(pos + 2, min(len(text), pos + 16) + 1):
        run = text[pos:end]
        if not all(_is_cjk(c) or c in "·•・—" for c in run) or any(c in NOT_GIVEN for c in run):
            return None
        if text[end:end + 1] in ("—", "·", "•", "・") or run[-1] in "·•・—" or not ends_name(text, end, 2):
            continue
        letters = [c for c in run if _is_cjk(c)]
        share = 3 if len(letters) <= 3 else 2   # a short name must be mostly such characters
        if sum(c in chars for c in letters) * share < len(letters) * (share - 1):
            return None
        # 普日布|道尔吉表示: the name goes on while its characters are all of transliteration
        longer = end
        while longer < min(len(text), pos + 16) and text[longer] in chars:
            longer += 1
        for e in range(longer, end, -1):
            if ends_name(text, e, 2):
                return _not_before_a_country(text, pos, e, chars)
        return _not_before_a_country(text, pos, end, chars)
    return None


@lru_cache(maxsize=1)
def _function_chars() -> frozenset[str]:
    """The one-character words that never sit inside a name (lexicon/stopwords.txt: 对, 向, 在…)."""
    from kg.nlp.lexicon import lexicon

    return frozenset(w for w in lexicon().stopwords if len(w) == 1)


def _not_before_a_country(text: str, start: int, end: int, chars) -> tuple[int, int] | None:
    """(start, end), unless the run is a word and then a country or foreign city (主席对|新西兰进行…):
    a preposition before a place, not a name."""
    from kg.nlp.lexicon import lexicon

    lx = lexicon()
    for k in range(start + 1, end - 1):
        if text[start:k].strip("·•・—") and any(c not in chars for c in text[start:k]) \
                and (text[k:end] in lx.countries or text[k:end] in lx.foreign_cities):
            return None
    return start, end


def _unknown_run(chars: str) -> bool:
    """No word of the dictionary of two or more characters inside ``chars`` (a transliteration)."""
    return all(len(w) == 1 or not _common(w) for w in cut(chars, hmm=False))
