"""Namespaces of the graph. The ontology itself is schemas/ontology.ttl."""
from functools import lru_cache

from rdflib import Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD  # noqa: F401  (re-exported)


class Vocabulary(Namespace):
    """A namespace of classes and properties: each term is made once (rdflib's Namespace makes a
    new URIRef, and checks it, on every ``KG.label``; the graph writer asks tens of thousands of
    times an article set)."""

    @lru_cache(maxsize=None)
    def term(self, name: str) -> URIRef:
        return super().term(name)


BASE = "https://cnnews-kg.org/"
KG = Vocabulary(BASE + "ontology#")     # classes and properties
ID = Namespace(BASE + "id/")            # entities, events, figures, articles, evidence
SDO = Vocabulary("https://schema.org/")
ORG = Vocabulary("http://www.w3.org/ns/org#")  # W3C Organization Ontology (org:Post, org:postIn)

PREFIXES = {"kg": KG, "id": ID, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "prov": PROV, "schema": SDO,
            "org": ORG}


def bind_prefixes(graph):
    """Bind the project's prefixes on an rdflib Graph or Dataset; returns it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph
