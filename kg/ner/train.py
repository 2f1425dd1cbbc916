"""Train the NER model from the public corpora and write it where the package ships it.

Steps: read the chosen corpora (kg.ner.corpora) with their types mapped onto the project's,
turn every sentence into per-character features (kg.ner.features) and BIO tags, train a CRF
with CRFsuite's L-BFGS (one thread; the result depends only on the data and the settings), score
it on the MSRA dev split, and save it as a spaCy pipeline folder (kg.ner.crf) to ``output``.
Settings come from the ``[crf]`` section of kg/ner/config.cfg; keyword arguments override them.

By default the held-out blocks of kg.ner.corpora are left out, so benchmarks/ner_eval.py measures
the model on sentences it never saw. ``all_data=True`` trains on every annotated sentence (the
settings having been chosen on held-out scores); the model's meta.json lists the splits it was
trained on, and the benchmark says when a split it scores was among them.
"""
from __future__ import annotations

import dataclasses
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

CONFIG = Path(__file__).resolve().parent / "config.cfg"
DEV_SPLIT = "msra-dev"
TRAIN_SPLITS = {
    "pd98": ("pd98-train",),
    "msra": ("msra-train",),
    "msra_train": ("msra_train-train",),
    "pd98_nerpy": ("pd98_nerpy-train",),
    "cluener": ("cluener-train",),
    "resume": ("resume-train",),
}
# with all_data=True: every annotated sentence of the corpus, held-out blocks included
ALL_DATA_SPLITS = {**TRAIN_SPLITS, "pd98": ("pd98-all",), "msra": ("msra-all",),
                   "msra_train": ("msra_train-all",), "pd98_nerpy": ("pd98_nerpy-all",)}


@dataclass
class TrainReport:
    output: Path
    iterations: int
    seconds: float
    dev_f1: float
    dev_held_out: bool
    n_train: int
    n_dev: int
    corpora: tuple[str, ...]
    log: list[dict] = field(default_factory=list)


def load_settings(overrides: Mapping | None = None) -> dict:
    """The ``[crf]`` section of kg/ner/config.cfg with ``overrides`` (None values ignored) applied."""
    from spacy import util

    settings = dict(util.load_config(CONFIG)["crf"])
    settings["features"] = dict(settings.get("features", {}))
    for key, value in (overrides or {}).items():
        if value is not None:
            settings[key] = value
    unknown = [c for c in settings["corpora"] if c not in TRAIN_SPLITS]
    if unknown:
        raise ValueError(f"unknown corpus {unknown[0]!r}; choose from {', '.join(TRAIN_SPLITS)}")
    return settings


def training_splits(corpora: Sequence[str], all_data: bool = False) -> list[str]:
    table = ALL_DATA_SPLITS if all_data else TRAIN_SPLITS
    return [split for corpus in corpora for split in table[corpus]]


def training_sentences(data: Path, corpora: Sequence[str], weights: Mapping[str, int],
                       types: set[str] | None, limit: int | None = None, all_data: bool = False,
                       limits: Mapping[str, int] | None = None):
    """The training sentences of ``corpora``, each repeated ``weights[corpus]`` times (one copy
    after the other); ``limit`` keeps the first sentences of every corpus, ``limits`` of some."""
    from kg.ner.corpora import load_split

    out = []
    for corpus in corpora:
        sents = [s for split in training_splits([corpus], all_data) for s in load_split(data, split, types)]
        caps = [x for x in (limit, (limits or {}).get(corpus)) if x]
        if caps:
            sents = sents[:min(caps)]
        repeat = max(1, int(weights.get(corpus, 1)))
        out.extend(s for s in sents for _ in range(repeat))
    return out


