"""Linear classifiers built from a task's model configuration, and access to their weights."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from arclassify.config.schema import ModelConfig

if TYPE_CHECKING:
    from sklearn.base import ClassifierMixin

# scikit-learn's estimator modules are imported where they are used: loading a model imports only
# the classes its pickle holds, which keeps the start-up of scoring short.

_CALIBRATION_FOLDS = 3


def build_base_classifier(config: ModelConfig, jobs: int = 1) -> ClassifierMixin:
    """A linear classifier with ``predict_proba``: logistic regression, calibrated linear SVM or SGD.

    ``jobs`` threads fit SGD's one-vs-rest classes side by side (the same weights for any number).
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.svm import LinearSVC

    class_weight = None if config.class_weight == "none" else config.class_weight
    if config.type == "logreg":
        return LogisticRegression(C=config.C, class_weight=class_weight, max_iter=config.max_iter,
                                  random_state=config.seed)
    if config.type == "svm":
        svm = LinearSVC(C=config.C, class_weight=class_weight, max_iter=config.max_iter, random_state=config.seed)
        return CalibratedClassifierCV(svm, method="sigmoid", cv=_CALIBRATION_FOLDS)
    return SGDClassifier(loss="log_loss", alpha=config.alpha, class_weight=class_weight, max_iter=config.max_iter,
                         tol=1e-4, random_state=config.seed, n_jobs=jobs)


def build_classifier(config: ModelConfig, multi_label: bool, jobs: int = 1) -> ClassifierMixin:
    """The task's classifier; multi-label tasks get one binary model per label with a tuned threshold."""
    from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV
    from sklearn.multiclass import OneVsRestClassifier

    base = build_base_classifier(config, jobs)
    if not multi_label:
        return base
    folds = StratifiedKFold(n_splits=config.threshold_cv, shuffle=True, random_state=config.seed)
    return OneVsRestClassifier(TunedThresholdClassifierCV(base, scoring="f1", cv=folds, random_state=config.seed))


def _binary_or_multiclass_weights(estimator) -> np.ndarray:
    """Rows of weights aligned with ``estimator.classes_`` (a binary model gets -w and +w)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.model_selection import TunedThresholdClassifierCV

    if isinstance(estimator, TunedThresholdClassifierCV):
        return _binary_or_multiclass_weights(estimator.estimator_)
    if isinstance(estimator, CalibratedClassifierCV):
        coef = np.mean([np.atleast_2d(c.estimator.coef_) for c in estimator.calibrated_classifiers_], axis=0)
    elif hasattr(estimator, "coef_"):
        coef = np.atleast_2d(estimator.coef_)
    else:
        raise TypeError(f"{type(estimator).__name__} is not a linear model")
    coef = coef.toarray() if hasattr(coef, "toarray") else np.asarray(coef)
    if coef.shape[0] == 1 and len(estimator.classes_) == 2:
        coef = np.vstack([-coef[0], coef[0]])
    return coef


def linear_weights(classifier) -> np.ndarray:
    """Feature weights per output: per class (single-label) or per label column (multi-label)."""
    from sklearn.multiclass import OneVsRestClassifier

    if isinstance(classifier, OneVsRestClassifier):
        return np.vstack([_binary_or_multiclass_weights(e)[-1] for e in classifier.estimators_])
    return _binary_or_multiclass_weights(classifier)


def label_thresholds(classifier) -> list[float] | None:
    """Per-label decision thresholds of a multi-label classifier, else ``None``."""
    from sklearn.multiclass import OneVsRestClassifier

    if not isinstance(classifier, OneVsRestClassifier):
        return None
    return [float(getattr(e, "best_threshold_", 0.5)) for e in classifier.estimators_]
