"""Arabic preprocessing: plain functions, and scikit-learn pieces built on them.

Functions: :func:`normalize`, :func:`tokenize`, :func:`stop_words`, :func:`light_stem`,
:func:`strip_furniture`, :func:`mask_outlets`. scikit-learn pieces (imported on first use):
:class:`ArabicAnalyzer`, :class:`TextNormalizer`, :class:`TokenPipeline`.
"""

from __future__ import annotations

from arclassify.text.furniture import is_furniture, strip_furniture
from arclassify.text.normalize import NormalizeConfig, Normalizer, normalize
from arclassify.text.outlets import mask_outlet_names, mask_outlets, strip_datelines
from arclassify.text.stem import light_stem
from arclassify.text.stopwords import stop_words
from arclassify.text.tokenize import tokenize

_SKLEARN_PIECES = {"ArabicAnalyzer", "TextNormalizer", "TokenPipeline", "clean_text"}

__all__ = [
    "NormalizeConfig",
    "Normalizer",
    "normalize",
    "tokenize",
    "stop_words",
    "light_stem",
    "strip_furniture",
    "is_furniture",
    "mask_outlets",
    "mask_outlet_names",
    "strip_datelines",
    *sorted(_SKLEARN_PIECES),
]


def __getattr__(name: str):
    if name in _SKLEARN_PIECES:
        from arclassify.text import analyzer

        return getattr(analyzer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
