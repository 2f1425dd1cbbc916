"""figure facts on sentences written in the register of Xinhua / People's Daily reports, and on the seed page."""
from datetime import date
from decimal import Decimal

import pytest

from kg.extract import get_extractors
from kg.pipeline import analyze_text

PUB = date(2025, 6, 2)


def figures(text, published=PUB):
    doc = analyze_text(text, published)
    (ex,) = get_extractors(["figure"])
    return list(ex(doc))


def facts(text, published=PUB):
    """(subject, value, unit, comparator, status, year) of every figure."""
    return {(f.subject.text, f.value, f.unit, f.comparator, f.status, f.year) for f in figures(text, published)}


def test_region_with_explicit_year_and_comparator():
    got = facts("江苏省2024年地区生产总值超13万亿元，同比增长5.8%。")
    assert got == {("江苏省", Decimal("13000000000000"), "CNY", ">", "actual", 2024),
                   ("江苏省", Decimal("5.8"), "%", "=", "actual", 2024)}
    (first, _) = sorted(figures("江苏省2024年地区生产总值超13万亿元，同比增长5.8%。"), key=lambda f: f.value, reverse=True)
    assert first.metric == "地区生产总值" and first.text == "超13万亿元"


def test_youyu_is_forecast_and_lizheng_is_target():
    got = facts("预计到2027年，深圳市新能源汽车产量有望突破300万辆。")
    assert got == {("深圳市", Decimal("3000000"), "辆", ">", "forecast", 2027)}
    got = facts("到2030年，广东省力争海洋生产总值达到3.5万亿元。")
    assert got == {("广东省", Decimal("3500000000000"), "CNY", "=", "target", 2030)}


def test_forecast_is_scoped_to_its_clause():
    got = facts("宁波舟山港今年集装箱吞吐量有望突破4000万标准箱，去年完成3900余万标准箱。")
    assert got == {("宁波舟山港", Decimal("40000000"), "标准箱", ">", "forecast", 2025),
                   ("宁波舟山港", Decimal("39000000"), "标准箱", ">", "actual", 2024)}


def test_chao_yu_yue_comparators():
    got = facts("截至去年底，浙江省累计建成5G基站约20万个，超过90%的行政村实现覆盖，服务企业3000余家。")
    assert ("浙江省", Decimal("200000"), "个", "~", "actual", 2024) in got
    assert ("浙江省", Decimal("90"), "%", ">", "actual", 2024) in got
    assert ("浙江省", Decimal("3000"), "家", ">", "actual", 2024) in got


def test_jinri_and_a_number_about_nobody_are_no_figures():
    assert facts("近日，一家企业投资5亿元建设新厂房。") == set()
    assert facts("据统计，今年前5个月共接待游客120万人次。") == set()


def test_a_person_is_never_the_subject():
    assert facts("市委书记张明远在调研时指出，要力争全年完成投资100亿元。") == set()


def test_years_durations_and_document_titles_are_not_figures():
    assert facts("会议审议通过《浙江省促进民营经济发展三年行动计划（2024-2026年）》。") == set()
    assert facts("2024年，杭州市举办了第十九届亚运会。") == set()
    got = facts("入驻苏州工业园区3年多，这家企业已成长为行业龙头。")
    assert got == set()


def test_list_counts_only_about_a_document():
    text = "《意见》从加强生态保护、完善治理机制等6个方面提出24项举措。"
    got = facts(text)
    assert {(s, v, u) for s, v, u, *_ in got} == {("意见", Decimal("6"), "个"), ("意见", Decimal("24"), "项")}
    text = "下一步，雄安新区将从制度创新、平台建设等四个方面提供服务，总投资超过500亿元。"
    got = facts(text)
    assert got == {("雄安新区", Decimal("50000000000"), "CNY", ">", "target", None)}


def test_quantifier_of_the_subject_is_not_a_figure_about_it():
    got = facts("目前，30个国家级高新区共有企业超过5万家。")
    assert {(v, u) for _, v, u, *_ in got} == {(Decimal("50000"), "家")}


def test_quan_sheng_is_the_province_of_the_article():
    text = "福建推进海洋经济高质量发展。\n2024年，全省海洋生产总值超1.2万亿元。"
    got = facts(text)
    assert got == {("福建", Decimal("1200000000000"), "CNY", ">", "actual", 2024)}


