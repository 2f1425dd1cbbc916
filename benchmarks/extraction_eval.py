#!/usr/bin/env python3
"""Extraction quality: precision, recall and F1 per fact family, per article set, clean and noisy,
and the argument recall of the entity stage.

    python benchmarks/extraction_eval.py                 # seed, dev, dev2-dev, held-out
    python benchmarks/extraction_eval.py --lockbox       # ... and the lockbox (scores only)
    python benchmarks/extraction_eval.py --sets dev2-dev --clean --show-misses   # while developing
    python benchmarks/extraction_eval.py --annotated /work/annotated   # a set of our own annotations

Sets (texts and gold from ../shared, or --shared DIR):

- ``seed``: the newspaper page the project started from (gold/youth-daily-page.gold.json);
- ``dev``: the six dev articles (corpus/dev/articles.jsonl, gold/dev/);
- ``dev2-dev``: the 26 dev2 articles that are not in the lockbox (corpus/dev2, gold/dev2/);
- ``lockbox``: the 16 dev2 articles of benchmarks/lockbox.txt, built and scored only with
  ``--lockbox``; misses are never printed for it (they are measured, not read);
- ``heldout``: benchmarks/heldout, four short articles written for the project;
- with ``--annotated DIR...``: sets of our own annotations, DIR/corpus/articles.jsonl and
  DIR/gold/*.gold.json, each named after its folder;
- with ``--sealed DIR...``: the same layout, scored like the lockbox (no misses printed).

Each set is built from its clean text and from the same text with newspaper-page layout noise
(lines hard-wrapped at 13 characters, blank lines inside sentences, spaced lines; deterministic;
for the seed page, which is already cut from print: more spaced lines, CRLF and GB18030), and
scored with kg.evaluate (the same reading as ../shared/eval/score.py).

Argument recall: the share of the required gold facts whose arguments are all found by the entity
stage as mentions of the fact's article (subject and object; for participatedIn the person and the
event's agent; for approved the document and the meeting, body or chair; for figures the subject;
for eventDate the agent). A fact whose arguments are not mentions cannot be extracted by any
frame, so this bounds what the extractors can reach.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FAMILIES = ("holdsPosition", "visited", "participatedIn", "chaired", "approved", "eventDate", "locatedIn",
            "figure", "alias", "worksAt", "graduatedFrom")


def add_layout_noise(text: str, seed: int = 0, width: int = 13) -> str:
    """Hard-wrap every paragraph at ``width`` characters, as a page column does; now and then put
    a blank line inside a sentence or spaces between the characters of a line."""
    rng = random.Random(seed)
    out = []
    for para in text.split("\n"):
        lines = [para[i:i + width] for i in range(0, len(para), width)] or [""]
        pieces = []
        for line in lines:
            if rng.random() < 0.1:
                line = " ".join(line)
            pieces.append(line + ("\n\n" if rng.random() < 0.08 else "\n"))
        out.append("".join(pieces).rstrip("\n"))
    return "\n".join(out) + "\n"


def read_ids(path: Path) -> set[str]:
    return {line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.split("#")[0].strip()}


@dataclass
class ArticleSet:
    name: str
    make_inputs: object              # variant -> list of input paths
    gold: list[Path]
    sealed: bool = False             # the lockbox: never print its misses


@dataclass
class Run:
    name: str
    variant: str
    rows: dict
    qualifiers: dict
    args: dict = field(default_factory=dict)   # family -> [found, total]
    graph: object = None
    results: list = field(default_factory=list)


# -- building -----------------------------------------------------------------------------------
def build(inputs: list[Path], use_model: bool):
    """The set's dataset (as the scorer reads it) and its per-article results (mentions)."""
    from kg.evaluate import load_graph
    from kg.pipeline import add_to_dataset, iter_results, new_dataset
    from kg.sinks import serialize_dataset

    ds = new_dataset()
    results = []
    for result in iter_results(inputs, use_model=use_model):
        add_to_dataset(ds, result.iri, result.graph, result.shared)
        results.append((result.article.article_id, [m.text for m in result.mentions]))
    with tempfile.NamedTemporaryFile("w", suffix=".trig", delete=False, encoding="utf-8") as f:
        f.write(serialize_dataset(ds, "trig"))
    return load_graph(f.name), results


