"""Held-out evaluation of the outlet model: raw text against masked text, and "unknown" answers.

    python -m training.outlet_eval [--per-outlet 1500] [--unseen 3000] [--jobs 2]

1. Draws up to N articles per outlet (training/task_data.py), splits them 80/20 (stratified, seed 0).
2. Trains the outlet configuration twice on the 80%: once on raw text (no furniture removal, no
   masking) and once with outlets' names, datelines, bylines and page furniture masked; evaluates
   each on the same 20%, prepared the same way it was trained.
3. For the masked model, measures how often it answers "unknown" at a range of thresholds on the
   held-out known outlets (wrong) and on saudinewsnet articles (outlets it never saw: right), and
   picks the threshold that keeps wrong "unknown" answers at or below 10%.

Writes training/results/outlet_eval.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

from arclassify.config.schema import TaskSchema
from arclassify.evaluate import evaluate
from arclassify.train import train
from training.task_data import outlet_examples, unseen_outlet_texts

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "labels" / "outlet.toml"
OUT = ROOT / "training" / "results" / "outlet_eval.json"
THRESHOLDS = [round(t, 2) for t in np.arange(0.05, 0.96, 0.01)]
SHOWN = {round(t, 2) for t in np.arange(0.1, 0.95, 0.05)}  # the rows the model card shows
MAX_FALSE_UNKNOWN = 0.10


def schema_variant(masked: bool) -> TaskSchema:
    values = TaskSchema.from_toml(SCHEMA).to_dict()
    values["preprocess"] = {**values["preprocess"], "mask_outlets": masked, "strip_furniture": masked}
    values["model"] = {**values["model"], "unknown_threshold": 0.0}
    return TaskSchema.from_dict(values)


def unknown_rates(known: np.ndarray, unseen: np.ndarray) -> list[dict]:
    """Share answered "unknown" at each threshold, given the top probability of each article."""
    return [{"threshold": t, "unknown_on_known_outlets": round(float((known < t).mean()), 4),
             "unknown_on_unseen_outlets": round(float((unseen < t).mean()), 4)} for t in THRESHOLDS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-outlet", type=int, default=1500)
    parser.add_argument("--unseen", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    examples = outlet_examples(args.per_outlet)
    indices = np.arange(len(examples))
    train_idx, test_idx = train_test_split(indices, test_size=0.2, random_state=0, stratify=examples.labels)
    train_set, test_set = examples.subset(sorted(train_idx)), examples.subset(sorted(test_idx))
    results: dict = {"data": examples.source, "train_rows": len(train_set), "test_rows": len(test_set),
                     "split": "stratified 80/20, seed 0", "modes": {}}
    models = {}
    for mode, masked in (("raw", False), ("masked", True)):
        started = time.perf_counter()
        model = train(schema_variant(masked), train_set, cv_folds=0, jobs=args.jobs)
        report = evaluate(model, test_set)
        models[mode] = model
        results["modes"][mode] = {
            "preprocess": {"mask_outlets": masked, "strip_furniture": masked},
            "macro_f1": report["macro"]["f1"], "accuracy": report["accuracy"],
            "per_outlet_f1": {label: m["f1"] for label, m in report["per_label"].items()},
            "seconds": round(time.perf_counter() - started, 1),
        }
        print(f"{mode}: macro-F1 {report['macro']['f1']:.3f}, accuracy {report['accuracy']:.3f}")
    masked_model = models["masked"]
    known_top = masked_model.probabilities(test_set.texts).max(axis=1)
    unseen_texts, unseen_outlets = unseen_outlet_texts(args.unseen)
    unseen_top = masked_model.probabilities(unseen_texts).max(axis=1)
    rates = unknown_rates(known_top, unseen_top)
    allowed = [r for r in rates if r["unknown_on_known_outlets"] <= MAX_FALSE_UNKNOWN]
    chosen = max(allowed, key=lambda r: r["threshold"]) if allowed else rates[0]
    results["unknown"] = {
        "unseen_data": f"saudinewsnet, {len(unseen_texts)} articles of {len(set(unseen_outlets))} outlets, seed 0",
        "rule": f"highest threshold with at most {MAX_FALSE_UNKNOWN:.0%} 'unknown' answers on held-out known outlets",
        "chosen": chosen,
        "by_threshold": [r for r in rates if r["threshold"] in SHOWN or r is chosen],
    }
    print(f"threshold {chosen['threshold']}: unknown on known {chosen['unknown_on_known_outlets']:.1%}, "
          f"on unseen {chosen['unknown_on_unseen_outlets']:.1%}")
    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {OUT}")


if __name__ == "__main__":
    main()
