"""figure: an amount about a named subject (前海合作区数字经济规模2025年有望突破600亿元).

Every amount that kg.normalize.amounts finds in a sentence becomes a Figure when a named subject can
be given to it; a number about nobody (近日，一家企业投资5亿元) is no fact. For each amount:

subject
    The sentence is cut into clauses at ，；：. A clause's subject is what stands at its start (after
    time words such as 目前, 2024年, 截至去年底 and an amount that quantifies it, 232个…): a mention
    of a place, site, organisation or plan, a zone or project name ending in a head word (…新片区,
    …开发区, …工程, …有限公司), a quoted name (“东方药谷”挂牌以来), the X of 在X方面, or a word
    that points back to one (全省 -> the article's province, 全市 -> its city, 全区 -> the autonomous
    region or the district, 全县/该县, 该省, 该市, 区内/园区 -> the last zone named, 工程/该项目 -> the
    last project, 公司/该公司 -> the last company), or, after 提出/明确, the document approved earlier in
    the sentence. A place that only qualifies an actor the entity stage missed (郑州分局…, 四川电视台…)
    or heads a list (武汉等5个城市) is no subject, nor is a name inside a longer word (中国共产党), an
    organ without its place (市委), a generic phrase (有关公司) or a title that is no document. The
    amount takes
    the subject of its own clause, else of the nearest clause before it in the sentence, else the
    subject carried over from an earlier sentence of the same paragraph (lower confidence). A quote
    spoken in the first person (“我们累计投入5亿元……”) takes the organisation of the speaker named
    right after it (海星科技有限公司董事长某某说). People are never subjects of figures: a clause
    about a person or a pronoun (他先后走访了3家企业) stops the search, and a clause that only names
    a source (国家统计局发布数据显示，) is skipped. Headlines and subheads (short lines without a
    sentence end) give no figures: the body states the same numbers with their year and subject.

value, unit, comparator
    From the amount (万/亿 folded, ISO currency codes; 超/逾/余/多 >, 不到 <, 约/近/级 ~).
    Durations (1年多, 5年内), bare multipliers with no unit (3.4亿农村人口), numbers in titles and
    dates are skipped; so is a count that only quantifies the subject itself (232个国家级经开区共有…),
    a small count written in words (四条铁路线, 两台机床: prose, not statistics), an order of
    magnitude (千亿级) whose subject is not in the sentence, and a count of a text's parts (四个方面,
    16项政策举措) unless the subject is the document itself.

year
    The last year expression before the amount in the sentence: an explicit year (2024年, 到2024年,
    1984年), a date resolved against the publication date (截至去年底 -> last year, 今年以来, 7月4日),
    or a future period in the amount's clause (未来三年 -> kg.normalize.dates.future_period_year,
    anchored on the last explicit year before it when the article has no publication date). A date in
    an earlier clause counts only when it frames that clause (2024年，…; 江苏省2024年…), not inside
    its predicate (成立于2010年, 1897年创立); 比去年 is a comparison base, and 目前/现有 after the
    date mean "now". None when the sentence gives none.

status
    forecast for 有望/预计/预期 in the amount's clause, or for a whole sentence opened by 据测算，/预计…，;
    target for 力争/目标/计划/将/争取/到<future year>/未来N年/N年内 before it in the sentence; actual
    otherwise, and also when an "already" word (已, 已经, 累计, 截至, 目前) stands between the cue
    and the amount. The nearest cue wins.

metric
    The noun phrase before the number in its clause, without the subject, time words, cue words and
    the verb that leads to the number (集成电路产业规模, 总合同约定投资额); when the number comes
    before the noun (集聚500家…企业, 设立了首批14家…开发区) the noun after it is added.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import groupby

from kg.extract import Extractor, register
from kg.nlp.lexicon import alternation, lexicon
from kg.nlp.words import Words, tag
from kg.normalize.amounts import Amount, find_amounts
from kg.normalize.dates import find_dates, future_period_year
from kg.nlp.coref import definite_reference
from kg.nlp.mention_index import MentionIndex
from kg.types import MEETING, ORGANIZATION, PERSON, PLACE, PLAN, POSITION, SITE, Figure, Mention, Sentence

# Types that can be the subject of a figure.
SUBJECT_TYPES = (PLACE, SITE, ORGANIZATION, PLAN)
CLAUSE_SPLIT = re.compile(r"[，；：,;:…]")
CLAUSE_SCAN_RE = re.compile(r"[，；：,;:…《（(》）)]")  # clause marks and the brackets they do not cut inside

# The word lists of the frame are data: kg/resources/lexicon/frames.toml, [figure].
_F = lexicon().frames["figure"]


def _words(key: str) -> tuple[str, ...]:
    return tuple(_F[key])


def _alt(*keys: str) -> str:
    return alternation([w for k in keys for w in _F[k]])


TIME_UNITS = frozenset(_words("time_units"))
CURRENT_YEAR_LEADS = _words("current_year_leads")
DESIGNATION_RE = re.compile(_alt("designations"))
DISTANCE_UNITS, DISTANCE_TAILS = frozenset(_words("distance_units")), _words("distance_tails")
INDEFINITE_THINGS, SIZE_WORDS = _words("indefinite_things"), _words("size_words")
ZONE_HEADS = _words("zone_heads")
PROJECT_HEADS = _words("project_heads")
COMPANY_HEADS = _words("company_heads")
# Leading words of a clause that come before its subject (and list markers: 一是, 第一).
LEAD_RE = re.compile(f"(?:{_alt('lead')}|[一二三四五六七八九十]是|第[一二三四五六七八九十])")
# Words that point back to a subject named earlier.
PROVINCE_REFS, CITY_REFS, REGION_REFS = _words("province_refs"), _words("city_refs"), _words("region_refs")
COUNTY_REFS, TOWN_REFS, VILLAGE_REFS = _words("county_refs"), _words("town_refs"), _words("village_refs")
ZONE_REFS, PROJECT_REFS, COMPANY_REFS = _words("zone_refs"), _words("project_refs"), _words("company_refs")
# A quote that speaks for the speaker's company (“我们…”, “公司…”), not of the country (我国).
SPEAKS_FOR_RE = re.compile(r"我们|我(?![国省市区县])|" + _alt("company_refs"))
REFERENCE_RE = re.compile(_alt("province_refs", "city_refs", "region_refs", "county_refs", "town_refs", "village_refs",
                               "zone_refs", "project_refs", "company_refs"))
MUNICIPALITIES = ("北京", "上海", "天津", "重庆", "北京市", "上海市", "天津市", "重庆市")

FORECAST_RE = re.compile(_alt("forecast"))
FRAME_FORECAST_RE = re.compile(r"^(?:据测算|据估算|据预测|预计|预测|据预计)[^，。,]{0,12}[，,]")
TARGET_RE = re.compile(r"(?:到|至)本世纪|(?:到|至)“?十[一二三四五六七八九]五”?末|力争|目标(?!任务|的)|计划(?!生育|单列)|争取|确保|规划|拟|(?<![即])将(?![近军领士一这那该其原所此收])|即将|下一个?[一二三四五六七八九十\d]+年|"
                       r"未来[一二三四五六七八九十两\d]+年|今后[一二三四五六七八九十两\d]+年|[一二三四五六七八九十两\d]+年内")
BY_YEAR_RE = re.compile(r"(?:到|至)\s*(\d{4})\s*年")
ACTUAL_RE = re.compile(f"{_alt('actual')}|(?<![比较])(?:去年|上年|前年)")
# a number inside one of these names is part of the name
NAME_TYPES = (SITE, ORGANIZATION, PLAN, MEETING)
EVENT_VERBS = _words("event_verbs")
GROWTH_END_RE = re.compile(r"(?:同比|环比|比上年|较上年)?(?:增长|下降|提高|降低|增加|减少)了?$")
NOW_RE = re.compile(r"目前|当前|现有|现在|如今")
# A clause that is a copula and a name (…的，则是某某博物馆): the name is what the sentences after it are about.
CLEFT_RE = re.compile(r"(?:则|就|便|正|即)是")
# A figure dated this many years before the publication, whose subject the sentence does not name, is
# part of a story of the past (1950年，当时的某专区15个县…).
HISTORY_YEARS = 20
# Changes said of several figures at once, in their order (分别增长15%和20%).
RESPECTIVE_RE = re.compile(r"分别(?:同比|比上年)?(增长|下降|提高|降低|增加|减少|上升)")
# The starting value of a change over a span of years (2021年到2024年，产值从5亿元增加到8亿元).
FROM_RE = re.compile(r"(?:从|由)(?:约|近|超|超过)?$")
# A date after 比/较 is the base of a comparison (比去年增加400亿元), not the figure's year.
COMPARED_RE = re.compile(r"(?:比|较|同比|环比)$")
TITLE_RE = re.compile(r"《[^《》]*》")
# Cue and link words stripped from the ends of a metric.
METRIC_TRAIL = re.compile(r"(?:的|和|及|与|、|达到|达|为|是|约为|实现|拥有|具有|现有|持有|有|共有|共计|合计|总计|提升|提高|增长|"
                          r"增至|增加|超|力争|目标|有望|预计|预期|将|已经|已|可|均|也|都|同比|累计|从|由|突破|超过|计|"
                          r"更是|更|就|便|则|仍|才|了)+$")
METRIC_LEAD = re.compile(r"^(?:提出|明确|比|较|决定|力争|争取|目标|计划|预计|有望|确保|其中|目前|当前|同时|共|已经|已|全年|并|且|又|还|"
                         r"以及|和|及|与|可|将|均|也|分别|我们|我|里的|内的|的|却|但|仍|仅|就|了|这座|这个|这家|这些|该)+")
VERB_LEADS = {"投建", "新建", "在建", "建成", "投运", "开工", "签约", "落地", "引进", "打造", "建设", "完成", "形成"}
# Counts of the parts of a document (四个方面, 16项政策举措): figures only about the document itself.
LIST_COUNT_RE = re.compile(f"^(?:个|项|条|大)?(?:{_alt('text_parts')})")
SPEC_UNITS = frozenset(_words("spec_units"))
CURRENCIES = frozenset(("CNY", "USD", "EUR", "HKD", "JPY", "GBP"))
NON_COUNTERS = frozenset(_words("measures"))
SHARE_UNITS = frozenset(("%", "‰", "个百分点"))
PREPOSITIONS = _words("prepositions")
MEASURE_END_RE = re.compile(r"(?:规模|总值|总额|产值|金额|比例|比重|占比|[率量额])$")
LEAD_VERB_RE = re.compile(r"^(?:打造|形成|实现|推动|带动|完成|创造|达成)")
# Verbs after which the number comes before the noun it counts: 集聚500家企业, 设立了首批14家开发区.
NOUN_AFTER_VERBS = re.compile(r"(?:设立了?|建成了?|新建|投建|形成了?|集聚|打造|吸引|拥有|培育|引进|新增|完成了?|签约|包括|"
                              r"共有|有|聚集|汇聚|入驻|落户|提升)")
# A clause that only names the source of what follows (国家统计局发布数据显示，…): its subject is no subject.
REPORTING_RE = re.compile(f"(?:{_alt('reporting')})[，,：:]?$")
REPORTING_OPEN = re.compile(f"(?:{_alt('reporting')})(?=[\u4e00-\u9fff])")
DOCUMENT_VERB_RE = re.compile(r"提出|明确")
# People named by their role after an organisation (某某委员会负责同志介绍…).
PERSON_ROLE_RE = re.compile(_alt("person_roles"))
# Last characters of organisation heads (分局, 电视台, 出版社, 医院, 工厂, 大厦 ...).
ORG_CHARS = set("局社台厂院团馆所部委会司行店校报厦站队处办组")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]*")
HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
# Words that make a name generic (有关公司, 相关部门) or a list marker (一是…).
GENERIC_RE = re.compile(f"{_alt('generic')}|^[一二三四五六七八九十]是|^其[一二三]")
# Titles of documents (a Plan subject must be one: 《意见》 yes, 《人民日报》 no).
DOCUMENT_END_RE = re.compile(f"(?:{_alt('document_ends')})(?:（[^（）]*）)?$")
# A clause that only sets the time of what follows (…颁布《决定》后，): its subject is not the next one's.
SUBORDINATE_RE = re.compile(r"(?:之后|以后|(?<![然最落])后|之前|以前|(?<![瓦小工及同])时|期间)[，,；;]$")
PRONOUNS = ("他们", "她们", "他", "她")
EXAMPLE_RE = re.compile(r"以([^，。；]{2,20}?)为例")
# organs of government and party (their officials' figures are not the organ's)
ORGAN_RE = re.compile(r"(?:党委|党工委|党组|市委|省委|区委|县委|州委|书记处|政治局|常委会|中共中央|中央|纪委|政府|人大|政协|"
                      r"部|局|厅|委|办|署)$")
QUOTE_NAME_RE = re.compile(r"“([\u4e00-\u9fff]{2,10})”")
NUMERAL_CHARS = set("0123456789一二三四五六七八九十百千万亿两〇零")
# an amount that quantifies the subject after it (232个国家级经开区, 约60%的国家级经开区)
QUANTIFIED_RE = re.compile(r"(?:约|近|超过|超)?[\d.,]+(?:万|亿)?(?:个|家|座|所|项|%)的?")
ASPECT_RE = re.compile(r"在([^，。]{2,30}?)方面")
PHRASE_CHARS_RE = re.compile(r"[的是我你了吗呢]")   # a quoted phrase, not a name
BUILDS_RE = re.compile(r"打造|建设|建成|形成|培育|成为|是")
SENTENCE_END_RE = re.compile(r"[。！？!?]")
QUOTED_EPITHET_RE = re.compile(r"“[^”]{2,12}”")   # “中国丝网之乡”某某县
ATTRIBUTION_RE = re.compile(r"^[”\"]?([^，。“”]{2,40}?)(?:说|介绍|表示|称|指出|告诉记者)")


@dataclass(frozen=True)
class _Subject:
    mention: Mention
    start: int          # offset of the subject's words in the article text (where it was read)
    end: int
    carried: bool = False
    person: Mention | None = None   # for a blocked clause: the person it is about


@register("figure")
class FigureExtractor(Extractor):
    version = "1"

    def __call__(self, doc):
        text = doc._.article.text
        article = doc._.article
        published = article.published if article is not None else None
        mentions = MentionIndex.of(doc)
        if mentions.starts and mentions.starts[0] < 0:
            mentions = MentionIndex(m for m in mentions if m.start >= 0)
        names = _Names(text, mentions, Words.of(doc), {alias.text for _, alias in doc._.aliases or ()})
        lines = names.lines
        topic = _Topic()
        para_start, para_years = -1, _YearFrames(published)
        section: _Subject | None = None
        sentences = list(doc._.sentences)
        article_year = _report_year(lines, sentences, published)
        for si, sent in enumerate(sentences):
            start_of_para = lines.start(sent.start)
            if start_of_para != para_start:
                para_start, para_years = start_of_para, _YearFrames(published)
                heading = _heading_subject(names, sent)
                if heading is not None:
                    section = heading   # 东岭遗址: the section under a heading is about it
                    topic.reset(heading)
                else:   # a paragraph of the section is about its heading's subject; a topic does not
                    topic.reset(section)   # carry into the next paragraph
            headline = _headline(lines, sent)
            found_amounts = find_amounts(sent.text)
            amounts = [] if headline else found_amounts
            amount_spans = [(sent.start + a.start, sent.start + a.end) for a in found_amounts]
            para_years.add(sent.text)
            clauses = _clauses(sent)
            subjects = _ClauseSubjects(self, names, sent, clauses, amount_spans)
            quote_subject = None
            if amounts and sent.text.startswith(("“", "\"")) and si + 1 < len(sentences):
                quote_subject = self._speaker_org(names, sentences[si + 1])
            dates = find_dates(sent.text, published) if amounts else []
            prev: dict[int, tuple[int, str, str]] = {}   # clause index -> (end of last amount, metric, status)
            sent_metric = ""
            sent_metrics: list[tuple[int, str]] = []   # (clause, metric) of the sentence's figures so far
            named_spans = [(m.start, m.end) for m in mentions.within(sent.start, sent.end, *NAME_TYPES)] if amounts else []
            for amount in amounts:
                if not _is_figure(amount, sent.text):
                    continue
                a0, a1 = sent.start + amount.start, sent.start + amount.end
                if any(s <= a0 and a1 <= e and (s, e) != (a0, a1) for s, e in named_spans):
                    continue  # 年产2000吨有机氢载体工厂, 10万吨磷酸铁项目: a number inside a name
                ci = next(i for i, (cs, ce) in enumerate(clauses) if cs <= sent.start + amount.start < ce or i == len(clauses) - 1)
                subject, confidence = None, 0.9
                blocked = False
                for j in range(ci, -1, -1):
                    s = subjects[j]
                    if s is not None and s.mention.type == PERSON and (j < ci or s.start < sent.start + amount.start
                                                                       or not s.mention.text):   # a block is no subject
                        blocked = True  # 他先后走访了3家企业: the clause is about a person
                        employer = names.org_of(s.person)
                        if employer is not None:   # …他建立125家商户资源库: what he did for his company
                            subject, confidence, blocked = _Subject(employer, s.start, s.start, carried=True), 0.6, False
                        break
                    if s is not None and (j < ci or s.start < sent.start + amount.start or
                                          s.start >= sent.start + amount.end):
                        subject = s
                        confidence = 0.9 if j == ci else 0.8
                        break
                if text.startswith(SIZE_WORDS, a1) and text.startswith("的", a1 + 1) \
                        and text.endswith(INDEFINITE_THINGS, sent.start, a0) and names.at(a1 + 2, clauses[ci][1]) is None:
                    continue  # 一座6米长的便桥: the size of a thing the text does not name
                measured = _measured_name(names, amount, a0, a1, clauses[ci][1])
                if measured is not None:
                    subject, confidence, blocked = measured, 0.8, False   # 建成约28公里的某某绿道
                if subject is not None and subject.mention.text in ("我们", "我"):
                    subject, confidence, blocked = quote_subject, 0.7, quote_subject is None
                elif quote_subject is not None and subject is not None and subject.carried \
                        and text.startswith(COMPANY_REFS, subject.start):
                    subject, confidence = quote_subject, 0.7   # “公司年产…”某公司总经理说: the speaker's company
                elif quote_subject is not None and subject is None and SPEAKS_FOR_RE.search(sent.text[:amount.start]):
                    # “我们去年累计投入…”某公司董事长说: the speaker's company, where the quote speaks for it
                    subject, confidence = quote_subject, 0.7
                if subject is None and not blocked and not _in_quote(sent.text, amount.start) \
                        and not _counted_subject(text, clauses[ci], sent.start + amount.start, amount) \
                        and topic.subject() is not None:
                    subject, confidence = topic.subject(), 0.6
                if subject is None:
                    continue
                a_start, a_end = sent.start + amount.start, sent.start + amount.end
                if subject.start >= a_end and subject.start - a_end <= 1 and amount.unit not in NON_COUNTERS:
                    continue  # 232个国家级经开区: the count quantifies the subject (全长170公里的某河: a measure of it)
                if amount.approx_class and (subject.carried or confidence < 0.8):
                    continue  # 千亿级…: an order of magnitude, kept only with a subject in the sentence
                if subject.carried:
                    confidence = min(confidence, 0.6)
                if subject.mention.type != PLAN and _list_count(sent.text, amount):
                    continue
                cs, ce = clauses[ci]
                last_end, last_metric, _ = prev.get(ci, (cs, "", ""))
                left = max(last_end, subject.end if cs <= subject.start < a_start else cs)
                metric, read_to = _metric(text, left, a_start, a_end, ce, last_metric, dates, sent.start,
                                          subject.mention.text, amount.unit not in NON_COUNTERS, sent_metric)
                metric = _respective(text, cs, ce, a_start, amount_spans, ci, sent_metrics) or metric
                sent_metric = metric
                sent_metrics.append((ci, metric))
                status = _status(sent, cs, a_start, published)
                year = _year(sent, amount, dates, published, cs - sent.start)
                if year is None and not dates and status == "actual":
                    # 2025年，…。中欧班列全年开行超过2万列: the paragraph's year, else the year of a report
                    para_year = para_years.year()
                    year = para_year if para_year is not None else article_year
                if subject.carried and year is not None and published is not None \
                        and year < published.year - HISTORY_YEARS:
                    continue   # 1950年，当时的某专区15个县…: a story of the past, not the subject's figure today
                prev[ci] = (read_to, metric, status)
                ev_start = subject.start if sent.start <= subject.start < a_start else cs
                yield Figure(subject.mention, amount.value, amount.unit, metric,
                             self.evidence(doc, sent, ev_start, a_end, confidence),
                             amount.comparator, status, year, amount.text)
            topic.add(subjects)

    # -- subjects ---------------------------------------------------------------------------
    def _clause_subject(self, names: "_Names", sent: Sentence, clause: tuple[int, int],
                        amount_spans: list[tuple[int, int]]) -> _Subject | None:
        """The subject of a clause; ``amount_spans`` are the sentence's amounts (offsets in the text)."""
        text = names.text
        cs, ce = clause
        pos = _skip_lead(text, cs, ce)
        opening = REPORTING_OPEN.match(text, pos, ce)
        if opening and cs > sent.start:
            pos = _skip_lead(text, opening.end(), ce)   # …举行发布会，介绍上海市今年将…: what is reported
        # an amount that quantifies the subject: 232个国家级经开区, 约60%的国家级经开区
        m = QUANTIFIED_RE.match(text[pos:ce])
        if m:
            pos += m.end()
        else:   # 全长170公里的某河…: a measure of the subject before it
            measure = next(((a, b) for a, b in amount_spans if pos <= a <= pos + 4 and b <= ce), None)
            if measure is not None and text.startswith("的", measure[1]) \
                    and not CLAUSE_SPLIT.search(text, pos, measure[0]) \
                    and not (measure[0] > pos and _verbal(names.words, pos, text[pos:measure[0]])) \
                    and (measure[0] == pos or definite_reference(text, names.mentions, pos) is None):
                pos = measure[1] + 1   # (博物馆以2.3万平方米的某馆为主体: the museum named before is the subject)
        if pos >= ce:
            return None
        cleft = CLEFT_RE.match(text, pos, ce)
        if cleft is not None:   # …的，则是某某博物馆。: the name the sentence ends on is what follows is about
            named = names.at(cleft.end(), ce)
            end = ce - 1 if CLAUSE_SPLIT.match(text[ce - 1:ce]) or text[ce - 1:ce] == "。" else ce
            if named is not None and named.end == end and not _amount_within(amount_spans, cs, ce):
                return _Subject(named.mention, named.start, named.end, carried=True)
        frame = ASPECT_RE.match(text[pos:ce])
        if frame:
            inner = names.at(pos + 1, pos + 1 + len(frame.group(1)))
            if inner is not None:
                return inner
            return None
        people = names.mentions.starting_at(pos, PERSON, POSITION)
        if text.startswith(PRONOUNS, pos) or people and not names.longer_than(people, pos, ce):
            return _block(pos, names.person_at(pos))  # a person: no figure subject here (but maybe his company)
        if text.startswith(("我们", "我"), pos) and not text.startswith(("我国", "我省", "我市", "我区", "我县"), pos):
            return _Subject(Mention("我们", "", pos, pos + 2), pos, pos + 2)
        ref = names.reference(pos + 1 if text.startswith("“", pos) else pos, ce)
        if ref is not None:
            return ref   # 全省…, “全省…”: a word pointing back, also at the start of a quote
        if text.startswith("该", pos) and REFERENCE_RE.match(text, pos):
            return _block(pos)   # 该项目…, with no project named before: about a thing the text does not name
        definite = definite_reference(text, names.mentions, pos)
        if definite is not None and definite[1] <= ce and names.at(pos, ce) is None:
            target, stop = definite   # 新馆展厅面积近1万平方米: the museum named before
            return _Subject(target, pos, stop, carried=True)
        example = EXAMPLE_RE.match(text, pos, ce)
        if example:   # 以泡泡玛特为例，其2025年总营收…: the example is what follows is about
            inner = names.at(pos + 1, pos + 1 + len(example.group(1)))
            return inner if inner is not None else _block(pos)
        if text.startswith("其", pos) and sent.start < pos:
            earlier = names.candidates.within(sent.start, pos)
            if earlier:   # 其: the last name of the sentence
                last = max(earlier, key=lambda m: (m.start, m.end))
                return _Subject(last, pos, pos + 1, carried=True)
        if DOCUMENT_VERB_RE.match(text, pos):
            # 会议审议通过《…意见》，提出到2030年…: what the document sets out
            plans = names.candidates.within(sent.start, cs, PLAN)
            if plans:
                return _Subject(plans[-1], plans[-1].start, plans[-1].end, carried=True)
        subject = names.at(pos, ce)
        if subject is not None and subject.mention.text == "全国" and DESIGNATION_RE.match(text, subject.end):
            return None   # 其中全国重点文物保护单位8处: a rank of what is counted, not the country
        if subject is not None and PERSON_ROLE_RE.match(text, subject.end):
            return _block(pos)   # 某某委员会负责同志介绍…: a person of the organisation speaks
        if subject is not None:
            after = subject.end
            if text.startswith(("等", "、"), after) or (subject.mention.type == PLACE and (
                    _unnamed_actor(names.words, text, after, ce) or _listed_name_after(text, after, ce))):
                return _block(pos)  # 郑州分局…, 四川电视台…, 武汉等5个城市: the place only qualifies the actor
            de = text.find("的", after, min(ce, after + 7))
            if de >= 0 and "、" not in text[after:de] and not _amount_within(amount_spans, cs, ce) \
                    and text[de + 1:ce].strip("，；：,;: ") and "的" not in text[de + 1:ce]:
                # 某大学团队研发的新材料，强度提高了50%: the name only qualifies what the clause is about
                head = names.at(de + 1, ce)
                return head if head is not None else _block(pos)
            return subject
        q = QUOTE_NAME_RE.match(text, pos)
        if q and not (set(q.group(1)) & NUMERAL_CHARS) and q.group(1) not in _known_words() \
                and not PHRASE_CHARS_RE.search(q.group(1)) and _verb_follows(names.words, text, q.end()) \
                and _looks_named(names.words, q.start(1), q.end(1)):
            return _Subject(Mention(q.group(1), SITE, q.start(1), q.end(1)), q.start(), q.end())
        if text.startswith("在", pos):
            setting = self._setting(names, pos + 1, ce)
            if setting is not None:
                return setting   # 在“某某之乡”某某县，上万家企业…: the place the sentence is set in
        if text.startswith(("位于", "地处", "坐落于"), pos):
            de = text.find("的", pos, ce)
            located = names.at(de + 1, ce) if de >= 0 else None
            if located is not None:
                return located  # 位于某区的某实验室已集聚…: the named thing after 的 is the subject
        tail = names.ending_at(ce - 1 if CLAUSE_SPLIT.match(text[ce - 1:ce]) else ce, pos)
        if tail is not None and (text.startswith(("位于", "地处", "坐落于"), pos) or text[tail.start - 1] == "的") \
                and not _amount_within(amount_spans, pos, tail.start) and not BUILDS_RE.search(text[pos:tail.start]):
            return tail  # 位于福州的马尾经开区，…: a clause that only introduces its subject
        if _unnamed_actor(names.words, text, pos, ce) and not text.startswith(PREPOSITIONS, pos):
            return _block(pos)  # 省教育考试院投资2000万元: an actor the entity stage did not name
        return None

    @staticmethod
    def _setting(names: "_Names", pos: int, ce: int) -> _Subject | None:
        """The region or zone a clause 在X， consists of (a quoted epithet may stand before it), carried
        to the clauses after it."""
        end = ce - 1 if CLAUSE_SPLIT.match(names.text[ce - 1:ce]) else ce
        if end - pos > 24:
            return None
        last = max((m for m in names.candidates.ending_at(end, PLACE, SITE) if m.start >= pos),
                   key=lambda m: m.end - m.start, default=None)
        if last is None:
            return None
        epithet = QUOTED_EPITHET_RE.match(names.text, pos, last.start)
        at = epithet.end() if epithet else pos
        while at < last.start:   # the divisions before it (河北|安平县)
            division = names.mentions.longest_at(at, (PLACE,), end=last.start)
            if division is None:
                return None
            at = division.end
        return _Subject(last, last.start, last.end, carried=True)

    def _speaker_org(self, names: "_Names", nxt: Sentence) -> _Subject | None:
        """The organisation of the person who speaks right after a quote (…董事长某某说)."""
        m = ATTRIBUTION_RE.match(nxt.text)
        if not m:
            return None
        lo, hi = nxt.start + m.start(1), nxt.start + m.end(1)
        inside = names.mentions.within(lo, hi)
        orgs = [x for x in names.candidates.within(lo, hi, ORGANIZATION, SITE)
                if len(x.text) >= 4 and x.text not in COMPANY_HEADS]
        if orgs:
            x = max(orgs, key=lambda o: (o.end - o.start, -o.start))
            return _Subject(x, x.start, x.end)
        for x in inside:
            if x.type == POSITION:
                org = _strip_title(x.text)
                if org and len(org) >= 3:
                    return _Subject(Mention(org, ORGANIZATION, x.start, x.start + len(org)), x.start, x.start + len(org))
        for x in inside:   # “我们…”张某说: the speaker's company, from his post named elsewhere in the article
            employer = names.org_of(x) if x.type == PERSON else None
            if employer is not None:
                return _Subject(employer, x.start, x.end, carried=True)
        return None


