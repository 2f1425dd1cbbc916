"""Per-character features of the CRF NER model, and the BIO tags it predicts.

Chinese NER works on characters (entity boundaries need not fall on word boundaries: see
``benchmarks/ner_eval.py --jieba-alignment``), so the model labels every character with a BIO
tag. Each character is described by strings that the CRF weighs:

* the characters in a window of two on each side, and the bigrams and trigrams around it;
* a shape pattern of the three characters centred on it (Han, digit, Latin, other);
* the word jieba's dictionary segmentation puts it in, and its place in that word (B, M, E, S)
  with the word's length - word context a window of characters cannot see;
* the soft-lexicon marks of :mod:`kg.ner.lexicon` (the kinds of dictionary words - person, place,
  organisation, other proper noun, common word - that cover it, and where it sits in them);
* whether it, or one of the two before it, is a common surname;
* how far ahead (0 to 4 characters, or further within 9) the nearest word ending of an
  organisation (公司, 委员会, 局) or of a place (省, 自治区, 村) ends - the head that closes a name
  which a window of two characters cannot reach.

The surname and suffix lists are saved with the model, so later edits of the project's lexicon
never change a trained model's input.

The feature set is a :class:`FeatureConfig`, saved next to the model, so a model is always read
with the features it was trained with. Text is folded by :func:`kg.ner.text.normalize` first
(full-width digits and Latin letters as half-width), which keeps offsets.
"""
from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

from kg.ner.text import normalize

Span = tuple[int, int, str]
OUTSIDE = "O"


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature groups the model uses; saved as ``features.json`` in the model folder."""

    trigrams: bool = True
    shape: bool = True
    words: bool = True          # jieba segmentation (dictionary only, no HMM)
    lexicon: bool = True        # soft-lexicon marks from jieba's part-of-speech dictionary
    surnames: tuple[str, ...] = field(default_factory=tuple)   # single-character surnames
    surnames2: tuple[str, ...] = field(default_factory=tuple)  # compound surnames (欧阳)
    org_suffixes: tuple[str, ...] = field(default_factory=tuple)
    place_suffixes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in _WORD_LISTS:
            data[key] = " ".join(getattr(self, key))
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "FeatureConfig":
        data = dict(data)
        for key in _WORD_LISTS:
            data[key] = tuple(data.get(key, "").split())
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown NER feature settings: {', '.join(sorted(unknown))}")
        return cls(**data)

    @classmethod
    def default(cls) -> "FeatureConfig":
        """The settings of the shipped model, surnames from kg/resources/lexicon/surnames.txt."""
        from kg.nlp.lexicon import lexicon

        lx = lexicon()
        return cls(surnames=tuple(sorted(n for n in lx.surnames if len(n) == 1)),
                   surnames2=tuple(sorted(n for n in lx.surnames if len(n) == 2)),
                   org_suffixes=_suffixes(lx.org_suffixes, ORG_HEADS),
                   place_suffixes=_suffixes(lx.place_suffixes, PLACE_HEADS))


_WORD_LISTS = ("surnames", "surnames2", "org_suffixes", "place_suffixes")
# one-character heads of organisation and place names, besides the lexicon's longer suffixes
ORG_HEADS = "部局厅委院会社团队厂所台报处办署行党"
PLACE_HEADS = "省市县区镇乡村州国岛山河湖江"
MAX_SUFFIX = 4
SUFFIX_REACH = 9


def _suffixes(words: Sequence[str], heads: str) -> tuple[str, ...]:
    return tuple(sorted({w for w in words if len(w) <= MAX_SUFFIX} | set(heads)))


def _shape(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "A"
    return "P"


_local = threading.local()


def _segmenter():
    """A jieba tokenizer of its own, with jieba's dictionary only: the pipeline adds the project's
    words to jieba's global tokenizer, and the model must see the segmentation it was trained on."""
    seg = getattr(_local, "jieba", None)
    if seg is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        seg = _local.jieba = jieba.Tokenizer()
    return seg


def _word_features(text: str) -> list[list[str]]:
    """Two columns: ``w=`` the jieba word holding each character, and ``wp=`` its place in it
    (B M E S) with the word's length (capped at 5)."""
    words: list[str] = []
    places: list[str] = []
    for word in _segmenter().cut(text, HMM=False):
        n = len(word)
        words += ["w=" + word] * n
        if n == 1:
            places.append("wp=S1")
            continue
        size = str(min(n, 5))
        places += ["wp=B" + size, *["wp=M" + size] * (n - 2), "wp=E" + size]
    return [words, places]


