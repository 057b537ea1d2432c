"""scikit-learn pieces: a text normaliser transformer and an analyzer for vectorizers.

The analyzer runs the whole text pipeline (:mod:`arclassify.text.pipeline`: furniture removal,
outlet masking, normalisation, tokenisation, stop words, stemming, n-grams).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from sklearn.base import BaseEstimator, TransformerMixin

from arclassify.text.memo import Memo
from arclassify.text.normalize import NormalizeConfig, get_normalizer
from arclassify.text.pipeline import TokenPipeline, char_ngrams, clean_text, word_ngrams

_CHAR_CACHE_LIMIT = 100_000
ANALYZER_KINDS = ("word", "char")


class TextInputMixin:
    """Tags an estimator as reading texts (strings), not numeric arrays, for scikit-learn's checks."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


class ArabicAnalyzer(BaseEstimator):
    """Analyzer for scikit-learn vectorizers: raw text in, word or character n-grams out.

    Use as ``TfidfVectorizer(analyzer=ArabicAnalyzer(kind="char", ngram_range=(2, 5)))``.
    """

    def __init__(
        self,
        kind: str = "word",
        ngram_range: tuple[int, ...] = (1, 1),
        normalize: NormalizeConfig | None = None,
        stop_words: bool = False,
        stem: bool = False,
        strip_furniture: bool = False,
        mask_outlets: bool = False,
    ) -> None:
        self.kind = kind
        self.ngram_range = ngram_range
        self.normalize = normalize
        self.stop_words = stop_words
        self.stem = stem
        self.strip_furniture = strip_furniture
        self.mask_outlets = mask_outlets

    def __getstate__(self) -> dict:
        state = dict(super().__getstate__())
        state.pop("_tokens", None)
        state.pop("_char_cache", None)
        return state

    def _token_pipeline(self) -> TokenPipeline:
        pipeline = self.__dict__.get("_tokens")
        wanted = (self.normalize or NormalizeConfig(), self.stop_words, self.stem)
        if pipeline is None or (pipeline.normalize, pipeline.stop_words, pipeline.stem) != wanted:
            if self.kind not in ANALYZER_KINDS:
                raise ValueError(f"analyzer kind must be one of {ANALYZER_KINDS}, got {self.kind!r}")
            pipeline = self._tokens = TokenPipeline(*wanted)
            low, high = self.ngram_range
            ngram_range = (low, high)
            self._char_cache = Memo(lambda token: char_ngrams(token, ngram_range), _CHAR_CACHE_LIMIT)
        return pipeline

    def tokens(self, text: str) -> list[str]:
        """The tokens n-grams are built from."""
        text = clean_text(text, self.strip_furniture, self.mask_outlets)
        return self._token_pipeline()(text)

    def __call__(self, text: str) -> list[str]:
        tokens = self.tokens(text)
        if self.kind == "word":
            low, high = self.ngram_range
            return word_ngrams(tokens, (low, high))
        return list(chain.from_iterable(map(self._char_cache.__getitem__, tokens)))


class TextNormalizer(TextInputMixin, TransformerMixin, BaseEstimator):
    """Transformer: raw texts to cleaned, normalised texts (for use before any vectorizer)."""

    def __init__(
        self,
        normalize: NormalizeConfig | None = None,
        strip_furniture: bool = False,
        mask_outlets: bool = False,
    ) -> None:
        self.normalize = normalize
        self.strip_furniture = strip_furniture
        self.mask_outlets = mask_outlets

    def fit(self, X: Iterable[str], y=None) -> TextNormalizer:
        return self

    def transform(self, X: Iterable[str]) -> list[str]:
        normalizer = get_normalizer(self.normalize)
        return [normalizer(clean_text(text, self.strip_furniture, self.mask_outlets)) for text in X]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags
