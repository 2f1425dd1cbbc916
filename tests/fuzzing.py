"""Hypothesis strategies for fuzzing the one-article path (tests/test_fuzz.py, and the longer run of
benchmarks/fuzz_bench.py): random publication dates over the whole calendar, random CJK, real
text mutated, and the grammar of numbers and dates that the normalizers read.

``check_article`` is the property: a JSON Lines line of the text is either refused by ingest with
an InputError or built, and building the text as an article (whatever its publication date,
years 1 to 9999) raises nothing and gives RDF that a strict parser (Oxigraph's) reads back.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import strategies as st

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "youth-daily-page.txt"

PUNCT = "，。、；：？！“”‘’（）《》【】…—·「」 \n\t"
SIGNS = ["", "-", "－", "−", "负", "+", "±", "正负"]
DIGITS = ["0", "1", "5", "12", "2024", "3.5", "0.0001", "1,234", "９", "12345678901234567890123456789",
          "1E+10", "2.5e3", "1e-30", "十", "二十三", "两", "一千二百", "三点五", "二〇二四", "百", "亿", "万"]
MULTIPLIERS = ["", "万", "亿", "万亿", "千", "百"]
UNITS = ["", "元", "亿元", "美元", "%", "％", "个百分点", "家", "人次", "年", "个月", "天", "吨", "千瓦", "成",
         "元/吨", "倍", "级", "余家", "多万元"]
COMPARATORS = ["", "超", "超过", "不到", "约", "近", "至少", "不超过", "突破", "逾", "同比增长", "下降", "为"]
AFTER = ["", "以上", "以下", "左右", "以内", "至", "—", "、", "和"]
DATES = ["昨天", "前天", "今天", "明天", "去年", "今年", "明年", "去年底", "年初", "上半年", "三季度", "上旬",
         "下旬", "月底", "本周", "上周五", "次日", "当天", "近日", "日前", "“十四五”时期", "十五五末", "2024年以来",
         "1年6月", "0年", "9999年12月31日", "17日至20日", "3月5日", "12月30日至1月2日", "2月30日", "13月",
         "二〇二四年", "未来三年", "到2035年", "5月"]
WORDS = ["国务院总理李强", "市长强", "主持召开", "国务院常务会议", "审议通过", "《关于加快发展的意见》", "调研",
         "视察", "考察", "来到", "位于", "全省", "投资", "地区生产总值", "同比增长", "有限公司", "纪念馆",
         "浙江省", "临港新片区", "（以下简称", "）", "陪同", "参加", "毕业于", "新华社北京5月20日电", "本报讯",
         "记者", "表示", "。", "，", "\n"]


def _cjk() -> st.SearchStrategy[str]:
    return st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.sampled_from(PUNCT),
                   max_size=300)


def _amount() -> st.SearchStrategy[str]:
    return st.tuples(*(st.sampled_from(x) for x in (COMPARATORS, SIGNS, DIGITS, MULTIPLIERS, UNITS, AFTER))) \
        .map("".join)


def _grammar() -> st.SearchStrategy[str]:
    piece = st.one_of(_amount(), st.sampled_from(DATES), st.sampled_from(WORDS))
    return st.lists(piece, min_size=1, max_size=40).map("".join)


def _sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8") if SAMPLE.is_file() else "".join(WORDS) * 5


@st.composite
def _mutated(draw) -> str:
    """A slice of the sample page with characters deleted, replaced, inserted and repeated."""
    text = _sample_text()
    start = draw(st.integers(0, max(0, len(text) - 1)))
    chars = list(text[start:start + draw(st.integers(1, 1500))])
    for _ in range(draw(st.integers(0, 12))):
        if not chars:
            break
        i = draw(st.integers(0, len(chars) - 1))
        op = draw(st.sampled_from(["delete", "replace", "insert", "repeat"]))
        if op == "delete":
            del chars[i:i + draw(st.integers(1, 20))]
        elif op == "replace":
            chars[i] = draw(st.characters())
        elif op == "insert":
            chars[i:i] = list(draw(st.one_of(_amount(), st.sampled_from(DATES + WORDS), st.text(max_size=5))))
        else:
            chars[i:i] = chars[i:i + draw(st.integers(1, 50))] * draw(st.integers(1, 5))
    return "".join(chars)


def texts() -> st.SearchStrategy[str]:
    """Article texts: random CJK, the number/date grammar, mutated real text, any Unicode."""
    return st.one_of(_cjk(), _grammar(), _mutated(), st.text(max_size=200))


def publication_dates() -> st.SearchStrategy[date | None]:
    return st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def check_article(text: str, published: date | None, extractors, use_model: bool = False) -> int:
    """The property (raises AssertionError or the pipeline's exception when it does not hold);
    returns the number of quads built."""
    import pyoxigraph as ox

    from kg.ingest import jsonl_document
    from kg.pipeline import build_document, document_from_text, process_article
    from kg.segment import split_articles
    from kg.rdfio import nquads_block
    from kg.types import InputError

    line = json.dumps({"id": "fuzz", "text": text, "published": published.isoformat() if published else None},
                      ensure_ascii=True).encode("utf-8")   # \u escapes: lone surrogates reach the parser
    try:
        doc = jsonl_document(line, "fuzz.jsonl:1", "fuzz.jsonl", 1, set())
    except InputError:
        doc = None   # refused with a message (empty text, date outside 1900-2100): no crash
    if doc is not None:
        for result in build_document(doc, extractors, use_model):
            assert not isinstance(result, InputError), result
    quads = 0
    if not text.strip() or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return quads
    for article in split_articles(document_from_text(text, doc_id="fuzz", published=published)):
        result = process_article(article, extractors, use_model)
        block = nquads_block(result.iri, result.graph, result.shared)
        quads += sum(1 for _ in ox.parse(block.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    return quads
