"""The spine end to end: the seed page (shipped as samples/) through every stage to RDF."""
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS

from kg.pipeline import build_dataset, iter_results
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "youth-daily-page.txt"
FACT_PREDICATES = {KG.holdsPosition, KG.visited, KG.locatedIn, KG.chaired, KG.approved, KG.graduatedFrom,
                   KG.worksAt, KG.participatedIn, KG.hasFigure}


@pytest.fixture(scope="module")
def results():
    return list(iter_results([SAMPLE], use_model=False))


def label(ds, node):
    return str(next(o for _, _, o, _ in ds.quads((node, RDFS.label, None, None))))


def facts(ds, predicate):
    return {(label(ds, s), label(ds, o)) for s, _, o, _ in ds.quads((None, predicate, None, None))}


def fact_triples(ds):
    """Fact triples with labels instead of IRIs, for comparing builds of differently encoded inputs."""
    out = set()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        if p in FACT_PREDICATES and p != KG.hasFigure:
            out.add((label(ds, s), str(p), label(ds, o)))
    return out


def test_seed_page_gives_three_articles_with_metadata(results):
    assert len(results) == 3
    assert all(r.article.byline or r.article.dateline for r in results)
    assert len({r.iri for r in results}) == 3


def test_holds_position_on_the_seed_page(results):
    ds = build_dataset([SAMPLE], use_model=False)
    got = facts(ds, KG.holdsPosition)
    assert ("陈吉宁", "市委书记") in got
    assert ("龚正", "市长") in got and ("龚正", "市委副书记") in got
    assert ("吴晓华", "临港新片区党工委副书记") in got


def test_one_named_graph_per_article_with_article_node(results):
    ds = build_dataset([SAMPLE], use_model=False)
    graphs = {c for *_, c in ds.quads((None, None, None, None))} - {DATASET_DEFAULT_GRAPH_ID}
    assert graphs == {r.iri for r in results}
    for r in results:
        assert (r.iri, RDF.type, KG.Article) in r.graph
        assert (r.iri, KG.sha256, Literal(r.article.sha256)) in r.graph


def test_a_result_crossing_processes_keeps_everything_and_unpickles_facts_only_when_read(results):
    import pickle
    from collections import Counter

    from kg.pipeline import BuildStats

    for r in results:
        back = pickle.loads(pickle.dumps(r))
        assert "facts" not in vars(back) and "mentions" not in vars(back)     # still packed
        assert back.family_counts == Counter(f.family for f in r.facts)
        stats = BuildStats()
        stats.add(back)                      # what the writing process does: counts, no unpickling
        assert stats.facts == Counter(f.family for f in r.facts) and "facts" not in vars(back)
        twice = pickle.loads(pickle.dumps(back))                  # passed on again, unread
        for copy in (back, twice):
            assert copy.facts == r.facts and copy.mentions == r.mentions and copy == r
            assert copy.nquads == r.nquads and copy.article == r.article
            assert "_packed" not in vars(copy) and copy.family_counts == back.family_counts
    assert sum(r.family_counts.values()) > 0
    with pytest.raises(AttributeError):
        pickle.loads(pickle.dumps(results[0])).no_such_field


def test_entities_live_once_in_the_default_graph_and_no_triple_in_two_graphs(results):
    ds = build_dataset([SAMPLE], use_model=False)
    where: dict = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        where.setdefault((s, p, o), set()).add(g)
    assert all(len(graphs) == 1 for graphs in where.values())
    default = ds.default_graph
    chen = next(default.subjects(RDFS.label, Literal("陈吉宁", lang="zh")))
    assert (chen, RDF.type, KG.Person) in default
    assert not any((chen, RDF.type, KG.Person) in r.graph for r in results)
    assert any((chen, KG.mentionedIn, r.iri) in r.graph for r in results)


def test_building_twice_gives_the_same_triples():
    a = set(build_dataset([SAMPLE], use_model=False).quads((None, None, None, None)))
    b = set(build_dataset([SAMPLE], use_model=False).quads((None, None, None, None)))
    assert a == b


def test_same_entity_in_two_articles_is_one_node(tmp_path):
    jsonl = tmp_path / "two.jsonl"
    jsonl.write_text(
        '{"id": "a1", "text": "省委书记王建国昨天在宁波市调研。", "published": "2025-03-02"}\n'
        '{"id": "a2", "text": "省委书记王建国主持召开省委常委会会议。", "published": "2025-03-09"}\n', encoding="utf-8")
    ds = build_dataset([jsonl], use_model=False)
    people = {s for s, _, o, _ in ds.quads((None, RDFS.label, Literal("王建国", lang="zh"), None))}
    assert len(people) == 1
    (person,) = people
    assert len({o for _, _, o, _ in ds.quads((person, KG.mentionedIn, None, None))}) == 2


def test_gb18030_crlf_and_extra_noise_give_the_same_facts(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    base = fact_triples(build_dataset([SAMPLE], use_model=False))
    gb = tmp_path / "page-gb.txt"
    gb.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    assert fact_triples(build_dataset([gb], use_model=False)) == base
    noisy = tmp_path / "page-noisy.txt"
    noisy.write_text(text.replace("市委书记陈吉宁", "市 委 书 记 陈 吉\n宁"), encoding="utf-8")
    assert fact_triples(build_dataset([noisy], use_model=False)) == base


def test_evidence_offsets_point_into_the_input_file(results):
    source = SAMPLE.read_text(encoding="utf-8")
    seen = 0
    for r in results:
        for fact in r.facts:
            ev = getattr(fact, "evidence")
            span = "".join(source[ev.start:ev.end].split())
            assert span and span in "".join(ev.sentence.split()), (span, ev.sentence)
            seen += 1
    assert seen >= 5
