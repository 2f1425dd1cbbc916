"""Graph assembly: one article's facts -> its triples (the model is kg.model; docs/MODEL.md).

A generic writer: each fact's type (kg.model.FACT_TYPES) says which triples it makes, through the
operations below. The article's own triples go to ``graph`` (its named graph), the entities and
the facts between them to ``shared`` (the default graph), where they are once however many
articles name them.

No blank nodes: every node's IRI is derived from content (kg.resolve), so building the same input
twice, or in two processes, gives the same triples.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg import model
from kg.nlp.lexicon import lexicon
from kg.rdfio import Triples
from kg.resolve import Resolver, digest, entity_iri
from kg.types import PLACE, POSITION, Article, Evidence, Fact, Mention, Relation
from kg.vocab import ID, KG, ORG, SDO


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{digest(article_id)}"]


def new_graph() -> Triples:
    """An article's triples as they are built (kg.rdfio.Triples: no rdflib Graph per article)."""
    return Triples()


@lru_cache(maxsize=1 << 16)
def zh(value: str) -> Literal:
    """A Chinese literal (cached: labels and titles come back in every article)."""
    return Literal(value, lang="zh")


# the terms of every evidence node, made once (a namespace makes a new URIRef on each access)
RDF_TYPE, RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = RDF.type, RDF.subject, RDF.predicate, RDF.object
PROV_DERIVED, XSD_INTEGER = PROV.wasDerivedFrom, XSD.integer
KG_EVIDENCE, KG_SENTENCE, KG_START, KG_END = KG.Evidence, KG.sentence, KG.startOffset, KG.endOffset
KG_EXTRACTOR, KG_CONFIDENCE = KG.extractor, KG.confidence


@lru_cache(maxsize=1024)
def _plain(value: str) -> Literal:
    return Literal(value)


@lru_cache(maxsize=1024)
def _decimal(value: str) -> Literal:
    return Literal(value, datatype=XSD.decimal)


