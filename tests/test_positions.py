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
