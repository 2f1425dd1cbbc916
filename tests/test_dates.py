"""kg.normalize.dates: date expressions resolved against the publication date."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.normalize.dates import DateMention, find_dates, future_period_year

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def dates(text: str, published: date | None, anchor_year: int | None = None) -> list[tuple]:
    found = find_dates(text, published, anchor_year)
    for m in found:
        assert m.text == text[m.start:m.end]
        if m.value is not None:
            assert m.value.text == m.text and m.value.start <= m.value.end
    return [(m.text, (m.value.start.isoformat(), m.value.end.isoformat()) if m.value else None, m.year, m.month,
             m.relative) for m in found]


def one(text: str, published: date | None, anchor_year: int | None = None) -> tuple:
    found = dates(text, published, anchor_year)
    assert len(found) == 1, found
    return found[0]


P = date(2025, 5, 21)


# --------------------------------------------------------------------------- absolute dates

@pytest.mark.parametrize("sentence, expected", [
    ("2024年10月1日，新修订的条例正式施行。", ("2024年10月1日", ("2024-10-01", "2024-10-01"), 2024, 10, False)),
    ("2024年10月，习近平总书记在福建考察。", ("2024年10月", ("2024-10-01", "2024-10-31"), 2024, 10, False)),
    ("二〇二四年十月一日", ("二〇二四年十月一日", ("2024-10-01", "2024-10-01"), 2024, 10, False)),
    ("1984年，我国设立了首批开发区。", ("1984年", ("1984-01-01", "1984-12-31"), 1984, None, False)),
    ("1926 年 7月在上海成立", ("1926 年 7月", ("1926-07-01", "1926-07-31"), 1926, 7, False)),
    ("2024年底，全省共有高新技术企业1.2万家。", ("2024年底", ("2024-12-01", "2024-12-31"), 2024, 12, False)),
    ("2024年上半年，全市地区生产总值增长5.1%。", ("2024年上半年", ("2024-01-01", "2024-06-30"), 2024, None, False)),
    ("2025年一季度，全国居民人均可支配收入增长5.5%。", ("2025年一季度", ("2025-01-01", "2025-03-31"), 2025, None, False)),
    ("2024年前三季度，全省外贸进出口增长。", ("2024年前三季度", ("2024-01-01", "2024-09-30"), 2024, None, False)),
    ("2025年1—5月，全国规模以上工业企业利润总额下降。", ("2025年1—5月", ("2025-01-01", "2025-05-31"), 2025, None, False)),
    ("2025年5月上旬，各地抢抓农时。", ("2025年5月上旬", ("2025-05-01", "2025-05-10"), 2025, 5, False)),
    ("2024—2026年，全省每年新增就业50万人。", ("2024—2026年", ("2024-01-01", "2026-12-31"), 2026, None, False)),
    ("2024年至2026年，持续开展专项行动。", ("2024年至2026年", ("2024-01-01", "2026-12-31"), 2026, None, False)),
    ("2024年12月30日至2025年1月2日，举办冰雪文化节。",
     ("2024年12月30日至2025年1月2日", ("2024-12-30", "2025-01-02"), 2025, None, False)),
    ("“十四五”时期，我国经济实力大幅跃升。", ("“十四五”时期", ("2021-01-01", "2025-12-31"), 2025, None, False)),
    ("到“十五五”末，基本建成现代化产业体系。", ("“十五五”末", ("2030-01-01", "2030-12-31"), 2030, None, False)),
])
def test_absolute(sentence, expected):
    # Absolute dates do not depend on the publication date.
    assert one(sentence, P) == expected
    assert one(sentence, None) == expected


# --------------------------------------------------------------------------- against the publication date

@pytest.mark.parametrize("sentence, published, expected", [
    ("新华社杭州5月20日电", P, ("5月20日", ("2025-05-20", "2025-05-20"), 2025, 5, True)),
    ("17日至20日，国务委员先后来到杭州市、宁波市调研。", P, ("17日至20日", ("2025-05-17", "2025-05-20"), 2025, 5, True)),
    ("座谈会17日至18日在上海召开。", date(2025, 7, 19), ("17日至18日", ("2025-07-17", "2025-07-18"), 2025, 7, True)),
    ("5月17日至20日，调研组赴浙江。", P, ("5月17日至20日", ("2025-05-17", "2025-05-20"), 2025, 5, True)),
    ("7月17日—18日，会议在京举行。", date(2025, 7, 19), ("7月17日—18日", ("2025-07-17", "2025-07-18"), 2025, 7, True)),
    ("17日-18日，考察团到访。", date(2025, 7, 19), ("17日-18日", ("2025-07-17", "2025-07-18"), 2025, 7, True)),
    ("17—20日，展会在深圳举办。", P, ("17—20日", ("2025-05-17", "2025-05-20"), 2025, 5, True)),
    ("5月30日至6月2日，博览会在厦门举行。", date(2025, 6, 3),
     ("5月30日至6月2日", ("2025-05-30", "2025-06-02"), 2025, None, True)),
    # Month boundaries: a day after the publication day belongs to the previous month.
    ("30日，项目正式开工。", date(2025, 6, 2), ("30日", ("2025-05-30", "2025-05-30"), 2025, 5, True)),
    ("31日，工程全线贯通。", date(2025, 1, 3), ("31日", ("2024-12-31", "2024-12-31"), 2024, 12, True)),
    ("30日至1日，各地迎来降雨。", date(2025, 6, 2), ("30日至1日", ("2025-05-30", "2025-06-01"), 2025, None, True)),
    ("2日，全省召开推进会。", date(2025, 6, 2), ("2日", ("2025-06-02", "2025-06-02"), 2025, 6, True)),
    # A month and day without a year: the previous year when it would lie far ahead.
    ("12月30日，新线开通运营。", date(2025, 1, 3), ("12月30日", ("2024-12-30", "2024-12-30"), 2024, 12, True)),
    ("10月，将举办进口博览会。", date(2025, 6, 2), ("10月", ("2025-10-01", "2025-10-31"), 2025, 10, True)),
    ("截至7月4日上午8时，累计有多条河流发生超警洪水。", date(2025, 7, 5),
     ("截至7月4日上午8时", ("2025-07-04", "2025-07-04"), 2025, 7, True)),
    ("截至去年底，全省建成深水网箱。", date(2025, 6, 2), ("截至去年底", ("2024-12-01", "2024-12-31"), 2024, 12, True)),
    ("去年年底，全市常住人口突破千万。", date(2025, 6, 2), ("去年年底", ("2024-12-01", "2024-12-31"), 2024, 12, True)),
    ("今年3月底全面完成渔排升级改造。", date(2025, 6, 2), ("今年3月底", ("2025-03-21", "2025-03-31"), 2025, 3, True)),
    ("今年7月重新对外开放。", date(2024, 11, 20), ("今年7月", ("2024-07-01", "2024-07-31"), 2024, 7, True)),
    ("今年，我国旱涝特征明显。", date(2025, 7, 5), ("今年", ("2025-01-01", "2025-12-31"), 2025, None, True)),
    ("去年，全省粮食总产量再创新高。", date(2025, 7, 5), ("去年", ("2024-01-01", "2024-12-31"), 2024, None, True)),
    ("前年，该县实现脱贫摘帽。", date(2025, 7, 5), ("前年", ("2023-01-01", "2023-12-31"), 2023, None, True)),
    ("明年，全省将全面推开改革。", date(2025, 7, 5), ("明年", ("2026-01-01", "2026-12-31"), 2026, None, True)),
    ("今年一季度，全国居民消费价格同比下降。", date(2025, 4, 16), ("今年一季度", ("2025-01-01", "2025-03-31"), 2025, None, True)),
    ("今年上半年，全国铁路发送旅客21亿人次。", date(2025, 7, 15), ("今年上半年", ("2025-01-01", "2025-06-30"), 2025, None, True)),
    ("年内将建成投产。", date(2025, 7, 15), ("年内", ("2025-01-01", "2025-12-31"), 2025, None, True)),
    ("年底前完成全部整改任务。", date(2025, 7, 15), ("年底", ("2025-12-01", "2025-12-31"), 2025, 12, True)),
    ("一季度，全国规模以上工业增加值同比增长6.5%。", date(2025, 4, 16), ("一季度", ("2025-01-01", "2025-03-31"), 2025, None, True)),
    ("前5个月，全国货物贸易进出口增长。", date(2025, 6, 9), ("前5个月", ("2025-01-01", "2025-05-31"), 2025, None, True)),
    ("1—5月，全国固定资产投资增长3.7%。", date(2025, 6, 16), ("1—5月", ("2025-01-01", "2025-05-31"), 2025, None, True)),
    ("2022年以来，完成了6.3万处农村供水工程。", date(2025, 7, 5),
     ("2022年以来", ("2022-01-01", "2025-07-05"), 2022, None, True)),
    ("今年以来，全省新增经营主体30万户。", date(2025, 7, 5), ("今年以来", ("2025-01-01", "2025-07-05"), 2025, None, True)),
    ("昨天上午，市委书记在调研时指出。", date(2024, 11, 20), ("昨天上午", ("2024-11-19", "2024-11-19"), 2024, 11, True)),
    ("记者昨日从市商务局获悉。", date(2025, 3, 1), ("昨日", ("2025-02-28", "2025-02-28"), 2025, 2, True)),
    ("今天，第二届链博会在北京开幕。", date(2025, 7, 16), ("今天", ("2025-07-16", "2025-07-16"), 2025, 7, True)),
    ("前天晚上，暴雨袭击多地。", date(2025, 7, 16), ("前天晚上", ("2025-07-14", "2025-07-14"), 2025, 7, True)),
    ("明天，全国大部地区气温回升。", date(2025, 12, 31), ("明天", ("2026-01-01", "2026-01-01"), 2026, 1, True)),
    ("本月，全省将开展安全生产大检查。", date(2025, 2, 10), ("本月", ("2025-02-01", "2025-02-28"), 2025, 2, True)),
    ("上月，全国新能源汽车销量增长。", date(2025, 1, 15), ("上月", ("2024-12-01", "2024-12-31"), 2024, 12, True)),
    ("本周，多部门联合部署防汛工作。", date(2025, 7, 16), ("本周", ("2025-07-14", "2025-07-20"), 2025, None, True)),
    ("截至目前，已有多家企业签约。", date(2025, 7, 16), ("截至目前", ("2025-07-16", "2025-07-16"), 2025, 7, True)),
    ("去年同期，该指标为4.6%。", date(2025, 7, 16), ("去年同期", None, 2024, None, True)),
])
def test_relative(sentence, published, expected):
    assert one(sentence, published) == expected


def test_future_marker_keeps_a_later_day_in_the_same_month():
    assert one("展会将于25日在福州开幕。", date(2025, 6, 20)) == ("25日", ("2025-06-25", "2025-06-25"), 2025, 6, True)
    assert one("展会于25日在福州开幕。", date(2025, 6, 20)) == ("25日", ("2025-05-25", "2025-05-25"), 2025, 5, True)
    assert one("论坛将于5日举行。", date(2025, 6, 20)) == ("5日", ("2025-07-05", "2025-07-05"), 2025, 7, True)


def test_same_day_and_next_day_follow_the_last_day_mentioned():
    found = dates("10日，工程投产送电。当天，新疆电网负荷创新高；次日，重庆电网接收电量。", date(2025, 6, 11))
    assert found == [("10日", ("2025-06-10", "2025-06-10"), 2025, 6, True),
                     ("当天", ("2025-06-10", "2025-06-10"), 2025, 6, True),
                     ("次日", ("2025-06-11", "2025-06-11"), 2025, 6, True)]
    assert dates("当天，会议闭幕。", date(2025, 6, 11)) == [("当天", ("2025-06-11", "2025-06-11"), 2025, 6, True)]


@pytest.mark.parametrize("sentence", ["国务委员近日在浙江调研。", "商务部日前发布通知。", "近期，多地出台措施。",
                                      "近年来，连江县持续推动转型升级。", "前不久，该项目通过验收。"])
def test_vague_words_give_no_date(sentence):
    (text, value, year, month, relative), = dates(sentence, P)
    assert value is None and year is None and month is None and relative is True


# --------------------------------------------------------------------------- without a publication date

def test_without_publication_date_relative_words_have_no_value():
    assert one("记者昨天从大会上了解到。", None) == ("昨天", None, None, None, True)
    assert one("17日至20日，调研组赴浙江。", None) == ("17日至20日", None, None, None, True)
    assert one("今年7月重新对外开放。", None) == ("今年7月", None, None, 7, True)
    assert one("去年底，全省建成网箱。", None) == ("去年底", None, None, None, True)
    assert one("审议1-7月经济运行情况。", None) == ("1-7月", None, None, None, True)
    assert one("审议1-7月经济运行情况。", None, 2024) == ("1-7月", ("2024-01-01", "2024-07-31"), 2024, None, True)
    # The anchor year gives a year to dates that lack one, not to words relative to the publication.
    assert one("今年7月重新对外开放。", None, 2024) == ("今年7月", None, None, 7, True)
    assert one("记者昨天从大会上了解到。", None, 2024) == ("昨天", None, None, None, True)


def test_anchor_year_resolves_month_and_day_without_year():
    assert one("5月9日，国务院常务会议审议通过方案。", None) == ("5月9日", None, None, 5, True)
    assert one("5月9日，国务院常务会议审议通过方案。", None, 2024) == (
        "5月9日", ("2024-05-09", "2024-05-09"), 2024, 5, True)
    assert one("上半年，全市外贸增长。", None, 2023) == ("上半年", ("2023-01-01", "2023-06-30"), 2023, None, True)
    # The publication date wins over the anchor year.
    assert one("5月9日，国务院常务会议审议通过方案。", date(2025, 5, 28), 1984)[1] == ("2025-05-09", "2025-05-09")


def test_since_without_publication_date_keeps_the_year():
    assert one("2022年以来，完成农村供水工程。", None) == ("2022年以来", None, 2022, None, True)


# --------------------------------------------------------------------------- not dates, bad input

@pytest.mark.parametrize("sentence", [
    "用3个月时间完成整治，5年内建成示范区。",
    "兑换100日元，30日内办结，地铁1号线开通。",
    "《2024—2026年数字经济发展行动计划》印发实施。",
    "福建建成深水抗风浪网箱5300多口，占比达92.5%。",
    "三年中完成改造，第5日起实施。",
    "统一月度考核，开展一日游活动。",
    "",
])
def test_not_dates(sentence):
    assert find_dates(sentence, P) == []


def test_impossible_date_has_no_value():
    assert one("2025年2月30日", P) == ("2025年2月30日", None, 2025, 2, False)
    assert one("30日，项目开工。", date(2025, 3, 1)) == ("30日", None, 2025, 2, True)


def test_several_dates_in_order():
    s = "国务院常务会议5月9日审议通过《工作方案》，近日商务部受权发布。5月27日，国务院新闻办举行吹风会。"
    got = dates(s, date(2025, 5, 28))
    assert [g[0] for g in got] == ["5月9日", "近日", "5月27日"]
    assert got[2][1] == ("2025-05-27", "2025-05-27")


def test_date_mention_is_frozen():
    m = find_dates("2024年", None)[0]
    assert isinstance(m, DateMention)
    with pytest.raises(Exception):
        m.year = 2023  # type: ignore[misc]


# --------------------------------------------------------------------------- target years

@pytest.mark.parametrize("text, published, anchor, expected", [
    ("集成电路产业规模从2019年的不到10亿元发展到2024年有望突破400亿元，未来三年产业总规模目标力争实现800亿元",
     None, None, 2027),
    ("未来三年产业总规模目标力争实现800亿元", None, 2024, 2027),
    ("未来三年产业总规模目标力争实现800亿元", date(2025, 3, 1), 2024, 2028),
    ("今后五年，全省将新增城镇就业250万人", date(2025, 1, 20), None, 2030),
    ("推动在闽金融机构5年内支持海洋领域意向性融资超3600亿元", date(2025, 6, 2), None, 2030),
    ("到2035年，现代化流域防洪减灾体系基本完善", date(2025, 7, 5), None, 2035),
    ("力争2030年前实现碳达峰", None, None, 2030),
    ("到“十五五”末，全省数字经济核心产业增加值占比达到15%", None, None, 2030),
    ("到本世纪中叶，建成社会主义现代化强国", None, None, 2050),
    ("明年，全省高标准农田面积将达到5000万亩", date(2025, 12, 20), None, 2026),
    ("明年，全省高标准农田面积将达到5000万亩", None, 2025, None),
    ("近5年内累计完成投资1万亿元", date(2025, 1, 1), None, None),
    ("建成后年产值可达300亿元", date(2025, 1, 1), None, None),   # 建成后|年产值, no 后年
    ("后年，全省将新增企业1万家", date(2025, 1, 1), None, 2027),
    ("近年来，连江县持续推动海上养殖业转型升级", date(2025, 6, 2), None, None),
    ("未来三年，产业规模力争实现800亿元", None, None, None),
    ("", None, None, None),
])
def test_future_period_year(text, published, anchor, expected):
    assert future_period_year(text, published, anchor) == expected


# --------------------------------------------------------------------------- real pages

def _need_shared():
    if not SHARED.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED}")


def test_dev_gold_event_dates_are_found():
    """Each gold eventDate of the dev articles is the value of a date mention of its article."""
    _need_shared()
    missing = []
    for line in (SHARED / "corpus/dev/articles.jsonl").read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        gold_path = SHARED / "gold/dev" / f"{article['id'].split('-')[-1]}.gold.json"
        if not gold_path.exists():
            continue
        published = date.fromisoformat(article["published"]) if article.get("published") else None
        values = {(m.value.start.isoformat(), m.value.end.isoformat())
                  for m in find_dates(article["text"], published) if m.value}
        for fact in json.loads(gold_path.read_text(encoding="utf-8"))["facts"]:
            if fact["p"] == "eventDate" and tuple(fact["date"]) not in values:
                missing.append((article["id"], fact["date"]))
    assert missing == []


def test_seed_page_without_publication_date():
    _need_shared()
    text = (SHARED / "corpus/seed/youth-daily-page.txt").read_text(encoding="utf-8").replace("\n", "")
    found = find_dates(text, None)
    by_text = {m.text: m for m in found}
    assert by_text["昨天"].value is None
    assert by_text["2019年"].year == 2019 and by_text["2024年"].value.end == date(2024, 12, 31)
    assert by_text["今年7月"].value is None and by_text["今年7月"].month == 7
    assert all(m.value is None for m in found if m.relative and m.text.startswith(("昨", "今")))


@pytest.mark.parametrize("sentence, published, expected", [
    ("三季度末，广义货币余额同比增长。", date(2025, 10, 12), ("三季度末", ("2025-09-01", "2025-09-30"), 2025, 9, True)),
    ("上周五，央行宣布下调存款准备金率。", date(2025, 10, 12), ("上周五", ("2025-10-03", "2025-10-03"), 2025, 10, True)),
    ("下周三下午，将举行新闻发布会。", date(2025, 10, 12), ("下周三下午", ("2025-10-15", "2025-10-15"), 2025, 10, True)),
    ("9月下旬以来，多地出现降雨。", date(2025, 10, 12), ("9月下旬以来", ("2025-09-21", "2025-10-12"), 2025, None, True)),
    ("3月5日上午9时，十四届全国人大三次会议开幕。", date(2025, 3, 6),
     ("3月5日上午9时", ("2025-03-05", "2025-03-05"), 2025, 3, True)),
])
def test_more_register(sentence, published, expected):
    assert one(sentence, published) == expected


@pytest.mark.parametrize("sentence", [
    "项目预计投产后年产值将突破300亿元。",   # 后年 inside 投产后 + 年产值
    "会议说明年度预算安排情况。",            # 明年 inside 说明 + 年度
    "此后年均增长6%以上。",
])
def test_relative_year_words_inside_other_words(sentence):
    assert find_dates(sentence, date(2025, 6, 1)) == []


def test_figurative_today_and_tomorrow():
    assert find_dates("香港的明天将更加美好，中国的今天来之不易。", date(2025, 6, 1)) == []


@pytest.mark.parametrize("sentence, published, expected", [
    ("本月11日，新规正式施行。", date(2025, 6, 15), ("本月11日", ("2025-06-11", "2025-06-11"), 2025, 6, True)),
    ("上月28日，首趟班列发车。", date(2025, 3, 2), ("上月28日", ("2025-02-28", "2025-02-28"), 2025, 2, True)),
    ("到上周末，累计接种疫苗超千万剂。", date(2025, 6, 16), ("上周末", ("2025-06-14", "2025-06-15"), 2025, None, True)),
    ("（6月17日20时—6月18日20时）全省出现强降雨。", date(2025, 6, 19),
     ("6月17日20时—6月18日20时", ("2025-06-17", "2025-06-18"), 2025, 6, True)),
    ("12月30日至1月2日，冰雪节在哈尔滨举行。", date(2025, 1, 5),
     ("12月30日至1月2日", ("2024-12-30", "2025-01-02"), 2025, None, True)),
    # After a future marker the whole range moves forward together.
    ("展览将于4月18日至9月18日举行。", date(2025, 6, 15),
     ("4月18日至9月18日", ("2026-04-18", "2026-09-18"), 2026, None, True)),
])
def test_ranges_and_days_of_relative_months(sentence, published, expected):
    assert one(sentence, published) == expected


def test_module_examples():
    import doctest

    import kg.normalize.dates as module
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("published", [date(1, 1, 1), date(1, 12, 31), date(9999, 1, 1), date(9999, 12, 31)])
def test_relative_dates_never_overflow_at_the_ends_of_the_calendar(published):
    """Issue 13: 去年底 of the year 1 and 明年 of 9999 raised ValueError/OverflowError."""
    text = "1年6月。去年底全省投资1亿元。三季度市长强视察。明年1月，下周一，昨天，前天，十四五期间，2024年以来。"
    for mention in find_dates(text, published):
        if mention.value is not None:
            assert mention.value.start <= mention.value.end
