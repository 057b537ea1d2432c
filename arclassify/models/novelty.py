"""How likely an article's source is one a single-label model never saw, from two signs.

The built-in outlet model knows 16 news sites and is asked about articles from any other. Two
signs tell such articles apart, each cheap to compute while scoring:

- ``entropy``: how spread the model's probabilities over its labels are;
- ``uncovered``: the share of the text's words that are not in the model's vocabulary.

:class:`NoveltyScore` is a logistic regression over them, fitted where whole sources were held
out of training so that they played the unseen ones (see :func:`fit_novelty`). A model holding one
scales its probabilities by the chance that the source is a known one: each label's probability is
then that of the label among all sources, and what is left to 1 is the unseen sources' share.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.special import expit

from arclassify.errors import ModelFileError

SIGNS = ("entropy", "uncovered")


def entropy(proba: np.ndarray) -> np.ndarray:
    """Shannon entropy (nats) of each row of a probability matrix."""
    proba = np.asarray(proba, dtype=np.float64)
    logs = np.log(proba, out=np.zeros_like(proba), where=proba > 0)
    return -(proba * logs).sum(axis=1)


def novelty_signs(proba: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """The signs :class:`NoveltyScore` reads, one row per text (columns in ``SIGNS`` order)."""
    return np.column_stack([entropy(proba), 1.0 - np.asarray(coverage, dtype=np.float64)])


@dataclass(frozen=True)
class NoveltyScore:
    """Logistic weights of the signs, and the intercept."""

    entropy: float
    uncovered: float
    bias: float

    def unseen(self, proba: np.ndarray, coverage: np.ndarray) -> np.ndarray:
        """Probability that each text's source is not one the model was trained on."""
        signs = novelty_signs(proba, coverage)
        return expit(signs @ np.array([self.entropy, self.uncovered]) + self.bias)

    def scale(self, proba: np.ndarray, coverage: np.ndarray) -> np.ndarray:
        """The probabilities times the chance that the source is a known one."""
        return proba * (1.0 - self.unseen(proba, coverage))[:, np.newaxis].astype(proba.dtype)

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: Any, where: str) -> NoveltyScore:
        names = (*SIGNS, "bias")
        if not isinstance(values, dict) or sorted(values) != sorted(names):
            raise ModelFileError(f"{where}: 'novelty' must be an object with the numbers {', '.join(names)}")
        if not all(isinstance(values[name], (int, float)) and np.isfinite(values[name]) for name in names):
            raise ModelFileError(f"{where}: 'novelty' holds a value that is not a finite number: {values}")
        return cls(**{name: float(values[name]) for name in names})


def fit_novelty(signs: np.ndarray, unseen: np.ndarray) -> NoveltyScore:
    """The logistic regression of ``unseen`` (1: the text's source was held out) on the signs.

    Both classes are weighted equally: what matters is the ranking, and the threshold that turns
    the score into answers is chosen afterwards on articles of known sources.
    """
    from sklearn.linear_model import LogisticRegression

    unseen = np.asarray(unseen, dtype=int)
    if len(set(unseen.tolist())) != 2:
        raise ValueError("fitting a novelty score needs texts of both seen and held-out sources")
    signs = np.asarray(signs, dtype=np.float64)
    # Standardised first: the default regularisation would otherwise shrink the weight of the sign
    # with the smaller range (the uncovered share moves by hundredths, the entropy by units).
    mean, scale = signs.mean(axis=0), signs.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(class_weight="balanced", max_iter=1000).fit((signs - mean) / scale, unseen)
    weights = fitted.coef_[0] / scale
    bias = float(fitted.intercept_[0] - weights @ mean)
    return NoveltyScore(entropy=float(weights[0]), uncovered=float(weights[1]), bias=bias)
