"""The graph model, declared once: the classes and properties the code writes, where each triple
lives, and how each kind of fact becomes triples (docs/MODEL.md explains it for readers;
tests/test_model.py checks this module against schemas/ontology.ttl and schemas/shapes.ttl).

Where triples live (the store, TriG and N-Quads keep the split; Turtle flattens it):

- the **default graph** holds each entity once: its type, names (``rdfs:label``, ``skos:altLabel``),
  the gazetteer's ``kg:within`` and a post's ``org:postIn`` and ``kg:title``, and the facts between
  entities (``kg:holdsPosition``, ``kg:visited``, ...). A triple is in it once however many
  articles state it, so queries over the union of all graphs count every triple once.
- each **article's named graph** holds what that article says: the article node, ``kg:mentionedIn``
  for every entity it names, its events and figures (their IRIs contain the article), the
  ``kg:Evidence`` of each fact and the ``kg:Merge`` records. No two graphs share a triple.

A default-graph triple stays while an article supports it (kg.store removes it with the last one):
a fact or a merged name by a statement (an Evidence or Merge node naming it with ``rdf:subject``,
``rdf:predicate``, ``rdf:object``), an entity's own description by a ``kg:mentionedIn`` of the
entity or of a place ``kg:within`` it.

A fact type turns one extracted fact (kg.types.Relation, Event, Figure) into triples through the
writer's few operations (kg.graph.ArticleGraph): ``entity`` (the node of a mention, described
once), ``fact`` (an edge with its evidence), ``say`` (a triple of the article's graph), ``text``
(a literal tagged ``@zh``), ``evidence``. A new fact family is one extractor in kg/extract/, one
entry in FACT_TYPES here and one test file.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.types import Event, Fact, Figure, Relation
from kg.vocab import KG, ORG, SDO

# -- classes ---------------------------------------------------------------------------------------
ENTITY_CLASSES: dict[str, URIRef] = {  # described once, in the default graph; IRI from type + name
    "Person": KG.Person, "Organization": KG.Organization, "Place": KG.Place, "Site": KG.Site,
    "Position": KG.Position, "Plan": KG.Plan,
}
EVENT_CLASSES: dict[str, URIRef] = {"Visit": KG.Visit, "Meeting": KG.Meeting}
RECORD_CLASSES: dict[str, URIRef] = {  # article-scoped nodes
    "Article": KG.Article, "Figure": KG.Figure, "Evidence": KG.Evidence, "Merge": KG.Merge,
}
CLASSES: dict[str, URIRef] = {**ENTITY_CLASSES, **EVENT_CLASSES, **RECORD_CLASSES}

# -- properties, by what they describe ---------------------------------------------------------
SKOS_ALT_LABEL = SKOS.altLabel
NAMES = (RDFS.label, SKOS.altLabel)
ENTITY_DESCRIPTION = (RDF.type, RDFS.label, KG.within, KG.title, ORG.postIn)   # pure functions of the entity
ARTICLE_PROPERTIES = (KG.articleId, SDO.headline, KG.published, KG.source, KG.byline, KG.dateline, KG.section,
                      KG.sourceFile, KG.sha256, KG.factCount)
EVENT_PROPERTIES = (KG.agent, KG.participant, KG.participatedIn, KG.chaired, KG.site, KG.approved, KG.reviewed,
                    KG.date, KG.startDate, KG.endDate, KG.dateText, KG.topic, KG.hasEvidence)
FIGURE_PROPERTIES = (KG.hasFigure, KG.value, KG.unit, KG.metric, KG.comparator, KG.status, KG.year, KG.text)
EVIDENCE_PROPERTIES = (RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom, KG.sentence, KG.startOffset,
                       KG.endOffset, KG.extractor, KG.confidence)
MERGE_PROPERTIES = (KG.mergedForm, KG.into, KG.reason, KG.basis)
# literals in Chinese text get @zh; the others are codes, numbers or dates
TEXT_PROPERTIES = (RDFS.label, SKOS.altLabel, KG.title, SDO.headline, KG.byline, KG.dateline, KG.section,
                   KG.reviewed, KG.dateText, KG.topic, KG.metric, KG.text, KG.sentence, KG.mergedForm)

# units of a Figure: money as its ISO 4217 code (kg.normalize writes money in no other form: three
# capital letters), rates as the UCUM code "%"; a counter as written (@zh)
ISO4217 = KG.ISO4217
UCUM = KG.UCUM


def unit_literal(unit: str) -> Literal:
    if len(unit) == 3 and unit.isascii() and unit.isalpha() and unit.isupper():
        return Literal(unit, datatype=ISO4217)
    if unit == "%":
        return Literal(unit, datatype=UCUM)
    return Literal(unit, lang="zh")


# -- fact types ------------------------------------------------------------------------------------
class Writer(Protocol):
    """What a fact type may do with the article being written (kg.graph.ArticleGraph)."""

    def entity(self, mention) -> URIRef: ...
    def fact(self, s: URIRef, p: URIRef, o, evidence) -> URIRef: ...
    def say(self, s: URIRef, p: URIRef, o) -> None: ...
    def text(self, value: str) -> Literal: ...
    def evidence(self, evidence, s, p, o) -> URIRef: ...
    def node(self, kind: str, *key) -> URIRef: ...
    def date(self, node: URIRef, date) -> None: ...
    def mentioned(self, node: URIRef) -> None: ...


class FactType(Protocol):
    family: str

    def write(self, fact: Fact, w: Writer, index: int) -> None: ...


@dataclass(frozen=True)
class EntityFact:
    """A binary fact between two entities: subject --predicate--> object, with its evidence."""

    family: str
    predicate: URIRef

    def write(self, fact: Relation, w: Writer, index: int) -> None:
        w.fact(w.entity(fact.subject), self.predicate, w.entity(fact.object), fact.evidence)


@dataclass(frozen=True)
class AliasFact:
    """Another name the text gives an entity: ``skos:altLabel``, with its evidence."""

    family: str = "alias"

    def write(self, fact: Relation, w: Writer, index: int) -> None:
        w.fact(w.entity(fact.subject), SKOS.altLabel, w.text(fact.object.text), fact.evidence)


@dataclass(frozen=True)
class EventType:
    """An n-ary event of one article: an agent, participants, objects (the sites of a Visit, the
    plans a Meeting approved), a chair, a date and a topic. ``shortcut`` is the binary edge from
    the agent to each object (kg:visited), which then carries the object's evidence; without a
    shortcut the event's own edge to the object does (kg:approved)."""

    family: str
    cls: URIRef
    label_word: str            # the label of an event with no name: agent + this word (王明调研)
    object_edge: URIRef        # event -> object
    shortcut: URIRef | None    # agent -> object
    network_roles: tuple[str, ...]   # who gets an edge to each object in kg.export.to_networkx

    def write(self, ev: Event, w: Writer, index: int) -> None:
        agent = w.entity(ev.agent) if ev.agent is not None else None
        name = ev.name.text if ev.name is not None else ""
        node = w.node(self.family.lower(), self.family, name, ev.agent.text if ev.agent else "", index)
        w.say(node, RDF.type, self.cls)
        w.say(node, RDFS.label, w.text(name or f"{ev.agent.text if ev.agent else ''}{self.label_word}"))
        w.mentioned(node)
        if agent is not None:
            w.say(node, KG.agent, agent)
        if ev.chair is not None:
            w.fact(w.entity(ev.chair), KG.chaired, node, ev.evidence)
        for i, mention in enumerate(ev.objects):
            o = w.entity(mention)
            evidence = ev.evidence_of_object(i)
            if self.shortcut is None:
                w.fact(node, self.object_edge, o, evidence)
                continue
            w.say(node, self.object_edge, o)
            if agent is not None:
                w.fact(agent, self.shortcut, o, evidence)
        for item in ev.reviewed:
            w.say(node, KG.reviewed, w.text(item.text))
        for i, person in enumerate(ev.participants):
            p = w.entity(person)
            w.say(node, KG.participant, p)
            w.fact(p, KG.participatedIn, node, ev.evidence_of_participant(i))
        if ev.topic:
            w.say(node, KG.topic, w.text(ev.topic))
        w.date(node, ev.date)
        w.say(node, KG.hasEvidence, w.evidence(ev.evidence, node, RDF.type, self.cls))


