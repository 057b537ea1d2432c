"""arclassify: label Arabic news articles (topic, outlet, stance) with TF-IDF linear models.

Importing the package is light; scikit-learn and ``datasets`` load when first needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from arclassify.models.base import Model
    from arclassify.models.model_set import ModelSet

__all__ = ["__version__", "builtin_models", "load_model", "load_models"]


def load_model(name_or_path: str) -> Model:
    """A built-in model by task name (``topic``, ``outlet``, ``stance``) or a model folder by path.

    A built-in name always means the built-in model (``./topic`` names a local folder). Loading
    runs no code from the folder: model files hold arrays and JSON only.
    """
    from arclassify.models.builtin import resolve_model_path
    from arclassify.models.folders import load_model_folder

    return load_model_folder(resolve_model_path(name_or_path))


def load_models(names_or_paths: list[str]) -> ModelSet:
    """Several models (built-in names and/or folders) to score together, with one featurisation
    per text for all of them: ``load_models(["topic", "stance"]).predict(records)``."""
    from arclassify.models.model_set import load_models as load

    return load(names_or_paths)


def builtin_models() -> list[str]:
    """Names of the models that ship with the package."""
    from arclassify.models.builtin import builtin_names

    return builtin_names()
