"""Page segmentation: articles, metadata, continuation of split stories, exact offsets."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.ingest import iter_documents
from kg.layout import normalize_char
from kg.segment import split_articles
from kg.types import Article, Document

from conftest import DEV_DIR


def assert_body_maps_to_source(article: Article) -> None:
    src = article.doc.text
    for i, (ch, off) in enumerate(zip(article.text, article.body.offsets)):
        if ch in "\n " and src[off] in "\r\n":
            continue
        if (src[off], ch) == ("\uff0e", "."):
            continue
        assert normalize_char(src[off]) == ch, (article.article_id, i, ch, src[off])


def _doc(text: str, doc_id: str = "page.txt", **kw) -> Document:
    return Document(doc_id=doc_id, text=text, path=doc_id, **kw)


def _articles_of_file(path: Path) -> list[Article]:
    (doc,) = list(iter_documents([path]))
    return split_articles(doc)


# ---------------------------------------------------------------------------------- seed page

def test_seed_page_yields_three_articles(seed_text):
    arts = split_articles(_doc(seed_text, "youth-daily-page.txt"))
    assert [a.article_id for a in arts] == [
        "youth-daily-page.txt#1", "youth-daily-page.txt#2", "youth-daily-page.txt#3"]
    lingang, visit, meeting = arts

    # the zone's industry story: no dateline, byline at its end, second fragment joined back
    assert lingang.dateline is None
    assert lingang.byline == "青年报记者 陈泳均"
    assert lingang.fragments == 2
    assert lingang.text.startswith("临港新片区，是一片充满活力与希望的热土")
    assert "800亿元。\n记者了解到，集成电路是临港新片区投资规模最大" in lingang.text
    assert lingang.text.endswith("一起建设充满活力和创新的临港。”")
    assert "吴晓华表示" in lingang.text and "周同学" in lingang.text

    assert visit.dateline == "本报讯"
    assert visit.section == "■发布厅"
    assert visit.fragments == 1
    assert visit.text.startswith("市委书记陈吉宁昨天上午在调研我市红色文化传承弘扬工作时指出")
    assert visit.text.endswith("市领导李政参加调研。")
    assert "记者了解到" not in visit.text

    assert meeting.dateline == "本报讯"
    assert meeting.text.startswith("市委副书记、市长龚正昨天主持召开市政府常务会议")
    assert meeting.text.endswith("会议还研究了其他事项。")
    assert meeting.text.count("会议原则同意《") == 3

    for a in arts:  # metadata is not body
        assert "青年报记者" not in a.text and "■" not in a.text and "本报讯" not in a.text
        assert_body_maps_to_source(a)


def test_seed_joined_fragment_offsets(seed_text):
    lingang = split_articles(_doc(seed_text))[0]
    joint = lingang.text.index("\n记者了解到")
    src_off = lingang.body.offsets[joint]
    assert seed_text[src_off] == "\n"
    # the second fragment is printed after the whole visit story on the page
    start, end = lingang.body.source_span(joint + 1, joint + 6)
    assert seed_text[start:end] == "记者了解到"
    assert seed_text.index("市领导李政参加调研") < start


@pytest.mark.parametrize("variant", ["gb18030", "utf-16", "utf-8-sig", "crlf", "noise"])
def test_seed_page_variants_give_the_same_articles(tmp_path, seed_text, variant):
    expected = [a.text for a in split_articles(_doc(seed_text))]
    path = tmp_path / "page.txt"
    if variant == "crlf":
        path.write_bytes(seed_text.replace("\n", "\r\n").encode("utf-8"))
    elif variant == "noise":
        noisy = (seed_text
                 .replace("昨天上午在调研我市红色文化", "昨 天 上 午 在 调 研 我市红色文化")
                 .replace("学习贯彻党的二十届三中全会", "学习贯彻党的二十\n届三中全会")
                 .replace("义现代化国际大都市不懈奋斗。", "义现代化国际大都市不懈奋斗。   ")
                 .replace("审议1-7月", "审议１－７月".replace("－", "-"))
                 .replace("项目超过50个。", "项目超过 ５０ 个。"))
        path.write_bytes(noisy.encode("gb18030"))
    else:
        path.write_bytes(seed_text.encode(variant))
    arts = _articles_of_file(path)
    assert [a.text for a in arts] == expected
    assert [a.fragments for a in arts] == [2, 1, 1]
    for a in arts:
        assert_body_maps_to_source(a)


BIG5_PAGE = (
    "新華社臺北8月20日電 行政院今天\n"
    "召開院會，通過明年度中央政府總\n"
    "預算案，總額約新臺幣三兆元。\n"
    "\n"
    "行政院長表示，將繼續推動產業轉\n"
    "型，加強國際經濟合作，擴大公共\n"
    "建設投資。\n"
    "記者 王大明\n"
    "\n"
    "本報訊 經濟部昨天公布統計，上半\n"
    "年出口金額較去年同期增長百分之\n"
    "十二，創下歷史新高。\n"
)


def test_big5_page_gives_the_same_articles_as_utf8(tmp_path):
    big5 = tmp_path / "tw-big5.txt"
    big5.write_bytes(BIG5_PAGE.encode("big5"))
    utf8 = tmp_path / "tw-utf8.txt"
    utf8.write_text(BIG5_PAGE, encoding="utf-8")
    arts = _articles_of_file(big5)
    assert arts[0].doc.encoding == "big5"
    assert [a.text for a in arts] == [a.text for a in _articles_of_file(utf8)]
    assert [a.dateline for a in arts] == ["新華社臺北8月20日電", "本報訊"]
    assert arts[0].byline == "記者 王大明"
    assert arts[0].text == ("行政院今天召開院會，通過明年度中央政府總預算案，總額約新臺幣三兆元。\n"
                            "行政院長表示，將繼續推動產業轉型，加強國際經濟合作，擴大公共建設投資。")
    for a in arts:
        assert_body_maps_to_source(a)


# ---------------------------------------------------------------------------------- dev articles

DEV_EXPECTED = {
    "001.txt": ("新华社杭州5月20日电", None, "谌贻琴在浙江调研时强调"),
    "003.txt": (None, None, "福建做大做强海洋经济（奋勇争先，决战决胜“十四五”）"),
    "005.txt": ("本报上海7月18日电", "记者张天培", "王小洪在全国公安厅局长座谈会上强调"),
    "010.txt": ("本报北京6月10日电", "记者丁怡婷", "跨越2260公里，年输电量超360亿千瓦时"),
    "013.txt": (None, None, "在对外开放等四个方面实施十六项政策举措"),
    "018.txt": (None, None, "24项举措全面推进江河保护治理（权威发布）"),
}


def test_dev_articles_are_single_articles_with_parsed_datelines(shared_dir):
    if not DEV_DIR.is_dir():
        pytest.skip(f"no dev folder at {DEV_DIR}")
    docs = list(iter_documents([DEV_DIR]))
    seen = 0
    for doc in docs:
        arts = split_articles(doc)
        assert len(arts) == 1, doc.doc_id
        (a,) = arts
        assert a.article_id == doc.doc_id
        key = doc.doc_id if doc.line is None else doc.doc_id.replace("dev-", "") + ".txt"
        dateline, byline, title = DEV_EXPECTED[key]
        assert (a.dateline, a.byline, a.title) == (dateline, byline, title), doc.doc_id
        assert a.text.startswith(title)
        if dateline:
            assert dateline not in a.text and "（记者" not in a.text
        assert_body_maps_to_source(a)
        seen += 1
    assert seen == 12


def test_dev_001_body_starts_after_the_dateline(shared_dir):
    path = DEV_DIR / "001.txt"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    (a,) = _articles_of_file(path)
    lines = a.text.split("\n")
    assert lines[:2] == ["谌贻琴在浙江调研时强调", "加快落实就业政策全力做好稳就业工作"]
    assert lines[2].startswith("国务委员谌贻琴近日在浙江调研就业")
    start, end = a.body.source_span(len(lines[0]) + len(lines[1]) + 2, len(lines[0]) + len(lines[1]) + 6)
    assert a.doc.text[start:end] == "国务委员"


# ---------------------------------------------------------------------------------- synthetic

WIRE_PAGE = (
    "国务院常务会议部署稳外贸工作\n"
    "新华社北京7月5日电（记者 张华 李明）国务院总理4日主持召开国务院常务会议，"
    "部署加大稳外贸政策支持力度。\n"
    "会议指出，外贸是国民经济的重要组成部分。\n"
    "●要闻\n"
    "全国夏粮收购进度加快\n"
    "本报北京7月5日电  记者从国家粮食和物资储备局获悉，截至目前，主产区累计收购小麦3000万吨。\n"
    "据了解，今年夏粮收购工作总体平稳有序。\n"
)


def test_wire_page_with_headlines_and_section_marks():
    arts = split_articles(_doc(WIRE_PAGE, "wire.txt"))
    assert [a.article_id for a in arts] == ["wire.txt#1", "wire.txt#2"]
    trade, grain = arts
    assert trade.title == "国务院常务会议部署稳外贸工作"
    assert trade.dateline == "新华社北京7月5日电"
    assert trade.byline == "记者 张华 李明"
    assert trade.text == ("国务院常务会议部署稳外贸工作\n国务院总理4日主持召开国务院常务会议，部署加大稳外贸政策支持力度。\n"
                          "会议指出，外贸是国民经济的重要组成部分。")
    assert grain.title == "全国夏粮收购进度加快"
    assert grain.section == "●要闻"
    assert grain.dateline == "本报北京7月5日电"
    # "据了解" opens a paragraph, but there is no earlier dateline-less story to continue
    assert grain.text.endswith("据了解，今年夏粮收购工作总体平稳有序。")
    assert grain.fragments == 1
    for a in arts:
        assert_body_maps_to_source(a)


def test_split_story_is_rejoined_after_a_closed_article():
    page = (
        "宁波舟山港今年上半年完成货物吞吐量6.9亿吨，同比增长百分之五。宁波舟山港集装箱航线总数达到300条，"
        "港口集装箱吞吐量继续保持增长。\n"
        "本报记者 陈某某\n"
        "本报讯 市人大常委会昨天举行会议，审议城市更新条例草案。会议听取了有关情况的报告。\n"
        "常委会组成人员对草案提出了修改意见。\n"
        "本报记者 李某某\n"
        "记者获悉，宁波舟山港下一步将加密集装箱航线，提升港口集装箱吞吐能力，宁波舟山港还将推进智慧港口建设。\n"
    )
    arts = split_articles(_doc(page, "p.txt"))
    assert [a.article_id for a in arts] == ["p.txt#1", "p.txt#2"]
    port, session = arts
    assert port.fragments == 2
    assert port.byline == "本报记者 陈某某"
    assert port.text.endswith("港口集装箱吞吐量继续保持增长。\n记者获悉，宁波舟山港下一步将加密集装箱航线，"
                              "提升港口集装箱吞吐能力，宁波舟山港还将推进智慧港口建设。")
    assert session.byline == "本报记者 李某某" and session.fragments == 1
    assert "记者获悉" not in session.text
    for a in arts:
        assert_body_maps_to_source(a)


def test_continuation_cue_without_shared_terms_stays_in_place():
    page = (
        "宁波舟山港今年上半年完成货物吞吐量6.9亿吨，集装箱吞吐量1990万标准箱，港口航线持续加密。\n"
        "本报记者 陈某某\n"
        "本报讯 市人大常委会昨天举行会议，审议城市更新条例草案。会议听取了有关情况的报告。\n"
        "据了解，条例草案共七章五十条，常委会组成人员对草案提出了修改意见。\n"
    )
    arts = split_articles(_doc(page))
    assert len(arts) == 2
    port, session = arts
    assert port.fragments == 1 and port.byline == "本报记者 陈某某"
    assert session.text.endswith("常委会组成人员对草案提出了修改意见。")


def test_byline_closes_a_story_and_the_next_story_starts_without_dateline():
    page = (
        "上海市今年上半年新设外资企业3000家，同比增长百分之十五。\n"
        "记者 王某某\n"
        "杭州市推进城市更新，今年计划改造老旧小区200个，惠及居民5万户。\n"
    )
    arts = split_articles(_doc(page))
    assert [a.text for a in arts] == [
        "上海市今年上半年新设外资企业3000家，同比增长百分之十五。",
        "杭州市推进城市更新，今年计划改造老旧小区200个，惠及居民5万户。",
    ]
    assert arts[0].byline == "记者 王某某" and arts[1].byline is None


def test_json_lines_title_is_used(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({
        "id": "x1", "title": "国家统计局发布上半年经济数据",
        "text": "新华社北京7月15日电 国家统计局15日发布数据，上半年国内生产总值同比增长5.3%。",
    }, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = list(iter_documents([path]))
    (a,) = split_articles(doc)
    assert a.article_id == "x1"
    assert a.title == "国家统计局发布上半年经济数据"
    assert a.dateline == "新华社北京7月15日电"
    assert a.text == "国家统计局15日发布数据，上半年国内生产总值同比增长5.3%。"


def test_segmentation_is_deterministic(seed_text):
    first = split_articles(_doc(seed_text))
    second = split_articles(_doc(seed_text))
    assert [(a.article_id, a.text, a.body.offsets) for a in first] == \
           [(a.article_id, a.text, a.body.offsets) for a in second]
    assert len({a.sha256 for a in first}) == 3


# ------------------------------------------------------------------------- JSON Lines records

LETTER_AND_REPORT = (
    "某某致信某某协会第九次全国会员代表大会\n"
    "值此大会召开之际，我向广大会员致以问候！\n"
    "（新华社北京1月10日电）\n"
    "新华社北京1月10日电  某某协会第九次全国会员代表大会10日上午在京开幕。\n"
    "王明出席开幕式。\n"
)


def test_a_json_lines_record_is_one_article_with_its_dateline_as_metadata(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "r1", "text": LETTER_AND_REPORT}, ensure_ascii=False) + "\n", encoding="utf-8")
    (article,) = _articles_of_file(path)
    assert article.article_id == "r1"
    assert article.dateline == "新华社北京1月10日电"
    assert "值此大会召开之际" in article.text and "王明出席开幕式" in article.text
    assert "电  某某协会" not in article.text and "\n某某协会第九次全国会员代表大会10日" in article.text
    assert article.fragments >= 2
    assert_body_maps_to_source(article)


def test_the_same_text_as_a_page_still_splits_at_its_dateline():
    assert len(split_articles(_doc(LETTER_AND_REPORT))) == 2
