"""Write docs/models/<task>.md from each built-in model's metadata and the training results.

    python -m training.model_cards

Every figure in a card is read from arclassify/models/shipped/<task>/metadata.json or
training/results/*.json, which the training scripts wrote; nothing is typed in by hand except the
"Known limits" text below.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from arclassify.models.builtin import BUILTIN_DIR
from arclassify.models.folders import read_metadata

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "models"
RESULTS = ROOT / "training" / "results"
CREDITS = (
    "Training texts come from the ANT corpus (ant_multisource; Chouigui, Ben Khiroun and Elayeb; Apache-2.0) "
    "and the Egyptian news-credibility corpus (egy_news_2013; ibraaaa; Apache-2.0), read from `../shared/corpora` "
    "at training time and not redistributed. saudinewsnet (CC BY-NC-SA 4.0) is used for evaluation only."
)
LIMITS_FILE = ROOT / "training" / "model_card_limits.json"
COMPARISON_NOTES = {
    "outlet": "Switching furniture removal (or name and dateline masking) off scores higher because the model "
              "can then read the outlet's name and page layout; those options stay on by design, so that the "
              "model learns outlets by their writing (see the raw against masked figures above). Round 2 asked, "
              "on more articles per outlet, whether a larger vocabulary than 60,000 n-grams per block helps: it "
              "did not, so the limit stays.",
}


def _spread(s: dict) -> str:
    return f"{s['mean']:.3f} ± {s['std']:.3f} (min {s['min']:.3f}, max {s['max']:.3f})"


def card(task: str) -> str:
    metadata = read_metadata(BUILTIN_DIR / task)
    schema = metadata["task"]
    cv = metadata["cv_metrics"]
    data = metadata["training_data"]
    lines = [f"# Model card: `{task}`", "", schema["description"], ""]
    lines += ["## Labels", ""] + [f"- `{label}`: {schema['labels'][label]}" for label in schema["labels"]]
    unknown_threshold = schema["model"].get("unknown_threshold")
    if unknown_threshold:
        scaled = " (after scaling by the novelty score below)" if metadata["layout"].get("novelty") else ""
        lines.append(f"- `unknown`: answered when the top probability{scaled} is below {unknown_threshold}")
    lines += ["", "## Training data", "", f"- source: {data['source']}", f"- rows: {data['rows']}",
              f"- sha256 of the (id, text, label) rows: `{data['sha256']}`", f"- {CREDITS}", ""]
    distribution = _label_distribution(task)
    if distribution:
        lines += ["| label | training examples |", "|---|---|"]
        lines += [f"| `{label}` | {count} |" for label, count in distribution.items()] + [""]
    lines += _synthetic_section(metadata)
    lines += _test_set_section(task)
    lines += ["## Cross-validated figures", "", f"{cv['method']}; mean ± standard deviation over folds. "
              "The folds come from the same keyword strata and outlets as the training rows, so these figures "
              "overstate quality on other outlets: read them beside the test-set figures above.", ""]
    if unknown_threshold:
        lines += ["An `unknown` answer (top probability below the threshold) counts as an error; the confusion "
                  "matrix shows these answers in its `unknown` column.", ""]
    lines += ["| | F1 |", "|---|---|"]
    lines += [f"| `{label}` | {_spread(s)} |" for label, s in cv["per_label_f1"].items() if label in metadata["task"]["labels"]]
    lines += [f"| **macro F1** | {_spread(cv['macro_f1'])} |", f"| micro F1 | {_spread(cv['micro_f1'])} |"]
    key = "accuracy" if "accuracy" in cv else "exact_match"
    lines += [f"| {key.replace('_', ' ')} | {_spread(cv[key])} |", ""]
    held_out = metadata.get("held_out_thresholds")
    if held_out:
        lines += ["These figures use the thresholds tuned by inner 3-fold cross-validation on F1. The shipped model "
                  "may take, label by label, thresholds chosen for outlets it never saw "
                  f"(`python -m training.topic_thresholds`, training data only: {held_out['method']}):", "",
                  "| label | shipped threshold | held-out threshold (F1 on the outlets it was chosen on) "
                  "| inner-CV threshold, mean over folds (F1 there) | nested F1: held-out / inner threshold |",
                  "|---|---|---|---|---|"]
        lines += [f"| `{label}` | {metadata['thresholds'][label]:.3f} | {r['threshold']:.3f} ({r['f1_out_of_outlet']:.3f}) "
                  f"| {r['in_domain_threshold']:.3f} ({r['f1_out_of_outlet_at_in_domain_threshold']:.3f}) "
                  + (f"| {r['nested_f1_held_out_threshold']:.3f} / {r['nested_f1_inner_threshold']:.3f} |"
                     if "nested_f1_held_out_threshold" in r else "| |")
                  for label, r in held_out["labels"].items()]
        lines += ["", "A held-out threshold is shipped only where the nested F1 (the threshold chosen on the other "
                  "folds' held-out outlets) beats each fold model's own inner threshold; elsewhere the final model's "
                  "inner-CV threshold is kept."]
        lines.append("")
    elif metadata.get("thresholds"):
        lines += ["Decision thresholds per label (tuned by inner 3-fold cross-validation on F1): "
                  + ", ".join(f"`{k}` {v:.3f}" for k, v in metadata["thresholds"].items()), ""]
    if "confusion" in cv:
        labels = cv["confusion"]["labels"]
        lines += ["Confusion matrix summed over the folds (rows: truth; columns: prediction):", "",
                  "| | " + " | ".join(f"`{label}`" for label in labels) + " |", "|---" * (len(labels) + 1) + "|"]
        lines += [f"| `{label}` | " + " | ".join(map(str, row)) + " |" for label, row in zip(labels, cv["confusion"]["matrix"])]
        lines.append("")
    if "held_out_evaluation" in metadata:
        lines += _outlet_section(metadata["held_out_evaluation"])
    comparison = metadata.get("config_comparison")
    if comparison:
        lines += ["## How the configuration was chosen", "",
                  f"{comparison['method']}. Each round changes one option at a time "
                  "from that round's base (the row *schema as configured*); the best change went into the schema "
                  "when it beat the base by more than the spread over folds, and the next round started from it. "
                  "The shipped configuration is the one under *Configuration* below.", ""]
        if task in COMPARISON_NOTES:
            lines += [COMPARISON_NOTES[task], ""]
        for number, round_ in enumerate(comparison["rounds"], 1):
            lines += [f"Round {number} ({round_['rows']} rows):", "", "| variant | macro F1 (mean ± std over folds) |",
                      "|---|---|"]
            lines += [f"| {v['variant']} | {v['macro_f1']['mean']:.3f} ± {v['macro_f1']['std']:.3f} |"
                      for v in round_["variants"]]
            lines.append("")
    if task == "outlet":
        lines += _learner_section()
    configuration = {key: metadata["task"][key] for key in ("preprocess", "features", "model")}
    lines += ["## Configuration", "", "```json", json.dumps(configuration, indent=2), "```", ""]
    limits = json.loads(LIMITS_FILE.read_text(encoding="utf-8")).get(task, []) if LIMITS_FILE.is_file() else []
    if limits:
        lines += ["## Known limits", ""] + [f"- {item}" for item in limits] + [""]
    lines += [f"Model files: `arclassify/models/shipped/{task}/` (weights sha256 `{metadata['checksums']['weights.npz']}`), "
              f"built by `python -m training.build_models --task {task}` with scikit-learn "
              f"{metadata['sklearn_version']}.", ""]
    return "\n".join(lines)


def _synthetic_section(metadata: dict) -> list[str]:
    """The training-only (synthetic) articles and the experiment that admitted them."""
    extra = metadata.get("training_only_data")
    path = RESULTS / f"synthetic_{metadata['task']['name']}.json"
    if not path.is_file():
        return []
    experiment = json.loads(path.read_text(encoding="utf-8"))
    runs = experiment["runs"]
    counts = ", ".join(f"{n} `{label}`" for label, n in experiment["synthetic"]["labels"].items() if n)
    task = metadata["task"]["name"]
    rule = ("Issue 9 allows them only as a measured experiment, kept if the honest test set improves; "
            f"`python -m training.synthetic {task}` measured"
            + (" (with the thresholds of inner cross-validation, before the held-out-outlet thresholds "
               "below):" if metadata.get("held_out_thresholds") else ":"))
    if extra:
        text = (f"The model also trains on {extra['rows']} synthetic articles ({counts}; source: {extra['source']}, "
                f"sha256 `{extra['sha256']}`): invented events written for the project (labels/synthetic/README.md). "
                f"They join every cross-validation training fold and are never scored. {rule}")
    else:
        text = (f"The model does not train on the {experiment['synthetic']['rows']} synthetic articles of "
                f"labels/synthetic/{task}.jsonl ({counts}): with them the honest test set did not improve. {rule}")
    lines = ["### Synthetic articles (training only)", "", text, "",
             "| training rows | macro-F1, cross-validated | macro-F1, honest test set | test F1 per label |",
             "|---|---|---|---|"]
    for name, run in runs.items():
        per_label = ", ".join(f"`{label}` {f1:.2f}" for label, f1 in run["test"]["f1"].items())
        lines.append(f"| {name} | {run['cv_macro_f1']:.3f} ± {run['cv_std']:.3f} | {run['test']['macro_f1']:.3f} "
                     f"| {per_label} |")
    return lines + [""]


def _test_set_section(task: str) -> list[str]:
    """The honest test set's figures (training/results/builtin_test.json), which no model trains on."""
    path = RESULTS / "builtin_test.json"
    if not path.is_file():
        return []
    results = json.loads(path.read_text(encoding="utf-8"))["tasks"].get(task)
    if not results:
        return []
    lines = ["## Honest test set", "",
             "450 articles of saudinewsnet and of Baly et al.'s web pages: outlets no model was trained on, drawn by "
             "military, exercise, arms and Russia keyword strata plus a random share "
             "(`training/annotation/test_set.py`), annotated by two independent passes and adjudicated "
             "(agreement in `labels/annotations/test/agreement.json`). Nothing trains on it and no configuration is "
             "chosen on it; `python -m training.evaluate_builtin` reads it once per build.", ""]
    if task == "outlet":
        return lines + [f"Every test article comes from an outlet the model never saw: it answered `unknown` for "
                        f"**{results['unknown_share']:.1%}** of them ({results['n']} articles, threshold "
                        f"{results['threshold']}).", ""]
    report = results["all"]
    lines += ["| | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    lines += [f"| `{label}` | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |"
              for label, m in report["per_label"].items()]
    lines += [f"| **macro** | {report['macro']['precision']:.3f} | {report['macro']['recall']:.3f} | "
              f"**{report['macro']['f1']:.3f}** | {report['n']} |", "",
              f"On the {results['russia_strata']['n']} articles of the Russia-focused strata alone: macro-F1 "
              f"{results['russia_strata']['macro']['f1']:.3f}.", ""]
    if "confusion" in report:
        labels = report["confusion"]["labels"]
        lines += ["Confusion matrix (rows: truth; columns: prediction):", "",
                  "| | " + " | ".join(f"`{label}`" for label in labels) + " |", "|---" * (len(labels) + 1) + "|"]
        lines += [f"| `{label}` | " + " | ".join(map(str, row)) + " |"
                  for label, row in zip(labels, report["confusion"]["matrix"])]
        lines.append("")
    return lines


