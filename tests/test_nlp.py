"""Sentences, tokens and rule-based entity mentions."""
import jieba
from kg.nlp.entities import find_mentions
from kg.nlp.pipeline import get_nlp
from kg.nlp.sentences import split_sentences


def sentences(text):
    return [s.text for s in split_sentences(text)]


def test_sentences_end_at_terminators_and_line_breaks():
    assert sentences("会议指出，要抓好落实。会议强调，要守牢底线！\n下一步怎么做？") == [
        "会议指出，要抓好落实。", "会议强调，要守牢底线！", "下一步怎么做？"]


def test_terminators_inside_quotes_and_brackets_do_not_split():
    text = "他说：“我们要稳就业。我们要稳企业。”随后，他来到企业。展览（共分三个部分。）今天开幕。"
    assert sentences(text) == ["他说：“我们要稳就业。我们要稳企业。”", "随后，他来到企业。", "展览（共分三个部分。）今天开幕。"]


def test_sentence_offsets_cover_the_text():
    text = "第一句。  第二句。"
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


def test_tokens_keep_titles_and_organs_whole():
    doc = get_nlp(False)("国家发展改革委副主任李国强今天介绍。")
    tokens = [t.text for t in doc]
    assert "副主任" in tokens and "李国强" in tokens


def mentions(text):
    return {(m.text, m.type) for m in find_mentions(text)}


def test_sites_organisations_places_meetings_plans():
    got = mentions("随后，他来到位于徐汇区龙华路的龙华烈士纪念馆。")
    assert ("龙华烈士纪念馆", "Site") in got and ("徐汇区龙华路", "Place") in got
    got = mentions("国务院总理主持召开国务院常务会议，审议通过《关于促进服务消费的意见》。")
    assert ("国务院常务会议", "Meeting") in got and ("关于促进服务消费的意见", "Plan") in got
    got = mentions("在宁波海天精工机械有限公司车间，工人正在调试设备。")
    assert ("宁波海天精工机械有限公司", "Organization") in got
    got = mentions("她先后来到杭州市、宁波市调研。")
    assert {("杭州市", "Place"), ("宁波市", "Place")} <= got


def test_unnamed_phrases_are_not_entities():
    got = mentions("实地调研外贸企业、创业孵化基地、职业技能培训学校等。")
    assert not {m for m in got if m[1] in ("Site", "Organization")}
    assert mentions("这处旧址最大程度恢复了原貌，激励广大干部群众。") == set()
    assert ("海城市", "Place") not in mentions("我国在沿海城市设立了开发区。")
    # a quoted name and its head are one site; a quote that only opens before a head is none
    assert ("“绿田”项目", "Site") in mentions("江西钢铁有限公司于2020年发起“绿田”项目，在东北推广保护性耕作。")
    assert ("“东数西算”工程", "Site") in mentions("“东数西算”工程全面启动。")
    assert not {m for m in mentions("他说：“公司今年很好”。") if m[1] in ("Site", "Organization")}
    # a head followed by a word jieba hardly knows ends there (某某局|管内 read as 局管内)
    assert ("中国铁路南昌局", "Organization") in mentions("中国铁路南昌局管内累计停运旅客列车641列。")
    # towers, pavilions and kiosks are sites; the dictionary's kinds of building are none
    assert {("黄鹤楼", "Site"), ("醉翁亭", "Site")} <= mentions("他登上黄鹤楼，又来到醉翁亭。")
    assert mentions("走进办公楼、教学楼和居民楼。") == set()
    # a bound on an amount is no name before 公司 (最高可至|公司总资产的45%), 最高 may open one
    assert mentions("监管比例最高可至公司总资产的45%。") == set()
    assert ("最高人民法院", "Organization") in mentions("最高人民法院发布典型案例。")
    # a region's part by its direction is an address, no organisation (部)
    assert not {m for m in mentions("长汀县位于福建省西部。") if m[1] == "Organization"}


def test_a_division_and_its_subdivision_are_also_one_place():
    got = mentions("位于杭州市余杭区的实验室今天揭牌。")
    assert {("杭州市余杭区", "Place"), ("杭州市", "Place"), ("余杭区", "Place")} <= got
    assert ("杭州市余杭区", "Place") not in mentions("杭州市、余杭区两地")


def test_spacy_sentences_follow_the_splitter():
    doc = get_nlp(False)("第一句。他说：“要抓好落实。”第三句？")
    assert [s.text for s in doc.sents] == ["第一句。", "他说：“要抓好落实。”", "第三句？"]


def test_names_listed_with_a_person_are_people():
    from kg.pipeline import analyze_text

    doc = analyze_text("国务院副总理刘建国、孙卫东、马晓峰陪同考察。稳就业、稳企业、稳市场。")
    people = {m.text for m in doc._.mentions if m.type == "Person"}
    assert people == {"刘建国", "孙卫东", "马晓峰"}