class _ClauseSubjects:
    """The subjects of a sentence's clauses (None for a clause without one), each read when first
    asked for: most sentences give no figure, and only their last subject is read (the topic)."""

    def __init__(self, extractor: FigureExtractor, names: "_Names", sent: Sentence, clauses: list[tuple[int, int]],
                 amount_spans: list[tuple[int, int]]):
        self.extractor, self.names, self.sent, self.clauses, self.amount_spans = extractor, names, sent, clauses, amount_spans
        self.read: dict[int, _Subject | None] = {}

    def __getitem__(self, i: int) -> _Subject | None:
        if i not in self.read:
            text, (cs, ce) = self.names.text, self.clauses[i]
            if REPORTING_RE.search(text[cs:ce]) or (i < len(self.clauses) - 1 and SUBORDINATE_RE.search(text[cs:ce])
                                                      and not _amount_within(self.amount_spans, cs, ce)):
                self.read[i] = None   # a clause that only names a source or sets the time of what follows
            else:
                self.read[i] = self.extractor._clause_subject(self.names, self.sent, (cs, ce), self.amount_spans)
        return self.read[i]

    def last(self) -> _Subject | None:
        """The last subject of the sentence (我们 and 我 are none)."""
        for i in range(len(self.clauses) - 1, -1, -1):
            s = self[i]
            if s is not None and s.mention.text not in ("我们", "我"):
                return s
        return None


