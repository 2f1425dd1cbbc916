"""Tagging every sentence of a text in one pass, with the features as columns of numbers.

:class:`kg.ner.features.CharFeatures` describes one sentence with strings (what CRFsuite trains
on), and scoring it meant turning each character's elements into numbers one by one. Here the
sentences of a text (an article's, or a batch of texts side by side) are read together: the
characters become model ids through one lookup table over code points, a token's word is looked
up once per token, the lexicon marks come from :meth:`kg.ner.lexicon.Lexicon.masks_within`, and
each feature kind is a column of numbers in which a sentence's edges read as its padding symbols
(``<s>``, ``P``, ``^`` ...). Nothing reaches over a sentence's edge: every sentence gets the
features it would get alone, so the tags are those of tagging it alone (and those of CRFsuite:
tests/test_ner.py checks both on real sentences).

The weights are added in the order of :class:`~kg.ner.features.CharFeatures` (the bias, the
dense kinds, the lexicon marks in bit order, the sparse groups), the order in which CRFsuite adds
a character's attributes, so the scores are CRFsuite's to the last bit.
"""
from __future__ import annotations

from itertools import chain, repeat

import numpy

from kg.ner.codes import KEY_CHARS, UNICODE, CodeTable, KeyTable, code_points, keys_at, text_of
from kg.ner.compiled import CompiledCrf, viterbi
from kg.ner.features import (BIAS, MAX_SUFFIX, PAD_LEFT, PAD_RIGHT, SUFFIX_ATTRIBUTES, SUFFIX_REACH, Bounds,
                             Featurizer, Span, _SHAPES)
from kg.ner.lexicon import MARK_STRINGS
from kg.ner.text import _FOLD as _FOLD_TABLE

CHUNK = 20_000          # characters scored at once at most (a long text: its sentences in pieces)
_SUFFIX_GROUP = {"L": 0, "O": 5}       # a suffix's first group in SUFFIX_ATTRIBUTES (sufL0, sufO0)
_PADS = {"chars": (PAD_LEFT, PAD_RIGHT), "shapes": (("P",), ("P",)), "marks": (("^",), ("$",)),
         "words": ((), ()), "places": ((), ())}