def test_gongcheng_and_qunei_point_back_to_the_named_project_and_zone():
    text = ("白鹤滩—江苏±800千伏特高压直流输电工程全面投运。\n"
            "工程线路全长2080公里，总投资307亿元。")
    got = facts(text)
    assert {s for s, *_ in got} == {"白鹤滩—江苏±800千伏特高压直流输电工程"}
    assert {(v, u) for _, v, u, *_ in got} == {(Decimal("2080"), "公里"), (Decimal("30700000000"), "CNY")}
    text = "记者了解到，生物医药是苏州工业园区的主导产业。目前区内生物医药企业2000余家。"
    got = facts(text)
    assert got == {("苏州工业园区", Decimal("2000"), "家", ">", "actual", None)}


def test_first_person_quote_takes_the_speakers_company():
    text = "“我们去年累计投入研发资金3亿元。”海星科技有限公司董事长马卫东说。"
    got = figures(text)
    assert [(f.subject.text, f.value, f.year) for f in got] == [("海星科技有限公司", Decimal("300000000"), 2024)]
    assert got[0].evidence.confidence < 0.9
    # 公司 in the quote is the speaker's company, not the last company the article named
    text = ("北方重工有限公司也在扩产。“公司年产2000台（套）电堆，产值约3亿元。”海星科技有限公司总经理马卫东介绍。")
    assert {(f.subject.text, f.value) for f in figures(text)} == {
        ("海星科技有限公司", Decimal("2000")), ("海星科技有限公司", Decimal("300000000"))}
    # a quote that does not speak for the company (no 我们, no 公司) gives it none of its numbers
    text = "“运用机器视觉技术检测轮胎，质量缺陷减少57%，生产效率提高68%。”海星科技有限公司总经理马卫东介绍。"
    assert figures(text) == []


def test_future_period_year_anchored_on_an_explicit_year_without_publication_date():
    text = "滨江新区集成电路产业规模2024年达到200亿元，未来三年力争实现500亿元。"
    got = facts(text, published=None)
    assert got == {("滨江新区", Decimal("20000000000"), "CNY", "=", "actual", 2024),
                   ("滨江新区", Decimal("50000000000"), "CNY", "=", "target", 2027)}


def test_carried_over_subject_has_lower_confidence_and_stays_in_its_paragraph():
    text = "雄安新区建设取得新进展。今年以来，累计完成投资800亿元。\n另据统计，新增就业岗位1.2万个。"
    got = figures(text)
    assert [(f.subject.text, f.value) for f in got] == [("雄安新区", Decimal("80000000000"))]
    assert got[0].evidence.confidence <= 0.6


def test_bad_input_gives_no_figures():
    assert facts("。。。，，，") == set()
    assert facts("12345") == set()


@pytest.fixture(scope="module")
def seed_figures(seed_text):
    from kg.extract import get_extractors
    from kg.nlp.pipeline import analyze
    from kg.pipeline import document_from_text
    from kg.segment import split_articles

    (ex,) = get_extractors(["figure"])
    out = []
    for article in split_articles(document_from_text(seed_text)):
        out.extend(ex(analyze(article, use_model=False)))
    return out


def test_seed_page_figures(seed_figures):
    got = {(f.subject.text, f.value, f.unit, f.comparator, f.status, f.year) for f in seed_figures}
    assert ("临港新片区", Decimal("1000000000"), "CNY", "<", "actual", 2019) in got
    assert ("临港新片区", Decimal("40000000000"), "CNY", ">", "forecast", 2024) in got
    assert ("临港新片区", Decimal("80000000000"), "CNY", "=", "target", 2027) in got
    assert ("东方芯港", Decimal("270000000000"), "CNY", ">", "actual", None) in got
    assert ("临港新片区", Decimal("500"), "家", "=", "target", None) in got
    # 四个方面 counts the ways the zone will serve firms, not a quantity of the zone
    assert not any(f.value == 4 for f in seed_figures)
    # the meeting's plans carry 2024-2026年 in their titles: no figures
    assert all(f.year is None or f.year in (2019, 2024, 2027) for f in seed_figures)
    metrics = {f.metric for f in seed_figures}
    assert "集成电路产业规模" in metrics and "总合同约定投资额" in metrics


def test_a_year_after_bi_is_the_base_of_a_comparison_not_the_figures_year():
    got = facts("国家电网有限公司今年计划投资超6500亿元，比去年增加约400亿元。", published=date(2025, 1, 20))
    assert got == {("国家电网有限公司", Decimal("650000000000"), "CNY", ">", "target", 2025),
                   ("国家电网有限公司", Decimal("40000000000"), "CNY", "~", "target", 2025)}


