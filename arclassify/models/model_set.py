"""Several models scored together, with one featurisation per text for all of them.

Models that read the same fields get the same input strings; each distinct preprocessing
(page furniture, outlet masking, normalisation) is applied once per text and the tokens encoded
once (:class:`~arclassify.features.shared.SharedTexts`); each model then maps the shared token
ids to its own columns and gathers its scores with the compiled loops.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from arclassify.data.inputs import model_input
from arclassify.features.shared import SharedTexts

_BATCH = 2000  # items scored together; the models' own batch size, so that batches are shared


class ModelSet(Sequence):
    """Models scored together: ``load_models(["topic", "stance"]).predict(records)``."""

    def __init__(self, models: Iterable[Any]) -> None:
        self.models = list(models)
        names = [model.name for model in self.models]
        clashes = sorted({name for name in names if names.count(name) > 1})
        if clashes:
            raise ValueError(f"two models answer the same task {clashes[0]!r}: their outputs would overwrite each other")

    def __len__(self) -> int:
        return len(self.models)

    def __getitem__(self, index: Any) -> Any:
        return self.models[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.models)

    def __repr__(self) -> str:
        return f"<arclassify.ModelSet {', '.join(self.names)}>"

    @property
    def names(self) -> list[str]:
        return [model.name for model in self.models]

    def model(self, name: str) -> Any:
        """The model of a task name."""
        for model in self.models:
            if model.name == name:
                return model
        raise KeyError(f"no model for task {name!r} (tasks: {', '.join(self.names)})")

    def probabilities(self, items: Iterable[Any]) -> dict[str, np.ndarray]:
        """Per task name, the probability matrix of the items (one column per label)."""
        if isinstance(items, (str, Mapping)):
            raise TypeError("pass a list of texts or records, not a single one")
        items = list(items)
        parts: dict[str, list[np.ndarray]] = {name: [] for name in self.names}
        for start in range(0, len(items), _BATCH):
            batch = items[start : start + _BATCH]
            inputs: dict[tuple, list] = {}
            with SharedTexts() as shared:
                for model in self.models:
                    key = (model.schema.text_fields, model.schema.pair_field)
                    if key not in inputs:  # one list per set of fields: the same strings for every model
                        inputs[key] = [model_input(item, *key) for item in batch]
                    parts[model.name].append(model.probabilities_of_inputs(inputs[key], shared))
        return {name: (np.vstack(found) if found else np.zeros((0, len(self.model(name).labels))))
                for name, found in parts.items()}

    def predict(self, items: Iterable[Any]) -> list[dict[str, Any]]:
        """For each item, its label per task name (single-label: a label or ``unknown``; multi-label: a list)."""
        proba = self.probabilities(items)
        decided = {name: self.model(name).decide(found) for name, found in proba.items()}
        count = len(next(iter(proba.values()))) if proba else 0
        return [{name: labels[i] for name, labels in decided.items()} for i in range(count)]

    def predict_proba(self, items: Iterable[Any]) -> list[dict[str, dict[str, float]]]:
        """For each item, per task name, a mapping label -> probability."""
        proba = self.probabilities(items)
        count = len(next(iter(proba.values()))) if proba else 0
        return [{name: dict(zip(self.model(name).labels, map(float, found[i]))) for name, found in proba.items()}
                for i in range(count)]


def load_models(names_or_paths: Iterable[str]) -> ModelSet:
    """Built-in models by task name and/or model folders by path, to score together."""
    from arclassify import load_model

    return ModelSet(load_model(ref) for ref in names_or_paths)
