"""Features for pair tasks (a text and a claim it may agree with, contradict or ignore).

In the manner of the Fake News Challenge baseline of Riedel et al. (2017): TF-IDF of each side
plus their similarity. Added here: the words the two sides share (element-wise product of their
TF-IDF vectors, so a linear model can weigh shared words), the best similarity between the claim
and any single sentence of the text (a long page may cover the claim in one paragraph only), and
the share of the claim's words found in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from arclassify.arrays import segment_sums
from arclassify.config.schema import FeatureConfig, PreprocessConfig
from arclassify.features.tfidf import NgramTfidf
from arclassify.text.analyzer import TextInputMixin
from arclassify.weights import WeightsBuilder, WeightsReader

# A sentence ends at a full stop, ! or ? followed by a space (kept with the sentence), or at a line end.
_SENTENCE_END = re.compile(r"([.!?؟])\s+|\n+")
SIMILARITY_NAMES = ("cosine", "best_sentence_cosine", "claim_word_overlap", "claim_bigram_overlap")


def _pairs(X: Sequence) -> tuple[list[str], list[str]]:
    texts, claims = [], []
    for item in X:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise TypeError("a pair task takes (text, pair) items")
        texts.append(item[0])
        claims.append(item[1])
    return texts, claims


def _row_cosine(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Cosine of matching rows of two L2-normalised matrices."""
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


def _overlap(text_vectors: sp.csr_matrix, claim_vectors: sp.csr_matrix) -> np.ndarray:
    """Share of the claim's (known) n-grams that occur in the text."""
    claim_present = claim_vectors.astype(bool)
    both = np.asarray(text_vectors.astype(bool).multiply(claim_present).sum(axis=1)).ravel()
    total = np.asarray(claim_present.sum(axis=1)).ravel()
    return np.divide(both, total, out=np.zeros(len(total)), where=total > 0)


@dataclass
class _EncodedPairs:
    """Token ids of the texts (end to end, by sentence) and of the claims."""

    text_ids: np.ndarray
    text_lengths: np.ndarray
    sentence_lengths: np.ndarray
    sentence_owner: np.ndarray
    claim_ids: np.ndarray
    claim_lengths: np.ndarray


