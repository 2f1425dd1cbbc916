"""holdsPosition on sentences written in the register of Xinhua / People's Daily reports."""
from kg.extract import get_extractors
from kg.pipeline import analyze_text


def positions(text, published=None):
    doc = analyze_text(text, published)
    (ex,) = get_extractors(["holdsPosition"])
    return {(f.subject.text, f.object.text) for f in ex(doc)}


def test_title_with_organ_before_name():
    assert positions("省委书记王建国昨天在调研时强调，要抓好粮食生产。") == {("王建国", "省委书记")}


def test_chain_of_titles_joined_by_dunhao_and_jian():
    got = positions("市委副书记、市长刘志远主持召开市政府常务会议。")
    assert got == {("刘志远", "市委副书记"), ("刘志远", "市长")}
    got = positions("外交部副部长兼国际事务特别代表孙立平介绍了有关情况。")
    assert ("孙立平", "外交部副部长") in got and ("孙立平", "国际事务特别代表") in got


def test_ministry_department_and_company_titles():
    assert positions("交通运输部综合规划司司长周晓明介绍，今年将新开工一批项目。") == {("周晓明", "交通运输部综合规划司司长")}
    assert positions("“我们的订单已经排到明年。”海星科技有限公司董事长马卫东说。") == {("马卫东", "海星科技有限公司董事长")}


def test_title_at_paragraph_start_after_quote_and_before_biaoshi():
    text = "“这里的营商环境越来越好。”\n开发区党工委副书记郑海涛表示，将持续优化服务。"
    assert positions(text) == {("郑海涛", "开发区党工委副书记")}


def test_no_person_after_title_is_no_fact():
    assert positions("全国公安厅局长座谈会在京召开。") == set()
    assert positions("要深入学习贯彻习近平总书记关于发展的重要论述。") == set()


def test_former_post_is_not_a_current_post():
    assert positions("原市长陈建华曾在此工作多年。") == set()
    assert positions("时任县委书记黄明亮带领群众修路。") == set()


def test_same_person_mentioned_again_is_one_name():
    doc = analyze_text("国务委员吴红梅近日在江西调研。吴红梅强调，要稳就业。")
    names = [m.text for m in doc._.mentions if m.type == "Person"]
    assert names.count("吴红梅") == 2


def test_title_in_a_quoted_historical_mention_is_not_a_current_post():
    assert positions("新的基本陈列“代表团团长周恩来在上海”今天开展。") == set()
    assert positions("纪念馆展出《国家主席刘少奇视察工厂》等照片。") == set()
    assert positions("代表团团长周恩来在上海。") == {("周恩来", "代表团团长")}  # the same words, unquoted


def test_a_subheading_run_into_the_text_is_not_part_of_the_post():
    text = "系统提升城市安全韧性水平交通运输部副部长李明介绍，将加快推进。"
    assert positions(text) == {("李明", "交通运输部副部长")}


# -- the entity layer's people: lists, appositions, titles after names, foreign officials ---------

def test_a_title_before_a_list_of_names_is_held_by_every_name():
    got = positions("全国政协副主席王明远、刘春华、陈立新出席会议。")
    assert got == {("王明远", "全国政协副主席"), ("刘春华", "全国政协副主席"), ("陈立新", "全国政协副主席")}
    # a name with its own title starts a new holder
    got = positions("省委书记王建国、省长李明参加调研。")
    assert got == {("王建国", "省委书记"), ("李明", "省长")}


def test_a_post_between_commas_after_a_name_is_held():
    got = positions("赵建国，洛川文化旅游投资集团有限公司负责人，在课堂上受到启发。")
    assert got == {("赵建国", "洛川文化旅游投资集团有限公司负责人")}


def test_a_title_after_a_name_in_a_list_of_hosts():
    got = positions("访问期间，他分别会见马永清主席、郑立新总理。")
    assert {("马永清", "主席"), ("郑立新", "总理")} <= got


def test_foreign_officials_with_transliterated_names():
    assert positions("秘鲁副总统罗萨里奥·费尔南德斯表示，愿深化合作。") == {("罗萨里奥·费尔南德斯", "秘鲁副总统")}
    assert positions("智利农业和林业部长佩雷罗斯说，合作成果丰硕。") == {("佩雷罗斯", "智利农业和林业部长")}