class ArticleGraph:
    """The triples of one article: ``graph`` (its named graph, ``iri``) and ``shared`` (what it
    adds to the default graph)."""

    def __init__(self, article: Article, mentions: list[Mention], facts: list[Fact]):
        self.article = article
        self.iri = article_iri(article.article_id)
        self.graph = new_graph()
        self.shared = new_graph()
        self.entities: set[URIRef] = set()
        aliases = [f for f in facts if isinstance(f, Relation) and f.family == "alias"]
        self.resolver = Resolver([*mentions, *_fact_mentions(facts)], aliases, article.dateline)
        self._article_node(len(facts))
        for i, fact in enumerate(facts):
            model.fact_type(fact).write(fact, self, i)
        self._merges()

    # -- the operations a fact type uses (kg.model.Writer) -------------------------------------
    def entity(self, mention: Mention) -> URIRef:
        """The node of the entity a mention names; its description goes to the shared graph once."""
        c = self.resolver.canonical(mention)
        if c.type == POSITION:
            return self._post(c)
        node = entity_iri(c.type, c.text)
        self._describe(node, c.type, c.text)
        if c.type == PLACE:
            self._hierarchy(node, c.text)
        return node

    def fact(self, s: URIRef, p: URIRef, o, evidence: Evidence) -> URIRef:
        """An edge that states a fact of the text, and its evidence. Between two entities (or an
        entity and a name) it is shared; to an event or a figure it is the article's."""
        between_entities = s in self.entities and (o in self.entities or isinstance(o, Literal))
        (self.shared if between_entities else self.graph).add((s, p, o))
        return self.evidence(evidence, s, p, o)

    def say(self, s: URIRef, p: URIRef, o) -> None:
        self.graph.add((s, p, o))

    text = staticmethod(zh)

    def mentioned(self, node: URIRef) -> None:
        """``node`` is named in this article (kg:mentionedIn)."""
        self.graph.add((node, KG.mentionedIn, self.iri))

    def node(self, kind: str, *key) -> URIRef:
        """An IRI of this article's (an event, a figure): the article and ``key`` hashed."""
        return ID[f"{kind}/{digest(self.article.article_id, *key)}"]

    def evidence(self, ev: Evidence, s: URIRef, p: URIRef, o) -> URIRef:
        node = ID[f"evidence/{digest(ev.article_id, s, p, o, ev.start, ev.end)}"]
        add = self.graph.add
        add((node, RDF_TYPE, KG_EVIDENCE))
        add((node, RDF_SUBJECT, s))
        add((node, RDF_PREDICATE, p))
        add((node, RDF_OBJECT, o))
        add((node, PROV_DERIVED, self.iri))
        add((node, KG_SENTENCE, zh(ev.sentence)))
        add((node, KG_START, Literal(ev.start, datatype=XSD_INTEGER)))
        add((node, KG_END, Literal(ev.end, datatype=XSD_INTEGER)))
        add((node, KG_EXTRACTOR, _plain(ev.extractor)))
        add((node, KG_CONFIDENCE, _decimal(f"{ev.confidence:.2f}")))
        return node

    def date(self, node: URIRef, date) -> None:
        if date is None:
            return
        if date.start == date.end:
            self.say(node, KG.date, Literal(date.start.isoformat(), datatype=XSD.date))
        else:
            self.say(node, KG.startDate, Literal(date.start.isoformat(), datatype=XSD.date))
            self.say(node, KG.endDate, Literal(date.end.isoformat(), datatype=XSD.date))
        self.say(node, KG.dateText, zh(date.text))

    # -- entities ---------------------------------------------------------------------------------
    def _describe(self, node: URIRef, type_: str, label: str) -> None:
        self.shared.add((node, RDF.type, model.ENTITY_CLASSES[type_]))
        self.shared.add((node, RDFS.label, zh(label)))
        self.mentioned(node)
        self.entities.add(node)

    def _post(self, position: Mention) -> URIRef:
        """A kg:Position (org:Post): the title of an organisation or place, one node per both."""
        post = self.resolver.post(position)
        holder = self.entity(post.holder) if post.holder is not None else None
        node = entity_iri(POSITION, post.label, str(holder) if holder is not None else "")
        self._describe(node, POSITION, post.label)
        self.shared.add((node, KG.title, zh(post.title)))
        bare = lexicon().bare_title(post.label)  # 部长 of 中央组织部部长: a name the post goes by too
        if bare and bare != post.label:
            self.shared.add((node, SKOS.altLabel, zh(bare)))
        if holder is not None:
            self.shared.add((node, ORG.postIn, holder))
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
            self.shared.add((parent_node, RDF.type, KG.Place))
            self.shared.add((parent_node, RDFS.label, zh(parent)))
            self.shared.add((node, KG.within, parent_node))
            self.entities.add(parent_node)
            node, name = parent_node, parent

    # -- the article and its merges ---------------------------------------------------------------
    def _article_node(self, facts: int) -> None:
        a, g = self.article, self.graph
        g.add((self.iri, RDF.type, KG.Article))
        g.add((self.iri, KG.articleId, Literal(a.article_id)))
        # an article without a title is labelled by its id, which is no text of any language
        g.add((self.iri, RDFS.label, zh(a.title) if a.title else Literal(a.article_id, lang="zxx")))
        if a.title:
            g.add((self.iri, SDO.headline, zh(a.title)))
        if a.published:
            g.add((self.iri, KG.published, Literal(a.published.isoformat(), datatype=XSD.date)))
        if a.doc.source:
            g.add((self.iri, KG.source, Literal(a.doc.source)))
        for prop, value in ((KG.byline, a.byline), (KG.dateline, a.dateline), (KG.section, a.section)):
            if value:
                g.add((self.iri, prop, zh(value)))
        g.add((self.iri, KG.sourceFile, Literal(a.doc.path)))
        g.add((self.iri, KG.sha256, Literal(a.sha256)))
        g.add((self.iri, KG.factCount, Literal(facts, datatype=XSD.integer)))

    def _merges(self) -> None:
        """Each merged name: an altLabel of the entity (shared) and the kg:Merge that says why."""
        g = self.graph
        for merge in self.resolver.all_merges():
            form, into = merge.form, entity_iri(merge.into.type, merge.into.text)
            if into not in self.entities:
                continue  # the entity never made it into a fact
            name = zh(form)
            node = ID[f"merge/{digest(self.article.article_id, form, into)}"]
            self.shared.add((into, SKOS.altLabel, name))
            g.add((node, RDF.type, KG.Merge))
            g.add((node, RDF.subject, into))
            g.add((node, RDF.predicate, SKOS.altLabel))
            g.add((node, RDF.object, name))
            g.add((node, KG.mergedForm, name))
            g.add((node, KG.into, into))
            g.add((node, KG.reason, Literal(merge.reason)))
            if merge.basis:
                g.add((node, KG.basis, zh(merge.basis)))
            g.add((node, PROV.wasDerivedFrom, self.iri))


def _fact_mentions(facts: Iterable[Fact]) -> list[Mention]:
    """Mentions the extractors made themselves (a byline's paper), so posts can name them."""
    out = []
    for f in facts:
        if isinstance(f, Relation):
            out += [f.subject, f.object]
    return out


def _leading_place(name: str) -> str | None:
    """The gazetteer place an address starts with (黄浦区某路 -> 黄浦区)."""
    lx = lexicon()
    for n in range(len(name) - 1, 1, -1):
        place = lx.canonical_place(name[:n])
        if place is not None:
            return place.name
    return None


def article_graph(article: Article, mentions: list[Mention], facts: Iterable[Fact]) -> ArticleGraph:
    """The triples of one article (``.iri``, ``.graph``, ``.shared``)."""
    return ArticleGraph(article, list(mentions), list(facts))
