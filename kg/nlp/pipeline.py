"""The spaCy pipeline: Chinese tokens from jieba (with the project's user dictionary), sentence
boundaries that respect quotes and brackets, and entity mentions from rules and the statistical
model.

    nlp = get_nlp()              # loaded once per process
    doc = analyze(article)       # spaCy Doc; doc._.article, doc._.sentences, doc._.mentions

Mentions may overlap (前海合作区党工委副书记 holds the zone 前海合作区), so the full set is kept in
``doc._.mentions`` (char offsets into the article text) and in the span group
``doc.spans["mentions"]``; ``doc.ents`` holds the longest non-overlapping ones for display.
"""
from __future__ import annotations

import logging
import os
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import add

import numpy

from kg.nlp.spacy_import import import_spacy

spacy = import_spacy()             # without its command line (kg/nlp/spacy_import.py)
from spacy.attrs import IDX, SENT_START  # noqa: E402
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.nlp.coref import aliases, repeat_names, short_names
from kg.nlp.entities import common_word, is_named, recognizer
from kg.nlp.lexicon import alternation, lexicon
from kg.nlp.mention_index import MentionIndex
from kg.nlp.sentences import split_sentences
from kg.nlp.tokenizer import doc_tokens
from kg.types import ORGANIZATION, PERSON, PLACE, SITE, Article, Mention

log = logging.getLogger(__name__)

