"""TF-IDF of word and character n-grams of Arabic text, computed a batch of documents at a time.

Each block (word, char) is the same matrix as scikit-learn's ``TfidfVectorizer(analyzer=
ArabicAnalyzer(...), sublinear_tf=True)`` (columns in another order; the tests check it), and the
two blocks sit side by side as in a ``FeatureUnion``. It is many times faster, because the text is
tokenised once for both blocks and the counting runs in NumPy and SciPy:

- the texts of a batch become one array of token ids (:class:`TokenEncoder`);
- word n-grams: an n-gram is a base-V number of its vocabulary token ids, looked up with
  ``searchsorted`` in the sorted keys of the vocabulary (unigrams: directly, by token id);
- character n-grams: a documents x tokens count matrix times a tokens x n-grams matrix, whose
  rows are computed once per distinct token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from typing import Any, Self

import numpy as np
import scipy.sparse as sp

from arclassify.arrays import RowsById, segment_sums
from arclassify.config.constraints import ngram_range
from arclassify.config.schema import PreprocessConfig
from arclassify.errors import ModelFileError
from arclassify.features import kernels
from arclassify.features.shared import SharedTexts
from arclassify.text import string_table
from arclassify.text.encoder import FilteredEncoder, TokenEncoder, shared_encoder
from arclassify.text.packed import PackedStrings
from arclassify.text.pipeline import clean_text
from arclassify.weights import WeightsBuilder, WeightsReader

_BATCH = 2000  # documents transformed together: large enough for NumPy, small enough for memory
_STRING_LISTS = ("word_tokens_", "char_grams_")  # char_grams_ is packed already, except in old pickles
_TRANSIENT = ("_word_map", "_unigram_map", "_gram_table", "_gram_lookup", "_names", "_word_key_arrays", "_word_lookup")
_PACK_SEPARATOR = "\x00"


class _PackedStrings:
    """A list of strings stored as one separator-joined string and its length (for pickling)."""

    def __init__(self, joined: str, count: int) -> None:
        self.joined = joined
        self.count = count

    def unpack(self) -> list[str]:
        return self.joined.split(_PACK_SEPARATOR) if self.count else []


def _ngram_range(value: Sequence[int], kind: str) -> tuple[int, int] | None:
    return ngram_range(value, f"{kind}_ngrams")


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray, dtype: type) -> sp.csr_matrix:
    """Sublinear tf times idf, rows scaled to unit length (``counts`` holds no duplicate entries)."""
    data = np.log(counts.data, dtype=np.float64)
    data += 1.0
    data *= idf[counts.indices]
    norms = np.sqrt(segment_sums(data * data, np.diff(counts.indptr)))
    norms[norms == 0] = 1.0
    data /= np.repeat(norms, np.diff(counts.indptr))
    # Built directly: scipy's astype and normalisers would first sort every row's entries.
    return sp.csr_matrix((data.astype(dtype), counts.indices, counts.indptr), shape=counts.shape)


def _doc_of_tokens(lengths: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(lengths)), lengths)


def _window_keys(ids: np.ndarray, docs: np.ndarray, n: int, base: int) -> tuple[np.ndarray, np.ndarray]:
    """Keys of the n-grams of consecutive token ids within each document, and their documents.

    A key is the base-``base`` number of the n ids; windows crossing a document boundary or holding
    an id below zero (unknown) are left out.
    """
    count = len(ids) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = ids[:count].copy()
    valid = (ids[:count] >= 0) & (docs[:count] == docs[n - 1 : n - 1 + count])
    for j in range(1, n):
        window = ids[j : j + count]
        keys *= base
        keys += window
        valid &= window >= 0
    return keys[valid], docs[:count][valid]


def _key_digits(keys: np.ndarray, n: int, base: int) -> list[np.ndarray]:
    """The ``n`` token ids of each base-``base`` n-gram key, first token first."""
    return [(keys // base ** (n - 1 - j)) % base for j in range(n)]


def _ngram_strings(keys: np.ndarray, n: int, vocabulary: np.ndarray) -> list[str]:
    """The n-grams of base-``len(vocabulary)`` keys, tokens joined by a space."""
    digits = _key_digits(keys, n, max(len(vocabulary), 1))
    return [" ".join(words) for words in zip(*(vocabulary[d] for d in digits))]


def _occurrences(ids: np.ndarray, lengths: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
    """A rows x distinct ids 0/1 matrix of ``ids`` (``lengths[i]`` of them in row ``i``, repeated
    entries not yet added up), and the id of each column."""
    present = np.zeros(int(ids.max()) + 1 if len(ids) else 0, dtype=bool)
    present[ids] = True
    columns = np.flatnonzero(present)
    position = np.zeros(len(present), dtype=np.int64)
    position[columns] = np.arange(len(columns))
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    matrix = sp.csr_matrix((np.ones(len(ids)), position[ids], indptr), shape=(len(lengths), len(columns)))
    return matrix, columns


def _rows_matrix(values: np.ndarray, lengths: np.ndarray, width: int) -> sp.csr_matrix:
    """A 0/1 matrix with ``lengths[i]`` entries in row ``i`` (repeated entries not yet added up)."""
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    return sp.csr_matrix((np.ones(len(values)), values, indptr), shape=(len(lengths), width))


def _count_matrix(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """How often each (row, column) pair occurs, without duplicate entries.

    Added up by a sparse product (rows x distinct columns, times a 0/1 map to the columns), which
    costs less than sorting every row's entries.
    """
    order = np.argsort(rows, kind="stable")  # rows arrive as a few sorted runs: linear time
    documents, distinct = _occurrences(columns[order], np.bincount(rows, minlength=shape[0]))
    return (documents @ _rows_matrix(distinct, np.ones(len(distinct), dtype=np.int64), shape[1])).tocsr()


class NgramTfidf:
    """TF-IDF (sublinear tf, smooth idf, L2 rows) of the word and/or character n-grams of texts.

    ``preprocess`` says what happens to a text before its n-grams are taken (page furniture,
    outlet masking, normalisation, stop words, stemming). ``word_ngrams`` and ``char_ngrams`` are
    ``(low, high)`` ranges, or ``()`` for none; character n-grams are taken inside each token padded
    with a space (like scikit-learn's ``char_wb``). Each kind is a block of columns, normalised on
    its own; ``min_df``, ``max_df`` and ``max_features`` apply to each block.

    ``tokenizer`` swaps the tokenising step: a callable from a (cleaned) text to its tokens, used
    instead of the built-in normalise-tokenise-filter pipeline (for example
    ``ArabicAnalyzer(...).tokens``, or another Arabic tokenizer). A model built on a custom
    tokenizer cannot be saved as data, since the tokenizer is code.

    Loaded models score with this class, which needs no scikit-learn; training uses it as the
    estimator :class:`~arclassify.features.estimators.NgramTfidfVectorizer`.
    """

    def __init__(
        self,
        preprocess: PreprocessConfig | None = None,
        word_ngrams: tuple[int, ...] = (1, 1),
        char_ngrams: tuple[int, ...] = (),
        min_df: int = 1,
        max_df: float = 1.0,
        max_features: int | None = None,
        dtype: type = np.float32,
        tokenizer: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.preprocess = preprocess
        self.tokenizer = tokenizer
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.dtype = dtype

    # -- shared --------------------------------------------------------------------------------

    def _ranges(self) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        word, char = _ngram_range(self.word_ngrams, "word"), _ngram_range(self.char_ngrams, "char")
        if word is None and char is None:
            raise ValueError("word_ngrams and char_ngrams are both empty")
        return word, char

    def _config(self) -> PreprocessConfig:
        return self.preprocess or PreprocessConfig()

    def token_encoder(self) -> TokenEncoder | FilteredEncoder:
        """The token encoder, shared by every vectorizer with the same token options."""
        config = self._config()
        return shared_encoder(config.normalize, config.stop_words, config.stem)

    def clean(self, texts: Iterable[str]) -> list[str]:
        """The texts after the steps that need whole lines (furniture removal, outlet masking)."""
        config = self._config()
        if not (config.strip_furniture or config.mask_outlets):
            return list(texts)
        return [clean_text(text, config.strip_furniture, config.mask_outlets) for text in texts]

    def __getstate__(self) -> dict:
        base = super().__getstate__()  # scikit-learn's (with its version), in the estimator subclass
        state = dict(base) if isinstance(base, dict) else dict(self.__dict__)
        for transient in _TRANSIENT:
            state.pop(transient, None)
        # A list of 100,000 strings unpickles slowly (joblib's unpickler is pure Python, one call
        # per string); one joined string is a single call, and splitting it again is fast.
        for name in _STRING_LISTS:
            strings = state.get(name)
            if isinstance(strings, list) and not any(_PACK_SEPARATOR in s for s in strings):
                state[name] = _PackedStrings(_PACK_SEPARATOR.join(strings), len(strings))
        return state

    def __setstate__(self, state: dict) -> None:
        for name in _STRING_LISTS:
            packed = state.get(name)
            if isinstance(packed, _PackedStrings):
                state[name] = packed.unpack()
        if isinstance(state.get("char_grams_"), list):  # pickled before the n-grams were packed
            state["char_grams_"] = PackedStrings.of(state["char_grams_"])
        restore = getattr(super(), "__setstate__", None)
        if restore is None:
            self.__dict__.update(state)
        else:
            restore(state)

    def _select(self, df: np.ndarray, tf: np.ndarray, n_docs: int,
                names: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """Indices of the features kept by min_df, max_df and max_features (the most frequent).

        ``names`` gives the n-gram strings of some indices: features tied at the frequency cut-off
        are taken in their alphabetical order, so the choice does not depend on how ids were given.
        """
        max_df = self.max_df if isinstance(self.max_df, int) and not isinstance(self.max_df, bool) else self.max_df * n_docs
        kept = np.flatnonzero((df >= self.min_df) & (df <= max_df))
        if self.max_features and len(kept) > self.max_features:
            frequency = tf[kept]
            cutoff = -np.partition(-frequency, self.max_features - 1)[self.max_features - 1]
            above, tied = kept[frequency > cutoff], kept[frequency == cutoff]
            tied = tied[np.argsort(names(tied), kind="stable")[: self.max_features - len(above)]]
            kept = np.sort(np.concatenate([above, tied]))
        if not len(kept):
            raise ValueError("no n-gram is left after min_df/max_df; lower min_df or give more text")
        return kept

    # -- fit and transform ---------------------------------------------------------------------

    def fit(self, X: Iterable[str], y=None) -> Self:
        with self.token_encoder().lock:
            self.fit_encoded(*self.encode(X))
        return self

    def fit_transform(self, X: Iterable[str], y=None) -> sp.csr_matrix:
        with self.token_encoder().lock:
            encoded = self.encode(X)
            self.fit_encoded(*encoded)
            return self.transform_encoded(*encoded)

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        texts = self.clean(X)
        parts = []
        with self.token_encoder().lock:
            for start in range(0, max(len(texts), 1), _BATCH):
                parts.append(self.transform_encoded(*self._encode_clean(texts[start : start + _BATCH])))
        return sp.vstack(parts, format="csr") if len(parts) > 1 else parts[0]

    def encode(self, X: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids of the cleaned texts end to end, and how many belong to each text.

        The ids stay valid while the encoder's lock is held (see :class:`TokenEncoder`).
        """
        return self._encode_clean(self.clean(X))

    def _encode_clean(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        if self.tokenizer is None:
            return self.token_encoder().encode(texts)
        return self.token_encoder().encode_tokens([list(self.tokenizer(text)) for text in texts])

    def fit_encoded(self, ids: np.ndarray, lengths: np.ndarray) -> Self:
        """Learn the vocabulary and idf from encoded texts (see :meth:`encode`)."""
        word, char = self._ranges()
        for transient in _TRANSIENT:
            self.__dict__.pop(transient, None)
        if not len(ids):
            raise ValueError("the documents have no tokens")
        tokens = self.token_encoder().tokens
        self.word_tokens_: list[str] = []
        self.word_ns_: list[int] = []
        self.word_keys_: list[np.ndarray] = []
        self.word_idf_ = np.zeros(0)
        self.char_grams_ = PackedStrings.of([])
        self.char_idf_ = np.zeros(0)
        if word:
            self._fit_words(ids, lengths, tokens, word)
        if char:
            self._fit_chars(ids, lengths, tokens, char)
        return self

    def transform_encoded(self, ids: np.ndarray, lengths: np.ndarray) -> sp.csr_matrix:
        """The TF-IDF matrix of encoded texts (see :meth:`encode`), computed in batches of documents."""
        word, char = self._ranges()
        if not hasattr(self, "word_idf_"):
            raise ValueError("this vectorizer is not fitted yet")
        bounds = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=bounds[1:])
        parts = []
        for start in range(0, max(len(lengths), 1), _BATCH):
            stop = min(start + _BATCH, len(lengths))
            batch_ids, batch_lengths = ids[bounds[start] : bounds[stop]], lengths[start:stop]
            blocks = []
            if word:
                blocks.append(self._word_block(batch_ids, batch_lengths))
            if char:
                blocks.append(self._char_block(batch_ids, batch_lengths))
            parts.append(sp.hstack(blocks, format="csr") if len(blocks) > 1 else blocks[0])
        return sp.vstack(parts, format="csr") if len(parts) > 1 else parts[0]

    @property
    def n_columns(self) -> int:
        """How many feature columns the fitted vectorizer gives."""
        return len(self.word_idf_) + len(self.char_idf_)

    def add_text_scores(self, texts: list[str], weights: np.ndarray, out: np.ndarray, shared: SharedTexts,
                        in_column_order: bool = False) -> None:
        """Add ``transform(texts) @ weights`` to ``out``, cleaning and encoding through ``shared``
        (once per batch for all vectorizers of the same configuration)."""
        self._on_encoded(texts, shared, lambda ids, lengths: self.add_scores(ids, lengths, weights, out, in_column_order))

    def word_coverage(self, texts: list[str], shared: SharedTexts) -> np.ndarray:
        """Share of each text's tokens that are unigrams of the word vocabulary (1 for a text without any),
        encoding through ``shared`` as :meth:`add_text_scores` does."""
        if not hasattr(self, "word_idf_"):
            raise ValueError("this vectorizer is not fitted yet")
        if 1 not in getattr(self, "word_ns_", ()):
            raise ValueError("word coverage needs word unigrams in the vocabulary (word_ngrams from 1)")
        return self._on_encoded(texts, shared, self._encoded_coverage)

    def _encoded_coverage(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        words = self._vocabulary_ids(ids)
        known = words >= 0
        known[known] = self._unigram_columns()[words[known]] >= 0
        hits = np.bincount(_doc_of_tokens(lengths), weights=known, minlength=len(lengths))
        return np.divide(hits, lengths, out=np.ones(len(lengths)), where=lengths > 0)

    def _on_encoded(self, texts: list[str], shared: SharedTexts, use: Callable[[np.ndarray, np.ndarray], Any]) -> Any:
        """``use(ids, lengths)`` of the texts cleaned and encoded (through ``shared`` where it can be)."""
        config = self._config()
        cleaned = shared.cleaned(texts, config.strip_furniture, config.mask_outlets)
        if self.tokenizer is None:
            return use(*shared.encoded(cleaned, self.token_encoder()))
        with self.token_encoder().lock:
            return use(*self._encode_clean(cleaned))

    def add_scores(self, ids: np.ndarray, lengths: np.ndarray, weights: np.ndarray, out: np.ndarray,
                   in_column_order: bool = False) -> None:
        """Add ``transform_encoded(ids, lengths) @ weights`` to ``out``, without building the matrix.

        ``weights`` has a row per column of this vectorizer (C order); the compiled loops weigh each
        document's n-grams and gather their weight rows directly, adding them in the order of the
        matrix's entries (in column order with ``in_column_order``, as in a matrix whose indices
        were sorted), so that the sums are the same to the bit.
        """
        word, char = self._ranges()
        if not hasattr(self, "word_idf_"):
            raise ValueError("this vectorizer is not fitted yet")
        words = len(self.word_idf_)
        if word and words:
            ns, keys, starts, counts, slots, slot_starts, slot_sizes = self._word_arrays()
            kernels.add_word_scores(self._vocabulary_ids(ids), lengths, ns, keys, starts, counts, slots, slot_starts,
                                    slot_sizes, self._unigram_columns(), max(len(self.word_tokens_), 1),
                                    self.word_idf_, weights[:words], out, in_column_order, *kernels.scratch(words)[:3])
        if char and len(self.char_idf_):
            table = self._gram_rows(ids)
            values, starts, row_lengths = table.arrays()
            kernels.add_char_scores(ids, lengths, values, starts, row_lengths, self.char_idf_, weights[words:], out,
                                    in_column_order, *kernels.scratch(len(self.char_idf_), len(starts)))

    def _word_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The word n-gram sizes, their sorted keys end to end and the tables to find them, for the
        compiled loop."""
        arrays = self.__dict__.get("_word_key_arrays")
        if arrays is None:
            counts = np.array([len(keys) for keys in self.word_keys_], dtype=np.int64)
            starts = np.zeros(len(counts), dtype=np.int64)
            np.cumsum(counts[:-1], out=starts[1:])
            keys = np.concatenate(self.word_keys_) if self.word_keys_ else np.zeros(0, dtype=np.int64)
            ns, keys = np.array(self.word_ns_, dtype=np.int64), keys.astype(np.int64)
            arrays = self._word_key_arrays = (ns, keys, starts, counts, *kernels.word_key_tables(ns, keys, starts, counts))
        return arrays

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        names = self.__dict__.get("_names")
        if names is None:
            vocabulary = np.asarray(self.word_tokens_, dtype=object)
            parts = [np.array(["word__" + gram for gram in _ngram_strings(keys, n, vocabulary)], dtype=object)
                     for n, keys in zip(self.word_ns_, self.word_keys_)]
            parts.append(np.array(["char__" + gram for gram in self.char_grams_], dtype=object))
            names = self._names = np.concatenate(parts)
        return names

    # -- stored as data ------------------------------------------------------------------------

    def to_weights(self, weights: WeightsBuilder, prefix: str) -> dict[str, Any]:
        """Add the fitted arrays to ``weights``; return the options and sizes, for the metadata."""
        if not hasattr(self, "word_idf_"):
            raise ValueError("this vectorizer is not fitted yet")
        if self.tokenizer is not None:
            raise ValueError("a vectorizer with a custom tokenizer cannot be stored as data (the tokenizer is code)")
        arrays: dict[str, np.ndarray] = {"word_idf": self.word_idf_, "char_idf": self.char_idf_}
        arrays.update({f"word_keys_{n}": keys for n, keys in zip(self.word_ns_, self.word_keys_)})
        weights.add(prefix, arrays, {"word_tokens": self.word_tokens_, "char_grams": self.char_grams_})
        return {
            "preprocess": self._config().to_dict(),
            "word_ngrams": list(self.word_ngrams),
            "char_ngrams": list(self.char_ngrams),
            "min_df": self.min_df,
            "max_df": self.max_df,
            "max_features": self.max_features,
            "word_ns": [int(n) for n in self.word_ns_],
        }

    @classmethod
    def from_weights(cls, layout: dict[str, Any], weights: WeightsReader) -> Self:
        """A fitted vectorizer from :meth:`to_weights`' layout and arrays."""
        vectorizer = cls(PreprocessConfig.from_dict(layout["preprocess"]), word_ngrams=tuple(layout["word_ngrams"]),
                         char_ngrams=tuple(layout["char_ngrams"]), min_df=layout["min_df"], max_df=layout["max_df"],
                         max_features=layout["max_features"])
        vectorizer.word_ns_ = [int(n) for n in layout["word_ns"]]
        vectorizer.word_keys_ = [weights.array(f"word_keys_{n}").astype(np.int64, copy=False) for n in vectorizer.word_ns_]
        vectorizer.word_idf_ = weights.array("word_idf")
        vectorizer.word_tokens_ = weights.strings("word_tokens")
        vectorizer.char_grams_ = weights.packed_strings("char_grams")
        vectorizer.char_idf_ = weights.array("char_idf")
        words_ok = sum(map(len, vectorizer.word_keys_)) == len(vectorizer.word_idf_)
        if not words_ok or len(vectorizer.char_grams_) != len(vectorizer.char_idf_):
            part = weights.prefix.rstrip(".")
            raise ModelFileError(f"{weights.source}: the vocabulary and idf arrays of {part!r} disagree in size")
        return vectorizer

    # -- word n-grams --------------------------------------------------------------------------

    def _fit_words(self, ids: np.ndarray, lengths: np.ndarray, tokens: list[str], ngram_range: tuple[int, int]) -> None:
        low, high = ngram_range
        base = max(len(tokens), 1)
        if base ** high >= 2**62:
            raise ValueError(f"vocabulary of {base} tokens is too large for {high}-grams")
        docs = _doc_of_tokens(lengths)
        ns = list(range(low, high + 1))
        all_keys, all_df, all_tf, all_n = [], [], [], []
        for n in ns:
            keys, key_docs = _window_keys(ids, docs, n, base)
            if not len(keys):
                continue
            unique, tf = np.unique(keys, return_counts=True)
            order = np.lexsort((key_docs, keys))
            keys, key_docs = keys[order], key_docs[order]
            first = np.ones(len(keys), dtype=bool)
            first[1:] = (keys[1:] != keys[:-1]) | (key_docs[1:] != key_docs[:-1])
            _, df = np.unique(keys[first], return_counts=True)
            all_keys.append(unique)
            all_df.append(df)
            all_tf.append(tf)
            all_n.append(np.full(len(unique), n))
        if not all_keys:
            raise ValueError("the documents have no word n-grams")
        keys, df, tf, sizes = map(np.concatenate, (all_keys, all_df, all_tf, all_n))
        vocabulary = np.asarray(tokens, dtype=object)

        def names(indices: np.ndarray) -> np.ndarray:
            strings = np.empty(len(indices), dtype=object)
            for n in ns:
                where = sizes[indices] == n
                strings[where] = _ngram_strings(keys[indices][where], n, vocabulary)
            return strings

        kept = self._select(df, tf, len(lengths), names)
        keys, df, sizes = keys[kept], df[kept], sizes[kept]
        # Keep only the tokens the kept n-grams use, and renumber them.
        used = np.zeros(base, dtype=bool)
        for n in ns:
            selected = keys[sizes == n]
            for digit in _key_digits(selected, n, base):
                used[digit] = True
        # Renumbered in sorted order, so the columns do not depend on the encoder's history.
        used_ids = np.flatnonzero(used)
        strings = vocabulary[used_ids]
        order = np.argsort(strings, kind="stable")
        renumber = np.full(base, -1, dtype=np.int64)
        renumber[used_ids[order]] = np.arange(len(order))
        new_base = max(len(order), 1)
        self.word_tokens_ = list(strings[order])
        dfs = []
        for n in ns:
            mask = sizes == n
            if not mask.any():
                continue
            old = keys[mask]
            new = np.zeros(len(old), dtype=np.int64)
            for digit in _key_digits(old, n, base):
                new = new * new_base + renumber[digit]
            order = np.argsort(new)
            self.word_ns_.append(n)
            self.word_keys_.append(new[order])
            dfs.append(df[mask][order])
        self.word_idf_ = np.log((1 + len(lengths)) / (1 + np.concatenate(dfs))) + 1.0

    def _vocabulary_ids(self, ids: np.ndarray) -> np.ndarray:
        """Vocabulary token id (or -1) of each token id of the encoder."""
        encoder = self.token_encoder()
        vocabulary_ids, generation = self.__dict__.get("_word_map", (None, None))
        if generation != encoder.generation:
            vocabulary_ids = np.zeros(0, dtype=np.int64)
        if len(vocabulary_ids) < len(encoder.tokens):
            lookup = self.__dict__.get("_word_lookup")
            if lookup is None:
                lookup = self._word_lookup = {token: i for i, token in enumerate(self.word_tokens_)}
            new = encoder.tokens[len(vocabulary_ids) :]
            vocabulary_ids = np.concatenate(
                [vocabulary_ids, np.fromiter(map(lookup.get, new, repeat(-1)), dtype=np.int64, count=len(new))])
        self._word_map = (vocabulary_ids, encoder.generation)
        return vocabulary_ids[ids]

    def _unigram_columns(self) -> np.ndarray:
        """Column of each vocabulary token as a unigram (-1 if it is not one), for a direct lookup."""
        columns = self.__dict__.get("_unigram_map")
        if columns is None:
            columns = np.full(len(self.word_tokens_), -1, dtype=np.int64)
            if 1 in self.word_ns_:
                keys = self.word_keys_[self.word_ns_.index(1)]
                columns[keys] = np.arange(len(keys))
            self._unigram_map = columns
        return columns

    def _word_block(self, ids: np.ndarray, lengths: np.ndarray) -> sp.csr_matrix:
        words = self._vocabulary_ids(ids)
        docs = _doc_of_tokens(lengths)
        base = max(len(self.word_tokens_), 1)
        rows, columns = [], []
        offset = 0
        for n, keys in zip(self.word_ns_, self.word_keys_):
            found, found_docs = _window_keys(words, docs, n, base)
            if n == 1:
                position = self._unigram_columns()[found]
                hit = position >= 0
            else:
                position = np.searchsorted(keys, found)
                position[position == len(keys)] = 0
                hit = keys[position] == found if len(keys) else np.zeros(len(found), dtype=bool)
            rows.append(found_docs[hit])
            columns.append(position[hit] + offset)
            offset += len(keys)
        counts = _count_matrix(np.concatenate(rows), np.concatenate(columns), (len(lengths), offset))
        return _tfidf(counts, self.word_idf_, self.dtype)

    # -- character n-grams ---------------------------------------------------------------------

    def _fit_chars(self, ids: np.ndarray, lengths: np.ndarray, tokens: list[str], ngram_range: tuple[int, int]) -> None:
        # Each distinct n-gram of the tokens gets an id in order of first sight (compiled loops).
        padded = PackedStrings.of(f" {token} " for token in tokens)
        points, token_starts, token_lengths = padded.code_points()
        gram_starts, gram_lengths, per_token = kernels.gram_spans(token_starts, token_lengths, *ngram_range)
        firsts, numbers = string_table.distinct(points, gram_starts, gram_lengths)
        joined = padded.text
        index = [joined[a : a + n] for a, n in zip(gram_starts[firsts].tolist(), gram_lengths[firsts].tolist())]
        table = _rows_matrix(numbers, per_token, len(index))
        df = np.zeros(len(index), dtype=np.int64)
        tf = np.zeros(len(index))
        bounds = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=bounds[1:])
        for start in range(0, len(lengths), _BATCH):  # in batches: the full count matrix can be large
            stop = min(start + _BATCH, len(lengths))
            documents, columns = _occurrences(ids[bounds[start] : bounds[stop]], lengths[start:stop])
            counts = (documents @ table[columns]).tocsr()
            df += np.bincount(counts.indices, minlength=len(index))
            tf += np.bincount(counts.indices, weights=counts.data, minlength=len(index))
        strings = np.asarray(list(index), dtype=object)
        kept = self._select(df, tf, len(lengths), strings.__getitem__)
        strings = strings[kept]
        order = np.argsort(strings, kind="stable")  # sorted: the columns do not depend on the encoder's history
        self.char_grams_ = PackedStrings.of(strings[order])
        self.char_idf_ = np.log((1 + len(lengths)) / (1 + df[kept][order])) + 1.0

    def _gram_index(self) -> tuple[np.ndarray, ...]:
        """The character n-gram vocabulary as code points, a string table and a table of short keys,
        for the compiled lookup."""
        index = self.__dict__.get("_gram_lookup")
        if index is None:
            points, starts, lengths = self.char_grams_.code_points()
            keys = string_table.short_keys(points, starts, lengths)
            index = self._gram_lookup = (points, starts, lengths, string_table.build_table(points, starts, lengths),
                                         keys, string_table.key_table(keys))
        return index

    def _gram_rows(self, ids: np.ndarray) -> RowsById:
        """The columns of the character n-grams of token ids of the encoder, holding those of ``ids``.

        Computed for the tokens a batch asks for, not for every token the encoder knows: the
        encoder is shared by vectorizers that read other texts (the sentences about a target, say).
        """
        encoder = self.token_encoder()
        table, generation = self.__dict__.get("_gram_table", (None, None))
        if generation != encoder.generation:
            table = RowsById(np.int32)  # a few columns per token of a large vocabulary: half the memory
        missing = table.missing(ids)
        if len(missing):
            ngram_range = _ngram_range(self.char_ngrams, "char")
            assert ngram_range is not None  # fitted with character n-grams
            tokens = encoder.tokens
            token_points, token_starts, token_lengths = string_table.code_points([tokens[i] for i in missing.tolist()])
            table.set(missing, *kernels.char_gram_columns(token_points, token_starts, token_lengths, *ngram_range,
                                                          *self._gram_index()))
        self._gram_table = (table, encoder.generation)
        return table

    def _char_block(self, ids: np.ndarray, lengths: np.ndarray) -> sp.csr_matrix:
        table = self._gram_rows(ids)
        documents, columns = _occurrences(ids, lengths)
        grams = _rows_matrix(*table.gather(columns), len(self.char_grams_))
        return _tfidf((documents @ grams).tocsr(), self.char_idf_, self.dtype)
