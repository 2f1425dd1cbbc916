"""Train the NER model from the public corpora and write it where the package ships it.

Steps: read the chosen corpora (kg.ner.corpora), map their types onto the project's, write
train/dev DocBins, then run spaCy's training loop with kg/ner/config.cfg on one CPU thread
with fixed seeds, stopping at ``max_steps`` or ``max_minutes``, whichever comes first. The
checkpoint with the best dev F1 (averaged weights) is written to ``output`` - no optimizer
state, only what spaCy needs to load the pipeline.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

CONFIG = Path(__file__).resolve().parent / "config.cfg"
# chosen by measurement on the PD98 held-out block (see README, "Statistical NER")
DEFAULT_CORPORA = ("pd98", "msra")
DEV_SPLIT = "msra-dev"
TRAIN_SPLITS = {
    "pd98": ("pd98-train",),
    "msra": ("msra-train",),
    "cluener": ("cluener-train",),
    "resume": ("resume-train",),
}


def single_thread() -> None:
    """Keep numerical libraries on one core (the machine is shared); call before importing numpy."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(var, "1")


@dataclass
class TrainReport:
    output: Path
    steps: int
    seconds: float
    best_dev_f1: float
    n_train: int
    n_dev: int
    corpora: tuple[str, ...]
    log: list[dict] = field(default_factory=list)


def build_docbins(data: Path, corpora: Sequence[str], workdir: Path, types: set[str] | None,
                  limit: int | None = None) -> tuple[Path, Path, int, int]:
    """Write train.spacy and dev.spacy into ``workdir``; return their paths and sizes."""
    import spacy

    from kg.ner.corpora import MISSING_IN_TRAINING, load_split, to_docbin

    unknown = [c for c in corpora if c not in TRAIN_SPLITS]
    if unknown:
        raise ValueError(f"unknown corpus {unknown[0]!r}; choose from {', '.join(TRAIN_SPLITS)}")
    plain = spacy.blank("zh")       # character segmentation: reference docs need no features
    train = []
    for corpus in corpora:
        for split in TRAIN_SPLITS[corpus]:
            sents = load_split(data, split, types)
            train.extend(sents[:limit] if limit else sents)
    dev = load_split(data, DEV_SPLIT, types)
    workdir.mkdir(parents=True, exist_ok=True)
    train_path, dev_path = workdir / "train.spacy", workdir / "dev.spacy"
    to_docbin(train, plain, MISSING_IN_TRAINING).to_disk(train_path)
    to_docbin(dev, plain).to_disk(dev_path)
    return train_path, dev_path, len(train), len(dev)


def forget_paths(config_path: Path) -> None:
    """Clear the temporary DocBin paths from a saved model's config (they mean nothing elsewhere)."""
    from spacy import util

    config = util.load_config(config_path, interpolate=False)
    for key in ("train", "dev"):
        config["paths"][key] = None
    config.to_disk(config_path)


def prune_strings(model_dir: Path, keep: Sequence[str]) -> None:
    """Empty the saved string table but for ``keep`` (the labels).

    It holds every bigram and lexicon feature seen in training (~1.7 MB); features are hashed
    from the text at run time, so the table is not needed to tag (outputs are identical).
    """
    path = model_dir / "vocab" / "strings.json"
    path.write_text(json.dumps(sorted(keep), ensure_ascii=False), encoding="utf-8")