class _Topic:
    """What a paragraph's sentences are about where a figure's clauses name nothing: the last subject
    of an earlier sentence (a person: nothing), read only when a figure needs it."""

    def __init__(self) -> None:
        self._subject: _Subject | None = None
        self._pending: list[_ClauseSubjects] = []   # sentences read since, whose subjects may replace it

    def reset(self, subject: _Subject | None) -> None:
        self._subject, self._pending = subject, []

    def add(self, subjects: _ClauseSubjects) -> None:
        self._pending.append(subjects)

    def subject(self) -> _Subject | None:
        for subjects in reversed(self._pending):
            last = subjects.last()
            if last is not None:
                self._subject = None if last.mention.type == PERSON else \
                    _Subject(last.mention, last.start, last.end, carried=True)
                break
        self._pending = []
        return self._subject


def _amount_within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does an amount of the sentence lie within text[start:end]?"""
    return any(start <= a and b <= end for a, b in spans)


def _heading_subject(names: "_Names", sent: Sentence) -> _Subject | None:
    """A heading line that is a name of its own (东岭遗址): the subject of the section under it."""
    if not _headline(names.lines, sent):
        return None
    body = sent.text.strip()
    for m in names.candidates.starting_at(sent.start):
        if m.text == body and m.type in (SITE, ORGANIZATION):
            return _Subject(m, m.start, m.end, carried=True)
    return None


YEAR_FRAME_RE = re.compile(r"^(?:截至|截止|到)?(?:(\d{4})年(?:底|末|全年|以来)?|(去年|今年|上年)(?:底|末|全年|以来)?)[，,]")


def _report_year(lines: "_Lines", sentences: list[Sentence], published) -> int | None:
    """The publication year, where the lead paragraph (the first one below the headlines) reports on
    the year so far (今年以来，…; 截至5月底，…): the frame of the article's undated actual figures."""
    if published is None:
        return None
    lead = next((s for s in sentences if not _headline(lines, s)), None)
    if lead is None:
        return None
    start, end = lines.start(lead.start), lines.end(lead.start)
    for d in find_dates(lines.text[start:end], published):
        if d.relative and d.year == published.year and d.text.startswith(CURRENT_YEAR_LEADS):
            return published.year
    return None


