"""Tagging with a trained CRF without CRFsuite's per-string work: the model's weights in numpy
arrays, features looked up by kind (kg/ner/tagging.py), Viterbi decoding of many texts at once.

CRFsuite trains the model (kg/ner/train.py) and its file is what ships. To tag, CRFsuite wants
every character's attributes as strings (``c=国``, ``pc=中国``, about twenty a character), turns
each into bytes and looks it up in its attribute database; building and converting those strings
was most of the model's cost in a build. Here the file is read once into

* ``weights``: one row of label weights per attribute (row 0: zeros, for attributes the model
  does not know), and ``transitions`` (label to label);
* one table per attribute prefix (``c=``, ``pc=``, ``w=`` ...): key -> row, so a character's
  ``c=国`` is ``table["c="]["国"]``, never a string built and thrown away.

A character's score for each label is the sum of its attributes' rows, added (kg/ner/tagging.py)
in the order in which the featurizer lists them (:class:`kg.ner.features.CharFeatures`), which is
the order in which CRFsuite adds them; the Viterbi recursion is CRFsuite's (``prev[i] + trans[i][j]``,
the first maximum wins). The tags are therefore those CRFsuite gives for the same features, to the
last bit of every score; tests/test_ner.py checks it against CRFsuite on real sentences.

The file format is CRFsuite's first-order model (``lCRF``/``FOMC``, version 100; see its
``crf1d_model.c`` and ``cqdb.c``): a header of offsets, a features chunk (type, source,
destination, weight), and two string databases (labels, attributes) whose backward arrays give
each id's string.
"""
from __future__ import annotations

import hashlib
import struct
from pathlib import Path
from typing import Sequence

import numpy

from kg.ner.features import PAD_LEFT, PAD_RIGHT
from kg.ner.lexicon import MARKS

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = numpy.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_CQDB_HEADER = struct.Struct("<4sIIIII")
_CQDB_BYTEORDER = 0x62445371
BATCH = 256            # texts decoded together (sorted by length, padding stays small)


class ModelFormatError(ValueError):
    """A file that is not a CRFsuite first-order model this reader knows."""


def _strings(buf: bytes, offset: int, count: int, path: Path) -> list[str]:
    """The strings of ids 0..count-1 of the CQDB chunk at ``offset`` (its backward array)."""
    chunk, _size, _flag, byteorder, bwd_size, bwd_offset = _CQDB_HEADER.unpack_from(buf, offset)
    if chunk != b"CQDB" or byteorder != _CQDB_BYTEORDER or bwd_size < count or not bwd_offset:
        raise ModelFormatError(f"{path}: unreadable string table at byte {offset}")
    out = []
    for record in numpy.frombuffer(buf, "<u4", count, offset + bwd_offset).tolist():
        start = offset + record + 4                            # skip the id
        (size,) = struct.unpack_from("<I", buf, start)
        out.append(buf[start + 4:start + 3 + size].decode("utf-8"))   # size counts the final NUL
    return out


def read_crfsuite(path: Path) -> tuple[list[str], list[str], numpy.ndarray, numpy.ndarray]:
    """Labels, attributes, state weights (attributes x labels) and transition weights (labels x
    labels) of a CRFsuite first-order model file."""
    path = Path(path)
    buf = path.read_bytes()
    if len(buf) < _HEADER.size:
        raise ModelFormatError(f"{path}: not a CRFsuite model (too short)")
    (magic, size, kind, version, _nf, n_labels, n_attrs, off_features, off_labels, off_attrs,
     _off_labelrefs, _off_attrrefs) = _HEADER.unpack_from(buf, 0)
    if (magic, kind, version) != (b"lCRF", b"FOMC", 100):
        raise ModelFormatError(f"{path}: not a CRFsuite first-order model (version 100)")
    if size != len(buf):
        raise ModelFormatError(f"{path}: {len(buf)} bytes, but the model says {size}: a truncated or damaged file")
    try:
        labels = _strings(buf, off_labels, n_labels, path)
        attributes = _strings(buf, off_attrs, n_attrs, path)
        chunk, _chunk_size, n_features = struct.unpack_from("<4sII", buf, off_features)
        if chunk != b"FEAT":
            raise ModelFormatError(f"{path}: no features chunk at byte {off_features}")
        features = numpy.frombuffer(buf, _FEATURE, n_features, off_features + 12)
        state, trans = features[features["type"] == 0], features[features["type"] == 1]
        weights = numpy.zeros((n_attrs, n_labels))
        weights[state["src"], state["dst"]] = state["weight"]
        transitions = numpy.zeros((n_labels, n_labels))
        transitions[trans["src"], trans["dst"]] = trans["weight"]
    except (struct.error, IndexError, UnicodeDecodeError) as exc:
        raise ModelFormatError(f"{path}: a damaged CRFsuite model ({exc})") from None
    except ValueError as exc:
        if isinstance(exc, ModelFormatError):
            raise
        raise ModelFormatError(f"{path}: a damaged CRFsuite model ({exc})") from None
    return labels, attributes, weights, transitions


