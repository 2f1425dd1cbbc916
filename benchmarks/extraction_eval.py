#!/usr/bin/env python3
"""Extraction quality: precision, recall and F1 per article and in total.

    python benchmarks/extraction_eval.py [--no-model] [--shared ../shared]

Builds each article set twice, from its clean text and from the same text with newspaper-page
layout noise (lines hard-wrapped at a column width, blank lines inside sentences, spaces between
characters; deterministic), and scores both against the gold files with kg.evaluate (the same
reading as ../shared/eval/score.py):

- the seed page (../shared/corpus/seed, gold ../shared/gold/youth-daily-page.gold.json);
- the six dev articles (../shared/corpus/dev/articles.jsonl, gold ../shared/gold/dev/);
- benchmarks/heldout/: four short articles written for the project and never used to tune rules.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


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


def score_file(graph_path: Path, gold_paths: list[Path]):
    from kg.evaluate import load_gold, load_graph, overall, score

    rows, _ = score(load_graph(graph_path), load_gold(gold_paths))
    return overall(rows)


def build(inputs: list[Path], out: Path, use_model: bool, published=None) -> Path:
    from kg.pipeline import build_dataset
    from kg.sinks import serialize_dataset

    ds = build_dataset(inputs, published=published, use_model=use_model)
    out.write_text(serialize_dataset(ds, "trig"), encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--no-model", action="store_true", help="rule-based entities only")
    args = ap.parse_args(argv)
    use_model = not args.no_model
    tmp = Path(tempfile.mkdtemp(prefix="kg-eval-"))
    rows = []

    def run(name: str, make_inputs, gold: list[Path]):
        for variant in ("clean", "noisy"):
            inputs = make_inputs(variant)
            result = score_file(build(inputs, tmp / f"{name}-{variant}.trig", use_model), gold)
            rows.append((name, variant, result))

    def jsonl_set(path: Path, only: str | None = None):
        def make(variant):
            out = tmp / f"{path.stem}-{only or 'all'}-{variant}.jsonl"
            with out.open("w", encoding="utf-8") as f:
                for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                    obj = json.loads(line)
                    if only and obj["id"] != only:
                        continue
                    if variant == "noisy":
                        obj["text"] = add_layout_noise(obj["text"], seed=i)
                    f.write(json.dumps(obj, ensure_ascii=False) + "\n")
            return [out]
        return make

    seed_page = args.shared / "corpus" / "seed" / "youth-daily-page.txt"
    if seed_page.exists():
        def seed_inputs(variant):
            if variant == "clean":
                return [seed_page]
            # the page is already cut from print: add more of the same (spaced lines, CRLF)
            rng = random.Random(1)
            lines = seed_page.read_text(encoding="utf-8").split("\n")
            lines = [" ".join(line) if rng.random() < 0.2 else line for line in lines]
            noisy = tmp / "seed-noisy.txt"
            noisy.write_bytes("\r\n".join(lines).encode("gb18030"))
            return [noisy]
        run("seed page", seed_inputs, [args.shared / "gold" / "youth-daily-page.gold.json"])
    dev = args.shared / "corpus" / "dev" / "articles.jsonl"
    if dev.exists():
        for line in dev.read_text(encoding="utf-8").splitlines():
            art = json.loads(line)["id"]
            gold = args.shared / "gold" / "dev" / f"{art.split('-')[-1]}.gold.json"
            run(art, jsonl_set(dev, art), [gold])
        run("dev (all six)", jsonl_set(dev), sorted((args.shared / "gold" / "dev").glob("*.gold.json")))
    heldout = HERE / "heldout"
    run("held-out (four)", jsonl_set(heldout / "articles.jsonl"), [heldout / "heldout.gold.json"])

    print("| set | text | precision | recall | F1 |\n|---|---|---|---|---|")
    for name, variant, r in rows:
        print(f"| {name} | {variant} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} |")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
