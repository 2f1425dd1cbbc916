"""Graph assembly: one article's facts -> the RDF triples of its named graph (docs/MODEL.md).

No blank nodes: every node's IRI is derived from content (kg.resolve), so building the same input
twice, or in two processes, gives the same triples.
"""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.nlp.lexicon import lexicon
from kg.rdfio import Triples
from kg.resolve import Resolver, digest, entity_iri
from kg.types import PLACE, POSITION, Article, Event, Evidence, Fact, Figure, Mention, Relation
from kg.vocab import ID, KG, SDO, bind_prefixes

EDGE = {
    "holdsPosition": KG.holdsPosition,
    "visited": KG.visited,
    "locatedIn": KG.locatedIn,
    "graduatedFrom": KG.graduatedFrom,
    "worksAt": KG.worksAt,
    "approved": KG.approved,   # a body that adopts a document without a meeting (经国务院批准)
}


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{digest(article_id)}"]


def new_graph() -> Triples:
    """An article's triples as they are built (kg.rdfio.Triples: no rdflib Graph per article)."""
    return Triples()


class ArticleGraph:
    """Accumulates the triples of one article."""

    def __init__(self, article: Article, mentions: list[Mention], facts: list[Fact]):
        self.article = article
        self.iri = article_iri(article.article_id)
        self.g = new_graph()
        aliases = [f for f in facts if isinstance(f, Relation) and f.family == "alias"]
        self.resolver = Resolver(mentions, aliases)
        self._article_node()
        for i, fact in enumerate(facts):
            if isinstance(fact, Relation):
                self._relation(fact)
            elif isinstance(fact, Event):
                self._event(fact, i)
            elif isinstance(fact, Figure):
                self._figure(fact)
        self._merges()

    # -- nodes ------------------------------------------------------------------------------
    def _article_node(self) -> None:
        a, g = self.article, self.g
        g.add((self.iri, RDF.type, KG.Article))
        g.add((self.iri, KG.articleId, Literal(a.article_id)))
        g.add((self.iri, RDFS.label, Literal(a.title or a.article_id)))
        if a.title:
            g.add((self.iri, SDO.headline, Literal(a.title)))
        if a.published:
            g.add((self.iri, KG.published, Literal(a.published.isoformat(), datatype=XSD.date)))
        for prop, value in ((KG.source, a.doc.source), (KG.byline, a.byline), (KG.dateline, a.dateline),
                            (KG.section, a.section)):
            if value:
                g.add((self.iri, prop, Literal(value)))
        g.add((self.iri, KG.sourceFile, Literal(a.doc.path)))
        g.add((self.iri, KG.sha256, Literal(a.sha256)))

    def entity(self, mention: Mention) -> URIRef:
        c = self.resolver.canonical(mention)
        node = entity_iri(c.type, c.text)
        g = self.g
        g.add((node, RDF.type, KG[c.type]))
        g.add((node, RDFS.label, Literal(c.text)))
        if mention.text != c.text:
            g.add((node, SKOS.altLabel, Literal(mention.text)))
        if c.type == POSITION:
            bare = lexicon().bare_title(c.text)
            if bare and bare != c.text:
                g.add((node, SKOS.altLabel, Literal(bare)))
        g.add((node, KG.mentionedIn, self.iri))
        if c.type == PLACE:
            self._hierarchy(node, c.text)
        return node

    def _hierarchy(self, node: URIRef, name: str) -> None:
        """kg:within edges from the gazetteer: 黄浦区某路 within 黄浦区 within 上海市."""
        lx = lexicon()
        seen = {name}
        while True:
            parent = lx.parent_of(name) if name in lx.places else _leading_place(name)
            if not parent or parent in seen:
                return
            seen.add(parent)
            parent_node = entity_iri(PLACE, parent)
            self.g.add((parent_node, RDF.type, KG.Place))
            self.g.add((parent_node, RDFS.label, Literal(parent)))
            self.g.add((node, KG.within, parent_node))
            node, name = parent_node, parent

    def evidence(self, ev: Evidence, s: URIRef, p: URIRef, o) -> URIRef:
        node = ID[f"evidence/{digest(ev.article_id, s, p, o, ev.start, ev.end)}"]
        g = self.g
        g.add((node, RDF.type, KG.Evidence))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        g.add((node, PROV.wasDerivedFrom, self.iri))
        g.add((node, KG.sentence, Literal(ev.sentence)))
        g.add((node, KG.startOffset, Literal(ev.start, datatype=XSD.integer)))
        g.add((node, KG.endOffset, Literal(ev.end, datatype=XSD.integer)))
        g.add((node, KG.extractor, Literal(ev.extractor)))
        g.add((node, KG.confidence, Literal(f"{ev.confidence:.2f}", datatype=XSD.decimal)))
        return node

    def _date(self, node: URIRef, date) -> None:
        if date is None:
            return
        if date.start == date.end:
            self.g.add((node, KG.date, Literal(date.start.isoformat(), datatype=XSD.date)))
        else:
            self.g.add((node, KG.startDate, Literal(date.start.isoformat(), datatype=XSD.date)))
            self.g.add((node, KG.endDate, Literal(date.end.isoformat(), datatype=XSD.date)))
        self.g.add((node, KG.dateText, Literal(date.text)))

    # -- facts ------------------------------------------------------------------------------
    def _relation(self, rel: Relation) -> None:
        s = self.entity(rel.subject)
        if rel.family == "alias":
            self.g.add((s, SKOS.altLabel, Literal(rel.object.text)))
            self.evidence(rel.evidence, s, SKOS.altLabel, Literal(rel.object.text))
            return
        o = self.entity(rel.object)
        p = EDGE[rel.family]
        self.g.add((s, p, o))
        self.evidence(rel.evidence, s, p, o)

    def _event(self, ev: Event, index: int) -> None:
        g = self.g
        agent = self.entity(ev.agent) if ev.agent is not None else None
        name = ev.name.text if ev.name is not None else ""
        node = ID[f"{ev.kind.lower()}/{digest(self.article.article_id, ev.kind, name, ev.agent.text if ev.agent else '', index)}"]
        g.add((node, RDF.type, KG[ev.kind]))
        g.add((node, RDFS.label, Literal(name or f"{ev.agent.text if ev.agent else ''}{'调研' if ev.kind == 'Visit' else '会议'}")))
        g.add((node, KG.mentionedIn, self.iri))
        if ev.kind == "Visit":
            if agent is not None:
                g.add((node, KG.agent, agent))
            for site in ev.objects:
                o = self.entity(site)
                g.add((node, KG.site, o))
                if agent is not None:
                    g.add((agent, KG.visited, o))
                    self.evidence(ev.evidence, agent, KG.visited, o)
        else:  # Meeting
            if agent is not None:
                g.add((node, KG.agent, agent))
            if ev.chair is not None:
                chair = self.entity(ev.chair)
                g.add((chair, KG.chaired, node))
                self.evidence(ev.evidence, chair, KG.chaired, node)
            for plan in ev.objects:
                o = self.entity(plan)
                g.add((node, KG.approved, o))
                self.evidence(ev.evidence, node, KG.approved, o)
            for item in ev.reviewed:
                g.add((node, KG.reviewed, Literal(item.text)))
        for person in ev.participants:
            p = self.entity(person)
            g.add((node, KG.participant, p))
            g.add((p, KG.participatedIn, node))
        if ev.topic:
            g.add((node, KG.topic, Literal(ev.topic)))
        self._date(node, ev.date)
        g.add((node, KG.hasEvidence, self.evidence(ev.evidence, node, RDF.type, KG[ev.kind])))

    def _figure(self, fig: Figure) -> None:
        g = self.g
        s = self.entity(fig.subject)
        node = ID[f"figure/{digest(self.article.article_id, s, fig.metric, fig.value, fig.unit, fig.year, fig.evidence.start)}"]
        g.add((node, RDF.type, KG.Figure))
        g.add((s, KG.hasFigure, node))
        g.add((node, KG.value, Literal(str(fig.value), datatype=XSD.decimal)))
        g.add((node, KG.unit, Literal(fig.unit)))
        g.add((node, KG.metric, Literal(fig.metric)))
        g.add((node, KG.comparator, Literal(fig.comparator)))
        g.add((node, KG.status, Literal(fig.status)))
        if fig.year is not None:
            g.add((node, KG.year, Literal(str(fig.year), datatype=XSD.gYear)))
        if fig.text:
            g.add((node, KG.text, Literal(fig.text)))
        g.add((node, KG.hasEvidence, self.evidence(fig.evidence, s, KG.hasFigure, node)))

    def _merges(self) -> None:
        g = self.g
        for form, merge in sorted(self.resolver.merges.items()):
            into = entity_iri(merge.into.type, merge.into.text)
            if (into, RDF.type, None) not in g:
                continue  # the entity never made it into a fact
            node = ID[f"merge/{digest(self.article.article_id, form, into)}"]
            g.add((into, SKOS.altLabel, Literal(form)))
            g.add((node, RDF.type, KG.Merge))
            g.add((node, KG.mergedForm, Literal(form)))
            g.add((node, KG.into, into))
            g.add((node, KG.reason, Literal(merge.reason)))
            g.add((node, PROV.wasDerivedFrom, self.iri))


def _leading_place(name: str) -> str | None:
    """The gazetteer place an address starts with (黄浦区某路 -> 黄浦区)."""
    lx = lexicon()
    for n in range(len(name) - 1, 1, -1):
        place = lx.canonical_place(name[:n])
        if place is not None:
            return place.name
    return None


def article_graph(article: Article, mentions: list[Mention], facts: Iterable[Fact]) -> tuple[URIRef, Triples]:
    ag = ArticleGraph(article, list(mentions), list(facts))
    return ag.iri, ag.g