class TextTagger:
    """A featurizer and the model compiled for it, tagging texts sentence by sentence."""

    def __init__(self, featurizer: Featurizer, compiled: CompiledCrf):
        if tuple(featurizer.dense) != compiled.dense:
            raise ValueError("this model was not compiled for this featurizer's features")
        self.featurizer, self.compiled = featurizer, compiled
        ids = compiled.ids
        self._ids = ids
        self._char_ids = numpy.zeros(UNICODE, dtype=numpy.int32)     # code point -> chars id
        for element, k in ids.get("chars", {}).items():
            if len(element) == 1:
                self._char_ids[ord(element)] = k
        self._shape_ids = numpy.zeros(128, dtype=numpy.int64)
        for element, k in ids.get("shapes", {}).items():
            if len(element) == 1 and ord(element) < 128:
                self._shape_ids[ord(element)] = k
        places = ids.get("places", {})
        self._space_word = ids.get("words", {}).get(" ", 0)
        self._single = places.get("S1", 0)
        # a character's place in a token of ``size`` characters (capped at 5): [B, M, E][size]
        self._places = numpy.array([[places.get(f"{p}{min(size, 5)}", 0) if size > 1 else self._single
                                     for size in range(6)] for p in "BME"], dtype=numpy.int64)
        self._pads = {name: (numpy.array([ids[name].get(e, 0) for e in left], dtype=numpy.int64),
                             numpy.array([ids[name].get(e, 0) for e in right], dtype=numpy.int64))
                      for name, (left, right) in _PADS.items() if name in ids}
        cfg = featurizer.config
        self._surnames = numpy.zeros(UNICODE, dtype=bool)                # code point -> a surname?
        self._surnames[[ord(c) for c in cfg.surnames]] = True
        # the model's words of one to three characters, and the suffixes of each length (the longest
        # by the key of their start), as sorted tables of numbers
        self._word_keys = KeyTable.of_words(ids.get("words", {}), range(1, KEY_CHARS + 1))
        groups = {word: _SUFFIX_GROUP[kind] for word, kind in featurizer._suffix_kind.items()}
        self._suffix_keys = KeyTable.of_words(groups, range(1, MAX_SUFFIX + 1))
        self._surnames2 = KeyTable.of_words(dict.fromkeys(cfg.surnames2, 1), range(2, 3))[2]
        rows = compiled.rows
        self._bias = rows.get(BIAS, 0)
        self._suffix_rows = [rows.get(a, 0) for a in SUFFIX_ATTRIBUTES]
        self._sparse_rows = [rows.get(a, 0) for a in ("dig", "ppsur", "psur", "sur", "sur2")]
        labels = compiled.labels
        self._outside = numpy.array([t == "O" for t in labels])
        self._inside = numpy.array([t.startswith("I-") for t in labels])
        self._types = sorted({t[2:] for t in labels if t != "O"})
        self._type = numpy.array([self._types.index(t[2:]) if t != "O" else -1 for t in labels])

    def tag(self, text: str, sentences: Bounds, tokens: Bounds | None) -> list[Span]:
        """The entities of ``text`` as ``(start, end, type)`` offsets into it, each sentence
        (``(start, end)`` in ``text``, in order, not overlapping) tagged on its own;
        ``tokens``: the pipeline's tokens of ``text`` as ``(start, end)``, in order (None: no words)."""
        kept = [(s, e) for s, e in sentences if e > s and not text[s:e].isspace()]
        bounds = numpy.fromiter(chain.from_iterable(() if tokens is None else tokens), numpy.int64).reshape(-1, 2)
        out: list[Span] = []
        first = 0
        while first < len(kept):           # a long text in pieces of about CHUNK characters
            last, size = first, 0
            while last < len(kept) and (last == first or size + kept[last][1] - kept[last][0] <= CHUNK):
                size += kept[last][1] - kept[last][0]
                last += 1
            out += self._tag(text, kept[first:last], bounds)
            first = last
        return out

    def _tag(self, text: str, sentences: list[tuple[int, int]], tokens: numpy.ndarray) -> list[Span]:
        spans = numpy.array(sentences, dtype=numpy.int64)
        lengths = spans[:, 1] - spans[:, 0]
        starts = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])
        raw = "".join([text[s:e] for s, e in sentences])
        codes = code_points(raw)
        if raw.isascii():
            t = raw
        else:                           # kg.ner.text.normalize, by code point
            codes = _FOLD(codes).astype(numpy.int64)
            t = text_of(codes)
        columns = _Columns(self, t, codes, starts, lengths, spans, tokens)
        scores = self.scores(columns)
        labels = viterbi(scores, starts, lengths, self.compiled.transitions)
        return self._spans(labels, columns, spans[:, 0] - starts)

    def scores(self, c: "_Columns") -> numpy.ndarray:
        """Label scores of every character (characters x labels), added in CRFsuite's order."""
        compiled = self.compiled
        weights = compiled.weights
        out = numpy.empty((c.n, len(compiled.labels)))
        out[:] = weights[self._bias]
        for (_, name, offsets), kind in zip(compiled.dense, compiled.kinds):
            code = c.column(name, offsets[0])
            for offset in offsets[1:]:
                code = code * kind.base + c.column(name, offset)
            out += weights[kind.lookup(code)]
        if c.masks is not None:
            for bit, row in enumerate(compiled.mark_rows):
                hit = numpy.flatnonzero(c.masks >> bit & 1)
                if row and hit.size:
                    out[hit] += weights[row]
        for row, hit in zip(self._suffix_rows + self._sparse_rows, c.sparse()):
            if row and hit.size:
                out[hit] += weights[row]
        return out

    def _spans(self, labels: numpy.ndarray, c: "_Columns", shift: numpy.ndarray) -> list[Span]:
        """Entity spans of the best labels, read as tags_to_spans reads BIO tags, as offsets
        into the text (``shift``: each sentence's start in the text minus its start here)."""
        outside = self._outside[labels]
        kind = self._type[labels]
        inside = self._inside[labels]
        inside[1:] &= ~outside[:-1] & (kind[1:] == kind[:-1])
        inside[c.starts] = False                     # a sentence's first character opens
        begins = numpy.flatnonzero(~outside & ~inside)
        breaks = numpy.append(numpy.flatnonzero(~inside), c.n)
        ends = breaks[numpy.searchsorted(breaks, begins, side="right")]
        moved = shift[c.sentence[begins]]
        names = self._types
        return [(s, e, names[k]) for s, e, k in zip((begins + moved).tolist(), (ends + moved).tolist(),
                                                    kind[begins].tolist())]


