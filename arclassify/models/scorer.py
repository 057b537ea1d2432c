"""Probabilities of fitted linear classifiers, computed from their weights alone.

A :class:`LinearScorer` holds what scikit-learn's logistic regression, SGD (log loss) and
sigmoid-calibrated linear SVM need to predict, as arrays, and computes the same probabilities
(the tests compare them), so a model file needs no pickle. Multi-label models hold one binary
head per label and a decision threshold for each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import expit

from arclassify.errors import ModelFileError
from arclassify.weights import WeightsBuilder, WeightsReader

# softmax: multinomial logistic regression; logistic: any binary model with one weight row;
# ovr: one-vs-rest sigmoid rows normalised to sum 1 (SGD with log loss); calibrated: linear SVMs
# whose decision values go through a fitted sigmoid, averaged over the calibration folds.
HEAD_KINDS = ("softmax", "logistic", "ovr", "calibrated")


@dataclass
class Head:
    """One linear model: weights ``W`` (folds x rows x features), intercepts ``b`` (folds x rows),
    and for calibrated heads the sigmoid's ``a`` and ``c`` (folds x rows)."""

    kind: str
    W: np.ndarray
    b: np.ndarray
    a: np.ndarray | None = None
    c: np.ndarray | None = None

    @property
    def outputs(self) -> int:
        """Weight rows over all folds: the width of :meth:`proba_of_scores`' input."""
        return self.W.shape[0] * self.W.shape[1]

    def proba(self, X: Any) -> np.ndarray:
        """Probabilities per class (two columns for a binary head)."""
        return self.proba_of_scores(np.hstack([np.asarray(X @ self.W[fold].T) for fold in range(self.W.shape[0])]))

    def proba_of_scores(self, scores: np.ndarray) -> np.ndarray:
        """Probabilities from ``X @ W.T`` of every fold side by side (before the intercepts)."""
        folds, rows = self.W.shape[:2]
        total = None
        for fold in range(folds):
            decision = scores[:, fold * rows : (fold + 1) * rows] + self.b[fold]
            proba = self._fold_proba(decision, fold)
            total = proba if total is None else total + proba
        assert total is not None
        return total / folds if folds > 1 else total

    def _fold_proba(self, decision: np.ndarray, fold: int) -> np.ndarray:
        if self.kind == "softmax":
            decision = decision - decision.max(axis=1, keepdims=True)
            np.exp(decision, out=decision)
            return decision / decision.sum(axis=1, keepdims=True)
        if self.kind in ("logistic", "ovr"):
            proba = expit(decision)
            if proba.shape[1] == 1:
                return np.hstack([1 - proba, proba])
            return proba / proba.sum(axis=1, keepdims=True)
        assert self.a is not None and self.c is not None
        proba = expit(-(self.a[fold] * decision + self.c[fold]))
        if proba.shape[1] == 1:
            proba = np.hstack([1.0 - proba, proba])
        else:
            total = proba.sum(axis=1, keepdims=True)
            proba = np.divide(proba, total, out=np.full_like(proba, 1 / proba.shape[1]), where=total != 0)
        proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
        return proba

    def weights(self) -> np.ndarray:
        """Feature weights per class (a binary head gets -w and +w), averaged over folds."""
        coef = self.W.mean(axis=0) if self.W.shape[0] > 1 else self.W[0]
        coef = np.asarray(coef, dtype=np.float64)
        return np.vstack([-coef[0], coef[0]]) if coef.shape[0] == 1 else coef


