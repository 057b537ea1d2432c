"""Which linear learner the outlet model uses, chosen on training data: time to fit and held-out F1.

    python -m training.outlet_learners [--jobs 2]

Every deduplicated article of the 16 outlets (training/task_data.py), split 80/20 as in
training/outlet_eval.py (stratified, seed 0, both halves from the trainable corpora only). The
masked features of labels/outlet.toml are fitted once on the 80%; each learner is fitted on the
same matrix and scored on the 20%. Writes training/results/outlet_learners.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

from arclassify.config.schema import TaskSchema
from arclassify.features.build import build_features
from training.task_data import outlet_examples

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "training" / "results" / "outlet_learners.json"


def learners(jobs: int) -> dict:
    sgd = {f"sgd log loss, alpha {alpha:g}": SGDClassifier(loss="log_loss", alpha=alpha, class_weight="balanced",
                                                           tol=1e-4, random_state=0, n_jobs=jobs)
           for alpha in (3e-7, 1e-6, 3e-6, 1e-5)}
    return {**sgd, "logistic regression (lbfgs), C 8, tol 1e-3": LogisticRegression(
        C=8, class_weight="balanced", max_iter=300, tol=1e-3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    examples = outlet_examples()
    labels = np.asarray(examples.labels)
    train_idx, test_idx = train_test_split(np.arange(len(labels)), test_size=0.2, random_state=0, stratify=labels)
    schema = TaskSchema.from_toml(ROOT / "labels" / "outlet.toml")
    features = build_features(schema.preprocess, schema.features)
    started = time.perf_counter()
    X_train = features.fit_transform([examples.texts[i] for i in train_idx])
    X_test = features.transform([examples.texts[i] for i in test_idx])
    results: dict = {"data": examples.source, "split": "stratified 80/20, seed 0", "train_rows": len(train_idx),
                     "test_rows": len(test_idx), "features_seconds": round(time.perf_counter() - started, 1),
                     "jobs": args.jobs, "learners": []}
    for name, learner in learners(args.jobs).items():
        started = time.perf_counter()
        learner.fit(X_train, labels[train_idx])
        seconds = time.perf_counter() - started
        predicted = learner.predict(X_test)
        row = {"learner": name, "fit_seconds": round(seconds, 1),
               "macro_f1": round(float(f1_score(labels[test_idx], predicted, average="macro")), 4),
               "accuracy": round(float((predicted == labels[test_idx]).mean()), 4)}
        results["learners"].append(row)
        print(row, flush=True)
    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {OUT}")


if __name__ == "__main__":
    main()
