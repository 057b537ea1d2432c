"""A measured experiment: does adding a task's synthetic articles help on real coverage?

    python -m training.synthetic stance|topic [--jobs 2]

Fits the built-in configuration of the task on the gold annotations alone and on the gold
annotations plus ``labels/synthetic/<task>.jsonl`` (articles written for the project; see
labels/synthetic/README.md), and reports for each:

- cross-validation on the gold rows (the same folds; the synthetic rows only ever join the
  training folds, so every figure is on real articles);
- the honest test set (``training.evaluate_builtin``'s articles).

The issue allows synthetic articles only as a measured experiment, kept if the honest test set
improves; ``training.build_models`` adds them to the shipped model only when this recipe's
result says so. Writes training/results/synthetic_<task>.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

from arclassify.config.schema import TaskSchema
from arclassify.evaluate import evaluate
from arclassify.train import resolve_schema, train
from training.evaluate_builtin import test_examples
from training.task_data import annotated_examples, synthetic_examples

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "training" / "results"
TASKS = ("stance", "topic")


def _figures(report: dict) -> dict:
    return {"macro_f1": round(report["macro"]["f1"], 4),
            "f1": {label: round(values["f1"], 4) for label, values in report["per_label"].items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    schema = TaskSchema.from_toml(ROOT / "labels" / f"{args.task}.toml")
    gold, synthetic, test = (annotated_examples(args.task), synthetic_examples(args.task), test_examples(args.task))
    schema = resolve_schema(schema, gold)
    counts = {label: sum(label in (labels if schema.multi_label else [labels]) for labels in synthetic.labels)
              for label in schema.label_names}
    print(f"{len(gold)} gold articles, {len(synthetic)} synthetic {counts}, {len(test)} test articles", flush=True)
    results: dict = {"synthetic": {"rows": len(synthetic), "labels": counts, **synthetic.fingerprint()}, "runs": {}}
    for name, extra in (("gold only", None), ("gold + synthetic", synthetic)):
        started = time.perf_counter()
        with threadpool_limits(1):
            model = train(schema, gold, jobs=args.jobs, train_only=extra)
        cv = model.metadata["cv_metrics"]
        report = evaluate(model, test)
        run = {"cv_macro_f1": round(cv["macro_f1"]["mean"], 4), "cv_std": round(cv["macro_f1"]["std"], 4),
               "cv_f1": {label: values["mean"] for label, values in cv["per_label_f1"].items()},
               "test": _figures(report), "test_confusion": report.get("confusion"),
               "seconds": round(time.perf_counter() - started, 1)}
        results["runs"][name] = run
        print(f"{name}: CV macro-F1 {run['cv_macro_f1']:.3f} ± {run['cv_std']:.3f}, test macro-F1 "
              f"{run['test']['macro_f1']:.3f} {run['test']['f1']} ({run['seconds']:.0f} s)", flush=True)
    before, after = (results["runs"][k]["test"]["macro_f1"] for k in ("gold only", "gold + synthetic"))
    results["keep"] = after > before
    results["rule"] = ("kept if the honest test set's macro-F1 improves "
                       "(issue 9: synthetic articles only as a measured experiment)")
    out = RESULTS / f"synthetic_{args.task}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"keep the synthetic articles: {results['keep']} -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