@dataclass
class LinearScorer:
    """Single-label: one head over ``classes``. Multi-label: a binary head and a threshold per label."""

    heads: list[Head]
    classes: list[str]
    multi_label: bool
    thresholds: list[float] | None = None

    def proba(self, X: sp.spmatrix) -> np.ndarray:
        """Probability per class (single-label, in ``classes`` order) or per label (multi-label)."""
        if self.multi_label:
            return np.column_stack([head.proba(X)[:, 1] for head in self.heads])
        return self.heads[0].proba(X)

    def stacked_weights(self) -> np.ndarray:
        """Every head's weight rows (all folds) as the columns of one features x outputs array
        (C order, in the weights' precision), for scoring without a matrix (see :meth:`proba_of_scores`)."""
        rows = [head.W.reshape(head.outputs, head.W.shape[2]) for head in self.heads]
        return np.ascontiguousarray(np.concatenate(rows).T)

    def proba_of_scores(self, scores: np.ndarray) -> np.ndarray:
        """:meth:`proba` from ``X @ stacked_weights()`` instead of ``X``."""
        parts, start = [], 0
        for head in self.heads:
            parts.append(head.proba_of_scores(scores[:, start : start + head.outputs]))
            start += head.outputs
        if self.multi_label:
            return np.column_stack([part[:, 1] for part in parts])
        return parts[0]

    def weights(self) -> np.ndarray:
        """Feature weights per output: per class, or per label (its positive side)."""
        if self.multi_label:
            return np.vstack([head.weights()[-1] for head in self.heads])
        return self.heads[0].weights()

    def to_weights(self, weights: WeightsBuilder, prefix: str = "scorer") -> dict[str, Any]:
        """Add the heads' arrays to ``weights``; return the kinds, classes and thresholds."""
        for i, head in enumerate(self.heads):
            arrays = {"W": head.W, "b": head.b}
            if head.kind == "calibrated":
                assert head.a is not None and head.c is not None
                arrays.update(a=head.a, c=head.c)
            weights.add(f"{prefix}.{i}", arrays)
        return {"heads": [head.kind for head in self.heads], "classes": list(self.classes),
                "multi_label": self.multi_label, "thresholds": self.thresholds}

    @classmethod
    def from_weights(cls, layout: dict[str, Any], weights: WeightsReader) -> LinearScorer:
        heads = []
        for i, kind in enumerate(layout["heads"]):
            if kind not in HEAD_KINDS:
                raise ModelFileError(f"{weights.source}: unknown classifier head {kind!r} (known: {', '.join(HEAD_KINDS)})")
            part = weights.part(str(i))
            W, b = part.array("W"), part.array("b")
            a, c = (part.array("a"), part.array("c")) if kind == "calibrated" else (None, None)
            if W.ndim != 3 or b.shape != W.shape[:2]:
                raise ModelFileError(f"{weights.source}: classifier head {i} has weights of shape {W.shape} "
                                     f"and intercepts of shape {b.shape}")
            heads.append(Head(kind, W, b, a, c))
        return cls(heads, list(layout["classes"]), bool(layout["multi_label"]), layout.get("thresholds"))


def _head_from_sklearn(estimator: Any) -> Head:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.model_selection import TunedThresholdClassifierCV

    if isinstance(estimator, TunedThresholdClassifierCV):
        return _head_from_sklearn(estimator.estimator_)
    if isinstance(estimator, CalibratedClassifierCV):
        folds = estimator.calibrated_classifiers_
        for fold in folds:
            if list(fold.estimator.classes_) != list(estimator.classes_):
                raise TypeError("a calibration fold lacks a class; it cannot be stored as weights")
            if type(fold.calibrators[0]).__name__ != "_SigmoidCalibration":
                raise TypeError("only sigmoid calibration can be stored as weights")
        W = np.stack([np.atleast_2d(f.estimator.coef_) for f in folds])
        b = np.stack([np.atleast_1d(f.estimator.intercept_) for f in folds])
        a = np.stack([np.array([cal.a_ for cal in f.calibrators], dtype=np.float64) for f in folds])
        c = np.stack([np.array([cal.b_ for cal in f.calibrators], dtype=np.float64) for f in folds])
        return Head("calibrated", W, b, a, c)
    if isinstance(estimator, (LogisticRegression, SGDClassifier)):
        if isinstance(estimator, SGDClassifier) and estimator.loss != "log_loss":
            raise TypeError(f"SGDClassifier with loss {estimator.loss!r} has no probabilities")
        coef = np.atleast_2d(estimator.coef_)
        intercept = np.atleast_1d(estimator.intercept_)
        multinomial = "softmax" if isinstance(estimator, LogisticRegression) else "ovr"
        kind = "logistic" if len(estimator.classes_) == 2 else multinomial
        return Head(kind, coef[np.newaxis], intercept[np.newaxis])
    raise TypeError(f"{type(estimator).__name__} cannot be stored as weights")


def scorer_from_sklearn(classifier: Any) -> LinearScorer:
    """The :class:`LinearScorer` of a fitted classifier built by :func:`build_classifier`."""
    from sklearn.multiclass import OneVsRestClassifier

    if isinstance(classifier, OneVsRestClassifier):
        heads = [_head_from_sklearn(e) for e in classifier.estimators_]
        thresholds = [float(getattr(e, "best_threshold_", 0.5)) for e in classifier.estimators_]
        return LinearScorer(heads, [str(c) for c in classifier.classes_], True, thresholds)
    return LinearScorer([_head_from_sklearn(classifier)], [str(c) for c in classifier.classes_], False)
