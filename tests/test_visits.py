"""Visits (kg.extract.visits) on sentences in the register of Xinhua / People's Daily reports, and on
the seed page."""
from datetime import date

import pytest

from kg.extract import get_extractors
from kg.pipeline import analyze_text, document_from_text

PUBLISHED = date(2025, 6, 15)


def visits(text, published=None):
    doc = analyze_text(text, published)
    (ex,) = get_extractors(["visit"])
    return list(ex(doc))


def only_visit(text, published=None):
    found = visits(text, published)
    assert len(found) == 1, found
    return found[0]


def names(mentions):
    return {m.text for m in mentions}


def test_visit_over_two_sentences_collects_province_and_cities_and_dates_the_tour():
    text = ("国务委员吴红梅近日在江西调研就业、职业技能提升培训等工作。12日至14日，吴红梅先后来到南昌市、赣州市，"
            "实地调研外贸企业、创业孵化基地、职业技能培训学校等，深入一线了解就业形势。")
    v = only_visit(text, PUBLISHED)
    assert v.kind == "Visit" and v.agent.text == "吴红梅"
    assert names(v.objects) == {"江西", "南昌市", "赣州市"}  # the unnamed 外贸企业 etc. are no destinations
    assert (v.date.start, v.date.end) == (date(2025, 6, 12), date(2025, 6, 14))
    assert v.topic == "就业、职业技能提升培训等工作"


def test_vague_date_gives_no_date():
    v = only_visit("国务委员吴红梅近日在江西调研。", PUBLISHED)
    assert names(v.objects) == {"江西"} and v.date is None


def test_yesterday_resolves_against_the_publication_date_and_not_without_one():
    text = "省委书记王建国昨天在宁波市调研港口建设工作。"
    v = only_visit(text, PUBLISHED)
    assert (v.date.start, v.date.end) == (date(2025, 6, 14), date(2025, 6, 14))
    assert only_visit(text, None).date is None


def test_subject_carried_over_and_bare_head_resolved_to_the_named_site():
    text = ("市委书记刘建华昨天上午在调研我市红色文化传承工作时指出，要用好红色资源。"
            "经过修缮，位于西湖区北山街的浙江革命烈士纪念馆于今年5月重新对外开放。"
            "刘建华在纪念馆仔细察看展陈文物，认真听取讲解。"
            "随后，刘建华来到位于上城区的中共浙江省委旧址纪念馆。"
            "市领导周明参加调研。")
    v = only_visit(text)
    assert v.agent.text == "刘建华"
    assert names(v.objects) == {"浙江革命烈士纪念馆", "中共浙江省委旧址纪念馆"}
    assert names(v.participants) == {"周明"}
    assert v.date is None  # 昨天, and no publication date
    assert v.topic == "我市红色文化传承工作"


def test_clause_without_subject_continues_the_visit():
    v = only_visit("9日至11日，国务院副总理何立峰在广东调研。随后，来到深圳市前海合作区。", PUBLISHED)
    assert v.agent.text == "何立峰"
    assert names(v.objects) == {"广东", "深圳市前海合作区"}
    assert (v.date.start, v.date.end) == (date(2025, 6, 9), date(2025, 6, 11))


def test_accompanying_official_is_a_participant_not_a_visitor():
    v = only_visit("在省委书记王建国陪同下，国务院总理李强来到合肥市考察。", PUBLISHED)
    assert v.agent.text == "李强"
    assert names(v.objects) == {"合肥市"} and names(v.participants) == {"王建国"}


def test_fronted_place_and_officials_listed_before_peitong():
    text = ("国务院总理李强12日在浙江考察。在杭州钢铁集团有限公司，李强察看企业产品展示，了解企业发展情况。"
            "省委书记王建国、省长李明及省直有关部门负责同志陪同考察。")
    v = only_visit(text, PUBLISHED)
    assert v.agent.text == "李强"
    assert names(v.objects) == {"浙江", "杭州钢铁集团有限公司"}
    assert names(v.participants) == {"王建国", "李明"}


