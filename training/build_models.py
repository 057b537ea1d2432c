"""Rebuild every built-in model from ../shared/corpora and labels/, into arclassify/models/shipped/.

    python -m training.build_models [--task topic --task stance --task outlet] [--jobs 2]

Deterministic: the same corpora, annotations and schemas give the same estimator files (set
SOURCE_DATE_EPOCH to also fix the creation time in the metadata). Each model's metadata records
its training-data fingerprint (rows and sha256), cross-validated figures, and for ``outlet`` the
held-out raw/masked figures, the novelty score and the "unknown" threshold from
training/results/outlet_eval.json (run ``python -m training.outlet_eval`` first). The topic and
stance models also train on their synthetic articles (labels/synthetic) when
training/results/synthetic_<task>.json says they helped (``python -m training.synthetic TASK``),
and the topic model takes its decision thresholds from training/results/topic_thresholds.json
when it exists (``python -m training.topic_thresholds``: chosen on outlets held out).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from threadpoolctl import threadpool_limits

from arclassify.config.schema import TaskSchema
from arclassify.models.builtin import BUILTIN_DIR
from arclassify.models.folders import save_model
from arclassify.models.novelty import NoveltyScore
from arclassify.train import train
from training.task_data import annotated_examples, outlet_examples, synthetic_examples

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "training" / "results"
TASKS = ("topic", "stance", "outlet")


def _results(name: str) -> dict | None:
    path = RESULTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def build(task: str, jobs: int) -> Path:
    schema = TaskSchema.from_toml(ROOT / "labels" / f"{task}.toml")
    notes = []
    if task == "outlet":
        examples = outlet_examples()
        evaluation = _results("outlet_eval.json")
        if evaluation is None:
            raise SystemExit("run `python -m training.outlet_eval` first: the unknown threshold comes from it")
        threshold = evaluation["unknown"]["chosen"]["threshold"]
        values = schema.to_dict()
        values["model"]["unknown_threshold"] = threshold
        schema = TaskSchema.from_dict(values)
        notes.append(f"unknown_threshold {threshold} chosen in training/outlet_eval.py: "
                     + evaluation["unknown"]["rule"] + ", on the probabilities scaled by the novelty score fitted "
                     "there (held-out outlets playing unseen ones); the cross-validated figures are without it")
    else:
        examples = annotated_examples(task)
    train_only = None
    experiment = _results(f"synthetic_{task}.json")
    if experiment and experiment["keep"]:
        train_only = synthetic_examples(task)
        runs = experiment["runs"]
        notes.append(f"{len(train_only)} synthetic articles (labels/synthetic/{task}.jsonl) added to the training rows "
                     f"and to every cross-validation training fold, never scored: training/synthetic.py found "
                     f"honest test macro-F1 {runs['gold + synthetic']['test']['macro_f1']:.3f} with them, "
                     f"{runs['gold only']['test']['macro_f1']:.3f} without")
    started = time.perf_counter()
    with threadpool_limits(1):
        model = train(schema, examples, jobs=jobs, train_only=train_only)
    model.metadata["notes"] = notes
    comparison = _results(f"{task}_configs.json")
    if comparison:
        model.metadata["config_comparison"] = {"method": comparison["method"], "rounds": [
            {"rows": r["rows"], "variants": [{"variant": v["variant"], "macro_f1": v["macro_f1"]} for v in r["variants"]]}
            for r in comparison["rounds"]]}
    held_out_thresholds = _results("topic_thresholds.json") if task == "topic" else None
    if held_out_thresholds:
        tuned = model.thresholds or {}
        # Labels whose held-out threshold did not do better (see training/topic_thresholds.py) keep the inner one.
        thresholds = {**tuned, **held_out_thresholds["thresholds"]}
        model = model.with_thresholds(thresholds)
        model.metadata["thresholds"] = thresholds
        model.metadata["held_out_thresholds"] = held_out_thresholds
        notes.append("decision thresholds from training/topic_thresholds.py (" + held_out_thresholds["method"]
                     + ") for " + (", ".join(held_out_thresholds["thresholds"]) or "no label")
                     + ", in place of the inner-cross-validation ones "
                     + ", ".join(f"{label} {t:.3f}" for label, t in tuned.items())
                     + "; the cross-validated figures are with the inner-cross-validation thresholds")
    if task == "outlet":
        model.metadata["held_out_evaluation"] = evaluation
        model = model.with_novelty(NoveltyScore.from_dict(evaluation["unknown"]["novelty"], "outlet_eval.json"))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        model.metadata["created"] = datetime.fromtimestamp(int(epoch), UTC).isoformat(timespec="seconds")
    target = BUILTIN_DIR / task
    if target.exists():
        shutil.rmtree(target)
    save_model(model, target)
    cv = model.metadata["cv_metrics"]["macro_f1"]
    print(f"{task}: {len(examples)} rows, cross-validated macro-F1 {cv['mean']:.3f} ± {cv['std']:.3f}, "
          f"{time.perf_counter() - started:.0f} s -> {target}")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--task", action="append", choices=TASKS, help="tasks to build [default: all]")
    parser.add_argument("--jobs", type=int, default=2, help="processes for cross-validation folds")
    args = parser.parse_args()
    for task in args.task or TASKS:
        build(task, args.jobs)


if __name__ == "__main__":
    main()
