"""Texts to arrays of token ids, a batch at a time: the fast path under the TF-IDF vectorizers."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np

from arclassify.arrays import RaggedTable, segment_sums
from arclassify.text.analyzer import TokenPipeline
from arclassify.text.normalize import NormalizeConfig

# Chunks remembered before the tables are emptied (and refilled by the next texts).
_CHUNK_LIMIT = 500_000


class TokenEncoder:
    """Encodes texts as token ids: ``tokens[i]`` is the token whose id is ``i``.

    Each whitespace-separated chunk is normalised and tokenised once, by a :class:`TokenPipeline`,
    and its token ids remembered; a batch of texts is then split, looked up and gathered in C and
    NumPy. The ids give the same tokens as ``pipeline(text)``. When more than ``limit`` chunks are
    remembered the tables are emptied and ``generation`` goes up, so memory stays bounded; ids
    compare only within one generation. Hold ``lock`` while ids are in use.
    """

    def __init__(self, pipeline: TokenPipeline, limit: int = _CHUNK_LIMIT) -> None:
        self.pipeline = pipeline
        self.limit = limit
        self.generation = 0
        self.lock = threading.RLock()
        self._reset()

    def _reset(self) -> None:
        self.tokens: list[str] = []
        self._token_ids: dict[str, int] = {}
        self._chunk_ids: dict[str, int] = {}
        self._chunk_tokens = RaggedTable()

    def _add(self, chunks: list[str]) -> None:
        tokens, lengths = self.pipeline.tokens_of_chunks(chunks)
        token_ids = self._token_ids
        new = [t for t in dict.fromkeys(tokens) if t not in token_ids]
        token_ids.update(zip(new, range(len(self.tokens), len(self.tokens) + len(new))))
        self.tokens += new
        ids = np.fromiter(map(token_ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        self._chunk_tokens.extend(ids, lengths)
        first = len(self._chunk_ids)
        self._chunk_ids.update(zip(chunks, range(first, first + len(chunks))))

    def encode(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids of the texts end to end, and how many of them belong to each text."""
        if len(self._chunk_ids) > self.limit:
            self.generation += 1
            self._reset()
        chunked = [text.split() for text in texts]
        counts = np.fromiter(map(len, chunked), dtype=np.int64, count=len(chunked))
        chunks = list(chain.from_iterable(chunked))
        chunk_ids = np.fromiter(map(self._chunk_ids.get, chunks, repeat(-1)), dtype=np.int64, count=len(chunks))
        missing = np.flatnonzero(chunk_ids < 0).tolist()
        if missing:
            unseen = [chunks[i] for i in missing]
            self._add(list(dict.fromkeys(unseen)))
            chunk_ids[missing] = np.fromiter(map(self._chunk_ids.__getitem__, unseen), dtype=np.int64, count=len(unseen))
        ids, lengths = self._chunk_tokens.gather(chunk_ids)
        return ids, segment_sums(lengths, counts)

    def encode_tokens(self, token_lists: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids of texts already tokenised (by a tokenizer other than the pipeline), and their counts."""
        tokens = list(chain.from_iterable(token_lists))
        token_ids = self._token_ids
        new = [t for t in dict.fromkeys(tokens) if t not in token_ids]
        token_ids.update(zip(new, range(len(self.tokens), len(self.tokens) + len(new))))
        self.tokens += new
        ids = np.fromiter(map(token_ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        return ids, np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))

    def decode(self, ids: np.ndarray) -> list[str]:
        """The tokens of an array of ids (of the current generation)."""
        return [self.tokens[i] for i in ids.tolist()]


_SHARED: dict[tuple[NormalizeConfig, bool, bool], TokenEncoder] = {}


def shared_encoder(normalize: NormalizeConfig, stop_words: bool = False, stem: bool = False) -> TokenEncoder:
    """The encoder every vectorizer with these token options shares (one cache, one id space)."""
    key = (normalize, stop_words, stem)
    encoder = _SHARED.get(key)
    if encoder is None:
        encoder = _SHARED[key] = TokenEncoder(TokenPipeline(normalize, stop_words, stem))
    return encoder
