"""Speed of scoring on a Dask LocalCluster: 1 worker against 2, and the scheduling overhead per partition.

    python benchmarks/distributed_speed.py [--articles 100000] [--partitions 20] [--task all] [--tiny 200]

Writes ``--articles`` articles (drawn in turn from ../shared/corpora/ant_multisource.jsonl.gz,
with fresh ids, title and text only) as ``--partitions`` JSON Lines shards to a temporary folder,
then for 1 and 2 single-threaded worker processes: starts a LocalCluster as ``--scheduler local:N`` does, loads the models on each
worker (timed apart), and times ``score_partitions`` over the shards. Prints articles/s, the ratio,
the resident memory of a worker with the models loaded, and the scheduling overhead per partition:
the time of a run over ``--tiny`` one-article partitions divided by their number. Nothing is
written inside the project. A benchmark, not a test: no figure is asserted.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "ant_multisource.jsonl.gz"


def write_shards(folder: Path, articles: int, partitions: int) -> None:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        source = [json.loads(line) for line in handle]
    folder.mkdir(parents=True, exist_ok=True)
    per_part = -(-articles // partitions)
    drawn = itertools.islice(itertools.cycle(source), articles)
    for part in range(partitions):
        with open(folder / f"shard-{part:05d}.jsonl", "w", encoding="utf-8") as out:
            for number, article in enumerate(itertools.islice(drawn, per_part)):
                out.write(json.dumps({"id": f"a{part}-{number}", "title": article["title"], "text": article["text"]},
                                     ensure_ascii=False) + "\n")


def worker_rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def load_models(refs: list[str]) -> float:
    from arclassify.distributed.workers import worker_models

    started = time.perf_counter()
    worker_models(refs)
    return time.perf_counter() - started


def run(workers: int, shards: Path, tiny: Path | None, refs: list[str], scratch: Path) -> dict:
    from arclassify.distributed import open_client, score_partitions

    with open_client(f"local:{workers}") as client:
        loading = client.run(load_models, refs)
        rss_loaded = client.run(worker_rss_mb)
        out = scratch / f"out-{workers}"
        summary = score_partitions(str(shards), out, refs, client)
        figures = {"workers": workers, "seconds": summary.seconds, "records": summary.records,
                   "rate": summary.records / summary.seconds, "load_seconds": max(loading.values()),
                   "rss_loaded_mb": max(rss_loaded.values()), "rss_after_mb": max(client.run(worker_rss_mb).values())}
        if tiny is not None:
            tiny_summary = score_partitions(str(tiny), scratch / f"tiny-{workers}", refs, client)
            figures["tiny_partitions"] = tiny_summary.partitions
            figures["overhead_ms"] = 1000 * tiny_summary.seconds / tiny_summary.partitions
        shutil.rmtree(out, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--partitions", type=int, default=20)
    parser.add_argument("--task", action="append", help="built-in task (repeatable; default: all three)")
    parser.add_argument("--tiny", type=int, default=200, help="one-article partitions for the overhead run (0: none)")
    args = parser.parse_args()
    from arclassify.models.builtin import builtin_names

    refs = args.task or builtin_names()
    with tempfile.TemporaryDirectory(prefix="arclassify-dask-") as name:
        scratch = Path(name)
        write_shards(scratch / "shards", args.articles, args.partitions)
        tiny = None
        if args.tiny:
            tiny = scratch / "tiny"
            write_shards(tiny, args.tiny, args.tiny)
        print(f"{args.articles:,} articles in {args.partitions} partitions, tasks {', '.join(refs)}", flush=True)
        results = []
        for workers in (1, 2):
            figures = run(workers, scratch / "shards", tiny, refs, scratch)
            results.append(figures)
            print(f"{workers} worker{'s' if workers > 1 else ' '}: {figures['rate']:,.0f} articles/s "
                  f"({figures['records']:,} in {figures['seconds']:.1f} s; models loaded in {figures['load_seconds']:.1f} s; "
                  f"worker RSS {figures['rss_loaded_mb']:.0f} MB loaded, {figures['rss_after_mb']:.0f} MB after)", flush=True)
            if "overhead_ms" in figures:
                print(f"   scheduling overhead: {figures['overhead_ms']:.1f} ms per partition "
                      f"({figures['tiny_partitions']} one-article partitions)", flush=True)
        print(f"2 workers / 1 worker: {results[1]['rate'] / results[0]['rate']:.2f}x")


if __name__ == "__main__":
    main()
