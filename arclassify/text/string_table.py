"""Strings as code points in compiled loops (numba): whitespace splitting and open-addressing tables.

The string table holds FNV-1a hashes of code points; a hit is checked against the string's code
points, so a hash collision never gives a wrong index. The text encoder looks whitespace-separated
chunks up in one; the character n-gram lookup of ``features/kernels.py`` uses the same table for
the n-grams that have no short key, and a key table (exact integer keys, also used for word
n-grams) for the rest.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)


def code_points(strings: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The code points of strings end to end (uint32), where each starts, and its length."""
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    joined = "".join(strings).encode("utf-32-le", "surrogatepass")
    starts = np.zeros(len(strings), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    return np.frombuffer(joined, dtype=np.uint32), starts, lengths


@njit(cache=True, nogil=True)
def _hash(points: np.ndarray, start: int, length: int) -> np.uint64:
    value = _FNV_OFFSET
    for i in range(start, start + length):
        value = (value ^ np.uint64(points[i])) * _FNV_PRIME
    return value


@njit(cache=True, nogil=True)
def insert_all(points: np.ndarray, starts: np.ndarray, lengths: np.ndarray, slots: np.ndarray, first: int) -> None:
    """Add strings ``first``.. (distinct, and not in the table yet) to a table of :func:`build_table`
    that has room for them (at most half full after)."""
    mask = np.uint64(len(slots) - 1)
    for index in range(first, len(starts)):
        slot = _hash(points, starts[index], lengths[index]) & mask
        while slots[slot] >= 0:
            slot = (slot + np.uint64(1)) & mask
        slots[slot] = index


@njit(cache=True, nogil=True)
def build_table(points: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """An open-addressing table of the strings (slot -> string index, -1 when empty)."""
    size = 8
    while size < 2 * len(starts):
        size *= 2
    slots = np.full(size, -1, dtype=np.int64)
    insert_all(points, starts, lengths, slots, 0)
    return slots


@njit(cache=True, nogil=True)
def _find(buffer: np.ndarray, start: int, length: int, points: np.ndarray, starts: np.ndarray,
          lengths: np.ndarray, slots: np.ndarray) -> int:
    mask = np.uint64(len(slots) - 1)
    slot = _hash(buffer, start, length) & mask
    while slots[slot] >= 0:
        index = slots[slot]
        if lengths[index] == length:
            first = starts[index]
            same = True
            for i in range(length):
                if points[first + i] != buffer[start + i]:
                    same = False
                    break
            if same:
                return index
        slot = (slot + np.uint64(1)) & mask
    return -1


# Strings of at most five code points below 4,096 (Arabic, Latin, digits, punctuation: nearly
# every character n-gram) are also told apart by an exact key, the code points packed behind a
# leading 1 in 61 bits. Looking a key up in a table of keys costs two memory accesses (slot, then
# the key it points to), where the string table needs three dependent ones before it can compare.
_KEY_BITS = 12
_KEY_POINT_LIMIT = 4096
_KEY_MAX_LENGTH = 5
_MIX = np.uint64(0x9E3779B97F4A7C15)


@njit(cache=True, nogil=True)
def short_key(points: np.ndarray, start: int, length: int) -> int:
    """The exact key of a string of at most five code points below 4,096; -1 for any other string."""
    if length > _KEY_MAX_LENGTH:
        return -1
    key = 1
    for i in range(start, start + length):
        point = int(points[i])
        if point >= _KEY_POINT_LIMIT:
            return -1
        key = (key << _KEY_BITS) | point
    return key


@njit(cache=True, nogil=True)
def short_keys(points: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The :func:`short_key` of each string."""
    keys = np.empty(len(starts), dtype=np.int64)
    for index in range(len(starts)):
        keys[index] = short_key(points, starts[index], lengths[index])
    return keys


@njit(cache=True, nogil=True)
def _key_slot(key: int, mask: int) -> np.int64:
    mixed = np.uint64(key) * _MIX
    return np.int64((mixed ^ (mixed >> np.uint64(29))) & np.uint64(mask))


@njit(cache=True, nogil=True)
def key_table_size(count: int) -> int:
    """The slots of a table of ``count`` keys: a power of two, at most half full."""
    size = 8
    while size < 2 * count:
        size *= 2
    return size


@njit(cache=True, nogil=True)
def fill_key_table(keys: np.ndarray, first: int, count: int, slots: np.ndarray, start: int, size: int) -> None:
    """Make ``slots[start:start + size]`` an open-addressing table of ``keys[first:first + count]``
    (distinct; negative ones left out): each slot holds a key's position from ``first``, or -1."""
    slots[start : start + size] = -1
    mask = size - 1
    for position in range(count):
        key = keys[first + position]
        if key < 0:
            continue
        slot = _key_slot(key, mask)
        while slots[start + slot] >= 0:
            slot = (slot + 1) & mask
        slots[start + slot] = position


@njit(cache=True, nogil=True)
def key_table(keys: np.ndarray) -> np.ndarray:
    """A key table of all of ``keys`` (see :func:`fill_key_table`), in slots of its own."""
    slots = np.empty(key_table_size(len(keys)), dtype=np.int32)
    fill_key_table(keys, 0, len(keys), slots, 0, len(slots))
    return slots


@njit(cache=True, nogil=True)
def find_key(key: int, keys: np.ndarray, first: int, slots: np.ndarray, start: int, size: int) -> int:
    """The position of ``key`` in a table of :func:`fill_key_table`, or -1."""
    mask = size - 1
    slot = _key_slot(key, mask)
    while True:
        position = slots[start + slot]
        if position < 0:
            return -1
        if keys[first + position] == key:
            return position
        slot = (slot + 1) & mask


@njit(cache=True, nogil=True)
def find_all(buffer: np.ndarray, buffer_starts: np.ndarray, buffer_lengths: np.ndarray, points: np.ndarray,
             starts: np.ndarray, lengths: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """The index in the table of each string of ``buffer`` (-1 where it is not there)."""
    found = np.empty(len(buffer_starts), dtype=np.int64)
    for i in range(len(buffer_starts)):
        found[i] = _find(buffer, buffer_starts[i], buffer_lengths[i], points, starts, lengths, slots)
    return found


@njit(cache=True, nogil=True)
def distinct(buffer: np.ndarray, buffer_starts: np.ndarray, buffer_lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The strings of ``buffer`` told apart: the index of each distinct one's first occurrence
    (in order of first occurrence), and for each string the number of its distinct one."""
    size = 8
    while size < 2 * len(buffer_starts):
        size *= 2
    slots = np.full(size, -1, dtype=np.int64)
    firsts = np.empty(len(buffer_starts), dtype=np.int64)
    first_starts = np.empty(len(buffer_starts), dtype=np.int64)
    first_lengths = np.empty(len(buffer_starts), dtype=np.int64)
    numbers = np.empty(len(buffer_starts), dtype=np.int64)
    found = 0
    for i in range(len(buffer_starts)):
        start, length = buffer_starts[i], buffer_lengths[i]
        number = _find(buffer, start, length, buffer, first_starts, first_lengths, slots)
        if number < 0:
            number = found
            firsts[found], first_starts[found], first_lengths[found] = i, start, length
            insert_all(buffer, first_starts[: found + 1], first_lengths[: found + 1], slots, found)
            found += 1
        numbers[i] = number
    return firsts[:found], numbers


@njit(cache=True, nogil=True)
def _is_space(c: int) -> bool:
    # Exactly the characters str.split() splits on (str.isspace()).
    if c <= 32:
        return (9 <= c <= 13) or (28 <= c <= 32)
    return (c == 0x85 or c == 0xA0 or c == 0x1680 or (0x2000 <= c <= 0x200A) or c == 0x2028 or c == 0x2029
            or c == 0x202F or c == 0x205F or c == 0x3000)


@njit(cache=True, nogil=True)
def split_spans(points: np.ndarray, text_lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each whitespace-separated chunk of texts given end to end starts, its length, and how
    many chunks each text has: the pieces of ``text.split()``."""
    bound = 0
    previous_space = True
    for i in range(len(points)):  # chunk starts, as an upper bound (texts are not told apart here)
        space = _is_space(points[i])
        if previous_space and not space:
            bound += 1
        previous_space = space
    bound += len(text_lengths)  # a text boundary can split a chunk in two
    chunk_starts = np.empty(bound, dtype=np.int64)
    chunk_lengths = np.empty(bound, dtype=np.int64)
    counts = np.zeros(len(text_lengths), dtype=np.int64)
    found = 0
    position = 0
    for t in range(len(text_lengths)):
        end = position + text_lengths[t]
        start = -1
        for i in range(position, end):
            if _is_space(points[i]):
                if start >= 0:
                    chunk_starts[found] = start
                    chunk_lengths[found] = i - start
                    found += 1
                    counts[t] += 1
                    start = -1
            elif start < 0:
                start = i
        if start >= 0:
            chunk_starts[found] = start
            chunk_lengths[found] = end - start
            found += 1
            counts[t] += 1
        position = end
    return chunk_starts[:found], chunk_lengths[:found], counts