for _name in ("article", "sentences", "mentions", "aliases"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

MODEL_TYPES = {"PER": PERSON, "ORG": ORGANIZATION, "LOC": PLACE, "GPE": PLACE}
# last characters of places and natural sites (a place the model finds must end like one)
PLACE_END_CHARS = set("省市县区镇乡村州国岛山河湖江海港湾峡谷川峰岭洲滩州盟旗屯寨庄沟坝关道路街巷府城")


def doc_text(doc: Doc) -> str:
    """The text of the doc: its article's, once analyze() has set it (spaCy rebuilds ``doc.text``
    from the tokens on every access)."""
    article = doc._.article
    return article.text if article is not None else doc.text


@Language.component("kg_sentences")
def kg_sentences(doc: Doc) -> Doc:
    """Sentence starts from kg.nlp.sentences (quotes and brackets respected)."""
    sentences = split_sentences(doc_text(doc))
    doc._.sentences = sentences
    if len(doc):
        # one array write: setting token.is_sent_start one by one re-checks the whole doc each time
        idx = doc.to_array([IDX])
        flags = numpy.where(numpy.isin(idx, [s.start for s in sentences]), 1, -1).astype("int64")
        flags[0] = 1
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
    return doc


@Language.factory("kg_mentions", default_config={"use_model": True})
def make_kg_mentions(nlp: Language, name: str, use_model: bool):
    return MentionComponent(use_model)


class MentionComponent:
    """Rule-based mentions per sentence, the statistical model's spans where rules say nothing,
    and every later occurrence of a person's name once the name is known."""

    def __init__(self, use_model: bool = True):
        self.use_model = use_model
        self.rules = recognizer()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sentences = doc._.sentences or split_sentences(text)
        words, starts = doc_tokens(doc)
        ends = list(map(add, starts, map(len, words)))
        model_spans = model_entities(text, sentences, list(zip(words, starts, ends))) if self.use_model else []
        people = {s: e for s, e, kind in model_spans if kind == PERSON}
        people_starts = sorted(people)
        mentions: list[Mention] = []
        ti = 0
        for sent in sentences:   # the sentence's tokens and the model's persons, by bisection
            ti = bisect_left(starts, sent.start, ti)
            tj = bisect_right(ends, sent.end, ti)
            off = sent.start
            sent_tokens = [(w, s - off, e - off) for w, s, e in zip(words[ti:tj], starts[ti:tj], ends[ti:tj])]
            hints = {s - off: people[s] - off for s in
                     people_starts[bisect_left(people_starts, sent.start):bisect_left(people_starts, sent.end)]}
            for m in self.rules.find(sent.text, sent_tokens, hints):
                mentions.append(Mention(m.text, m.type, m.start + sent.start, m.end + sent.start))
        mentions = merge_model_spans(text, mentions, model_spans)
        mentions = list_mates(text, mentions)
        declared = aliases(text, mentions)
        declared += [pair for pair in short_names(text, mentions) if all(pair[1].text != a.text for _, a in declared)]
        mentions = repeat_names(text, mentions + [alias for _, alias in declared], declared)
        mentions = sorted(set(mentions), key=lambda m: (m.start, -m.end, m.type))
        doc._.aliases = declared
        doc._.mentions = mentions
        # a mention is a span where it starts and ends at token boundaries (Doc.char_span's strict
        # alignment), found by look-up instead of a search per mention
        first = dict(zip(starts, range(len(starts))))
        after = dict(zip(ends, range(1, len(ends) + 1)))
        doc.spans["mentions"] = [Span(doc, first[m.start], after[m.end], label=m.type) for m in mentions
                                 if m.start in first and m.end in after]
        doc.ents = spacy.util.filter_spans(doc.spans["mentions"])
        return doc


def model_entities(text: str, sentences, tokens=None) -> list[tuple[int, int, str]]:
    """The statistical model's entities of the text as (start, end, type) with the project's types,
    tagged sentence by sentence (the unit it was trained on). ``tokens`` (word, start, end) are the
    Doc's: the model reads them rather than segmenting the text a second time."""
    from kg.ner import get_tagger  # the statistical model of kg/ner, loaded once per process

    tagger = get_tagger()
    if tagger is None or not sentences:
        return []
    bounds = [(s, e) for _, s, e in tokens] if tokens is not None else None
    out = []
    for start, end, label in tagger.tag_sentences(text, [(s.start, s.end) for s in sentences], bounds):
        kind = MODEL_TYPES.get(label)
        if kind is not None and end - start >= 2:
            out.append((start, end, kind))
    return out


MERGE_POLICIES = ("rules-first", "containing", "off")


def merge_model_spans(text: str, mentions: list[Mention], spans: list[tuple[int, int, str]],
                      policy: str | None = None) -> list[Mention]:
    """Merge the model's spans into the rule mentions, by ``policy`` (default: the environment's
    ``KG_NER_MERGE``, else ``rules-first``; benchmarks/extraction_eval.py measures each):

    * ``rules-first`` - a model span is added when no rule mention overlaps it: where both speak,
      the rules win (their spans follow the annotation guidelines: a title chain, a full organ);
    * ``containing`` - as rules-first, and a model span that wholly contains every rule mention
      it overlaps is added beside them (湖州市人民政府 around the rules' 湖州市): mentions may nest;
    * ``off`` - no model span is added (the model's persons still guide where a name after a
      title ends, in the rules).

    Under every policy a model span must look like what it claims: a person's name ends where any
    name ends (李华还来到: 李华), a place is one of the gazetteer or ends like a place, an
    organisation is named (外贸公司 is a kind, not a name), and no span is a common word of the
    dictionary (纪念馆, 市场: a back-reference or a thing, not a name)."""
    from kg.nlp.names import name_at, transliteration_at

    policy = policy or os.environ.get("KG_NER_MERGE") or "rules-first"
    if policy not in MERGE_POLICIES:
        raise ValueError(f"unknown merge policy {policy!r}: use one of {', '.join(MERGE_POLICIES)}")
    if policy == "off":
        return list(mentions)
    taken = MentionIndex(mentions)
    out = list(mentions)
    lx = lexicon()
    for start, end, kind in spans:
        if kind == PERSON and end - start == 2 and _surname_left_out(text, start, lx):
            start -= 1   # ，丁|立新出席: a surname the segmenter left as a word of its own opens the name
        if kind == PERSON:   # where the name ends is read as for any name (李华还来到: 李华)
            span = name_at(text, start, end) or (transliteration_at(text, start) if end - start >= 3 else None)
            if span is None or span[1] > end:
                continue
            end = span[1]
        if common_word(text[start:end]):
            continue
        overlapping = [(m.start, m.end) for m in taken.overlapping(start, end)]
        if overlapping and (policy == "rules-first" or (start, end) in overlapping
                            or not all(start <= s and e <= end for s, e in overlapping)):
            continue
        if kind == PLACE and not _place_like(text[start:end]):
            continue   # 南北宽, 遗址东距: what the model calls a place without a place's look
        if kind == PLACE and _site_like(text[start:end]):
            kind = SITE   # 天府国际机场: a facility the model calls a location
        if kind == ORGANIZATION and not is_named(text[start:end], recognizer()):
            continue   # 外贸公司: a kind of organisation, not a name
        out.append(Mention(text[start:end], kind, start, end))
    return out


def _surname_left_out(text: str, start: int, lx) -> bool:
    """True when the character before a person's name of two characters is a surname (not one that
    is also a common word: 和, 于, 向…) that opens its clause: the model's name lacks its surname."""
    return start >= 1 and text[start - 1] in lx.surnames and text[start - 1] not in lx.weak_surnames \
        and (start == 1 or not ("\u4e00" <= text[start - 2] <= "\u9fff" or text[start - 2].isalnum()))


def _place_like(name: str) -> bool:
    """A place the model found: one of the gazetteer or the countries, or a name that ends like a
    place or a site (永定河, 黄海, 某某村)."""
    lx = lexicon()
    if name in lx.places:
        return True
    if len(name) >= 3 and sum(c in lx.transliteration_chars for c in name) * 3 >= len(name) * 2:
        return True   # 惠灵顿, 萨尔茨堡: a foreign city
    return name[-1] in PLACE_END_CHARS or name.endswith(tuple(lx.site_suffixes))


def _site_like(name: str) -> bool:
    """A name outside the gazetteer that ends in a site's head of two characters or more (机场,
    博物馆, 产业园) or in a settlement's (某某村, 某某社区): a site, whatever the model calls it."""
    return name not in lexicon().places and any(name.endswith(h) and len(name) > len(h) for h in _site_heads())


@lru_cache(maxsize=1)
def _site_heads() -> tuple[str, ...]:
    lx = lexicon()
    return tuple(h for h in lx.site_suffixes if len(h) >= 2) + tuple(lx.frames["locatedIn"]["settlements"])


# jieba tags of list items that are no names (verbs, adverbs, adjectives, numbers, common nouns…);
# proper-noun tags stay (文华 nz, 郑东 unknown: names listed after a person)
NOT_NAME_TAG_HEADS = set("vdpcuamqrtfn") - {"n"}
# what follows a name listed with a person: another item, the list's end, or who they are there as
# (the meeting frame's 出席, 参加, 列席; 陪同, 一同)
LIST_MATE_FOLLOW = ("、", "等", "和", "及", "，", "。", "陪同", "一同")


@lru_cache(maxsize=1)
def _list_mate_re() -> re.Pattern:
    follow = LIST_MATE_FOLLOW + tuple(lexicon().frames["meeting"]["attend"])
    return re.compile(f"、([\u4e00-\u9fff]{{2,3}}?)(?={alternation(follow)})")


def list_mates(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name listed with a person is a person: 某某、某某陪同 (untitled names the rules miss)."""
    from kg.nlp.entities import _tag
    from kg.nlp.lexicon import lexicon

    surnames = lexicon().surnames
    people = sorted((m for m in mentions if m.type == PERSON), key=lambda m: m.start)
    taken = {(m.start, m.end) for m in mentions}
    out = list(mentions)
    frontier = list(people)
    while frontier:
        person = frontier.pop()
        m = _list_mate_re().match(text, person.end)
        if m is None or (m.start(1), m.end(1)) in taken:
            continue
        name = m.group(1)
        if name[0] not in surnames or (_tag(name) or "nr")[:1] in NOT_NAME_TAG_HEADS:
            continue  # a word of the dictionary (、市场, 、稳企业), not a name
        mate = Mention(name, PERSON, m.start(1), m.end(1))
        taken.add((mate.start, mate.end))
        out.append(mate)
        frontier.append(mate)
    return out


@lru_cache(maxsize=4)
def get_nlp(use_model: bool = True, components: bool = True) -> Language:
    """The project's spaCy pipeline (cached per process); ``components=False``: its tokenizer
    alone, without the sentence and mention components (what `kg ner` and training need).

    Its tokenizer (jieba's segmentation, HMM on, with the project's titles, organs and meeting
    words added; computed by jieba, then rjieba: kg/nlp/dictionary.py) is the one segmentation of a text:
    the NER model reads these tokens too (kg/ner/tokens.py), and was trained on them.
    ``nlp.meta["segmentation"]`` identifies the configuration, so that a model trained on another
    one is noticed (a change of these words calls for `kg train-ner`)."""
    import hashlib

    import jieba

    from kg.nlp.dictionary import configure_project, project_words
    from kg.nlp.tokenizer import Tokenizer

    words = project_words()
    configure_project()                   # once per process, from a cache (kg/nlp/dictionary.py)
    nlp = spacy.blank("zh")               # character segmentation, replaced by jieba's words:
    nlp.tokenizer = Tokenizer(nlp.vocab)  # kg/nlp/tokenizer.py (jieba's segmentation)
    digest = hashlib.sha256("\n".join(sorted(set(words))).encode("utf-8")).hexdigest()[:16]
    nlp.meta["segmentation"] = {"tokenizer": f"jieba {jieba.__version__}, HMM", "user_words": len(set(words)),
                                "user_words_sha256": digest}
    if components:
        nlp.add_pipe("kg_sentences")
        nlp.add_pipe("kg_mentions", config={"use_model": use_model})
    return nlp


def analyze(article: Article, use_model: bool = True) -> Doc:
    nlp = get_nlp(use_model)
    doc = nlp.make_doc(article.text)
    doc._.article = article  # before the components run: they read the text from it
    return nlp(doc)
