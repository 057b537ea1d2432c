"""Checks on a labelled training set against its task schema, before any training starts."""

from __future__ import annotations

from collections import Counter, defaultdict

from arclassify.config.schema import UNKNOWN, TaskSchema
from arclassify.data.examples import Examples, RowProblems
from arclassify.errors import DataError


def labels_in_data(examples: Examples, multi_label: bool) -> list[str]:
    """Sorted label set found in the data."""
    if multi_label:
        return sorted({label for labels in examples.labels for label in labels})
    return sorted(set(examples.labels))


def check_known_labels(examples: Examples, schema: TaskSchema) -> dict[str, list[int]]:
    """Refuse labels outside the schema (and the reserved ``unknown``); the rows of each label."""
    known = set(schema.labels)
    problems = RowProblems(examples.source)
    rows_by_label: dict[str, list[int]] = defaultdict(list)
    for row, labels in zip(examples.rows, examples.labels):
        items = labels if schema.multi_label else [labels]
        for label in items:
            rows_by_label[label].append(row)
            if label not in known:
                problems.add(f"labels outside the task's label set ({', '.join(sorted(known))})", row, repr(label))
            if label == UNKNOWN and not schema.multi_label:
                problems.add(f"the reserved label {UNKNOWN!r} used as training label", row, repr(label))
    problems.raise_if_any()
    return rows_by_label


def check_training_labels(examples: Examples, schema: TaskSchema, cv_folds: int | None = None) -> None:
    """Refuse labels outside the schema, labels with too few examples, and a single class."""
    rows_by_label = check_known_labels(examples, schema)

    source = examples.source
    n = len(examples)
    folds = schema.model.cv_folds if cv_folds is None else cv_folds
    # Every label must reach each cross-validation fold, and each threshold-tuning fold inside it.
    threshold_folds = schema.model.threshold_cv if schema.multi_label else 0
    calibration_folds = 3 if schema.model.type == "svm" else 0
    minimum = max(schema.model.min_examples, folds, threshold_folds, calibration_folds)
    if schema.multi_label:
        counts = Counter({label: len(rows_by_label.get(label, [])) for label in schema.labels})
        lacking = {label: c for label, c in counts.items() if c < minimum or n - c < minimum}
        if lacking:
            detail = "; ".join(
                f"{label!r}: {c} positive and {n - c} negative (rows {_rows(rows_by_label.get(label, []))})"
                for label, c in sorted(lacking.items())
            )
            raise DataError(f"{source}: each label needs at least {minimum} positive and {minimum} negative examples: {detail}")
        return
    counts = Counter(examples.labels)
    if len(counts) < 2:
        only = next(iter(counts))
        raise DataError(f"{source}: all {n} rows have the same label {only!r}; a classifier needs at least two classes")
    absent = [label for label in schema.labels if label not in counts]
    if absent:
        raise DataError(f"{source}: labels of the task with no example at all: {', '.join(map(repr, absent))}")
    lacking = {label: c for label, c in counts.items() if c < minimum}
    if lacking:
        detail = "; ".join(f"{label!r}: {c} (rows {_rows(rows_by_label[label])})" for label, c in sorted(lacking.items()))
        raise DataError(f"{source}: each label needs at least {minimum} examples; too few for {detail}")


def _rows(rows: list[int], shown: int = 5) -> str:
    listed = ", ".join(map(str, rows[:shown]))
    return f"{listed}, ..." if len(rows) > shown else listed or "none"
