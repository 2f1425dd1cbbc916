"""The entity layer's look-up structures give what the plain scans they replace give: the
gazetteer's WordFinder (a regex alternation), the mention index (a scan of every mention) and
the caches of answers read from jieba's dictionary."""
import random
import re

import jieba

from kg.nlp import memo
from kg.nlp.lexicon import WordFinder, alternation, lexicon
from kg.nlp.names import ends_name
from kg.nlp.mention_index import MentionIndex
from kg.types import PLACE, Mention


def test_word_finder_finds_what_a_regex_alternation_of_its_words_finds():
    rng = random.Random(7)
    # words of one to three characters, regex metacharacters among them, prefixes of one another
    words = ["a", "ab", "abc", "b", "bcd", "cd", "x]", "^-", "\\"]
    finder, regex = WordFinder(words), re.compile(alternation(words))
    for _ in range(3000):
        text = "".join(rng.choice("abcdx]^-\\") for _ in range(rng.randint(0, 14)))
        assert list(finder.spans(text)) == [m.span() for m in regex.finditer(text)], text
    assert list(WordFinder([]).spans("abc")) == []
    # the gazetteer, on text with its places side by side and inside longer words
    places = lexicon().places
    regex = re.compile(alternation(places))
    text = "浙江省杭州市余杭区良渚街道，湖南省益阳市赫山区，沿海城市鼓楼区、中国（广西）自由贸易试验区和北京"
    assert list(lexicon().place_finder.spans(text)) == [m.span() for m in regex.finditer(text)]


def test_mention_index_gives_every_mention_that_overlaps_a_stretch():
    rng = random.Random(3)
    for _ in range(300):
        mentions = []
        for _ in range(rng.randint(0, 30)):
            start = rng.randint(0, 60)
            mentions.append(Mention("x", PLACE, start, start + rng.randint(1, 12)))
        index = MentionIndex(mentions)
        for _ in range(20):
            start = rng.randint(-5, 70)
            end = start + rng.randint(1, 15)
            want = sorted((m.start, m.end) for m in mentions if m.start < end and start < m.end)
            assert sorted((m.start, m.end) for m in index.overlapping(start, end)) == want


def test_cached_answers_follow_changes_of_jiebas_dictionary(request):
    text = "周秀英刚走进展厅"
    assert ends_name(text, 3)          # 刚 (an adverb) ends a name of three characters
    jieba.add_word("刚走进", 100000)   # now a word of the dictionary without a tag: no boundary
    request.addfinalizer(memo.clear)   # taking a word out leaves jieba's total as it is
    request.addfinalizer(lambda: jieba.del_word("刚走进"))
    assert not ends_name(text, 3)
