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
    """Rows of integers (of ``dtype``), appended in bulk and read back in bulk: ``gather(rows)``.

    Storage grows by doubling, so appending a few rows at a time costs no more than appending
    them all at once.
    """

    def __init__(self, dtype: type = np.int64) -> None:
        self._values: np.ndarray = np.zeros(1024, dtype=dtype)
        self._starts = np.zeros(1024, dtype=np.int64)
        self._lengths = np.zeros(1024, dtype=np.int64)
        self._rows = 0
        self._used = 0

    def __len__(self) -> int:
        return self._rows

    @staticmethod
    def _room(array: np.ndarray, needed: int) -> np.ndarray:
        if needed <= len(array):
            return array
        grown = np.zeros(max(needed, 2 * len(array)), dtype=array.dtype)
        grown[: len(array)] = array
        return grown

    def extend(self, values: np.ndarray, lengths: np.ndarray) -> None:
        """Append rows given end to end in ``values``, ``lengths[i]`` values each."""
        rows, used = self._rows + len(lengths), self._used + len(values)
        self._values = self._room(self._values, used)
        self._starts = self._room(self._starts, rows)
        self._lengths = self._room(self._lengths, rows)
        self._values[self._used : used] = values
        self._lengths[self._rows : rows] = lengths
        self._starts[self._rows : rows] = self._used + np.cumsum(lengths) - lengths
        self._rows, self._used = rows, used

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The values of all rows end to end, where each row starts, and its length (views)."""
        return self._values[: self._used], self._starts[: self._rows], self._lengths[: self._rows]

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The values of ``rows`` end to end, and the length of each row."""
        lengths = self._lengths[rows]
        return self._values[ranges(self._starts[rows], lengths)], lengths
