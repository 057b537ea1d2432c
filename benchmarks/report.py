"""Render a benchmark run: a Markdown page with the tables, and a PNG chart of accuracy against speed."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

FASTTEXT = "fastText"


def _ratio(value: float | None, reference: float | None) -> str:
    if not value or not reference:
        return "-"
    return f"{value / reference:.2f}×"


def tables(run: dict) -> list[str]:
    by_task: dict[str, list[dict]] = defaultdict(list)
    for result in run["results"]:
        by_task[result["task"]].append(result)
    lines = []
    for task, results in by_task.items():
        reference = next((r for r in results if r["system"] == FASTTEXT and "error" not in r), None)
        lines += [f"### {task}", "", results[0]["description"] + f"; {results[0]['test_rows']} test articles.", ""]
        related = any("macro_f1_related" in r for r in results)
        header = "| system | macro-F1 | " + ("macro-F1 agree/disagree/discuss | " if related else "") + \
                 "accuracy | train s | × fastText | articles/s (1 / 2 processes) | × fastText (1 / 2) | peak MB |"
        lines += [header, "|" + "---|" * (header.count("|") - 1)]
        for r in results:
            if "error" in r:
                lines.append(f"| {r['system']} | error: {r['error']} |")
                continue
            speed = f"{r['articles_per_second']:,.0f}"
            speed_ratio = _ratio(r["articles_per_second"], reference and reference["articles_per_second"])
            parallel = r.get("articles_per_second_2_processes")
            if parallel:
                speed += f" / {parallel:,.0f}"
                speed_ratio += " / " + _ratio(parallel, reference and reference.get("articles_per_second_2_processes"))
            cells = [r["system"], f"{r['macro_f1']:.3f}"]
            if related:
                cells.append(f"{r.get('macro_f1_related', 0):.3f}")
            cells += [f"{r['accuracy']:.3f}", f"{r['train_seconds']:.1f}",
                      _ratio(r["train_seconds"], reference and reference["train_seconds"]), speed, speed_ratio,
                      f"{r['peak_memory_mb']:.0f}"]
            lines.append("| " + " | ".join(cells) + " |")
        if reference and reference.get("fasttext_params"):
            params = ", ".join(f"lr {p['lr']} epoch {p['epoch']}" for p in reference["fasttext_params"])
            tuning = f"{reference['tuning_seconds']:.0f} s"
            lines.append(f"\nfastText settings chosen on validation: {params}; tuning took {tuning} in all.")
        lines.append("")
    return lines


def chart(run: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tasks = sorted({r["task"] for r in run["results"]})
    systems = sorted({r["system"] for r in run["results"] if r.get("articles_per_second_2_processes")})
    markers = dict(zip(systems, "osD^v<>"))
    colours = dict(zip(tasks, plt.rcParams["axes.prop_cycle"].by_key()["color"]))
    figure, axis = plt.subplots(figsize=(9, 6))
    for r in run["results"]:
        if "error" in r:
            continue
        speed = r.get("articles_per_second_2_processes")
        if not speed:  # the majority baseline: no model to run
            continue
        axis.scatter(speed, r["macro_f1"], marker=markers[r["system"]], color=colours[r["task"]], s=60)
    axis.set_xscale("log")
    axis.set_xlabel("scoring throughput, articles per second, 2 processes (log scale; majority baseline left out)")
    axis.set_ylabel("macro-F1")
    axis.set_title(f"Accuracy against speed ({run['date'][:10]}, {run['machine'].split(',')[0]})")
    for system, marker in markers.items():
        axis.scatter([], [], marker=marker, color="grey", label=system)
    for task, colour in colours.items():
        axis.scatter([], [], marker="s", color=colour, label=task)
    axis.legend(fontsize=8, loc="upper left")
    axis.grid(True, alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


ANALYSIS_MARKER = "<!-- analysis: written by hand, kept when the tables are regenerated -->"


def write_report(run: dict, markdown: Path, png: Path) -> None:
    """Regenerate the tables and chart; the hand-written analysis below the marker is kept."""
    chart(run, png)
    kept = ""
    if markdown.is_file() and ANALYSIS_MARKER in markdown.read_text(encoding="utf-8"):
        kept = markdown.read_text(encoding="utf-8").split(ANALYSIS_MARKER, 1)[1]
    lines = ["# Benchmarks", "", f"Last full run: `{run['command']}` on {run['date']} ({run['machine']}).", "",
             f"![macro-F1 against throughput]({png.name})", ""]
    lines += tables(run)
    markdown.write_text("\n".join(lines) + "\n" + ANALYSIS_MARKER + kept, encoding="utf-8")
