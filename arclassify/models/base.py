"""What every model type provides, and where each type is found by the name in its folder."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from arclassify.config.schema import TaskSchema
from arclassify.errors import ModelFileError

# Model types by the name a model folder's metadata gives (``model_type``): a new type is one
# module implementing :class:`Model` and one line here.
MODEL_TYPES = {"tfidf_linear": "arclassify.models.linear:TfidfLinearModel"}


class Model(Protocol):
    """A trained task model."""

    metadata: dict[str, Any]
    path: Path | None
    model_type: str

    @property
    def schema(self) -> TaskSchema: ...

    @property
    def name(self) -> str: ...

    @property
    def labels(self) -> list[str]: ...

    @property
    def multi_label(self) -> bool: ...

    def probabilities(self, items: Iterable[Any]) -> np.ndarray:
        """Probability matrix, one column per label in ``labels`` order."""
        ...

    def decide(self, proba: np.ndarray) -> list[Any]:
        """Labels from a probability matrix."""
        ...

    def predict(self, items: Iterable[Any]) -> list[Any]: ...

    def explain(self, item: Any, top: int = 10) -> dict[str, list[dict[str, Any]]]: ...

    def weights(self) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, list[str]]]:
        """What a model folder stores: a layout for the metadata, arrays, and lists of strings."""
        ...


def model_class(model_type: str, where: str) -> Any:
    """The class implementing a model type named in a model folder."""
    target = MODEL_TYPES.get(model_type)
    if target is None:
        raise ModelFileError(f"{where}: unknown model type {model_type!r} (known: {', '.join(MODEL_TYPES)})")
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)
