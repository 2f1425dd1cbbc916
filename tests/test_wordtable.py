"""kg/nlp/wordtable.py: jieba's dictionary as a sorted table with frequency and tag columns, seen
through mappings that answer like jieba's dicts, by bisection and then by their own dict."""
from __future__ import annotations

import marshal
import random

import pytest

from kg.nlp import wordtable
from kg.nlp.wordtable import WordTable

FREQ = {"中": 0, "中国": 9000, "中国人": 1200, "北": 0, "北京": 7000, "湖州": 300, "人民政府": 0,
        "人民": 0, "人": 5000, "副省长": 2000, "\U00020000字": 3, "z": 1}
TAGS = {"中国": "ns", "中国人": "n", "北京": "ns", "湖州": "ns", "人": "n", "\U00020000字": "x"}
ASKED = list(FREQ) + ["", "中华", "北京市", "zz", "\U00020000", "副", "a\nb"]


def _answers(freq, tags):
    return ([(freq.get(w), freq.get(w, -1), w in freq) for w in ASKED],
            [(tags.get(w), tags.get(w, "?"), w in tags) for w in ASKED])


def _table() -> WordTable:
    return WordTable.unpack(marshal.loads(marshal.dumps(WordTable.of(FREQ, TAGS).pack())))


def test_the_columns_answer_as_jiebas_dicts_before_and_after_their_index():
    table = _table()
    freq, tags = table.frequencies(), table.tags()
    assert _answers(freq, tags) == _answers(FREQ, TAGS)
    assert not freq.indexed and not tags.indexed          # a few questions build no dict
    assert freq["中国"] == 9000 and freq["中"] == 0       # a prefix is in, with frequency 0
    with pytest.raises(KeyError):
        tags["中"]                                        # ... and has no tag
    freq.index(), tags.index()
    assert freq.get.__self__ is freq.index()               # the dict's own method, no Python call
    assert _answers(freq, tags) == _answers(FREQ, TAGS)
    assert freq == FREQ and tags == TAGS and len(freq) == len(FREQ) and sorted(tags) == sorted(TAGS)


def test_the_columns_build_their_dicts_after_enough_look_ups_in_any(monkeypatch):
    monkeypatch.setattr(wordtable, "INDEX_AFTER", 5)
    table = _table()
    freq, tags = table.frequencies(), table.tags()
    answers = [freq.get(w) for w in ASKED[:5]]
    assert not freq.indexed and not tags.indexed
    answers += [freq.get(w) for w in ASKED[5:]]            # more than 5 questions
    assert freq.indexed and tags.indexed and answers == [FREQ.get(w) for w in ASKED]
    assert [tags.get(w) for w in ASKED] == [TAGS.get(w) for w in ASKED]


def test_writing_to_a_column_writes_to_its_dict():
    """jieba.add_word writes the word and its prefixes into jieba.dt.FREQ."""
    freq = _table().frequencies()
    freq["前海合作区"] = 2000
    del freq["湖州"]
    assert freq.indexed and freq["前海合作区"] == 2000 and "湖州" not in freq and len(freq) == len(FREQ)


def test_random_words_answer_alike():
    rng = random.Random(7)
    alphabet = "中国北京人民政府湖州副省长字\U00020000z"
    freq = {"".join(rng.choices(alphabet, k=rng.randint(1, 5))): rng.choice([0, 1, 5, 10**12]) for _ in range(400)}
    tags = {w: rng.choice(["n", "ns", "nr", "v"]) for w in freq if freq[w] and rng.random() < 0.5}
    table = WordTable.unpack(WordTable.of(freq, tags).pack())
    asked = ["".join(rng.choices(alphabet, k=rng.randint(1, 5))) for _ in range(2000)] + list(freq)
    column, tag_column = table.frequencies(), table.tags()
    assert [column.get(w) for w in asked] == [freq.get(w) for w in asked]
    assert [tag_column.get(w) for w in asked] == [tags.get(w) for w in asked]


@pytest.mark.parametrize("packed", [
    None, (), ("a\nb", b"", b"", [], "little"),                  # columns of different lengths
    ("a", b"\x01" * 7, b"\xff", [], "little"),                   # not a whole frequency
    ("a", b"\x01" * 8, b"\xff", [], "middle"),                   # written on another byte order
    ("a", b"\x01" * 8, b"\xff", [1], "little"),                  # a tag name that is not a string
    ("a", b"\x01" * 8, b"\xff", ["n"] * 255, "little"),          # more tags than a byte holds
])
def test_data_that_is_not_a_packed_table_is_refused(packed):
    if isinstance(packed, tuple) and len(packed) == 5 and packed[4] == "little":
        import sys
        packed = packed[:4] + (sys.byteorder,)
    with pytest.raises(ValueError):
        WordTable.unpack(packed)


def test_a_tag_without_a_frequency_or_a_word_with_a_newline_is_refused():
    with pytest.raises(ValueError):
        WordTable.of({"中国": 1}, {"北京": "ns"})
    with pytest.raises(ValueError):
        WordTable.of({"中国": 1, "北\n京": 2}, {})
