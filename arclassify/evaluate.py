"""Evaluate a trained model on labelled examples."""

from __future__ import annotations

from typing import Any

from arclassify.metrics import classification_report
from arclassify.models.linear import Model
from arclassify.data.examples import Examples
from arclassify.config.schema import UNKNOWN


def evaluate(model: Model, examples: Examples) -> dict[str, Any]:
    """Per-label precision, recall and F1, macro and micro averages (and a confusion matrix)."""
    predicted = model.predict(examples.inputs())
    report = classification_report(examples.labels, predicted, model.labels, model.multi_label)
    report["model"] = model.name
    report["data"] = {"source": examples.source, **examples.fingerprint()}
    if not model.multi_label:
        report["unknown_rate"] = round(sum(p == UNKNOWN for p in predicted) / len(predicted), 4)
    return report
