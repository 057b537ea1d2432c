"""An experiment the issue suggests: stance in two stages instead of one.

    python -m training.stance_stages        # -> training/results/stance_stages.json

Stage one asks whether Russia's military role is a real subject of the article (everything but
``unrelated``); stage two, fitted on those articles only, chooses ``supportive``, ``critical`` or
``neutral``. Both are logistic regressions of the shipped configuration (the same features,
``C`` and balanced class weights) and are compared with the shipped single stage on the same
stratified folds of the gold annotations (the synthetic stance articles join every training fold
when the shipped model trains on them). Two ways to combine the stages are measured: the
label of highest joint probability (``P(related) * P(label | related)`` against
``P(unrelated)``), and the gate (stage two's label when ``P(related) >= 0.5``). Two stages are
worth building only if they beat one stage on every fold.

Training data only: the honest test set is not read, so this can choose the configuration.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from arclassify.config.schema import TaskSchema
from arclassify.data.examples import Examples
from arclassify.train import build_pipeline, resolve_schema
from training.task_data import annotated_examples, synthetic_examples

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "training" / "results" / "stance_stages.json"
UNRELATED = "unrelated"


def _logistic(schema: TaskSchema) -> LogisticRegression:
    return LogisticRegression(C=schema.model.C, class_weight="balanced", max_iter=schema.model.max_iter,
                              random_state=schema.model.seed)


def predictions(schema: TaskSchema, gold: Examples, extra: Examples,
                folds: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Out-of-fold labels of the single stage and of both two-stage combinations, and each row's fold."""
    y, y_extra = np.asarray(gold.labels, dtype=object), np.asarray(extra.labels, dtype=object)
    found = {name: np.empty(len(y), dtype=object) for name in ("one stage", "two stages, joint", "two stages, gate")}
    fold_of = np.zeros(len(y), dtype=int)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=schema.model.seed)
    for number, (train, test) in enumerate(splitter.split(np.zeros(len(y)), y), 1):
        started = time.perf_counter()
        fold_of[test] = number
        features = build_pipeline(schema).named_steps["features"]
        texts = [gold.texts[i] for i in train] + extra.texts
        target = np.concatenate([y[train], y_extra])
        with threadpool_limits(1):
            X = features.fit_transform(texts)
            X_test = features.transform([gold.texts[i] for i in test])
        found["one stage"][test] = _logistic(schema).fit(X, target).predict(X_test)
        related = target != UNRELATED
        gate = _logistic(schema).fit(X, related)
        inner = _logistic(schema).fit(X[related], target[related])
        p_related, p_inner = gate.predict_proba(X_test)[:, 1], inner.predict_proba(X_test)
        joint = np.column_stack([p_related[:, None] * p_inner, 1.0 - p_related])
        names = np.asarray([*inner.classes_, UNRELATED], dtype=object)
        found["two stages, joint"][test] = names[joint.argmax(axis=1)]
        found["two stages, gate"][test] = np.where(p_related >= 0.5, inner.classes_[p_inner.argmax(axis=1)], UNRELATED)
        print(f"fold {number}/{folds}: {time.perf_counter() - started:.0f} s", flush=True)
    return found, fold_of


def main() -> None:
    schema = TaskSchema.from_toml(ROOT / "labels" / "stance.toml")
    gold = annotated_examples("stance")
    schema = resolve_schema(schema, gold)
    experiment = json.loads((ROOT / "training" / "results" / "synthetic_stance.json").read_text(encoding="utf-8"))
    extra = synthetic_examples("stance") if experiment["keep"] else Examples(source="none")
    labels = list(schema.label_names)
    folds = 4
    results: dict = {"method": f"{folds}-fold stratified cross-validation, seed {schema.model.seed}, on {len(gold)} gold "
                               f"articles; {len(extra)} synthetic articles in every training fold", "variants": {}}
    found, fold_of = predictions(schema, gold, extra, folds)
    truth = np.asarray(gold.labels, dtype=object)
    for name, predicted in found.items():
        f1 = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
        per_fold = [float(f1_score(truth[fold_of == k], predicted[fold_of == k], labels=labels, average="macro",
                                   zero_division=0)) for k in range(1, folds + 1)]
        results["variants"][name] = {
            "macro_f1": round(float(f1.mean()), 4),
            "macro_f1_per_fold": [round(v, 4) for v in per_fold],
            "f1": {label: round(float(v), 4) for label, v in zip(labels, f1)},
            "confusion": {"labels": labels, "matrix": confusion_matrix(truth, predicted, labels=labels).tolist()},
        }
        print(f"{name}: macro-F1 {f1.mean():.4f} " + ", ".join(f"{label} {v:.3f}" for label, v in zip(labels, f1)))
    # Two stages replace one only if they do better on every fold: a gain smaller than the folds'
    # spread is not worth a second classifier.
    one = results["variants"]["one stage"]["macro_f1_per_fold"]
    better = [name for name, v in results["variants"].items()
              if name != "one stage" and all(a > b for a, b in zip(v["macro_f1_per_fold"], one))]
    results["better_than_one_stage_on_every_fold"] = better
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"better than one stage on every fold: {', '.join(better) or 'none'} -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
