import pickle

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from arclassify.preprocess import ArabicAnalyzer
from arclassify.vectorizer import NgramTfidfVectorizer

from conftest import single_label_rows

TEXTS = [r["title"] + "\n" + r["text"] for r in single_label_rows(60)]
UNSEEN = ["كلمات جديدة تماما لم تظهر قط", "", "الفريق الفريق الفريق", "البورصة والمباراة والبرلمان f-35"]


@pytest.mark.parametrize(
    "kind, ngram_range, options",
    [
        ("word", (1, 1), {}),
        ("word", (1, 2), {"stop_words": True}),
        ("word", (2, 3), {}),
        ("char", (2, 5), {}),
        ("char", (3, 4), {"stem": True}),
    ],
)
def test_same_matrix_as_scikit_learn(kind: str, ngram_range: tuple, options: dict) -> None:
    reference = TfidfVectorizer(analyzer=ArabicAnalyzer(kind=kind, ngram_range=ngram_range, **options),
                                sublinear_tf=True, min_df=2, max_df=0.9, dtype=np.float32)
    expected = reference.fit_transform(TEXTS)
    ours = NgramTfidfVectorizer(ArabicAnalyzer(kind=kind, ngram_range=ngram_range, **options), min_df=2, max_df=0.9)
    got = ours.fit_transform(TEXTS)
    names = ours.get_feature_names_out()
    assert sorted(names) == sorted(reference.vocabulary_)
    columns = np.array([reference.vocabulary_[name] for name in names])
    assert abs(expected[:, columns] - got).max() < 1e-6
    assert abs(reference.transform(UNSEEN)[:, columns] - ours.transform(UNSEEN)).max() < 1e-6


def test_max_features_keeps_the_most_frequent() -> None:
    ours = NgramTfidfVectorizer(ArabicAnalyzer(kind="word", ngram_range=(1, 2)), max_features=10).fit(TEXTS)
    reference = TfidfVectorizer(analyzer=ArabicAnalyzer(kind="word", ngram_range=(1, 2)), max_features=10).fit(TEXTS)
    counts = {}
    analyzer = ArabicAnalyzer(kind="word", ngram_range=(1, 2))
    for text in TEXTS:
        for gram in analyzer(text):
            counts[gram] = counts.get(gram, 0) + 1
    tenth = sorted(counts.values(), reverse=True)[9]
    assert len(ours.get_feature_names_out()) == 10
    assert all(counts[name] >= tenth for name in ours.get_feature_names_out())
    assert len(reference.vocabulary_) == 10


def test_pickles_without_caches_and_gives_the_same_output() -> None:
    for kind in ("word", "char"):
        analyzer = ArabicAnalyzer(kind=kind, ngram_range=(1, 2) if kind == "word" else (2, 3))
        vectorizer = NgramTfidfVectorizer(analyzer).fit(TEXTS)
        before = vectorizer.transform(UNSEEN)
        vectorizer.get_feature_names_out()
        copy = pickle.loads(pickle.dumps(vectorizer))
        assert not {"_token_ids", "_gram_columns", "_token_columns", "_names"} & set(copy.__dict__)
        assert "_tokens" not in copy.analyzer.__dict__
        assert (copy.transform(UNSEEN) != before).nnz == 0
        assert copy.get_feature_names_out().tolist() == vectorizer.get_feature_names_out().tolist()


def test_pickles_a_vocabulary_holding_the_packing_separator() -> None:
    vectorizer = NgramTfidfVectorizer(ArabicAnalyzer(kind="char", ngram_range=(2, 3))).fit(TEXTS)
    vectorizer.grams_[0] = "x\x00y"  # the tokenizer never makes one; a custom analyzer might
    copy = pickle.loads(pickle.dumps(vectorizer))
    assert copy.grams_ == vectorizer.grams_


def test_empty_vocabulary_is_an_error() -> None:
    with pytest.raises(ValueError, match="min_df"):
        NgramTfidfVectorizer(ArabicAnalyzer(), min_df=5).fit(["كلمة واحدة", "كلمتان اثنتان"])