@dataclass(frozen=True)
class FigureType:
    """A number about a subject: a kg:Figure node of the article, linked by kg:hasFigure."""

    family: str = "figure"

    def write(self, fig: Figure, w: Writer, index: int) -> None:
        s = w.entity(fig.subject)
        node = w.node("figure", s, fig.metric, fig.value, fig.unit, fig.year, fig.evidence.start)
        w.say(node, RDF.type, KG.Figure)
        w.say(s, KG.hasFigure, node)
        w.say(node, KG.value, Literal(str(fig.value), datatype=XSD.decimal))
        w.say(node, KG.unit, unit_literal(fig.unit))
        w.say(node, KG.metric, w.text(fig.metric))
        w.say(node, KG.comparator, Literal(fig.comparator))
        w.say(node, KG.status, Literal(fig.status))
        if fig.year is not None:
            w.say(node, KG.year, Literal(str(fig.year), datatype=XSD.gYear))
        if fig.text:
            w.say(node, KG.text, w.text(fig.text))
        w.say(node, KG.hasEvidence, w.evidence(fig.evidence, s, KG.hasFigure, node))


VISIT = EventType("Visit", KG.Visit, "调研", KG.site, KG.visited, ("agent", "participant"))
MEETING = EventType("Meeting", KG.Meeting, "会议", KG.approved, None, ("agent", "chair"))