class _YearFrames:
    """The year frames of a paragraph's sentences so far (2025年，…; 7月，…), read only when one of
    its figures needs the paragraph's year: the last sentence's frame that there is wins."""

    def __init__(self, published) -> None:
        self.published = published
        self._year: int | None = None
        self._pending: list[str] = []   # sentences read since, whose frames may replace it

    def add(self, sentence: str) -> None:
        if FRAME_COMMA_RE.search(sentence, 0, FRAME_REACH):   # a frame is followed by a comma early on
            self._pending.append(sentence)

    def year(self) -> int | None:
        for sentence in reversed(self._pending):
            frame = _year_frame(sentence, self.published)
            if frame is not None:
                self._year = frame
                break
        self._pending = []
        return self._year


FRAME_COMMA_RE = re.compile("[，,]")
FRAME_REACH = 16   # characters of a sentence its opening frame (and the comma after it) lies within


def _year_frame(sentence: str, published) -> int | None:
    """The year a sentence opens with as its frame (2025年，…; 去年，…): the year of the figures
    of the paragraph that carry none of their own."""
    m = YEAR_FRAME_RE.match(sentence)
    if m is None:
        return _period_frame(sentence, published)
    if m.group(1):
        return int(m.group(1))
    if published is None:
        return None
    return published.year - (0 if m.group(2) == "今年" else 1)


