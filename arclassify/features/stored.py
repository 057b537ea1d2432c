"""Fitted features as a model folder stores them: a layout for the metadata, and arrays.

The n-gram TF-IDF kinds are rebuilt as plain classes, without importing scikit-learn; the
hashed and pair kinds are scikit-learn pipelines, imported when a model of that kind is met.
"""

from __future__ import annotations

from typing import Any

from arclassify.errors import ModelFileError
from arclassify.features.focused import FocusedTfidf
from arclassify.features.tfidf import NgramTfidf
from arclassify.weights import WeightsBuilder, WeightsReader


def gathers_scores(features: Any) -> bool:
    """Whether the features can add linear scores without a matrix (``add_text_scores``)."""
    return isinstance(features, (NgramTfidf, FocusedTfidf))


FEATURE_KINDS = ("ngram_tfidf", "hashed_tfidf", "pairs", "focused")


def features_to_weights(features: Any, weights: WeightsBuilder, prefix: str = "features") -> dict[str, Any]:
    """Add fitted features' arrays to ``weights``; return their kind and layout, for the metadata."""
    if isinstance(features, NgramTfidf):
        return {"kind": "ngram_tfidf", **features.to_weights(weights, prefix)}
    if isinstance(features, FocusedTfidf):
        return {"kind": "focused", **features.to_weights(weights, prefix)}
    from arclassify.features.build import hashed_to_weights
    from arclassify.features.pairs import PairFeatures

    if isinstance(features, PairFeatures):
        return {"kind": "pairs", **features.to_weights(weights, prefix)}
    return {"kind": "hashed_tfidf", **hashed_to_weights(features, weights, prefix)}


def features_from_weights(layout: dict[str, Any], weights: WeightsReader) -> Any:
    """Fitted features from :func:`features_to_weights`' layout and arrays."""
    kind = layout.get("kind")
    if kind == "ngram_tfidf":
        return NgramTfidf.from_weights(layout, weights)
    if kind == "focused":
        return FocusedTfidf.from_weights(layout, weights)
    if kind == "pairs":
        from arclassify.features.pairs import PairFeatures

        return PairFeatures.from_weights(layout, weights)
    if kind == "hashed_tfidf":
        from arclassify.features.build import hashed_from_weights

        return hashed_from_weights(layout, weights)
    raise ModelFileError(f"{weights.source}: unknown feature kind {kind!r} (known: {', '.join(FEATURE_KINDS)})")
