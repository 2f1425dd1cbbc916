"""Per-character features of the CRF NER model, and the BIO tags it predicts.

Chinese NER works on characters (entity boundaries need not fall on word boundaries: see
``benchmarks/ner_eval.py --jieba-alignment``), so the model labels every character with a BIO
tag. Each character is described by strings that the CRF weighs:

* the characters in a window of two on each side, and the bigrams and trigrams around it;
* a shape pattern of the three characters centred on it (Han, digit, Latin, other);
* the token of the pipeline's tokenizer that holds it (jieba with the project's words: the
  caller's Doc tokens, or :func:`kg.ner.tokens.segment`), and its place in that token (B, M, E,
  S) with the token's length - word context a window of characters cannot see;
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
    words: bool = True          # the pipeline's tokens (kg.ner.tokens)
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


class _ShapeTable(dict):
    """``str.translate`` table: Han -> H, digit -> D, Latin letter -> A, anything else -> P."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            shape = "H"
        elif ch.isdigit():
            shape = "D"
        elif ch.isascii() and ch.isalpha():
            shape = "A"
        else:
            shape = "P"
        self[code] = shape
        return shape


_SHAPES = _ShapeTable()


Bounds = Sequence[tuple[int, int]]     # a text's tokens as (start, end) character offsets


def _word_features(t: str, words: Bounds) -> list[list[str]]:
    """Two columns: ``w=`` the token holding each character, and ``wp=`` its place in it
    (B M E S) with the token's length (capped at 5). Characters outside every token (spaces
    that the tokenizer folds into the token before) are words of their own."""
    n = len(t)
    col_w = ["w= "] * n
    col_p = ["wp=S1"] * n
    for start, end in words:
        size = end - start
        if size <= 0 or start < 0 or end > n:
            continue
        col_w[start:end] = ["w=" + t[start:end]] * size
        if size > 1:
            k = str(min(size, 5))
            col_p[start:end] = ["wp=B" + k, *["wp=M" + k] * (size - 2), "wp=E" + k]
    return [col_w, col_p]


class Featurizer:
    """Turns a text into one list of feature strings per character."""

    def __init__(self, config: FeatureConfig):
        self.config = config
        self._surnames = frozenset(config.surnames)
        self._surnames2 = frozenset(config.surnames2)
        self._surname2_first = frozenset(w[0] for w in config.surnames2)
        self._suffix_kind = {w: "L" for w in config.place_suffixes}
        self._suffix_kind.update({w: "O" for w in config.org_suffixes})   # 会 of 委员会 before 会 of 都会
        self._suffix_last = frozenset(w[-1] for w in self._suffix_kind)
        self._suffix_names = {kind: [f"suf{kind}{min(d, 4)}" for d in range(SUFFIX_REACH + 1)] for kind in "LO"}

    def _suffix_features(self, t: str, rows: list[list[str]]) -> None:
        """Adds ``sufO2`` to a character when the nearest organisation or place suffix at or after
        it ends two characters ahead (``sufL4``: four to nine ahead)."""
        kinds, last = self._suffix_kind, self._suffix_last
        done = -1                           # characters up to here have their nearest end
        for j, ch in enumerate(t):
            if ch not in last:
                continue
            for size in range(min(MAX_SUFFIX, j + 1), 0, -1):
                kind = kinds.get(t[j + 1 - size:j + 1])
                if kind is not None:
                    names = self._suffix_names[kind]
                    for i in range(max(done + 1, j - SUFFIX_REACH), j + 1):
                        rows[i].append(names[j - i])
                    done = j
                    break

    def __call__(self, text: str, words: Bounds = ()) -> list[list[str]]:
        """Features of each character of ``text``; ``words`` are its tokens, as the pipeline's
        tokenizer made them (:func:`kg.ner.tokens.segment`), used when the config has ``words``.

        Built column by column (one feature kind for all characters at a time), then the
        sparse features; the CRF reads a character's features as a set, so order is free."""
        cfg = self.config
        t = normalize(text)
        n = len(t)
        if n == 0:
            return []
        pad = ["<s2>", "<s>", *t, "</s>", "</s2>"]
        pp, p, c, nx, nn = pad[:n], pad[1:n + 1], pad[2:n + 2], pad[3:n + 3], pad[4:]
        bi = list(map(str.__add__, pad[:-1], pad[1:]))      # bi[k]: pad[k] + pad[k + 1]
        cols = [list(map("c=".__add__, c)), list(map("p=".__add__, p)), list(map("n=".__add__, nx)),
                list(map("pp=".__add__, pp)), list(map("nn=".__add__, nn)),
                list(map("pc=".__add__, bi[1:n + 1])), list(map("cn=".__add__, bi[2:n + 2])),
                list(map("pn=".__add__, map(str.__add__, p, nx)))]
        if cfg.trigrams:
            tri = list(map(str.__add__, bi[:-1], pad[2:]))  # tri[k]: pad[k] + pad[k + 1] + pad[k + 2]
            cols += [list(map("ppc=".__add__, tri[:n])), list(map("cnn=".__add__, tri[2:n + 2])),
                     list(map("pcn=".__add__, tri[1:n + 1]))]
        if cfg.shape:
            sh = "P" + t.translate(_SHAPES) + "P"
            cols.append(["sh=" + sh[i:i + 3] for i in range(n)])
        if cfg.words:
            cols += _word_features(t, words)
        marks: list[str] = []
        if cfg.lexicon:
            from kg.ner.lexicon import jieba_lexicon

            marks = jieba_lexicon().features(t)
            cols += [list(map("x=".__add__, marks)), list(map("xp=".__add__, ["^", *marks[:-1]])),
                     list(map("xn=".__add__, [*marks[1:], "$"]))]
        rows = [["b", *row] for row in zip(*cols)]
        for i, m in enumerate(marks):
            if m:
                rows[i] += ["m=" + part for part in m.split("|")]
        if self._suffix_kind:
            self._suffix_features(t, rows)
        sur, sur2, first2 = self._surnames, self._surnames2, self._surname2_first
        for i in [i for i, x in enumerate(t) if x.isdigit()]:
            rows[i].append("dig")
        for i in [i for i, x in enumerate(t) if x in sur]:
            rows[i].append("sur")
            if i + 1 < n:
                rows[i + 1].append("psur")
            if i + 2 < n:
                rows[i + 2].append("ppsur")
        for i in [i for i, x in enumerate(t[:-1]) if x in first2]:
            if t[i:i + 2] in sur2:
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
