"""Identities: a merge needs a reason (alias, gazetteer, abbreviation, short form), never a shared
beginning alone; posts belong to an organisation or place."""
from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from kg.resolve import Resolver, entity_iri, expand_abbreviations
from kg.types import ORGANIZATION, PLACE, POSITION, SITE, Mention, Relation
from kg.vocab import KG, ORG


def _resolver(*names: tuple[str, str], dateline: str | None = None) -> Resolver:
    return Resolver([Mention(text, type_) for text, type_ in names], dateline=dateline)


def test_a_shared_beginning_is_no_reason_to_merge():
    r = _resolver(("国务院", ORGANIZATION), ("国务院新闻办", ORGANIZATION), ("水利部", ORGANIZATION),
                  ("水利部规划计划司", ORGANIZATION), ("湖南省", PLACE), ("湖南省委", ORGANIZATION))
    for short in ("国务院", "水利部", "湖南省"):
        m = Mention(short, ORGANIZATION if short != "湖南省" else PLACE)
        assert r.canonical(m).text == short
    assert not r.merges


def test_abbreviations_and_full_forms_are_one_entity_in_any_article():
    a = _resolver(("国家级经开区", PLACE))
    b = _resolver(("国家级经济技术开发区", PLACE))
    assert a.iri(Mention("国家级经开区", PLACE)) == b.iri(Mention("国家级经济技术开发区", PLACE))
    merge = a.merges["国家级经开区"]
    assert (merge.reason, merge.basis) == ("abbreviation", "国家级经开区=国家级经济技术开发区")
    assert expand_abbreviations("国家发改委") == expand_abbreviations("国家发展改革委") == "国家发展和改革委员会"
    assert expand_abbreviations("浙江省卫健委") == "浙江省卫生健康委员会"
    assert expand_abbreviations("国家发展和改革委员会") == "国家发展和改革委员会"  # the full form stays


def test_a_short_form_needs_a_generic_head():
    r = _resolver(("临港", PLACE), ("临港新片区", SITE))
    assert r.canonical(Mention("临港", PLACE)) == Mention("临港新片区", SITE)
    assert (r.merges["临港"].reason, r.merges["临港"].basis) == ("short form", "新片区")


def test_gazetteer_and_alias_merges_say_why():
    r = Resolver([Mention("浙江", PLACE)], [])
    assert r.canonical(Mention("浙江", PLACE)).text == "浙江省" and r.merges["浙江"].reason == "gazetteer"


def test_an_alias_of_an_abbreviated_name_is_the_entity_of_the_full_name():
    from datetime import date

    from kg.graph import article_graph
    from kgsample import _article, _evidence, _mention

    body = "本报讯 国家发改委（以下简称发改委）昨天发布通知。发改委表示，将加快推进。"
    a = _article("a", body, "t", date(2025, 5, 20))
    full, short = _mention("国家发改委", body, ORGANIZATION), _mention("发改委", body, ORGANIZATION)
    alias = Relation("alias", full, short, _evidence(a, body, "国家发改委", "发改委"))
    r = Resolver([full, short], [alias])
    assert r.canonical(short) == r.canonical(full) == Mention("国家发展和改革委员会", ORGANIZATION)
    assert (r.merges["发改委"].reason, r.merges["发改委"].basis) == ("alias", "国家发改委")
    ag = article_graph(a, [full, short], [alias])
    node = entity_iri(ORGANIZATION, "国家发展和改革委员会")
    assert {str(x) for x in ag.shared.objects(node, SKOS.altLabel)} >= {"国家发改委", "发改委"}
    (merge,) = [m for m in ag.graph.subjects(KG.mergedForm, Literal("发改委", lang="zh"))]
    assert ag.graph.value(merge, KG.into) == node and str(ag.graph.value(merge, KG.reason)) == "alias"


def test_posts_belong_to_the_place_or_body_the_title_names():
    r = _resolver(("临港新片区", SITE), ("上海", PLACE))
    post = r.post(Mention("临港新片区党工委副书记", POSITION))
    assert (post.title, post.holder.text, post.basis) == ("党工委副书记", "临港新片区", "written")
    post = r.post(Mention("上海市委书记", POSITION))
    assert (post.title, post.holder.text) == ("市委书记", "上海市")
    post = r.post(Mention("水利部副部长", POSITION))
    assert (post.title, post.holder) == ("副部长", Mention("水利部", ORGANIZATION))
    post = r.post(Mention("国务委员", POSITION))
    assert (post.holder.text, post.basis) == ("国务院", "lexicon")
    post = r.post(Mention("浙江省委书记", POSITION))
    assert (post.title, post.holder.text) == ("省委书记", "浙江省")  # not 书记 of a body 浙江省委


def test_a_relative_title_takes_the_article_place_or_none():
    assert _resolver(("上海", PLACE)).post(Mention("市委书记", POSITION)).holder == Mention("上海市", PLACE)
    by_dateline = _resolver(("上海", PLACE), ("杭州", PLACE), dateline="新华社杭州5月20日电")
    assert by_dateline.post(Mention("副市长", POSITION)).holder == Mention("杭州市", PLACE)
    assert _resolver(("上海", PLACE), ("杭州", PLACE)).post(Mention("市长", POSITION)).holder is None  # which city?
    assert _resolver(("上海", PLACE)).post(Mention("党组书记", POSITION)).holder is None


def test_two_cities_secretaries_are_two_posts():
    from datetime import date

    from kg.graph import article_graph
    from kg.types import PERSON, Relation
    from kgsample import _article, _evidence, _mention

    posts = set()
    for aid, city, name in (("a", "上海", "陈吉宁"), ("b", "杭州", "刘捷")):
        body = f"{city}报讯 市委书记{name}昨天到{city}港调研。"
        a = _article(aid, body, "t", date(2025, 5, 20))
        fact = Relation("holdsPosition", _mention(name, body, PERSON), _mention("市委书记", body, POSITION),
                        _evidence(a, body, "市委书记", name))
        ag = article_graph(a, [_mention(city, body, PLACE)], [fact])
        (post,) = ag.shared.subjects(RDF.type, KG.Position)
        assert ag.shared.value(post, RDFS.label) == Literal("市委书记", lang="zh")  # as written, for the scorer
        assert ag.shared.value(ag.shared.value(post, ORG.postIn), RDFS.label) == Literal(f"{city}市", lang="zh")
        posts.add(post)
    assert len(posts) == 2
    assert entity_iri(POSITION, "市委书记") not in posts
