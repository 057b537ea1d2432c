"""Evaluation figures: per-label precision/recall/F1, macro and micro averages, confusion matrix."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import mean, pstdev
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    precision_recall_fscore_support,
)
from sklearn.preprocessing import MultiLabelBinarizer


def _rounded(value: float) -> float:
    return round(float(value), 4)


def _averages(y_true, y_pred, labels, average: str) -> dict[str, float]:
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=average, zero_division=0)
    return {"precision": _rounded(p), "recall": _rounded(r), "f1": _rounded(f)}


def classification_report(
    y_true: Sequence, y_pred: Sequence, labels: Sequence[str], multi_label: bool
) -> dict[str, Any]:
    """Figures for predictions against the truth.

    Single-label: ``labels`` are the model's labels; any other value in the truth or the
    predictions (such as ``unknown``) is added, and counts as a wrong answer for the others.
    Multi-label: ``y_true``/``y_pred`` hold lists of labels per example.
    """
    if multi_label:
        binarizer = MultiLabelBinarizer(classes=list(labels))
        truth = binarizer.fit_transform(y_true)
        predicted = binarizer.transform(y_pred)
        indices = list(range(len(labels)))
        eval_labels = list(labels)
    else:
        extra = sorted((set(y_true) | set(y_pred)) - set(labels))
        eval_labels = list(labels) + extra
        truth, predicted = list(y_true), list(y_pred)
        indices = eval_labels  # type: ignore[assignment]  # labels, or their positions for multi-label
    p, r, f, s = precision_recall_fscore_support(truth, predicted, labels=indices, zero_division=0)
    report: dict[str, Any] = {
        "n": len(y_true),
        "per_label": {
            label: {"precision": _rounded(p[i]), "recall": _rounded(r[i]), "f1": _rounded(f[i]), "support": int(s[i])}
            for i, label in enumerate(eval_labels)
        },
    }
    # Macro over labels that occur in the truth: a label with no example has no recall to average.
    present = [idx for idx, i in zip(indices, range(len(eval_labels))) if s[i] > 0]
    report["macro"] = _averages(truth, predicted, present, "macro")
    report["micro"] = _averages(truth, predicted, present, "micro")
    if multi_label:
        report["exact_match"] = _rounded(accuracy_score(truth, predicted))
    else:
        report["accuracy"] = _rounded(accuracy_score(truth, predicted))
        matrix = confusion_matrix(truth, predicted, labels=eval_labels)
        report["confusion"] = {"labels": eval_labels, "matrix": matrix.tolist()}
    return report


def summarize_folds(reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Mean and spread (population standard deviation) over cross-validation folds."""

    def spread(values: list[float]) -> dict[str, float]:
        return {"mean": _rounded(mean(values)), "std": _rounded(pstdev(values)), "min": _rounded(min(values)),
                "max": _rounded(max(values))}

    summary: dict[str, Any] = {"folds": len(reports)}
    summary["macro_f1"] = spread([r["macro"]["f1"] for r in reports])
    summary["micro_f1"] = spread([r["micro"]["f1"] for r in reports])
    key = "exact_match" if "exact_match" in reports[0] else "accuracy"
    summary[key] = spread([r[key] for r in reports])
    labels = list(dict.fromkeys(label for r in reports for label in r["per_label"]))
    summary["per_label_f1"] = {
        label: spread([r["per_label"][label]["f1"] for r in reports if label in r["per_label"]]) for label in labels
    }
    return summary


def confusion_total(reports: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The confusion matrices of several folds added up (single-label only)."""
    if not reports or "confusion" not in reports[0]:
        return None
    labels: list[str] = []
    for report in reports:
        labels += [label for label in report["confusion"]["labels"] if label not in labels]
    total = np.zeros((len(labels), len(labels)), dtype=int)
    for report in reports:
        idx = [labels.index(label) for label in report["confusion"]["labels"]]
        total[np.ix_(idx, idx)] += np.array(report["confusion"]["matrix"])
    return {"labels": labels, "matrix": total.tolist()}
