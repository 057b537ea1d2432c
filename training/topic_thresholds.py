"""Topic decision thresholds for outlets the model never saw, chosen on training data only.

    python -m training.topic_thresholds [--jobs 2] [--folds 5]

The thresholds the topic model learns (inner cross-validation on random folds) suit articles of
the outlets it trained on; on other outlets its probabilities run lower, and most ``exercises``
articles of the honest test set fall under the threshold. Here the gold articles are split by
outlet (GroupKFold): each fold's model, fitted without that fold's outlets (the synthetic
articles join every fold's training rows when training/results/synthetic_topic.json keeps them,
as ``training.build_models`` does), scores their articles. Per label, the threshold that
maximises F1 on these out-of-outlet probabilities is chosen, and the F1 at it and at the
in-domain threshold are reported.

That F1 is measured on the probabilities the threshold was chosen on, so it flatters the choice.
Whether a label's held-out threshold is used is decided one level further out: for each fold,
the threshold is chosen on the other folds' out-of-outlet probabilities and applied to that
fold's; the F1 of those answers, pooled over the folds, is compared with the F1 of each fold
model's own (inner cross-validation) threshold on its held-out outlets. The held-out threshold
replaces the inner one only where it does better there.

The honest test set is not read. Writes training/results/topic_thresholds.json, which
``training.build_models`` applies to the shipped topic model.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from arclassify.config.schema import TaskSchema
from arclassify.data.examples import Examples
from arclassify.train import fit, resolve_schema
from training.task_data import annotated_examples, synthetic_examples

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "training" / "results"
OUT = RESULTS / "topic_thresholds.json"
CANDIDATES = np.round(np.arange(0.05, 0.951, 0.005), 3)


def _fold(schema: TaskSchema, gold: Examples, extra: Examples, train: np.ndarray,
          test: np.ndarray) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    with threadpool_limits(1):
        model = fit(schema, [gold.texts[i] for i in train] + extra.texts,
                    [gold.labels[i] for i in train] + extra.labels)
    return test, model.probabilities([gold.texts[i] for i in test]), model.thresholds or {}


def _f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    tp = int(np.sum(truth & predicted))
    return 2 * tp / (int(truth.sum()) + int(predicted.sum())) if tp else 0.0


def _best_threshold(truth: np.ndarray, proba: np.ndarray) -> tuple[float, float]:
    """The candidate threshold with the best F1 on these probabilities, and that F1."""
    scores = [_f1(truth, proba >= t) for t in CANDIDATES]
    best = int(np.argmax(scores))
    return float(CANDIDATES[best]), scores[best]


def _nested_f1(truth: np.ndarray, proba: np.ndarray, fold_of: np.ndarray, inner: np.ndarray) -> tuple[float, float]:
    """Pooled F1 on the held-out outlets of each fold with the threshold chosen on the other folds'
    out-of-outlet probabilities, and with each fold model's own inner threshold (``inner[fold]``)."""
    chosen = np.zeros(len(truth), dtype=bool)
    own = np.zeros(len(truth), dtype=bool)
    for fold in np.unique(fold_of):
        here = fold_of == fold
        threshold, _ = _best_threshold(truth[~here], proba[~here])
        chosen[here] = proba[here] >= threshold
        own[here] = proba[here] >= inner[fold]
    return _f1(truth, chosen), _f1(truth, own)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    schema = TaskSchema.from_toml(ROOT / "labels" / "topic.toml")
    gold = annotated_examples("topic", by_outlet=True)
    # The synthetic articles join the training folds only when the shipped model trains on them.
    experiment = RESULTS / "synthetic_topic.json"
    keep = experiment.is_file() and json.loads(experiment.read_text(encoding="utf-8"))["keep"]
    extra = synthetic_examples("topic") if keep else Examples(source="no synthetic articles")
    schema = resolve_schema(schema, gold)
    assert gold.groups is not None
    splits = list(GroupKFold(n_splits=args.folds).split(gold.texts, groups=gold.groups))
    folds = Parallel(n_jobs=args.jobs)(delayed(_fold)(schema, gold, extra, train, test) for train, test in splits)
    labels = schema.label_names
    proba = np.zeros((len(gold), len(labels)))
    fold_of = np.zeros(len(gold), dtype=int)
    for number, (test, fold_proba, _) in enumerate(folds):
        proba[test] = fold_proba
        fold_of[test] = number
    truth = np.array([[label in row for label in labels] for row in gold.labels])
    chosen, report = {}, {}
    for j, label in enumerate(labels):
        inner = np.array([f[2][label] for f in folds])
        in_domain = float(inner.mean())
        best, best_f1 = _best_threshold(truth[:, j], proba[:, j])
        nested, own = _nested_f1(truth[:, j], proba[:, j], fold_of, inner)
        used = nested > own
        if used:
            chosen[label] = best
        report[label] = {"threshold": best, "f1_out_of_outlet": round(best_f1, 4),
                         "in_domain_threshold": round(in_domain, 4),
                         "f1_out_of_outlet_at_in_domain_threshold": round(_f1(truth[:, j], proba[:, j] >= in_domain), 4),
                         "nested_f1_held_out_threshold": round(nested, 4), "nested_f1_inner_threshold": round(own, 4),
                         "used": used, "positives": int(truth[:, j].sum())}
        print(f"{label}: threshold {best:.3f} (F1 {best_f1:.3f} on held-out outlets); in-domain threshold "
              f"{in_domain:.3f} gives F1 {report[label]['f1_out_of_outlet_at_in_domain_threshold']:.3f}; "
              f"nested: {nested:.3f} against {own:.3f} -> {'held-out' if used else 'inner'} threshold")
    results = {"method": f"{args.folds}-fold GroupKFold by outlet ({len(set(gold.groups))} outlets) over the gold "
                         f"topic annotations, {len(extra)} synthetic articles in every training fold; per label the "
                         "threshold in 0.05..0.95 (step 0.005) with the best F1 on the out-of-outlet probabilities, "
                         "used where, chosen on the other folds, it beats each fold model's inner threshold",
               "thresholds": chosen, "labels": report, "seconds": round(time.perf_counter() - started, 1)}
    OUT.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"-> {OUT.relative_to(ROOT)} ({results['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