def test_ranked_titles_keep_their_rank_in_the_short_form():
    from kg.nlp.lexicon import lexicon

    assert positions("洛川市文物局四级调研员孙明海说。") == {("孙明海", "洛川市文物局四级调研员")}
    assert lexicon().bare_title("洛川市文物局四级调研员") == "四级调研员"
    assert lexicon().bare_title("某公司人工智能中心高级总监") == "高级总监"


def test_words_after_titles_that_are_no_names():
    assert positions("看到总书记殷殷嘱托，大家备受鼓舞。") == set()
    assert positions("记者戴上眼镜，体验了一番。") == set()
    assert positions("22位政协委员和专家发言。") == set()
    assert positions("习近平总书记关于党的建设的重要思想。") <= {("习近平", "总书记")}


def test_names_listed_before_one_title_share_it():
    from kg.extract import get_extractors
    from kg.pipeline import analyze_text

    (ex,) = get_extractors(["holdsPosition"])
    doc = analyze_text("李鸿忠、王东明、肖捷、郑建邦副委员长和秘书长刘奇出席会议。")
    got = {(f.subject.text, f.object.text) for f in ex(doc)}
    assert got == {("李鸿忠", "副委员长"), ("王东明", "副委员长"), ("肖捷", "副委员长"), ("郑建邦", "副委员长"),
                   ("刘奇", "秘书长")}
    # names in a list that each carry a title after them keep their own
    doc = analyze_text("习近平会见梁强主席、范明政总理。")
    assert {(f.subject.text, f.object.text) for f in ex(doc)} == {("梁强", "主席"), ("范明政", "总理")}


def test_foreign_officials_with_glossed_organs_and_long_transliterations():
    from kg.extract import get_extractors
    from kg.pipeline import analyze_text

    (ex,) = get_extractors(["holdsPosition"])

    def posts(text):
        return {(f.subject.text, f.object.text) for f in ex(analyze_text(text))}

    # a gloss in brackets inside the organ's name; a transliteration that goes on (普日布|道尔吉)
    assert posts("蒙古国国家大呼拉尔（议会）副主席普日布道尔吉表示，中国取得的成就令人瞩目。") == \
        {("普日布道尔吉", "蒙古国国家大呼拉尔（议会）副主席")}
    # 高等 holds 等, and 和 joins two parts of a ministry's name after a country
    assert posts("南非高等教育和科学创新部长恩齐曼迪高度评价中国经济社会发展成就。") == \
        {("恩齐曼迪", "南非高等教育和科学创新部长")}
    # a caption's bracket is no gloss
    assert ("李华", "副主席") in posts("王明（右一）副主席李华出席。")


def test_foreign_officials_who_congratulate_and_arabic_names():
    got = positions("塞尔维亚议会副议长波波维奇、副总理米洛舍维奇祝贺中国取得的成就。")
    assert ("米洛舍维奇", "副总理") in got and ("波波维奇", "塞尔维亚议会副议长") in got
    assert positions("埃及卢克索省省长赛义德说，合作不断深化。") == {("赛义德", "埃及卢克索省省长")}


def test_a_surname_that_is_also_a_word_before_a_given_name():
    assert positions("某某文化旅游投资集团有限公司负责人买海涛介绍，园区去年接待游客180万人次。") == {
        ("买海涛", "某某文化旅游投资集团有限公司负责人")}
    assert positions("他和专家一起讨论。") == set()


def test_ministers_chief_officers_directors_and_civil_service_ranks():
    assert positions("葡萄牙外交大臣罗德里格斯参加会见。") == {("罗德里格斯", "葡萄牙外交大臣")}
    assert positions("海星集团首席传播官马丁内斯介绍，公司将扩大投资。") == {("马丁内斯", "海星集团首席传播官")}
    assert positions("《江海潮》总导演周明远说，演出将持续一个月。") == {("周明远", "总导演")}
    assert positions("青州海关综合业务一科四级高级主办陈立新说，通关时间缩短了。") == \
        {("陈立新", "青州海关综合业务一科四级高级主办")}
