"""The systems compared: arclassify, a plain scikit-learn pipeline, fastText, a majority baseline.

Each system is a class with ``fit(inputs, labels)`` and ``predict(inputs)``; inputs are texts, or
(text, claim) pairs for the pair task. Multi-label labels are lists.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from arclassify.config.schema import TaskSchema
from arclassify.train import fit
from benchmarks.tasks import CLAIM_SCHEMA

ROOT = Path(__file__).resolve().parents[1]
FASTTEXT_VERSION = "0.9.3"
FASTTEXT_GRID = [{"lr": lr, "epoch": epoch} for lr in (0.2, 0.5, 1.0) for epoch in (5, 20)]
_FT_TUNING_THREADS = 2  # the grid runs on both cores; the final fit, which is timed, on one
PAIR_SEPARATOR = " _claim_ "


def _flat(item) -> str:
    """One string for systems that read a single text: the claim, a separator, then the text."""
    return item[1] + PAIR_SEPARATOR + item[0] if isinstance(item, tuple) else item


def schema_for(task) -> TaskSchema:
    """arclassify's configuration for a benchmark task: the shipped one where a built-in task matches."""
    if task.name.startswith("outlet"):
        values = TaskSchema.from_toml(ROOT / "labels" / "outlet.toml").to_dict()
        values["labels"] = {label: "" for label in task.labels}
        values["model"]["unknown_threshold"] = 0.0
        values["preprocess"].update({"strip_furniture": False, "mask_outlets": False})  # the task decides
        return TaskSchema.from_dict(values)
    if task.name == "topic":
        return TaskSchema.from_toml(ROOT / "labels" / "topic.toml")
    if task.kind == "pair":
        values = TaskSchema.from_toml(CLAIM_SCHEMA).to_dict()
        return TaskSchema.from_dict(values)
    return TaskSchema.from_dict({"name": task.name, "kind": "single_label", "labels": {label: "" for label in task.labels}})


class Arclassify:
    name = "arclassify"

    def __init__(self, task) -> None:
        self.schema = schema_for(task)

    def fit(self, inputs, labels):
        self.model = fit(self.schema, inputs, labels)
        return self

    def predict(self, inputs):
        return self.model.predict(inputs)


class PlainSklearn:
    """TF-IDF (scikit-learn defaults: word unigrams, no Arabic processing) + LinearSVC."""

    name = "sklearn TF-IDF + LinearSVC"

    def __init__(self, task) -> None:
        self.multi = task.kind == "multi_label"

    def fit(self, inputs, labels):
        texts = [_flat(x) for x in inputs]
        if self.multi:
            self.binarizer = MultiLabelBinarizer()
            target = self.binarizer.fit_transform(labels)
            self.pipeline = make_pipeline(TfidfVectorizer(), OneVsRestClassifier(LinearSVC()))
        else:
            target = labels
            self.pipeline = make_pipeline(TfidfVectorizer(), LinearSVC())
        self.pipeline.fit(texts, target)
        return self

    def predict(self, inputs):
        predicted = self.pipeline.predict([_flat(x) for x in inputs])
        if self.multi:
            return [list(row) for row in self.binarizer.inverse_transform(predicted)]
        return list(predicted)


class Majority:
    name = "majority baseline"

    def __init__(self, task) -> None:
        self.multi = task.kind == "multi_label"

    def fit(self, inputs, labels):
        if self.multi:
            counts = Counter(label for row in labels for label in row)
            self.answer = [label for label, c in counts.items() if c > len(labels) / 2]
        else:
            self.model = DummyClassifier(strategy="most_frequent").fit(np.zeros((len(labels), 1)), labels)
        return self

    def predict(self, inputs):
        if self.multi:
            return [list(self.answer) for _ in inputs]
        return list(self.model.predict(np.zeros((len(inputs), 1))))


_FT_LABEL = "__label__"
_WHITESPACE = re.compile(r"\s+")


class FastText:
    """fastText supervised (word bigrams, dim 100): lr and epoch chosen by macro-F1 on a 10% validation split
    of the training rows (grid in FASTTEXT_GRID, two threads), then refitted on all of them (one thread)."""

    name = "fastText"

    def __init__(self, task) -> None:
        import fasttext  # installed for the benchmark only (pip install ".[benchmark]")

        self.fasttext = fasttext
        self.multi = task.kind == "multi_label"
        self.labels = list(task.labels)

    @staticmethod
    def _line(text: str) -> str:
        return _WHITESPACE.sub(" ", text).strip()

    def _train(self, inputs, labels, params, threads: int = 1):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
            for text, label in zip(inputs, labels):
                tags = " ".join(_FT_LABEL + name for name in (label if self.multi else [label])) or _FT_LABEL + "_none_"
                handle.write(f"{tags} {self._line(_flat(text))}\n")
            path = handle.name
        try:
            return self.fasttext.train_supervised(input=path, wordNgrams=2, dim=100, minCount=1, seed=0,
                                                  thread=threads, verbose=0,
                                                  loss="ova" if self.multi else "softmax", **params)
        finally:
            os.unlink(path)

    def _predict_with(self, model, inputs):
        lines = [self._line(_flat(x)) for x in inputs]
        if self.multi:
            found, _ = model.predict(lines, k=-1, threshold=0.5)
            return [[tag[len(_FT_LABEL):] for tag in row if tag != _FT_LABEL + "_none_"] for row in found]
        found, _ = model.predict(lines, k=1)
        return [row[0][len(_FT_LABEL):] for row in found]

    def _score(self, truth, predicted) -> float:
        if self.multi:
            binarizer = MultiLabelBinarizer(classes=self.labels)
            return f1_score(binarizer.fit_transform(truth), binarizer.transform(predicted), average="macro", zero_division=0)
        return f1_score(truth, predicted, average="macro", zero_division=0)

    def fit(self, inputs, labels):
        started = time.perf_counter()
        order = list(range(len(inputs)))
        random.Random(0).shuffle(order)
        cut = max(1, len(order) // 10)
        held, kept = order[:cut], order[cut:]
        best, self.tuning = None, []
        for params in FASTTEXT_GRID:
            model = self._train([inputs[i] for i in kept], [labels[i] for i in kept], params, _FT_TUNING_THREADS)
            score = self._score([labels[i] for i in held], self._predict_with(model, [inputs[i] for i in held]))
            self.tuning.append({**params, "validation_macro_f1": round(float(score), 4)})
            if best is None or score > best[0]:
                best = (score, params)
        self.params = best[1]
        self.tuning_seconds = time.perf_counter() - started
        self.model = self._train(inputs, labels, self.params)
        return self

    def predict(self, inputs):
        return self._predict_with(self.model, inputs)


SYSTEMS = {"arclassify": Arclassify, "sklearn": PlainSklearn, "fasttext": FastText, "majority": Majority}
