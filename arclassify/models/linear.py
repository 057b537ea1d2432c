"""The TF-IDF linear model: n-gram features, then linear scores turned into probabilities."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from arclassify.config.schema import UNKNOWN, TaskSchema
from arclassify.data.inputs import ModelInput, model_input
from arclassify.errors import ModelFileError
from arclassify.features.shared import SharedTexts
from arclassify.features.stored import features_from_weights, features_to_weights, gathers_scores
from arclassify.models.novelty import NoveltyScore
from arclassify.models.scorer import LinearScorer, scorer_from_sklearn
from arclassify.weights import WeightsBuilder, WeightsReader

Item = str | Mapping[str, Any] | tuple[str, str]
_BATCH = 2000  # texts scored together: large enough for the compiled loops, small enough for memory


class TfidfLinearModel:
    """Fitted features and a :class:`LinearScorer`, with the task and metadata of a model folder.

    A single-label model may also hold a :class:`~arclassify.models.novelty.NoveltyScore`: its
    probabilities are then scaled by the chance that a text's source is one it was trained on.
    """

    model_type = "tfidf_linear"

    def __init__(self, features: Any, scorer: LinearScorer, metadata: dict[str, Any], path: Path | None = None,
                 novelty: NoveltyScore | None = None) -> None:
        self.features = features
        self.scorer = scorer
        self.novelty = novelty
        self.metadata = metadata
        self.path = path
        self._schema: tuple[int, TaskSchema] | None = None
        self._names: np.ndarray | None = None
        self._weights: np.ndarray | bool | None = None

    @classmethod
    def from_pipeline(cls, pipeline: Any, metadata: dict[str, Any]) -> TfidfLinearModel:
        """The model of a fitted scikit-learn pipeline (``features``, then ``classifier``)."""
        return cls(pipeline.named_steps["features"], scorer_from_sklearn(pipeline.named_steps["classifier"]), metadata)

    @classmethod
    def from_weights(cls, metadata: dict[str, Any], weights: WeightsReader, path: Path | None = None) -> TfidfLinearModel:
        """The model stored in a folder: its metadata's layout and its weights file."""
        layout = metadata["layout"]
        features = features_from_weights(layout["features"], weights.part("features"))
        novelty = NoveltyScore.from_dict(layout["novelty"], weights.source) if "novelty" in layout else None
        if novelty is not None and not hasattr(features, "word_coverage"):
            raise ModelFileError(f"{weights.source}: a novelty score needs word n-gram features")
        scorer = LinearScorer.from_weights(layout["scorer"], weights.part("scorer"))
        return cls(features, scorer, metadata, path, novelty)

    def weights(self) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, list[str]]]:
        builder = WeightsBuilder()
        layout = {"features": features_to_weights(self.features, builder, "features"),
                  "scorer": self.scorer.to_weights(builder, "scorer")}
        if self.novelty is not None:
            layout["novelty"] = self.novelty.to_dict()
        return layout, builder.arrays, builder.strings

    def with_novelty(self, novelty: NoveltyScore) -> TfidfLinearModel:
        """The same model with a novelty score (single-label models whose features read words)."""
        if self.multi_label or not hasattr(self.features, "word_coverage"):
            raise TypeError("a novelty score needs a single-label model with word n-gram features")
        return type(self)(self.features, self.scorer, self.metadata, self.path, novelty)

    def with_thresholds(self, thresholds: Mapping[str, float]) -> TfidfLinearModel:
        """The same multi-label model with these decision thresholds (every label named, each in (0, 1))."""
        if not self.multi_label:
            raise TypeError("decision thresholds per label are for multi-label models")
        if set(thresholds) != set(self.labels) or not all(0 < t < 1 for t in thresholds.values()):
            raise ValueError(f"expected a threshold in (0, 1) for each of {', '.join(self.labels)}, "
                             f"got {dict(thresholds)}")
        scorer = replace(self.scorer, thresholds=[float(thresholds[label]) for label in self.labels])
        return type(self)(self.features, scorer, self.metadata, self.path, self.novelty)

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path else ""
        return f"<arclassify.Model {self.name!r} ({self.schema.kind}, {len(self.labels)} labels){where}>"

    @property
    def schema(self) -> TaskSchema:
        task = self.metadata["task"]
        if self._schema is None or self._schema[0] != id(task):
            self._schema = (id(task), TaskSchema.from_dict(task, "model metadata"))
        return self._schema[1]

    @property
    def name(self) -> str:
        return self.schema.name

    @property
    def labels(self) -> list[str]:
        return self.schema.label_names

    @property
    def multi_label(self) -> bool:
        return self.schema.multi_label

    @property
    def unknown_threshold(self) -> float:
        return self.schema.model.unknown_threshold

    @property
    def thresholds(self) -> dict[str, float] | None:
        """Per-label decision thresholds (multi-label tasks)."""
        found = self.scorer.thresholds
        return dict(zip(self.labels, found)) if found is not None else None

    @property
    def pair_task(self) -> bool:
        return bool(self.schema.pair_field)

    def text_of(self, item: Item) -> ModelInput:
        """What the model reads from an item (see :func:`arclassify.data.inputs.model_input`)."""
        return model_input(item, self.schema.text_fields, self.schema.pair_field)

    def _inputs(self, items: Iterable[Item]) -> list:
        if isinstance(items, (str, Mapping)):
            raise TypeError("pass a list of texts or records, not a single one")
        return [self.text_of(item) for item in items]

    def _stacked_weights(self) -> np.ndarray | None:
        """The scorer's weights as one array, when the features can be scored without a matrix."""
        if self._weights is None:
            self._weights = self.scorer.stacked_weights() if gathers_scores(self.features) else False
        return self._weights if isinstance(self._weights, np.ndarray) else None

    def probabilities_of_inputs(self, inputs: list, shared: SharedTexts | None = None) -> np.ndarray:
        """Probabilities of inputs already read from their items (see :meth:`text_of`).

        Texts are cleaned and encoded through ``shared`` when given (scoring several models on
        the same batch does each step once), and scored by the compiled loops where the features
        allow it (the same numbers as :meth:`probabilities_via_matrix`).
        """
        weights = self._stacked_weights()
        if weights is None or not inputs:
            return self.probabilities_via_matrix(inputs)
        parts = []
        for start in range(0, len(inputs), _BATCH):
            # The list itself when it fits: other models' work on it, through ``shared``, is reused.
            batch = inputs if len(inputs) <= _BATCH else inputs[start : start + _BATCH]
            if shared is None:
                with SharedTexts() as own:
                    parts.append(self._gathered_proba(batch, weights, own))
            else:
                parts.append(self._gathered_proba(batch, weights, shared))
        return self._in_label_order(np.vstack(parts) if len(parts) > 1 else parts[0])

    def _gathered_proba(self, batch: list, weights: np.ndarray, shared: SharedTexts) -> np.ndarray:
        # In the weights' precision, as the sparse product computes it.
        scores = np.zeros((len(batch), weights.shape[1]), dtype=np.result_type(np.float32, weights.dtype))
        self.features.add_text_scores(batch, weights, scores, shared)
        proba = self.scorer.proba_of_scores(scores)
        if self.novelty is not None:
            proba = self.novelty.scale(proba, self.features.word_coverage(batch, shared))
        return proba

    def probabilities_via_matrix(self, inputs: list) -> np.ndarray:
        """:meth:`probabilities_of_inputs` through the sparse feature matrix (``features.transform``)."""
        if not inputs:
            return np.zeros((0, len(self.labels)))
        proba = self.scorer.proba(self.features.transform(inputs))
        if self.novelty is not None:
            with SharedTexts() as own:
                proba = self.novelty.scale(proba, self.features.word_coverage(inputs, own))
        return self._in_label_order(proba)

    def _in_label_order(self, proba: np.ndarray) -> np.ndarray:
        if self.multi_label:
            return proba
        classes = self.scorer.classes
        if all(label in classes for label in self.labels):
            return proba[:, [classes.index(label) for label in self.labels]]
        # A model fitted on one cross-validation fold lacks the labels whose examples were all held out.
        ordered = np.zeros((len(proba), len(self.labels)), dtype=proba.dtype)
        for column, label in enumerate(self.labels):
            if label in classes:
                ordered[:, column] = proba[:, classes.index(label)]
        return ordered

    def probabilities(self, items: Iterable[Item]) -> np.ndarray:
        """Probability matrix, one column per label in ``self.labels`` order."""
        return self.probabilities_of_inputs(self._inputs(items))

    def predict_proba(self, items: Iterable[Item]) -> list[dict[str, float]]:
        """For each text, a mapping label -> probability."""
        return [dict(zip(self.labels, map(float, row))) for row in self.probabilities(items)]

    def decide(self, proba: np.ndarray) -> list[Any]:
        """Labels from a probability matrix: thresholds per label, or the top label / ``unknown``."""
        labels = self.labels
        if self.multi_label:
            cut = np.array(self.scorer.thresholds)
            return [[label for label, hit in zip(labels, row) if hit] for row in proba >= cut]
        best = proba.argmax(axis=1)
        top = proba[np.arange(len(proba)), best]
        return [UNKNOWN if p < self.unknown_threshold else labels[i] for i, p in zip(best, top)]

    def predict(self, items: Iterable[Item]) -> list[Any]:
        """For each text, its label (single-label; ``unknown`` below the threshold) or list of labels."""
        return self.decide(self.probabilities(items))

    def _all_names(self) -> np.ndarray | None:
        """Names of all feature columns (``kind__feature``), or ``None`` when features are hashed."""
        if self._names is None:
            try:
                self._names = self.features.get_feature_names_out()
            except (AttributeError, TypeError, ValueError):
                return None
        return self._names

    def _feature_name(self, column: int, text: Any, hashed: dict) -> tuple[str, str]:
        names = self._all_names()
        if names is not None:
            kind, _, name = str(names[column]).partition("__")
            return kind, name
        from sklearn.utils import murmurhash3_32

        from arclassify.features.build import hashed_blocks

        for name, vectorizer, offset in reversed(hashed_blocks(self.features)):
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
        x = self.features.transform([text]).tocsr()
        weights = self.scorer.weights()
        proba = self.probabilities_of_inputs([text])
        if self.multi_label:
            targets = self.decide(proba)[0] or [self.labels[int(proba[0].argmax())]]
            rows = {label: self.labels.index(label) for label in targets}
        else:
            label = self.labels[int(proba[0].argmax())]
            rows = {label: self.scorer.classes.index(label)}
        hashed: dict = {}
        explanation: dict[str, list[dict[str, Any]]] = {}
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


# The name most code and users know it by.
Model = TfidfLinearModel