def test_reporting_clause_names_a_source_not_the_subject():
    got = facts("海关总署数据显示，前5个月我国货物贸易进出口总值17.94万亿元，同比增长2.5%。")
    assert {s for s, *_ in got} == {"我国"}
    assert {(v, u, y) for _, v, u, _, _, y in got} == {(Decimal("17940000000000"), "CNY", 2025), (Decimal("2.5"), "%", 2025)}
    growth = [f for f in figures("海关总署数据显示，前5个月我国货物贸易进出口总值17.94万亿元，同比增长2.5%。") if f.unit == "%"]
    assert growth[0].metric == "货物贸易进出口总值同比增长"


def test_a_founding_year_or_a_past_event_is_not_the_year_of_a_present_count():
    assert facts("华强科技有限公司成立于2010年，员工超过5000人。") == {
        ("华强科技有限公司", Decimal("5000"), "人", ">", "actual", None)}
    assert facts("浙江大学1897年创立，现有在校生6万余人。") == {
        ("浙江大学", Decimal("60000"), "人", ">", "actual", None)}


def test_zone_and_project_names_the_entity_stage_may_miss():
    got = facts("截至目前，中国（广西）自由贸易试验区累计新设企业超过10万家。")
    assert got == {("中国（广西）自由贸易试验区", Decimal("100000"), "家", ">", "actual", None)}
    got = facts("据了解，平陆运河工程总投资约727亿元，预计每年可减少物流成本52亿元。")
    assert got == {("平陆运河工程", Decimal("72700000000"), "CNY", "~", "actual", None),
                   ("平陆运河工程", Decimal("5200000000"), "CNY", "=", "forecast", None)}
    # a common noun phrase ending in 工程 names nothing
    assert facts("今年以来，水利工程完成投资超过5000亿元。") == set()


def test_mubiao_renwu_is_a_noun_not_a_target():
    got = figures("会议指出，今年前4个月，全国城镇新增就业500万人，完成全年目标任务的41%。", published=date(2025, 5, 31))
    assert {(f.subject.text, f.value, f.status, f.year) for f in got} == {
        ("全国", Decimal("5000000"), "actual", 2025), ("全国", Decimal("41"), "actual", 2025)}


def test_a_clause_about_a_person_blocks_the_carried_subject():
    text = "苏州工业园区建设成效显著。省委书记王建国来到园区调研，他先后走访了3家企业。"
    assert facts(text) == set()
    text = "苏州工业园区建设成效显著。园区党工委书记李明介绍，园区去年实现产值3000亿元。"
    assert facts(text) == {("苏州工业园区", Decimal("300000000000"), "CNY", "=", "actual", 2024)}


def test_headline_numbers_are_left_to_the_body():
    text = "苏州工业园区产值突破3000亿元\n本报苏州6月1日电 2024年，苏州工业园区实现产值3100亿元。"
    assert facts(text) == {("苏州工业园区", Decimal("310000000000"), "CNY", "=", "actual", 2024)}


def test_gai_sheng_and_quan_shi_point_back_to_the_province_and_the_city():
    got = facts("河南省是农业大省。该省去年粮食总产量达到1340亿斤。", published=date(2025, 7, 10))
    assert got == {("河南省", Decimal("134000000000"), "斤", "=", "actual", 2024)}
    got = facts("上海推进国际金融中心建设。截至6月底，全市持牌金融机构达到1782家。", published=date(2025, 7, 10))
    assert got == {("上海", Decimal("1782"), "家", "=", "actual", 2025)}
    got = facts("浙江省杭州市数字经济发展迅速。今年一季度，全市数字经济核心产业增加值1500亿元。", published=date(2025, 7, 10))
    assert {s for s, *_ in got} == {"杭州市"}
    got = figures("一季度，我国国内生产总值同比增长5.4%。", published=date(2025, 7, 10))
    assert [(f.subject.text, f.metric, f.year) for f in got] == [("我国", "国内生产总值同比增长", 2025)]


def test_yuji_framing_the_sentence_makes_a_forecast_and_jiang_a_target():
    pub = date(2025, 7, 10)
    assert facts("预计今年，广东省外贸进出口将增长5%。", pub) == {("广东省", Decimal("5"), "%", "=", "forecast", 2025)}
    got = figures("广东省去年外贸进出口增长4%，预计今年增长5%。", pub)
    assert [(f.value, f.status, f.year, f.metric) for f in got] == [
        (Decimal("4"), "actual", 2024, "外贸进出口增长"), (Decimal("5"), "forecast", 2025, "外贸进出口增长")]
    got = facts("广东省去年外贸进出口增长4%，今年将增长5%。", pub)
    assert ("广东省", Decimal("5"), "%", "=", "target", 2025) in got


