"""The text pipeline as plain functions and one cached class, without scikit-learn.

Cleaning (page furniture, outlet masking), then normalisation, tokenisation, stop words and
stemming (:class:`TokenPipeline`), then n-grams. Normalisation is local to whitespace-separated
chunks, so the pipeline caches the tokens of each chunk it has seen; the result is the same as
``tokenize(normalize(text))`` (a property the tests check) at a fraction of the cost.
"""

from __future__ import annotations

from itertools import chain, compress

import numpy as np

from arclassify.arrays import segment_sums
from arclassify.text.furniture import strip_furniture
from arclassify.text.memo import Memo
from arclassify.text.normalize import NormalizeConfig, get_normalizer
from arclassify.text.outlets import mask_outlets
from arclassify.text.stem import light_stem
from arclassify.text.stopwords import stop_words as stop_word_set
from arclassify.text.tokenize import TOKEN_OR_BREAK, tokenize

# Caches stop growing when full (the frequent words of a corpus come early and stay cached), so
# memory stays bounded on archives of any size.
_TOKEN_CACHE_LIMIT = 300_000
_BREAK = "\n"


def clean_text(text: str, strip_page_furniture: bool = False, mask_outlet_names: bool = False) -> str:
    """Text-level steps that need whole lines: furniture removal, then outlet masking."""
    if strip_page_furniture:
        text = strip_furniture(text)
    if mask_outlet_names:
        text = mask_outlets(text)
    return text


class TokenPipeline:
    """Normalise, tokenise, drop stop words and stem, with a cache of the tokens of each chunk.

    Normalisation is local to whitespace-separated chunks, so the tokens of a text are the tokens
    of its chunks, each computed once.
    """

    def __init__(self, normalize: NormalizeConfig | None = None, stop_words: bool = False, stem: bool = False) -> None:
        self.normalize = normalize or NormalizeConfig()
        self.stop_words = stop_words
        self.stem = stem
        self._normalizer = get_normalizer(self.normalize)
        self._stop = stop_word_set(self.normalize) if stop_words else frozenset()
        self._cache = Memo(self._chunk_tokens, _TOKEN_CACHE_LIMIT)

    def __getstate__(self) -> dict:
        return {"normalize": self.normalize, "stop_words": self.stop_words, "stem": self.stem}

    def __setstate__(self, state: dict) -> None:
        TokenPipeline.__init__(self, **state)

    def _filter(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        if self._stop:
            tokens = tuple(t for t in tokens if t not in self._stop)
        if self.stem:
            tokens = tuple(map(light_stem, tokens))
        return tokens

    def _chunk_tokens(self, chunk: str) -> tuple[str, ...]:
        text = self._normalizer.chunk_uncached(chunk)
        return self._filter((text,) if text.isalpha() else tuple(tokenize(text)))  # letters only: one token

    def tokens_of_chunks(self, chunks: list[str]) -> tuple[list[str], np.ndarray]:
        """The tokens of many whitespace-free chunks end to end, and how many come from each chunk.

        Not cached; the chunks are normalised and tokenised together, with a line break marking
        the end of each chunk's tokens.
        """
        found = TOKEN_OR_BREAK.findall("\n".join(self._normalizer.many(chunks)) + "\n")
        breaks = np.fromiter(map(_BREAK.__eq__, found), dtype=bool, count=len(found))
        ends = np.flatnonzero(breaks)
        lengths = np.diff(ends, prepend=-1) - 1
        tokens = list(compress(found, ~breaks))
        if self._stop:
            stop = np.fromiter(map(self._stop.__contains__, tokens), dtype=bool, count=len(tokens))
            tokens = list(compress(tokens, ~stop))
            lengths -= segment_sums(stop.astype(np.int64), lengths)
        if self.stem:
            tokens = list(map(light_stem, tokens))
        return tokens, lengths

    def __call__(self, text: str) -> list[str]:
        """Tokens of a raw text."""
        return list(chain.from_iterable(map(self._cache.__getitem__, text.split())))


def word_ngrams(tokens: list[str], ngram_range: tuple[int, int]) -> list[str]:
    """Word n-grams joined by a space, shortest first."""
    low, high = ngram_range
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), high + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_ngrams(token: str, ngram_range: tuple[int, int]) -> tuple[str, ...]:
    """Character n-grams of one token padded with a space on each side (like ``char_wb``)."""
    padded = f" {token} "
    low, high = ngram_range
    grams: list[str] = []
    for n in range(low, high + 1):
        if n > len(padded):
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return tuple(grams)
