"""Train a task model: build the pipeline, cross-validate it, fit it on all the data."""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from arclassify import __version__
from arclassify.config.schema import TaskSchema
from arclassify.data.checks import check_known_labels, check_training_labels, labels_in_data
from arclassify.data.examples import Examples
from arclassify.errors import ConfigError, DataError
from arclassify.features.build import build_features
from arclassify.features.pairs import PairFeatures
from arclassify.features.shared import SharedTexts
from arclassify.metrics import classification_report, confusion_total, summarize_folds
from arclassify.models.classifiers import build_classifier
from arclassify.models.linear import TfidfLinearModel

_SCORED_TOGETHER = 2000  # texts scored at once while collecting novelty signs


def build_pipeline(schema: TaskSchema, jobs: int = 1) -> Pipeline:
    """Features then classifier, as the schema configures them (``jobs``: see :func:`build_base_classifier`)."""
    if schema.pair_field:
        features = PairFeatures(schema.preprocess, schema.features)
    else:
        features = build_features(schema.preprocess, schema.features)
    return Pipeline([("features", features), ("classifier", build_classifier(schema.model, schema.multi_label, jobs))])


def encode_targets(labels: list[Any], schema: TaskSchema) -> np.ndarray:
    """Targets for scikit-learn: label strings, or a label indicator matrix in schema order."""
    if schema.multi_label:
        return MultiLabelBinarizer(classes=schema.label_names).fit_transform(labels)
    return np.asarray(labels, dtype=object)


def _metadata(schema: TaskSchema, examples: Examples) -> dict[str, Any]:
    return {
        "task": schema.to_dict(),
        "arclassify_version": __version__,
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "training_data": {"source": examples.source, **examples.fingerprint()},
    }


def fit(schema: TaskSchema, inputs: list, labels: list[Any], metadata: dict[str, Any] | None = None,
        jobs: int = 1) -> TfidfLinearModel:
    """A model fitted on inputs (texts, or (text, pair) tuples) and their labels, without checks or CV."""
    pipeline = build_pipeline(schema, jobs).fit(inputs, encode_targets(labels, schema))
    compact(pipeline.named_steps["classifier"])
    return TfidfLinearModel.from_pipeline(pipeline, metadata if metadata is not None else {"task": schema.to_dict()})


def _with_train_only(inputs: list, y: np.ndarray, train_only: Examples | None,
                     schema: TaskSchema) -> tuple[list, np.ndarray]:
    if train_only is None or not len(train_only):
        return inputs, y
    extra = encode_targets(train_only.labels, schema)
    return inputs + train_only.inputs(), (np.vstack([y, extra]) if y.ndim == 2 else np.concatenate([y, extra]))


def _fold_report(pipeline: Pipeline, schema: TaskSchema, examples: Examples, y: np.ndarray,
                 train: np.ndarray, test: np.ndarray, train_only: Examples | None = None) -> dict[str, Any]:
    inputs = examples.inputs()
    fitted = clone(pipeline).fit(*_with_train_only([inputs[i] for i in train], y[train], train_only, schema))
    model = TfidfLinearModel.from_pipeline(fitted, {"task": schema.to_dict()})
    predicted = model.predict([inputs[i] for i in test])
    truth = [examples.labels[i] for i in test]
    report = classification_report(truth, predicted, schema.label_names, schema.multi_label)
    if not schema.multi_label:
        report["unknown_rate"] = round(sum(p == "unknown" for p in predicted) / len(predicted), 4)
    return report