def test_what_an_approved_document_sets_out_is_a_target_of_the_document():
    text = "会议审议通过《关于推动服务业高质量发展的意见》，提出到2030年服务业增加值占比达到60%左右。"
    got = figures(text, published=date(2025, 7, 8))
    assert [(f.subject.text, f.value, f.unit, f.comparator, f.status, f.year, f.metric) for f in got] == [
        ("关于推动服务业高质量发展的意见", Decimal("60"), "%", "~", "target", 2030, "服务业增加值占比")]
    # the meeting itself is no subject: a statistic it heard names nobody
    assert facts("会议指出，上半年社会消费品零售总额24.5万亿元，同比增长5%。", published=date(2025, 7, 8)) == set()


def test_a_dateline_is_not_a_subject():
    pub = date(2025, 5, 21)
    assert facts("新华社杭州5月20日电 浙江省今年前4个月实际使用外资超过60亿美元。", pub) == {
        ("浙江省", Decimal("6000000000"), "USD", ">", "actual", 2025)}
    assert facts("新华社北京5月20日电 今年以来，一批重大项目加快建设，完成投资超过1万亿元。", pub) == set()


def test_a_place_that_only_qualifies_an_unnamed_actor_is_not_the_subject():
    # the actor is 省教育考试院 / 某某区某某所, which the entity stage does not name
    assert facts("省教育考试院投资2000万元建设标准考场。") == set()
    # where it names the actor (a place and an organisation's head), the actor is the subject
    assert facts("郑州分局压缩现有机关人员15%，先后撤销合并了8个处室。") == {
        ("郑州分局", Decimal("15"), "%", "=", "actual", None), ("郑州分局", Decimal("8"), "个", "=", "actual", None)}
    assert {f[0] for f in facts("四川电视台以50多万元独家买断了电视转播权。")} <= {"四川电视台"}
    assert facts("福建已建成省级平台106个，省教育考试院投资2000万元建设标准考场。") == {
        ("福建", Decimal("106"), "个", "=", "actual", None)}
    # but a place followed by what is measured stays the subject
    assert facts("投产后，新疆电力外送规模将超3000万千瓦。") == {
        ("新疆", Decimal("30000000"), "千瓦", ">", "target", None)}


def test_lists_of_actors_and_words_that_contain_a_place_are_no_subjects():
    assert facts("武汉等5个城市投资建设9个电视监控考场。") == set()
    # 中国 inside 中国共产党 is no subject (the party, an organisation the entity stage names, is)
    got = facts("胡锦涛强调，中国共产党愿继续发展同各国政党的交流，已与160多个国家的政党建立联系。")
    assert {s for s, *_ in got} <= {"中国共产党"}
    assert facts("市委、市政府及有关部门负责人300余人参加活动。") == set()


def test_small_counts_written_in_words_and_page_notes_are_prose():
    assert facts("井陉县探索总结出以“夯实三个基础、强化四个结合”为主要内容的新模式。") == set()
    assert facts("中国男队打入半决赛（附图片1张）。") == set()
    # a count written in digits is a statistic
    assert facts("沛县涌现了6个龙头企业。") == {("沛县", Decimal("6"), "个", "=", "actual", None)}


def test_plan_subjects_are_documents_and_jihua_shengyu_is_no_target():
    assert facts("《人民日报》今年发行量超过300万份。") == set()
    got = facts("曹县计划生育工作在全省95个县市中排名靠后。")
    assert all(st == "actual" for *_, st, _ in got)


def test_quan_qu_and_quan_xian_point_back_to_the_region_district_or_county():
    pub = date(2025, 7, 10)
    assert facts("广西加快建设开放合作高地。今年前5个月，全区外贸进出口2800亿元。", pub) == {
        ("广西", Decimal("280000000000"), "CNY", "=", "actual", 2025)}
    assert {s for s, *_ in facts("上海市黄浦区推进城市更新。今年，全区完成旧改征收1200户。", pub)} == {"上海市黄浦区"}
    assert {s for s, *_ in facts("四川省石渠县遭遇雪灾。\n全县牲畜死亡率超过37%。", pub)} == {"石渠县"}


def test_jinnian_yilai_is_this_year_and_a_speakers_company_keeps_its_bracketed_place():
    got = facts("本报南京3月2日电 今年以来，苏州市新设外商投资企业480家。", published=date(2025, 3, 3))
    assert got == {("苏州市", Decimal("480"), "家", "=", "actual", 2025)}
    got = facts("“我们今年计划再追加投资2亿美元。”博世汽车部件（苏州）有限公司总经理王伟说。", published=date(2025, 3, 3))
    assert got == {("博世汽车部件（苏州）有限公司", Decimal("200000000"), "USD", "=", "target", 2025)}


