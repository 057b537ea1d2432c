"""Benchmark arclassify against the tools users would pick instead, on real data, in one run.

    pip install ".[benchmark]"
    python -m benchmarks.run                 # full run: writes docs/benchmarks.md and docs/benchmarks.png
    python -m benchmarks.run --quick         # small samples (CI): checks that everything runs

Every system is trained and tested on the same splits of each task (benchmarks/tasks.py). Per
system and task: macro-F1, accuracy, training seconds (final fit; fastText's tuning is reported
apart), scoring throughput in articles per second (from raw text to labels, in one process and
split over two forked processes), peak memory above the loaded data, and the ratios to fastText.
Each system runs in a fresh forked process so its memory is measured alone.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from threadpoolctl import threadpool_limits

from arclassify.metrics import classification_report
from benchmarks.report import write_report
from benchmarks.systems import SYSTEMS
from benchmarks.tasks import task_factories

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def _rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024


_FORKED_SYSTEM = None  # the fitted system, inherited by forked processes (never pickled)


def _predict_in_child(inputs: list) -> int:
    return len(_FORKED_SYSTEM.predict(inputs))


def _parallel_predict(system, inputs, processes: int) -> float:
    """Wall-clock seconds to predict ``inputs`` split across ``processes`` forked processes.

    The fitted system reaches the processes by fork, as a scoring service would load its model
    once per process; only the inputs travel to them.
    """
    global _FORKED_SYSTEM
    _FORKED_SYSTEM = system
    size = -(-len(inputs) // processes)
    chunks = [inputs[i : i + size] for i in range(0, len(inputs), size)]
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with context.Pool(processes) as pool:
        pool.map(_predict_in_child, chunks, chunksize=1)
    seconds = time.perf_counter() - started
    _FORKED_SYSTEM = None
    return seconds


def run_one(task, system_name: str, queue) -> None:
    """Train and test one system on every split of a task (in a child process)."""
    try:
        baseline = _rss_mb()
        truth, predicted = [], []
        train_seconds = predict_seconds = parallel_seconds = tuning_seconds = 0.0
        extra = {}
        with threadpool_limits(1):
            for split in task.splits:
                system = SYSTEMS[system_name](task)
                started = time.perf_counter()
                system.fit(split.train_inputs, split.train_labels)
                train_seconds += time.perf_counter() - started
                tuning_seconds += getattr(system, "tuning_seconds", 0.0)
                started = time.perf_counter()
                answers = system.predict(split.test_inputs)
                predict_seconds += time.perf_counter() - started
                if system_name != "majority":
                    parallel_seconds += _parallel_predict(system, split.test_inputs, 2)
                truth += split.test_labels
                predicted += answers
                if hasattr(system, "params"):
                    extra.setdefault("fasttext_params", []).append(system.params)
        labels = task.labels
        report = classification_report(truth, predicted, labels, task.kind == "multi_label")
        result = {
            "task": task.name, "system": SYSTEMS[system_name].name,
            "macro_f1": report["macro"]["f1"],
            "accuracy": report.get("accuracy", report.get("exact_match")),
            "per_label_f1": {label: m["f1"] for label, m in report["per_label"].items()},
            "train_seconds": round(train_seconds - tuning_seconds, 2),
            "tuning_seconds": round(tuning_seconds, 2),
            "articles_per_second": round(len(truth) / predict_seconds, 1),
            "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - baseline, 1),
            **extra,
        }
        if parallel_seconds:
            result["articles_per_second_2_processes"] = round(len(truth) / parallel_seconds, 1)
        if "macro_f1_related" in task.extra_metrics:
            related = [label for label in labels if label != "unrelated"]
            sub = classification_report(truth, predicted, related, False)
            result["macro_f1_related"] = round(sum(sub["per_label"][label]["f1"] for label in related) / len(related), 4)
        queue.put(result)
    except Exception as error:  # reported in the table, the run goes on
        queue.put({"task": task.name, "system": SYSTEMS[system_name].name, "error": f"{type(error).__name__}: {error}"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small samples, for CI")
    parser.add_argument("--task", action="append", help="only these tasks")
    parser.add_argument("--system", action="append", choices=sorted(SYSTEMS), help="only these systems")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    started = datetime.now(UTC)
    results = []
    context = multiprocessing.get_context("fork")
    for name, make_task in task_factories(args.quick).items():
        if args.task and name not in args.task:
            continue
        task = make_task()
        print(f"== {task.name}: {task.description}; {task.test_rows} test rows", flush=True)
        for system_name in args.system or ["majority", "sklearn", "fasttext", "arclassify"]:
            queue = context.Queue()
            process = context.Process(target=run_one, args=(task, system_name, queue))
            process.start()
            result = queue.get()
            process.join()
            result["description"] = task.description
            result["test_rows"] = task.test_rows
            results.append(result)
            if "error" in result:
                print(f"   {result['system']}: ERROR {result['error']}", flush=True)
            else:
                print(f"   {result['system']:30s} macro-F1 {result['macro_f1']:.3f}  acc {result['accuracy']:.3f}  "
                      f"train {result['train_seconds']:.1f}s  {result['articles_per_second']:.0f}/s  "
                      f"mem {result['peak_memory_mb']:.0f} MB", flush=True)
    run = {
        "command": "python -m benchmarks.run" + (" --quick" if args.quick else ""),
        "date": started.isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, {platform.platform()}",
        "results": results,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "quick.json" if args.quick else "full.json"
    (RESULTS / name).write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.quick and not args.task and not args.system:
        write_report(run, ROOT / "docs" / "benchmarks.md", ROOT / "docs" / "benchmarks.png")
    failed = [r for r in results if "error" in r]
    if failed:
        sys.exit(f"{len(failed)} runs failed")


if __name__ == "__main__":
    main()
