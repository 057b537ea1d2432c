"""A trained task model: labels, probabilities and explanations for texts or records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.utils import murmurhash3_32

from arclassify.classifiers import label_thresholds, linear_weights
from arclassify.features import hashed_blocks
from arclassify.records import default_text_fields, record_text
from arclassify.schema import UNKNOWN, TaskSchema

Item = str | Mapping[str, Any]


class Model:
    """A fitted scikit-learn pipeline (features, then classifier) with its task and metadata."""

    def __init__(self, pipeline: Pipeline, metadata: dict[str, Any], path: Path | None = None) -> None:
        self.pipeline = pipeline
        self.metadata = metadata
        self.path = path
        self.schema = TaskSchema.from_dict(metadata["task"], "model metadata")
        self.labels: list[str] = list(metadata["labels"])
        self._feature_names: dict[str, np.ndarray] = {}

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path else ""
        return f"<arclassify.Model {self.name!r} ({self.schema.kind}, {len(self.labels)} labels){where}>"

    @property
    def name(self) -> str:
        return self.schema.name

    @property
    def multi_label(self) -> bool:
        return self.schema.multi_label

    @property
    def unknown_threshold(self) -> float:
        return float(self.metadata.get("unknown_threshold", self.schema.model.unknown_threshold))

    @property
    def thresholds(self) -> dict[str, float] | None:
        """Per-label decision thresholds (multi-label tasks)."""
        found = label_thresholds(self.pipeline.named_steps["classifier"])
        return dict(zip(self.labels, found)) if found is not None else None

    @property
    def pair_task(self) -> bool:
        return bool(self.schema.pair_field)

    def text_of(self, item: Item) -> str | tuple[str, str]:
        """What the model reads from an item: a text, or (text, pair) for a pair task.

        Items are strings (a ``(text, pair)`` tuple for pair tasks) or records (dicts), from which
        the task's text fields (and pair field) are read.
        """
        if self.pair_task:
            if isinstance(item, Mapping):
                fields = self.schema.text_fields or default_text_fields(list(item))
                return record_text(item, fields), record_text(item, [self.schema.pair_field])
            if isinstance(item, (tuple, list)) and len(item) == 2 and all(isinstance(x, str) for x in item):
                return item[0], item[1]
            raise TypeError(f"the {self.name!r} task compares two texts: pass (text, {self.schema.pair_field}) "
                            f"tuples or records, not {type(item).__name__}")
        if isinstance(item, str):
            return item
        if isinstance(item, Mapping):
            fields = self.schema.text_fields or default_text_fields(list(item))
            return record_text(item, fields)
        raise TypeError(f"expected a text or a record (dict), got {type(item).__name__}")

    def _inputs(self, items: Iterable[Item]) -> list:
        if isinstance(items, (str, Mapping)):
            raise TypeError("pass a list of texts or records, not a single one")
        return [self.text_of(item) for item in items]

    def probabilities(self, items: Iterable[Item]) -> np.ndarray:
        """Probability matrix, one column per label in ``self.labels`` order."""
        texts = self._inputs(items)
        if not texts:
            return np.zeros((0, len(self.labels)))
        proba = self.pipeline.predict_proba(texts)
        if self.multi_label:
            return np.asarray(proba)
        classes = list(self.pipeline.classes_)
        return proba[:, [classes.index(label) for label in self.labels]]

    def predict_proba(self, items: Iterable[Item]) -> list[dict[str, float]]:
        """For each text, a mapping label -> probability."""
        return [dict(zip(self.labels, map(float, row))) for row in self.probabilities(items)]

    def decide(self, proba: np.ndarray) -> list[Any]:
        """Labels from a probability matrix: thresholds per label, or the top label / ``unknown``."""
        if self.multi_label:
            cut = np.array([self.thresholds[label] for label in self.labels])
            return [[label for label, hit in zip(self.labels, row) if hit] for row in proba >= cut]
        best = proba.argmax(axis=1)
        top = proba[np.arange(len(proba)), best]
        return [UNKNOWN if p < self.unknown_threshold else self.labels[i] for i, p in zip(best, top)]

    def predict(self, items: Iterable[Item]) -> list[Any]:
        """For each text, its label (single-label; ``unknown`` below the threshold) or list of labels."""
        return self.decide(self.probabilities(items))

    def _all_names(self) -> np.ndarray | None:
        """Names of all feature columns (``kind__feature``), or ``None`` when features are hashed."""
        if "all" not in self._feature_names:
            try:
                self._feature_names["all"] = self.pipeline.named_steps["features"].get_feature_names_out()
            except (AttributeError, TypeError, ValueError):
                self._feature_names["all"] = None
        return self._feature_names["all"]

    def _feature_name(self, column: int, text: Any, hashed: dict) -> tuple[str, str]:
        names = self._all_names()
        if names is not None:
            kind, _, name = str(names[column]).partition("__")
            return kind, name
        for name, vectorizer, offset in reversed(hashed_blocks(self.pipeline.named_steps["features"])):
            if column >= offset:
                if name not in hashed:
                    hashed[name] = {
                        abs(murmurhash3_32(gram, seed=0)) % vectorizer.n_features: gram
                        for gram in vectorizer.build_analyzer()(text)
                    }
                return name, hashed[name].get(column - offset, f"#{column - offset}")
        raise IndexError(column)

    def explain(self, item: Item, top: int = 10) -> dict[str, list[dict[str, Any]]]:
        """The n-grams that pushed each predicted label up most: feature, kind (word/char) and weight.

        The weight of a feature is its value (TF-IDF, or a similarity for pair tasks) times the
        model's coefficient for the label. When nothing is predicted (``unknown``, or no label of
        a multi-label task), the top-scoring label is explained.
        """
        text = self.text_of(item)
        features = self.pipeline.named_steps["features"]
        classifier = self.pipeline.named_steps["classifier"]
        x = features.transform([text]).tocsr()
        weights = linear_weights(classifier)
        proba = self.probabilities([text])
        if self.multi_label:
            targets = self.decide(proba)[0] or [self.labels[int(proba[0].argmax())]]
            rows = {label: self.labels.index(label) for label in targets}
        else:
            label = self.labels[int(proba[0].argmax())]
            rows = {label: list(self.pipeline.classes_).index(label)}
        hashed: dict = {}
        explanation = {}
        for label, row in rows.items():
            contributions = x.data * weights[row, x.indices]
            order = np.argsort(-contributions)[:top]
            explanation[label] = []
            for i in order:
                if contributions[i] <= 0:
                    break
                kind, name = self._feature_name(int(x.indices[i]), text, hashed)
                explanation[label].append({"feature": name, "kind": kind, "weight": round(float(contributions[i]), 5)})
        return explanation

