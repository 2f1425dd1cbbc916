"""Namespaces of the graph. The ontology itself is schemas/ontology.ttl."""
from rdflib import Namespace
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD  # noqa: F401  (re-exported)

BASE = "https://cnnews-kg.org/"
KG = Namespace(BASE + "ontology#")      # classes and properties
ID = Namespace(BASE + "id/")            # entities, events, figures, articles, evidence
SDO = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")  # W3C Organization Ontology (org:Post, org:postIn)

PREFIXES = {"kg": KG, "id": ID, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "prov": PROV, "schema": SDO,
            "org": ORG}


def bind_prefixes(graph):
    """Bind the project's prefixes on an rdflib Graph or Dataset; returns it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph
