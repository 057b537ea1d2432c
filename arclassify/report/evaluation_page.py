"""The page of an evaluation: confusion heatmap, per-label bars and threshold trade-off curves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from arclassify.report import charts
from arclassify.report.page import chart, document, esc, table
from arclassify.report.tradeoff import label_tradeoff, unknown_tradeoff


def evaluation_page(result: dict[str, Any], proba: np.ndarray, labels: Sequence[str], truth: Sequence[Any],
                    multi_label: bool, unknown_threshold: float | None = None,
                    thresholds: dict[str, float] | None = None) -> str:
    """The HTML page of an evaluation report, with ``proba`` (rows, one column per label) and the truth."""
    data = result.get("data", {})
    parts = [f"<h1>Evaluation of {esc(result.get('model'))}</h1>",
             f"<p>{result['n']:,} rows of <code>{esc(data.get('source'))}</code> (sha256 "
             f"<code>{esc(str(data.get('sha256', ''))[:16])}</code>…). "
             f"Macro F1 <strong>{result['macro']['f1']:.3f}</strong>, micro F1 {result['micro']['f1']:.3f}, "
             + (f"exact match {result['exact_match']:.3f}" if multi_label else
                f"accuracy {result['accuracy']:.3f}, answered unknown {result.get('unknown_rate', 0):.1%}")
             + ".</p>"]
    per_label = result["per_label"]
    rows = [[label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", m["support"]]
            for label, m in per_label.items()]
    parts.append("<h2>Precision, recall and F1 per label</h2>")
    parts.append(chart(charts.metric_bars(per_label)))
    parts.append(table(["label", "precision", "recall", "F1", "support"], rows, numeric=(1, 2, 3, 4)))
    if "confusion" in result:
        parts.append("<h2>Confusion matrix</h2><p class=\"muted\">Rows: the true label; columns: the prediction. "
                     "Numbers are rows; shading is the share of the true label's rows.</p>")
        parts.append(chart(charts.confusion_heatmap(result["confusion"]["labels"], result["confusion"]["matrix"])))
    parts.append("<h2>Threshold trade-off</h2>")
    if multi_label:
        parts.append('<p class="muted">For each label, precision and recall of the answer '
                     "“probability ≥ threshold” as the threshold moves; the red line is the model's threshold.</p>")
        panels = []
        for j, label in enumerate(labels):
            curve = label_tradeoff(proba[:, j], [label in t for t in truth])
            current = (thresholds or {}).get(label)
            panels.append(chart(charts.tradeoff_curve(curve["threshold"], {"precision": curve["precision"],
                                                                           "recall": curve["recall"]},
                                                      current, f"threshold of {label}", size=(4.6, 2.6)), label))
        parts.append(f'<div class="grid">{"".join(panels)}</div>')
    else:
        curve = unknown_tradeoff(proba, labels, truth)
        parts.append('<p class="muted">As the <code>unknown</code> threshold moves: precision of the answers '
                     "given (right answers / answers), recall (right answers / all rows) and the share of rows "
                     "answered. The red line is the model's threshold.</p>")
        parts.append(chart(charts.tradeoff_curve(curve["threshold"], {k: curve[k] for k in
                                                                      ("precision", "recall", "answered")},
                                                 unknown_threshold, "unknown threshold (top probability below it)")))
    return document(f"arclassify evaluation: {result.get('model')}", "\n".join(parts))
