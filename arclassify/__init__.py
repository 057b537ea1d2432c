"""arclassify: label Arabic news articles (topic, outlet, stance) with TF-IDF linear models.

Importing the package is light; scikit-learn and ``datasets`` load when first needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from arclassify.models.base import Model

__all__ = ["__version__", "builtin_models", "load_model"]


def load_model(name_or_path: str) -> Model:
    """A built-in model by task name (``topic``, ``outlet``, ``stance``) or a model folder by path.

    A built-in name always means the built-in model (``./topic`` names a local folder). Loading
    runs no code from the folder: model files hold arrays and JSON only.
    """
    from arclassify.models.builtin import resolve_model_path
    from arclassify.models.folders import load_model_folder

    return load_model_folder(resolve_model_path(name_or_path))


def builtin_models() -> list[str]:
    """Names of the models that ship with the package."""
    from arclassify.models.builtin import builtin_names

    return builtin_names()