def _period_frame(sentence: str, published) -> int | None:
    """The year of a past month or longer period a sentence opens with (7月，…; 1—7月，…; 上半年，…),
    resolved against the publication date."""
    if published is None:
        return None
    dates = find_dates(sentence[:FRAME_REACH], published)
    if not dates or dates[0].start != 0 or sentence[dates[0].end:dates[0].end + 1] not in ("，", ","):
        return None
    value = dates[0].value
    if value is None or (value.end - value.start).days < 27 or value.end > published:
        return None
    return value.start.year


def _respective(text: str, cs: int, ce: int, a_start: int, amount_spans: list[tuple[int, int]], ci: int,
                sent_metrics: list[tuple[int, str]]) -> str | None:
    """接待游客1.2亿人次，实现旅游收入1500亿元，分别增长15%和20%: the amounts after 分别 go, in order,
    with the measures of as many figures of the clauses before; None where that does not apply."""
    m = RESPECTIVE_RE.search(text, cs, a_start)
    if m is None or re.sub(r"^(?:同比|比上年|较上年|均|也)+", "", text[cs:m.start()]):
        return None   # (内、外贸吞吐量同比分别增长…: the clause names its own measures)
    mates = [a for a, b in amount_spans if m.end() <= a < ce]
    earlier = [metric for c, metric in sent_metrics if c < ci]
    if a_start not in mates or len(earlier) < len(mates):
        return None
    base = earlier[len(earlier) - len(mates) + mates.index(a_start)]
    return GROWTH_END_RE.sub("", base) + m.group(1)


def _counted_subject(text: str, clause: tuple[int, int], pos: int, amount: Amount) -> bool:
    """20余家衣架企业参与…: the clause is about what the amount counts, not about the topic."""
    return amount.unit not in NON_COUNTERS and _skip_lead(text, clause[0], clause[1]) >= pos


def _in_quote(sentence: str, pos: int) -> bool:
    """Is ``pos`` inside quotation marks (spoken words, whose figures a carried topic may not own)?"""
    opened = sentence.count("“", 0, pos) - sentence.count("”", 0, pos)
    return opened > 0


def _measured_name(names: "_Names", amount: Amount, start: int, end: int, clause_end: int) -> _Subject | None:
    """The named site, project or company a measure describes right after it, the measure being
    the object of a verb and the name ending its clause (建成约28公里的某某绿道，): the subject of the
    figure wherever the clause's subject is. A measure with a metric of its own (规模超百亿元的某某
    基地: the subject's industry), shares (60%的) and counts (232个…) are not measures of the name."""
    if names.text.startswith(SIZE_WORDS, end):
        end += 1   # 建成一条28公里长的某某绿道
    if amount.unit not in NON_COUNTERS or amount.unit in SHARE_UNITS or not names.text.startswith("的", end):
        return None
    before = list(names.words.between(max(0, start - 8), start))
    if len(before) > 1 and names.text.endswith(INDEFINITE_THINGS, 0, start):
        before.pop()   # the classifier between the verb and the measure (建成|一条|28公里)
    if not before or (tag(before[-1]) or "")[:1] != "v":
        return None
    found = names.at(end + 1, clause_end)
    if found is None or found.mention.type not in (SITE, ORGANIZATION) \
            or names.text[found.end:found.end + 1] not in ("", "，", "。", "；", "、", ",", ";"):
        return None   # (…的某某产业园氢能示范项目: the name goes on, and the whole is no mention)
    return found


def _part_of_quoted_title(text: str, start: int, end: int) -> bool:
    """Is [start, end) inside quotation marks that go on after it (“某某遗址考察与研究”), a part of
    a quoted title rather than a quoted name?"""
    opening = text.rfind("“", max(0, start - 40), start + 1)
    if opening < 0 or "”" in text[opening:start]:
        return False
    closing = text.find("”", end, end + 40)
    return closing > end and "“" not in text[end:closing]


def _looks_named(words: Words, start: int, end: int) -> bool:
    """A quoted name (“东方药谷”) rather than a quoted phrase (“具体树木具体分析”): no verb in it."""
    return not any((tag(w) or "")[:1] == "v" for w in words.between(start, end) if len(w) >= 2)


def _verb_follows(words: Words, text: str, pos: int) -> bool:
    """“东方药谷”挂牌以来: a quoted name is a subject when a verb (or the clause's end) follows it,
    not a noun (“天下大白”展厅内: the name of an exhibition hall's show)."""
    if pos >= len(text) or text[pos] in "，。；、":
        return True
    return (tag(words.first(pos, pos + 6)) or "")[:1] in ("v", "p", "d")


