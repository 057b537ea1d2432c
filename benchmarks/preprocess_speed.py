"""Throughput of Arabic normalisation + tokenisation on a real corpus, on one core.

    python benchmarks/preprocess_speed.py [--corpus ../shared/corpora/ant_multisource.jsonl.gz] [--repeat 3]

Reads every article (title and text) into memory first, then times, in this process only:
- ``TokenEncoder`` (the path under the models' vectorizers: normalise and tokenise whole batches
  of 500 texts to token ids, with a cache per whitespace-separated chunk), starting from an empty
  cache ("first pass": what one pass over an archive of this size costs) and again over the same
  texts ("second pass": the steady state of a long archive);
- ``TokenPipeline`` (the same steps, one text at a time, tokens as strings), first and second pass;
- ``tokenize(normalize(text))`` and ``normalize(text)``, the plain functions (fresh normaliser).
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

from arclassify.text import Normalizer, TokenPipeline, tokenize
from arclassify.text.encoder import TokenEncoder

BATCH = 500

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "ant_multisource.jsonl.gz"


def load(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [f"{a.get('title') or ''}\n{a.get('text') or ''}" for a in map(json.loads, handle)]


def timed(run, items: list) -> float:
    started = time.perf_counter()
    for item in items:
        run(item)
    return time.perf_counter() - started


def _tokenize_normalized(normalizer: Normalizer):
    return lambda text: tokenize(normalizer(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = load(args.corpus)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{args.corpus.name}: {len(texts)} articles, {megabytes:.1f} MB; Python {platform.python_version()}, "
          f"{os.cpu_count()} cores (one used)")
    batches = [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]
    results: dict[str, list[float]] = {}

    def record(name: str, seconds: float) -> None:
        results.setdefault(name, []).append(megabytes / seconds)

    for _ in range(args.repeat):
        encoder = TokenEncoder(TokenPipeline())
        record("normalise+tokenise, TokenEncoder, first pass", timed(encoder.encode, batches))
        record("normalise+tokenise, TokenEncoder, second pass", timed(encoder.encode, batches))
        pipeline = TokenPipeline()
        record("normalise+tokenise, TokenPipeline, first pass", timed(pipeline, texts))
        record("normalise+tokenise, TokenPipeline, second pass", timed(pipeline, texts))
        record("tokenize(normalize(text))", timed(_tokenize_normalized(Normalizer()), texts))
        normalize = Normalizer()
        record("normalize(text) alone", timed(normalize, texts))
    for name, speeds in results.items():
        print(f"{name:48s} {statistics.median(speeds):6.1f} MB/s  (runs: {', '.join(f'{s:.1f}' for s in speeds)})")


if __name__ == "__main__":
    main()