def test_a_lead_that_reports_on_the_year_so_far_dates_the_articles_undated_actual_figures():
    pub = date(2025, 6, 19)
    body = ("江西开展市场消费环境大排查专项行动，排查问题1.4万个。\n"
            "全省每万人口发明专利拥有量32.9件。江西计划新建实验室20个。\n")
    lead = "本报南昌6月18日电（记者林某）记者从江西省政府新闻发布会上获悉：{}江西全省市场监管部门积极作为。\n"
    got = facts("江西优化营商环境\n" + lead.format("今年以来，") + body, pub)
    assert got == {("江西", Decimal("14000"), "个", "=", "actual", 2025),
                   ("江西", Decimal("32.9"), "件", "=", "actual", 2025),
                   ("江西", Decimal("20"), "个", "=", "target", None)}   # a target has no year from the lead
    got = facts("江西优化营商环境\n" + lead.format("截至5月底，") + body, pub)
    assert ("江西", Decimal("14000"), "个", "=", "actual", 2025) in got
    # a lead without such a period: no year
    got = facts("江西优化营商环境\n" + lead.format("") + body, pub)
    assert ("江西", Decimal("14000"), "个", "=", "actual", None) in got
    # the year so far named in a later paragraph frames nothing before or after it
    got = facts("江西优化营商环境\n" + lead.format("") + body + "今年以来，江西新增企业300家。\n", pub)
    assert ("江西", Decimal("32.9"), "件", "=", "actual", None) in got


def test_a_museum_named_before_a_setting_after_jin_and_no_subject_without_a_name():
    pub = date(2025, 6, 19)
    text = "杭州丝绸博物馆坐落于杭州市西湖区。博物馆以2.3万平方米的历史文化馆为主体，玻璃穹顶下物件按序排列。"
    assert facts(text, pub) == {("杭州丝绸博物馆", Decimal("23000"), "平方米", "=", "actual", None)}
    # with nothing named before, the bare head is no subject, and no figure has an empty one
    assert facts("博物馆以2.3万平方米的历史文化馆为主体，玻璃穹顶下物件按序排列。", pub) == set()
    # 仅在X，: the place the clause is set in
    got = facts("如今，仅在北仑港，人工培育的红树苗就已超过2800株。", pub)
    assert got == {("北仑港", Decimal("2800"), "株", ">", "actual", None)}


def test_a_distance_away_and_the_size_of_an_unnamed_thing_are_no_figures():
    pub = date(2025, 6, 19)
    assert facts("青海乌兰70公里外的牦牛山草场，一座6米长的钢制便桥迅速搭建。", pub) == set()
    # a named thing measured so is the subject
    assert facts("江西建成一条28公里长的滨江绿道。", pub) == {
        ("滨江绿道", Decimal("28"), "公里", "=", "actual", None)}


def test_the_start_of_a_change_over_years_and_a_reference_to_nothing_named():
    pub = date(2025, 6, 19)
    assert facts("2021年到2024年，江西钢铁有限公司产值从5亿元增加到近8亿元。", pub) == {
        ("江西钢铁有限公司", Decimal("500000000"), "CNY", "=", "actual", 2021),
        ("江西钢铁有限公司", Decimal("800000000"), "CNY", "~", "actual", 2024)}
    # 该项目 with no project named: not the company named before
    text = "江西钢铁有限公司于2020年发起“绿田”计划。据统计，该项目已恢复超过3700公顷的农业土壤。"
    assert facts(text, pub) == set()


def test_a_name_a_sentence_ends_on_after_zeshi_is_what_follows_is_about():
    text = ("而汇聚上述历史文化精华的，则是江城博物馆。虽为县级博物馆，却拥有5万余件文物、"
            "150余件（套）国家一级文物和3件国宝级文物。")
    assert {(f.subject.text, f.value, f.metric) for f in figures(text)} == {
        ("江城博物馆", Decimal("50000"), "文物"), ("江城博物馆", Decimal("150"), "国家一级文物"),
        ("江城博物馆", Decimal("3"), "国宝级文物")}   # (the metric: no 却拥, no bracketed counter)


def test_a_national_rank_of_what_is_counted_a_holiday_lead_and_a_count_that_is_no_office():
    pub = date(2025, 6, 19)
    text = ("永济市历史文化厚重，有各类文化遗址416处，其中全国重点文物保护单位8处。\n"
            "据统计，今年清明假期永济市共接待游客12.7万人次。\n")
    got = {(f.subject.text, f.value, f.year) for f in figures(text, pub)}
    # 全国重点文物保护单位 ranks what is counted (not the country's); 清明假期 opens the clause
    assert got == {("永济市", Decimal("416"), None), ("永济市", Decimal("8"), None), ("永济市", Decimal("127000"), 2025)}
    # 8处 is a count, not an office (处) named 全国重点文物保护单位
    doc = analyze_text(text, pub)
    assert not [m for m in doc._.mentions if m.type == "Organization"]