class Featurizer:
    """Turns a text into one list of feature strings per character."""

    def __init__(self, config: FeatureConfig):
        self.config = config
        self._surnames = frozenset(config.surnames)
        self._surnames2 = frozenset(config.surnames2)
        self._suffix_kind = {w: "L" for w in config.place_suffixes}
        self._suffix_kind.update({w: "O" for w in config.org_suffixes})   # 会 of 委员会 before 会 of 都会

    def _suffix_features(self, t: str) -> list[str | None]:
        """Per character: ``sufO2`` - an organisation suffix ends two characters ahead, etc."""
        kinds = self._suffix_kind
        n = len(t)
        ends: list[str | None] = [None] * n
        for j in range(n):
            for size in range(MAX_SUFFIX, 0, -1):
                if j + 1 >= size:
                    kind = kinds.get(t[j + 1 - size:j + 1])
                    if kind is not None:
                        ends[j] = kind
                        break
        out: list[str | None] = [None] * n
        nearest = None                      # index of the nearest suffix end at or after i
        for i in range(n - 1, -1, -1):
            if ends[i] is not None:
                nearest = i
            if nearest is not None and nearest - i <= SUFFIX_REACH:
                out[i] = f"suf{ends[nearest]}{min(nearest - i, 4)}"
        return out

    def __call__(self, text: str) -> list[list[str]]:
        """Built column by column (one feature kind for all characters at a time), then the
        sparse features; the CRF reads a character's features as a set, so order is free."""
        cfg = self.config
        t = normalize(text)
        n = len(t)
        if n == 0:
            return []
        pad = ["<s2>", "<s>", *t, "</s>", "</s2>"]
        pp, p, c, nx, nn = pad[:n], pad[1:n + 1], pad[2:n + 2], pad[3:n + 3], pad[4:]
        cols = [["c=" + x for x in c], ["p=" + x for x in p], ["n=" + x for x in nx],
                ["pp=" + x for x in pp], ["nn=" + x for x in nn],
                ["pc=" + a + b for a, b in zip(p, c)], ["cn=" + a + b for a, b in zip(c, nx)],
                ["pn=" + a + b for a, b in zip(p, nx)]]
        if cfg.trigrams:
            cols += [["ppc=" + a + b + d for a, b, d in zip(pp, p, c)],
                     ["cnn=" + a + b + d for a, b, d in zip(c, nx, nn)],
                     ["pcn=" + a + b + d for a, b, d in zip(p, c, nx)]]
        if cfg.shape:
            sh = [_shape(x) for x in pad]
            cols.append(["sh=" + a + b + d for a, b, d in zip(sh[1:], sh[2:], sh[3:n + 3])])
        if cfg.words:
            cols += _word_features(t)
        marks: list[str] = []
        if cfg.lexicon:
            from kg.ner.lexicon import jieba_lexicon

            marks = jieba_lexicon().features(t)
            cols += [["x=" + m for m in marks], ["xp=" + m for m in ["^", *marks[:-1]]],
                     ["xn=" + m for m in [*marks[1:], "$"]]]
        rows = [["b", *row] for row in zip(*cols)]
        for i, m in enumerate(marks):
            if m:
                rows[i] += ["m=" + part for part in m.split("|")]
        if self._suffix_kind:
            for i, feature in enumerate(self._suffix_features(t)):
                if feature is not None:
                    rows[i].append(feature)
        sur, sur2 = self._surnames, self._surnames2
        for i, x in enumerate(c):
            if x.isdigit():
                rows[i].append("dig")
            if x in sur:
                rows[i].append("sur")
                if i + 1 < n:
                    rows[i + 1].append("psur")
                if i + 2 < n:
                    rows[i + 2].append("ppsur")
            if i + 1 < n and x + t[i + 1] in sur2:
                rows[i].append("sur2")
        return rows


def spans_to_tags(length: int, spans: Iterable[Span]) -> list[str]:
    """BIO tags of a text of ``length`` characters with entity ``spans`` (end exclusive)."""
    tags = [OUTSIDE] * length
    for start, end, label in spans:
        tags[start] = "B-" + label
        for k in range(start + 1, end):
            tags[k] = "I-" + label
    return tags


def tags_to_spans(tags: Sequence[str]) -> list[Span]:
    """Entity spans of a BIO tag sequence; an I- tag that does not continue an entity of its type
    starts one (as conlleval reads it)."""
    spans: list[Span] = []
    start, label = None, None
    for i, tag in enumerate([*tags, OUTSIDE]):
        inside = tag.startswith("I-") and tag[2:] == label
        if start is not None and not inside:
            spans.append((start, i, label))
            start, label = None, None
        if tag != OUTSIDE and not inside:
            start, label = i, tag[2:]
    return spans
