"""Charts as inline SVG strings, drawn with matplotlib (the ``report`` extra, Agg backend).

Text stays text in the SVG (``svg.fonttype = none``), so the browser shapes Arabic labels with
the page's fonts. Titles and captions are left to the HTML around each chart.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from arclassify.errors import ArclassifyError

FONTS = ["DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "Arial", "sans-serif"]
INSTALL_HINT = 'charts need matplotlib: pip install "arclassify[report]"'
_counter = itertools.count(1)


class MissingDependency(ArclassifyError):
    """An optional dependency of the report is not installed."""


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise MissingDependency(INSTALL_HINT) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.sans-serif": FONTS,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "svg.hashsalt": "arclassify",
    })
    return plt


def require_matplotlib() -> None:
    """Raise ``MissingDependency`` with the install command when matplotlib is not installed."""
    _pyplot()


def label_colors(labels: Sequence[str]) -> dict[str, Any]:
    """A stable colour per label (grey for ``unknown`` and no-label)."""
    plt = _pyplot()
    many = len(labels) > 9
    palette = plt.get_cmap("tab20" if many else "tab10")
    greys = {14, 15} if many else {7}  # grey is kept for unknown
    shades = [palette(i) for i in range(palette.N) if i not in greys]
    colors: dict[str, Any] = {}
    index = 0
    for label in labels:
        if label == "unknown" or label.startswith("("):
            colors[label] = "#9e9e9e"
        else:
            colors[label] = shades[index % len(shades)]
            index += 1
    return colors


def to_svg(fig: Any) -> str:
    """The figure as an ``<svg>`` element with ids unique in the page; the figure is closed."""
    plt = _pyplot()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    prefix = f"c{next(_counter)}-"
    return re.sub(r'(id="|url\(#|href="#)', lambda m: m.group(1) + prefix, svg)


def _period_axis(ax: Any, periods: Sequence[date], period: str) -> None:
    import matplotlib.dates as mdates

    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m" if period == "month" else "%Y-%m-%d"))
    if len(periods) <= 8:
        ax.set_xticks(list(periods))
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    ax.tick_params(axis="x", labelrotation=30)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")


def share_lines(periods: Sequence[date], shares: dict[str, list[float]], period: str,
                colors: dict[str, Any], size: tuple[float, float] = (7.5, 2.8)) -> str:
    """Lines: each label's share of the period's records (multi-label tasks)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=size)
    marker = "o" if len(periods) < 30 else None
    for label, values in shares.items():
        if any(values):
            ax.plot(periods, values, label=label, color=colors.get(label), marker=marker,
                    markersize=5 if len(periods) < 3 else 3, linewidth=1.6)
    _period_axis(ax, periods, period)
    ax.set_ylim(-0.02, 1.04)  # a line at 0% or 100% stays visible
    ax.set_ylabel("share of records")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return to_svg(fig)


def share_areas(periods: Sequence[date], shares: dict[str, list[float]], period: str,
                colors: dict[str, Any], size: tuple[float, float] = (7.5, 2.8)) -> str:
    """Stacked areas: the labels' shares of each period's records (single-label tasks)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=size)
    shown = {label: values for label, values in shares.items() if any(values)}
    if len(periods) == 1:  # an area needs two points: a stacked bar for a single period
        bottom = 0.0
        for label, values in shown.items():
            ax.bar(periods, values, bottom=bottom, width=20, label=label, color=colors.get(label))
            bottom += values[0]
    else:
        ax.stackplot(periods, *shown.values(), labels=list(shown), colors=[colors.get(label) for label in shown],
                     alpha=0.9)
    _period_axis(ax, periods, period)
    ax.set_ylabel("share of records")
    handles, names = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], names[::-1], loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return to_svg(fig)


def confusion_heatmap(labels: Sequence[str], matrix: Sequence[Sequence[int]]) -> str:
    """Heatmap of a confusion matrix (rows: truth, columns: prediction), shaded by row share."""
    import numpy as np

    plt = _pyplot()
    counts = np.asarray(matrix, dtype=float)
    rows = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    n = len(labels)
    side = max(3.5, 0.45 * n + 1.5)
    fig, ax = plt.subplots(figsize=(side + 1, side))
    image = ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(n), labels, rotation=45, ha="right")
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.grid(False)
    for i in range(n):
        for j in range(n):
            if counts[i, j]:
                ax.text(j, i, f"{int(counts[i, j])}", ha="center", va="center", fontsize=7,
                        color="white" if shares[i, j] > 0.6 else "black")
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="share of the true label's rows")
    return to_svg(fig)


def metric_bars(per_label: dict[str, dict[str, float]]) -> str:
    """Grouped bars: precision, recall and F1 per label."""
    import numpy as np

    plt = _pyplot()
    labels = list(per_label)
    x = np.arange(len(labels))
    fig, ax = plt.subplots(figsize=(max(5.0, 0.7 * len(labels) + 2), 3.0))
    for k, (metric, color) in enumerate((("precision", "#4c72b0"), ("recall", "#dd8452"), ("f1", "#55a868"))):
        ax.bar(x + (k - 1) * 0.27, [per_label[label][metric] for label in labels], width=0.27, label=metric,
               color=color)
    ax.set_xticks(x, labels, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return to_svg(fig)


def tradeoff_curve(thresholds: Sequence[float], curves: dict[str, Sequence[float]], current: float | None,
                   xlabel: str, size: tuple[float, float] = (5.5, 3.0)) -> str:
    """Lines of figures (precision, recall, ...) against a threshold, the model's own marked."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=size)
    styles = {"precision": ("#4c72b0", "-"), "recall": ("#dd8452", "-"), "answered": ("#8c8c8c", "--"),
              "f1": ("#55a868", ":")}
    for name, values in curves.items():
        color, style = styles.get(name, (None, "-"))
        ax.plot(thresholds, values, label=name, color=color, linestyle=style, linewidth=1.6)
    if current is not None:
        ax.axvline(current, color="#c44e52", linewidth=1, label=f"model's threshold {current:.2f}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(xlabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return to_svg(fig)
