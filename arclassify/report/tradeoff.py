"""Precision and recall as a decision threshold moves, from probabilities and the truth."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

THRESHOLDS = np.round(np.linspace(0.0, 1.0, 101), 2)


def unknown_tradeoff(proba: np.ndarray, labels: Sequence[str], truth: Sequence[str],
                     thresholds: np.ndarray = THRESHOLDS) -> dict[str, list[float]]:
    """Single-label: as the ``unknown`` threshold moves, the precision of the answers given
    (correct / answered), their recall (correct / all rows) and the share answered."""
    n = len(truth)
    if n == 0:
        return {"threshold": list(map(float, thresholds)), "precision": [], "recall": [], "answered": []}
    best = proba.argmax(axis=1)
    top = proba[np.arange(n), best]
    correct = np.array([labels[i] == t for i, t in zip(best, truth)])
    precision, recall, answered = [], [], []
    for cut in thresholds:
        given = top >= cut
        hits = int((correct & given).sum())
        precision.append(hits / int(given.sum()) if given.any() else 1.0)
        recall.append(hits / n)
        answered.append(float(given.mean()))
    return {"threshold": list(map(float, thresholds)), "precision": precision, "recall": recall,
            "answered": answered}


def label_tradeoff(scores: np.ndarray, truth: Sequence[bool], thresholds: np.ndarray = THRESHOLDS
                   ) -> dict[str, list[float]]:
    """One label of a multi-label task: precision and recall of ``score >= threshold`` for each threshold."""
    positive = np.asarray(truth, dtype=bool)
    precision, recall = [], []
    for cut in thresholds:
        given = scores >= cut
        hits = int((given & positive).sum())
        precision.append(hits / int(given.sum()) if given.any() else 1.0)
        recall.append(hits / int(positive.sum()) if positive.any() else 0.0)
    return {"threshold": list(map(float, thresholds)), "precision": precision, "recall": recall}
