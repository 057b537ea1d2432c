"""Features of a whole text beside features of some of its sentences: those about a target
(target-aware features), or the headline and lead.

[TF-IDF of the text | TF-IDF of the focus sentences | their share of the text's sentences, and
whether there is any]: a linear model can then weigh the words used *around* the target, or in
the headline and lead, apart from the words of the article as a whole.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Self

import numpy as np
import scipy.sparse as sp

from arclassify.config.schema import FeatureConfig, PreprocessConfig
from arclassify.features.shared import SharedTexts
from arclassify.features.tfidf import NgramTfidf
from arclassify.text.focus import focus, lead
from arclassify.weights import WeightsBuilder, WeightsReader

FOCUS_NAMES = ("focus_share", "focus_any")


class FocusedTfidf:
    """Whole-text n-grams, n-grams of the focus sentences, and how much of the text they are.

    The focus is the sentences about ``lexicon``'s target (with ``window`` neighbours), or, when
    ``lexicon`` is empty, the first ``lead`` sentences (headline and lead). Loaded models score
    with this class, which needs no scikit-learn; training uses it as the estimator
    :class:`~arclassify.features.estimators.FocusedFeatures`.
    """

    def __init__(self, preprocess: PreprocessConfig | None = None, features: FeatureConfig | None = None,
                 lexicon: str = "russia", window: int = 1, lead: int = 0) -> None:
        self.preprocess = preprocess
        self.features = features
        self.lexicon = lexicon
        self.window = window
        self.lead = lead

    def _vectorizer(self, preprocess: PreprocessConfig) -> NgramTfidf:
        config = self.features or FeatureConfig()
        return NgramTfidf(preprocess, word_ngrams=tuple(config.word_ngrams), char_ngrams=tuple(config.char_ngrams),
                          min_df=config.min_df, max_df=config.max_df, max_features=config.max_features or None)

    def _focus(self, texts: list[str]) -> tuple[list[str], np.ndarray]:
        # The whole-text vectorizer cleans texts (page furniture) the same way, so sentences of
        # furniture never count as being about the target.
        return self._focus_of_cleaned(self.text_.clean(texts))

    def _focus_of_cleaned(self, cleaned: list[str]) -> tuple[list[str], np.ndarray]:
        if self.lexicon:
            pairs = [focus(text, self.lexicon, self.window) for text in cleaned]
        else:
            pairs = [lead(text, self.lead) for text in cleaned]
        return [p[0] for p in pairs], np.array([[p[1], float(p[1] > 0)] for p in pairs])

    def fit(self, X: list[str], y: Any = None) -> Self:
        texts = list(X)
        preprocess = self.preprocess or PreprocessConfig()
        self.text_ = self._vectorizer(preprocess)
        self.focus_ = self._vectorizer(replace(preprocess, strip_furniture=False, mask_outlets=False))
        self.text_.fit(texts)
        focused, _ = self._focus(texts)
        # An article without a sentence about the target has no focus text; the vocabulary is
        # learnt from those that have one (a placeholder keeps it non-empty).
        self.focus_.fit([text for text in focused if text] or ["_none_"])
        return self

    def transform(self, X: list[str]) -> sp.csr_matrix:
        texts = list(X)
        focused, scalars = self._focus(texts)
        blocks = [self.text_.transform(texts), self.focus_.transform(focused), sp.csr_matrix(scalars)]
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    @property
    def n_columns(self) -> int:
        """How many feature columns the fitted features give."""
        return self.text_.n_columns + self.focus_.n_columns + len(FOCUS_NAMES)

    def add_text_scores(self, texts: list[str], weights: np.ndarray, out: np.ndarray, shared: SharedTexts) -> None:
        """Add ``transform(texts) @ weights`` to ``out`` without building the matrix (see
        :meth:`NgramTfidf.add_text_scores`)."""
        text_columns, focus_columns = self.text_.n_columns, self.focus_.n_columns
        # scipy sorts the columns of the stacked matrix: the sums run in column order.
        self.text_.add_text_scores(texts, weights[:text_columns], out, shared, in_column_order=True)
        config = self.text_._config()
        cleaned = shared.cleaned(texts, config.strip_furniture, config.mask_outlets)
        focused, scalars = shared.derived("focus", (self.lexicon, self.window, self.lead), cleaned,
                                          lambda: self._focus_of_cleaned(cleaned))
        self.focus_.add_text_scores(focused, weights[text_columns : text_columns + focus_columns], out, shared,
                                    in_column_order=True)
        # Added as the sparse product adds its last two (float32) entries.
        for j, row in enumerate(weights[text_columns + focus_columns :]):
            out += scalars[:, j : j + 1].astype(np.float32) * row

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        names = [f"text_{name}" for name in self.text_.get_feature_names_out()]
        names += [f"focus_{name}" for name in self.focus_.get_feature_names_out()]
        return np.asarray(names + [f"focus__{name}" for name in FOCUS_NAMES], dtype=object)

    def to_weights(self, weights: WeightsBuilder, prefix: str) -> dict[str, Any]:
        """Add both vectorizers' arrays to ``weights``; return their layouts and the focus options."""
        return {"lexicon": self.lexicon, "window": self.window, "lead": self.lead,
                "parts": {"text_": self.text_.to_weights(weights, f"{prefix}.text_"),
                          "focus_": self.focus_.to_weights(weights, f"{prefix}.focus_")}}

    @classmethod
    def from_weights(cls, layout: dict[str, Any], weights: WeightsReader) -> Self:
        text = NgramTfidf.from_weights(layout["parts"]["text_"], weights.part("text_"))
        features = cls(text.preprocess, None, lexicon=layout["lexicon"], window=int(layout["window"]),
                       lead=int(layout.get("lead", 0)))
        features.text_ = text
        features.focus_ = NgramTfidf.from_weights(layout["parts"]["focus_"], weights.part("focus_"))
        return features
