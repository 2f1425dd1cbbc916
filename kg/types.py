"""Typed records that travel between the pipeline's stages.

    ingest   -> Document       (decoded text of one input unit: a file, or a JSONL line)
    layout   -> RepairedText   (repaired text + map from every character back to Document.text)
    segment  -> Article        (one article: its text, its offsets into the Document, metadata)
    nlp      -> spaCy Doc      (doc._.article holds the Article)
    extract  -> Fact           (Relation, Event, Figure, each with Evidence)
    resolve  -> entity IRIs    (kg.resolve.Resolver)
    graph    -> RDF quads      (kg.graph)

Every offset is a character offset (not a byte offset), end exclusive.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal, Union

# Entity types of the graph contract.
PERSON = "Person"
ORGANIZATION = "Organization"
PLACE = "Place"
SITE = "Site"
POSITION = "Position"
PLAN = "Plan"
MEETING = "Meeting"
VISIT = "Visit"
ENTITY_TYPES = (PERSON, ORGANIZATION, PLACE, SITE, POSITION, PLAN, MEETING)


class InputError(Exception):
    """An input that cannot be read. ``where`` names the file (and line)."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message

    def __reduce__(self):  # pickled by worker processes and Dask tasks with both fields
        return (type(self), (self.where, self.message))


class InputWarning(InputError):
    """Something in an input that was repaired rather than rejected (bytes that do not decode,
    replaced by U+FFFD): reported like an error, but the input is built and the build does not
    count as failed."""


@dataclass(frozen=True)
class Document:
    """One unit of input, decoded: a text file, or one line of a JSON Lines file."""

    doc_id: str                 # stable id: relative path, or the JSONL `id`
    text: str                   # decoded text, exactly as in the input (no repair)
    path: str                   # where it came from (file path)
    line: int | None = None     # 1-based line number in a JSONL file
    encoding: str = "utf-8"
    title: str | None = None
    published: date | None = None
    source: str | None = None   # publisher, e.g. "People's Daily"

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class RepairedText:
    """Text after layout repair; ``offsets[i]`` is the Document.text offset of ``text[i]``."""

    text: str
    offsets: tuple[int, ...]

    def __post_init__(self):
        if len(self.text) != len(self.offsets):
            raise ValueError("offset map must have one entry per character")

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the repaired text to the source text."""
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else (self.offsets[-1] + 1 if self.offsets else 0)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def slice(self, start: int, end: int) -> "RepairedText":
        return RepairedText(self.text[start:end], self.offsets[start:end])


@dataclass(frozen=True)
class Article:
    """One article of a Document, after layout repair and page segmentation."""

    article_id: str             # stable: f"{doc_id}" or f"{doc_id}#{n}" for pages with several
    doc: Document
    body: RepairedText          # the article's text; offsets point into doc.text
    title: str | None = None
    byline: str | None = None   # e.g. "青年报记者 某某"
    dateline: str | None = None # e.g. "新华社杭州5月20日电"
    section: str | None = None  # e.g. "■发布厅"
    fragments: int = 1          # >1 when parts printed apart on the page were joined

    @property
    def text(self) -> str:
        return self.body.text

    @property
    def published(self) -> date | None:
        return self.doc.published

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Sentence:
    start: int                  # offsets into Article.text
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the article, the sentence and the span in the source text."""

    article_id: str
    sentence: str               # the sentence, or a window of it around the span (evidence_window)
    start: int                  # character offsets into Document.text (the input file)
    end: int
    extractor: str              # name of the extractor that made the fact
    confidence: float = 1.0


EVIDENCE_CHARS = 500      # longest evidence text kept whole (real sentences are shorter)
EVIDENCE_CONTEXT = 150    # characters kept on each side of the span in a longer one


def evidence_window(sentence: str, start: int, end: int) -> str:
    """The evidence text of a fact read at [start, end) of ``sentence``: the whole sentence when it
    has at most EVIDENCE_CHARS characters, else a window of EVIDENCE_CONTEXT characters around the
    span (a long span cut), at most EVIDENCE_CHARS in all, marked with … where it was cut. A graph
    never repeats a huge "sentence" (text without punctuation) once per fact."""
    if len(sentence) <= EVIDENCE_CHARS:
        return sentence
    start = min(max(0, start), len(sentence))
    end = min(max(start, end), len(sentence), start + EVIDENCE_CHARS - 2 * EVIDENCE_CONTEXT)
    lo, hi = max(0, start - EVIDENCE_CONTEXT), min(len(sentence), end + EVIDENCE_CONTEXT)
    return ("…" if lo > 0 else "") + sentence[lo:hi] + ("…" if hi < len(sentence) else "")


@dataclass(frozen=True)
class Mention:
    """A surface form of an entity in an article (offsets into Article.text)."""

    text: str
    type: str                   # one of ENTITY_TYPES
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class DateValue:
    """A resolved date or period: ``start`` == ``end`` for a single day."""

    start: date
    end: date
    text: str                   # the expression as written


@dataclass(frozen=True)
class Relation:
    """A binary fact: holdsPosition, visited, locatedIn, graduatedFrom, worksAt, alias."""

    family: str
    subject: Mention
    object: Mention
    evidence: Evidence


@dataclass(frozen=True)
class Event:
    """An n-ary event: a Visit (agent, participants, sites) or a Meeting (chair, approved plans)."""

    kind: Literal["Visit", "Meeting"]
    agent: Mention | None       # who leads it: the visitor; a meeting's chair, leading attendee or convening body
    evidence: Evidence
    name: Mention | None = None            # the meeting's name (国务院常务会议)
    chair: Mention | None = None           # the person who chaired a meeting (主持), if the text says so
    participants: tuple[Mention, ...] = ()
    objects: tuple[Mention, ...] = ()      # sites visited / documents approved
    reviewed: tuple[Mention, ...] = ()     # items a meeting reviewed without approving
    date: DateValue | None = None
    topic: str | None = None
    # the sentence that states each object / participant (same order as ``objects`` /
    # ``participants``); empty when the extractor gives only the event's evidence
    object_evidence: tuple[Evidence, ...] = ()
    participant_evidence: tuple[Evidence, ...] = ()

    @property
    def family(self) -> str:
        return self.kind

    def evidence_of_object(self, i: int) -> Evidence:
        return self.object_evidence[i] if i < len(self.object_evidence) else self.evidence

    def evidence_of_participant(self, i: int) -> Evidence:
        return self.participant_evidence[i] if i < len(self.participant_evidence) else self.evidence


@dataclass(frozen=True)
class Figure:
    """A number about a named subject: value folded (万/亿), unit, year, comparator, status."""

    subject: Mention
    value: Decimal
    unit: str                   # ISO 4217 for money (CNY, USD), % for rates, else the counter
    metric: str
    evidence: Evidence
    comparator: str = "="       # < <= = >= > ~
    status: str = "actual"      # actual | forecast | target
    year: int | None = None
    text: str = ""              # the amount as written

    @property
    def family(self) -> str:
        return "figure"


Fact = Union[Relation, Event, Figure]