def cross_validate(schema: TaskSchema, examples: Examples, folds: int | None = None, jobs: int = 1,
                   progress: bool = False, groups: Sequence[str] | None = None,
                   train_only: Examples | None = None) -> dict[str, Any]:
    """k-fold cross-validated figures (mean and spread over folds; confusion summed).

    With ``groups`` (e.g. each article's outlet; by default ``examples.groups``), every group is
    held out whole: each fold tests on groups the model never saw, as articles from other sources
    will be. ``train_only`` examples (e.g. synthetic ones) join every fold's training rows and are
    never scored.
    """
    groups = examples.groups if groups is None else groups
    folds = schema.model.cv_folds if folds is None else folds
    if folds < 2:
        raise ConfigError(f"cross-validation needs at least 2 folds, got {folds}")
    y = encode_targets(examples.labels, schema)
    pipeline = build_pipeline(schema)
    if groups is not None:
        if len(groups) != len(y):
            raise ConfigError(f"{len(groups)} groups for {len(y)} examples")
        if len(set(groups)) < folds:
            raise ConfigError(f"grouped cross-validation needs at least {folds} groups, got {len(set(groups))}")
        splitter = GroupKFold(n_splits=folds)
    elif schema.multi_label:
        splitter = KFold(n_splits=folds, shuffle=True, random_state=schema.model.seed)
    else:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=schema.model.seed)
    splits = list(splitter.split(np.zeros(len(y)), y if not schema.multi_label else None, groups))
    from tqdm import tqdm

    running = Parallel(n_jobs=jobs, return_as="generator")(
        delayed(_fold_report)(pipeline, schema, examples, y, train, test, train_only) for train, test in splits
    )
    reports = list(tqdm(running, total=len(splits), desc="cross-validation folds", unit="fold", file=sys.stderr,
                        disable=None if progress else True))
    summary = summarize_folds(reports)
    if groups is not None:
        summary["method"] = f"{folds}-fold cross-validation by group ({len(set(groups))} groups, each held out whole)"
    else:
        kind = "" if schema.multi_label else "stratified "
        summary["method"] = f"{folds}-fold {kind}cross-validation, seed {schema.model.seed}"
    if train_only is not None and len(train_only):
        summary["method"] += f"; {len(train_only)} training-only examples ({train_only.source}) in every fold's training rows"
    confusion = confusion_total(reports)
    if confusion:
        summary["confusion"] = confusion
    if not schema.multi_label:
        summary["unknown_rate"] = round(float(np.mean([r["unknown_rate"] for r in reports])), 4)
    return summary


def held_out_group_signs(schema: TaskSchema, examples: Examples, groups: Sequence[str], folds: int = 4,
                         per_fold: int | None = None, jobs: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Novelty signs (:func:`~arclassify.models.novelty.novelty_signs`) of texts from groups a model never saw.

    The groups (e.g. outlets, for a task naming the outlet) are split into ``folds`` sets. For each
    set, a model is fitted on 80% of the other groups' texts (at most ``per_fold`` of them, drawn
    at random) and scores the set's texts, marked 1, and the other 20%, marked 0. Returns the
    signs and the marks, ready for :func:`~arclassify.models.novelty.fit_novelty`.
    """
    from arclassify.models.novelty import novelty_signs

    if schema.multi_label or schema.pair_field:
        raise ConfigError("a novelty score is for single-label tasks on one text")
    schema = resolve_schema(schema, examples)
    names = sorted(set(groups))
    if len(names) < folds or folds < 2:
        raise ConfigError(f"holding groups out in {folds} folds needs at least {max(folds, 2)} groups, got {len(names)}")
    rng = np.random.default_rng(schema.model.seed)
    order = rng.permutation(names)
    group_of = np.asarray(groups)
    signs, marks = [], []
    for fold in range(folds):
        held = np.isin(group_of, order[fold::folds])
        seen = rng.permutation(np.flatnonzero(~held))
        cut = int(0.8 * len(seen))
        fitted, checked = np.sort(seen[:cut][:per_fold]), seen[cut:]
        model = fit(schema, [examples.texts[i] for i in fitted], [examples.labels[i] for i in fitted], jobs=jobs)
        for rows, mark in ((checked, 0), (np.flatnonzero(held), 1)):
            for start in range(0, len(rows), _SCORED_TOGETHER):
                texts = [examples.texts[i] for i in rows[start : start + _SCORED_TOGETHER]]
                with SharedTexts() as shared:  # the coverage reuses the scoring's encoding
                    proba = model.probabilities_of_inputs(texts, shared)
                    signs.append(novelty_signs(proba, model.features.word_coverage(texts, shared)))
            marks.append(np.full(len(rows), mark))
    return np.vstack(signs), np.concatenate(marks)


def compact(estimator) -> None:
    """Store linear models' weights as float32: half the size on disk, same predictions to ~1e-7."""
    coef = getattr(estimator, "coef_", None)
    if isinstance(coef, np.ndarray) and coef.dtype == np.float64:
        estimator.coef_ = coef.astype(np.float32)
        estimator.intercept_ = np.asarray(estimator.intercept_, dtype=np.float32)
    children = list(getattr(estimator, "estimators_", []))
    children += [getattr(estimator, "estimator_", None)]
    children += [c.estimator for c in getattr(estimator, "calibrated_classifiers_", [])]
    for child in children:
        if child is not None:
            compact(child)