FACT_TYPES: dict[str, FactType] = {t.family: t for t in (
    EntityFact("holdsPosition", KG.holdsPosition),
    EntityFact("locatedIn", KG.locatedIn),
    EntityFact("graduatedFrom", KG.graduatedFrom),
    EntityFact("worksAt", KG.worksAt),
    EntityFact("approved", KG.approved),   # a body that adopts a document without a meeting (经国务院批准)
    AliasFact(),
    VISIT,
    MEETING,
    FigureType(),
)}
EVENT_TYPES: dict[URIRef, EventType] = {t.cls: t for t in FACT_TYPES.values() if isinstance(t, EventType)}

# edges between two nodes that stand for a fact of the text and carry evidence (what the scorer
# reads as binary facts, plus participatedIn)
FACT_EDGES: tuple[URIRef, ...] = tuple(dict.fromkeys((
    *(t.predicate for t in FACT_TYPES.values() if isinstance(t, EntityFact)),
    *(t.shortcut or t.object_edge for t in EVENT_TYPES.values()),
    KG.chaired, KG.participatedIn,
)))
# the binary edges between entities kg.export.to_networkx draws (besides folded events)
NETWORK_EDGES: tuple[URIRef, ...] = tuple(dict.fromkeys((
    *(t.predicate for t in FACT_TYPES.values() if isinstance(t, EntityFact)),
    KG.visited, KG.within, ORG.postIn,
)))


def fact_type(fact: Fact) -> FactType:
    try:
        return FACT_TYPES[fact.family]
    except KeyError:
        raise KeyError(f"no fact type in kg.model.FACT_TYPES for family {fact.family!r}") from None


def local_name(term) -> str:
    s = str(term)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# every term the writer may emit, for the ontology check
CLASS_TERMS = frozenset(CLASSES.values())
PROPERTY_TERMS = frozenset({*NAMES, *ENTITY_DESCRIPTION, *ARTICLE_PROPERTIES, *EVENT_PROPERTIES, *FIGURE_PROPERTIES,
                            *EVIDENCE_PROPERTIES, *MERGE_PROPERTIES, *FACT_EDGES, KG.mentionedIn} - {RDF.type})
DATATYPES = frozenset({ISO4217, UCUM})
__all__ = ["CLASSES", "ENTITY_CLASSES", "EVENT_CLASSES", "FACT_TYPES", "EVENT_TYPES", "FACT_EDGES",
           "NETWORK_EDGES", "fact_type", "unit_literal"]
