"""A list of strings held as one string and where each begins: a few bytes per string.

A character n-gram vocabulary of 150,000 entries takes 14 MB as a list of Python strings and
about 2 MB packed; scoring needs only its code points, which come from the one string directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Any, overload

import numpy as np


class PackedStrings(Sequence[str]):
    """An immutable sequence of strings: ``text`` end to end, string ``i`` at ``bounds[i]:bounds[i + 1]``."""

    __slots__ = ("bounds", "text")

    def __init__(self, text: str, bounds: np.ndarray) -> None:
        if len(bounds) < 1 or bounds[0] != 0 or bounds[-1] != len(text) or np.any(np.diff(bounds) < 0):
            raise ValueError("bounds must rise from 0 to the length of the text")
        self.text = text
        self.bounds = np.asarray(bounds, dtype=np.int64)

    @classmethod
    def of(cls, strings: Iterable[str]) -> PackedStrings:
        """The packed form of some strings."""
        strings = list(strings)
        bounds = np.zeros(len(strings) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, strings), dtype=np.int64, count=len(strings)), out=bounds[1:])
        return cls("".join(strings), bounds)

    @classmethod
    def split(cls, joined: str, separator: str) -> PackedStrings:
        """The strings of ``joined`` between single-character ``separator`` s, without making each one."""
        if len(separator) != 1:
            raise ValueError("the separator must be one character")
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        cuts = np.flatnonzero(points == ord(separator))
        bounds = np.empty(len(cuts) + 2, dtype=np.int64)
        bounds[0] = 0
        bounds[1:-1] = cuts - np.arange(len(cuts))  # each earlier separator shifts the text left by one
        bounds[-1] = len(points) - len(cuts)
        return cls(joined.replace(separator, ""), bounds)

    def __len__(self) -> int:
        return len(self.bounds) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("PackedStrings index out of range")
        return self.text[self.bounds[index] : self.bounds[index + 1]]

    def __iter__(self) -> Iterator[str]:
        text, bounds = self.text, self.bounds.tolist()
        return (text[a:b] for a, b in pairwise(bounds))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedStrings):
            return self.text == other.text and np.array_equal(self.bounds, other.bounds)
        return isinstance(other, Sequence) and not isinstance(other, str) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are unhashable

    def __repr__(self) -> str:
        return f"PackedStrings({len(self)} strings)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.text, self.bounds))

    def code_points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The code points of the strings end to end (uint32), where each starts, and its length
        (as :func:`arclassify.text.string_table.code_points` of the list)."""
        points = np.frombuffer(self.text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return points, self.bounds[:-1].copy(), np.diff(self.bounds)
