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

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from arclassify.features import build_analyzer
from arclassify.schema import FeatureConfig, PreprocessConfig
from arclassify.vectorizer import NgramTfidfVectorizer

_SENTENCE = re.compile(r"(?<=[.!?؟])\s+|\n+")
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


class PairFeatures(TransformerMixin, BaseEstimator):
    """(text, pair) items to [TF-IDF(text) | TF-IDF(pair) | shared words | similarities]."""

    def __init__(self, preprocess: PreprocessConfig | None = None, features: FeatureConfig | None = None,
                 similarity_weight: float = 1.0) -> None:
        self.preprocess = preprocess
        self.features = features
        self.similarity_weight = similarity_weight

    def _vectorizer(self, ngram_range: tuple[int, int], min_df: int) -> NgramTfidfVectorizer:
        analyzer = build_analyzer("word", ngram_range, self.preprocess or PreprocessConfig())
        return NgramTfidfVectorizer(analyzer, min_df=min_df,
                                    max_features=(self.features or FeatureConfig()).max_features or None)

    def fit(self, X: Sequence, y=None) -> "PairFeatures":
        texts, claims = _pairs(X)
        config = self.features or FeatureConfig()
        word = tuple(config.word_ngrams) or (1, 1)
        self.text_ = self._vectorizer(word, config.min_df).fit(texts)
        self.pair_ = self._vectorizer(word, 1).fit(claims)
        self.shared_ = self._vectorizer((1, 1), config.min_df).fit(texts + claims)
        self.shared_bigrams_ = self._vectorizer((2, 2), 1).fit(claims)
        return self

    def _similarities(self, texts: list[str], claims: list[str]) -> tuple[sp.csr_matrix, np.ndarray]:
        text_vectors = self.shared_.transform(texts)
        claim_vectors = self.shared_.transform(claims)
        shared_words = text_vectors.multiply(claim_vectors).tocsr()
        cosine = _row_cosine(text_vectors, claim_vectors)
        sentences, owner = [], []
        for i, text in enumerate(texts):
            parts = [s for s in _SENTENCE.split(text) if s.strip()] or [text]
            sentences += parts
            owner += [i] * len(parts)
        owner = np.asarray(owner)
        sentence_cosine = _row_cosine(self.shared_.transform(sentences), claim_vectors[owner])
        best = np.zeros(len(texts))
        np.maximum.at(best, owner, sentence_cosine)
        word_overlap = self._overlap(self.shared_, texts, claim_vectors)
        bigram_overlap = self._overlap(self.shared_bigrams_, texts, self.shared_bigrams_.transform(claims))
        scores = np.column_stack([cosine, best, word_overlap, bigram_overlap])
        return shared_words, scores

    @staticmethod
    def _overlap(vectorizer: NgramTfidfVectorizer, texts: list[str], claim_vectors: sp.csr_matrix) -> np.ndarray:
        """Share of the claim's (known) n-grams that occur in the text."""
        text_present = vectorizer.transform(texts).astype(bool)
        claim_present = claim_vectors.astype(bool)
        both = np.asarray(text_present.multiply(claim_present).sum(axis=1)).ravel()
        total = np.asarray(claim_present.sum(axis=1)).ravel()
        return np.divide(both, total, out=np.zeros(len(texts)), where=total > 0)

    def transform(self, X: Sequence) -> sp.csr_matrix:
        texts, claims = _pairs(X)
        shared_words, scores = self._similarities(texts, claims)
        blocks = [self.text_.transform(texts), self.pair_.transform(claims), shared_words,
                  sp.csr_matrix(scores * self.similarity_weight)]
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        parts = [("text__", self.text_), ("pair__", self.pair_), ("shared__", self.shared_)]
        names = [prefix + name for prefix, vectorizer in parts for name in vectorizer.get_feature_names_out()]
        return np.asarray(names + [f"similarity__{name}" for name in SIMILARITY_NAMES], dtype=object)
