"""Arabic stop words, normalised the same way as the text they are removed from."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from arclassify.text.normalize import NormalizeConfig, normalize


@lru_cache(maxsize=1)
def raw_stop_words() -> tuple[str, ...]:
    """The packaged list, as written."""
    text = resources.files("arclassify.text").joinpath("data/stopwords_ar.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=32)
def stop_words(config: NormalizeConfig | None = None) -> frozenset[str]:
    """The stop words after normalisation with ``config``."""
    return frozenset(filter(None, (normalize(word, config) for word in raw_stop_words())))