def _with_tagger(tagger, fn):
    import kg.ner

    saved = kg.ner._tagger, kg.ner._loaded
    kg.ner._tagger, kg.ner._loaded = tagger, True
    try:
        return fn()
    finally:
        kg.ner._tagger, kg.ner._loaded = saved


def test_the_models_person_decides_where_a_name_after_a_title_ends():
    from kg.pipeline import analyze_text

    text = "洛阳市文广旅局副局长王楠站在遗址前介绍情况。"

    class Tagger:                       # a model that reads 王楠 as the person
        def tag_sentences(self, text, sentences, tokens=None):
            return [(text.find("王楠"), text.find("王楠") + 2, "PER")] if "王楠" in text else []

    doc = _with_tagger(Tagger(), lambda: analyze_text(text, use_model=True))
    assert [m.text for m in doc._.mentions if m.type == "Person"] == ["王楠"]


def test_rules_alone_end_a_name_where_a_verb_or_its_complement_begins():
    from kg.nlp.names import name_at

    assert name_at("王楠站在遗址前", 0) == (0, 2)
    assert name_at("何立峰10日至11日在湖南调研", 0) == (0, 3)
    assert name_at("谢环驰摄", 0) == (0, 3)
    assert name_at("戴上VR眼镜", 0) is None          # a verb, not a name
    assert name_at("何氏祥秋表示", 0) == (0, 4)
    assert name_at("阿拉·曼沙维说", 0) == (0, 6)


def test_a_common_word_is_never_a_name_whatever_the_model_says():
    from kg.nlp.entities import common_word
    from kg.nlp.pipeline import merge_model_spans
    from kg.types import Mention

    assert common_word("纪念馆") and common_word("市场")
    assert not common_word("上海") and not common_word("卢山岚")

    from kg.nlp.pipeline import model_entities
    from kg.nlp.sentences import split_sentences

    class Tagger:                       # a model that calls the back-reference 纪念馆 a place
        def tag_sentences(self, text, sentences, tokens=None):
            return [(text.find("纪念馆"), text.find("纪念馆") + 3, "LOC"), (0, 3, "PER")]

    text = "卢山岚在纪念馆察看文物。"
    spans = _with_tagger(Tagger(), lambda: model_entities(text, split_sentences(text)))
    out = merge_model_spans(text, [], spans)
    assert [(m.text, m.type) for m in out] == [("卢山岚", "Person")]


def test_names_with_quotes_brackets_latin_and_rare_words_are_one_mention():
    got = set(mentions("王明远来到眉山市“东坡粮仓”千亩水稻高产示范区、松下（中国）电器有限公司和X200智能终端研发中心。"))
    assert ("眉山市“东坡粮仓”千亩水稻高产示范区", "Site") in got
    assert ("松下（中国）电器有限公司", "Organization") in got
    assert any(text == "X200智能终端研发中心" for text, _ in got)


def test_a_verb_phrase_before_a_head_is_no_name():
    got = {text for text, kind in mentions("截至去年底，浙江省累计建成5G基站约20万个。") if kind in ("Site", "Organization")}
    assert not any("建成" in text for text in got)


def test_meetings_with_their_body_term_and_session():
    got = {text for text, kind in mentions("黄明主持召开管委会2024年第5次主任办公会。") if kind == "Meeting"}
    assert "管委会2024年第5次主任办公会" in got
    got = {text for text, kind in mentions("值此中国书法家协会第九次全国会员代表大会召开之际，我致以问候！") if kind == "Meeting"}
    assert got == {"中国书法家协会第九次全国会员代表大会"}


def test_untitled_names_listed_before_attending_are_people():
    got = {text for text, kind in mentions("王明远、刘春华、陈立新、贾平出席开幕式。") if kind == "Person"}
    assert got == {"王明远", "刘春华", "陈立新", "贾平"}
    assert not {text for text, kind in mentions("稳就业、稳企业、稳市场出席。") if kind == "Person"}


def test_a_count_stands_before_a_name_not_inside_it():
    found = mentions("广西在东盟国家建设17个中国—东盟现代工匠学院。")
    assert ("中国—东盟现代工匠学院", "Organization") in found
    assert not any("17个" in text for text, _ in found)


def test_an_ellipsis_before_a_new_clause_ends_the_sentence():
    got = [s.text for s in split_sentences("是四处奔忙的党员干部们……2025年，某市累计接待游客1.58亿人次。")]
    assert got == ["是四处奔忙的党员干部们……", "2025年，某市累计接待游客1.58亿人次。"]
    # an enumeration that goes on, and an ellipsis inside quotes, do not
    assert len(split_sentences("钢铁、煤炭、化工……等行业都在转型。")) == 1
    assert len(split_sentences("他说“我们……”然后走了。")) == 1


