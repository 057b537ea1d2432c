"""TF-IDF feature extractors built from a task's preprocessing and feature configuration."""

from __future__ import annotations

import numpy as np
from sklearn.base import TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline

from arclassify.preprocess.analyzer import ArabicAnalyzer
from arclassify.schema import FeatureConfig, PreprocessConfig
from arclassify.vectorizer import NgramTfidfVectorizer


def build_analyzer(kind: str, ngram_range: tuple[int, int], preprocess: PreprocessConfig) -> ArabicAnalyzer:
    """An analyzer applying the task's preprocessing, for word or character n-grams."""
    return ArabicAnalyzer(
        kind=kind,
        ngram_range=tuple(ngram_range),
        normalize=preprocess.normalize,
        stop_words=preprocess.stop_words,
        stem=preprocess.stem,
        strip_furniture=preprocess.strip_furniture,
        mask_outlets=preprocess.mask_outlets,
    )


def _hashed(kind: str, ngram_range: tuple[int, int], preprocess: PreprocessConfig, config: FeatureConfig) -> Pipeline:
    # No vocabulary is kept: n-grams are hashed to columns; only the idf vector is learnt.
    hashing = HashingVectorizer(analyzer=build_analyzer(kind, ngram_range, preprocess), n_features=config.n_features,
                                alternate_sign=False, norm=None, dtype=np.float32)
    return Pipeline([("hash", hashing), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def build_features(preprocess: PreprocessConfig, config: FeatureConfig) -> TransformerMixin:
    """Word and/or character n-gram TF-IDF, side by side (hashed, or with a vocabulary)."""
    if not config.hashing:
        return NgramTfidfVectorizer(preprocess, word_ngrams=tuple(config.word_ngrams), char_ngrams=tuple(config.char_ngrams),
                                    min_df=config.min_df, max_df=config.max_df, max_features=config.max_features or None)
    parts = []
    if config.word_ngrams:
        parts.append(("word", _hashed("word", config.word_ngrams, preprocess, config)))
    if config.char_ngrams:
        parts.append(("char", _hashed("char", config.char_ngrams, preprocess, config)))
    return FeatureUnion(parts)


def hashed_blocks(features: FeatureUnion) -> list[tuple[str, HashingVectorizer, int]]:
    """The blocks of hashed features: name, hashing vectorizer and first column."""
    blocks = []
    offset = 0
    for name, transformer in features.transformer_list:
        vectorizer = transformer.steps[0][1]
        blocks.append((name, vectorizer, offset))
        offset += vectorizer.n_features
    return blocks
