"""kg/nlp/wordtable.py: jieba's dictionary as a sorted table with frequency and tag columns, seen
through mappings that answer like jieba's dicts, by bisection and then by their own dict."""
from __future__ import annotations

import marshal
import random
import sys

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


def _damaged(field: int, value):
    packed = list(WordTable.of({"a": 1, "b": 2}, {"a": "n"}).pack())
    packed[field] = value(packed[field]) if callable(value) else value
    return tuple(packed)


@pytest.mark.parametrize("packed", [
    None, (), ("a\nb", b"", [], b"", b"", [], "little"),          # a 7-tuple of the wrong things
    _damaged(3, b"\x01" * 8),                                      # columns of different lengths
    _damaged(3, lambda b: b + b"\x01" * 7),                        # not a whole frequency
    _damaged(6, "middle"),                                         # written on another byte order
    _damaged(5, [1]),                                              # a tag name that is not a string
    _damaged(5, ["n"] * 255),                                      # more tags than a byte holds
    _damaged(2, ["a", "b"]),                                       # more blocks than words
    _damaged(1, lambda b: b[:8]),                                  # blocks without their end
    _damaged(1, lambda b: b[:8] + (99).to_bytes(8, sys.byteorder)),  # blocks past the text
    _damaged(0, "a\nb\nc"),                                        # a word too many
])
def test_data_that_is_not_a_packed_table_is_refused(packed):
    with pytest.raises(ValueError):
        WordTable.unpack(packed)


def test_a_table_of_many_blocks_finds_every_word_and_only_those():
    """Words at the edges of blocks, before the first and after the last, with the blocks split
    out one at a time and the block last asked kept."""
    rng = random.Random(3)
    freq = {f"{rng.choice('中国北京人民')}{i:05d}": i for i in range(wordtable.BLOCK * 5 + 7)}
    table = WordTable.unpack(WordTable.of(freq, {}).pack())
    column = table.frequencies()
    words = sorted(freq)
    assert table.heads == words[::wordtable.BLOCK] and table._words is None
    asked = words + [w + "0" for w in words] + [w[:-1] for w in words] + ["", "\uffff", "一", "\n"]
    rng.shuffle(asked)
    assert [column.get(w) for w in asked] == [freq.get(w) for w in asked]
    assert table._words is None                       # no list of every word was made
    assert table.words == words


def test_a_tag_without_a_frequency_an_empty_word_or_a_word_with_a_newline_is_refused():
    with pytest.raises(ValueError):
        WordTable.of({"中国": 1}, {"北京": "ns"})
    with pytest.raises(ValueError):
        WordTable.of({"中国": 1, "北\n京": 2}, {})
    with pytest.raises(ValueError):
        WordTable.of({"中国": 1, "": 2}, {})
