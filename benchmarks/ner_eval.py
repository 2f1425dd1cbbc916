"""Benchmark an NER model on held-out splits of the public corpora.

    python benchmarks/ner_eval.py --train-held-out     # the README's figures (trains ~2 min first)
    python benchmarks/ner_eval.py [--data ../shared/data/ner] [--model kg/ner/model]
                                  [--splits pd98-heldout,msra-heldout,cluener-dev] [--limit N]
                                  [--jieba-alignment]

Prints precision / recall / F1 per type and micro-averaged (exact span and type match) for each
split, and the tagging throughput in characters per second on one CPU thread.

The shipped model is trained on every annotated sentence, held-out blocks included (kg/ner/
config.cfg, ``all_data``), so its scores on them are not held-out scores and the benchmark says
so. ``--train-held-out`` first trains a model with the shipped settings but without the held-out
blocks (``kg train-ner --hold-out``) into a temporary folder and scores that one. The held-out
splits (kg/ner/corpora.py defines them):

* pd98-heldout  - last 30% of People's Daily 1998 example.dev (closest to the PD98 test set)
* msra-heldout  - last 1000 sentences of MSRA test
* cluener-dev   - CLUENER2020 dev, types mapped (name->PER, organization/company/government->ORG,
                  address/scene->LOC, position->TITLE); TITLE is scored when the model has it
* resume-test   - Resume NER test (NAME->PER, ORG, LOC, TITLE), out-of-domain

``--jieba-alignment`` also prints how many gold entities start and end on jieba word
boundaries (the ceiling of a jieba-token model), the measurement behind character tokens.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_DATA = REPO.parent / "shared" / "data" / "ner"
DEFAULT_SPLITS = "pd98-heldout,msra-heldout,cluener-dev"


def jieba_alignment(sentences) -> tuple[int, int]:
    import jieba

    jieba.setLogLevel(60)
    aligned = total = 0
    for sent in sentences:
        bounds, pos = {0}, 0
        for word in jieba.cut(sent.text, HMM=True):
            pos += len(word)
            bounds.add(pos)
        for start, end, _ in sent.spans:
            total += 1
            aligned += start in bounds and end in bounds
    return aligned, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--model", type=Path, default=None, help="model directory (default: the shipped one)")
    ap.add_argument("--splits", default=DEFAULT_SPLITS)
    ap.add_argument("--limit", type=int, default=None, help="first N sentences of each split")
    ap.add_argument("--jieba-alignment", action="store_true")
    ap.add_argument("--train-held-out", action="store_true",
                    help="train a model without the held-out blocks (about 2 minutes) and score it")
    args = ap.parse_args(argv)

    from kg.ner import MODEL_DIR, NerTagger
    from kg.ner.corpora import load_split, seen_splits
    from kg.ner.evaluate import score

    if not args.data.is_dir():
        print(f"error: no corpora at {args.data}", file=sys.stderr)
        return 2
    model = args.model or MODEL_DIR
    if args.train_held_out:
        import atexit
        import shutil
        import tempfile

        from kg.ner.train import train

        workdir = tempfile.mkdtemp(prefix="kg-ner-heldout-")
        atexit.register(shutil.rmtree, workdir, ignore_errors=True)
        model = Path(workdir) / "model"
        print(f"training a held-out model into {model} ...", file=sys.stderr)
        train(args.data, model, all_data=False, echo=lambda line: None)
    if not (model / "config.cfg").is_file():
        print(f"error: no model at {model} (run `kg train-ner`)", file=sys.stderr)
        return 2
    tagger = NerTagger(model)
    tagger.tag(["预热：新华社北京电。"])       # load lazily-built resources before timing
    labels = set(tagger.labels)
    trained_on = tagger.nlp.meta.get("kg_training", {}).get("splits", [])
    seen = seen_splits(trained_on)
    print(f"model: {model}  labels: {', '.join(sorted(labels))}  trained on: {', '.join(trained_on) or '?'}")
    print(f"{'split':14s} {'type':6s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>6s} {'pred':>6s}")
    total_chars, total_secs = 0, 0.0
    for split in args.splits.split(","):
        sents = load_split(args.data, split.strip())
        if args.limit:
            sents = sents[: args.limit]
        texts = [s.text for s in sents]
        t0 = time.perf_counter()
        pred = tagger.tag(texts)
        total_secs += time.perf_counter() - t0
        total_chars += sum(map(len, texts))
        gold_types = {t for s in sents for _, _, t in s.spans}
        types = sorted(gold_types & labels)
        result = score([s.spans for s in sents], pred, types=types)
        for t in types + ["micro"]:
            r = result[t]
            print(f"{split:14s} {t:6s} {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} {r.n_gold:6d} {r.n_pred:6d}")
        if split.strip() in seen:
            print(f"{split:14s} NOT HELD OUT: this model was trained on these sentences "
                  f"(held-out scores: `kg train-ner --hold-out -o DIR`, then --model DIR)")
        if args.jieba_alignment:
            a, n = jieba_alignment(sents)
            print(f"{split:14s} jieba: {a}/{n} gold entities ({a / max(n, 1):.1%}) fall on word boundaries")
    print(f"throughput: {total_chars / total_secs:,.0f} characters/second on one thread "
          f"({total_chars:,} characters in {total_secs:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
