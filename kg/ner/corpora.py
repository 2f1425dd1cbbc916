"""Readers for the public Chinese NER corpora, and the named splits the model is trained and scored on.

Four formats are read (see ../shared/data/ner/README.md):

* CLUENER2020  - JSON lines, ``label: {type: {surface: [[start, end_inclusive]]}}``
* MSRA         - one sentence a line, characters separated by spaces, tags in a parallel file (BIO)
* PD98         - People's Daily 1998: ``char TAG`` a line, blank line between sentences (BIO)
* Resume       - ``char TAG`` a line, blank line between sentences (BMES)

Each corpus has its own type inventory; ``TYPE_MAP`` maps them onto the project's NER types
(PER, ORG, LOC, TITLE) and drops what the project does not tag (games, books, degrees ...).
Every reader returns ``NerSentence`` records whose spans are character offsets, end exclusive,
so the rest of the code never sees a corpus format.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

# corpus -> {corpus type: project type or None (dropped)}.
# CLUENER "government" bodies are ORG, as in the People's Daily scheme (国务院, 市政府 are ORG there);
# CLUENER "scene" (scenic spots: 故宫, 秦淮河) and "address" are places, LOC in the PD scheme.
# Resume EDU is a degree (本科, 硕士), CONT a nationality (中国国籍), PRO a major: none is an entity here.
TYPE_MAP: dict[str, dict[str, str | None]] = {
    "cluener": {
        "name": "PER",
        "organization": "ORG",
        "government": "ORG",
        "company": "ORG",
        "address": "LOC",
        "scene": "LOC",
        "position": "TITLE",
        "book": None,
        "game": None,
        "movie": None,
    },
    "msra": {"PER": "PER", "LOC": "LOC", "ORG": "ORG"},
    "msra_train": {"PER": "PER", "LOC": "LOC", "ORG": "ORG"},
    "pd98": {"PER": "PER", "LOC": "LOC", "ORG": "ORG"},
    "pd98_nerpy": {"PER": "PER", "LOC": "LOC", "ORG": "ORG"},
    "resume": {
        "NAME": "PER",
        "ORG": "ORG",
        "LOC": "LOC",
        "TITLE": "TITLE",
        "EDU": None,
        "CONT": None,
        "PRO": None,
        "RACE": None,
    },
}

Span = tuple[int, int, str]


class CorpusError(ValueError):
    """A corpus file that does not have the expected format; the message names file and line."""


@dataclass(frozen=True)
class NerSentence:
    """One annotated sentence: its text and entity spans (character offsets, end exclusive)."""

    text: str
    spans: tuple[Span, ...]
    corpus: str

    def __post_init__(self):
        for start, end, label in self.spans:
            if not (0 <= start < end <= len(self.text)):
                raise ValueError(f"span {(start, end, label)} outside a text of {len(self.text)} characters")


def _map(corpus: str, label: str, types: set[str] | None) -> str | None:
    mapped = TYPE_MAP[corpus].get(label)
    if mapped is None or (types is not None and mapped not in types):
        return None
    return mapped


def _drop_overlaps(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Keep spans left to right, longest first at a tie; drop any span overlapping a kept one."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return tuple(kept)


def read_cluener(path: Path, types: set[str] | None = None) -> Iterator[NerSentence]:
    """CLUENER2020 JSON lines. Offsets in the file are end-inclusive; surfaces are checked."""
    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                spans = []
                for label, surfaces in (record.get("label") or {}).items():
                    mapped = _map("cluener", label, types)
                    if mapped is None:
                        continue
                    for surface, positions in surfaces.items():
                        for start, end_incl in positions:
                            if text[start:end_incl + 1] != surface:
                                raise CorpusError(f"{path}:{lineno}: {surface!r} is not at [{start}, {end_incl}]")
                            spans.append((start, end_incl + 1, mapped))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                if isinstance(exc, CorpusError):
                    raise
                raise CorpusError(f"{path}:{lineno}: not a CLUENER record ({exc})") from None
            yield NerSentence(text, _drop_overlaps(spans), "cluener")


def spans_from_tags(chars: list[str], tags: list[str], corpus: str, types: set[str] | None = None,
                    where: str = "") -> NerSentence:
    """Decode one sentence's per-character BIO or BMES(O) tags into spans.

    B- opens, I-/M- continue (a continuation with another type, or after O, opens a new span:
    the lenient reading used by conlleval), E- closes, S- is a one-character span.
    """
    if len(chars) != len(tags):
        raise CorpusError(f"{where}: {len(chars)} characters but {len(tags)} tags")
    spans: list[Span] = []
    start, label = None, None

    def close(end: int) -> None:
        nonlocal start, label
        if start is not None:
            mapped = _map(corpus, label, types)
            if mapped is not None:
                spans.append((start, end, mapped))
        start, label = None, None

    for i, tag in enumerate(tags):
        if tag == "O" or not tag:
            close(i)
            continue
        prefix, _, kind = tag.partition("-")
        if prefix not in {"B", "I", "M", "E", "S"} or not kind:
            raise CorpusError(f"{where}: bad tag {tag!r} at character {i}")
        if prefix in {"B", "S"} or start is None or kind != label:
            close(i)
            start, label = i, kind
        if prefix in {"E", "S"}:
            close(i + 1)
    close(len(tags))
    return NerSentence("".join(chars), tuple(spans), corpus)


def read_msra(sentences: Path, tags: Path, types: set[str] | None = None) -> Iterator[NerSentence]:
    """MSRA: parallel files, characters and tags separated by single spaces, one sentence a line."""
    with open(sentences, encoding="utf-8") as s_file, open(tags, encoding="utf-8") as t_file:
        for lineno, (s_line, t_line) in enumerate(zip(s_file, t_file), 1):
            s_line, t_line = s_line.rstrip("\n"), t_line.rstrip("\n")
            if not s_line.strip():
                continue
            # characters are separated by one space; a space character itself cannot occur
            chars = s_line.split(" ")
            chars = [c for c in chars if c]
            yield spans_from_tags(chars, t_line.split(), "msra", types, f"{sentences}:{lineno}")


def read_char_per_line(path: Path, corpus: str, types: set[str] | None = None) -> Iterator[NerSentence]:
    """PD98 (BIO) and Resume (BMES): ``char TAG`` a line, a blank line ends a sentence."""
    chars: list[str] = []
    tags: list[str] = []
    start_line = 1
    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield spans_from_tags(chars, tags, corpus, types, f"{path}:{start_line}")
                chars, tags = [], []
                start_line = lineno + 1
                continue
            parts = line.split()
            if len(parts) == 1:         # a tag with no character (a space in the source): skip
                continue
            if len(parts) != 2:
                raise CorpusError(f"{path}:{lineno}: expected 'character TAG', got {line!r}")
            chars.append(parts[0])
            tags.append(parts[1])
    if chars:
        yield spans_from_tags(chars, tags, corpus, types, f"{path}:{start_line}")


# --- splits -------------------------------------------------------------------------------------
# Named, deterministic splits of ../shared/data/ner. Contiguous blocks (not every n-th sentence),
# so that a held-out block does not share articles, and names, with the training blocks.
# PD98 dev: first 70% train, last 30% held out (the estimate for the People's Daily 1998 test).
# MSRA val: the last 400 sentences are the dev set that picks the best checkpoint.
# MSRA test: the last 1000 sentences are held out; the rest is trained on.
# msra_train (the MSRA training split): the last 2000 sentences are held out.
# pd98_nerpy (more People's Daily 1998): the last 1000 sentences are held out.
PD98_HELDOUT_FRACTION = 0.3
MSRA_DEV_SENTENCES = 400
MSRA_TEST_HELDOUT = 1000
HELDOUT_BLOCK = {"msra_train": 2000, "pd98_nerpy": 1000}
FOLDER_FILE = {"msra_train": "msra_train/train.txt", "pd98_nerpy": "pd98_nerpy/train.txt"}

CORPORA = ("pd98", "msra", "msra_train", "pd98_nerpy", "cluener", "resume")
# the splits each "-all" split is made of (a model trained on pd98-all has seen pd98-heldout)
ALL_SPLITS = {
    "pd98-all": ("pd98-train", "pd98-heldout"),
    "msra-all": ("msra-train", "msra-dev", "msra-heldout"),
    "msra_train-all": ("msra_train-train", "msra_train-heldout"),
    "pd98_nerpy-all": ("pd98_nerpy-train", "pd98_nerpy-heldout"),
}


def seen_splits(trained_on) -> set[str]:
    """Every split whose sentences a model trained on ``trained_on`` (split names) has seen."""
    out = set()
    for name in trained_on:
        out.add(name)
        out.update(ALL_SPLITS.get(name, ()))
    return out


def _pd98(data: Path, types) -> list[NerSentence]:
    return list(read_char_per_line(data / "people_daily_1998" / "example.dev", "pd98", types))


def _msra(data: Path, part: str, types) -> list[NerSentence]:
    return list(read_msra(data / "msra" / f"{part}_sentences.txt", data / "msra" / f"{part}_tags.txt", types))


def load_split(data: Path, name: str, types: set[str] | None = None) -> list[NerSentence]:
    """Load one named split. Names: ``pd98-train``, ``pd98-heldout``, ``msra-train``, ``msra-dev``,
    ``msra-heldout``, ``msra_train-train``, ``msra_train-heldout``, ``pd98_nerpy-train``,
    ``pd98_nerpy-heldout``, ``cluener-train``, ``cluener-dev``, ``resume-train``, ``resume-test``,
    and the ``-all`` splits (every sentence of a corpus: see ALL_SPLITS)."""
    data = Path(data)
    if name in ALL_SPLITS:
        return [s for part in ALL_SPLITS[name] for s in load_split(data, part, types)]
    if name in {"pd98-train", "pd98-heldout"}:
        sents = _pd98(data, types)
        cut = round(len(sents) * (1 - PD98_HELDOUT_FRACTION))
        return sents[:cut] if name == "pd98-train" else sents[cut:]
    if name == "msra-dev":
        return _msra(data, "val", types)[-MSRA_DEV_SENTENCES:]
    if name == "msra-heldout":
        return _msra(data, "test", types)[-MSRA_TEST_HELDOUT:]
    if name == "msra-train":
        return _msra(data, "val", types)[:-MSRA_DEV_SENTENCES] + _msra(data, "test", types)[:-MSRA_TEST_HELDOUT]
    corpus, _, part = name.rpartition("-")
    if corpus in FOLDER_FILE and part in {"train", "heldout"}:
        sents = list(read_char_per_line(data / FOLDER_FILE[corpus], corpus, types))
        cut = len(sents) - HELDOUT_BLOCK[corpus]
        return sents[:cut] if part == "train" else sents[cut:]
    if name in {"cluener-train", "cluener-dev"}:
        return list(read_cluener(data / "cluener2020" / f"{name.split('-')[1]}.jsonl", types))
    if name in {"resume-train", "resume-test"}:
        return list(read_char_per_line(data / "resume" / f"{name.split('-')[1]}.char.bmes", "resume", types))
    raise ValueError(f"unknown split {name!r}")
