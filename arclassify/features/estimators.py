"""The feature extractors as scikit-learn estimators, for training: pipelines, ``clone``, ``get_params``.

Each adds scikit-learn's base classes to a plain class that does the work. A loaded model holds
the plain classes, so scoring never imports scikit-learn, whose import (with the pandas and
SciPy modules it brings) was most of a scoring process's start-up and about 100 MB of its memory.
"""

from __future__ import annotations

from sklearn.base import BaseEstimator, TransformerMixin

from arclassify.features.focused import FocusedTfidf
from arclassify.features.tfidf import NgramTfidf
from arclassify.text.analyzer import TextInputMixin


class NgramTfidfVectorizer(TextInputMixin, NgramTfidf, TransformerMixin, BaseEstimator):
    """:class:`~arclassify.features.tfidf.NgramTfidf` as a scikit-learn transformer."""


class FocusedFeatures(TextInputMixin, FocusedTfidf, TransformerMixin, BaseEstimator):
    """:class:`~arclassify.features.focused.FocusedTfidf` as a scikit-learn transformer."""
