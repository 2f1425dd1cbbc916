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

import re
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

from kg.ner.lexicon import MARK_STRINGS, MARKS
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
SUFFIX_ATTRIBUTES = tuple(f"suf{kind}{d}" for kind in "LO" for d in range(5))


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


def _word_keys(t: str, words: Bounds) -> tuple[list[str], list[str]]:
    """Two columns: the token holding each character (``w=``), and its place in it (``wp=``:
    B M E S) with the token's length (capped at 5). Characters outside every token (spaces
    that the tokenizer folds into the token before) are words of their own."""
    n = len(t)
    col_w = [" "] * n
    col_p = ["S1"] * n
    for start, end in words:
        size = end - start
        if size <= 0 or start < 0 or end > n:
            continue
        col_w[start:end] = [t[start:end]] * size
        if size > 1:
            k = str(min(size, 5))
            col_p[start:end] = ["B" + k, *["M" + k] * (size - 2), "E" + k]
    return col_w, col_p


BIAS = "b"                      # the attribute every character has


class _MarkAttributes(dict):
    """mask -> the ``m=`` attribute of each of its marks, in bit order (filled on first sight)."""

    def __missing__(self, mask: int) -> list[str]:
        value = self[mask] = ["m=" + m for k, m in enumerate(MARKS) if mask >> k & 1]
        return value


_MARK_ATTRIBUTES = _MarkAttributes()


@dataclass
class CharFeatures:
    """The features of one text, by kind, in the order a character's attributes are listed:
    the bias ``b``; each ``dense`` kind (an attribute prefix such as ``pc=`` and where its key
    comes from: the elements of one of the ``sequences`` at some offsets, joined - character
    ``i``'s ``pc=`` key is ``chars[i + 1] + chars[i + 2]``, ``chars`` being the text with two
    padding symbols on each side); the lexicon marks (``m=`` and each mark of a character's bit
    mask in ``masks``, in bit order); then the ``sparse`` groups (an attribute and the characters
    that have it). Every text of one featurizer has the same kinds in the same order.

    Both renderings read it: :meth:`rows` gives the attribute strings CRFsuite trains on, and
    :mod:`kg.ner.tagging` computes the same kinds, as numbers, for all the sentences of a text at
    once. The order matters to the tagger: it adds the weights of a character's attributes in
    this order, as CRFsuite does, so both compute the same scores to the last bit."""

    length: int
    sequences: dict[str, Sequence[str]]
    dense: Sequence[tuple[str, str, tuple[int, ...]]]      # (prefix, sequence, offsets)
    masks: list[int]
    sparse: list[tuple[str, list[int]]]

    def keys(self, sequence: str, offsets: tuple[int, ...]) -> list[str]:
        """The key of every character for a kind that reads ``sequence`` at ``offsets``."""
        n, seq = self.length, self.sequences[sequence]
        parts = [seq[o:o + n] for o in offsets]
        keys = parts[0]
        for part in parts[1:]:
            keys = map(str.__add__, keys, part)
        return list(keys)

    def rows(self) -> list[list[str]]:
        """One list of attribute strings per character."""
        if not self.length:
            return []
        cols = [list(map(prefix.__add__, self.keys(name, offsets))) for prefix, name, offsets in self.dense]
        rows = [[BIAS, *row] for row in zip(*cols)]
        for i, mask in enumerate(self.masks):
            if mask:
                rows[i] += _MARK_ATTRIBUTES[mask]
        for attribute, positions in self.sparse:
            for i in positions:
                rows[i].append(attribute)
        return rows


NO_FEATURES = CharFeatures(0, {}, (), [], [])
PAD_LEFT, PAD_RIGHT = ("<s2>", "<s>"), ("</s>", "</s2>")     # around the characters of a text
# the dense kinds: prefix, the sequence its key is read from, at which offsets from character i.
# Sequences of a text of n characters: chars (n + 4: padded), shapes ("P" + n shapes + "P"), marks
# ("^", n masks' strings, "$"), words and places (n).
_NGRAMS = (("c=", "chars", (2,)), ("p=", "chars", (1,)), ("n=", "chars", (3,)), ("pp=", "chars", (0,)),
           ("nn=", "chars", (4,)), ("pc=", "chars", (1, 2)), ("cn=", "chars", (2, 3)), ("pn=", "chars", (1, 3)))
