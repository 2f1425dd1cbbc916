"""CPU time of the NER model's share of a build: ``kg.nlp.pipeline.model_entities`` over the
articles of JSON Lines files, side by side with another checkout.

    python benchmarks/ner_bench.py ARTICLES.jsonl [--runs 3] [--against ../main]

Each article is read, split and tokenized, and its sentences found, as the build does; then the
model's entities of every article are taken ``--runs`` times (CPU time of the process; the best
run counts, and the first, which includes what the model loads and learns on first sight, is
printed too). ``--against CHECKOUT`` runs the same in that checkout (with its own .venv) in turns
with this one and prints the ratio; both must give the same spans, which is checked.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path


def measure(paths: list[str], runs: int) -> dict:
    from kg.ingest import iter_documents
    from kg.nlp.pipeline import get_nlp, model_entities
    from kg.segment import split_articles

    nlp = get_nlp(True)
    sentences = nlp.get_pipe("kg_sentences")
    inputs = []
    for document in iter_documents(paths):
        for article in split_articles(document):
            doc = nlp.make_doc(article.text)
            doc._.article = article
            doc = sentences(doc)
            tokens = [(t.text, t.idx, t.idx + len(t.text)) for t in doc]
            inputs.append((article.text, doc._.sentences, tokens))
    times, spans = [], None
    for _ in range(runs):
        start = time.process_time()
        spans = [model_entities(*x) for x in inputs]
        times.append(time.process_time() - start)
    digest = hashlib.sha256(json.dumps(spans).encode("utf-8")).hexdigest()[:16]
    return {"articles": len(inputs), "characters": sum(len(x[0]) for x in inputs), "first": times[0],
            "best": min(times), "spans": sum(map(len, spans)), "digest": digest}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--against", type=Path, default=None, help="another checkout with its own .venv")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)     # one result, for --against
    args = ap.parse_args(argv)
    paths = [str(Path(p).resolve()) for p in args.paths]
    if args.json:
        print(json.dumps(measure(paths, args.runs)))
        return 0
    here = Path(__file__).resolve().parent.parent
    checkouts = [("this", here)] + ([("against", args.against.resolve())] if args.against else [])
    results = {}
    for name, root in checkouts:       # each in a fresh process, in turns
        out = subprocess.run([str(root / ".venv" / "bin" / "python"), str(here / "benchmarks" / "ner_bench.py"),
                              *paths, "--runs", str(args.runs), "--json"], cwd=root, check=True,
                             capture_output=True, text=True).stdout
        results[name] = json.loads(out.strip().splitlines()[-1])
    for name, r in results.items():
        print(f"{name:8s} {r['articles']} articles, {r['characters']:,} characters: model_entities "
              f"{r['best']:.2f} CPU-s (best of {args.runs}; first run {r['first']:.2f}), "
              f"{r['characters'] / r['best']:,.0f} characters/s, {r['spans']} spans ({r['digest']})")
    if "against" in results:
        same = results["this"]["digest"] == results["against"]["digest"]
        print(f"ratio (against / this, best runs): {results['against']['best'] / results['this']['best']:.2f}; "
              f"same spans: {'yes' if same else 'NO'}")
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
