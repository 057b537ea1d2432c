"""Throughput of Arabic normalisation + tokenisation on a real corpus, on one core.

    python benchmarks/preprocess_speed.py [--corpus ../shared/corpora/ant_multisource.jsonl.gz] [--repeat 3]

Reads every article (title and text) into memory first, then times, in this process only:
- ``TokenPipeline`` (the analyzer's path: normalise and tokenise, cached per word), with a fresh
  cache each run ("cold", what a first pass over an archive costs) and on a second pass ("warm");
- ``tokenize(normalize(text))``, the plain functions (with a fresh normaliser each run);
- ``normalize(text)`` alone (fresh normaliser).
MB are megabytes (10^6 bytes) of UTF-8 text. Prints the median over the repeats.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import time
from pathlib import Path

from arclassify.preprocess import Normalizer, TokenPipeline, tokenize

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "ant_multisource.jsonl.gz"


def load(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [f"{a.get('title') or ''}\n{a.get('text') or ''}" for a in map(json.loads, handle)]


def timed(run, texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        run(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = load(args.corpus)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{args.corpus.name}: {len(texts)} articles, {megabytes:.1f} MB; Python {platform.python_version()}, "
          f"{os.cpu_count()} cores (one used)")
    results: dict[str, list[float]] = {"normalise+tokenise, TokenPipeline, cold cache": [],
                                       "normalise+tokenise, TokenPipeline, warm cache": [],
                                       "tokenize(normalize(text))": [], "normalize(text) alone": []}
    for _ in range(args.repeat):
        pipeline = TokenPipeline()
        results["normalise+tokenise, TokenPipeline, cold cache"].append(megabytes / timed(pipeline, texts))
        results["normalise+tokenise, TokenPipeline, warm cache"].append(megabytes / timed(pipeline, texts))
        normalize = Normalizer()
        results["tokenize(normalize(text))"].append(megabytes / timed(lambda t: tokenize(normalize(t)), texts))
        normalize = Normalizer()
        results["normalize(text) alone"].append(megabytes / timed(normalize, texts))
    for name, speeds in results.items():
        print(f"{name:48s} {statistics.median(speeds):6.1f} MB/s  (runs: {', '.join(f'{s:.1f}' for s in speeds)})")


if __name__ == "__main__":
    main()