class PairFeatures(TextInputMixin, TransformerMixin, BaseEstimator):
    """(text, pair) items to [TF-IDF(text) | TF-IDF(pair) | shared words | similarities].

    Every text and claim is tokenised once: the texts by sentence (the sentences of a text, end
    to end, are the text), and all blocks are computed from these token ids.
    """

    def __init__(self, preprocess: PreprocessConfig | None = None, features: FeatureConfig | None = None,
                 similarity_weight: float = 1.0) -> None:
        self.preprocess = preprocess
        self.features = features
        self.similarity_weight = similarity_weight

    def _vectorizer(self, ngram_range: tuple[int, int], min_df: int) -> NgramTfidf:
        return NgramTfidf(self.preprocess or PreprocessConfig(), word_ngrams=ngram_range, min_df=min_df,
                          max_features=(self.features or FeatureConfig()).max_features or None)

    def _encode(self, vectorizer: NgramTfidf, texts: list[str], claims: list[str]) -> _EncodedPairs:
        sentences, counts = [], []
        for text in vectorizer.clean(texts):
            pieces = _SENTENCE_END.split(text)
            ends = pieces[1::2] + [None]  # the full stop a sentence ended with; None at a line end
            parts = [s for s in (body + (end or "") for body, end in zip(pieces[0::2], ends)) if s.strip()] or [text]
            sentences += parts
            counts.append(len(parts))
        per_text = np.asarray(counts, dtype=np.int64)
        ids, lengths = vectorizer.token_encoder().encode(sentences + vectorizer.clean(claims))
        sentence_lengths, claim_lengths = lengths[: len(sentences)], lengths[len(sentences) :]
        split = int(sentence_lengths.sum())
        return _EncodedPairs(ids[:split], segment_sums(sentence_lengths, per_text), sentence_lengths,
                             np.repeat(np.arange(len(texts)), per_text), ids[split:], claim_lengths)

    def fit(self, X: Sequence, y=None) -> PairFeatures:
        texts, claims = _pairs(X)
        config = self.features or FeatureConfig()
        low, high = config.word_ngrams or (1, 1)
        word = (low, high)
        self.text_ = self._vectorizer(word, config.min_df)
        self.pair_ = self._vectorizer(word, 1)
        self.shared_ = self._vectorizer((1, 1), config.min_df)
        self.shared_bigrams_ = self._vectorizer((2, 2), 1)
        with self.text_.token_encoder().lock:
            pairs = self._encode(self.text_, texts, claims)
            self.text_.fit_encoded(pairs.text_ids, pairs.text_lengths)
            self.pair_.fit_encoded(pairs.claim_ids, pairs.claim_lengths)
            self.shared_.fit_encoded(np.concatenate([pairs.text_ids, pairs.claim_ids]),
                                     np.concatenate([pairs.text_lengths, pairs.claim_lengths]))
            self.shared_bigrams_.fit_encoded(pairs.claim_ids, pairs.claim_lengths)
        return self

    def transform(self, X: Sequence) -> sp.csr_matrix:
        texts, claims = _pairs(X)
        with self.text_.token_encoder().lock:
            pairs = self._encode(self.text_, texts, claims)
            text_words = self.shared_.transform_encoded(pairs.text_ids, pairs.text_lengths)
            claim_words = self.shared_.transform_encoded(pairs.claim_ids, pairs.claim_lengths)
            sentence_words = self.shared_.transform_encoded(pairs.text_ids, pairs.sentence_lengths)
            text_bigrams = self.shared_bigrams_.transform_encoded(pairs.text_ids, pairs.text_lengths)
            claim_bigrams = self.shared_bigrams_.transform_encoded(pairs.claim_ids, pairs.claim_lengths)
            blocks = [self.text_.transform_encoded(pairs.text_ids, pairs.text_lengths),
                      self.pair_.transform_encoded(pairs.claim_ids, pairs.claim_lengths)]
        best_sentence = np.zeros(len(texts))
        np.maximum.at(best_sentence, pairs.sentence_owner, _row_cosine(sentence_words, claim_words[pairs.sentence_owner]))
        scores = np.column_stack([_row_cosine(text_words, claim_words), best_sentence,
                                  _overlap(text_words, claim_words), _overlap(text_bigrams, claim_bigrams)])
        blocks += [text_words.multiply(claim_words).tocsr(), sp.csr_matrix(scores * self.similarity_weight)]
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    _PARTS = ("text_", "pair_", "shared_", "shared_bigrams_")

    def to_weights(self, weights: WeightsBuilder, prefix: str) -> dict[str, Any]:
        """Add the four vectorizers' arrays to ``weights``; return their layouts, for the metadata."""
        parts = {name: getattr(self, name).to_weights(weights, f"{prefix}.{name}") for name in self._PARTS}
        return {"similarity_weight": self.similarity_weight, "parts": parts}

    @classmethod
    def from_weights(cls, layout: dict[str, Any], weights: WeightsReader) -> PairFeatures:
        """Fitted pair features from :meth:`to_weights`' layout and arrays."""
        parts = {name: NgramTfidf.from_weights(layout["parts"][name], weights.part(name)) for name in cls._PARTS}
        features = cls(parts["text_"].preprocess, None, similarity_weight=layout["similarity_weight"])
        for name, vectorizer in parts.items():
            setattr(features, name, vectorizer)
        return features

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        parts = [("text__", self.text_), ("pair__", self.pair_), ("shared__", self.shared_)]
        names = [prefix + name.partition("__")[2] for prefix, vectorizer in parts
                 for name in vectorizer.get_feature_names_out()]
        return np.asarray(names + [f"similarity__{name}" for name in SIMILARITY_NAMES], dtype=object)
