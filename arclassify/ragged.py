"""A growable table of integer rows of different lengths, gathered many rows at a time with NumPy."""

from __future__ import annotations

import numpy as np


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``concatenate([arange(s, s + n) for s, n in zip(starts, lengths)])``, without a Python loop."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    return np.repeat(starts - ends + lengths, lengths) + np.arange(total)


def segment_sums(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sums of consecutive segments of ``values``, ``counts[i]`` items each (empty segments sum to 0)."""
    bounds = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=bounds[1:])
    totals = np.zeros(len(values) + 1, dtype=values.dtype if values.dtype.kind in "iu" else np.float64)
    np.cumsum(values, out=totals[1:])
    return totals[bounds[1:]] - totals[bounds[:-1]]


class RaggedTable:
    """Rows of integers, appended in bulk and read back in bulk: ``gather(rows)``."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._values = np.zeros(0, dtype=np.int64)
        self._starts = np.zeros(0, dtype=np.int64)
        self._lengths = np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._starts)

    def extend(self, values: np.ndarray, lengths: np.ndarray) -> None:
        """Append rows given end to end in ``values``, ``lengths[i]`` values each."""
        if not len(lengths):
            return
        starts = len(self._values) + np.concatenate([[0], np.cumsum(lengths)[:-1]])
        self._values = np.concatenate([self._values, values])
        self._starts = np.concatenate([self._starts, starts])
        self._lengths = np.concatenate([self._lengths, lengths])

    def lengths(self, rows: np.ndarray) -> np.ndarray:
        return self._lengths[rows]

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The values of ``rows`` end to end, and the length of each row."""
        lengths = self._lengths[rows]
        return self._values[ranges(self._starts[rows], lengths)], lengths
