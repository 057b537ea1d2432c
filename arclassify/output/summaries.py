"""Plain-text renderings of evaluation reports, cross-validation summaries and model cards."""

from __future__ import annotations

from typing import Any


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def format_report(report: dict[str, Any]) -> str:
    """Per-label table, averages and (single-label) confusion matrix of an evaluation report."""
    rows = [
        [label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"])]
        for label, m in report["per_label"].items()
    ]
    for name in ("macro", "micro"):
        m = report[name]
        rows.append([f"{name} avg", f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(report["n"])])
    parts = [_table(["label", "precision", "recall", "f1", "support"], rows)]
    if "accuracy" in report:
        parts.append(f"accuracy: {report['accuracy']:.3f}")
    if "exact_match" in report:
        parts.append(f"exact match (all labels right): {report['exact_match']:.3f}")
    if report.get("unknown_rate"):
        parts.append(f"answered 'unknown': {report['unknown_rate']:.1%}")
    if "confusion" in report:
        parts.append(format_confusion(report["confusion"]))
    return "\n".join(parts)


def format_confusion(confusion: dict[str, Any]) -> str:
    labels = confusion["labels"]
    header = ["true \\ predicted", *labels]
    rows = [[label, *map(str, counts)] for label, counts in zip(labels, confusion["matrix"])]
    return "confusion matrix:\n" + _table(header, rows)


def format_cv(summary: dict[str, Any] | None) -> str:
    """Cross-validated figures: mean and spread over folds, per label and averaged."""
    if not summary:
        return "cross-validation: not run"

    def spread(s: dict[str, float]) -> str:
        return f"{s['mean']:.3f} ± {s['std']:.3f}"

    rows = [[label, spread(s), f"{s['min']:.3f}", f"{s['max']:.3f}"] for label, s in summary["per_label_f1"].items()]
    key = "accuracy" if "accuracy" in summary else "exact_match"
    for name, figure in (("macro F1", "macro_f1"), ("micro F1", "micro_f1"), (key.replace("_", " "), key)):
        s = summary[figure]
        rows.append([name, spread(s), f"{s['min']:.3f}", f"{s['max']:.3f}"])
    parts = [summary.get("method", "cross-validation"), _table(["F1 by label", "mean ± std", "min", "max"], rows)]
    if summary.get("unknown_rate"):
        parts.append(f"answered 'unknown' on held-out folds: {summary['unknown_rate']:.1%}")
    if "confusion" in summary:
        parts.append(format_confusion(summary["confusion"]) + "\n(summed over folds)")
    return "\n".join(parts)


def model_card(metadata: dict[str, Any]) -> str:
    """A readable summary of a model folder's metadata."""
    task = metadata["task"]
    data = metadata.get("training_data", {})
    lines = [
        f"model: {task['name']} ({task['kind'].replace('_', '-')})",
        f"description: {task.get('description') or '-'}",
        f"reads fields: {', '.join(task.get('text_fields') or ['title', 'text (where present)'])}"
        + (f"; pair field: {task['pair_field']}" if task.get("pair_field") else ""),
        "labels:",
        *[f"  {label}: {description}".rstrip(": ") for label, description in task["labels"].items()],
    ]
    novelty = (metadata.get("layout") or {}).get("novelty")
    if novelty:
        lines.append("probabilities scaled by the chance that the source is a known one (novelty score: "
                     + ", ".join(f"{k} {v:.3f}" for k, v in novelty.items()) + ")")
    if task["model"].get("unknown_threshold"):
        lines.append(f"answers 'unknown' when the top probability is below {task['model']['unknown_threshold']}")
    if metadata.get("thresholds"):
        lines.append("decision thresholds: " + ", ".join(f"{k} {v:.3f}" for k, v in metadata["thresholds"].items()))
    lines += [
        f"training data: {data.get('source', '-')} ({data.get('rows', '?')} rows, sha256 {data.get('sha256', '?')})",
        f"created: {metadata.get('created', '-')}; arclassify {metadata.get('arclassify_version', '?')}, "
        f"scikit-learn {metadata.get('sklearn_version', '?')}, Python {metadata.get('python_version', '?')}",
        f"weights sha256: {metadata.get('checksums', {}).get('weights.npz', '-')}",
        "preprocessing: " + ", ".join(f"{k}={v}" for k, v in task["preprocess"].items() if k != "normalize"),
        "features: " + ", ".join(f"{k}={v}" for k, v in task["features"].items()),
        "model: " + ", ".join(f"{k}={v}" for k, v in task["model"].items()),
        "",
        format_cv(metadata.get("cv_metrics")),
    ]
    for note in metadata.get("notes", []):
        lines.append(f"note: {note}")
    return "\n".join(lines)