def train(data: Path, output: Path, corpora: Sequence[str] = DEFAULT_CORPORA, *,
          max_steps: int = 20000, max_minutes: float = 45.0, lexicon: bool = True, bigrams: bool = True,
          types: set[str] | None = None, seed: int | None = None, limit: int | None = None,
          overrides: dict | None = None, echo: Callable[[str], None] = lambda s: print(s, file=sys.stderr)
          ) -> TrainReport:
    """Train and write the best checkpoint to ``output`` (replaced). See module docstring."""
    single_thread()
    from spacy import util
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import create_evaluation_callback, create_train_batches, train_while_improving
    from thinc.api import fix_random_seed

    import kg.ner.tokenizer  # noqa: F401  (registers kg.char_tokenizer.v1)

    data, output = Path(data), Path(output)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kg-ner-") as tmp:
        tmp = Path(tmp)
        train_path, dev_path, n_train, n_dev = build_docbins(data, corpora, tmp, types, limit)
        echo(f"training data: {n_train} sentences from {', '.join(corpora)}; dev: {n_dev} ({DEV_SPLIT})")
        cfg_overrides = {
            "paths.train": str(train_path),
            "paths.dev": str(dev_path),
            "training.max_steps": max_steps,
            "nlp.tokenizer.lexicon": lexicon,
            "nlp.tokenizer.bigrams": bigrams,
        }
        if seed is not None:
            cfg_overrides["system.seed"] = seed
        if not lexicon:
            cfg_overrides["components.tok2vec.model.embed.attrs"] = ["NORM", "LEMMA", "SHAPE"] if bigrams else ["NORM", "SHAPE"]
            cfg_overrides["components.tok2vec.model.embed.rows"] = [5000, 8000, 50] if bigrams else [5000, 50]
        elif not bigrams:
            cfg_overrides["components.tok2vec.model.embed.attrs"] = ["NORM", "TAG", "SHAPE"]
            cfg_overrides["components.tok2vec.model.embed.rows"] = [5000, 1000, 50]
        cfg_overrides.update(overrides or {})
        config = util.load_config(CONFIG, overrides=cfg_overrides, interpolate=False)
        fix_random_seed(config["system"]["seed"])
        nlp = init_nlp(config, use_gpu=-1)
        T = util.registry.resolve(nlp.config.interpolate()["training"])
        train_corpus, dev_corpus = util.resolve_dot_names(nlp.config.interpolate(), [T["train_corpus"], T["dev_corpus"]])
        optimizer = T["optimizer"]
        steps = train_while_improving(
            nlp, optimizer,
            create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]),
            create_evaluation_callback(nlp, dev_corpus, T["score_weights"]),
            dropout=T["dropout"], accumulate_gradient=T["accumulate_gradient"], patience=T["patience"],
            max_steps=T["max_steps"], eval_frequency=T["eval_frequency"], exclude=[],
            annotating_components=[], before_update=None,
        )
        best, best_step, log, step = -1.0, 0, [], 0
        staging = tmp / "best"
        for _batch, info, is_best in steps:
            step = info["step"]
            if is_best is not None:
                f1 = float(info["other_scores"].get("ents_f") or 0.0)
                elapsed = time.monotonic() - started
                log.append({"step": step, "epoch": info["epoch"], "dev_f1": round(f1, 4),
                            "loss_ner": round(float(info["losses"].get("ner", 0.0)), 1), "seconds": round(elapsed)})
                echo(f"step {step:6d}  epoch {info['epoch']:3d}  dev F1 {f1:.4f}  {elapsed:6.0f}s" + ("  *" if is_best else ""))
                if is_best:
                    best, best_step = f1, step
                    if staging.exists():
                        shutil.rmtree(staging)
                    with nlp.use_params(optimizer.averages):
                        nlp.to_disk(staging)
                if elapsed > max_minutes * 60:
                    echo(f"time limit of {max_minutes} minutes reached")
                    break
        if not staging.exists():
            raise RuntimeError("training ended before the first evaluation: raise max_steps")
        forget_paths(staging / "config.cfg")
        prune_strings(staging, nlp.get_pipe("ner").labels)
        meta_path = staging / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta.update({
            "name": "cnnews_kg_ner",
            "description": "Character-level Chinese NER (PER, ORG, LOC, TITLE) trained by `kg train-ner`",
            "sources": [{"name": c, "license": "research data, no licence file"} for c in corpora],
            "kg_training": {"corpora": list(corpora), "train_sentences": n_train, "dev_split": DEV_SPLIT,
                            "dev_f1": round(best, 4), "best_step": best_step, "steps": step, "log": log},
        })
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, output)
    return TrainReport(output, step, time.monotonic() - started, best, n_train, n_dev, tuple(corpora), log)
