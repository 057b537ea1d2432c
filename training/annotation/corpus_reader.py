"""Read articles of the shared corpora by id (the project never stores their text)."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

SHARED = Path(os.environ.get("ARCLASSIFY_SHARED", Path(__file__).resolve().parents[2].parent / "shared"))
CORPORA = SHARED / "corpora"
TRAINABLE = ("ant_multisource", "egy_news_2013")


def corpus_path(corpus: str) -> Path:
    """Path of a corpus file in ``../shared/corpora``."""
    return CORPORA / f"{corpus}.jsonl.gz"


def iter_corpus(corpus: str) -> Iterator[dict]:
    """Yield every article of a corpus."""
    with gzip.open(corpus_path(corpus), "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def read_by_id(refs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """Articles keyed by ``(corpus, id)`` for the requested references."""
    wanted: dict[str, set[str]] = {}
    for corpus, article_id in refs:
        wanted.setdefault(corpus, set()).add(article_id)
    found: dict[tuple[str, str], dict] = {}
    for corpus, ids in wanted.items():
        for article in iter_corpus(corpus):
            if article["id"] in ids:
                found[(corpus, article["id"])] = article
    return found
