"""Compiled loops (numba) under the scoring path: character n-gram lookup and TF-IDF linear scores.

Two jobs, each over a whole batch in one call:

- the character n-grams of tokens, looked up in a model's n-gram vocabulary: by their exact
  integer keys where they have one (five code points or fewer, below 4,096: nearly all), else in
  an open-addressing table of FNV-1a hashes of code points, a hit checked against the n-gram's
  code points; either way a hash collision never gives a wrong column;
- the linear scores of TF-IDF blocks, gathered straight from the weights: each document's n-gram
  counts are added up in a scratch array (word n-grams found by their exact keys in hash tables),
  weighted (sublinear tf times idf, unit length) and multiplied into the weight rows of the
  columns present, without building a sparse matrix.

The functions take and return NumPy arrays only. They compute what the sparse path of
:class:`~arclassify.features.tfidf.NgramTfidf` computes (the tests compare them).
"""

from __future__ import annotations

import threading

import numpy as np
from numba import njit

from arclassify.text.string_table import _find, fill_key_table, find_key, key_table_size, short_key

_PAD = 32  # the space each token is padded with on both sides, as in ``char_ngrams``


class _Scratch(threading.local):
    counts = np.zeros(0, dtype=np.int32)
    touched = np.zeros(0, dtype=np.int64)
    spare = np.zeros(0, dtype=np.int64)
    multiplicity = np.zeros(0, dtype=np.int32)


_SCRATCH = _Scratch()