def test_an_abbreviation_of_a_company_is_a_proper_part_of_a_name(monkeypatch, request):
    from kg.nlp import entities
    # jieba's dictionary knows some company short names as common abbreviations (tag j); put one in
    from kg.nlp import memo
    jieba.add_word("华重智科", 40, "j")
    request.addfinalizer(memo.clear)   # answers cached while the word was in (kg/nlp/memo.py)
    request.addfinalizer(lambda: jieba.del_word("华重智科"))
    monkeypatch.setitem(entities._tag_table(), "华重智科", "j")
    known = entities._known_words() | {"华重智科"}
    monkeypatch.setattr(entities, "_known_words", lambda: known)
    rec = entities.RuleRecognizer()
    assert entities.is_named("华重智科智能产业城", rec)
    assert not entities.is_named("中小企业产业园", rec)   # 中小 + 企业: an abbreviation of words


def test_a_town_after_its_county_is_a_place_but_not_a_word_that_ends_like_one():
    places = lambda t: {m.text for m in find_mentions(t) if m.type == "Place"}
    assert {"滦平县", "石人沟镇"} <= places("他来到河北省滦平县石人沟镇。")
    assert "递铺街道" in places("浙江省安吉县递铺街道")
    for text in ("滦平县城镇化率提高", "滦平县各乡镇", "滦平县推进乡村振兴"):
        assert places(text) == {"滦平县"}, text


def test_a_direction_and_distance_before_a_site_are_no_part_of_its_name():
    sites = {m.text for m in find_mentions("遗址西距杜康村遗址约3公里。") if m.type == "Site"}
    assert "杜康村遗址" in sites and not any(s.startswith("遗址西") for s in sites)


def test_people_of_a_district_are_no_organisation():
    found = {(m.type, m.text) for m in find_mentions("滨湖区党员干部深挖辖区的工业遗产资源。")}
    assert not any(kind == "Organization" for kind, _ in found)
    assert ("Organization", "滨湖区交通运输局") in {(m.type, m.text) for m in find_mentions("滨湖区交通运输局发布通知。")}


def test_an_untitled_name_before_a_verb_of_going_is_a_person():
    people = lambda t: {m.text for m in find_mentions(t) if m.type == "Person"}
    assert people("王明远来到柳园博物馆，参观展览。") == {"王明远"}
    assert people("随后，李华前往柳江泵站。") == {"李华"}
    assert people("黄山来到了旅游旺季。") == set()


def test_a_name_the_text_declares_for_a_company_is_no_persons_name_anywhere():
    # the statistical model may read a company's short name as a person's (a surname and two
    # characters); the text says what the name stands for, and that holds at every occurrence
    from kg.nlp.coref import repeat_names
    from kg.types import ORGANIZATION, PERSON, Mention

    text = "华岭精工集团股份有限公司（以下简称“华岭精工”）成立于1990年。去年，华岭精工销售收入12亿元。"
    full = Mention("华岭精工集团股份有限公司", ORGANIZATION, 0, 12)
    later = text.rindex("华岭精工")
    short = text.index("华岭精工", 13)
    alias = Mention("华岭精工", ORGANIZATION, short, short + 4)
    model_reading = [Mention("华岭精工", PERSON, later, later + 4), Mention("华岭", PERSON, later, later + 2)]
    got = repeat_names(text, [full, *model_reading, alias], [(full, alias)])
    assert not [m for m in got if m.type == PERSON]
    assert {m.start for m in got if m.text == "华岭精工" and m.type == ORGANIZATION} == {0, short, later}
    # a person's name the text declares stays a person's
    person = Mention("欧阳明远", PERSON, 0, 4)
    nick = Mention("明远", PERSON, 5, 7)
    got = repeat_names("欧阳明远（明远）说，明远会来。", [person, nick], [(person, nick)])
    assert {m.start for m in got if m.text == "明远" and m.type == PERSON} == {2, 5, 10}


def test_a_preposition_before_a_country_after_a_title_is_no_foreign_name():
    nlp = get_nlp(use_model=False)
    doc = nlp("今年是习近平主席对新西兰进行国事访问10周年。")
    assert not [m.text for m in doc._.mentions if m.type == "Person" and "新西兰" in m.text]
    # a foreign official's name after a title is still read
    doc = nlp("习近平主席会见新西兰总理拉克森。")
    assert "拉克森" in [m.text for m in doc._.mentions if m.type == "Person"]