def train(data: Path, output: Path, corpora: Sequence[str] | None = None, *,
          types: set[str] | None = None, c1: float | None = None, c2: float | None = None,
          max_iterations: int | None = None, limit: int | None = None, all_data: bool | None = None,
          echo: Callable[[str], None] = lambda s: print(s, file=sys.stderr)) -> TrainReport:
    """Train and write the model to ``output`` (replaced). See the module docstring."""
    import pycrfsuite
    from spacy import util

    from kg.ner.corpora import load_split, seen_splits
    from kg.ner.crf import CrfNer
    from kg.ner.evaluate import score
    from kg.ner.features import FeatureConfig, Featurizer, spans_to_tags
    from kg.ner.tokens import configuration, segment

    settings = load_settings({"corpora": list(corpora) if corpora else None, "c1": c1, "c2": c2,
                              "max_iterations": max_iterations, "all_data": all_data})
    all_data = bool(settings.get("all_data", False))
    features = dataclasses.replace(FeatureConfig.default(), **settings["features"])
    featurize = Featurizer(features)
    data, output = Path(data), Path(output)
    started = time.monotonic()

    splits = training_splits(settings["corpora"], all_data)
    train_sents = training_sentences(data, settings["corpora"], settings["weights"], types, limit, all_data,
                                     settings.get("limits"))
    dev = load_split(data, DEV_SPLIT, types)
    echo(f"training data: {len(train_sents)} sentences from {', '.join(splits)} "
         f"(weights {dict(settings['weights'])}); dev: {len(dev)} ({DEV_SPLIT}"
         f"{', trained on too' if DEV_SPLIT in seen_splits(splits) else ''})")
    log: list[dict] = []

    class Trainer(pycrfsuite.Trainer):
        """Progress every ten iterations through ``echo`` (CRFsuite's own log is not printed)."""

        def message(self, text):
            if self.logparser.feed(text) != "iteration":
                return
            info = self.logparser.last_iteration
            n = info.get("num", 0)
            if n % 10 == 0 or n == 1:
                elapsed = time.monotonic() - started
                log.append({"iteration": n, "loss": round(info.get("loss", 0.0), 1)})   # no times: same bytes each run
                echo(f"iteration {n:4d}  loss {info.get('loss', 0.0):12.1f}  {elapsed:6.0f}s")

    trainer = Trainer(verbose=False)
    cache: dict[str, list[list[str]]] = {}     # repeated sentences are featurized once
    for k, sent in enumerate(train_sents, 1):
        xseq = cache.get(sent.text)
        if xseq is None:
            xseq = cache[sent.text] = featurize(sent.text, segment([sent.text])[0])
        trainer.append(xseq, spans_to_tags(len(sent.text), sent.spans))
        if k % 5000 == 0:
            echo(f"features: {k}/{len(train_sents)} sentences")
    cache.clear()
    trainer.set_params({"c1": float(settings["c1"]), "c2": float(settings["c2"]),
                        "max_iterations": int(settings["max_iterations"]),
                        "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory(prefix="kg-ner-") as tmp:
        tmp = Path(tmp)
        model_file = tmp / "model.crfsuite"
        trainer.train(str(model_file))
        iterations = len(trainer.logparser.iterations)

        config = util.load_config(CONFIG)
        nlp = util.load_model_from_config(config, auto_fill=True)
        component: CrfNer = nlp.get_pipe("ner")
        component.load(model_file, features)
        dev_scores = score([s.spans for s in dev], component.predict([s.text for s in dev]))
        dev_f1 = dev_scores["micro"].f1
        held_out = DEV_SPLIT not in seen_splits(splits)
        echo(f"dev F1 {dev_f1:.4f} ({DEV_SPLIT}{'' if held_out else ', trained on: not a held-out score'})")

        staging = tmp / "model"
        nlp.meta.update({
            "name": "cnnews_kg_ner",
            "version": "1.0.0",
            "description": f"Character-level Chinese NER (CRF; {', '.join(component.labels)}) trained by `kg train-ner`",
            "sources": [{"name": c, "license": "research data, no licence file"} for c in settings["corpora"]],
            "kg_training": {"corpora": list(settings["corpora"]), "splits": splits,
                            "weights": dict(settings["weights"]), "limits": dict(settings.get("limits", {})),
                            "train_sentences": len(train_sents), "c1": settings["c1"], "c2": settings["c2"],
                            "iterations": iterations, "dev_split": DEV_SPLIT, "dev_f1": round(dev_f1, 4),
                            "dev_held_out": held_out,
                            "labels": list(component.labels), "log": log,
                            "segmentation": configuration()},
        })
        nlp.to_disk(staging)
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, output)
    return TrainReport(output, iterations, time.monotonic() - started, dev_f1, held_out, len(train_sents), len(dev),
                       tuple(settings["corpora"]), log)