def test_pronoun_subject_then_clause_without_subject_and_two_titled_participants():
    text = ("国务院副总理张国清5日至6日在江西调研。他先后来到南昌市、九江市，深入江铃汽车集团有限公司、赣江新区，"
            "详细了解制造业发展情况。江西省委书记尹弘、省长叶建春参加调研。")
    v = only_visit(text, PUBLISHED)
    assert v.agent.text == "张国清"
    assert names(v.objects) == {"江西", "南昌市", "九江市", "江铃汽车集团有限公司", "赣江新区"}
    assert names(v.participants) == {"尹弘", "叶建春"}
    assert (v.date.start, v.date.end) == (date(2025, 6, 5), date(2025, 6, 6))


def test_modifier_before_the_destination_and_a_place_that_only_modifies():
    v = only_visit("省委书记王建国来到有着百年历史的浙江大学，看望师生。", PUBLISHED)
    assert names(v.objects) == {"浙江大学"}
    assert visits("省委书记王建国来到宁波的外贸企业，了解生产经营情况。", PUBLISHED) == []


def test_a_date_in_another_clause_does_not_date_the_visit():
    v = only_visit("在2019年建成开放的浙江革命烈士纪念馆，省委书记王建国12日察看展陈文物。", PUBLISHED)
    assert names(v.objects) == {"浙江革命烈士纪念馆"}
    assert (v.date.start, v.date.end) == (date(2025, 6, 12), date(2025, 6, 12))
    assert v.evidence.confidence >= 0.8  # not taken for a visit of 2019 (those are less confident)


def test_date_before_the_visitor_clause_and_hosts_who_accompany():
    text = ("中共中央总书记、国家主席、中央军委主席习近平近日在江苏考察。"
            "5日下午，习近平在江苏省委书记信长星和省长许昆林陪同下，先后来到苏州市、常州市考察调研。"
            "在苏州工业园区，习近平察看园区规划展示。中共中央政治局常委、中央办公厅主任蔡奇陪同考察。")
    v = only_visit(text, date(2025, 7, 7))
    assert v.agent.text == "习近平"
    assert names(v.objects) == {"江苏", "苏州市", "常州市", "苏州工业园区"}
    assert names(v.participants) == {"信长星", "许昆林", "蔡奇"}
    assert (v.date.start, v.date.end) == (date(2025, 7, 5), date(2025, 7, 5))


def test_unnamed_destinations_are_no_visit():
    assert visits("市长张国华昨天走访了外贸企业和创业孵化基地，深入车间了解生产情况。", PUBLISHED) == []


def test_bare_head_without_a_named_site_is_no_destination():
    assert visits("市委书记刘建华在纪念馆仔细察看展陈文物。", PUBLISHED) == []


def test_a_visit_told_as_history_is_no_fact_of_the_article():
    text = ("省委书记王建国12日在温州市调研民营经济发展工作。"
            "2023年5月，国务委员吴红梅在温州市考察时指出，要大力发展民营经济。"
            "2011年，李明明来到中国，进入大学学习中文。")
    found = {v.agent.text: v for v in visits(text, PUBLISHED)}
    assert set(found) == {"王建国"}
    assert names(found["王建国"].objects) == {"温州市"}


def test_visit_inside_a_reference_to_a_speech_is_no_visit():
    text = "市委书记刘建华强调，要认真学习省委书记王建国在宁波考察时的重要讲话精神，推动高质量发展。"
    assert visits(text, PUBLISHED) == []


def test_text_without_visits():
    assert visits("今年以来，我市经济运行总体平稳，主要指标好于预期。", PUBLISHED) == []