def _label_distribution(task: str) -> dict[str, int]:
    if task not in ("topic", "stance"):
        return {}
    from training.annotation.passes import gold_labels

    counts: Counter = Counter()
    gold = gold_labels().values()
    for row in gold:
        for label in (row["topic"] if task == "topic" else [row["stance"]]):
            counts[label] += 1
    if task == "topic":
        counts["(none of the four)"] = sum(1 for row in gold if not row["topic"])
    return dict(counts.most_common())


def _learner_section() -> list[str]:
    """The learner comparison on every article (training/results/outlet_learners.json)."""
    path = RESULTS / "outlet_learners.json"
    if not path.is_file():
        return []
    found = json.loads(path.read_text(encoding="utf-8"))
    lines = ["The rounds above compared options with logistic regression on samples of each outlet. The model now "
             f"trains on every article, and its learner was chosen on training data only ({found['data']}; "
             f"{found['split']}, {found['train_rows']} training and {found['test_rows']} held-out articles; the "
             f"features fitted once, in {found['features_seconds']:.0f} s; {found['jobs']} threads for SGD; "
             "`python -m training.outlet_learners`):", "",
             "| learner | fit seconds | held-out macro F1 | accuracy |", "|---|---|---|---|"]
    lines += [f"| {row['learner']} | {row['fit_seconds']:.0f} | {row['macro_f1']:.3f} | {row['accuracy']:.3f} |"
              for row in found["learners"]]
    return lines + [""]


