"""Memory of `arclassify predict` on a large input: it must stay flat whatever the input size.

    python benchmarks/predict_memory.py [--size-gb 1.0] [--task all] [--jobs 1] [--keep]

Writes a JSON Lines file of the requested size to a temporary folder by repeating the articles of
../shared/corpora/ant_multisource.jsonl.gz (with fresh ids), then runs
``arclassify predict FILE --task ... -o OUT`` in a subprocess and samples the resident memory of it
and its children (/proc) every second. Prints the RSS at each tenth of the run, the peak, records
per second and the input size. Nothing is written inside the project.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "ant_multisource.jsonl.gz"


def make_input(path: Path, size: float) -> int:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle]
    written, count = 0, 0
    with open(path, "w", encoding="utf-8") as out:
        while written < size:
            for article in articles:
                line = json.dumps({"id": f"copy{count}", "title": article["title"], "text": article["text"]},
                                  ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                count += 1
                if written >= size:
                    break
    return count


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and its descendants, in kB."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            pending += [int(c) for c in children]
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-gb", type=float, default=1.0)
    parser.add_argument("--task", default="all")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary input and output")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="arclassify-memory-"))
    source = folder / "input.jsonl"
    records = make_input(source, args.size_gb * 1e9)
    print(f"input: {source.stat().st_size / 1e9:.2f} GB, {records} records")
    command = [sys.executable, "-m", "arclassify.cli", "predict", str(source), "--task", args.task,
               "--jobs", str(args.jobs), "-o", str(folder / "output.jsonl"), "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command)
    samples = []
    while process.poll() is None:
        samples.append((time.perf_counter() - started, tree_rss_kb(process.pid)))
        time.sleep(1.0)
    elapsed = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"predict failed with exit code {process.returncode}")
    print(f"{' '.join(command[2:])}\n{elapsed:.0f} s, {records / elapsed:,.0f} records/s")
    for tenth in range(1, 11):
        at = [rss for t, rss in samples if t <= elapsed * tenth / 10]
        if at:
            print(f"  at {tenth * 10:3d}% of the run: RSS {at[-1] / 1024:.0f} MB")
    print(f"peak RSS: {max(rss for _, rss in samples) / 1024:.0f} MB")
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
