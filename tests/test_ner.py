"""Statistical NER: corpus converters, features, scoring, the shipped model and `kg ner`.

Converter tests use small samples written here in each corpus format; model tests use sentences
written in the register of Xinhua / People's Daily reports and skip when no model is shipped.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.ner import MODEL_DIR, filter_types, model_available
from kg.ner.corpora import (
    CorpusError,
    NerSentence,
    read_char_per_line,
    read_cluener,
    read_msra,
    spans_from_tags,
)
from kg.ner.evaluate import score
from kg.ner.text import normalize

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "corpus" / "seed" / "youth-daily-page.txt"

needs_model = pytest.mark.skipif(not model_available(), reason=f"no NER model shipped in {MODEL_DIR} (run `kg train-ner`)")


def _surfaces(sent: NerSentence) -> list[tuple[str, str]]:
    return [(sent.text[s:e], t) for s, e, t in sent.spans]


# --- converters ---------------------------------------------------------------------------------

def test_cluener_offsets_become_end_exclusive_and_types_are_mapped(tmp_path):
    text = "国家发展改革委主任郑栅洁在北京主持召开会议，中国石化负责同志参加。"
    record = {"text": text, "label": {
        "government": {"国家发展改革委": [[0, 6]]},
        "position": {"主任": [[7, 8]]},
        "name": {"郑栅洁": [[9, 11]]},
        "address": {"北京": [[13, 14]]},
        "company": {"中国石化": [[22, 25]]},
        "book": {"会议": [[19, 20]]},
    }}
    path = tmp_path / "sample.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n\n", encoding="utf-8")
    (sent,) = list(read_cluener(path))
    assert _surfaces(sent) == [("国家发展改革委", "ORG"), ("主任", "TITLE"), ("郑栅洁", "PER"),
                               ("北京", "LOC"), ("中国石化", "ORG")]
    (only_pd,) = list(read_cluener(path, types={"PER", "ORG", "LOC"}))
    assert ("主任", "TITLE") not in _surfaces(only_pd)


def test_cluener_rejects_offsets_that_miss_the_surface(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "李强在北京", "label": {"name": {"李强": [[1, 2]]}}},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="bad.jsonl:1"):
        list(read_cluener(path))


def test_msra_parallel_files(tmp_path):
    chars = "新 华 社 记 者 在 上 海 采 访 了 王 小 明 。"
    tags = "B-ORG I-ORG I-ORG O O O B-LOC I-LOC O O O B-PER I-PER I-PER O"
    (tmp_path / "s.txt").write_text(chars + "\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text(tags + "\n", encoding="utf-8")
    (sent,) = list(read_msra(tmp_path / "s.txt", tmp_path / "t.txt"))
    assert sent.text == "新华社记者在上海采访了王小明。"
    assert _surfaces(sent) == [("新华社", "ORG"), ("上海", "LOC"), ("王小明", "PER")]


def test_msra_tag_count_mismatch_names_the_line(tmp_path):
    (tmp_path / "s.txt").write_text("北 京\n上 海 市\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("B-LOC I-LOC\nB-LOC I-LOC\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"s\.txt:2: 3 characters but 2 tags"):
        list(read_msra(tmp_path / "s.txt", tmp_path / "t.txt"))


def test_people_daily_bio_sentences(tmp_path):
    lines = []
    for ch, tag in zip("江泽民主席会见日本客人", ["B-PER", "I-PER", "I-PER", "O", "O", "O", "O", "B-LOC", "I-LOC", "O", "O"]):
        lines.append(f"{ch} {tag}")
    lines.append("")
    for ch, tag in zip("国务院开会", ["B-ORG", "I-ORG", "I-ORG", "O", "O"]):
        lines.append(f"{ch} {tag}")
    path = tmp_path / "pd.dev"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")  # the last sentence has no blank line after it
    first, second = list(read_char_per_line(path, "pd98"))
    assert _surfaces(first) == [("江泽民", "PER"), ("日本", "LOC")]
    assert _surfaces(second) == [("国务院", "ORG")]


def test_resume_bmes_and_dropped_types(tmp_path):
    text = "张三，中国国籍，本科学历，现任华为技术有限公司董事长。"
    tags = ["B-NAME", "E-NAME", "O", "B-CONT", "M-CONT", "M-CONT", "E-CONT", "O", "B-EDU", "M-EDU", "M-EDU", "E-EDU",
            "O", "O", "O", "B-ORG", "M-ORG", "M-ORG", "M-ORG", "M-ORG", "M-ORG", "M-ORG", "E-ORG", "B-TITLE", "M-TITLE",
            "E-TITLE", "O"]
    path = tmp_path / "r.bmes"
    path.write_text("\n".join(f"{c} {t}" for c, t in zip(text, tags)) + "\n\n", encoding="utf-8")
    (sent,) = list(read_char_per_line(path, "resume"))
    assert _surfaces(sent) == [("张三", "PER"), ("华为技术有限公司", "ORG"), ("董事长", "TITLE")]


def test_tag_decoding_is_lenient_like_conlleval():
    # I- after O opens an entity; a change of type inside a run starts a new one; S- is one character
    sent = spans_from_tags(list("王在京沪"), ["I-PER", "O", "S-LOC", "S-LOC"], "msra")
    assert _surfaces(sent) == [("王", "PER"), ("京", "LOC"), ("沪", "LOC")]
    with pytest.raises(CorpusError, match="bad tag"):
        spans_from_tags(list("王"), ["X-PER"], "msra", where="w")


# --- text features and scoring ------------------------------------------------------------------

def test_normalize_folds_full_width_and_keeps_offsets():
    text = "１９９８年（新华社）ＡＢＣ，℃"
    out = normalize(text)
    assert out == "1998年(新华社)ABC,℃"      # ℃ folds to two characters, so it is kept
    assert len(out) == len(text)


def test_lexicon_marks_place_names_from_jieba_dictionary():
    from kg.ner.lexicon import jieba_lexicon

    feats = jieba_lexicon().features("他去了北京和内蒙古")
    assert "L:B" in feats[3].split("|") and "L:E" in feats[4].split("|")
    assert feats[5] == ""                      # 和 is in no dictionary word of two or more characters
    assert "L:M" in feats[7].split("|")


def test_lexicon_marks_of_pieces_side_by_side_are_each_pieces_own():
    import numpy

    from kg.ner.lexicon import Lexicon, jieba_lexicon

    shared = jieba_lexicon()
    lexicon = Lexicon(shared.freq, shared.tags)           # a fresh memory of pieces
    pieces = ["他去了北京和内蒙古", "中华人民共和国国务院", "北", "京和内蒙", "", "欧阳修在上海市委员会"]
    alone = [lexicon.masks(p) for p in pieces]
    assert alone[2] == [0] and alone[4] == []
    lengths = numpy.array([len(p) for p in pieces])
    starts = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])
    for _ in range(2):                                   # and again, from the memory
        together = lexicon.masks_within("".join(pieces), starts, lengths).tolist()
        assert together == [m for masks in alone for m in masks]
    assert lexicon.masks("北京") != [0, 0] and together[len(pieces[0]) + len(pieces[1])] == 0   # 北|京 cut


def test_key_tables_and_code_point_tables():
    import numpy

    from kg.ner.codes import CodeTable, KeyTable, code_points, key, keys_at, text_of

    text = "国务院总理李强\U0001f600在北京。"
    codes = code_points(text)
    assert len(codes) == len(text) and text_of(codes) == text
    assert code_points("\ud800a").tolist() == [0xD800, ord("a")]          # a lone surrogate is kept
    tables = KeyTable.of_words({"国务院": 1, "北京": 2, "李": 3, "中华人民": 4}, range(1, 5))
    assert keys_at(codes, numpy.array([0, 9]), 2).tolist() == [key("国务"), key("北京")]
    values, hit = tables[2].find(keys_at(codes, numpy.arange(len(text) - 1), 2))
    assert [text[i:i + 2] for i in numpy.flatnonzero(hit)] == ["北京"] and values[hit].tolist() == [2]
    values, hit = tables[4].find(numpy.array([key("中华人民"), key("中华人")]))
    assert hit.tolist() == [True, True]                  # four characters: found by their first three
    grown = tables[1].with_(numpy.array([key("王"), key("张")][::-1]), numpy.array([6, 5]))
    assert grown.find(numpy.array([key("李"), key("王"), key("赵")]))[1].tolist() == [True, True, False]
    assert len(tables[1]) == 1                           # a table is never changed
    upper = CodeTable(lambda code: ord(chr(code).upper()[0]), numpy.int64)
    assert text_of(upper(code_points("abc北京"))) == "ABC北京" and upper.known[ord("a")]


def test_a_key_memory_remembers_what_a_dict_would_in_batches_of_any_size():
    import random

    import numpy

    from kg.ner.codes import KeyMemory

    rng = random.Random(5)
    memory, known = KeyMemory(), {}
    for _ in range(200):
        asked = numpy.array([rng.randrange(5000) for _ in range(rng.randint(0, 60))], dtype=numpy.int64)
        values, hit = memory.find(asked)
        assert hit.tolist() == [k in known for k in asked.tolist()]
        assert values[hit].tolist() == [known[k] for k in asked[hit].tolist()]
        new = numpy.unique(asked[~hit])
        memory.add(new, new * 7 + 1)
        known.update((k, k * 7 + 1) for k in new.tolist())
        assert len(memory) == len(known)
        sizes = [len(t) for t in memory.tables]
        assert all(a > 2 * b for a, b in zip(sizes, sizes[1:]))     # a few tables, each far larger


def test_bio_tags_round_trip_and_lenient_decoding():
    from kg.ner.features import spans_to_tags, tags_to_spans

    spans = [(0, 3, "ORG"), (3, 5, "LOC"), (7, 10, "ORG")]
    tags = spans_to_tags(10, spans)
    assert tags[:6] == ["B-ORG", "I-ORG", "I-ORG", "B-LOC", "I-LOC", "O"]
    assert tags_to_spans(tags) == spans
    # an I- that continues nothing opens an entity; a change of type ends one
    assert tags_to_spans(["I-PER", "I-PER", "I-LOC", "O", "B-ORG"]) == [(0, 2, "PER"), (2, 3, "LOC"), (4, 5, "ORG")]


def test_features_one_list_per_character_with_word_and_suffix_context():
    from kg.ner.features import FeatureConfig, Featurizer
    from kg.ner.tokens import segment

    featurize = Featurizer(FeatureConfig.default())
    text = "１９９８年李强在宁波市"
    (words,) = segment([text])
    assert (8, 11) in words                                     # the pipeline's token 宁波市
    feats = featurize(text, words)
    assert len(feats) == len(text)
    assert "c=1" in feats[0] and "sh=PDD" in feats[0]          # full width folded, offsets kept
    assert "sur" in feats[5]                                    # 李 is a surname
    assert "w=宁波市" in feats[8] and "wp=B3" in feats[8]       # jieba's word and the place in it
    assert "sufL2" in feats[8] and "sufL0" in feats[10]          # 市 closes a place name
    assert featurize("") == []


def test_tokens_are_the_pipelines():
    from kg.nlp.pipeline import get_nlp
    from kg.ner.tokens import doc_bounds, segment

    text = "国务院总理李强在北京会见外宾。 新华社记者报道。"
    nlp = get_nlp(use_model=False)
    doc = nlp.make_doc(text)
    assert segment([text, ""]) == [doc_bounds(doc), []]
    # runs of spaces, tabs, ideographic spaces and Latin words are cut as the Doc cuts them
    odd = [" ", "  a  b ", "北京  上海 广州\t深圳\n南京", "　　李强　会见 Hello World 2024年", "a\u3000\u3000b  "]
    assert segment(odd) == [doc_bounds(nlp.make_doc(t)) for t in odd]


def test_feature_config_survives_a_round_trip():
    from kg.ner.features import FeatureConfig

    config = FeatureConfig.default()
    assert FeatureConfig.from_dict(config.to_dict()) == config
    with pytest.raises(ValueError, match="unknown NER feature"):
        FeatureConfig.from_dict({"colour": True})


def test_score_exact_match_per_type():
    gold = [[(0, 2, "PER"), (3, 5, "LOC")], [(0, 3, "ORG")]]
    pred = [[(0, 2, "PER"), (3, 6, "LOC")], [(0, 3, "ORG"), (4, 6, "PER")]]
    s = score(gold, pred)
    assert (s["PER"].tp, s["PER"].n_pred, s["PER"].n_gold) == (1, 2, 1)
    assert s["LOC"].f1 == 0.0
    assert s["micro"].precision == pytest.approx(2 / 4) and s["micro"].recall == pytest.approx(2 / 3)
    assert score(gold, pred, types=["ORG"])["micro"].f1 == 1.0
    with pytest.raises(ValueError):
        score(gold, pred[:1])


def test_filter_types():
    spans = [(0, 2, "PER"), (3, 5, "TITLE")]
    assert filter_types(spans, {"PER"}) == [(0, 2, "PER")]
    assert filter_types(spans, None) == spans


# --- the shipped model --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tagger():
    from kg.ner import get_tagger

    return get_tagger()


@needs_model
def test_get_tagger_is_loaded_once(tagger):
    from kg.ner import get_tagger

    assert get_tagger() is tagger
    assert {"PER", "ORG", "LOC"} <= set(tagger.labels)


@needs_model
def test_tagger_finds_unseen_person_place_and_organisation(tagger):
    sentences = [
        "新华社杭州5月20日电 浙江省副省长卢山岚20日在湖州市调研时强调，要加快推进数字经济发展。",
        "记者从国家统计局获悉，前4个月全国规模以上工业增加值同比增长6.2%。",
        "江苏省苏州市吴江区人民政府与中国科学院签署战略合作协议。",
    ]
    found = [{(s[a:b], t) for a, b, t in spans} for s, spans in zip(sentences, tagger.tag(sentences))]
    assert ("卢山岚", "PER") in found[0]
    assert ("湖州市", "LOC") in found[0]
    assert ("国家统计局", "ORG") in found[1]
    assert ("中国科学院", "ORG") in found[2]


@needs_model
def test_tagger_reads_the_tokens_it_is_given_and_segments_only_without_them(tagger, monkeypatch):
    import kg.ner.crf
    from kg.ner.tokens import segment

    texts = ["浙江省副省长卢山岚在湖州市调研。", "记者从国家统计局获悉。"]
    tokens = segment(texts)
    expected = tagger.tag(texts)
    assert ("卢山岚" , "PER") in {(texts[0][a:b], t) for a, b, t in expected[0]}

    def no_second_segmentation(texts):
        raise AssertionError("the tagger segmented a text it was given the tokens of")

    monkeypatch.setattr(kg.ner.crf, "segment", no_second_segmentation)
    assert tagger.tag(texts, tokens) == expected
    with pytest.raises(ValueError, match="2 texts but 1 token lists"):
        tagger.tag(texts, tokens[:1])


@needs_model
def test_the_pipeline_hands_the_docs_tokens_to_the_model(monkeypatch):
    import kg.ner.crf
    from kg.pipeline import analyze_text

    seen = []
    tag_sentences = kg.ner.crf.CrfNer.tag_sentences

    def recording(self, text, sentences, tokens=None):
        seen.append((text, list(sentences), tokens))
        return tag_sentences(self, text, sentences, tokens)

    def no_second_segmentation(texts):
        raise AssertionError("the model segmented an article the pipeline had tokenized")

    monkeypatch.setattr(kg.ner.crf.CrfNer, "tag_sentences", recording)
    monkeypatch.setattr(kg.ner.crf, "segment", no_second_segmentation)
    doc = analyze_text("新华社杭州5月20日电 浙江省副省长卢山岚20日在湖州市调研。", use_model=True)
    assert "卢山岚" in {m.text for m in doc._.mentions if m.type == "Person"}
    ((text, sentences, tokens),) = seen          # the article's sentences, in one call
    assert sentences == [(s.start, s.end) for s in doc._.sentences]
    assert [text[s:e] for s, e in tokens if not text[s:e].isspace()] == [t.text for t in doc if not t.is_space]


@needs_model
def test_tagger_spans_are_offsets_into_the_original_text(tagger):
    # full-width digits and punctuation are folded inside the tagger, never in the caller's text
    text = "１９９８年５月，李鹏总理在北京人民大会堂会见了外宾。"
    spans = tagger.tag_one(text)
    assert ("李鹏", "PER") in {(text[a:b], t) for a, b, t in spans}
    assert all(0 <= a < b <= len(text) for a, b, _ in spans)
    assert tagger.tag(["", "   "]) == [[], []]


ODD_TEXTS = ["李", "１９９８年５月", "<s>北京</s2>和<s2>", "欧阳修与司马光在上海市委员会", "  新华社  北京 ", "abc DEF 123",
             "中国人民银行、国家统计局和国务院国有资产监督管理委员会", "王", "王李", "①②③中华人民共和国", "\t张　伟\u3000"]


def _crfsuite_tags(component, texts):
    """The tags CRFsuite itself gives for the featurizer's attribute strings (the training input)."""
    import pycrfsuite

    from kg.ner.tokens import segment

    crf = pycrfsuite.Tagger()
    crf.open(str(component.model_path))
    return [crf.tag(component.featurizer(text, words)) for text, words in zip(texts, segment(texts))]


