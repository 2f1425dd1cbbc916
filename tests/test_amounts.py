"""kg.normalize.amounts: numbers, 万/亿 folding, units, comparators and what is no amount."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kg.normalize.amounts import Amount, find_amounts, parse_number

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
D = Decimal


def amounts(text: str) -> list[tuple]:
    found = find_amounts(text)
    for a in found:
        assert a.text == text[a.start:a.end]  # offsets always point at the text
    return [(a.text, a.value, a.unit, a.comparator) for a in found]


# --------------------------------------------------------------------------- parse_number

@pytest.mark.parametrize("s, expected", [
    ("2260", D(2260)), ("2,350.6", D("2350.6")), ("92.5", D("92.5")), ("０.５", D("0.5")),
    ("三", D(3)), ("十", D(10)), ("十六", D(16)), ("二十", D(20)), ("两", D(2)), ("百", D(100)),
    ("千", D(1000)), ("一千二百", D(1200)), ("一百零五", D(105)), ("三千五", D(3500)),
    ("一万五", D(15000)), ("三万五千", D(35000)), ("一亿二千万", D(120000000)),
    ("1.25万亿", D(1250000000000)), ("16.9万亿", D(16900000000000)), ("400亿", D(40000000000)),
    ("1.85亿", D(185000000)), ("百亿", D(10000000000)), ("千亿", D(100000000000)),
    ("3千", D(3000)), ("5百万", D(5000000)), ("三点五", D("3.5")), ("二〇二四", D(2024)),
    ("-3.2", D("-3.2")), ("负五", D(-5)),
])
def test_parse_number(s, expected):
    assert parse_number(s) == expected


@pytest.mark.parametrize("bad", ["", "  ", "abc", "元", "亿元", "十十", "三四五点", "1.2.3", "百千", "五六七十"])
def test_parse_number_rejects_non_numerals(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


def test_parse_number_rejects_non_strings():
    with pytest.raises(ValueError):
        parse_number(None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- amounts in sentences

@pytest.mark.parametrize("sentence, expected", [
    ("国务院常务会议指出，2024年全国新增减税降费及退税缓费超2.6万亿元。",
     [("超2.6万亿元", D(2600000000000), "CNY", ">")]),
    ("截至6月底，全国累计建成5G基站439.5万个，移动电话用户达9.5亿户。",
     [("439.5万个", D(4395000), "个", "="), ("9.5亿户", D(950000000), "户", "=")]),
    ("该项目总投资约120亿元，建成后年产值可达300亿元以上，带动就业近5000人。",
     [("约120亿元", D(12000000000), "CNY", "~"), ("300亿元以上", D(30000000000), "CNY", ">"),
      ("近5000人", D(5000), "人", "~")]),
    ("全市新增城镇就业12.3万人，城镇调查失业率控制在5.5%以内。",
     [("12.3万人", D(123000), "人", "="), ("5.5%以内", D("5.5"), "%", "<=")]),
    ("全年接待游客1.2亿人次，实现旅游收入1500亿元人民币。",
     [("1.2亿人次", D(120000000), "人次", "="), ("1500亿元人民币", D(150000000000), "CNY", "=")]),
    ("该集团在香港发行债券50亿港元，并获得2亿美元和3000万欧元贷款，另有日元债券200亿日元。",
     [("50亿港元", D(5000000000), "HKD", "="), ("2亿美元", D(200000000), "USD", "="),
      ("3000万欧元", D(30000000), "EUR", "="), ("200亿日元", D(20000000000), "JPY", "=")]),
    ("百分之八十以上的行政村实现了生活垃圾集中收运处理。",
     [("百分之八十以上", D(80), "%", ">")]),
    ("目前已有近三成规模以上企业完成数字化改造。",
     [("近三成", D(30), "%", "~")]),
    ("前三季度，全省规模以上工业增加值同比增长6.2%，高于全国1.4个百分点。",
     [("6.2%", D("6.2"), "%", "="), ("1.4个百分点", D("1.4"), "个百分点", "=")]),
    ("全省粮食播种面积稳定在1.1亿亩，总产量超过700亿斤。",
     [("1.1亿亩", D(110000000), "亩", "="), ("超过700亿斤", D(70000000000), "斤", ">")]),
    ("海上风电项目装机容量100万千瓦，年发电量约30亿千瓦时。",
     [("100万千瓦", D(1000000), "千瓦", "="), ("约30亿千瓦时", D(3000000000), "千瓦时", "~")]),
    ("平均每个项目投资不到2000万元，单个项目补助最多不超过500万元，至少带动就业50人。",
     [("不到2000万元", D(20000000), "CNY", "<"), ("不超过500万元", D(5000000), "CNY", "<="),
      ("50人", D(50), "人", "=")]),
    ("全市共有中小学1200余所，在校学生80多万人，专任教师逾6万名。",
     [("1200余所", D(1200), "所", ">"), ("80多万人", D(800000), "人", ">"), ("逾6万名", D(60000), "名", ">")]),
    ("会议审议通过了十六项政策措施，涉及一千二百个重点项目和两万余家企业。",
     [("十六项", D(16), "项", "="), ("一千二百个", D(1200), "个", "="), ("两万余家", D(20000), "家", ">")]),
    ("完成固定资产投资2,350.6亿元，同比增长4.8%。",
     [("2,350.6亿元", D(235060000000), "CNY", "="), ("4.8%", D("4.8"), "%", "=")]),
    ("２０２４年全市新增城镇就业１２万人。", [("１２万人", D(120000), "人", "=")]),
    ("中欧班列累计开行超9万列，通达欧洲25个国家。",
     [("超9万列", D(90000), "列", ">"), ("25个", D(25), "个", "=")]),
    ("当地电价为0.38元/千瓦时，PM2.5平均浓度为30微克/立方米。",
     [("0.38元/千瓦时", D("0.38"), "CNY/千瓦时", "="), ("30微克/立方米", D(30), "微克/立方米", "=")]),
    ("这项改革历时3个多月，试点工作1年多来成效明显。",
     [("3个多月", D(3), "个月", ">"), ("1年多", D(1), "年", ">")]),
    ("力争用3至5年时间，培育10家左右营业收入超百亿元的龙头企业。",
     [("3", D(3), "年", ">="), ("5年", D(5), "年", "<="), ("10家左右", D(10), "家", "~"),
      ("超百亿元", D(10000000000), "CNY", ">")]),
    ("今年出口增速预计在20%—30%之间，新增投资3至5万元。",
     [("20%", D(20), "%", ">="), ("30%", D(30), "%", "<="), ("3", D(30000), "CNY", ">="),
      ("5万元", D(50000), "CNY", "<=")]),
    ("上千家企业参展，带动相关产业形成千亿级集群。",
     [("上千家", D(1000), "家", ">"), ("千亿级", D(100000000000), "", "~")]),
    # 上万 is "more than" (the guidelines' comparators); 上万家, 上亿元 are amounts without a digit
    ("在安平县，上万家企业开足马力，投资上亿元，年接待游客上百万人次。",
     [("上万家", D(10000), "家", ">"), ("上亿元", D(100000000), "CNY", ">"), ("上百万人次", D(1000000), "人次", ">")]),
    # 迈上…台阶: an order of magnitude reached (the guidelines' ~); 赶上万家灯火 is no amount
    ("全省经济总量迈上万亿元台阶，赶上万家灯火的好时节。", [("万亿元", D(1000000000000), "CNY", "~")]),
    ("经济总量迈上3万亿元台阶，迈上新台阶。", [("3万亿元", D(3000000000000), "CNY", "~")]),
    ("公路通车里程超过了12万公里，旅客突破了100万人次。",
     [("超过了12万公里", D(120000), "公里", ">"), ("突破了100万人次", D(1000000), "人次", ">")]),
    ("当地建成10万吨级泊位3个，打造5000亿元级产业集群和百万千瓦级光伏基地。",
     [("10万吨级", D(100000), "吨", "~"), ("3个", D(3), "个", "="),
      ("5000亿元级", D(500000000000), "CNY", "~"), ("百万千瓦级", D(1000000), "千瓦", "~")]),
    ("新型储能装机规模达到3千万千瓦，比上年末增长1倍以上。",
     [("3千万千瓦", D(30000000), "千瓦", "="), ("1倍以上", D(1), "倍", ">")]),
    ("总投资3千瓦时", [("3千瓦时", D(3), "千瓦时", "=")]),
    ("全国乡村人口约4.8亿，常住人口城镇化率达到67%。",
     [("约4.8亿", D(480000000), "", "~"), ("67%", D(67), "%", "=")]),
    ("营业收入为人民币120亿元，净利润约人民币8亿元。",
     [("人民币120亿元", D(12000000000), "CNY", "="), ("约人民币8亿元", D(800000000), "CNY", "~")]),
])
def test_amounts_in_news_sentences(sentence, expected):
    assert amounts(sentence) == expected


def test_offsets_cover_comparator_and_spaced_layout():
    s = "已签约集成电路项目 174 个，总合同约定投资额超 2700 亿元，覆盖各个领域。"
    found = find_amounts(s)
    assert [(a.start, a.end, a.text) for a in found] == [(10, 15, "174 个"), (24, 33, "超 2700 亿元")]
    assert found[1].value == D(270000000000) and found[1].unit == "CNY" and found[1].comparator == ">"
    assert found[0].comparator == "="  # 签约 is no 约


def test_approx_class_flag():
    a, = find_amounts("下线26兆瓦级海上风力发电机组。")
    assert (a.text, a.value, a.unit, a.comparator, a.approx_class) == ("26兆瓦级", D(26), "兆瓦", "~", True)
    b, = find_amounts("形成2个产业集群。")
    assert b.approx_class is False


@pytest.mark.parametrize("sentence, expected", [
    # 签约 and 最近 are words, not comparators.
    ("开幕式上签约15个重大项目，总投资逾800亿元。",
     [("15个", D(15), "个", "="), ("逾800亿元", D(80000000000), "CNY", ">")]),
    ("最近3年，当地累计减少碳排放不少于200万吨。",
     [("3年", D(3), "年", "="), ("不少于200万吨", D(2000000), "吨", ">=")]),
    # 近N年来 is a window of time, not an approximation.
    ("近5年来，全县农村居民人均可支配收入年均增长8%以上。",
     [("近5年", D(5), "年", "="), ("8%以上", D(8), "%", ">")]),
    ("工程建设耗时近两年。", [("近两年", D(2), "年", "~")]),
    ("不低于90%的资金用于民生，缺口低于10亿元。",
     [("不低于90%", D(90), "%", ">="), ("低于10亿元", D(1000000000), "CNY", "<")]),
    ("贷款规模大于5000万元的企业不足30家，各项指标未满3年。",
     [("大于5000万元", D(50000000), "CNY", ">"), ("不足30家", D(30), "家", "<"), ("未满3年", D(3), "年", "<")]),
    ("每户补贴最多2000元，服务半径5公里内，受益群众接近10万人。",
     [("最多2000元", D(2000), "CNY", "<="), ("5公里", D(5), "公里", "="), ("接近10万人", D(100000), "人", "~")]),
])
def test_comparators(sentence, expected):
    assert amounts(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "2024年5月9日，国务院常务会议审议通过有关文件。",                      # years and dates
    "全国公安厅局长座谈会17日至20日在北京召开。",                           # day range
    "截至7月4日上午8时，各地汛情总体平稳。",                                # date and time
    "1984年，我国在沿海城市设立了首批经济技术开发区。",                      # a year
    "二〇二四年是实现“十四五”规划目标任务的关键一年。",                      # Chinese year, plan name
    "会议审议《2024—2026年数字经济发展行动计划》。",                         # numbers in a title
    "一是扩大有效投资，二是稳定外贸外资，三是促进消费。",                   # list markers
    "这是第五次全国经济普查，第三产业占比持续提升。",                       # ordinals
    "“嫦娥六号”探测器和“福海1号”养殖平台完成任务。",                        # names in short quotes
    "我国首艘纯电游船“海韵88”进行调试，C919大飞机和5G网络加快应用。",        # models and codes
    "哈密—±800千伏特高压直流输电工程投产送电。",                              # a rating inside a name
    "今年汛期多条河流发生超警以上洪水，近日各地加强巡查。",                   # 超警, 近日
    "近年来，这是一个重要平台，一批重大项目落地，统一部署。",                # lone 一 + counter
    "数十家企业千方百计稳岗，把温暖送到千家万户，三部门联合印发通知。",       # vague, set phrases
    "前5个月，全国规上工业利润增长；该企业跻身世界500强。",                  # ranks and periods
    "十分重要的是，要增强“四个意识”。",                                       # 十分, slogans
    "",
    "没有数字的句子。",
])
def test_no_amounts(sentence):
    assert find_amounts(sentence) == []


def test_quoted_speech_is_read():
    s = "“我们累计投入5亿元进行研发，产品纯度大于99%，打破国外垄断。”董事长说。"
    assert amounts(s) == [("5亿元", D(500000000), "CNY", "="), ("大于99%", D(99), "%", ">")]


def test_full_width_percent_and_permille():
    assert amounts("合格率为99.5％，不良率低于3‰。") == [
        ("99.5％", D("99.5"), "%", "="), ("低于3‰", D(3), "‰", "<")]


def test_amount_is_frozen():
    a = find_amounts("共5家")[0]
    assert isinstance(a, Amount)
    with pytest.raises(Exception):
        a.value = D(6)  # type: ignore[misc]


# --------------------------------------------------------------------------- real pages

def _need_shared():
    if not SHARED.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED}")


def test_seed_page_amounts():
    _need_shared()
    text = (SHARED / "corpus/seed/youth-daily-page.txt").read_text(encoding="utf-8").replace("\n", "")
    got = {(a.value, a.unit, a.comparator) for a in find_amounts(text)}
    for want in [(D(1000000000), "CNY", "<"), (D(40000000000), "CNY", ">"), (D(80000000000), "CNY", "="),
                 (D(174), "个", "="), (D(270000000000), "CNY", ">"), (D(300), "家", ">"),
                 (D(50), "个", ">"), (D(10000000000), "CNY", ">"), (D(500), "家", "="),
                 (D(100000000000), "", "~")]:
        assert want in got, want
    # No year, date or time of the page is read as an amount.
    assert not any(a.unit == "年" and a.value >= 1000 for a in find_amounts(text))


_CURRENCY = {"美元": "USD", "元": "CNY", "人民币": "CNY"}


def test_dev_gold_figures_are_found():
    """Every required gold figure of the dev articles has an amount with its value and comparator."""
    _need_shared()
    missing = []
    for gold_path in sorted((SHARED / "gold/dev").glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (SHARED / "corpus/dev" / f"{gold_path.name.split('.')[0]}.txt").read_text(encoding="utf-8")
        found = {(a.value, a.comparator) for a in find_amounts(text)}
        units = {(a.value, a.unit) for a in find_amounts(text)}
        for fact in gold["facts"]:
            if fact["p"] != "figure" or fact.get("optional"):
                continue
            value = D(str(fact["value"])).normalize()
            value = D(int(value)) if value == value.to_integral_value() else value
            if (value, fact["comparator"]) not in found:
                missing.append((gold_path.name, fact["metric"], value, fact["comparator"]))
            unit = _CURRENCY.get(fact["unit"], fact["unit"])
            if unit not in ("项目",) and (value, unit) not in units:
                missing.append((gold_path.name, fact["metric"], value, unit))
    assert missing == []


@pytest.mark.parametrize("sentence, expected", [
    # A list shares its last unit (statistics releases write the unit once).
    ("出口和进口增速同比分别加快0.9个和1.2个百分点。",
     [("0.9个", D("0.9"), "个百分点", "="), ("1.2个百分点", D("1.2"), "个百分点", "=")]),
    ("三大产业增加值分别增长3.2、4.5和5.1个百分点。",
     [("3.2", D("3.2"), "个百分点", "="), ("4.5", D("4.5"), "个百分点", "="), ("5.1个百分点", D("5.1"), "个百分点", "=")]),
    ("两地投资额分别为1.2、3.4亿元。",
     [("1.2", D(120000000), "CNY", "="), ("3.4亿元", D(340000000), "CNY", "=")]),
    # 以上 closes the first amount; the 上 of 以上 does not make 上千亿 of the next one.
    ("到2027年，全省力争培育形成10个以上千亿级产业集群。",
     [("10个以上", D(10), "个", ">"), ("千亿级", D(100000000000), "", "~")]),
    # Session numbers of a congress are ordinals even without 第.
    ("十四届全国人大三次会议在人民大会堂开幕，会期7天。", [("7天", D(7), "天", "=")]),
    ("全国共有A级旅游景区1.57万家，其中5A级景区358家。",
     [("1.57万家", D(15700), "家", "="), ("358家", D(358), "家", "=")]),
])
def test_lists_and_neighbours(sentence, expected):
    assert amounts(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("在不到一个小时的时间里完成审批。", [("不到一个小时", D(1), "小时", "<")]),
    ("企业开办时间压缩至3个工作日内，窗口每天服务8个小时。",
     [("3个工作日内", D(3), "工作日", "<="), ("8个小时", D(8), "小时", "=")]),
    ("省政协十三届二次会议开幕，这个一度封闭的山村，孩子们上小学三年级了。", []),
    ("始终坚持三大纪律八项注意。", []),
])
def test_time_units_and_words_that_look_like_amounts(sentence, expected):
    assert amounts(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("用一年半时间完成改造，展会历时3天半。", [("一年半", D("1.5"), "年", "="), ("3天半", D("3.5"), "天", "=")]),
    # 每百户, 每3年: denominators and frequencies, not quantities.
    ("每百户家庭拥有家用汽车40辆，每3年开展一次评估。", [("40辆", D(40), "辆", "=")]),
    ("投资规模在1000亿—2000亿元之间。",
     [("1000亿", D(100000000000), "CNY", ">="), ("2000亿元", D(200000000000), "CNY", "<=")]),
])
def test_halves_denominators_and_multiplier_ranges(sentence, expected):
    assert amounts(sentence) == expected


def test_module_examples():
    import doctest

    import kg.normalize.amounts as module
    assert doctest.testmod(module).failed == 0


# -- signs, exponents and limits (issue 13) --------------------------------------------------------
@pytest.mark.parametrize("sentence, expected", [
    ("利润为-5亿元", [("-5亿元", Decimal("-500000000"), "CNY", "=")]),
    ("同比增长-2.3%", [("-2.3%", Decimal("-2.3"), "%", "=")]),
    ("超-5%", [("超-5%", Decimal("-5"), "%", ">")]),
    ("气温降至−3摄氏度", [("−3摄氏度", Decimal("-3"), "摄氏度", "=")]),
    ("增速为负1.5%", [("负1.5%", Decimal("-1.5"), "%", "=")]),
    ("1E+10元", [("1E+10元", Decimal("10000000000"), "CNY", "=")]),
    ("2.5e3吨", [("2.5e3吨", Decimal("2500"), "吨", "=")]),
    ("3-5年", []),                               # a range, not minus five
    ("COVID-19病例20例", [("20例", Decimal("20"), "例", "=")]),
])
def test_signs_and_exponents(sentence, expected):
    assert [(a.text, a.value, a.unit, a.comparator) for a in find_amounts(sentence)] == expected


def test_values_out_of_range_are_rejected_with_a_message_not_rounded(caplog):
    exact = "1234567890123456789"   # 19 digits: exact, not rounded
    assert [a.value for a in find_amounts(f"投资{exact}元")] == [Decimal(exact)]
    assert parse_number("12345678901234567890123456789.5") == Decimal("12345678901234567890123456789.5")
    for text in ("投资12345678901234567890123456789万亿元", "0.0000000000000000001元", "1E+30元"):
        caplog.clear()
        assert find_amounts(text) == []
        assert "outside the range" in caplog.text