def test_a_past_month_that_opens_a_sentence_frames_the_paragraph():
    pub = date(2023, 8, 20)
    text = "7月，我国港口货物吞吐量达14.3亿吨，同比增长6.6%。完成集装箱吞吐量2705万标箱，同比增长2.6%。"
    assert {(f.value, f.year) for f in figures(text, pub)} == {
        (Decimal("1430000000"), 2023), (Decimal("6.6"), 2023), (Decimal("27050000"), 2023), (Decimal("2.6"), 2023)}
    # a month still to come frames nothing
    text = "11月，我国港口将迎来旺季。全年集装箱吞吐量预计达3亿标箱。"
    assert {f.year for f in figures(text, pub)} == {None}


def test_a_story_of_decades_ago_gives_the_topic_no_figures():
    pub = date(2021, 6, 10)
    text = ("在云南临沧，有着一座民族团结纪念馆。\n临沧市近年来发展迅速。1950年，当时的临沧专区15个县的代表300多人在这里盟誓。"
            "2020年，临沧市地区生产总值达到800亿元。")
    got = {(f.subject.text, f.value, f.year) for f in figures(text, pub)}
    assert got == {("临沧市", Decimal("80000000000"), 2020)}


def test_quanshi_is_the_city_its_paragraph_names_where_the_article_names_several():
    pub = date(2023, 7, 27)
    text = ("台风将在福建莆田一带登陆。福建今天将应急响应升为一级。\n"
            "广东潮州全市中小学已全部停课。目前，全市已开放1020处应急避难场所。\n")
    assert {(f.subject.text, f.value) for f in figures(text, pub)} == {("潮州", Decimal("1020"))}
    # with one city, 全市 is that city wherever it is named
    text = "潮州市持续推进防灾工作。\n今年以来，全市已开放应急避难场所1020处。\n"
    assert {(f.subject.text, f.value) for f in figures(text, pub)} == {("潮州市", Decimal("1020"))}


def test_changes_said_of_several_figures_at_once_go_with_them_in_order():
    got = figures("2023年，九江市全年接待游客1.2亿人次，实现旅游收入1500亿元，分别增长15%和20%。", date(2024, 3, 1))
    assert {(f.value, f.metric) for f in got if f.unit == "%"} == {
        (Decimal("15"), "接待游客增长"), (Decimal("20"), "实现旅游收入增长")}
    # a clause that names its own measures keeps them
    got = figures("7月，我国港口货物吞吐量达14.3亿吨，其中内、外贸吞吐量同比分别增长5.8%和8.5%。", date(2023, 8, 20))
    assert {f.metric for f in got if f.unit == "%"} == {"内、外贸吞吐量同比分别增长"}


def test_a_clause_that_introduces_its_subject_with_weiyu_or_de():
    pub = date(2025, 7, 10)
    assert facts("位于福州的马尾经济技术开发区，去年实现工业产值1500亿元。", pub) == {
        ("马尾经济技术开发区", Decimal("150000000000"), "CNY", "=", "actual", 2024)}
    assert facts("地处珠江口的南沙新区，今年一季度新增企业3000余家。", pub) == {
        ("南沙新区", Decimal("3000"), "家", ">", "actual", 2025)}
    # …的 + name after the number is what is built, not who builds it
    got = facts("到2027年，打造产值超百亿元的滨江新区产业基地。", pub)
    assert got == set()


def test_time_clauses_prepositions_and_ba_usage_of_jiang():
    # the actor of a 后-clause is not the subject of the next clause
    text = "1994年7月5日全国人大常委会颁布《关于惩治侵犯著作权犯罪的决定》后，王某等人仍加工盗版光盘508万余片。"
    assert facts(text) == set()
    # a name that begins with a preposition is a path, not a subject
    assert facts("1996年，经加州港口输入的中国产品高达211亿美元。") == set()
    # 将 + a determiner is the preposition 把, not a plan
    got = facts("清华大学将一栋筒子楼改成单元住宅，现在可住51户。")
    assert got == {("清华大学", Decimal("51"), "户", "=", "actual", None)}


