"""The shared corpora (read-only, never copied into the project): paths, articles by id, texts.

``ARCLASSIFY_SHARED`` overrides the location of the shared folder (default: ``../shared`` next to
the project's root).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ARCLASSIFY_SHARED", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"
TRAINABLE = ("ant_multisource", "egy_news_2013")

Ref = tuple[str, str]


def corpus_path(corpus: str) -> Path:
    """Path of a corpus file in the shared corpora folder."""
    return CORPORA / f"{corpus}.jsonl.gz"


def iter_corpus(corpus: str) -> Iterator[dict]:
    """Every article of a corpus, in file order."""
    with gzip.open(corpus_path(corpus), "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def read_by_id(refs: Iterable[Ref]) -> dict[Ref, dict]:
    """Articles keyed by ``(corpus, id)`` for the requested references."""
    wanted: dict[str, set[str]] = {}
    for corpus, article_id in refs:
        wanted.setdefault(corpus, set()).add(article_id)
    found: dict[Ref, dict] = {}
    for corpus, ids in wanted.items():
        for article in iter_corpus(corpus):
            if article["id"] in ids:
                found[(corpus, article["id"])] = article
    missing = [ref for corpus, ids in wanted.items() for ref in ((corpus, i) for i in ids) if ref not in found]
    if missing:
        raise KeyError(f"{len(missing)} articles not found in the corpora, e.g. {missing[:3]}")
    return found


def text_fingerprint(article: dict) -> str:
    """Hash of the opening of an article's body: the same story published twice has the same one."""
    return hashlib.sha1((article.get("text") or "")[:400].encode("utf-8")).hexdigest()


def article_text(article: dict) -> str:
    """Title and body joined, as the library reads a record by default."""
    return "\n".join(part for part in (article.get("title"), article.get("text")) if part and part.strip())
