"""Score a graph against gold facts written by the annotation guidelines (``*.gold.json``).

A gold file has ``facts``, each with a family ``p`` and lists of acceptable surface forms. A fact is
found when the graph links a node carrying one of the subject's forms (rdfs:label, skos:altLabel;
spaces and book-title marks ignored) to a node or literal carrying one of the object's forms:

- binary families (holdsPosition visited locatedIn chaired approved graduatedFrom worksAt): the edge;
  an approving meeting may instead be found by its chair;
- participatedIn: person participatedIn an event (or the event's participant) whose agent or chair
  is the gold agent; eventDate: an event with that agent and a date inside the gold range;
- alias: an altLabel of the subject (recall only: aliases are open-ended);
- figure: a Figure linked by hasFigure from a subject form, with value within 0.5% (万/亿 in the unit
  folded in), the same kind of unit and the same year where the gold gives one.

Optional gold facts count neither as missed nor, when matched, as wrong. Extracted facts of these
families that match no gold fact are wrong. Terms are compared by local name, so any namespace works.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef

from kg.model import FACT_EDGES
from kg.model import local_name as _local

# the binary families: every fact edge of the model (kg.model.FACT_EDGES) but participatedIn, which
# is scored with its event's agent below; the same list as ../shared/eval/score.py's (a test checks)
BINARY = tuple(_local(p) for p in FACT_EDGES if _local(p) != "participatedIn")
LABEL_PREDICATES = {"label", "prefLabel", "altLabel", "alias", "name"}
MONEY = {"CNY": {"cny", "元", "人民币", "人民币元", "rmb"}, "USD": {"usd", "美元"}, "EUR": {"eur", "欧元"},
         "HKD": {"hkd", "港元", "港币"}, "JPY": {"jpy", "日元"}}
FAMILIES = (*BINARY, "participatedIn", "alias", "eventDate", "figure")


def local_name(term) -> str:
    return _local(term) if isinstance(term, URIRef) else str(term)


def norm(text) -> str:
    return re.sub(r"[\s《》〈〉<>\"“”]", "", unicodedata.normalize("NFKC", str(text)))


def fold_unit(value: float, unit: str | None) -> tuple[float, str | None]:
    u = norm(unit or "")
    for prefix, factor in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if u.startswith(prefix) and len(u) > len(prefix):
            return value * factor, u[len(prefix):]
    return value, unit


def unit_kind(unit: str) -> str:
    u = norm(unit).lower()
    for code, forms in MONEY.items():
        if u == code.lower() or u in forms:
            return code
    return "percent" if u in ("%", "percent") else ("year" if u == "年" else "count")


class GraphIndex:
    """The graph by local predicate name, with every node's names."""

    def __init__(self, graph: Graph):
        self.edges: dict[str, list[tuple]] = defaultdict(list)
        self.names: dict = defaultdict(set)
        for s, p, o in graph:
            name = local_name(p)
            self.edges[name].append((s, o))
            if name in LABEL_PREDICATES and isinstance(o, Literal):
                self.names[s].add(norm(o))

    def forms(self, node) -> set[str]:
        return {norm(node)} if isinstance(node, Literal) else self.names.get(node, set())

    def has(self, node, forms) -> bool:
        return bool(self.forms(node) & {norm(f) for f in forms})

    def objects(self, node, predicate: str) -> list:
        return [o for s, o in self.edges.get(predicate, []) if s == node]

    def leaders(self, event) -> list:
        return self.objects(event, "agent") + [s for s, o in self.edges.get("chaired", []) if o == event]