def _block(pos: int, person: Mention | None = None) -> _Subject:
    """The subject of a clause that is about someone who cannot be a figure's subject (a person, an
    unnamed organisation): it stops the search for a subject in the clauses before."""
    return _Subject(Mention("", PERSON, pos, pos), pos, pos, person=person)


LISTED_NAME_RE = re.compile(r"([\u4e00-\u9fff]{2,6}?)[、等]")


def _listed_name_after(text: str, pos: int, end: int) -> bool:
    """Whether a name the entity stage missed runs on at ``pos`` into a list (西江大藤峡、新疆大石门等
    24座水库…): the place before it only says where the first item is, and the clause is about the
    list, not the place. Common words there (上海市工业增加值、…) are no name."""
    from kg.nlp.entities import recognizer

    m = LISTED_NAME_RE.match(text, pos, end)
    return m is not None and recognizer().holds_name(m.group(1))


def _unnamed_actor(words: Words, text: str, pos: int, end: int) -> bool:
    """Whether the words at ``pos`` (up to the first verb) end in an organisation's head (分局, 电视台,
    出版社, 医院): an actor of the clause whose name the entity stage did not find."""
    window = text[pos:min(end, pos + 14)]
    if ORG_CHARS.isdisjoint(HAN_RUN.match(window).group()[1:]):
        return False  # no head character after the first one and before a non-Chinese one: no word ends in one
    seen = 0
    for tok in words.between(pos, pos + len(window)):
        if not HAN_WORD.fullmatch(tok):
            return False
        kind = tag(tok) or "n"
        if kind[0] in "vpdcurmqtfy" and kind != "vn" and tok not in ("总公司", "分公司"):
            return False
        if tok[-1] in ORG_CHARS and (len(tok) >= 2 or seen):
            return True
        seen += len(tok)
        if seen >= 10:
            return False
    return False


class _Lines:
    """The line breaks of a text: the line around an offset, found without scanning the text."""

    def __init__(self, text: str):
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def start(self, pos: int) -> int:
        """Where the line holding ``pos`` starts (after the last break before ``pos``)."""
        k = bisect_left(self.breaks, pos)
        return self.breaks[k - 1] + 1 if k else 0

    def end(self, pos: int) -> int:
        """The first line break at or after ``pos`` (the text's end when there is none)."""
        k = bisect_left(self.breaks, pos)
        return self.breaks[k] if k < len(self.breaks) else len(self.text)


class _Names:
    """Names of one article that can be subjects: the entity stage's mentions and head-word chunks."""

    def __init__(self, text: str, mentions: MentionIndex, words: Words, declared: set[str] = frozenset()):
        self.text = text
        self.declared = declared    # the names the article gives things (以下简称, a company's short name)
        self.lines = _Lines(text)
        self.words = words
        self.mentions = mentions
        self.candidates = MentionIndex(sorted((m for m in mentions if m.type in SUBJECT_TYPES),
                                              key=lambda m: (m.start, -(m.end - m.start))))
        self._first_places: dict[tuple[str, ...], Mention | None] = {}

    def at(self, pos: int, end: int) -> _Subject | None:
        """The longest subject name starting at ``pos`` (a person there means: no subject)."""
        best = self.candidates.longest_at(pos, end=end)
        if best is None and pos < len(self.text) and self.text[pos] in "《“":
            return self.at(pos + 1, end)
        if best is None or _verbal(self.words, best.start, best.text) or GENERIC_RE.search(best.text):
            return None
        if best.type == ORGANIZATION and len(best.text) <= 2 and best.text not in self.declared:
            return None  # 市委, 区委: an organ without its place names nobody in particular (a short
            # name the article gives a company does)
        if best.type == PLAN and not DOCUMENT_END_RE.search(best.text):
            return None  # 《人民日报》: a title, but not a document that sets out figures
        if len(best.text) <= 3 and not self.words.edge(best.end):
            return None  # 中国共产党, 北京时间, 司法部门: the name is part of a longer word
        if any(p.end > best.end for p in self.mentions.starting_at(pos, PERSON, POSITION, MEETING)):
            return None  # 福建省海洋与渔业局党组书记…: the clause is about a person
        if _part_of_quoted_title(self.text, best.start, best.end):
            return None  # “某某遗址考察与研究”等项目…: the name is part of a project's or a show's title
        best = self._extend(best)
        return _Subject(best, best.start, best.end)

    def longer_than(self, people: list[Mention], pos: int, end: int) -> bool:
        """True when a subject name at ``pos`` runs past every person and post there: 某某纪念馆
        is the hall, not the person it is named after."""
        best = self.candidates.longest_at(pos, end=end)
        return best is not None and all(p.end < best.end for p in people)

    def person_at(self, pos: int) -> Mention | None:
        """The person a clause at ``pos`` is about: a name (after its titles) or, for 他/她, the
        last person named before."""
        if self.text.startswith(PRONOUNS, pos):
            return self.mentions.latest("last person by start", lambda: (m for m in self.mentions if m.type == PERSON),
                                        lambda m: m.start, pos)
        at = pos
        while True:
            title = self.mentions.longest_at(at, (POSITION,))
            if title is None:
                break
            at = title.end + (1 if self.text[title.end:title.end + 1] in "、兼" else 0)
        return next(iter(self.mentions.starting_at(at, PERSON)), None)

    def org_of(self, person: Mention | None) -> Mention | None:
        """The company or institution a person of the article works for, read from his post's
        label (某市文旅集团资产运营公司党委副书记, 某某科技执行副总裁): the shortest organisation or site
        named at the start of the post. A government or party organ speaks for itself, not for
        the figures of its officials."""
        if person is None:
            return None
        return self.employers.get(person.text)

    @cached_property
    def employers(self) -> dict[str, Mention]:
        from kg.extract.positions import title_chains

        out: dict[str, Mention] = {}
        for person, chain in title_chains(self.text, self.mentions):
            for post in chain:
                orgs = [m for m in self.candidates.starting_at(post.start, ORGANIZATION)
                        if m.end < post.end and not ORGAN_RE.search(m.text)]
                if orgs:
                    out.setdefault(person.text, min(orgs, key=lambda m: m.end - m.start))
                    break
        return out

    def ending_at(self, end: int, floor: int) -> _Subject | None:
        """The longest zone, project, company or organisation name ending at ``end`` (not a place:
        位于福州的… names where, not who)."""
        found = [m for m in self.candidates.ending_at(end, SITE, ORGANIZATION) if m.start > floor
                 and not GENERIC_RE.search(m.text) and len(m.text) >= 3]
        if not found:
            return None
        m = min(found, key=lambda x: x.start)
        return _Subject(m, m.start, m.end)

    def _extend(self, m: Mention) -> Mention:
        """Join names linked by a dash: 宁夏—湖南工程."""
        for other in self.candidates.ending_at(m.start - 1):
            if self.text[other.end] in "—-－–" and other.start < m.start:
                return Mention(self.text[other.start:m.end], m.type, other.start, m.end)
        return m

    @cached_property
    def outermost(self) -> list[Mention]:
        """The candidates no longer candidate holds (某市工程 inside 某省—某市工程 is out; 某园区 of
        某园区管委会 stays: the body names its place)."""
        out, reach = [], -1   # reach: the furthest end of the names that start before
        for _, group in groupby(self.candidates, key=lambda m: m.start):
            group = list(group)
            for m in group:
                if reach >= m.end or any(o.end > m.end and not (o.type == ORGANIZATION and m.type == PLACE)
                                         for o in group):
                    continue
                out.append(m)
            reach = max(reach, max(o.end for o in group))
        return out

    def last_before(self, pos: int, pred: Callable[[Mention], bool]) -> Mention | None:
        """The last name (of ``pred``, outermost) that ends at or before ``pos``."""
        return self.candidates.latest(pred, lambda: (m for m in self.outermost if pred(m)),
                                      lambda m: (m.start, m.end), pos)

    def first_place(self, level: tuple[str, ...]) -> Mention | None:
        """The first place of the article at one of the gazetteer's ``level``s (read once)."""
        if level not in self._first_places:
            lx = _lexicon()
            self._first_places[level] = next((m for m in self.candidates if m.type == PLACE
                                              and (p := lx.canonical_place(m.text)) is not None and p.level in level), None)
        return self._first_places[level]

    def reference(self, pos: int, end: int) -> _Subject | None:
        """A word at ``pos`` that points back to a subject named before (全省, 区内, 工程, 公司)."""
        text = self.text
        if not REFERENCE_RE.match(text, pos):
            return None

        def hit(words):
            for w in _longest_first(words):
                if text.startswith(w, pos) and pos + len(w) <= end:
                    return w
            return None

        w = hit(PROVINCE_REFS)
        target = None
        if w == "该省":
            target = self.last_before(pos, _named_province)
        elif w:
            target = self.first_place(("province",))
        elif (w := hit(CITY_REFS)) == "该市":
            target = self.last_before(pos, _named_city)
        elif w:
            first = self.first_place(("province", "city"))
            if first is not None and (first.text in MUNICIPALITIES or _level(first) == "city"):
                target = first
            else:
                target = self.first_place(("city",))
            near = self.last_before(pos, _named_city)
            if near is not None and target is not None and near.text not in target.text \
                    and target.text not in near.text and self.lines.start(near.start) == self.lines.start(pos):
                # 某省某市全市中小学停课。…全市已开放…: the city its paragraph names (the city, not its province)
                target = min((m for m in self.candidates.ending_at(near.end, PLACE) if _named_city(m)),
                             key=lambda m: len(m.text), default=near)
        elif (w := hit(REGION_REFS)):
            first = self.first_place(("province",))
            if first is not None and _lexicon().canonical_place(first.text).name.endswith("自治区"):
                target = first  # 广西…全区: the autonomous region
            else:
                target = self.last_before(pos, _named_district)
        elif (w := hit(COUNTY_REFS)):
            target = self.last_before(pos, _named_county)
        elif (w := hit(TOWN_REFS)):
            target = self.last_before(pos, _named_town)
        elif (w := hit(VILLAGE_REFS)):
            target = self.last_before(pos, _named_village)
        elif (w := hit(ZONE_REFS)):
            if self.at(pos, end) is not None and w not in ("区内", "园区内", "该区", "全区"):
                return None
            target = self.last_before(pos, _named_zone)
        elif (w := hit(PROJECT_REFS)):
            rest = text[pos + len(w):pos + len(w) + 1]
            if rest and rest in "师部队":
                return None
            target = self.last_before(pos, _named_project)
        elif (w := hit(COMPANY_REFS)):
            target = self.last_before(pos, _named_company)
        if not w or target is None:
            return None
        target = self._extend(target)
        return _Subject(Mention(target.text, target.type, target.start, target.end), pos, pos + len(w), carried=True)


