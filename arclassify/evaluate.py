"""Evaluate a trained model on labelled examples."""

from __future__ import annotations

import sys
import warnings
from collections import Counter
from typing import Any

import numpy as np

from arclassify.config.schema import UNKNOWN
from arclassify.data.examples import Examples
from arclassify.errors import DataError
from arclassify.metrics import classification_report
from arclassify.models.base import Model


def unknown_labels(model: Model, examples: Examples) -> Counter:
    """Labels in the data that the model does not know, with their counts.

    Raises :class:`DataError` when the data holds no label the model knows: figures would mean nothing.
    """
    known = set(model.labels)
    counts: Counter = Counter()
    for labels in examples.labels:
        counts.update(labels if model.multi_label else [labels])
    unknown = Counter({label: n for label, n in counts.items() if label not in known})
    if counts and not set(counts) & known:
        shown = ", ".join(f"{label!r} ({n})" for label, n in unknown.most_common(8))
        raise DataError(f"{examples.source}: none of the data's labels is one the model {model.name!r} knows "
                        f"({', '.join(model.labels)}); found {shown}")
    return unknown


def evaluate_with_probabilities(model: Model, examples: Examples, progress: bool = False,
                                chunk_size: int = 1000) -> tuple[dict[str, Any], np.ndarray]:
    """The evaluation report, and the probabilities it was computed from (a progress bar on stderr if asked)."""
    from tqdm import tqdm

    unknown = unknown_labels(model, examples)  # first: refuse data with no known label before the work
    inputs = examples.inputs()
    starts = range(0, len(inputs), chunk_size)
    parts = [model.probabilities(inputs[start : start + chunk_size])
             for start in tqdm(starts, desc="evaluating", unit="chunk", file=sys.stderr, disable=not progress)]
    proba = np.vstack(parts) if parts else np.zeros((0, len(model.labels)))
    predicted = model.decide(proba)
    with warnings.catch_warnings():  # unknown labels are reported once, by name and count, below
        warnings.filterwarnings("ignore", message="unknown class", category=UserWarning)
        report = classification_report(examples.labels, predicted, model.labels, model.multi_label)
    report["model"] = model.name
    report["data"] = {"source": examples.source, **examples.fingerprint()}
    if unknown:
        report["labels_unknown_to_model"] = dict(unknown.most_common())
    if not model.multi_label:
        report["unknown_rate"] = round(sum(p == UNKNOWN for p in predicted) / len(predicted), 4)
    return report, proba


def evaluate(model: Model, examples: Examples) -> dict[str, Any]:
    """Per-label precision, recall and F1, macro and micro averages (and a confusion matrix)."""
    return evaluate_with_probabilities(model, examples)[0]