def _crfsuite_entities(component, texts):
    from kg.ner.features import tags_to_spans

    return [tags_to_spans(tags) for tags in _crfsuite_tags(component, texts)]


@needs_model
def test_the_compiled_tagger_gives_crfsuites_tags(tagger):
    texts = ["新华社杭州5月20日电 浙江省副省长卢山岚20日在湖州市调研时强调，要加快推进数字经济发展。", *ODD_TEXTS]
    if SEED.is_file():
        texts += [l for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()]
    component = tagger.component
    assert component.predict(texts) == _crfsuite_entities(component, texts)
    # one batch or one text at a time: the same entities (texts decode together, padded)
    assert [component.predict([t])[0] for t in texts[:8]] == component.predict(texts[:8])


@needs_model
def test_an_articles_sentences_tagged_in_one_pass_as_crfsuite_tags_each_alone(tagger):
    import pycrfsuite

    from kg.ner.features import tags_to_spans
    from kg.nlp.pipeline import get_nlp
    from kg.nlp.sentences import split_sentences
    from kg.ner.tokens import doc_bounds

    lines = ["新华社杭州5月20日电 浙江省副省长卢山岚20日在湖州市调研时强调，要加快推进数字经济发展。", *ODD_TEXTS]
    if SEED.is_file():
        lines += [l for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()]
    text = "\n".join(lines)
    sentences = [(s.start, s.end) for s in split_sentences(text)]
    tokens = doc_bounds(get_nlp(use_model=False, components=False).make_doc(text))
    edge = sentences[1][0]      # a token reaching over a sentence's edge is cut to each sentence
    tokens = [t for t in tokens if t[1] <= edge - 2] + [(edge - 2, edge + 2)] + [t for t in tokens if t[0] >= edge + 2]
    component = tagger.component
    crf = pycrfsuite.Tagger()
    crf.open(str(component.model_path))
    alone = []
    for s, e in sentences:
        cut = [(max(a, s) - s, min(b, e) - s) for a, b in tokens if a < e and s < b]
        alone += [(a + s, b + s, label) for a, b, label in tags_to_spans(crf.tag(component.featurizer(text[s:e], cut)))]
    assert len(alone) > 10
    assert tagger.tag_sentences(text, sentences, tokens) == alone
    assert tagger.tag_sentences(text, []) == [] and tagger.tag_sentences("   ", [(0, 3)]) == []