def _units(key: str, count: int, sequence: str) -> list[tuple[str, ...]]:
    """The ways ``key`` reads as ``count`` elements of ``sequence`` joined: single characters,
    and for ``chars`` the padding symbols at either end (a key such as ``<s>中`` or ``国</s>``)."""
    if count == 1:
        return [(key,)]
    if len(key) == count:
        return [tuple(key)]                 # characters only: a padding symbol is longer than one
    if sequence != "chars":
        return []
    out = []
    for left in ((), PAD_LEFT, PAD_LEFT[:1], PAD_LEFT[1:]):
        head = "".join(left)
        for right in ((), PAD_RIGHT, PAD_RIGHT[:1], PAD_RIGHT[1:]):
            tail = "".join(right)
            if len(head) + len(tail) <= len(key) and key.startswith(head) and key.endswith(tail):
                units = (*left, *key[len(head):len(key) - len(tail)], *right)
                if len(units) == count:
                    out.append(units)
    return out


class _Kind:
    """One dense kind of the model: its key -> attribute row, as numbers. A key of k elements is
    the code sum(id(element_j) * base ** (k - 1 - j)); ``table`` is indexed by code when there are
    few codes (a key of one element, the shapes), else ``codes`` (the sorted codes the model has
    weights for) are searched and ``rows`` hold their rows (one more: 0, for a code not found)."""

    def __init__(self, offsets: tuple[int, ...], base: int, codes: bytes, rows: bytes, table: bytes):
        self.offsets, self.base = tuple(offsets), base
        self.codes = numpy.frombuffer(codes, numpy.int64)
        self.rows = numpy.frombuffer(rows, numpy.int64)
        self.table = numpy.frombuffer(table, numpy.int64) if table else None

    def lookup(self, codes: numpy.ndarray) -> numpy.ndarray:
        if self.table is not None:
            return self.table[codes]
        at = numpy.searchsorted(self.codes, codes)
        if len(self.codes):
            at[self.codes[numpy.minimum(at, len(self.codes) - 1)] != codes] = len(self.codes)
        return self.rows[at]


DIRECT = 1 << 16        # a kind with fewer possible codes is looked up in a table
FORMAT = 1              # of the compiled model, as cached


def compile_model(path: Path, dense: Sequence[tuple[str, str, tuple[int, ...]]]) -> dict:
    """The model at ``path`` as numbers, for a featurizer's ``dense`` kinds: the labels, weights
    and transitions; the rows of the attributes that have no key (the bias, ``dig``, ``sufL2``)
    and of the lexicon marks; each sequence's element -> id (0: an element no key of the model
    holds); and each kind's codes (see :class:`_Kind`). Plain data, so that it can be cached."""
    labels, attributes, weights, transitions = read_crfsuite(path)
    rows = {a: k for k, a in enumerate(attributes, 1)}   # row 0: attributes the model does not know
    tables: dict[str, dict[str, int]] = {}
    for attribute, row in rows.items():
        cut = attribute.find("=")
        if cut > 0:
            tables.setdefault(attribute[:cut + 1], {})[attribute[cut + 1:]] = row
    parsed, elements = [], {}
    for prefix, name, offsets in dense:
        entries = [(units, row) for key, row in tables.get(prefix, {}).items()
                   for units in _units(key, len(offsets), name)]
        elements.setdefault(name, set()).update(u for units, _ in entries for u in units)
        parsed.append(entries)
    ids = {name: {e: k for k, e in enumerate(sorted(found), 1)} for name, found in elements.items()}
    kinds = []
    for (_, name, offsets), entries in zip(dense, parsed):
        index, base = ids[name], len(ids[name]) + 1
        codes = {}
        for units, row in entries:
            code = 0
            for unit in units:
                code = code * base + index[unit]
            codes[code] = row
        table = b""
        if base ** len(offsets) <= DIRECT:
            direct = numpy.zeros(base ** len(offsets), dtype=numpy.int64)
            direct[list(codes)] = list(codes.values())
            table = direct.tobytes()
        ordered = sorted(codes)
        kinds.append((tuple(offsets), base, numpy.array(ordered, dtype=numpy.int64).tobytes(),
                      numpy.array([codes[c] for c in ordered] + [0], dtype=numpy.int64).tobytes(), table))
    weights = numpy.vstack([numpy.zeros((1, len(labels))), weights])
    return {"labels": labels, "weights": weights.tobytes(), "transitions": transitions.tobytes(),
            "rows": {a: r for a, r in rows.items() if a.find("=") <= 0 or a.startswith("m=")},
            "ids": ids, "kinds": kinds}