def test_seed_page_visit(seed_text):
    from kg.nlp.pipeline import analyze
    from kg.segment import split_articles

    found = []
    (ex,) = get_extractors(["visit"])
    for article in split_articles(document_from_text(seed_text, "youth-daily-page.txt")):
        found += list(ex(analyze(article, use_model=False)))
    assert len(found) == 1
    v = found[0]
    assert v.agent.text == "陈吉宁"
    assert names(v.objects) == {"中国共产党代表团驻沪办事处纪念馆", "中共中央秘书处机关旧址纪念馆"}
    assert names(v.participants) == {"李政"}
    assert v.date is None  # 昨天 on a page without a publication date


def test_evidence_of_a_carried_over_visit_stays_in_its_sentence():
    text = "国务院副总理何立峰近日在调研时强调，要稳外贸。随后，来到深圳市前海合作区。"
    v = only_visit(text, PUBLISHED)
    assert v.agent.text == "何立峰" and names(v.objects) == {"深圳市前海合作区"}
    assert v.evidence.sentence == "随后，来到深圳市前海合作区。"
    assert text[v.evidence.start:v.evidence.end] == "来到深圳市前海合作区"


@pytest.mark.parametrize("published", [PUBLISHED, None])
def test_evidence_points_into_the_source(published):
    text = "国务委员吴红梅近日在江西调研。"
    v = only_visit(text, published)
    assert text[v.evidence.start:v.evidence.end].startswith("吴红梅")
    assert "江西" in text[v.evidence.start:v.evidence.end]


def test_named_destinations_of_a_list_that_goes_on_with_unnamed_ones():
    from datetime import date

    from kg.extract import get_extractors
    from kg.pipeline import analyze_text

    doc = analyze_text("省委书记刘建国近日到宁波市调研。他先后走访了宁波海天精工机械有限公司、东钱湖生态治理项目，了解情况。",
                       published=date(2025, 4, 22))
    (ex,) = get_extractors(["visit"])
    sites = {o.text for v in ex(doc) for o in v.objects}
    assert "宁波海天精工机械有限公司" in sites and "宁波市" in sites


# -- the visit frame: fellow visitors, teams, fronted places, 这里, state visits ------------------

def test_every_person_listed_as_subject_visits():
    text = "4月3日，党和国家领导人王明远、刘春华、陈立新等来到北京市海淀区参加义务植树活动。"
    found = {v.agent.text: v for v in visits(text, date(2025, 4, 4))}
    assert set(found) == {"王明远", "刘春华", "陈立新"}
    assert all(names(v.objects) == {"北京市", "海淀区"} for v in found.values())
    assert all((v.date.start, v.date.end) == (date(2025, 4, 3), date(2025, 4, 3)) for v in found.values())


def test_a_team_stands_for_the_person_who_leads_it():
    text = ("民盟中央主席王明远率调研组赴福建开展调研。调研组一行先后来到福州市、厦门市，"
            "实地考察福耀玻璃工业集团股份有限公司等企业。在厦门天马微电子有限公司，调研组听取企业介绍。")
    v = only_visit(text, PUBLISHED)
    assert v.agent.text == "王明远"
    assert names(v.objects) == {"福建", "福州市", "厦门市", "福耀玻璃工业集团股份有限公司", "厦门天马微电子有限公司"}


def test_a_fronted_place_with_any_verb_once_the_visit_is_known():
    text = ("国务院总理王明远3日至5日在四川调研。在成都飞机工业有限公司，王明远听取企业介绍。"
            "在某某研究院，一位专家向记者介绍了情况。")
    v = only_visit(text, PUBLISHED)
    assert names(v.objects) == {"四川", "成都飞机工业有限公司"}   # the expert, not the visitor, speaks there


def test_here_points_back_to_the_site_the_sentence_before_is_about():
    text = "国家主席王明远近日在浙江考察。西塘古镇有千年历史。王明远来到这里，了解古镇保护情况。"
    v = only_visit(text, PUBLISHED)
    assert names(v.objects) == {"浙江", "西塘古镇"}


def test_a_state_visit_and_a_place_compound():
    assert names(only_visit("国家主席王明远近日对秘鲁进行国事访问。", PUBLISHED).objects) == {"秘鲁"}
    v = only_visit("国务院副总理王明远赶赴湖北宜昌市夷陵区指导防汛工作。", PUBLISHED)
    assert names(v.objects) == {"湖北", "宜昌市", "夷陵区"}


