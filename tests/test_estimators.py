"""The public scikit-learn pieces follow the estimator conventions.

scikit-learn's ``check_estimator`` feeds numeric arrays; it skips the checks that need them for
estimators whose input tags say they take text (as for its own ``TfidfVectorizer``), so the
conventions those checks cover are checked here on text: parameters untouched by ``__init__``,
``clone``, ``get_params``/``set_params``, ``fit`` returning ``self``, an error before fitting,
and the same output after pickling.
"""

import pickle

import numpy as np
import pytest
from conftest import single_label_rows
from sklearn.base import clone
from sklearn.exceptions import SkipTestWarning
from sklearn.utils.estimator_checks import check_estimator

from arclassify.config.schema import FeatureConfig, PreprocessConfig
from arclassify.features.estimators import FocusedFeatures, NgramTfidfVectorizer
from arclassify.features.pairs import PairFeatures
from arclassify.text.analyzer import TextNormalizer

TEXTS = [row["title"] + "\n" + row["text"] for row in single_label_rows(30)]
PAIRS = [(text, text.split()[0] + " " + text.split()[-1]) for text in TEXTS]


def estimators() -> list:
    return [
        (NgramTfidfVectorizer(PreprocessConfig(), word_ngrams=(1, 2), char_ngrams=(2, 4), min_df=1), TEXTS),
        (PairFeatures(PreprocessConfig(), FeatureConfig(min_df=1)), PAIRS),
        (FocusedFeatures(PreprocessConfig(), FeatureConfig(min_df=1), lexicon="russia"),
         [text + (" وقالت موسكو إن قواتها انسحبت." if i % 2 else "") for i, text in enumerate(TEXTS)]),
        (FocusedFeatures(PreprocessConfig(), FeatureConfig(min_df=1), lexicon="", lead=2), TEXTS),
        (TextNormalizer(), TEXTS),
    ]


@pytest.mark.parametrize("estimator", [e for e, _ in estimators()], ids=lambda e: type(e).__name__)
def test_check_estimator_passes_what_it_runs(estimator) -> None:
    with pytest.warns(SkipTestWarning):  # numeric-input checks skipped: these take text
        results = check_estimator(estimator, on_fail=None)
    assert not [r["check_name"] for r in results if r["status"] == "failed"]


@pytest.mark.parametrize("pair", estimators(), ids=lambda p: type(p[0]).__name__)
def test_text_estimator_conventions(pair) -> None:
    estimator, X = pair
    params = estimator.get_params()
    copy = clone(estimator)
    assert copy.get_params().keys() == params.keys() and copy is not estimator
    assert estimator.set_params(**params) is estimator
    if isinstance(estimator, TextNormalizer):
        assert estimator.fit(X) is estimator
        assert estimator.transform(X[:2]) == pickle.loads(pickle.dumps(estimator)).transform(X[:2])
        return
    with pytest.raises((AttributeError, ValueError)):
        clone(estimator).transform(X[:2])
    assert estimator.fit(X) is estimator
    before = estimator.transform(X[:5]).toarray()
    after = pickle.loads(pickle.dumps(estimator)).transform(X[:5]).toarray()
    assert before.shape[0] == 5 and np.allclose(before, after)
    assert estimator.get_params().keys() == params.keys()  # fitting sets only trailing-underscore attributes