def scratch(columns: int, tokens: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """This thread's work arrays for a block of ``columns`` columns over ``tokens`` token ids:
    counts and multiplicity all zero (the loops leave them so), touched and spare free.

    Kept between calls: a batch's loops touch scattered entries of arrays as long as the
    vocabulary, and fresh ones would cost a page fault per page touched, every call.
    """
    held = _SCRATCH
    if len(held.counts) < columns:
        size = max(columns, 2 * len(held.counts))
        held.counts = np.zeros(size, dtype=np.int32)
        held.touched = np.empty(size, dtype=np.int64)
        held.spare = np.empty(size, dtype=np.int64)
    if len(held.multiplicity) < tokens:
        held.multiplicity = np.zeros(max(tokens, 2 * len(held.multiplicity)), dtype=np.int32)
    return held.counts, held.touched, held.spare, held.multiplicity


@njit(cache=True, nogil=True)
def char_gram_columns(token_points: np.ndarray, token_starts: np.ndarray, token_lengths: np.ndarray, low: int,
                      high: int, points: np.ndarray, starts: np.ndarray, lengths: np.ndarray,
                      slots: np.ndarray, keys: np.ndarray, key_slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns of the character ``low``..``high``-grams of each token (padded with a space) that
    the vocabulary holds, tokens end to end, in ``char_ngrams`` order; and how many per token.
    The vocabulary is a string table (``slots``), and its n-grams' short keys (``keys``) in a key
    table (``key_slots``)."""
    bound = 0
    longest = 0
    for t in range(len(token_lengths)):
        padded = token_lengths[t] + 2
        longest = max(longest, padded)
        for n in range(low, high + 1):
            if n <= padded:
                bound += padded - n + 1
    columns = np.empty(bound, dtype=np.int64)
    counts = np.zeros(len(token_lengths), dtype=np.int64)
    buffer = np.empty(longest, dtype=np.uint32)
    found = 0
    for t in range(len(token_lengths)):
        length = token_lengths[t]
        buffer[0] = _PAD
        buffer[1 : length + 1] = token_points[token_starts[t] : token_starts[t] + length]
        buffer[length + 1] = _PAD
        padded = length + 2
        for n in range(low, high + 1):
            if n > padded:
                break
            for i in range(padded - n + 1):
                key = short_key(buffer, i, n)
                # every n-gram of the vocabulary that has a short key is in ``keys``
                if key >= 0:
                    column = find_key(key, keys, 0, key_slots, 0, len(key_slots))
                else:
                    column = _find(buffer, i, n, points, starts, lengths, slots)
                if column >= 0:
                    columns[found] = column
                    found += 1
                    counts[t] += 1
    return columns[:found], counts


@njit(cache=True, nogil=True)
def gram_spans(starts: np.ndarray, lengths: np.ndarray, low: int, high: int) -> tuple[np.ndarray, np.ndarray,
                                                                                      np.ndarray]:
    """Where each character ``low``..``high``-gram of strings given end to end (tokens already
    padded) starts, its length, and how many each string has; in ``char_ngrams`` order."""
    bound = 0
    for t in range(len(lengths)):
        for n in range(low, high + 1):
            if n > lengths[t]:
                break
            bound += lengths[t] - n + 1
    gram_starts = np.empty(bound, dtype=np.int64)
    gram_lengths = np.empty(bound, dtype=np.int64)
    counts = np.zeros(len(lengths), dtype=np.int64)
    found = 0
    for t in range(len(lengths)):
        for n in range(low, high + 1):
            if n > lengths[t]:
                break
            for i in range(lengths[t] - n + 1):
                gram_starts[found] = starts[t] + i
                gram_lengths[found] = n
                found += 1
            counts[t] += lengths[t] - n + 1
    return gram_starts, gram_lengths, counts


# log(1), log(2), ... as NumPy computes them, so the compiled loop weighs counts with the same bits.
_LOGS = np.log(np.arange(1, 4097, dtype=np.float64))


_RADIX_BITS = 8
_INSERTION_MAX = 32


@njit(cache=True, nogil=True)
def _sort_columns(keys: np.ndarray, size: int, spare: np.ndarray, bound: int) -> None:
    """Sort ``keys[:size]`` (distinct, below ``bound``) in place: insertion sort when short, else
    least-significant-digit radix sort through ``spare``, a few times faster than a comparison sort."""
    if size <= _INSERTION_MAX:
        for i in range(1, size):
            key = keys[i]
            j = i - 1
            while j >= 0 and keys[j] > key:
                keys[j + 1] = keys[j]
                j -= 1
            keys[j + 1] = key
        return
    buckets = 1 << _RADIX_BITS
    mask = buckets - 1
    histogram = np.empty(buckets, dtype=np.int64)
    source, target = keys, spare
    shift = 0
    passes = 0
    while passes == 0 or (bound - 1) >> shift > 0:
        histogram[:] = 0
        for i in range(size):
            histogram[(source[i] >> shift) & mask] += 1
        total = 0
        for b in range(buckets):
            count = histogram[b]
            histogram[b] = total
            total += count
        for i in range(size):
            digit = (source[i] >> shift) & mask
            target[histogram[digit]] = source[i]
            histogram[digit] += 1
        source, target = target, source
        shift += _RADIX_BITS
        passes += 1
    if passes % 2:  # the sorted keys are in ``spare``
        keys[:size] = spare[:size]


@njit(cache=True, nogil=True)
def _tfidf_value(count: int, logs: np.ndarray, idf: float) -> float:
    """Sublinear term frequency times idf, as the sparse path computes it."""
    return ((logs[count - 1] if count <= len(logs) else np.log(np.float64(count))) + 1.0) * idf


@njit(cache=True, nogil=True)
def _add_document(counts: np.ndarray, touched: np.ndarray, present: int, spare: np.ndarray, idf: np.ndarray,
                  logs: np.ndarray, weights: np.ndarray, out: np.ndarray, document: int, running: float,
                  in_column_order: bool) -> float:
    """TF-IDF of one document's counts times the weight rows of its columns, added to
    ``out[document]``; the counts are reset. Returns the running sum of squares.

    The arithmetic follows the sparse path step by step, so the results are the same to the bit:
    its matrix rows list columns in the reverse order of first sight (scipy's sparse product), its
    row norms are differences of a running sum of squares over the batch (``segment_sums``), its
    values are rounded to float32, and its product with the weights adds entry after entry in the
    weights' precision (in column order where the features' matrix has its columns sorted).
    """
    before = running
    for i in range(present - 1, -1, -1):
        column = touched[i]
        value = _tfidf_value(counts[column], logs, idf[column])
        running += value * value
    norm = np.sqrt(running - before)
    if norm == 0.0:
        norm = 1.0
    outputs = weights.shape[1]
    if in_column_order:
        _sort_columns(touched, present, spare, len(idf))
    for j in range(present):
        column = touched[j] if in_column_order else touched[present - 1 - j]
        # the value again (the same bits), where storing it would cost a scattered write and read
        x = np.float32(_tfidf_value(counts[column], logs, idf[column]) / norm)
        counts[column] = 0
        for k in range(outputs):
            out[document, k] += x * weights[column, k]
    return running


@njit(cache=True, nogil=True)
def add_char_scores(ids: np.ndarray, lengths: np.ndarray, row_values: np.ndarray, row_starts: np.ndarray,
                    row_lengths: np.ndarray, idf: np.ndarray, weights: np.ndarray, out: np.ndarray,
                    in_column_order: bool, counts: np.ndarray, touched: np.ndarray, spare: np.ndarray,
                    multiplicity: np.ndarray) -> None:
    """Add the scores of a character n-gram block: ``ids`` are token ids, ``lengths[d]`` per
    document; token ``t``'s columns are ``row_values[row_starts[t]:][:row_lengths[t]]``. The
    last four are :func:`scratch` arrays for ``len(idf)`` columns and ``len(row_starts)`` tokens."""
    # A token repeated in a document adds its n-grams once, times its count; taken in order of
    # first sight, the n-grams are first seen in the same order as token by token.
    distinct = np.empty(max(1, len(ids)), dtype=np.int64)
    running = 0.0
    position = 0
    for document in range(len(lengths)):
        kinds = 0
        for p in range(position, position + lengths[document]):
            token = ids[p]
            if multiplicity[token] == 0:
                distinct[kinds] = token
                kinds += 1
            multiplicity[token] += 1
        position += lengths[document]
        present = 0
        for i in range(kinds):
            token = distinct[i]
            times = multiplicity[token]
            multiplicity[token] = 0
            first = row_starts[token]
            for q in range(first, first + row_lengths[token]):
                column = row_values[q]
                if counts[column] == 0:
                    touched[present] = column
                    present += 1
                counts[column] += times
        running = _add_document(counts, touched, present, spare, idf, _LOGS, weights, out, document, running,
                                in_column_order)


@njit(cache=True, nogil=True)
def word_key_tables(ns: np.ndarray, keys: np.ndarray, key_starts: np.ndarray,
                    key_counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Key tables (:func:`~arclassify.text.string_table.fill_key_table`) of the sorted keys of each
    n-gram size above one, end to end: size ``j``'s has ``sizes[j]`` slots from ``starts[j]``.

    A lookup costs two memory accesses where a binary search of the sorted keys costs some twenty
    dependent ones. Unigrams are looked up directly, and get an empty table.
    """
    counts = np.where(ns > 1, key_counts, 0)
    sizes = np.empty(len(counts), dtype=np.int64)
    for j in range(len(counts)):
        sizes[j] = key_table_size(counts[j])
    starts = np.zeros(len(counts), dtype=np.int64)
    for j in range(1, len(counts)):
        starts[j] = starts[j - 1] + sizes[j - 1]
    slots = np.empty(sizes.sum(), dtype=np.int32)
    for j in range(len(counts)):
        fill_key_table(keys, key_starts[j], counts[j], slots, starts[j], sizes[j])
    return slots, starts, sizes


@njit(cache=True, nogil=True)
def add_word_scores(words: np.ndarray, lengths: np.ndarray, ns: np.ndarray, keys: np.ndarray, key_starts: np.ndarray,
                    key_counts: np.ndarray, slots: np.ndarray, slot_starts: np.ndarray, slot_sizes: np.ndarray,
                    unigram_columns: np.ndarray, base: int, idf: np.ndarray,
                    weights: np.ndarray, out: np.ndarray, in_column_order: bool, counts: np.ndarray,
                    touched: np.ndarray, spare: np.ndarray) -> None:
    """Add the scores of a word n-gram block: ``words`` are vocabulary ids (-1: not in it).

    The block's columns are the n-grams of ``ns[0]``, then ``ns[1]``, ...; the sorted keys
    (base-``base`` numbers of the ids) of size ``ns[j]`` are ``keys[key_starts[j]:][:key_counts[j]]``,
    found through the tables of :func:`word_key_tables` (``slots``, ``slot_starts``, ``slot_sizes``);
    ``unigram_columns`` maps a vocabulary id to its unigram column, for a direct lookup. The last
    three are :func:`scratch` arrays for ``len(idf)`` columns.
    """
    running = 0.0
    position = 0
    for document in range(len(lengths)):
        present = 0
        end = position + lengths[document]
        offset = 0
        for j in range(len(ns)):
            n = ns[j]
            for i in range(position, end - n + 1):
                column = -1
                if n == 1:
                    if words[i] >= 0:
                        column = unigram_columns[words[i]]
                else:
                    key = 0
                    for m in range(n):
                        word = words[i + m]
                        if word < 0:
                            key = -1
                            break
                        key = key * base + word
                    if key >= 0:
                        column = find_key(key, keys, key_starts[j], slots, slot_starts[j], slot_sizes[j])
                if column >= 0:
                    column += offset
                    if counts[column] == 0:
                        touched[present] = column
                        present += 1
                    counts[column] += 1
            offset += key_counts[j]
        position = end
        running = _add_document(counts, touched, present, spare, idf, _LOGS, weights, out, document, running,
                                in_column_order)