class CompiledCrf:
    """A trained CRF as numbers, for a featurizer whose dense kinds are ``dense`` (tagging:
    :class:`kg.ner.tagging.TextTagger`); read-only, so one instance serves every thread. Compiled
    once per model file and kept in the per-user cache (:mod:`kg.cache`)."""

    def __init__(self, path: Path, dense: Sequence[tuple[str, str, tuple[int, ...]]]):
        from kg import cache

        path, self.dense = Path(path), tuple(dense)
        stat = path.stat()             # the file by its size and time: reading it to hash it costs more
        key = f"format {FORMAT} {stat.st_size} {stat.st_mtime_ns} {self.dense!r}"
        name = "ner-" + hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:12]
        state = cache.cached(name, hashlib.sha256(key.encode("utf-8")).hexdigest(), lambda: compile_model(path, self.dense))
        self.labels: list[str] = state["labels"]
        n = len(self.labels)
        self.weights = numpy.frombuffer(state["weights"]).reshape(-1, n)
        self.transitions = numpy.frombuffer(state["transitions"]).reshape(n, n)
        self.rows: dict[str, int] = state["rows"]
        self.ids: dict[str, dict[str, int]] = state["ids"]
        self.kinds = [_Kind(*kind) for kind in state["kinds"]]
        self.mark_rows = [self.rows.get("m=" + m, 0) for m in MARKS]


def viterbi(scores: numpy.ndarray, starts: numpy.ndarray, lengths: numpy.ndarray,
            transitions: numpy.ndarray) -> numpy.ndarray:
    """The best label of every row of ``scores`` (characters x labels), each text (rows
    ``starts[k]`` .. ``+ lengths[k]``, ``lengths[k] > 0``) decoded on its own by CRFsuite's
    recursion. The texts are stepped together, longest first, BATCH at a time: at step t the
    texts longer than t are a prefix of the batch, so a step is a few numpy calls on it. The
    forward pass keeps every step's scores; the way back takes, at each step, the first best
    predecessor of the label chosen after it (what CRFsuite's back pointers hold)."""
    out = numpy.empty(len(scores), dtype=numpy.intp)
    order = numpy.argsort(-lengths, kind="stable")
    into = numpy.ascontiguousarray(transitions.T)                         # [to, from]
    labels = scores.shape[1]
    for b in range(0, len(order), BATCH):
        batch = order[b:b + BATCH]
        size, first = lengths[batch], starts[batch]
        steps = numpy.arange(size[0])
        live = numpy.searchsorted(-size, -steps, side="left").tolist()    # texts longer than t
        inside = steps[:, None] < size[None, :]                          # steps x texts
        rows = (first[None, :] + steps[:, None])[inside]
        alpha = numpy.zeros((len(steps), len(batch), labels))            # [step, text, label]
        alpha[inside] = scores[rows]
        step, best = numpy.empty((len(batch), labels, labels)), numpy.empty((len(batch), labels))
        for t in range(1, len(steps)):                                    # (buffers: no allocation)
            k = live[t]
            numpy.add(alpha[t - 1, :k, :, None], transitions, out=step[:k])  # [text, from, to]
            numpy.maximum.reduce(step[:k], axis=1, out=best[:k])
            numpy.add(alpha[t, :k], best[:k], out=alpha[t, :k])
        texts = numpy.arange(len(batch))
        label = alpha[size - 1, texts].argmax(axis=1)                   # the first maximum
        path = numpy.empty((len(steps), len(batch)), dtype=numpy.intp)
        for t in range(len(steps) - 1, 0, -1):
            k = live[t]
            path[t, :k] = label[:k]
            numpy.add(alpha[t - 1, :k], into[label[:k]], out=best[:k])
            best[:k].argmax(axis=1, out=label[:k])
        path[0] = label
        out[rows] = path[inside]
    return out