def test_an_unnamed_first_item_of_a_list_is_skipped():
    v = only_visit("国务院副总理王明远前往事故现场、宜昌市中心人民医院看望伤员。", PUBLISHED)
    assert names(v.objects) == {"宜昌市中心人民医院"}


def test_going_somewhere_is_not_reaching_a_figure_or_a_route():
    assert visits("他表示，要确保到2030年达到预期目标。", PUBLISHED) == []
    assert visits("从杭州到宁波的高铁即将开通。", PUBLISHED) == []


def test_untitled_leader_of_a_delegation_is_the_visitor():
    # 汪洋 is also a word (a vast sea); before 率 and a team it is the one who leads it
    v = only_visit("18日下午，汪洋率代表团全体成员来到西藏博物馆，参观成就展。", PUBLISHED)
    assert v.agent.text == "汪洋" and names(v.objects) == {"西藏博物馆"}


def test_foreign_city_of_the_lexicon_is_a_destination():
    v = only_visit("国务院总理李强当地时间13日抵达惠灵顿，开始对新西兰进行正式访问。", PUBLISHED)
    assert v.agent.text == "李强" and "惠灵顿" in names(v.objects)


def test_a_company_named_again_by_its_head_is_the_destination():
    text = "南瑞集团有限公司是某电网公司下属的高科技企业。国家主席习近平来到集团考察调研，听取情况介绍。"
    v = only_visit(text, PUBLISHED)
    assert names(v.objects) == {"南瑞集团有限公司"}


def test_here_points_to_a_site_named_two_sentences_before_after_a_modifier():
    text = ("丽江古城有800多年历史，被列入世界文化遗产名录。一场春雪过后，丽江游人如织。国家主席习近平来到这里，详细了解古城营建历史。")
    v = only_visit(text, PUBLISHED)
    assert names(v.objects) == {"丽江古城"}
    text = "位于苏州古城东北隅的平江历史文化街区，距今已有2500多年历史。6日上午，国家主席习近平来到这里考察。"
    assert names(only_visit(text, PUBLISHED).objects) == {"平江历史文化街区"}


def test_who_attends_a_ceremony_with_the_visitor_is_no_fellow_visitor():
    text = ("全国人大常委会委员长栗战书18日至21日对奥地利进行正式友好访问。"
            "访奥期间，栗战书与范德贝伦共同出席增补大熊猫仪式并致辞。")
    found = visits(text, date(2019, 5, 22))
    assert {v.agent.text for v in found} == {"栗战书"}


def test_holding_a_meeting_where_one_works_is_no_visit():
    assert visits("中共中央政治局常委、国务院总理李强12日在北京主持召开国务院常务会议。", PUBLISHED) == []
    # on a tour, the city where he holds a meeting is one of its places
    v = only_visit("中共中央政治局常委赵乐际3日至5日在湖北调研。赵乐际在武汉主持召开市县巡察工作推进会。", PUBLISHED)
    assert names(v.objects) == {"湖北", "武汉"}


def test_a_team_that_opens_an_earlier_clause_carries_its_leader_to_the_sites_after_the_verb():
    text = ("全国政协副主席郝明金率调研组在浙江调研。调研组在杭州和宁波分别召开座谈会，与企业负责人进行深入交流；"
            "在北京实地考察了昌平实验室、抖音集团等，了解情况。")
    v = only_visit(text, PUBLISHED)
    assert v.agent.text == "郝明金"
    assert {"北京", "昌平实验室", "抖音集团"} <= names(v.objects)
    # a clause with a person of its own as subject does not carry the visitor
    text = ("全国政协副主席郝明金率调研组在浙江调研。省长王浩介绍有关情况；在北京实地考察了昌平实验室。")
    assert "昌平实验室" not in {o.text for v in visits(text, PUBLISHED) for o in v.objects if v.agent.text == "郝明金"}


