"""Task schemas: what a task predicts, which fields it reads, and how its model is built.

A schema is a TOML file (``labels/topic.toml``) or the same content as a mapping; a trained
model carries its schema in its metadata.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from arclassify.config.constraints import ngram_range, refuse_ignored_options
from arclassify.errors import ConfigError
from arclassify.text.focus import LEXICONS
from arclassify.text.normalize import NormalizeConfig

SINGLE_LABEL = "single_label"
MULTI_LABEL = "multi_label"
KINDS = (SINGLE_LABEL, MULTI_LABEL)
MODEL_TYPES = ("logreg", "svm", "sgd")
UNKNOWN = "unknown"
DEFAULT_TEXT_FIELDS = ("title", "text")


def _check_keys(values: dict, cls: type, where: str, extra: tuple[str, ...] = ()) -> None:
    known = {f.name for f in fields(cls)} | set(extra)
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"unknown option {unknown[0]!r} in {where}; known options: {', '.join(sorted(known))}")


def _typed(values: dict, cls: type, where: str) -> dict:
    """Check each value against the type of the dataclass field's default."""
    defaults = {f.name: f.default for f in fields(cls)}
    out = {}
    for name, value in values.items():
        default = defaults.get(name)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, (int, float)) and not isinstance(default, bool):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif isinstance(default, tuple):
            ok = isinstance(value, (list, tuple))
            value = tuple(value) if ok else value
        elif isinstance(default, str):
            ok = isinstance(value, str)
        else:
            ok = True
        if not ok:
            raise ConfigError(f"option {name!r} in {where} has the wrong type: {value!r} (expected like {default!r})")
        out[name] = value
    return out


