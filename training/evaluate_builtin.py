"""The built-in models on the honest test set: articles from outlets no model was trained on.

    python -m training.evaluate_builtin            # prints the figures, writes training/results/builtin_test.json

The test set (labels/annotations/test, 450 articles of saudinewsnet and Baly et al., two
independent passes, adjudicated) is read here only, once per model build, to report: nothing
trains on it and no configuration is chosen on it. Per-label F1 and macro-F1 for topic and stance
(with the stance confusion matrix, and the Russia-focused strata on their own); for outlet, how
often it says ``unknown`` (every test article comes from an outlet it never saw); and the labels
of the five seed articles.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import arclassify
from arclassify.data.examples import Examples
from arclassify.evaluate import evaluate
from arclassify.output.summaries import format_report
from training.annotation.test_set import read_jsonl, test_gold
from training.corpora import SHARED, article_text, read_by_id

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "training" / "results" / "builtin_test.json"
CANDIDATES = ROOT / "labels" / "annotations" / "test" / "candidates.jsonl"
SEEDS = SHARED / "seeds" / "seeds.jsonl"
SOURCE = "labels/annotations/test (honest test set) + ../shared/corpora"


def test_examples(task: str, strata: set[str] | None = None) -> Examples:
    """The test set's gold labels of a task with their articles' texts (optionally some strata only)."""
    gold = test_gold()
    stratum = {(row["corpus"], row["id"]): row["stratum"] for row in read_jsonl(CANDIDATES)}
    refs = [ref for ref in gold if strata is None or stratum[ref] in strata]
    articles = read_by_id(refs)
    examples = Examples(source=SOURCE + (f" strata {', '.join(sorted(strata))}" if strata else ""))
    for row, ref in enumerate(refs, 1):
        examples.ids.append(f"{ref[0]}:{ref[1]}")
        examples.texts.append(article_text(articles[ref]))
        examples.labels.append(gold[ref][task])
        examples.rows.append(row)
    return examples


def outlet_unknown_share() -> dict[str, Any]:
    model = arclassify.load_model("outlet")
    examples = test_examples("stance")  # the texts; every test outlet is unseen
    predicted = model.predict(examples.texts)
    share = sum(p == "unknown" for p in predicted) / len(predicted)
    return {"n": len(predicted), "unknown_share": round(share, 4), "threshold": model.unknown_threshold}


def seed_labels() -> list[dict[str, Any]]:
    if not SEEDS.is_file():
        return []
    records = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = [{"id": record.get("id")} for record in records]
    for task in ("topic", "stance", "outlet"):
        model = arclassify.load_model(task)
        for row, label in zip(out, model.predict(records)):
            row[task] = label
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    results: dict[str, Any] = {"test_set": SOURCE, "tasks": {}}
    russia = {"russia_search"}
    for task in ("topic", "stance"):
        model = arclassify.load_model(task)
        report = evaluate(model, test_examples(task))
        subset = evaluate(model, test_examples(task, russia))
        results["tasks"][task] = {"all": report, "russia_strata": {"n": subset["n"], "macro": subset["macro"],
                                                                    "per_label": subset["per_label"]}}
        print(f"== {task} on the honest test set ({report['n']} articles)")
        print(format_report(report))
        print(f"-- Russia-focused strata only ({subset['n']} articles): macro-F1 {subset['macro']['f1']:.3f}\n")
    results["tasks"]["outlet"] = outlet_unknown_share()
    print(f"== outlet: 'unknown' for {results['tasks']['outlet']['unknown_share']:.1%} of "
          f"{results['tasks']['outlet']['n']} test articles (all from outlets it never saw)\n")
    results["seeds"] = seed_labels()
    for row in results["seeds"]:
        print(f"seed {row['id']}: topic {row['topic']}, stance {row['stance']}, outlet {row['outlet']}")
    OUT.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\n-> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
