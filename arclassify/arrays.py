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


# Where rows start and how long they are: int32, half the memory of the encoder's and the
# vectorizers' tables, which hold far fewer than 2**31 values (the encoder empties its tables
# at 500,000 chunks).
POSITION = np.int32
_MAX_VALUES = np.iinfo(POSITION).max


def _check_size(used: int) -> None:
    if used > _MAX_VALUES:
        raise OverflowError(f"a table of more than {_MAX_VALUES} values")


class RaggedTable:
    """Rows of integers (of ``dtype``), appended in bulk and read back in bulk: ``gather(rows)``.

    Storage grows by doubling, so appending a few rows at a time costs no more than appending
    them all at once.
    """

    def __init__(self, dtype: type = np.int64) -> None:
        self._values: np.ndarray = np.zeros(1024, dtype=dtype)
        self._starts = np.zeros(1024, dtype=POSITION)
        self._lengths = np.zeros(1024, dtype=POSITION)
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
        _check_size(used)
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


class RowsById:
    """Rows of integers (of ``dtype``) by id, each computed only when first asked for: ``missing(ids)``
    names the ids without a row yet, ``set`` stores theirs, ``gather`` and ``arrays`` read them."""

    def __init__(self, dtype: type = np.int64) -> None:
        self._values: np.ndarray = np.zeros(1024, dtype=dtype)
        self._used = 0
        self._starts = np.zeros(0, dtype=POSITION)
        self._lengths = np.zeros(0, dtype=POSITION)  # -1: no row yet

    def missing(self, ids: np.ndarray) -> np.ndarray:
        """The distinct ids among ``ids`` that have no row yet, in increasing order."""
        if not len(ids):
            return np.zeros(0, dtype=np.int64)
        needed = int(ids.max()) + 1
        if needed > len(self._lengths):
            size = max(needed, 2 * len(self._lengths))
            self._starts = np.concatenate([self._starts, np.zeros(size - len(self._starts), dtype=POSITION)])
            self._lengths = np.concatenate([self._lengths, np.full(size - len(self._lengths), -1, dtype=POSITION)])
        return np.unique(ids[self._lengths[ids] < 0])

    def set(self, ids: np.ndarray, values: np.ndarray, lengths: np.ndarray) -> None:
        """Store the rows of ``ids`` (from :meth:`missing`), given end to end, ``lengths[i]`` values each."""
        used = self._used + len(values)
        _check_size(used)
        self._values = RaggedTable._room(self._values, used)
        self._values[self._used : used] = values
        self._starts[ids] = self._used + np.cumsum(lengths) - lengths
        self._lengths[ids] = lengths
        self._used = used

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The values end to end, and by id where its row starts and its length (-1: none yet)."""
        return self._values[: self._used], self._starts, self._lengths

    def gather(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The values of the rows of ``ids`` (all set) end to end, and the length of each row."""
        lengths = self._lengths[ids]
        return self._values[ranges(self._starts[ids], lengths)], lengths
