"""A bounded memo: a dict that computes the values it lacks."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


class Memo(dict):
    """A dict that computes missing values with ``compute`` (stored while below ``limit`` entries).

    Hits stay in C (``map(memo.__getitem__, keys)``); only misses run Python. The memo stops
    growing when full: the frequent keys of a corpus come early and stay, and memory stays bounded
    on archives of any size.
    """

    def __init__(self, compute: Callable[[Any], Any], limit: int) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: Hashable) -> Any:
        value = self.compute(key)
        if len(self) < self.limit:
            self[key] = value
        return value