# What the words pointing back (该省, 该县, 园区, 公司 ...) may stand for.
def _named_province(m: Mention) -> bool:
    return m.type == PLACE and _level(m) == "province" and m.text not in MUNICIPALITIES


def _named_city(m: Mention) -> bool:
    return m.type == PLACE and (_level(m) == "city" or m.text in MUNICIPALITIES)


def _named_district(m: Mention) -> bool:
    return (m.text.endswith(ZONE_HEADS) or _level(m) == "county") and m.text.endswith("区") \
        and m.text not in ZONE_REFS + REGION_REFS


def _named_county(m: Mention) -> bool:
    return m.type == PLACE and _level(m) == "county" and m.text.endswith("县")


def _named_town(m: Mention) -> bool:
    return m.text.endswith(("镇", "乡")) and m.text not in TOWN_REFS


def _named_village(m: Mention) -> bool:
    return m.text.endswith(("村", "社区")) and m.text not in VILLAGE_REFS


def _named_zone(m: Mention) -> bool:
    return m.text.endswith(ZONE_HEADS) and m.text not in ZONE_REFS


def _named_project(m: Mention) -> bool:
    return m.text.endswith(PROJECT_HEADS) and len(m.text) > 3


def _named_company(m: Mention) -> bool:
    return m.type == ORGANIZATION and m.text.endswith(("公司", "集团", "企业"))


def _level(m: Mention) -> str | None:
    """The gazetteer level of a place mention (上海市黄浦区: the level of its last division)."""
    lx = _lexicon()
    for i in range(0, max(1, len(m.text) - 1)):
        place = lx.canonical_place(m.text[i:])
        if place is not None:
            return place.level
    return None


def _headline(lines: "_Lines", sent: Sentence) -> bool:
    """A title or subhead: a short line of its own without a sentence end (全长1800公里，年输电量超300亿千瓦时).
    Its numbers repeat the body's, which says them with their year and subject."""
    line = lines.text[lines.start(sent.start):lines.end(sent.end)].strip()
    return len(line) <= 40 and not SENTENCE_END_RE.search(line) and line == sent.text.strip()


def _clauses(sent: Sentence) -> list[tuple[int, int]]:
    """Clause spans (article offsets) of a sentence, cut at ，；：… outside 《》 and brackets."""
    out, start, depth = [], sent.start, 0
    for m in CLAUSE_SCAN_RE.finditer(sent.text):
        ch = m.group()
        if ch in "《（(":
            depth += 1
        elif ch in "》）)":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append((start, sent.start + m.end()))
            start = sent.start + m.end()
    if start < sent.end:
        out.append((start, sent.end))
    return out or [(sent.start, sent.end)]


LEAD_DATE_RE = re.compile(
    r"(?:\d{4}\s*年(?:底|末|初)?(?:全年|以来)?|去年底?|今年(?:以来)?|明年|前[一二三四五六七八九十\d]{1,2}个?月|"
    r"\d{1,2}(?:\s*[至到—\-－~]\s*\d{1,2})?\s*月(?:份)?(?:\d{1,2}日|底|末|初|上旬|中旬|下旬)?|[一二三四五六七八九十]{1,2}(?:至[一二三四五六七八九十]{1,2})?月(?:份)?|"
    r"[1-4一二三四]季度|上半年|下半年)")


def _skip_lead(text: str, pos: int, end: int) -> int:
    """Skip time words and adverbs at the start of a clause (目前，2024年全年，截至去年底)."""
    from kg.nlp.entities import DATELINE

    while pos < end:
        dl = DATELINE.match(text, pos)
        if dl:  # 新华社北京7月8日电, （记者某某）: the dateline is no subject
            pos = dl.end()
            while pos < end and text[pos] in " \t\u3000":
                pos += 1
            continue
        m = LEAD_RE.match(text, pos)
        if m and m.end() <= end:
            pos = m.end()
            continue
        d = LEAD_DATE_RE.match(text[pos:end])
        if d:
            pos += d.end()
            continue
        break
    return pos


def _verbal(words: Words, start: int, name: str) -> bool:
    """A chunk ``name`` at ``start`` that begins with a verb (投建某某养殖平台) or a preposition
    (经加州港口) is an action or a path, not a name."""
    if name.startswith(tuple(VERB_LEADS)):
        return True
    first = words.first(start, start + min(len(name), 6))
    if first in ("经", "从", "在", "对", "向", "由", "据", "按", "依", "把", "被", "将", "给", "于", "自", "同", "与"):
        return True
    return (tag(first) or "").startswith("v") and len(first) >= 2


def _list_count(sentence: str, amount: Amount) -> bool:
    """四个方面, 16项政策举措: the number counts parts of a text."""
    return bool(LIST_COUNT_RE.match(sentence[amount.end:]))


