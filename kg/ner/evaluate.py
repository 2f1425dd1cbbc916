"""Exact-match entity scoring: precision, recall and F1 per type and micro-averaged.

An entity counts as correct only when start, end and type all match the gold span
(the CoNLL convention used by the published People's Daily / MSRA / CLUENER figures).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

Span = tuple[int, int, str]


@dataclass(frozen=True)
class PRF:
    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Sequence[Iterable[Span]], pred: Sequence[Iterable[Span]],
          types: Iterable[str] | None = None) -> dict[str, PRF]:
    """Per-type and ``"micro"`` scores over parallel lists of gold and predicted spans.

    With ``types``, spans of other types are ignored on both sides.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    wanted = set(types) if types is not None else None
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        gs = {s for s in g if wanted is None or s[2] in wanted}
        ps = {s for s in p if wanted is None or s[2] in wanted}
        for s in gs:
            n_gold[s[2]] += 1
        for s in ps:
            n_pred[s[2]] += 1
        for s in gs & ps:
            tp[s[2]] += 1
    labels = sorted(set(n_gold) | set(n_pred) | (wanted or set()))
    out = {t: PRF(tp[t], n_pred[t], n_gold[t]) for t in labels}
    out["micro"] = PRF(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return out
