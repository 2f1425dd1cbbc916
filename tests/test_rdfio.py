"""kg.rdfio: an article's triples without an rdflib Graph, written as rdflib's own serializers write
them (public APIs only)."""
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.rdfio import Triples, graph_of_line, graphs_from_block, nquads_block, ntriples_lines, sorted_lines

A = URIRef("https://cnnews-kg.org/id/article/1")
S = URIRef("https://cnnews-kg.org/id/person/1")
HOSTILE = ['引号"和\\反斜杠', "两行\n文字\r\n", "制表\t符", "末尾\\", '""', "", "\u2028分隔\x85下一行\x0c", "emoji 🙂"]


def _triples():
    out = [(S, RDF.type, URIRef("https://cnnews-kg.org/ontology#Person"))]
    out += [(S, RDFS.label, Literal(text, lang="zh")) for text in HOSTILE]
    out += [(S, RDFS.comment, Literal(text)) for text in HOSTILE]
    out += [(S, URIRef("https://x.org/n"), Literal("0.80", datatype=XSD.decimal)),
            (S, URIRef("https://x.org/d"), Literal("2024-05-01", datatype=XSD.date)),
            (S, URIRef("https://x.org/i"), Literal(7))]
    return out


def test_blocks_are_what_rdflibs_serializers_write():
    triples = _triples()
    ds = Dataset()
    g = ds.graph(A)
    for t in triples:
        g.add(t)
    rdflib_nq = ds.serialize(format="nquads", encoding="utf-8").decode("utf-8")
    assert nquads_block(A, Triples(triples)) == sorted_lines(rdflib_nq)
    plain = Graph()
    for t in triples:
        plain.add(t)
    assert ntriples_lines(Triples(triples)) == sorted_lines(plain.serialize(format="nt", encoding="utf-8").decode())


def test_a_block_reads_back_to_the_same_triples_and_lines():
    triples = _triples()
    block = nquads_block(A, Triples(triples))
    assert block.count("\n") == len(triples)       # one line a triple, whatever the literals hold
    back, shared = graphs_from_block(block)
    assert set(back) == set(triples) and not shared and nquads_block(A, back) == block


def test_a_block_holds_the_named_graph_then_the_default_graphs_lines():
    named = [t for t in _triples() if t[1] == RDFS.comment]
    shared = [t for t in _triples() if t[1] != RDFS.comment]
    block = nquads_block(A, Triples(named), Triples(shared))
    lines = block.split("\n")[:-1]
    graphs = [graph_of_line(line) for line in lines]
    assert graphs == [f"<{A}>"] * len(named) + [None] * len(shared)   # named lines first, each part sorted
    assert lines[:len(named)] == sorted(lines[:len(named)]) and lines[len(named):] == sorted(lines[len(named):])
    back_named, back_shared = graphs_from_block(block)
    assert set(back_named) == set(named) and set(back_shared) == set(shared)


def test_a_lone_surrogate_is_written_as_a_question_mark():
    block = nquads_block(A, Triples([(S, RDFS.label, Literal("甲\ud800乙"))]))
    assert '"甲?乙"' in block


def test_triples_keep_a_set_and_answer_patterns_as_rdflib_does():
    t = Triples()
    name = Literal("王伟", lang="zh")
    t.add((S, RDFS.label, name)).add((S, RDFS.label, name)).add((S, RDF.type, RDFS.Resource))
    assert len(t) == 2 and list(t)[0] == (S, RDFS.label, name)      # once, in the order first added
    assert (S, RDFS.label, None) in t and (None, RDFS.label, name) in t and (A, None, None) not in t
    assert t.value(S, RDFS.label) == name and t.value(None, RDFS.label, name) == S
    assert list(t.subjects(RDF.type, RDFS.Resource)) == [S] and list(t.objects(S, RDFS.label)) == [name]
    assert t.value(A, RDFS.label) is None


def test_an_iri_ntriples_cannot_hold_is_refused():
    with pytest.raises(Exception):
        nquads_block(A, Triples([(URIRef("https://x.org/a b"), RDF.type, RDFS.Resource)]))