@dataclass(frozen=True)
class PreprocessConfig:
    """Text steps before features: furniture removal, outlet masking, normalisation, stop words, stemming."""

    strip_furniture: bool = True
    mask_outlets: bool = False
    stop_words: bool = False
    stem: bool = False
    normalize: NormalizeConfig = field(default_factory=NormalizeConfig)

    @classmethod
    def from_dict(cls, values: dict, where: str = "[preprocess]") -> PreprocessConfig:
        _check_keys(values, cls, where)
        values = dict(values)
        norm = NormalizeConfig.from_dict(values.pop("normalize", {}), f"{where[:-1]}.normalize]")
        return cls(normalize=norm, **_typed(values, cls, where))

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class FeatureConfig:
    """TF-IDF features: word and/or character n-grams, with or without a vocabulary."""

    word_ngrams: tuple[int, ...] = (1, 2)
    char_ngrams: tuple[int, ...] = ()
    min_df: int = 2
    max_df: float = 1.0
    max_features: int = 0
    hashing: bool = False
    n_features: int = 2**20
    # Target-aware features: a second block of n-grams from the sentences that mention a target
    # (a named lexicon of arclassify.text.focus, e.g. "russia"), with this many neighbours each side.
    focus_lexicon: str = ""
    focus_window: int = 1
    # The same second block from the headline and the first sentences instead (topics are decided
    # by headline, lead and paragraphs): this many sentences, 0 for none.
    lead_sentences: int = 0

    @classmethod
    def from_dict(cls, values: dict, where: str = "[features]") -> FeatureConfig:
        _check_keys(values, cls, where)
        config = cls(**_typed(values, cls, where))
        word = ngram_range(config.word_ngrams, "word_ngrams", where) or ()
        char = ngram_range(config.char_ngrams, "char_ngrams", where) or ()
        if not word and not char:
            raise ConfigError(f"{where}: word_ngrams and char_ngrams are both empty; at least one is needed")
        if config.focus_lexicon and config.focus_lexicon not in LEXICONS:
            raise ConfigError(f"{where}: focus_lexicon must be one of {', '.join(LEXICONS)}; got {config.focus_lexicon!r}")
        if config.focus_window < 0 or config.lead_sentences < 0:
            raise ConfigError(f"{where}: focus_window and lead_sentences must be >= 0")
        if config.focus_lexicon and config.lead_sentences:
            raise ConfigError(f"{where}: focus_lexicon and lead_sentences each choose the second block; set one")
        if config.min_df < 1 or not 0 < config.max_df <= 1 or config.max_features < 0 or config.n_features < 16:
            raise ConfigError(f"{where}: need min_df >= 1, 0 < max_df <= 1, max_features >= 0, n_features >= 16")
        return cls(**{**asdict(config), "word_ngrams": word, "char_ngrams": char})

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ModelConfig:
    """The linear model, its regularisation, class weighting, thresholds and cross-validation."""

    type: str = "logreg"
    C: float = 4.0
    alpha: float = 1e-5
    class_weight: str = "balanced"
    max_iter: int = 2000
    unknown_threshold: float = 0.0
    threshold_cv: int = 3
    cv_folds: int = 5
    min_examples: int = 5
    seed: int = 0

    @classmethod
    def from_dict(cls, values: dict, where: str = "[model]") -> ModelConfig:
        _check_keys(values, cls, where)
        config = cls(**_typed(values, cls, where))
        if config.type not in MODEL_TYPES:
            raise ConfigError(f"{where}: type must be one of {', '.join(MODEL_TYPES)}; got {config.type!r}")
        if config.class_weight not in ("balanced", "none"):
            raise ConfigError(f"{where}: class_weight must be 'balanced' or 'none'; got {config.class_weight!r}")
        if not 0 <= config.unknown_threshold < 1:
            raise ConfigError(f"{where}: unknown_threshold must be in [0, 1); got {config.unknown_threshold}")
        if config.C <= 0 or config.alpha <= 0 or config.max_iter < 1:
            raise ConfigError(f"{where}: C, alpha and max_iter must be positive")
        if config.threshold_cv < 2 or config.cv_folds < 0 or config.cv_folds == 1 or config.min_examples < 1:
            raise ConfigError(f"{where}: need threshold_cv >= 2, cv_folds 0 (no cross-validation) or >= 2, min_examples >= 1")
        return cls(**{**asdict(config), "C": float(config.C), "alpha": float(config.alpha)})

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class TaskSchema:
    """A task: its name, kind, labels (with descriptions), input fields and model configuration."""

    name: str
    kind: str
    labels: dict[str, str]
    description: str = ""
    text_fields: tuple[str, ...] = ()
    pair_field: str = ""
    label_field: str = "label"
    label_separator: str = "|"
    id_field: str = "id"
    preprocess: PreprocessConfig = field(default_factory=PreprocessConfig)
    features: FeatureConfig = field(default_factory=FeatureConfig)
    model: ModelConfig = field(default_factory=ModelConfig)

    @property
    def label_names(self) -> list[str]:
        return list(self.labels)

    @property
    def multi_label(self) -> bool:
        return self.kind == MULTI_LABEL

    @classmethod
    def from_dict(cls, values: dict[str, Any], where: str = "task schema") -> TaskSchema:
        """Build and check a schema; ``where`` names the source in error messages."""
        _check_keys(values, cls, where)
        values = dict(values)
        for required in ("name", "kind"):
            if not isinstance(values.get(required), str) or not values[required]:
                raise ConfigError(f"{where}: {required!r} is required and must be a non-empty string")
        if values["kind"] not in KINDS:
            raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}; got {values['kind']!r}")
        labels = values.get("labels", {})
        if isinstance(labels, list):
            labels = {str(label): "" for label in labels}
        if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
            raise ConfigError(f"{where}: [labels] must map each label to a description")
        if values["kind"] == SINGLE_LABEL and len(labels) == 1:
            raise ConfigError(f"{where}: a single-label task needs at least two labels")
        if UNKNOWN in labels and values["kind"] == SINGLE_LABEL:
            raise ConfigError(f"{where}: {UNKNOWN!r} is reserved for answers below the unknown_threshold")
        preprocess = PreprocessConfig.from_dict(values.pop("preprocess", {}), "[preprocess]")
        features = FeatureConfig.from_dict(values.pop("features", {}), "[features]")
        model = ModelConfig.from_dict(values.pop("model", {}), "[model]")
        values["labels"] = dict(labels)
        scalars = _typed({k: v for k, v in values.items() if k != "labels"}, cls, where)
        text_fields = scalars.get("text_fields", ())
        if not all(isinstance(f, str) and f for f in text_fields):
            raise ConfigError(f"{where}: text_fields must be a list of field names")
        task = cls(labels=dict(labels), preprocess=preprocess, features=features, model=model,
                   **{k: v for k, v in scalars.items()})
        refuse_ignored_options(task, {"features": FeatureConfig(), "model": ModelConfig()}, where)
        return task

    @classmethod
    def from_toml(cls, path: str | Path) -> TaskSchema:
        """Read a schema file."""
        path = Path(path)
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"task schema not found: {path}") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from None
        try:
            return cls.from_dict(values, str(path))
        except ConfigError as error:
            message = str(error)
            raise ConfigError(message if message.startswith(str(path)) else f"{path}: {message}") from None

    def with_labels(self, labels: list[str]) -> TaskSchema:
        """The same schema with a label set taken from data (descriptions left empty)."""
        return TaskSchema.from_dict({**self.to_dict(), "labels": {label: "" for label in labels}})

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["text_fields"] = list(self.text_fields)
        data["features"] = {k: list(v) if isinstance(v, tuple) else v for k, v in data["features"].items()}
        return data


def build_task_schema(task: str | Path | None = None, *, label_field: str | None = None, name: str | None = None,
                      multi_label: bool | None = None, text_fields: Sequence[str] = (), id_field: str | None = None,
                      label_separator: str | None = None, pair_field: str | None = None) -> TaskSchema:
    """A task schema from a file with options overridden, or a new one from the options alone.

    A new task needs ``label_field``; its labels then come from the data.
    """
    if task:
        schema = TaskSchema.from_toml(task)
        values = schema.to_dict()
        if multi_label is not None and (MULTI_LABEL if multi_label else SINGLE_LABEL) != values["kind"]:
            raise ConfigError(f"{task}: the schema's kind is {values['kind']}; --multi-label/--single-label disagrees")
    else:
        if not label_field:
            raise ConfigError("give a task schema, or a label field to train a new task from the data's labels")
        values = {"name": name or label_field.split(".")[-1], "kind": MULTI_LABEL if multi_label else SINGLE_LABEL,
                  "labels": {}}
    overrides = {"label_field": label_field, "id_field": id_field, "label_separator": label_separator,
                 "pair_field": pair_field, "name": name if task else None,
                 "text_fields": list(text_fields) if text_fields else None}
    values.update({k: v for k, v in overrides.items() if v is not None})
    return TaskSchema.from_dict(values, str(task) if task else "command-line task")