def jsonl_subset(path: Path, out: Path, variant: str, keep) -> Path:
    with out.open("w", encoding="utf-8") as f:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            obj = json.loads(line)
            if not keep(obj["id"]):
                continue
            if variant == "noisy":
                obj["text"] = add_layout_noise(obj["text"], seed=i)
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return out


# -- argument recall ------------------------------------------------------------------------------
def _norm(text: str) -> str:
    from kg.evaluate import norm
    return norm(text)


def arguments(fact: dict) -> list[list[str]]:
    """The argument slots of a gold fact, each a list of acceptable surface forms."""
    p = fact["p"]
    if p == "figure":
        return [fact["s"]]
    if p == "eventDate":
        return [fact["agent"]]
    if p == "participatedIn":
        return [fact["s"], fact["agent"]]
    if p == "approved":
        return [fact["o"], fact["s"] + fact.get("chair", [])]
    return [fact["s"], fact["o"]]


def gold_key(document: str) -> str:
    return Path(document).stem


def article_key(article_id: str) -> str:
    base = article_id.split("#")[0]
    return Path(base).stem if "." in base else base.rsplit("-", 1)[-1]


def argument_recall(gold_paths: list[Path], results) -> dict[str, list[int]]:
    mentions = defaultdict(set)
    for article_id, texts in results:
        mentions[article_key(article_id)].update(_norm(t) for t in texts)
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in gold_paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        key = gold_key(data.get("document") or path.stem.replace(".gold", ""))
        # a gold file for a whole JSON Lines file (benchmarks/heldout) covers all the set's articles
        seen = mentions[key] if key in mentions else set().union(*mentions.values())
        for fact in data["facts"]:
            if fact.get("optional"):
                continue
            ok = all(any(_norm(f) in seen for f in slot) for slot in arguments(fact))
            out[fact["p"]][0] += ok
            out[fact["p"]][1] += 1
    return out


# -- sets -------------------------------------------------------------------------------------------
def article_sets(args, tmp: Path) -> list[ArticleSet]:
    shared = args.shared
    sets: list[ArticleSet] = []
    seed_page = shared / "corpus" / "seed" / "youth-daily-page.txt"
    if seed_page.exists():
        def seed_inputs(variant):
            if variant == "clean":
                return [seed_page]
            rng = random.Random(1)   # the page is already cut from print: more of the same
            lines = seed_page.read_text(encoding="utf-8").split("\n")
            lines = [" ".join(line) if rng.random() < 0.2 else line for line in lines]
            noisy = tmp / "seed-noisy.txt"
            noisy.write_bytes("\r\n".join(lines).encode("gb18030"))
            return [noisy]
        sets.append(ArticleSet("seed", seed_inputs, [shared / "gold" / "youth-daily-page.gold.json"]))

    def jsonl_set(name, path, gold_dir, keep=lambda _id: True, sealed=False):
        if not path.exists():
            return
        golds = sorted(p for p in gold_dir.glob("*.gold.json") if keep(p.name.split(".")[0]))
        sets.append(ArticleSet(name, lambda v: [jsonl_subset(path, tmp / f"{name}-{v}.jsonl", v,
                                                             lambda i: keep(article_key(i)))],
                               golds, sealed))

    jsonl_set("dev", shared / "corpus" / "dev" / "articles.jsonl", shared / "gold" / "dev")
    box = read_ids(HERE / "lockbox.txt")
    dev2 = shared / "corpus" / "dev2" / "articles.jsonl"
    jsonl_set("dev2-dev", dev2, shared / "gold" / "dev2", lambda i: i not in box)
    if args.lockbox:
        jsonl_set("lockbox", dev2, shared / "gold" / "dev2", lambda i: i in box, sealed=True)
    heldout = HERE / "heldout"
    sets.append(ArticleSet("heldout", lambda v: [jsonl_subset(heldout / "articles.jsonl", tmp / f"heldout-{v}.jsonl",
                                                              v, lambda _i: True)],
                           [heldout / "heldout.gold.json"]))
    for folder in args.annotated or ():
        jsonl_set(folder.name, folder / "corpus" / "articles.jsonl", folder / "gold")
    for folder in args.sealed or ():
        jsonl_set(folder.name, folder / "corpus" / "articles.jsonl", folder / "gold", sealed=True)
    if args.sets:
        wanted = set(args.sets.split(","))
        sets = [s for s in sets if s.name in wanted]
    return sets