@needs_model
def test_a_long_text_is_tagged_in_pieces_as_in_one(tagger, monkeypatch):
    import kg.ner.tagging

    lines = ["新华社杭州5月20日电 浙江省副省长卢山岚20日在湖州市调研时强调，要加快推进数字经济发展。", *ODD_TEXTS] * 3
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    text = "\n".join(lines)
    sentences = [(s, s + len(line)) for s, line in zip(starts, lines)]
    whole = tagger.tag_sentences(text, sentences)
    monkeypatch.setattr(kg.ner.tagging, "CHUNK", 40)
    assert tagger.tag_sentences(text, sentences) == whole and len(whole) > 6
    # tokens outside a text are left out, as before; a blank text has no entities
    texts = ["李强在北京。", "  "]
    assert tagger.tag(texts, [[(0, 2), (2, 3), (3, 5), (5, 6), (4, 99)], [(0, 2)]]) == tagger.tag(texts)


def test_a_tiny_trained_model_tags_the_same_compiled_as_in_crfsuite(tmp_path):
    from kg.ner import NerTagger
    from kg.ner.train import train

    data = _tiny_corpora(tmp_path / "data")
    train(data, tmp_path / "model", ["pd98", "msra"], max_iterations=30, all_data=False, echo=lambda line: None)
    component = NerTagger(tmp_path / "model").component
    texts = ["王小明在杭州工作，李华访问上海市政府。", "张伟来到南京。", *ODD_TEXTS]
    assert component.predict(texts) == _crfsuite_entities(component, texts)