def test_subject_introduced_by_weiyu_in_the_same_clause():
    from datetime import date

    from kg.extract import get_extractors
    from kg.pipeline import analyze_text

    doc = analyze_text("位于深圳市南山区的鹏城实验室已集聚科研人员近3000名。", published=date(2025, 3, 1))
    (ex,) = get_extractors(["figure"])
    assert [(f.subject.text, int(f.value), f.unit, f.comparator) for f in ex(doc)] == [("鹏城实验室", 3000, "名", "~")]


def test_a_place_that_only_locates_the_first_of_a_list_is_no_subject():
    # 广西 says where 龙滩 is; the figures are about the eight stations together
    assert facts("广西龙滩、云南小湾等8座水电站去年建成投产，新增装机容量1200万千瓦。") == set()
    assert facts("湖北葛洲坝、重庆江津等一批工程去年完工，新增库容30亿立方米。") == set()
    # common words listed after a place leave the place the subject
    assert ("上海市", Decimal("5.2"), "%", "=", "actual", 2024) in facts(
        "上海市工业增加值、服务业增加值去年分别增长5.2%和6.1%。")


def test_a_number_inside_a_name_is_no_figure():
    text = "在黔南州瓮安县，贵州雅友新材料有限公司10万吨磷酸铁项目一期满负荷生产，预计年内产值超10亿元。"
    found = figures(text)
    assert [(f.value, f.unit) for f in found] == [(Decimal("1000000000"), "CNY")]


def test_a_definite_description_gives_the_figures_subject():
    text = ("历史逾110年的江城大学博物馆，于2023年建成新馆。新馆由原江城大学博物馆和江城大学自然博物馆整合而来。"
            "新馆展厅面积近1万平方米。")
    assert {(f.subject.text, f.value, f.unit) for f in figures(text)} == {("江城大学博物馆", Decimal("10000"), "平方米")}
    # a site that opens the clause before is the one the bare head means
    text = "石桥头遗址面积2万平方米。柳园遗址位于东台市安丰镇王庄村，遗址总面积6.75万平方米。"
    assert ("柳园遗址", Decimal("67500")) in {(f.subject.text, f.value) for f in figures(text)}


def test_specifications_and_prices_are_no_figures():
    text = "丽阳公交公司的氢能公交车15分钟左右可充满20公斤氢气，氢气价格降至每千克25元。该公司今年运营车辆超过120辆。"
    got = {(f.value, f.unit) for f in figures(text)}
    assert (Decimal("120"), "辆") in got
    assert not any(unit in ("公斤", "CNY/千克") for _, unit in got)


def test_a_town_named_after_its_county_is_the_subject_there_and_later():
    text = ("河北省滦平县石人沟镇是有名的板栗之乡。小镇3.1万人，400余家加工企业。"
            "2025年，石人沟镇板栗全产业链产值超过20亿元。")
    found = {(f[0], f[1]) for f in facts(text)}
    assert ("石人沟镇", Decimal("31000")) in found and ("石人沟镇", Decimal("400")) in found
    assert ("石人沟镇", Decimal("2000000000")) in found


def test_an_adverbial_of_place_does_not_stop_the_search_for_the_subject():
    text = ("临汾市推进背街小巷整治等工作，特别是在学校、医院周边等人流密集区域，新增15处家长等候区、1800个充电桩。")
    assert {(f[0], f[1]) for f in facts(text)} == {("临汾市", Decimal("15")), ("临汾市", Decimal("1800"))}


def test_a_measure_written_before_its_subject():
    got = figures("今天，全长134公里的平南运河实现全线通航。")
    assert [(f.subject.text, f.value, f.unit, f.metric) for f in got] == [("平南运河", Decimal("134"), "公里", "全长")]
    # a count before its subject only quantifies it
    got = figures("去年，232个国家级经开区实现进出口总额6.6万亿元。")
    assert [(f.subject.text, f.value) for f in got] == [("国家级经开区", Decimal("6600000000000"))]


def test_a_zone_whose_name_jieba_reads_as_a_locality_word():
    got = figures("前海合作区2024年实现地区生产总值3000亿元左右。")
    assert [(f.subject.text, f.value, f.comparator) for f in got] == [("前海合作区", Decimal("300000000000"), "~")]
    # a frequent locality word still opens no name
    assert not any(f.subject.text.startswith("区内") for f in figures("区内企业去年实现产值300亿元。"))


def test_a_name_that_only_qualifies_the_clause_subject_is_not_it():
    assert figures("某某大学团队研发的新材料，强度提高了50%。") == []
    got = figures("福州的马尾经开区，今年一季度新增企业300余家。")
    assert [(f.subject.text, f.value) for f in got] == [("马尾经开区", Decimal("300"))]
    # 的 inside the predicate of the subject's clause keeps the subject
    got = figures("山东省产业发展进入提质升级、向高端迈进的新阶段，规上工业增加值年均增长7.5%。")
    assert [(f.subject.text, f.value) for f in got] == [("山东省", Decimal("7.5"))]