@dataclass
class FamilyScore:
    gold: int = 0
    found: int = 0
    extracted: int = 0
    correct: int = 0
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else (1.0 if not self.gold else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def candidates(ix: GraphIndex) -> dict[str, list]:
    events = {s for s, _ in ix.edges.get("agent", [])}
    out = {}
    for p in BINARY:
        pairs = ix.edges.get(p, [])
        if p in ("visited", "holdsPosition", "graduatedFrom", "worksAt"):
            pairs = [(s, o) for s, o in pairs if s not in events]
        out[p] = pairs
    out["participatedIn"] = ix.edges.get("participatedIn", []) + [(p, e) for e, p in ix.edges.get("participant", [])]
    out["alias"] = ix.edges.get("altLabel", []) + ix.edges.get("alias", [])
    led = events | {o for _, o in ix.edges.get("chaired", [])}
    out["eventDate"] = [(e, str(d)[:10]) for name in ("date", "startDate", "endDate")
                        for e, d in ix.edges.get(name, []) if e in led]
    out["figure"] = figures(ix)
    return out


def figures(ix: GraphIndex) -> list[dict]:
    subjects = defaultdict(set)
    for s, o in ix.edges.get("hasFigure", []):
        subjects[o].add(s)
    out = []
    for node, value in ix.edges.get("value", []):
        try:
            number = float(value.toPython())
        except (AttributeError, TypeError, ValueError):
            continue
        unit = next(iter(ix.objects(node, "unit")), None)
        year = next(iter(ix.objects(node, "year")), None)
        out.append({"node": node, "subjects": subjects.get(node, set()), "value": number,
                    "unit": None if unit is None else local_name(unit),
                    "year": int(str(year)[:4]) if year is not None and str(year)[:4].isdigit() else None,
                    "comparator": next((str(c) for c in ix.objects(node, "comparator")), None),
                    "status": next((local_name(c).lower() for c in ix.objects(node, "status")), None)})
    return out


def matches(ix: GraphIndex, fact: dict, cand) -> bool:
    family = fact["p"]
    if family == "figure":
        if not any(ix.has(s, fact["s"]) for s in cand["subjects"]):
            return False
        value, unit = fold_unit(cand["value"], cand["unit"])
        gold_value, gold_unit = fold_unit(float(fact["value"]), fact["unit"])
        if abs(value - gold_value) > 0.005 * abs(gold_value):
            return False
        if unit is not None and unit_kind(unit) != unit_kind(gold_unit):
            return False
        return "year" not in fact or cand["year"] == fact["year"]
    a, b = cand
    if family == "approved":
        if not ix.has(b, fact["o"]):
            return False
        return ix.has(a, fact["s"]) or any(ix.has(c, fact.get("chair", [])) for c, m in ix.edges.get("chaired", []) if m == a)
    if family == "participatedIn":
        return ix.has(a, fact["s"]) and any(ix.has(x, fact["agent"]) for x in ix.leaders(b))
    if family == "eventDate":
        first, last = fact["date"]
        return first <= b <= last and any(ix.has(x, fact["agent"]) for x in ix.leaders(a))
    if family == "alias":
        return ix.has(a, fact["s"]) and (norm(b) in {norm(f) for f in fact["o"]} if isinstance(b, Literal) else ix.has(b, fact["o"]))
    return ix.has(a, fact["s"]) and ix.has(b, fact["o"])


def score(graph: Graph, facts: list[dict]) -> tuple[dict[str, FamilyScore], dict[str, tuple[int, int]]]:
    ix = GraphIndex(graph)
    cands = candidates(ix)
    rows = {f: FamilyScore() for f in FAMILIES}
    qualifiers = {"comparator": [0, 0], "status": [0, 0]}
    by_family = defaultdict(list)
    for fact in facts:
        by_family[fact["p"]].append(fact)
    for family, row in rows.items():
        pool = cands.get(family, [])
        used = set()
        for fact in by_family.get(family, []):
            hits = [i for i, c in enumerate(pool) if matches(ix, fact, c)]
            used.update(hits)
            if fact.get("optional"):
                continue
            row.gold += 1
            if not hits:
                row.missed.append(fact)
                continue
            row.found += 1
            if family == "figure":
                for q in qualifiers:
                    if q in fact:
                        qualifiers[q][1] += 1
                        qualifiers[q][0] += any(pool[i][q] == fact[q] for i in hits)
        if family != "alias":
            row.extracted = len(pool)
            row.correct = len(used)
            row.wrong = [c for i, c in enumerate(pool) if i not in used]
    return rows, {q: (ok, n) for q, (ok, n) in qualifiers.items()}


def load_graph(path: str | Path) -> Graph:
    """The triples of a graph file or of a store directory (all its articles), as one rdflib Graph."""
    ds = Dataset()
    if Path(path).is_dir():
        import pyoxigraph as ox

        from kg.store import open_source

        ds.parse(data=open_source(path).dump(ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    else:
        from kg.sinks import format_for

        ds.parse(str(path), format=format_for(path))
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def load_gold(paths) -> list[dict]:
    facts = []
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if "facts" not in data:
            raise ValueError(f"{path}: not a gold file (no 'facts')")
        facts += data["facts"]
    return facts


def overall(rows: dict[str, FamilyScore]) -> FamilyScore:
    total = FamilyScore()
    for row in rows.values():
        total.gold += row.gold
        total.found += row.found
        total.extracted += row.extracted
        total.correct += row.correct
    return total
