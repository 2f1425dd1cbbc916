"""alias, locatedIn, graduatedFrom and worksAt on sentences of our own."""
from kg.extract import get_extractors
from kg.pipeline import analyze_text


EXTRACTOR = {"graduatedFrom": "careers", "worksAt": "careers"}


def facts(family, text, published=None):
    doc = analyze_text(text, published)
    (ex,) = get_extractors([EXTRACTOR.get(family, family)])
    return {(f.subject.text, f.object.text) for f in ex(doc) if f.family == family}


def test_alias_in_brackets_and_yixia_jiancheng():
    assert facts("alias", "位于徐汇区的上海市历史博物馆（上史馆）今天开放。") == {("上海市历史博物馆", "上史馆")}
    got = facts("alias", "国务院印发《关于加快发展现代物流业的实施意见》（以下简称《实施意见》）。")
    assert got == {("关于加快发展现代物流业的实施意见", "实施意见")}


def test_brackets_that_are_not_aliases():
    assert facts("alias", "本报北京6月10日电（记者王小明）国家统计局今天发布数据。") == set()
    assert facts("alias", "上海市历史博物馆（2024年）展出文物。") == set()


def test_located_in_before_and_after():
    assert facts("locatedIn", "随后，他来到位于徐汇区龙华路的龙华烈士纪念馆。") == {("龙华烈士纪念馆", "徐汇区龙华路")}
    assert facts("locatedIn", "杭州湾科创基地位于宁波市，占地三千亩。") == {("杭州湾科创基地", "宁波市")}


def test_located_in_a_place_a_reserve_and_a_site_inside_a_site():
    # a county is where the text puts it, by the part of its province (西部 makes no organisation)
    assert facts("locatedIn", "长汀县位于福建省西部，是客家首府。") == {("长汀县", "福建省西部")}
    assert facts("locatedIn", "从杭州出发，位于浙江西部的开化县风景秀丽。") == {("开化县", "浙江西部")}
    # a place that is not what the clause is about: none
    assert facts("locatedIn", "调研组从长汀县出发，前往位于山区的一处村庄。") == set()
    # a nature reserve is a site
    assert facts("locatedIn", "位于广东省湛江市麻章区的湛江红树林国家级自然保护区，海风拂过树丛。") == \
        {("湛江红树林国家级自然保护区", "广东省湛江市麻章区")}
    # 某馆坐落于某区的某谷: the museum in the park, the park in the district
    assert facts("locatedIn", "杭州丝绸博物馆坐落于杭州市西湖区的丝绸谷，由旧厂房改造而来。") == \
        {("杭州丝绸博物馆", "丝绸谷"), ("丝绸谷", "杭州市西湖区")}


def test_located_in_after_a_copula():
    assert facts("locatedIn", "江西钢铁有限公司是落户在扶绥县的一家大型企业。") == {("江西钢铁有限公司", "扶绥县")}


def test_located_in_needs_a_named_thing():
    assert facts("locatedIn", "这里位于城市中心，交通便利。") == set()
    assert facts("locatedIn", "该基地位于新疆哈密，是我国首个此类基地。") == set()   # no name to point back to


def test_located_in_takes_the_address_as_written():
    # the place and what follows it up to 的: a corner, an entrance, a group of a village
    assert facts("locatedIn", "位于苏州古城东北隅的平江历史文化街区，距今已有2500多年历史。") == \
        {("平江历史文化街区", "苏州古城东北隅")}
    assert facts("locatedIn", "柳园遗址位于盐城市东台市安丰镇王庄村三组，面积约3000平方米。") == \
        {("柳园遗址", "盐城市东台市安丰镇王庄村三组")}
    # a list of addresses gives the first one that is named; a verb after the place is no address
    assert facts("locatedIn", "海科研究院落户福州市鼓楼区并投产。") == {("海科研究院", "福州市鼓楼区")}


def test_located_in_subject_by_definite_description():
    text = "历史逾百年的江城大学博物馆，于2023年建成新馆。新馆坐落于成都武侯区锦江南岸，背靠望江校区。"
    assert facts("locatedIn", text) == {("江城大学博物馆", "成都武侯区锦江南岸")}
    # a bare head with nothing named before it points nowhere
    assert facts("locatedIn", "新馆坐落于成都武侯区锦江南岸，背靠望江校区。") == set()


def test_located_in_settled_in_a_place():
    text = "来到湖南省益阳市赫山区清溪村，穿过荷塘。2023年，当代作家签名版图书珍藏馆在清溪村落成。"
    assert ("当代作家签名版图书珍藏馆", "清溪村") in facts("locatedIn", text)


def test_located_in_place_de_thing():
    assert facts("locatedIn", "从永定河北京段入口处的官厅水库开闸放水。") == {("官厅水库", "永定河北京段入口处")}
    # 古城 points back to the old town named before
    text = "丽江古城有800多年历史。古城内的木氏土司府衙署见证了历史。"
    assert facts("locatedIn", text) == {("木氏土司府衙署", "丽江古城")}
    # 的 after a person or a date is no location
    assert facts("locatedIn", "张三的龙华烈士纪念馆之行令人难忘。") == set()


def test_located_in_scene_setting_village():
    assert facts("locatedIn", "汝阳县杜康村，这座千年古村曾经默默无闻。") == {("杜康村", "汝阳县")}
    assert facts("locatedIn", "井冈山市茅坪镇神山村，村民正在忙着春耕。") == {("神山村", "井冈山市茅坪镇")}
    # the same village inside a sentence sets no scene, and a museum is no settlement
    assert facts("locatedIn", "李希来到汝阳县杜康村，与干部群众交流。") == set()
    assert facts("locatedIn", "潍坊世界风筝博物馆，是国内第一座风筝艺术类专业博物馆。") == set()


def test_graduated_from_and_works_at():
    assert facts("graduatedFrom", "2023年毕业于浙江工业大学的李同学，现在是一名工程师。") == {("李同学", "浙江工业大学")}
    assert facts("worksAt", "财政部副部长赵文华介绍了有关情况。") == {("赵文华", "财政部")}


def test_party_committee_and_unnamed_employer_are_not_employers():
    assert facts("worksAt", "市委书记孙建平强调，要抓好落实。") == set()
    assert facts("worksAt", "毕业后，周同学就职于一家芯片公司。") == set()


def test_reporters_from_bylines_and_datelines():
    assert facts("worksAt", "本报北京6月10日电（记者王小明）国家统计局今天发布数据。") == {("王小明", "本报")}
    assert ("王小明", "本报记者") in facts("holdsPosition", "本报北京6月10日电（记者王小明）国家统计局今天发布数据。")
    page = "新区今年新增企业三百家，发展势头良好。\n晨报记者 刘晓东\n"
    assert facts("worksAt", page) == {("刘晓东", "晨报")}


def test_located_in_a_quoted_site_and_a_facility_set_up_somewhere():
    assert facts("locatedIn", "坐落在贵州省平塘县的“天眼二号”即将建成。") == {("天眼二号", "贵州省平塘县")}
    assert facts("locatedIn", "松北数据中心设在哈尔滨市南岗区。") == {("松北数据中心", "哈尔滨市南岗区")}
    assert facts("locatedIn", "主会场设在北京。") == set()
    # a quoted name after 的 continues the address of a thing named before the cue
    assert all(s == "柳园遗址" for s, _ in facts("locatedIn", "柳园遗址位于某某路交叉口的“范公堤”上。"))