def _is_figure(amount: Amount, sentence: str = "") -> bool:
    if not amount.unit or amount.unit in TIME_UNITS or amount.unit in SPEC_UNITS:
        return False
    if "/" in amount.unit and amount.unit.split("/")[0] in CURRENCIES:
        return False   # 25元/千克: a price of a product, not a figure of its seller
    if re.search(r"附(?:图片?|照片|表)$", sentence[max(0, amount.start - 4):amount.start]):
        return False  # （附图片1张）: a note about the page, not about the subject
    if amount.unit in DISTANCE_UNITS and sentence.startswith(DISTANCE_TAILS, amount.end):
        return False  # 70公里外的某草场: how far away, not a figure
    if amount.unit not in NON_COUNTERS and amount.value < 100 and not re.search(r"[0-9０-９]", amount.text):
        return False  # 四条铁路线, 两台机床, 三个基础: small counts in words belong to prose, not statistics
    return True


def _status(sent: Sentence, clause_start: int, a_start: int, published) -> str:
    before = TITLE_RE.sub(lambda m: " " * len(m.group()), sent.text[:a_start - sent.start])
    clause_rel = clause_start - sent.start
    cues: list[tuple[int, str]] = []
    for m in FORECAST_RE.finditer(before):
        if m.start() >= clause_rel:
            cues.append((m.end(), "forecast"))
    fm = FRAME_FORECAST_RE.match(before)
    if fm:
        cues.append((fm.end() - 1, "forecast"))
    for m in TARGET_RE.finditer(before):
        cues.append((m.end(), "target"))
    for m in BY_YEAR_RE.finditer(before):
        y = int(m.group(1))
        if published is None or y > published.year:
            cues.append((m.end(), "target"))
    for m in ACTUAL_RE.finditer(before):
        cues.append((m.end(), "actual"))
    if not cues:
        return "actual"
    cues.sort()
    status = cues[-1][1]
    if fm and status == "target":
        return "forecast"  # 预计今年，全省经济将增长5%: what is expected, not what is aimed at
    return status


def _year(sent: Sentence, amount: Amount, dates, published, clause_start: int) -> int | None:
    """The year of the last year-bearing expression before the amount: in its clause, or framing an
    earlier clause of the sentence (2024年，…; 截至去年底，…), unless a word for "now" (目前, 现有)
    comes after it (浙江大学1897年创立，现有在校生6万余人: no year)."""
    year, last_end, anchor = None, 0, None
    for d in dates:
        if d.end > amount.start:
            break
        if d.year is not None and not d.relative:
            anchor = d.year  # 未来三年 counts from the last year written before it
        if d.start < clause_start:
            head = sent.text[:d.start]
            cut = max(head.rfind(c) for c in "，；：,;:")
            lead = head[cut + 1:].strip()
            after = sent.text[d.end:d.end + 2]
            if len(lead) > 12 or lead.endswith(("于", "在")) or after.startswith(EVENT_VERBS):
                continue  # a date inside an earlier clause's predicate (成立于2010年, 1897年创立)
        if d.year is None or d.text.strip() in ("目前", "当前", "现在") or d.text.startswith(("截至目前", "截止目前")):
            continue
        if COMPARED_RE.search(sent.text[:d.start]):
            continue
        if re.search(r"以来$", d.text) and not d.text.startswith(("今年", "本年")):
            continue  # 2022年以来: a period up to now, no year of its own (今年以来 is this year)
        year, last_end = d.year, d.end
        if d.value is not None and d.value.start.year < d.value.end.year \
                and FROM_RE.search(sent.text[d.end:amount.start]):
            year = d.value.start.year   # 2021年到2024年，产值从5亿元增加到8亿元: 5亿元 is 2021's
    if year is not None and NOW_RE.search(sent.text[last_end:amount.start]):
        year = None
    fp = future_period_year(sent.text[max(last_end, clause_start):amount.start], published, year or anchor)
    if fp is not None:
        return fp
    return year


def _metric(text: str, left: int, a_start: int, a_end: int, clause_end: int, last_metric: str, dates,
            sent_start: int, subject: str, counter: bool, sent_metric: str = "") -> tuple[str, int]:
    """What the amount measures, in the text's words, and the offset up to which the text after the
    number was read (a noun after the number belongs to this amount, not to the next one)."""
    pre = text[left:a_start]
    for d in dates:  # dates and future periods written before the number are no part of it
        s, e = sent_start + d.start, sent_start + d.end
        if left <= s and e <= a_start:
            pre = re.sub(r"(?:到|至|截至|截止)?" + re.escape(text[s:e]), "", pre)
    pre = re.sub(r"(?:未来|今后|下一个?)[一二三四五六七八九十两\d]+年|[一二三四五六七八九十两\d]+年内|到\s*\d{4}\s*年", "", pre)
    if "从" in pre and not pre.startswith("从"):
        pre = pre[:pre.index("从")]  # 产业规模从2019年的…
    pre = re.sub(r"[，；：。…\s“”《》]", "", pre).strip("、")
    for _ in range(2):
        pre = METRIC_LEAD.sub("", pre)
        pre = METRIC_TRAIL.sub("", pre)
    pre = re.sub(r"^[（(][^（）()]{1,3}[）)]", "", pre)   # 150余件（套）|国家一级文物和3件: the last one's counter
    bracket = re.match(r"[（(][^（）()]{1,3}[）)]", text[a_end:clause_end])   # 150余件（套）国家一级文物
    skip = bracket.end() if bracket else 0
    post_m = re.match(r"[^，。；：、,;:（）()“”《》0-9]{1,24}", text[a_end + skip:clause_end])
    post = post_m.group() if post_m else ""
    post = re.split(r"(?:建成|投用|正在|已经|已|发生|进行|相当于|和|及|与|不超过|超过|的(?=[^\u4e00-\u9fff]|$))", post)[0]
    consumed = len(post) + (skip if post else 0)
    post = post.lstrip("的")
    if subject and post.startswith(subject):
        post = ""   # 全长170公里的某河: the noun after the number is the subject, not what is measured
    read_to = a_end
    growth = GROWTH_END_RE.search(text[left:a_start])
    if growth and pre and not pre.endswith(growth.group(0)):
        return (pre + growth.group(0))[:40], read_to
    if growth and not pre:
        base = GROWTH_END_RE.sub("", last_metric or sent_metric)
        return base + growth.group(0), read_to
    if not pre and post and counter and re.match(r"[\u4e00-\u9fff]", post):
        return post[:40], a_end + consumed
    if re.fullmatch(r"(?:发展|增长|提高|提升|上升|下降|扩大|减少|增加|增)?(?:到|至)?", pre) and last_metric:
        return last_metric, read_to
    if MEASURE_END_RE.search(pre):
        pre = LEAD_VERB_RE.sub("", pre)
    verb = None
    for v in NOUN_AFTER_VERBS.finditer(pre):
        verb = v
    if post and re.match(r"[\u4e00-\u9fff]", post) and (len(pre) <= 4 or (verb and counter)):
        read_to = a_end + consumed
        head = pre[verb.start():] if verb and len(pre) > 4 else pre
        return (head + post)[:40], read_to
    if not pre and counter and subject:
        return subject + "数量", read_to
    return (pre or post)[:40], read_to


@lru_cache(maxsize=None)
def _longest_first(words: tuple[str, ...]) -> list[str]:
    return sorted(words, key=len, reverse=True)


@lru_cache(maxsize=1)
def _lexicon():
    from kg.nlp.lexicon import lexicon
    return lexicon()


@lru_cache(maxsize=1)
def _known_words() -> frozenset:
    from kg.nlp.entities import _known_words as known
    return known()


def _strip_title(position: str) -> str | None:
    """The organisation part of a position's label (福建省海洋与渔业局党组书记 -> 福建省海洋与渔业局)."""
    titles = _lexicon().title_set
    for i in range(1, len(position)):
        if position[i:] in titles:
            org = position[:i]
            for j in range(len(org) - 1, 0, -1):  # 党组书记: strip a trailing organ word such as 党组
                if org[j:] in ("党组", "党委", "党工委"):
                    org = org[:j]
                    break
            return org
    return None
