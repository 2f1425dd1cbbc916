"""kg.nlp.words: extractors read word boundaries and tags from the Doc's one segmentation."""
import jieba

from kg.nlp.words import Words, tag
from kg.pipeline import analyze_text

TEXT = "截至去年底，福建建成深水抗风浪网箱5300多口，投建深远海养殖平台23个。"


def test_words_are_the_docs_tokens_with_guessed_words_cut_into_characters():
    doc = analyze_text(TEXT, use_model=False)
    words = Words.of(doc)
    assert Words.of(doc) is words                     # made once per Doc
    joined = "".join(words.between(0, len(TEXT)))
    assert joined == TEXT                             # the words cover the text, in order
    tokens = [t.text for t in doc]
    assert "投建" in tokens                           # jieba's HMM guessed it for the Doc ...
    at = TEXT.index("投建")
    assert words.first(at, at + 6) == "投"            # ... the dictionary does not know it
    assert list(words.between(at, at + 6)) == list(jieba.cut(TEXT[at:at + 6], HMM=False))
    assert "5300" in words.between(0, len(TEXT))      # numbers stay whole


def test_spans_are_clipped_and_edges_are_word_boundaries():
    doc = analyze_text(TEXT, use_model=False)
    words = Words.of(doc)
    start = TEXT.index("福建建成")
    assert list(words.between(start + 1, start + 3)) == ["建", "建"]   # 福建|建成, cut at both ends
    assert words.edge(start) and words.edge(start + 2) and not words.edge(start + 1)
    assert words.edge(0) and words.edge(len(TEXT))
    assert words.first(len(TEXT), len(TEXT) + 6) == ""
    assert tag("建成") == "v" and tag("投建") is None