def test_who_takes_part_in_the_activities_of_a_visit():
    v = only_visit("5月19日，中共中央总书记习近平在河南考察。蔡奇、何立峰参加上述活动。", PUBLISHED)
    assert names(v.participants) == {"蔡奇", "何立峰"}
    # activities of no visit make no participants
    assert visits("国家主席习近平会见美国总统。王毅参加活动。", PUBLISHED) == []


def test_a_site_by_its_quoted_name_and_a_township_after_its_county():
    v = only_visit("国务院副总理王明远走进“天河一号”，察看运行情况。", PUBLISHED)
    assert names(v.objects) == {"天河一号"}
    # the township is a name only the statistical model finds
    doc = analyze_text("国务院副总理王明远来到疏勒县阿拉甫乡，看望当地群众。", PUBLISHED, use_model=True)
    (v,) = get_extractors(["visit"])[0](doc)
    assert {"疏勒县", "阿拉甫乡"} <= names(v.objects)


def test_an_item_named_only_in_part_is_no_destination():
    v = only_visit("国务院副总理王明远来到南京师范大学附属中学、南京市宁海中学，看望师生。", PUBLISHED)
    assert names(v.objects) == {"南京市", "宁海中学"} or names(v.objects) == {"南京市宁海中学"}


def test_planning_halls_and_trade_cities_are_sites():
    v = only_visit("国务院副总理王明远先后来到长沙市岳麓区的梅溪湖新区规划馆、某某重工股份有限公司，了解情况。", PUBLISHED)
    assert "梅溪湖新区规划馆" in names(v.objects)
    v = only_visit("国务院副总理王明远来到义乌国际商贸城，走进商铺同商户交流。", PUBLISHED)
    assert names(v.objects) == {"义乌国际商贸城"}


def test_local_inspections_of_zones_villages_and_pumping_stations():
    doc = analyze_text("市委副书记、市长王明远深入柳江高新区督导安全生产工作。", PUBLISHED, use_model=True)
    (v,) = get_extractors(["visit"])[0](doc)
    assert names(v.objects) == {"柳江高新区"}
    doc = analyze_text("县委书记王明远来到青山镇和平村，察看示范点建设。", PUBLISHED, use_model=True)
    (v,) = get_extractors(["visit"])[0](doc)
    assert "和平村" in names(v.objects)
    v = only_visit("区长王明远一行来到柳江泵站，察看机组运行情况。", PUBLISHED)
    assert names(v.objects) == {"柳江泵站"}


def test_a_stop_word_at_the_end_of_a_proper_noun_does_not_cut_a_name():
    v = only_visit("国务院副总理王明远先后来到华为云数据中心、某某时代基地，了解企业生产经营情况。", PUBLISHED)
    assert "华为云数据中心" in names(v.objects)


def test_a_state_visit_in_a_clause_after_the_arrival():
    text = ("应秘鲁总统邀请，国务院总理王明远，当地时间13日上午乘包机抵达利马，开始对秘鲁进行正式访问。"
            "国务委员兼国务院秘书长李华等陪同人员同机抵达。")
    doc = analyze_text(text, PUBLISHED, use_model=True)
    (v,) = get_extractors(["visit"])[0](doc)
    assert v.agent.text == "王明远" and {"利马", "秘鲁"} <= names(v.objects)


def test_here_in_the_first_sentence_of_a_paragraph_points_to_the_paragraph_before():
    text = "位于某市古城东北隅的柳园历史文化街区，距今已有800多年历史。\n6日上午，国家主席王明远来到这里考察。"
    assert names(only_visit(text, PUBLISHED).objects) == {"柳园历史文化街区"}


def test_officials_listed_with_commas_before_a_group_go_along():
    text = ("12日，国家主席王明远来到河南洛阳考察。中共中央政治局委员、中央办公厅主任李华，"
            "中共中央政治局委员、国务院副总理张强和中央有关部门负责同志陪同考察。")
    v = only_visit(text, PUBLISHED)
    assert names(v.participants) == {"李华", "张强"}