def _outlet_section(evaluation: dict) -> list[str]:
    raw, masked = evaluation["modes"]["raw"], evaluation["modes"]["masked"]
    unknown = evaluation["unknown"]
    chosen = unknown["chosen"]
    lines = ["## Held-out evaluation: raw against masked text", "",
             f"{evaluation['data']}; {evaluation['split']} ({evaluation['train_rows']} training, "
             f"{evaluation['test_rows']} test articles). Each model is trained and tested on text prepared the same way: "
             "*raw* keeps everything; *masked* removes page furniture, the datelines and bylines that open articles, and "
             "replaces outlets' own names with a placeholder, so only the writing is left.", "",
             "| | raw | masked |", "|---|---|---|",
             f"| macro F1 | {raw['macro_f1']:.3f} | {masked['macro_f1']:.3f} |",
             f"| accuracy | {raw['accuracy']:.3f} | {masked['accuracy']:.3f} |"]
    lines += [f"| F1 `{label}` | {raw['per_outlet_f1'][label]:.3f} | {masked['per_outlet_f1'][label]:.3f} |"
              for label in raw["per_outlet_f1"]]
    unseen = list(evaluation["unseen_data"])
    plain = evaluation["unknown_by_top_probability"]["chosen"]
    lines += ["", "The shipped model is the masked one.", "", "## Unknown outlets", "",
              "Unseen outlets: " + "; ".join(f"{c} ({d})" for c, d in evaluation["unseen_data"].items())
              + f". Rule: {unknown['rule']}; the threshold is chosen on known outlets only.", "",
              "The model's probabilities are scaled by a novelty score: the chance that the article's outlet is one "
              "it was trained on, from the entropy of its probabilities and the share of the article's words outside "
              "its vocabulary (`arclassify/models/novelty.py`). The score was fitted where whole outlets were held out "
              f"({unknown['novelty_fit']}): weights " + ", ".join(f"{k} {v:.3f}" for k, v in unknown["novelty"].items())
              + ". A label's probability is then that of the "
              "outlet among all outlets; what is left to 1 is the share of unseen outlets.", "",
              f"At the shipped threshold {chosen['threshold']}: "
              + ", ".join(f"**{chosen['unknown_on_' + c]:.1%}** of {c} articles" for c in unseen)
              + f" are answered `unknown` (right), against **{chosen['unknown_on_known_outlets']:.1%}** of held-out "
              f"articles from known outlets (wrong). Without the novelty score, at its own threshold {plain['threshold']}: "
              + ", ".join(f"{plain['unknown_on_' + c]:.1%} of {c}" for c in unseen)
              + f", against {plain['unknown_on_known_outlets']:.1%} of known.", "",
              "| threshold | unknown on known outlets | " + " | ".join(f"unknown on {c}" for c in unseen) + " |",
              "|---|---|" + "---|" * len(unseen)]
    lines += [f"| {r['threshold']} | {r['unknown_on_known_outlets']:.1%} | "
              + " | ".join(f"{r['unknown_on_' + c]:.1%}" for c in unseen) + " |" for r in unknown["by_threshold"]]
    return lines + [""]


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for task in ("topic", "outlet", "stance"):
        if (BUILTIN_DIR / task).is_dir():
            (DOCS / f"{task}.md").write_text(card(task), encoding="utf-8")
            print(f"written {DOCS / f'{task}.md'}")


if __name__ == "__main__":
    main()