def resolve_schema(schema: TaskSchema, examples: Examples) -> TaskSchema:
    """The schema with its label set taken from the data when it declares none."""
    if schema.labels:
        return schema
    return schema.with_labels(labels_in_data(examples, schema.multi_label))


def train(schema: TaskSchema, examples: Examples, cv_folds: int | None = None, jobs: int = 1,
          progress: bool = False, train_only: Examples | None = None) -> TfidfLinearModel:
    """Validate, cross-validate (unless ``cv_folds`` is 0) and fit a model on all examples
    (and the ``train_only`` ones, which cross-validation never scores)."""
    schema = resolve_schema(schema, examples)
    folds = schema.model.cv_folds if cv_folds is None else cv_folds
    check_training_labels(examples, schema, folds)
    metadata = _metadata(schema, examples)
    if train_only is not None and len(train_only):
        check_known_labels(train_only, schema)
        metadata["training_only_data"] = {"source": train_only.source, **train_only.fingerprint()}
    started = time.perf_counter()
    metadata["cv_metrics"] = (cross_validate(schema, examples, folds, jobs, progress, train_only=train_only)
                              if folds else None)
    cv_seconds = time.perf_counter() - started
    started = time.perf_counter()
    extra = train_only if train_only is not None else Examples(source="")
    model = fit(schema, examples.inputs() + extra.inputs(), examples.labels + extra.labels, metadata, jobs)
    final_seconds = time.perf_counter() - started
    metadata["training_seconds"] = {"cross_validation": round(cv_seconds, 1), "final_fit": round(final_seconds, 1)}
    metadata["created"] = datetime.now(UTC).isoformat(timespec="seconds")
    if model.thresholds is not None:
        metadata["thresholds"] = {label: round(t, 4) for label, t in model.thresholds.items()}
    return model


def check_output_folder(output: str | Path, data: str | Path, force: bool) -> Path:
    """Refuse, before any work, a model folder that would replace something that is not a model.

    An existing non-empty folder is replaced only with ``force``, and only when it is a model
    folder that is neither the current folder nor holds the training data.
    """
    from arclassify.models.folders import is_model_folder

    output = Path(output)
    if output.exists() and not output.is_dir():
        raise DataError(f"{output}: exists and is not a folder")
    if not output.is_dir() or not any(output.iterdir()):
        return output
    if not force:
        raise DataError(f"{output}: folder exists and is not empty; pass --force to replace it")
    resolved = output.resolve()
    if resolved == Path.cwd().resolve() or resolved in Path.cwd().resolve().parents:
        raise DataError(f"{output}: is the current folder or one of its parents; it is never replaced")
    data_path = Path(data).resolve()
    if data_path.exists() and (resolved == data_path or resolved in data_path.parents):
        raise DataError(f"{output}: holds the training data {data}; it is never replaced")
    if not is_model_folder(output):
        raise DataError(f"{output}: is not a model folder (no metadata.json); --force only replaces a model folder")
    return output