_TRIGRAMS = (("ppc=", "chars", (0, 1, 2)), ("cnn=", "chars", (2, 3, 4)), ("pcn=", "chars", (1, 2, 3)))
_SHAPE = (("sh=", "shapes", (0, 1, 2)),)
_WORDS = (("w=", "words", (0,)), ("wp=", "places", (0,)))
_LEXICON = (("x=", "marks", (1,)), ("xp=", "marks", (0,)), ("xn=", "marks", (2,)))


def _finder(chars) -> re.Pattern | None:
    """A pattern matching any one of ``chars`` (None for none)."""
    chars = sorted(set(chars))
    return re.compile("[" + "".join(map(re.escape, chars)) + "]") if chars else None


class Featurizer:
    """Turns a text into its features: :meth:`features` by kind, or one list of attribute
    strings per character (calling the featurizer)."""

    def __init__(self, config: FeatureConfig):
        self.config = config
        self._surnames = _finder(config.surnames)
        self._surnames2 = frozenset(config.surnames2)
        self._surname2_first = _finder(w[0] for w in config.surnames2)
        self._suffix_kind = {w: "L" for w in config.place_suffixes}
        self._suffix_kind.update({w: "O" for w in config.org_suffixes})   # 会 of 委员会 before 会 of 都会
        self._suffix_last = _finder(w[-1] for w in self._suffix_kind)
        # the dense kinds every text's features have (prefix, sequence, offsets), in their order
        self.dense = (_NGRAMS + (_TRIGRAMS if config.trigrams else ()) + (_SHAPE if config.shape else ())
                      + (_WORDS if config.words else ()) + (_LEXICON if config.lexicon else ()))

    def _suffix_groups(self, t: str) -> list[tuple[str, list[int]]]:
        """``sufO2`` for a character when the nearest organisation or place suffix at or after it
        ends two characters ahead (``sufL4``: four to nine ahead); one per character at most."""
        kinds = self._suffix_kind
        groups = {a: [] for a in SUFFIX_ATTRIBUTES}
        by_distance = {kind: [groups[f"suf{kind}{min(d, 4)}"] for d in range(SUFFIX_REACH + 1)] for kind in "LO"}
        done = -1                           # characters up to here have their nearest end
        for m in self._suffix_last.finditer(t):
            j = m.start()
            for size in range(MAX_SUFFIX if j + 1 > MAX_SUFFIX else j + 1, 0, -1):
                kind = kinds.get(t[j + 1 - size:j + 1])
                if kind is not None:
                    lists = by_distance[kind]
                    for i in range(max(done + 1, j - SUFFIX_REACH), j + 1):
                        lists[j - i].append(i)
                    done = j
                    break
        return list(groups.items())

    def features(self, text: str, words: Bounds = ()) -> CharFeatures:
        """The features of ``text`` by kind; ``words`` are its tokens, as the pipeline's tokenizer
        made them (:func:`kg.ner.tokens.segment`), read when the config has ``words``."""
        cfg = self.config
        t = normalize(text)
        n = len(t)
        if n == 0:
            return NO_FEATURES
        seqs: dict[str, Sequence[str]] = {"chars": [*PAD_LEFT, *t, *PAD_RIGHT]}
        shapes = t.translate(_SHAPES)
        if cfg.shape:
            seqs["shapes"] = "P" + shapes + "P"
        if cfg.words:
            seqs["words"], seqs["places"] = _word_keys(t, words)
        masks: list[int] = []
        if cfg.lexicon:
            from kg.ner.lexicon import jieba_lexicon

            masks = jieba_lexicon().masks(t)
            seqs["marks"] = ["^", *map(MARK_STRINGS.__getitem__, masks), "$"]
        sparse = self._suffix_groups(t) if self._suffix_kind else []
        sparse.append(("dig", [m.start() for m in _DIGIT.finditer(shapes)]))
        sur = [m.start() for m in self._surnames.finditer(t)] if self._surnames else []
        # a character's surname marks in the order the characters come: ppsur, psur, sur
        sparse += [("ppsur", [i + 2 for i in sur if i + 2 < n]), ("psur", [i + 1 for i in sur if i + 1 < n]),
                   ("sur", sur)]
        sur2 = self._surnames2
        sparse.append(("sur2", [i for i in (m.start() for m in self._surname2_first.finditer(t, 0, n - 1))
                                if t[i:i + 2] in sur2] if sur2 else []))
        return CharFeatures(n, seqs, self.dense, masks, sparse)

    def __call__(self, text: str, words: Bounds = ()) -> list[list[str]]:
        """The attribute strings of each character of ``text`` (what CRFsuite reads)."""
        return self.features(text, words).rows()


_DIGIT = re.compile("D")             # a digit in a text's shapes (str.isdigit, as the shape reads it)


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