def test_the_model_reader_rejects_what_is_not_a_crfsuite_model(tmp_path):
    from kg.ner.compiled import ModelFormatError, read_crfsuite

    for name, data in [("empty", b""), ("text", "不是模型".encode() * 20),
                       ("header", b"lCRF" + bytes(60)), ("version", b"lCRF\0\0\0\0FOMC\x65" + bytes(60))]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ModelFormatError, match=name):
            read_crfsuite(path)


@needs_model
def test_the_model_reader_rejects_a_truncated_model(tmp_path):
    from kg.ner.compiled import ModelFormatError, read_crfsuite

    path = tmp_path / "cut.crfsuite"
    path.write_bytes((MODEL_DIR / "ner" / "model.crfsuite").read_bytes()[:5000])
    with pytest.raises(ModelFormatError, match="cut.crfsuite"):
        read_crfsuite(path)


@needs_model
@pytest.mark.skipif(not SEED.is_file(), reason=f"shared seed page not found at {SEED}")
def test_tagger_on_the_seed_page(tagger):
    lines = [l for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()]
    found = set()
    for line, spans in zip(lines, tagger.tag(lines)):
        found |= {(line[a:b], t) for a, b, t in spans}
    assert ("陈吉宁", "PER") in found
    assert ("上海", "LOC") in found


