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


def test_located_in_needs_a_named_thing():
    assert facts("locatedIn", "这里位于城市中心，交通便利。") == set()


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
