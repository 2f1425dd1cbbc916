"""The pipeline's segmentation (kg/nlp/dictionary.py ``cut``, run by rjieba) gives jieba's words
exactly, with the project's words added, and the pipeline's tokenizer (kg/nlp/tokenizer.py)
gives the Doc spaCy's own jieba tokenizer gives."""
from __future__ import annotations

import json

import jieba
import pytest

from kg.nlp.dictionary import cut, index
from kg.nlp.pipeline import get_nlp
from kg.nlp.tokenizer import words_and_spaces

SENTENCES = [
    # number ranges: jieba-rs alone would keep 2024-2026 and 1-7 whole
    "2024-2026年，全市计划投资1-7亿元，增长5%-10%，A-1地块和B+2号楼同步开工。",
    "会议时间为10:30-12:00，票价3&4元，编号X_9和版本v2.5.1。",
    "1-2.5倍、3#4、7%8和a-b-c都按原样切分。",
    # the project's words (titles, organs) raise the total: ties between paths move with it
    "市委常委、常务副市长李华在课前特别是在投入市场前，搭起了相互关系。",
    "国务院总理主持召开国务院常务会议，审议通过《关于加快发展的意见》。",
    # whitespace of every kind
    "  开头有空格\r\n第二行\t制表符\u3000全角空格  两个空格 一个空格\n\n",
    "",
    " ",
    "English words mixed 中文 and 123 numbers.",
]


@pytest.fixture(scope="module")
def nlp():
    nlp = get_nlp(use_model=False, components=False)    # configures the dictionary
    index()                                             # rjieba cuts from now on (not jieba itself)
    return nlp


def test_jieba_cuts_until_rjieba_pays_for_itself():
    """A process cuts with jieba itself (over the cached table) until RJIEBA_AFTER characters,
    then with rjieba; the words are the same before and after."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kg.nlp import dictionary\n"
        "dictionary.RJIEBA_AFTER = 100\n"
        "text = '国务院总理主持召开国务院常务会议，审议通过《关于加快发展的意见》。2024-2026年'\n"
        "first = dictionary.cut(text)\n"
        "assert 'rjieba' not in sys.modules and dictionary._engine is dictionary.jieba\n"
        "for _ in range(3): again = dictionary.cut(text)\n"
        "assert dictionary._engine is sys.modules['rjieba'] and again == first, (again, first)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


@pytest.mark.parametrize("text", SENTENCES)
def test_cut_is_jiebas(nlp, text):
    assert cut(text) == jieba.lcut(text, HMM=True)
    assert cut(text, hmm=False) == jieba.lcut(text, HMM=False)


def test_project_words_are_words(nlp):
    # a title of the lexicon is one word, as jieba cuts it with the project's words added
    assert "常务副市长" in cut("常务副市长李华")
    assert cut("常务副市长李华") == jieba.lcut("常务副市长李华")


def test_joined_numbers_are_mended(nlp):
    # where jieba-rs alone joins numbers, the block is cut again by jieba
    words = cut("2024-2026年")
    assert words[:3] == ["2024", "-", "2026"]
    import rjieba

    assert rjieba.cut("2024-2026年", True)[0] == "2024-2026"   # what is mended


def test_real_articles_cut_as_jieba(nlp, shared_dir):
    texts = [(shared_dir / "corpus" / "seed" / "youth-daily-page.txt").read_text(encoding="utf-8")]
    for name in ("dev", "dev2"):
        path = shared_dir / "corpus" / name / "articles.jsonl"
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for text in texts:
        assert cut(text) == jieba.lcut(text, HMM=True)


@pytest.mark.parametrize("text", SENTENCES)
def test_tokenizer_doc_is_spacys(nlp, text):
    import spacy

    reference = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    want = reference(text)
    got = nlp(text)
    assert [(t.text, t.whitespace_) for t in got] == [(t.text, t.whitespace_) for t in want]
    assert got.text == text


def test_words_and_spaces_keep_every_character():
    text = "a  b \u3000c "
    words, spaces = words_and_spaces(text, ["a", " ", " ", "b", " ", "\u3000", "c", " "])
    assert words == ["a", " ", "b", "\u3000", "c"]
    assert spaces == [True, False, True, False, True]
    assert "".join(w + (" " if s else "") for w, s in zip(words, spaces)) == text


def test_jieba_used_by_other_code_first_is_followed():
    # jieba given a word by other code before the pipeline configures it: the segmentation must
    # still be jieba's own (rjieba would not know the word)
    import subprocess
    import sys

    code = (
        "import jieba; jieba.add_word('翠湖湾新城', freq=100000)\n"
        "from kg.nlp.dictionary import configure_project, cut\n"
        "configure_project()\n"
        "text = '翠湖湾新城开工2024-2026年'\n"
        "assert cut(text) == jieba.lcut(text), (cut(text), jieba.lcut(text))\n"
        "assert '翠湖湾新城' in cut(text)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=120)


def test_words_given_to_jieba_later_are_followed():
    # jieba.add_word after the pipeline configured the dictionary: the segmentation follows jieba
    import subprocess
    import sys

    code = (
        "import jieba\n"
        "from kg.nlp.dictionary import cut, index\n"
        "index()\n"
        "text = '翠湖湾新城开工'\n"
        "assert '翠湖湾新城' not in cut(text)\n"
        "jieba.add_word('翠湖湾新城', freq=100000)\n"
        "assert cut(text) == jieba.lcut(text) and '翠湖湾新城' in cut(text), cut(text)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, timeout=120)


def test_words_and_spaces_as_spacys_on_random_tilings():
    import random

    from spacy.util import get_words_and_spaces

    rng = random.Random(7)
    pieces = ["中国", "经济", "a", "2024", " ", "  ", "\n", "\r\n", "\t", "\u3000", "，", "x y"[0], "增长"]
    for _ in range(500):
        words = []
        for _ in range(rng.randint(0, 12)):
            piece = rng.choice(pieces)
            words += list(piece) if piece.isspace() else [piece]   # jieba: one word a whitespace character
        text = "".join(words)
        starts: list[int] = []
        got = words_and_spaces(text, words, starts)
        assert got == tuple(map(list, get_words_and_spaces(words, text))), repr(text)
        assert [text[s:s + len(w)] for w, s in zip(got[0], starts)] == got[0]