# --- kg ner -------------------------------------------------------------------------------------

def _run(args, input=None):
    from kg.cli import app

    return CliRunner().invoke(app, args, input=input)


@needs_model
def test_kg_ner_prints_one_json_array_per_line(tmp_path):
    lines = ["国务院总理李强在人民大会堂会见法国总统。", "", "１９９８年，上海市人民政府发布通知。"]
    path = tmp_path / "in.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run(["ner", str(path)])
    assert result.exit_code == 0, result.output
    out = result.output.splitlines()
    assert len(out) == len(lines)
    arrays = [json.loads(o) for o in out]
    assert arrays[1] == []
    for line, arr in zip(lines, arrays):
        for start, end, label in arr:
            assert label in {"PER", "ORG", "LOC"}
            assert 0 <= start < end <= len(line)
    assert ["李强", "PER"] in [[lines[0][s:e], t] for s, e, t in arrays[0]]


@needs_model
def test_kg_ner_stdin_types_and_table():
    text = "国务院总理李强在北京会见外宾。\n"
    only_per = _run(["ner", "-", "--types", "PER"], input=text)
    assert only_per.exit_code == 0, only_per.output
    assert {t for _, _, t in json.loads(only_per.output)} == {"PER"}
    table = _run(["ner", "-", "--format", "table"], input=text)
    assert table.exit_code == 0 and "李强" in table.output and "PER" in table.output