def test_the_models_name_without_the_surname_that_opens_the_clause_gets_it_back():
    # the segmenter leaves 丁 as a word of its own and the model reads only 立新; a surname
    # between a clause's start and the model's two-character name opens the name
    from kg.nlp.pipeline import merge_model_spans
    from kg.types import PERSON

    text = "王建华主持会议，丁立新出席会议。"
    at = text.index("立新")
    assert [m.text for m in merge_model_spans(text, [], [(at, at + 2, PERSON)])] == ["丁立新"]
    # inside a clause (市长|张明) or after a surname that is also a common word (向|王毅) it does not
    for text, name in (("会议由市长张明主持。", "张明"), ("他随后，向王毅介绍情况。", "王毅")):
        at = text.index(name)
        assert [m.text for m in merge_model_spans(text, [], [(at, at + 2, PERSON)])] == [name]


def test_a_posts_organ_does_not_reach_back_over_the_person_named_before():
    nlp = get_nlp(use_model=False)
    doc = nlp("塞尔维亚副总理马尔科维奇和外交部副部长斯特凡诺维奇表示，两国合作成果丰硕。")
    posts = [m.text for m in doc._.mentions if m.type == "Position"]
    assert "外交部副部长" in posts and "塞尔维亚副总理" in posts
    assert not [p for p in posts if "马尔科维奇" in p]


def test_a_kind_of_company_the_dictionary_files_as_a_name_is_no_name():
    from kg.nlp.entities import is_named, recognizer

    rec = recognizer()
    assert not is_named("外贸公司", rec)      # jieba has it as one word tagged nt
    assert is_named("华为公司", rec) and is_named("青田县红星公司", rec)
    doc = get_nlp(use_model=False)("他在青田县创办了外贸公司，产品销往10个国家。")
    assert "外贸公司" not in [m.text for m in doc._.mentions]


def test_a_name_opens_after_a_subheadings_verb_a_date_or_jin():
    nlp = get_nlp(use_model=False)

    def orgs(text):
        return [m.text for m in nlp(text)._.mentions if m.type in ("Organization", "Site")]

    assert orgs("访农科院花卉研究所") == ["农科院花卉研究所"]
    assert not [o for o in orgs("逛青山花卉交易中心") if o.startswith("逛")]
    assert orgs("大力投入研发，仅2024年集团就投入19亿美元。") == []   # 集团 alone names nobody
    assert orgs("2024年青山公司营收10亿元。") == ["青山公司"]


def test_a_head_that_qualifies_the_next_noun_ends_no_name():
    nlp = get_nlp(use_model=False)

    def orgs(text):
        return [m.text for m in nlp(text)._.mentions if m.type == "Organization"]

    assert orgs("青山园区打出科技组合拳，建成智能温室。") == []
    assert orgs("强脑科技表示，今年营收增长。") == ["强脑科技"]


def test_a_preposition_after_a_title_opens_no_foreign_name_and_mei_ends_a_name():
    nlp = get_nlp(use_model=False)

    def people(text):
        return [m.text for m in nlp(text)._.mentions if m.type == "Person"]

    assert not [p for p in people("李明远转达王建国主席对马尔科维奇总统的亲切问候。") if p.startswith("对")]
    assert people("研究员蔡艳飞没想到，产业发展这么快。") == ["蔡艳飞"]


def test_a_meetings_name_does_not_run_over_jueding():
    doc = get_nlp(use_model=False)("十四届全国人大常委会第二十九次委员长会议决定十四届全国人大常委会第十一次会议于9月10日在北京举行。")
    meetings = [m.text for m in doc._.mentions if m.type == "Meeting"]
    assert meetings == ["十四届全国人大常委会第二十九次委员长会议", "十四届全国人大常委会第十一次会议"]


def test_a_name_begins_after_the_noun_of_its_kind():
    nlp = get_nlp(use_model=False)

    def named(text):
        return [m.text for m in nlp(text)._.mentions if m.type in ("Organization", "Site")]

    assert named("他来到民营企业红星电子公司。") == ["红星电子公司"]
    assert named("他来到边境村落丽阳村。") == ["丽阳村"]
    assert named("中国企业联合会发布报告。") == ["中国企业联合会"]   # 联合会 alone would name nothing


def test_an_autonomous_county_or_prefecture_by_its_short_name_and_kind():
    from kg.nlp.lexicon import lexicon

    lx = lexicon()
    assert lx.canonical_place("沧源县").name == "沧源佤族自治县"
    assert lx.canonical_place("恩施州").name == "恩施土家族苗族自治州"
    doc = get_nlp(use_model=False)("恩施州和长阳县今年接待游客超过1000万人次。")
    assert {m.text for m in doc._.mentions if m.type == "Place"} >= {"恩施州", "长阳县"}