# -- reporting --------------------------------------------------------------------------------------
def describe(ix, node) -> str:
    names = sorted(ix.forms(node))
    return names[0] if names else str(node).rsplit("/", 1)[-1]


def print_misses(run: Run) -> None:
    from kg.evaluate import GraphIndex

    ix = GraphIndex(run.graph)
    print(f"\n## misses and errors: {run.name} {run.variant}")
    for family in FAMILIES:
        row = run.rows.get(family)
        if row is None:
            continue
        for fact in row.missed:
            brief = {k: v for k, v in fact.items() if k not in ("p", "optional")}
            print(f"MISS  {family:14} {json.dumps(brief, ensure_ascii=False)}")
        for cand in row.wrong:
            if family == "figure":
                subj = ",".join(describe(ix, s) for s in cand["subjects"])
                print(f"WRONG {family:14} {subj} {cand['value']} {cand['unit']} y={cand['year']} "
                      f"{cand['comparator']} {cand['status']}")
            else:
                a, b = cand
                print(f"WRONG {family:14} {describe(ix, a)} -> {describe(ix, b)}")


def fmt(row) -> str:
    return f"{row.precision:.3f} | {row.recall:.3f} | {row.f1:.3f}"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--no-model", action="store_true", help="rule-based entities only")
    ap.add_argument("--lockbox", action="store_true", help="also build and score the lockbox (scores only)")
    ap.add_argument("--annotated", type=Path, nargs="+", help="folders of our own annotations (corpus/articles.jsonl, "
                    "gold/), each a set named after its folder")
    ap.add_argument("--sealed", type=Path, nargs="+", help="such folders, scored but never shown (no misses)")
    ap.add_argument("--sets", help="comma-separated set names to run (default: all)")
    ap.add_argument("--clean", action="store_true", help="clean text only (no noisy variant)")
    ap.add_argument("--show-misses", action="store_true", help="print missed and wrong facts (never for the lockbox)")
    ap.add_argument("--families", action="store_true", help="print the per-family table")
    args = ap.parse_args(argv)
    from kg.evaluate import load_gold, overall, score

    tmp = Path(tempfile.mkdtemp(prefix="kg-eval-"))
    runs: list[Run] = []
    for aset in article_sets(args, tmp):
        for variant in ("clean",) if args.clean else ("clean", "noisy"):
            graph, results = build(aset.make_inputs(variant), not args.no_model)
            rows, qualifiers = score(graph, load_gold(aset.gold))
            run = Run(aset.name, variant, rows, qualifiers, argument_recall(aset.gold, results), graph, results)
            runs.append(run)
            if args.show_misses and not aset.sealed:
                print_misses(run)

    print("\n| set | text | precision | recall | F1 |\n|---|---|---|---|---|")
    for run in runs:
        print(f"| {run.name} | {run.variant} | {fmt(overall(run.rows))} |")
    if args.families or not args.show_misses:
        print("\nPer family (precision | recall | F1; gold facts in brackets):\n")
        header = [f"{r.name} {r.variant}" for r in runs]
        print("| family | " + " | ".join(header) + " |\n|---|" + "---|" * len(runs))
        for family in FAMILIES:
            cells = []
            for run in runs:
                row = run.rows.get(family)
                if row is None or (row.gold == 0 and row.extracted == 0):
                    cells.append("–")
                elif family == "alias":
                    cells.append(f"r {row.recall:.2f} ({row.gold})")
                else:
                    cells.append(f"{row.precision:.2f} {row.recall:.2f} {row.f1:.2f} ({row.gold})")
            print(f"| {family} | " + " | ".join(cells) + " |")
    print("\nArgument recall (required gold facts whose arguments are all entity mentions):\n")
    clean = [r for r in runs if r.variant == "clean"]
    print("| family | " + " | ".join(r.name for r in clean) + " |\n|---|" + "---|" * len(clean))
    for family in FAMILIES:
        cells = []
        for run in clean:
            found, total = run.args.get(family, (0, 0))
            cells.append(f"{found / total:.2f} ({found}/{total})" if total else "–")
        print(f"| {family} | " + " | ".join(cells) + " |")
    cells = []
    for run in clean:
        found = sum(v[0] for v in run.args.values())
        total = sum(v[1] for v in run.args.values())
        cells.append(f"{found / total:.2f} ({found}/{total})" if total else "–")
    print("| all | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