def test_kg_ner_missing_file_is_one_line_error(tmp_path):
    result = _run(["ner", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert "nope.txt: no such file" in result.output
    assert "Traceback" not in result.output


def test_kg_ner_rejects_unknown_format(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("北京\n", encoding="utf-8")
    result = _run(["ner", str(path), "--format", "xml"])
    assert result.exit_code != 0 and "unknown --format" in result.output


# --- training -----------------------------------------------------------------------------------

def _tiny_corpora(root: Path) -> Path:
    """People's Daily and MSRA files of a few sentences each, in their published formats."""
    pd = root / "people_daily_1998"
    pd.mkdir(parents=True)
    sentences = [("王小明在杭州工作。", [(0, 3, "PER"), (4, 6, "LOC")]),
                 ("李华访问上海市政府。", [(0, 2, "PER"), (4, 9, "ORG")]),
                 ("张伟来到南京。", [(0, 2, "PER"), (4, 6, "LOC")])] * 4
    blocks = []
    for text, spans in sentences:
        tags = ["O"] * len(text)
        for s, e, t in spans:
            tags[s:e] = ["B-" + t] + ["I-" + t] * (e - s - 1)
        blocks.append("\n".join(f"{c} {t}" for c, t in zip(text, tags)))
    (pd / "example.dev").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    msra = root / "msra"
    msra.mkdir()
    for part in ("val", "test"):
        (msra / f"{part}_sentences.txt").write_text("刘 洋 在 北 京\n", encoding="utf-8")
        (msra / f"{part}_tags.txt").write_text("B-PER I-PER O B-LOC I-LOC\n", encoding="utf-8")
    return root


def test_train_writes_a_spacy_pipeline_that_tags_and_records_its_splits(tmp_path):
    import spacy

    from kg.ner import NerTagger
    from kg.ner.train import train

    data = _tiny_corpora(tmp_path / "data")
    lines: list[str] = []
    report = train(data, tmp_path / "model", ["pd98", "msra"], max_iterations=30, all_data=False, echo=lines.append)
    assert report.n_train > 0 and report.iterations <= 30
    assert any(line.startswith("training data:") for line in lines)
    tagger = NerTagger(tmp_path / "model")
    assert set(tagger.labels) == {"PER", "LOC", "ORG"}
    assert tagger.meta["kg_training"]["splits"] == ["pd98-train", "msra-train"]
    assert tagger.nlp.meta["kg_training"] == tagger.meta["kg_training"]      # the spaCy pipeline, when asked for
    text = "王小明在杭州工作。"
    assert (0, 3, "PER") in tagger.tag_one(text)
    # the folder is an ordinary spaCy pipeline: loaded, it sets doc.ents
    doc = spacy.load(tmp_path / "model")(text)
    assert ("王小明", "PER") in [(e.text, e.label_) for e in doc.ents]


def test_training_is_deterministic_to_the_byte(tmp_path):
    from kg.ner.train import train

    data = _tiny_corpora(tmp_path / "data")
    for name in ("a", "b"):
        train(data, tmp_path / name, ["pd98", "msra"], max_iterations=20, all_data=False, echo=lambda line: None)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_train_ner_without_corpora_is_one_line_error(tmp_path):
    result = _run(["train-ner", "--data", str(tmp_path / "none")])
    assert result.exit_code != 0
    assert "no NER corpora" in result.output and "Traceback" not in result.output


def test_train_rejects_an_unknown_corpus(tmp_path):
    result = _run(["train-ner", "--data", str(_tiny_corpora(tmp_path / "data")), "--corpora", "wiki"])
    assert result.exit_code != 0 and "unknown corpus 'wiki'" in result.output


def test_train_ner_command_says_when_its_dev_score_is_not_held_out(tmp_path):
    data = _tiny_corpora(tmp_path / "data")
    result = _run(["train-ner", "--data", str(data), "-o", str(tmp_path / "m"), "--max-iterations", "5", "--all-data",
                   "--corpora", "pd98,msra"])
    assert result.exit_code == 0, result.output
    assert "model written to" in result.output and "not a held-out score" in result.output


# --- the entity stage's merge of model spans ----------------------------------------------------

def test_merge_policies_of_model_spans_and_rule_mentions(monkeypatch):
    from kg.nlp.pipeline import merge_model_spans
    from kg.types import ORGANIZATION, PERSON, PLACE, Mention

    text = "湖州市人民政府发布通知，卢山岚在纪念馆出席。"
    rules = [Mention("湖州市", PLACE, 0, 3)]
    model = [(0, 7, ORGANIZATION), (0, 3, PLACE), (12, 15, PERSON), (16, 19, PLACE)]

    def added(policy):
        return [(m.text, m.type) for m in merge_model_spans(text, rules, model, policy)[len(rules):]]

    assert added("rules-first") == [("卢山岚", PERSON)]                       # 纪念馆 is a common word
    assert added("containing") == [("湖州市人民政府", ORGANIZATION), ("卢山岚", PERSON)]
    assert added("off") == []
    monkeypatch.setenv("KG_NER_MERGE", "containing")
    assert added(None) == added("containing")
    with pytest.raises(ValueError, match="unknown merge policy"):
        added("model-first")