def test_a_part_of_the_named_site_after_it():
    v = only_visit("国家主席王明远来到柳园博物馆新馆考察。", PUBLISHED)
    assert names(v.objects) == {"柳园博物馆"}


def test_visiting_a_country_and_an_untitled_visitor_before_canguan():
    v = only_visit("全国政协主席王明远近日率代表团访问老挝。", PUBLISHED)
    assert v.agent.text == "王明远" and names(v.objects) == {"老挝"}
    v = only_visit("应邀出席活动期间，李华参观了圣彼得堡冬宫博物馆。", PUBLISHED)
    assert v.agent.text == "李华" and names(v.objects) == {"圣彼得堡冬宫博物馆"}
    assert visits("他表示，网站访问量大幅增长。", PUBLISHED) == []


def test_a_place_that_only_describes_the_destination_is_not_it():
    v = only_visit("省委书记王明远到青田县调研。随后，王明远来到我国大陆最北端的边境村落丽阳村，了解情况。")
    assert names(v.objects) == {"青田县", "丽阳村"}
    v = only_visit("省委书记王明远来到全国最大的花卉主题博物馆——青田花卉博物馆，了解情况。")
    assert names(v.objects) == {"青田花卉博物馆"}
    # a place followed by 的 and no name is the destination itself
    v = only_visit("省委书记王明远来到青田县，察看红星公司。")
    assert names(v.objects) == {"青田县", "红星公司"}


def test_streets_greenways_and_forest_areas_are_destinations():
    v = only_visit("省委书记王明远来到青田古文化街，随后考察了丽水市瓯江滨江绿道和丽阳林场自然林区。")
    assert {"青田古文化街", "丽水市瓯江滨江绿道", "丽阳林场自然林区"} <= names(v.objects)


def test_destinations_in_groups_after_their_kinds_and_a_site_after_its_designation():
    # A、B等高校，C、D等企业，: both groups; a country inside a site's name is no division of it
    text = ("6月10日，吴红梅在江苏调研。吴红梅来到江城大学、江城光学精密机械研究所等高校和科研院所，无锡市中国芬兰无锡创新园、"
            "江城汽车集团有限公司等企业和产业园区，考察科学研究等情况。")
    v = only_visit(text, PUBLISHED)
    assert names(v.objects) == {"江苏", "江城大学", "江城光学精密机械研究所", "无锡市中国芬兰无锡创新园", "江城汽车集团有限公司"}
    # the place in a designation (全国重点文物保护单位) only qualifies the site that follows it
    v = only_visit("10日下午，国务委员吴红梅在运城市考察了全国重点文物保护单位关帝庙，了解文化遗产保护情况。", PUBLISHED)
    assert names(v.objects) == {"运城市", "关帝庙"}


@pytest.mark.parametrize("verb", ["走入", "莅临", "赶到"])
def test_more_verbs_that_send_a_visitor_to_a_destination(verb):
    v = only_visit(f"6月10日，国务委员吴红梅{verb}江城汽车集团有限公司，了解生产经营情况。", PUBLISHED)
    assert names(v.objects) == {"江城汽车集团有限公司"}


def test_places_counted_after_their_list_a_works_by_its_head_and_a_state_visit_with_de():
    v = only_visit("6月10日，国务委员吴红梅在湖南长沙、株洲两地调研。", PUBLISHED)
    assert names(v.objects) == {"湖南", "长沙", "株洲"}
    v = only_visit("6月10日，国务委员吴红梅来到江城铜业集团有限公司贵溪冶炼厂，察看生产线。", PUBLISHED)
    assert names(v.objects) == {"江城铜业集团有限公司贵溪冶炼厂"}
    v = only_visit("国家副主席吴红梅6月10日抵达河内，开始对越南的正式访问。", PUBLISHED)
    assert names(v.objects) == {"河内", "越南"}
