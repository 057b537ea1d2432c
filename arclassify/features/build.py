"""TF-IDF feature extractors built from a task's preprocessing and feature configuration, for training."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline

from arclassify.config.schema import FeatureConfig, PreprocessConfig
from arclassify.features.estimators import FocusedFeatures, NgramTfidfVectorizer
from arclassify.text.analyzer import ArabicAnalyzer
from arclassify.text.normalize import NormalizeConfig
from arclassify.weights import WeightsBuilder, WeightsReader


def build_analyzer(kind: str, ngram_range: tuple[int, ...], preprocess: PreprocessConfig) -> ArabicAnalyzer:
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


def _hashed(kind: str, ngram_range: tuple[int, ...], preprocess: PreprocessConfig, config: FeatureConfig) -> Pipeline:
    # No vocabulary is kept: n-grams are hashed to columns; only the idf vector is learnt.
    hashing = HashingVectorizer(analyzer=build_analyzer(kind, ngram_range, preprocess), n_features=config.n_features,
                                alternate_sign=False, norm=None, dtype=np.float32)
    return Pipeline([("hash", hashing), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def build_features(preprocess: PreprocessConfig, config: FeatureConfig) -> TransformerMixin:
    """Word and/or character n-gram TF-IDF, side by side (hashed, or with a vocabulary)."""
    if (config.focus_lexicon or config.lead_sentences) and not config.hashing:
        return FocusedFeatures(preprocess, config, lexicon=config.focus_lexicon, window=config.focus_window,
                               lead=config.lead_sentences)
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


def hashed_to_weights(features: FeatureUnion, weights: WeightsBuilder, prefix: str) -> dict[str, Any]:
    """Add hashed features' idf arrays to ``weights``; return their layout."""
    if not isinstance(features, FeatureUnion):
        raise TypeError(f"{type(features).__name__} features cannot be stored")
    blocks = []
    for name, vectorizer, _ in hashed_blocks(features):
        tfidf = dict(features.transformer_list)[name].named_steps["tfidf"]
        weights.add(f"{prefix}.{name}", {"idf": tfidf.idf_})
        analyzer = vectorizer.analyzer
        blocks.append({"name": name, "ngram_range": list(analyzer.ngram_range), "n_features": vectorizer.n_features})
    preprocess = _analyzer_preprocess(hashed_blocks(features)[0][1].analyzer)
    return {"preprocess": preprocess.to_dict(), "blocks": blocks}


def hashed_from_weights(layout: dict[str, Any], weights: WeightsReader) -> FeatureUnion:
    """Fitted hashed features from :func:`hashed_to_weights`' layout and arrays."""
    preprocess = PreprocessConfig.from_dict(layout["preprocess"])
    parts = []
    for block in layout["blocks"]:
        config = FeatureConfig(n_features=int(block["n_features"]))
        pipeline = _hashed(block["name"], tuple(block["ngram_range"]), preprocess, config)
        tfidf = pipeline.named_steps["tfidf"]
        tfidf.idf_ = weights.part(block["name"]).array("idf")
        tfidf.n_features_in_ = len(tfidf.idf_)
        parts.append((block["name"], pipeline))
    return FeatureUnion(parts)


def _analyzer_preprocess(analyzer: ArabicAnalyzer) -> PreprocessConfig:
    return PreprocessConfig(strip_furniture=analyzer.strip_furniture, mask_outlets=analyzer.mask_outlets,
                            stop_words=analyzer.stop_words, stem=analyzer.stem,
                            normalize=analyzer.normalize or NormalizeConfig())
