"""Arabic preprocessing: plain functions, and scikit-learn pieces built on them.

Functions: :func:`normalize`, :func:`tokenize`, :func:`stop_words`, :func:`light_stem`,
:func:`strip_furniture`, :func:`mask_outlets`. Imported on first use: the cached
:class:`TokenPipeline` and :func:`clean_text`, and the scikit-learn pieces :class:`ArabicAnalyzer`
and :class:`TextNormalizer`.
"""

from __future__ import annotations

from arclassify.text.furniture import is_furniture, strip_furniture
from arclassify.text.normalize import NormalizeConfig, Normalizer, normalize
from arclassify.text.outlets import mask_outlet_names, mask_outlets, strip_datelines
from arclassify.text.stem import light_stem
from arclassify.text.stopwords import stop_words
from arclassify.text.tokenize import tokenize

_LAZY = {"ArabicAnalyzer": "analyzer", "TextNormalizer": "analyzer", "TokenPipeline": "pipeline",
         "clean_text": "pipeline"}

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
    *sorted(_LAZY),
]


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"arclassify.text.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