def test_what_a_clause_reports_is_about_the_name_after_the_reporting_verb():
    got = figures("苏州市人民政府新闻办公室举行发布会，介绍苏州市今年将新建5000个充电桩。")
    assert [(f.subject.text, f.value, f.status) for f in got] == [("苏州市", Decimal("5000"), "target")]


def test_a_zone_named_only_inside_its_body_is_what_yuanqu_points_back_to():
    got = figures("苏州工业园区管委会主任表示，园区今年将新增外资企业100家。")
    assert [(f.subject.text, f.value, f.status) for f in got] == [("苏州工业园区", Decimal("100"), "target")]


def test_a_companys_short_name_the_dictionary_knows_as_an_abbreviation_is_its_name():
    # 一汽 is in jieba's dictionary as an abbreviation (tag j); after the company's full name it is
    # the company's own short name, and a subject of two characters
    assert facts("中国一汽集团有限公司负责人介绍，2025年，一汽营收1000亿元。") == {
        ("一汽", Decimal("100000000000"), "CNY", "=", "actual", 2025)}


def test_a_short_name_drops_the_descriptors_before_the_company_suffix():
    # 某某国际控股集团有限公司 … 某某: 国际 and 控股 go with the suffix
    got = facts("星澜国际控股集团有限公司在欧洲开设门店。以星澜为例，其2025年总营收达120亿元。")
    assert ("星澜", Decimal("12000000000"), "CNY", "=", "actual", 2025) in got


def test_a_hall_named_after_a_person_is_the_subject_not_the_person():
    # 王建国 is a person of the article, so every 王建国 is a mention of him, also the one that
    # opens the hall's name: the longer name at the clause's start is what the clause is about
    assert facts("县长王建国出席开馆仪式。王建国纪念馆馆藏文物3000余件。") == {
        ("王建国纪念馆", Decimal("3000"), "件", ">", "actual", None)}


def test_a_name_inside_a_quoted_title_is_not_the_subject():
    assert facts("“青山遗址考察与研究”等重大项目有序推进，累计43个文物保护工程项目成功立项。") == set()
    # a quoted name alone still is
    assert facts("“青山遗址”今年接待游客50万人次。") == {("青山遗址", Decimal("500000"), "人次", "=", "actual", 2025)}


def test_a_clause_zai_a_place_sets_the_subject_of_the_clauses_after_it():
    assert facts("在“中国纽扣之乡”浙江永嘉县，上万家纽扣企业开足马力，勾勒着年产值超百亿元的产业画卷。") == {
        ("永嘉县", Decimal("10000"), "家", ">", "actual", None),
        ("永嘉县", Decimal("10000000000"), "CNY", ">", "actual", None)}
    assert facts("在会上，上万家企业代表参加。") == set()   # 会上 is no place


def test_a_company_named_with_a_character_jieba_hardly_knows():
    # 耖 (a harrow) is rare enough that 丝耖公司 is a name, not a kind of company
    assert facts("丝耖公司的产值从2024年的2000万元增至2025年的8000万元。") == {
        ("丝耖公司", Decimal("20000000"), "CNY", "=", "actual", 2024),
        ("丝耖公司", Decimal("80000000"), "CNY", "=", "actual", 2025)}


def test_a_provinces_roads_are_the_province_not_a_named_road():
    assert facts("西藏公路通车里程超过了12万公里。") == {("西藏", Decimal("120000"), "公里", ">", "actual", None)}
    assert ("川藏公路", Decimal("2000"), "公里", ">", "actual", None) in facts("川藏公路全长2000多公里。")


def test_a_measure_of_the_name_after_it_is_that_names_figure():
    # 建成约28公里的某某绿道: the length is the greenway's, not the city's that built it
    assert facts("近年来，青州市对沿海岸线进行生态修复，建成约28公里的滨海阳光绿道，为市民提供休闲去处。") == {
        ("滨海阳光绿道", Decimal("28"), "公里", "~", "actual", None)}
    # a measure with a metric of its own stays with the clause's subject
    assert facts("青山新区将打造模组器件规模超百亿元的青山半导体产业基地。") == {
        ("青山新区", Decimal("10000000000"), "CNY", ">", "target", None)}
    # a name that goes on is no mention of its own: the clause's subject stays
    assert ("青州市", Decimal("1000000000"), "CNY", "=", "actual", None) in \
        facts("青州市投资10亿元的滨海产业园氢能示范项目一期工程已经开工。")
