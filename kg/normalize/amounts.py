"""Amounts in Chinese news text: find them, fold 万/亿 into the value, normalize the unit,
read the comparator.

    >>> [(a.text, a.value, a.unit, a.comparator) for a in find_amounts("总投资额超2700亿元")]
    [('超2700亿元', Decimal('270000000000'), 'CNY', '>')]

What counts as an amount
    A number (Arabic ``2,260`` ``92.5``, Chinese ``十六`` ``一千二百`` ``两``, or mixed ``1.25万亿``)
    followed by a unit or counter (元, %, 个百分点, 家, 千瓦, 年 ...), by a 万/亿 multiplier alone
    (``3.4亿``, unit ""), or by 级 after a multiplier (``千亿级``: an order of magnitude). A number
    with no unit is not an amount: that one rule already keeps out list markers (一是), codes and
    model names (福鲍1号, 屿见77, 5G), times (8时) and dates (5月9日, 17日: 月, 日 and 号 are not
    units). On top of it these are skipped, each with a small explicit test:

    - years: a four-digit number from 1000 to 2199 before 年 (2024年, 1926 年, 2024-2026年), and
      Chinese digit strings (二〇二四);
    - ordinals, ranks and denominators: 第三, 第五次, 十三届二次会议, 前5个月, 前10名, 每百户, 每3年;
    - numbers inside 《》〈〉「」『』 titles, and inside short “…” quotes with no clause punctuation
      (a quoted name such as “十四五”); a quoted sentence (“我们累计投入5亿元……”) is read;
    - numbers glued to Latin letters (C919, PM2.5), and ratings written with ± (±800千伏 is the
      rating in a project's name, not a quantity);
    - a lone 一 before anything but money or a percentage (一个, 一批, 关键一年, 一度): in news prose
      that is the indefinite article or an adverb (一年多, 一年半 and 一亿元 are read);
    - vague quantities (数十家, 几百人) and a short list of set phrases (千家万户, 千方百计,
      两个维护 ...).

Sign, exponent, range
    A minus sign right before the digits (``-``, ``－``, ``−``, or 负 before Arabic digits) makes the
    value negative when what precedes it is not a digit or a Latin letter (利润为-5亿元 -> -500000000;
    同比增长-2.3% -> -2.3 %; 超-5% -> -5 ``>``; but 3-5年 is a range and COVID-19 a name).
    Scientific notation is read (1E+10元, 2.5e3吨). Arithmetic is exact (no rounding at 28 digits);
    a value of 10^20 or more, or with more than 18 decimal places, is outside what an xsd:decimal
    of the stores holds (Oxigraph: 18 fractional digits, about 1.7 * 10^20): it is not read, and a
    warning names it (logger ``kg.normalize.amounts``) instead of a rounded number.

Unit
    Money as ISO 4217 (元/人民币/元人民币 -> CNY, 美元 -> USD, 欧元 -> EUR, 港元/港币 -> HKD,
    日元 -> JPY, and a few more); ``%`` for N%, N％ and 百分之N; N成 is N*10 %; 百分点 is written
    ``个百分点``; any other unit or counter as written (家, 千瓦, 立方米, 人次 ...), ``A/B`` for a
    rate (元/吨); 个小时 is 小时, 个星期 is 周, a trailing 半 adds a half (一年半 = 1.5 年). A multiplier between the number and the unit is folded into the value
    (130万辆 -> 1300000 辆, 3万人次 -> 30000 人次). Durations (三年, 5年内, 1年多) are amounts with
    unit 年 (or 个月, 天 ...): the extractor decides whether one is a figure.

Comparator (one of ``< <= = >= > ~``)
    Read from the word right before the number (不到 < , 不超过 <=, 超过 >, 至少 >=, 约 ~ ...),
    else from the word right after the unit (以上 >, 以下 <, 左右 ~, 以内/之内 <=, 内 <= after a
    duration), else from 余/多 after the number (300余家, 5300多口, 1年多: >) or 上 before a
    hundred, thousand, ten thousand or hundred million (上千家, 上万家, 上亿元: >; no digit needed),
    else ``~`` for an order of magnitude (千亿级, 26兆瓦级, 迈上万亿元台阶: ``approx_class=True``),
    else ``=``. Single-character
    comparators are checked against the character before them, so 签约15个 is not "约 15" and
    最近3年 is not "近 3"; 近N年来 ("the last N years") is a window, not an approximation. A range
    ``3至5年`` / ``20%—30%`` gives two amounts, ``>=`` the first and ``<=`` the second, the first
    taking the second's unit (and multiplier: 3至5万元 is 30000..50000 CNY). A list shares its last
    unit the same way (分别增长3.2、4.5和5.1个百分点; 0.9个和1.2个百分点), without comparators.

Offsets
    ``start``/``end`` are character offsets into the text given (end exclusive) and cover the
    whole expression as written, comparator words and 人民币/百分之 prefixes included
    (``text == sentence[start:end]``).

Why hand-written and not jionlp
    jionlp's money and quantity parsers cover part of this, but the package takes seconds to import,
    pulls in large dictionaries, parses one pre-cut string at a time (finding the spans in running
    text is left to the caller) and maps units and comparators its own way (no ISO codes, no
    余/多/级 comparators). The grammar of amounts in news reports is small; a few hundred lines of
    rules that we test ourselves are faster, deterministic and easier to change.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache

__all__ = ["Amount", "find_amounts", "parse_number", "MAX_VALUE", "MAX_DECIMALS"]

log = logging.getLogger(__name__)
MAX_VALUE = Decimal(10) ** 20   # amounts are below this in absolute value
MAX_DECIMALS = 18               # and have at most this many decimal places
_PRECISION = 200                # digits of the arithmetic: exact for every number the scanner reads


@dataclass(frozen=True)
class Amount:
    """One amount found in a text: span, value with 万/亿 folded in, normalized unit, comparator."""

    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    comparator: str
    approx_class: bool = False


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
          "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
          "九": 9, "玖": 9}
_SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNIT = (("亿", 10 ** 8), ("億", 10 ** 8), ("万", 10 ** 4), ("萬", 10 ** 4))
_ARABIC_RE = re.compile(r"(?:\d+(?:,\d{3})*)(?:\.\d+)?(?:[eE][+-]?\d{1,3})?")
_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|.")


def _clean(d: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (1.25E+12 -> 1250000000000)."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        if d == d.to_integral_value():
            return Decimal(int(d))
        return d.normalize()


def in_range(value: Decimal) -> bool:
    """Whether ``value`` is an amount kg keeps: below MAX_VALUE in absolute value, at most
    MAX_DECIMALS decimal places."""
    return abs(value) < MAX_VALUE and -value.as_tuple().exponent <= MAX_DECIMALS


def parse_number(s: str) -> Decimal:
    """Parse an Arabic, Chinese or mixed numeral into a Decimal.

    ``"2,260"`` -> 2260, ``"92.5"`` -> 92.5, ``"十六"`` -> 16, ``"一千二百"`` -> 1200, ``"两"`` -> 2,
    ``"百"`` -> 100, ``"1.25万亿"`` -> 1250000000000, ``"一亿二千万"`` -> 120000000,
    ``"三千五"`` -> 3500, ``"三点五"`` -> 3.5, ``"二〇二四"`` -> 2024 (digit by digit).
    Full-width digits and scientific notation (``"1E+10"``) are accepted; a leading ``-``, ``−``
    or 负 makes the number negative. The arithmetic is exact (no rounding at 28 digits).
    Anything else (empty, letters, units, malformed) raises ValueError.
    """
    if not isinstance(s, str):
        raise ValueError(f"not a numeral: {s!r}")
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))
    sign = 1
    if t[:1] in ("-", "−", "负"):
        sign, t = -1, t[1:]
    if not t:
        raise ValueError(f"not a numeral: {s!r}")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        try:
            value = _parse_big(t)
        except (InvalidOperation, KeyError, IndexError) as exc:  # pragma: no cover - defensive
            raise ValueError(f"not a numeral: {s!r}") from exc
        return _clean(value * sign)


def _parse_big(t: str) -> Decimal:
    """A numeral that may hold 亿 and 万 sections: split at the last 亿, then at the last 万."""
    for ch, mult in _BIG_UNIT:
        i = t.rfind(ch)
        if i < 0:
            continue
        left, right = t[:i], t[i + 1:]
        head = _parse_big(left) if left else Decimal(1)
        if not right:
            return head * mult
        if len(right) == 1 and right in _DIGIT and right not in "零〇○":
            # 一万五 = 15000: a lone digit after the section takes the next lower place.
            return head * mult + _DIGIT[right] * (mult // 10)
        if right[0] in "零〇○":
            right = right.lstrip("零〇○")
            if not right:
                return head * mult
        return head * mult + _parse_big(right)
    return _parse_small(t)


def _parse_small(t: str) -> Decimal:
    """A numeral below 万: Arabic, Chinese with 十/百/千, a digit string, or 三点五."""
    if _ARABIC_RE.fullmatch(t):
        return Decimal(t.replace(",", ""))
    if "点" in t:
        whole, _, frac = t.partition("点")
        if not frac or any(c not in _DIGIT for c in frac):
            raise ValueError(f"not a numeral: {t!r}")
        head = _parse_small(whole) if whole else Decimal(0)
        return head + Decimal("0." + "".join(str(_DIGIT[c]) for c in frac))
    if len(t) > 1 and all(c in _DIGIT for c in t):
        # 二〇二四, 一九八四: read digit by digit.
        return Decimal("".join(str(_DIGIT[c]) for c in t))
    total = Decimal(0)
    current: Decimal | None = None
    last_unit: int | None = None
    after_zero = False
    for tok in _TOKEN_RE.findall(t):
        if tok[0].isdigit():
            if current is not None:
                raise ValueError(f"not a numeral: {t!r}")
            current = Decimal(tok)
        elif tok in _DIGIT:
            if tok in "零〇○":
                after_zero = True
                continue
            if current is not None:
                raise ValueError(f"not a numeral: {t!r}")
            current = Decimal(_DIGIT[tok])
        elif tok in _SMALL_UNIT:
            unit = _SMALL_UNIT[tok]
            if last_unit is not None and unit >= last_unit:
                raise ValueError(f"not a numeral: {t!r}")
            total += (current if current is not None else 1) * unit
            current, last_unit, after_zero = None, unit, False
        else:
            raise ValueError(f"not a numeral: {t!r}")
    if current is not None:
        if last_unit is not None and last_unit >= 100 and not after_zero:
            total += current * (last_unit // 10)  # 三千五 = 3500
        else:
            total += current
    elif last_unit is None:
        raise ValueError(f"not a numeral: {t!r}")
    return total


# ---------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------

_CURRENCY = {
    "元人民币": "CNY", "人民币元": "CNY", "人民币": "CNY", "元": "CNY",
    "美元": "USD", "美金": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD", "日元": "JPY",
    "英镑": "GBP", "韩元": "KRW", "卢布": "RUB", "澳元": "AUD", "加元": "CAD", "新加坡元": "SGD",
    "瑞士法郎": "CHF", "新台币": "TWD", "澳门元": "MOP",
}
_PERCENT = {"%": "%", "％": "%", "‰": "‰", "个百分点": "个百分点", "百分点": "个百分点"}
_MEASURE = (
    "平方公里 平方千米 平方米 立方米 千瓦时 兆瓦时 万千瓦时 千瓦 兆瓦 吉瓦 千伏 公里 千米 公顷 公斤 千克 "
    "标准箱 标箱 海里 摄氏度 微克 毫克 毫米 厘米 亩 吨 米 克 斤 升 度 瓦 伏 倍"
).split()
_ASCII = {"kWh": "千瓦时", "MWh": "兆瓦时", "GWh": "吉瓦时", "TWh": "太瓦时", "kW": "千瓦", "MW": "兆瓦",
          "GW": "吉瓦", "km²": "平方公里", "km": "公里", "kg": "千克", "m²": "平方米", "m³": "立方米",
          "TEU": "标准箱"}
_TIME = "个多月 个月 个小时 个工作日 工作日 个星期 星期 周年 周岁 小时 分钟 年 天 周 秒 岁".split()
_COUNTER = (
    "人次 架次 车次 班次 艘次 户次 个 家 项 辆 人 名 位 口 座 条 处 户 所 台 套 架 艘 列 批 件 份 种 类 款 "
    "场 次 起 例 宗 笔 张 本 篇 部 支 只 头 株 棵 颗 片 块 间 栋 幢 层 床 轮 组 根 成"
).split()
# A unit character that begins a longer word is no unit there: 三部门, 1000万家庭 ...
_NOT_FOLLOWED_BY = {
    "元": "化素件首", "部": "门委署分长位", "人": "民才员", "家": "庭族园乡电具长", "户": "籍口外型",
    "所": "有属在长以得", "处": "理长置于在罚", "条": "件例款约", "座": "谈位", "台": "湾阶风",
    "名": "单称额义字列", "口": "岸径号罩", "起": "来草步点码源航飞始", "次": "日年要会全", "场": "所景地馆",
    "本": "地身次届年月", "种": "子植", "只": "是有要能", "支": "持付撑出援部", "头": "部条",
    "片": "区", "颗": "粒", "组": "织成建合", "根": "据本", "位": "于置居列", "个": "人体性税案",
    "年": "代龄轻级", "天": "然津气下空地", "周": "边期围末一二三四五六日", "克": "服", "升": "级高值温",
    "度": "过", "架": "构设", "列": "入为车", "套": "餐", "款": "项", "宗": "教", "例": "如",
    "批": "准复示评", "层": "次级面", "轮": "胎", "份": "额", "篇": "章", "成": "为了功本果员长立交效就绩都熟型品片网链群批套年人分型",
    "米": "饭粮", "伏": "案",
}
_UNITS: dict[str, tuple[str, str]] = {}  # surface -> (normalized unit, kind)
for _u, _code in _CURRENCY.items():
    _UNITS[_u] = (_code, "money")
for _u, _code in _PERCENT.items():
    _UNITS[_u] = (_code, "percent")
for _u in _MEASURE:
    _UNITS[_u] = (_u, "measure")
for _u, _code in _ASCII.items():
    _UNITS[_u] = (_code, "measure")
for _u in _TIME:
    _UNITS[_u] = ({"个多月": "个月", "个小时": "小时", "个工作日": "工作日", "个星期": "周", "星期": "周"}.get(_u, _u),
                  "time")
for _u in _COUNTER:
    _UNITS[_u] = (_u, "counter")
_UNITS["成"] = ("%", "tenth")
_UNIT_RE = re.compile("|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True)))

# ---------------------------------------------------------------------------------------------
# Comparators
# ---------------------------------------------------------------------------------------------

_PRE = {
    "不超过": "<=", "未超过": "<=", "不高于": "<=", "不多于": "<=", "最多": "<=", "至多": "<=", "最高": "<=",
    "不到": "<", "不足": "<", "低于": "<", "少于": "<", "未满": "<", "未达": "<", "不及": "<",
    "不少于": ">=", "不低于": ">=", "至少": ">=", "最少": ">=", "最低": ">=",
    "超过": ">", "超出": ">", "突破": ">", "高于": ">", "大于": ">", "多于": ">", "逾": ">", "超": ">",
    "超过了": ">", "超出了": ">", "突破了": ">",
    "约为": "~", "大约": "~", "约合": "~", "大概": "~", "接近": "~", "将近": "~", "约": "~", "近": "~",
}
_PRE_RE = re.compile("(?:" + "|".join(sorted(_PRE, key=len, reverse=True)) + r")[ \t\u3000]*$")
# Characters that, before a one-character comparator, make it part of another word.
_PRE_BLOCK = {"超": "赶高", "约": "签合公节预制条违履特邀相契婚誓守践失解毁缔续爽赴应集",
              "近": "最附靠邻就亲贴", "逾": ""}
_POST = {"以上": ">", "以下": "<", "左右": "~", "上下": "~", "以内": "<=", "之内": "<=", "开外": ">"}
_POST_RE = re.compile(r"[ \t\u3000]*(以上|以下|左右|上下|以内|之内|开外)")

# ---------------------------------------------------------------------------------------------
# Scanner
# ---------------------------------------------------------------------------------------------

_SP = r"[ \t\u3000]*"
_AR = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?(?:[eE][+\-]?[0-9]{1,3}(?![0-9]))?"
_MINUS = "-－−"
_CD = "零〇○一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CU = "十拾百佰千仟"
_CLIMB = "迈登跃站赶冲踏攀跟追爬走"   # verbs before 上 (迈上, 赶上): then 上 makes no amount "more than"
_STEP = ("台阶", "大关")                 # 迈上万亿元台阶, 站上千亿大关: an order of magnitude reached
_STEP_AHEAD = rf"(?:元|美元)?(?:{'|'.join(_STEP)})"
_CORE_RE = re.compile(
    rf"{_AR}[{_CU}万亿萬億]*"
    rf"|[{_CD}{_CU}](?:[{_CD}{_CU}万亿萬億]|点(?=[{_CD}]))*"
    rf"|[万亿](?=\S{{1,3}}级)"
    rf"|(?<=上)(?<![{_CLIMB}]上)(?:万亿|万|亿)(?![万亿])"   # 上万家, 上亿元 (not 迈上万亿元台阶)
    rf"|(?<=[{_CLIMB}]上)(?:万亿|万|亿)(?={_STEP_AHEAD})"   # 迈上万亿元台阶: an order of magnitude
)
_MULT_RE = re.compile(r"万亿|亿|万|千|百")
_MULT = {"万亿": 10 ** 12, "亿": 10 ** 8, "万": 10 ** 4, "千": 1000, "百": 100}
_SEP_RE = re.compile(rf"{_SP}[至到—\-－~～–]{_SP}")
_LIST_SEP_RE = re.compile(rf"{_SP}[、和及与或]{_SP}")
_SP_RE = re.compile(_SP)
_MORE_RE = re.compile(rf"{_SP}[余多]")
_CLASS_RE = re.compile(rf"{_SP}级(?![别数差])")
_YEAR_AFTER_RE = re.compile(rf"{_SP}年")
_YEAR_RANGE_AFTER_RE = re.compile(rf"{_SP}[至到—\-－~～–、]{_SP}[0-9０-９]{{4}}{_SP}年")
_IDIOMS = (
    "千家万户", "万家灯火", "千方百计", "万无一失", "千军万马", "万水千山", "百花齐放", "百家争鸣", "三番五次", "四面八方",
    "七上八下", "一五一十", "千千万万", "成千上万", "数以万计", "千百年", "一国两制", "两个确立", "两个维护",
    "四个意识", "四个自信", "四个全面", "五位一体", "三个代表", "三个务必", "两个结合", "两个大局", "两个一百年",
    "一个中国", "一成不变", "八项注意", "三大纪律", "三令五申", "五湖四海", "九牛一毛", "一干二净", "十全十美", "百年大计", "百尺竿头",
)
_PROTECTED_RE = re.compile(r"《[^《》]*》|〈[^〈〉]*〉|「[^「」]*」|『[^『』]*』"
                           r"|“[^“”，。；！？：\n]{1,12}”|\"[^\"，。；！？：\n]{1,12}\"|‘[^‘’，。；！？：\n]{1,12}’")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def _protected(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PROTECTED_RE.finditer(text)]
    for idiom in _IDIOMS:
        start = text.find(idiom)
        while start >= 0:
            spans.append((start, start + len(idiom)))
            start = text.find(idiom, start + 1)
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


@dataclass
class _Cand:
    """A number read at one place, before ranges are merged."""

    start: int
    end: int
    value: Decimal
    unit: str
    kind: str
    comparator: str          # from words, "" when none
    approx_class: bool
    core_mult: int           # multiplier written at the end of the number (5万 -> 10000)
    bare: bool               # no unit, no multiplier: only usable as the first half of a range


def _is_year(core: str, text: str, end: int) -> bool:
    """2024年, 1926 年, and the first year of 2024-2026年."""
    digits = unicodedata.normalize("NFKC", core)
    if re.fullmatch(r"[0-9]{4}", digits) and 1000 <= int(digits) <= 2199:
        if _YEAR_AFTER_RE.match(text, end):
            return True
        if _YEAR_RANGE_AFTER_RE.match(text, end):
            return True
    return False


def _read(text: str, m: re.Match, spans, floor: int = 0) -> _Cand | None:
    """Read one candidate amount at a core-number match, or None when it is no amount.

    ``floor`` is where the previous amount ended: words before it belong to that amount."""
    cs, ce = m.span()
    core = m.group()
    if _inside(cs, spans):
        return None
    # A unit that starts with a numeral character: 3千瓦, 1420万千瓦, 5百分点.
    if core[-1] in "千百" and len(core) > 1:
        u = _UNIT_RE.match(text, ce - 1)
        if u and u.group()[0] == core[-1]:
            ce -= 1
            core = core[:-1]
    before = text[max(0, cs - 6):cs]
    prev = before[-1:] if before else ""
    if prev and prev in "第±数几届每" or (prev.isascii() and prev.isalpha()):
        return None
    if prev in "-－" and len(before) >= 2 and before[-2].isascii() and before[-2].isalnum():
        return None  # 歼-20, COVID-19
    negative = _minus_before(text, cs, core)
    if _is_year(core, text, ce):
        return None
    chinese = core[0] not in "0123456789０１２３４５６７８９"
    if chinese and len(core) > 1 and all(c in _DIGIT for c in core):
        return None  # 二〇二四, 九三: digit strings are years or names
    if chinese and all(c in "零〇○" for c in core):
        return None
    try:
        value = parse_number(core)
    except ValueError:
        return None
    if negative:
        value = -value
    core_mult = 1
    for mw in ("万亿", "亿", "万", "億", "萬"):
        if core.endswith(mw):
            core_mult = _MULT.get(mw, 10 ** 8 if mw == "億" else 10 ** 4)
            break

    pos = ce
    comparator_after = ""
    # 余/多 right after the number, then maybe a multiplier: 300余家, 100多万元.
    g = _MORE_RE.match(text, pos)
    if g and _unit_or_mult_at(text, g.end()):
        comparator_after = ">"
        pos = g.end()
    mult = 1
    look = _SP_RE.match(text, pos).end()
    unit_first = _UNIT_RE.match(text, look)
    mm = None if unit_first and unit_first.group()[0] in "千百" else _MULT_RE.match(text, look)
    if mm:
        mult = _MULT[mm.group()]
        pos = mm.end()
        core_mult *= mult
        g = _MORE_RE.match(text, pos)
        if not comparator_after and g and _UNIT_RE.match(text, g.end()):
            comparator_after = ">"
            pos = g.end()
    value = value * mult

    unit, kind = "", ""
    half = False
    um = _UNIT_RE.match(text, _SP_RE.match(text, pos).end())
    if um:
        surface = um.group()
        after = text[um.end():um.end() + 1]
        if after and after in _NOT_FOLLOWED_BY.get(surface, ""):
            um = None
        elif surface.isascii() and after.isascii() and after.isalnum():
            um = None
    if um:
        surface = um.group()
        unit, kind = _UNITS[surface]
        pos = um.end()
        if surface == "个多月":
            comparator_after = comparator_after or ">"
        if kind == "tenth":
            value, kind = value * 10, "percent"
        # A rate: 500元/吨.
        if text.startswith("/", pos):
            um2 = _UNIT_RE.match(text, pos + 1)
            if um2:
                unit = f"{unit}/{_UNITS[um2.group()][0]}"
                pos = um2.end()
        if kind == "time" and text[pos:pos + 1] == "多":
            comparator_after = comparator_after or ">"
            pos += 1
        elif kind in ("time", "counter") and text[pos:pos + 1] == "半" and not unit.startswith("个"):
            value, half = value + Decimal("0.5"), True  # 一年半, 3天半
            pos += 1
    elif _is_glued_latin(text, pos):
        return None

    approx_class = False
    g = _CLASS_RE.match(text, pos)
    if g and (unit or core_mult > 1) and kind != "time":  # 三年级 is a school grade
        approx_class = True
        pos = g.end()
    elif text.startswith(_STEP, pos) and core_mult > 1 and text[cs - 2:cs - 1] in _CLIMB \
            and text[cs - 1:cs] == "上":
        approx_class = True   # 迈上万亿元台阶 (the guidelines' ~)

    g = _POST_RE.match(text, pos)
    if g:
        comparator_after = _POST[g.group(1)]
        pos = g.end()
    elif kind == "time" and text[pos:pos + 1] == "内":
        comparator_after = "<="
        pos += 1

    # Comparator and currency words before the number.
    start = cs - 1 if negative else cs
    comparator_before = ""
    if text[max(0, start - 3):start] == "百分之" and not unit:
        start -= 3
        unit, kind = "%", "percent"
    for _ in range(2):
        head = text[max(floor, start - 8):start]
        cm = _PRE_RE.search(head)
        if cm and not comparator_before:
            word = cm.group().strip(" \t\u3000")
            wstart = start - len(cm.group())
            blockers = _PRE_BLOCK.get(word)
            if blockers is None or not (wstart > 0 and text[wstart - 1] in blockers):
                comparator_before = _PRE[word]
                start = wstart
                continue
        cur = re.search(rf"人民币{_SP}$", head)
        if cur:
            start -= len(cur.group())
            if not unit or unit == "CNY":
                unit, kind = "CNY", "money"
            continue
        break
    reached = False
    if (not comparator_before and start - 1 >= floor and text[start - 1:start] == "上"
            and text[start - 2:start - 1] not in ("以", *_CLIMB) and core[0] in "百千万亿"):
        # 上千家, 上万家: reaching a thousand, ten thousand - more than it (the guidelines' 上万: >)
        comparator_before, start, reached = ">", start - 1, True

    if prev == "前" and (unit in ("个月", "名", "位") or text[pos:pos + 2] in ("季度", "强")):
        return None  # 前5个月, 前10名: a period or a rank, not a quantity
    if chinese and core in ("一", "壹") and kind not in ("money", "percent") \
            and not comparator_before and not comparator_after and not half:
        return None  # 一个, 一批, 关键一年, 一度: the indefinite article or an adverb
    if core in ("万", "亿", "万亿") and not approx_class and not reached:
        return None
    if chinese and not unit and not approx_class:
        return None  # 双百亿, 三万: a Chinese numeral needs a unit to be read as an amount

    if comparator_before == "~" and text[max(0, cs - 4):cs].rstrip(" \t\u3000").endswith("近") and kind == "time":
        # 近三年来, (句首)近5年: the last N years, a window rather than an approximation.
        wstart = start
        if text[pos:pos + 1] == "来" or wstart == 0 or text[wstart - 1] in "，。；：、,;:\n（(":
            comparator_before = "="

    comparator = comparator_before or comparator_after or ("~" if approx_class else "")
    bare = not unit and core_mult == 1 and not approx_class
    return _Cand(start, pos, _clean(value), unit, kind, comparator, approx_class, core_mult, bare)


def _minus_before(text: str, cs: int, core: str) -> bool:
    """A minus sign right before the number at ``cs``: -5亿元, 增长-2.3%, 超-5%, 负5% (not the dash of
    a range 3-5年, nor of a name COVID-19, nor 正负5%)."""
    sign = text[cs - 1:cs]
    if not (sign and sign in _MINUS or sign == "负" and core[:1].isdigit()):
        return False
    before = text[cs - 2:cs - 1] if cs >= 2 else ""
    if before and (before in _DIGIT or before in _CU or before.isdigit() or before.isascii() and before.isalnum()
                   or before in "正±"):
        return False
    return True


def _unit_or_mult_at(text: str, pos: int) -> bool:
    look = _SP_RE.match(text, pos).end()
    return bool(_UNIT_RE.match(text, look) or _MULT_RE.match(text, look))


def _is_glued_latin(text: str, pos: int) -> bool:
    nxt = text[pos:pos + 1]
    return bool(nxt) and nxt.isascii() and nxt.isalpha()


def find_amounts(text: str) -> list[Amount]:
    """Every amount in ``text`` (a sentence or an article), in order of appearance."""
    if not text:
        return []
    with localcontext() as ctx:
        ctx.prec = _PRECISION  # exact: 12345678901234567890123456789万亿 is not rounded
        return _find_amounts(text)


def _find_amounts(text: str) -> list[Amount]:
    spans = _protected(text)
    cands: list[_Cand] = []
    pos = 0
    while True:
        m = _CORE_RE.search(text, pos)
        if not m:
            break
        cand = _read(text, m, spans, cands[-1].end if cands else 0)
        if cand is None:
            pos = m.end()
            continue
        cands.append(cand)
        pos = max(cand.end, m.start() + 1)
    return _merge_ranges(text, cands)


@lru_cache(maxsize=1024)
def _out_of_range(text: str, value: Decimal) -> None:
    """Say once per expression (the extractors read a sentence more than once) that it is not read."""
    log.warning("amount %r (%s) is outside the range kg keeps (absolute value below 1e20, at most %d decimal "
                "places): not read", text, value, MAX_DECIMALS)


def _multiplier_only(c: _Cand) -> bool:
    """1000亿 in 1000亿—2000亿元: a number with a multiplier and no unit of its own."""
    return not c.unit and c.core_mult > 1 and not c.approx_class


def _merge_ranges(text: str, cands: list[_Cand]) -> list[Amount]:
    """Join ``A至B unit`` ranges and ``A、B和C unit`` lists, then drop what is still no amount
    (a bare number)."""
    # Lists share the last unit: 分别增长3.2、4.5和5.1个百分点; 0.9个和1.2个百分点.
    for i in range(len(cands) - 2, -1, -1):
        a, b = cands[i], cands[i + 1]
        if not _LIST_SEP_RE.fullmatch(text, a.end, b.start) or b.bare:
            continue
        if a.bare or _multiplier_only(a):
            a.value = _clean(a.value * (b.core_mult if a.core_mult == 1 else 1))
            a.unit, a.kind, a.bare = b.unit, b.kind, False
        elif a.unit == "个" and b.unit == "个百分点":
            a.unit, a.kind = b.unit, b.kind
    for a, b in zip(cands, cands[1:]):
        sep = _SEP_RE.fullmatch(text, a.end, b.start)
        if not sep or b.bare:
            continue
        if a.bare or _multiplier_only(a):
            scale = b.core_mult if a.core_mult == 1 else 1
            a.value = _clean(a.value * scale)
            a.unit, a.kind, a.bare = b.unit, b.kind, False
            a.approx_class = b.approx_class
        elif a.unit != b.unit:
            continue
        a.comparator = a.comparator or ">="
        b.comparator = b.comparator or "<="
    out = []
    for c in cands:
        if c.bare:
            continue
        if not in_range(c.value):
            _out_of_range(text[c.start:c.end], c.value)
            continue
        out.append(Amount(c.start, c.end, text[c.start:c.end], c.value, c.unit, c.comparator or "=",
                          c.approx_class))
    return out
