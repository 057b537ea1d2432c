"""Compare preprocessing, feature and model options of a built-in task by cross-validated macro-F1.

    python -m training.compare_configs topic|stance|outlet [--jobs 2] [--per-outlet 400]
    python -m training.compare_configs topic|stance --by-outlet   # whole outlets held out per fold

Starts from the task's schema (labels/<task>.toml) and changes one option at a time (stop words,
stemming, character n-grams, normalisation, n-gram range, model). Every variant is scored with the
same k-fold split. Each run is a round appended to training/results/<task>_configs.json (after
a round, the best change goes into the schema and the next round starts from there; --fresh
starts the file anew; --variant runs only the named variants); the model card shows every round.
With --by-outlet the folds hold out whole outlets (the articles' own sources), closer to scoring
coverage from outlets never trained on; those rounds go to training/results/<task>_configs_by_outlet.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from joblib import Parallel, delayed

from arclassify.config.schema import TaskSchema
from arclassify.train import cross_validate
from training.task_data import annotated_examples, outlet_examples

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "training" / "results"
MINIMAL_NORMALISATION = {"normalize_alef": False, "alef_maqsura_to_yeh": False, "ta_marbuta_to_heh": False,
                         "normalize_hamza": False}
FULL_NORMALISATION = {name: True for name in MINIMAL_NORMALISATION}


def variants(schema: TaskSchema) -> list[tuple[str, dict[str, Any]]]:
    """(name, changes) pairs; a change is a {section: {option: value}} overlay on the schema."""
    pre, feat = schema.preprocess, schema.features
    found = [("schema as configured", {})]
    found.append((f"stop words {'off' if pre.stop_words else 'on'}", {"preprocess": {"stop_words": not pre.stop_words}}))
    found.append((f"light stemming {'off' if pre.stem else 'on'}", {"preprocess": {"stem": not pre.stem}}))
    if feat.char_ngrams:
        found.append(("no character n-grams", {"features": {"char_ngrams": []}}))
        found.append(("character 3-5-grams", {"features": {"char_ngrams": [3, 5]}}))
    else:
        found.append(("plus character 2-5-grams", {"features": {"char_ngrams": [2, 5]}}))
        found.append(("plus character 3-5-grams", {"features": {"char_ngrams": [3, 5]}}))
    letters_normalised = pre.normalize.normalize_alef
    found.append(("letter forms kept (alef, ya, ta marbuta, hamza)" if letters_normalised else "letter forms normalised",
                  {"preprocess": {"normalize": MINIMAL_NORMALISATION if letters_normalised else FULL_NORMALISATION}}))
    found.append((f"furniture removal {'off' if pre.strip_furniture else 'on'}",
                  {"preprocess": {"strip_furniture": not pre.strip_furniture}}))
    if list(feat.word_ngrams) == [1, 2]:
        found.append(("word unigrams only", {"features": {"word_ngrams": [1, 1]}}))
        found.append(("word 1-3-grams", {"features": {"word_ngrams": [1, 3]}}))
    if feat.max_features:
        found.append(("max_features x4", {"features": {"max_features": feat.max_features * 4}}))
        found.append(("no max_features", {"features": {"max_features": 0}}))
    if not feat.focus_lexicon and schema.name == "stance":
        for window in (0, 1, 2):
            found.append((f"target-aware features (russia, window {window})",
                          {"features": {"focus_lexicon": "russia", "focus_window": window}}))
    if not feat.focus_lexicon and not feat.lead_sentences and schema.name == "topic":
        for sentences in (2, 3):
            found.append((f"headline and lead features ({sentences} sentences)", {"features": {"lead_sentences": sentences}}))
        for lexicon in ("drills", "military"):
            for window in (0, 1):
                found.append((f"target-aware features ({lexicon}, window {window})",
                              {"features": {"focus_lexicon": lexicon, "focus_window": window}}))
    found.append(("linear SVM (calibrated)", {"model": {"type": "svm", "C": 0.5}}))
    found.append(("logistic regression, C/4", {"model": {"C": schema.model.C / 4}}))
    found.append(("logistic regression, C*4", {"model": {"C": schema.model.C * 4}}))
    return found


def apply(schema: TaskSchema, changes: dict[str, Any]) -> TaskSchema:
    values = schema.to_dict()
    for section, options in changes.items():
        if section == "preprocess" and "normalize" in options:
            options = {**options, "normalize": {**values["preprocess"]["normalize"], **options["normalize"]}}
        values[section] = {**values[section], **options}
    return TaskSchema.from_dict(values)


def score(name: str, changes: dict, schema: TaskSchema, examples, folds: int) -> dict[str, Any]:
    from threadpoolctl import threadpool_limits

    started = time.perf_counter()
    with threadpool_limits(1):
        summary = cross_validate(apply(schema, changes), examples, folds)
    return {"variant": name, "changes": changes, "macro_f1": summary["macro_f1"],
            "per_label_f1": {k: v["mean"] for k, v in summary["per_label_f1"].items()},
            "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("task", choices=["topic", "stance", "outlet"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--per-outlet", type=int, default=400, help="outlet task: articles per outlet")
    parser.add_argument("--fresh", action="store_true", help="forget earlier rounds")
    parser.add_argument("--variant", action="append", help="only the variants of these names [default: all]")
    parser.add_argument("--by-outlet", action="store_true", help="topic, stance: folds that hold out whole outlets")
    args = parser.parse_args()
    schema = TaskSchema.from_toml(ROOT / "labels" / f"{args.task}.toml")
    if args.task == "outlet":
        examples = outlet_examples(args.per_outlet)
        schema = TaskSchema.from_dict({**schema.to_dict(), "model": {**schema.to_dict()["model"], "unknown_threshold": 0.0}})
    else:
        examples = annotated_examples(args.task, by_outlet=args.by_outlet)
    groups = examples.groups
    folds = schema.model.cv_folds
    chosen = [(name, changes) for name, changes in variants(schema) if not args.variant or name in args.variant]
    if not chosen:
        raise SystemExit(f"no variant named {args.variant}; known: {', '.join(name for name, _ in variants(schema))}")
    rows = Parallel(n_jobs=args.jobs)(delayed(score)(name, changes, schema, examples, folds) for name, changes in chosen)
    rows.sort(key=lambda r: -r["macro_f1"]["mean"])
    out = RESULTS / f"{args.task}_configs{'_by_outlet' if groups else ''}.json"
    rounds = [] if args.fresh or not out.is_file() else json.loads(out.read_text(encoding="utf-8"))["rounds"]
    rounds.append({"base": {k: schema.to_dict()[k] for k in ("preprocess", "features", "model")},
                   "data": examples.source, "rows": len(examples), "variants": rows})
    result = {"task": args.task, "data": examples.source, "rows": len(examples),
              "method": (f"{folds}-fold cross-validation by outlet ({len(set(groups))} outlets, each held out whole)"
                         if groups else f"{folds}-fold cross-validation, seed {schema.model.seed}")
              + ", same folds for every variant",
              "rounds": rounds}
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for row in rows:
        f1 = row["macro_f1"]
        print(f"{f1['mean']:.3f} ± {f1['std']:.3f}  {row['variant']}  ({row['seconds']} s)")
    print(f"written {out}")


if __name__ == "__main__":
    main()
