"""Texts to arrays of token ids, a batch at a time: the fast path under the TF-IDF vectorizers."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from itertools import chain

import numpy as np

from arclassify.arrays import RaggedTable, segment_sums
from arclassify.text import string_table
from arclassify.text.normalize import NormalizeConfig
from arclassify.text.pipeline import TokenPipeline
from arclassify.text.stem import light_stem
from arclassify.text.stopwords import stop_words as stop_word_set

# Chunks remembered before the tables are emptied (and refilled by the next texts).
_CHUNK_LIMIT = 500_000


class TokenEncoder:
    """Encodes texts as token ids: ``tokens[i]`` is the token whose id is ``i``.

    Each whitespace-separated chunk is normalised and tokenised once, by a :class:`TokenPipeline`,
    and its token ids remembered; a batch of texts is then split and looked up by compiled loops
    (``text/string_table.py``) and gathered with NumPy. The ids give the same tokens as
    ``pipeline(text)``. When more than ``limit`` chunks are
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
        self._chunk_tokens = RaggedTable()
        # The chunks seen (chunk id -> code points) in an open-addressing table, for the compiled
        # lookup: four bytes a character, where a dict of strings would hold some 100 bytes a chunk.
        self._chunk_points = RaggedTable(np.uint32)
        self._chunk_slots = np.full(8, -1, dtype=np.int64)

    @property
    def chunks(self) -> int:
        """How many chunks the tables remember."""
        return len(self._chunk_points)

    def _add(self, chunks: list[str]) -> None:
        """Remember new, distinct chunks: their ids follow in order."""
        tokens, lengths = self.pipeline.tokens_of_chunks(chunks)
        token_ids = self._token_ids
        new = [t for t in dict.fromkeys(tokens) if t not in token_ids]
        token_ids.update(zip(new, range(len(self.tokens), len(self.tokens) + len(new))))
        self.tokens += new
        ids = np.fromiter(map(token_ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        self._chunk_tokens.extend(ids, lengths)
        first = self.chunks
        points, _, point_lengths = string_table.code_points(chunks)
        self._chunk_points.extend(points, point_lengths)
        if 2 * self.chunks > len(self._chunk_slots):
            self._chunk_slots = string_table.build_table(*self._chunk_points.arrays())
        else:
            string_table.insert_all(*self._chunk_points.arrays(), self._chunk_slots, first)

    def encode(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids of the texts end to end, and how many of them belong to each text."""
        if self.chunks > self.limit:
            self.generation += 1
            self._reset()
        joined = "".join(texts)
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        text_lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        starts, chunk_lengths, counts = string_table.split_spans(points, text_lengths)
        chunk_ids = string_table.find_all(points, starts, chunk_lengths, *self._chunk_points.arrays(), self._chunk_slots)
        missing = np.flatnonzero(chunk_ids < 0)
        if len(missing):
            firsts, numbers = string_table.distinct(points, starts[missing], chunk_lengths[missing])
            first_starts, first_lengths = starts[missing[firsts]].tolist(), chunk_lengths[missing[firsts]].tolist()
            chunk_ids[missing] = self.chunks + numbers
            self._add([joined[a : a + n] for a, n in zip(first_starts, first_lengths)])
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


class FilteredEncoder:
    """A :class:`TokenEncoder` whose ids are then filtered: stop words dropped and/or tokens stemmed.

    Both steps act on single tokens, so they are maps over the plain encoder's ids: vectorizers
    that differ only in these options share one normalisation and one encoding of a text. The ids
    are those of the plain encoder (stems are added to its tokens) and give the same tokens as a
    :class:`TokenPipeline` with these options.
    """

    def __init__(self, base: TokenEncoder, stop_words: bool = False, stem: bool = False) -> None:
        self.base = base
        self.stop_words = stop_words
        self.stem = stem
        self._stop = stop_word_set(base.pipeline.normalize) if stop_words else frozenset()
        self._maps: tuple[int, np.ndarray, np.ndarray] = (-1, np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64))

    @property
    def tokens(self) -> list[str]:
        return self.base.tokens

    @property
    def generation(self) -> int:
        return self.base.generation

    @property
    def lock(self) -> threading.RLock:
        return self.base.lock

    def _current_maps(self) -> tuple[np.ndarray, np.ndarray]:
        """Per token id of the plain encoder: whether it is kept, and the id of its stem."""
        generation, keep, stems = self._maps
        if generation != self.base.generation:
            keep, stems = np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64)
        known = len(keep)
        new = self.base.tokens[known:]
        if new:
            kept = np.fromiter((t not in self._stop for t in new), dtype=bool, count=len(new))
            keep = np.concatenate([keep, kept])
            if self.stem:
                stem_ids, _ = self.base.encode_tokens([[light_stem(t) for t in new]])
            else:
                stem_ids = np.arange(known, known + len(new), dtype=np.int64)
            stems = np.concatenate([stems, stem_ids])
        self._maps = (self.base.generation, keep, stems)
        return keep, stems

    def filter(self, ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Ids of the plain encoder, with stop words dropped and stems in place of tokens."""
        keep, stems = self._current_maps()
        if self.stop_words:
            kept = keep[ids]
            lengths = lengths - segment_sums((~kept).astype(np.int64), lengths)
            ids = ids[kept]
        return (stems[ids] if self.stem else ids), lengths

    def encode(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids of the texts end to end, and how many belong to each text."""
        return self.filter(*self.base.encode(texts))

    def encode_tokens(self, token_lists: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids of texts already tokenised (used as given), and their counts."""
        return self.base.encode_tokens(token_lists)

    def decode(self, ids: np.ndarray) -> list[str]:
        return self.base.decode(ids)


_SHARED: dict[NormalizeConfig, TokenEncoder] = {}
_FILTERED: dict[tuple[NormalizeConfig, bool, bool], FilteredEncoder] = {}


def shared_encoder(normalize: NormalizeConfig, stop_words: bool = False,
                   stem: bool = False) -> TokenEncoder | FilteredEncoder:
    """The encoder every vectorizer with these token options shares: one plain encoder (one cache,
    one id space) per normalisation, filtered for stop words and stems."""
    encoder = _SHARED.get(normalize)
    if encoder is None:
        encoder = _SHARED[normalize] = TokenEncoder(TokenPipeline(normalize))
    if not (stop_words or stem):
        return encoder
    key = (normalize, stop_words, stem)
    filtered = _FILTERED.get(key)
    if filtered is None:
        filtered = _FILTERED[key] = FilteredEncoder(encoder, stop_words, stem)
    return filtered