_FOLD = CodeTable(lambda code: ord(_FOLD_TABLE[code]), numpy.uint32)     # kg.ner.text.normalize
_SHAPE = CodeTable(lambda code: ord(_SHAPES[code]), numpy.uint8)         # kg.ner.features' shapes


class _Columns:
    """One piece of text (its sentences side by side in ``t``) as columns of model ids."""

    def __init__(self, tagger: TextTagger, t: str, codes, starts, lengths, spans, tokens: numpy.ndarray):
        self.tagger, self.t, self.codes, self.starts, self.n = tagger, t, codes, starts, len(t)
        n = self.n
        self.sentence = numpy.repeat(numpy.arange(len(starts)), lengths)
        self.pos = numpy.arange(n) - starts[self.sentence]            # inside its sentence
        self.room = lengths[self.sentence] - 1 - self.pos                # characters after it there
        cfg = tagger.featurizer.config
        self.shapes = _SHAPE(codes)                                     # H, D, A, P as bytes
        self.base: dict[str, numpy.ndarray] = {"chars": tagger._char_ids[self.codes].astype(numpy.int64)}
        if cfg.shape:
            self.base["shapes"] = tagger._shape_ids[self.shapes]
        if cfg.words:
            self.base["words"], self.base["places"] = self._words(spans, tokens)
        self.masks = None
        if cfg.lexicon:
            from kg.ner.lexicon import jieba_lexicon

            self.masks = jieba_lexicon().masks_within(t, starts, lengths)
            unique, inverse = numpy.unique(self.masks, return_inverse=True)
            marks = tagger._ids.get("marks", {})
            self.base["marks"] = numpy.array([marks.get(MARK_STRINGS[m], 0) for m in unique.tolist()],
                                             dtype=numpy.int64)[inverse]
        self._columns: dict[tuple[str, int], numpy.ndarray] = {}

    def _words(self, spans, bounds: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Each character's token (cut to its sentence) as a ``words`` id, and its ``places`` id."""
        tagger, n = self.tagger, self.n
        words = numpy.full(n, tagger._space_word, dtype=numpy.int64)
        places = numpy.full(n, tagger._single, dtype=numpy.int64)
        bounds = bounds[bounds[:, 1] > bounds[:, 0]]
        if not bounds.size:
            return words, places
        # the sentences each token overlaps (usually one), and the token's piece in each
        first = numpy.searchsorted(spans[:, 1], bounds[:, 0], side="right")
        last = numpy.searchsorted(spans[:, 0], bounds[:, 1], side="left") - 1
        count = numpy.maximum(last - first + 1, 0)
        token = numpy.repeat(numpy.arange(len(bounds)), count)
        sent = numpy.repeat(first, count) + numpy.arange(count.sum()) - numpy.repeat(numpy.cumsum(count) - count, count)
        move = self.starts[sent] - spans[sent, 0]                  # text offset -> offset here
        begin = numpy.maximum(bounds[token, 0], spans[sent, 0]) + move
        end = numpy.minimum(bounds[token, 1], spans[sent, 1]) + move
        size = end - begin
        found = numpy.zeros(len(begin), dtype=numpy.int64)
        for k, table in tagger._word_keys.items():                     # words of one to three characters
            at = numpy.flatnonzero(size == k)
            values, hit = table.find(keys_at(self.codes, begin[at], k))
            found[at[hit]] = values[hit]
        longer = numpy.flatnonzero(size > len(tagger._word_keys))
        if longer.size:
            t, known = self.t, tagger._ids.get("words", {})
            found[longer] = numpy.fromiter(map(known.get, [t[b:e] for b, e in zip(begin[longer].tolist(),
                                                                                  end[longer].tolist())], repeat(0)),
                                           numpy.int64, longer.size)
        at = numpy.repeat(begin, size) + numpy.arange(size.sum()) - numpy.repeat(numpy.cumsum(size) - size, size)
        inner = at - numpy.repeat(begin, size)
        sizes = numpy.repeat(size, size)
        words[at] = numpy.repeat(found, size)
        place = numpy.where(inner == 0, 0, numpy.where(inner == sizes - 1, 2, 1))
        places[at] = tagger._places[place, numpy.minimum(sizes, 5)]
        return words, places

    def column(self, name: str, offset: int) -> numpy.ndarray:
        """The ids of sequence ``name`` at ``offset`` of its padded sequence from each character."""
        key = (name, offset)
        if key not in self._columns:
            base = self.base[name]
            left, right = self.tagger._pads[name]
            shift = offset - len(left)
            if shift == 0:
                col = base
            elif shift < 0:
                col = base[numpy.maximum(numpy.arange(self.n) + shift, 0)]
                edge = numpy.flatnonzero(self.pos < -shift)
                col[edge] = left[len(left) + self.pos[edge] + shift]
            else:
                col = base[numpy.minimum(numpy.arange(self.n) + shift, self.n - 1)]
                edge = numpy.flatnonzero(self.room < shift)
                col[edge] = right[shift - self.room[edge] - 1]
            self._columns[key] = col
        return self._columns[key]

    def sparse(self) -> list[numpy.ndarray]:
        """The characters of each sparse group, in the order of the tagger's rows: the suffix
        distances, dig, ppsur, psur, sur, sur2."""
        tagger, room = self.tagger, self.room
        featurizer = tagger.featurizer
        groups = self._suffixes() if featurizer._suffix_kind else [numpy.zeros(0, numpy.int64)] * len(SUFFIX_ATTRIBUTES)
        groups.append(numpy.flatnonzero(self.shapes == ord("D")))
        sur = numpy.flatnonzero(tagger._surnames[self.codes])
        groups += [sur[room[sur] >= 2] + 2, sur[room[sur] >= 1] + 1, sur]
        pair = numpy.flatnonzero(room >= 1)
        pair = pair[tagger._surnames2.find(keys_at(self.codes, pair, 2))[1]]
        groups.append(pair)
        return groups

    def _suffixes(self) -> list[numpy.ndarray]:
        """The characters of each suffix group (Featurizer._suffix_groups, for every sentence):
        the ends of the suffixes (the longest that ends there, inside the sentence), then for
        each character the nearest end at or after it."""
        tagger, codes, pos, n = self.tagger, self.codes, self.pos, self.n
        group = numpy.full(n, -1, dtype=numpy.int64)      # at a suffix's end: 0 place, 5 organisation
        for size in range(MAX_SUFFIX, 0, -1):
            at = numpy.flatnonzero((group < 0) & (pos >= size - 1))
            values, hit = tagger._suffix_keys[size].find(keys_at(codes, at - size + 1, size))
            if size <= KEY_CHARS:
                group[at[hit]] = values[hit]
            else:                       # found by their start: the whole suffix compared here
                kinds = tagger.featurizer._suffix_kind
                for j in at[hit].tolist():
                    kind = kinds.get(self.t[j - size + 1:j + 1])
                    if kind is not None:
                        group[j] = _SUFFIX_GROUP[kind]
        ends = numpy.flatnonzero(group >= 0)
        groups = numpy.full(n, -1, dtype=numpy.int64)
        if ends.size:
            chars = numpy.arange(n)
            nearest = numpy.minimum(numpy.searchsorted(ends, chars), len(ends) - 1)   # the first end at or after
            j = ends[nearest]
            ok = (j >= chars) & (j - chars <= SUFFIX_REACH) & (self.sentence[j] == self.sentence)
            groups[ok] = (group[j] + numpy.minimum(j - chars, 4))[ok]
        return [numpy.flatnonzero(groups == g) for g in range(len(SUFFIX_ATTRIBUTES))]
