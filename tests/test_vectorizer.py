import pickle

import numpy as np
import pytest
from conftest import single_label_rows
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from arclassify.config.schema import PreprocessConfig
from arclassify.features.estimators import NgramTfidfVectorizer
from arclassify.text import ArabicAnalyzer, NormalizeConfig

TEXTS = [r["title"] + "\n" + r["text"] for r in single_label_rows(60)]
UNSEEN = ["كلمات جديدة تماما لم تظهر قط", "", "الفريق الفريق الفريق", "البورصة والمباراة والبرلمان f-35"]


def _reference(kind: str, ngram_range: tuple, options: dict, **params) -> TfidfVectorizer:
    analyzer = ArabicAnalyzer(kind=kind, ngram_range=ngram_range, **options)
    return TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=np.float32, **params)


def _ours(kind: str, ngram_range: tuple, options: dict, **params) -> NgramTfidfVectorizer:
    if kind == "word":
        ranges = {"word_ngrams": ngram_range, "char_ngrams": ()}
    else:
        ranges = {"word_ngrams": (), "char_ngrams": ngram_range}
    return NgramTfidfVectorizer(PreprocessConfig(strip_furniture=False, **options), **ranges, **params)


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
    reference = _reference(kind, ngram_range, options, min_df=2, max_df=0.9)
    expected = reference.fit_transform(TEXTS)
    ours = _ours(kind, ngram_range, options, min_df=2, max_df=0.9)
    got = ours.fit_transform(TEXTS)
    names = [name.partition("__")[2] for name in ours.get_feature_names_out()]
    assert sorted(names) == sorted(reference.vocabulary_)
    columns = np.array([reference.vocabulary_[name] for name in names])
    assert abs(expected[:, columns] - got).max() < 1e-6
    assert abs(reference.transform(UNSEEN)[:, columns] - ours.transform(UNSEEN)).max() < 1e-6


def test_word_and_char_blocks_side_by_side_like_a_feature_union() -> None:
    options = {"strip_furniture": True, "mask_outlets": True}
    analyzers = {kind: ArabicAnalyzer(kind=kind, ngram_range=r, **options) for kind, r in (("word", (1, 2)), ("char", (2, 4)))}
    union = FeatureUnion([(kind, TfidfVectorizer(analyzer=a, sublinear_tf=True, min_df=2)) for kind, a in analyzers.items()])
    expected = union.fit_transform(TEXTS)
    ours = NgramTfidfVectorizer(PreprocessConfig(**options), word_ngrams=(1, 2), char_ngrams=(2, 4), min_df=2)
    got = ours.fit_transform(TEXTS)
    reference_names = list(union.get_feature_names_out())
    columns = np.array([reference_names.index(name) for name in ours.get_feature_names_out()])
    assert len(columns) == len(reference_names)
    assert abs(expected[:, columns] - got).max() < 1e-6
    assert abs(union.transform(UNSEEN)[:, columns] - ours.transform(UNSEEN)).max() < 1e-6


def test_transform_in_batches_and_after_the_token_tables_are_emptied(monkeypatch) -> None:
    import arclassify.features.tfidf as vectorizer_module

    ours = NgramTfidfVectorizer(PreprocessConfig(), word_ngrams=(1, 2), char_ngrams=(2, 3)).fit(TEXTS)
    expected = ours.transform(TEXTS + UNSEEN).toarray()
    monkeypatch.setattr(vectorizer_module, "_BATCH", 7)
    encoder = ours.token_encoder()
    generation = encoder.generation
    monkeypatch.setattr(encoder, "limit", 50)  # emptied every few batches
    assert abs(ours.transform(TEXTS + UNSEEN).toarray() - expected).max() < 1e-6
    assert encoder.generation > generation


def test_max_features_keeps_the_most_frequent() -> None:
    ours = _ours("word", (1, 2), {}, max_features=10).fit(TEXTS)
    reference = TfidfVectorizer(analyzer=ArabicAnalyzer(kind="word", ngram_range=(1, 2)), max_features=10).fit(TEXTS)
    counts = {}
    analyzer = ArabicAnalyzer(kind="word", ngram_range=(1, 2))
    for text in TEXTS:
        for gram in analyzer(text):
            counts[gram] = counts.get(gram, 0) + 1
    tenth = sorted(counts.values(), reverse=True)[9]
    names = [name.partition("__")[2] for name in ours.get_feature_names_out()]
    assert len(names) == 10
    assert all(counts[name] >= tenth for name in names)
    assert len(reference.vocabulary_) == 10


def test_pickles_without_caches_and_gives_the_same_output() -> None:
    for ranges in ({"word_ngrams": (1, 2)}, {"word_ngrams": (), "char_ngrams": (2, 3)}):
        vectorizer = NgramTfidfVectorizer(PreprocessConfig(), **ranges).fit(TEXTS)
        before = vectorizer.transform(UNSEEN)
        vectorizer.get_feature_names_out()
        copy = pickle.loads(pickle.dumps(vectorizer))
        assert not {"_word_map", "_gram_table", "_gram_columns", "_names"} & set(copy.__dict__)
        assert (copy.transform(UNSEEN) != before).nnz == 0
        assert copy.get_feature_names_out().tolist() == vectorizer.get_feature_names_out().tolist()


def test_pickles_a_vocabulary_holding_the_packing_separator() -> None:
    vectorizer = NgramTfidfVectorizer(PreprocessConfig(), word_ngrams=(1, 1), char_ngrams=(2, 3)).fit(TEXTS)
    vectorizer.word_tokens_[0] = "x\x00y"  # the tokenizer never makes one
    copy = pickle.loads(pickle.dumps(vectorizer))
    assert copy.word_tokens_ == vectorizer.word_tokens_
    assert copy.char_grams_ == vectorizer.char_grams_ and len(copy.char_grams_) > 10


def test_empty_vocabulary_is_an_error() -> None:
    with pytest.raises(ValueError, match="min_df"):
        NgramTfidfVectorizer(PreprocessConfig(), min_df=5).fit(["كلمة واحدة", "كلمتان اثنتان"])


def test_columns_do_not_depend_on_what_was_encoded_before(monkeypatch) -> None:
    # a normalisation no other test uses, so that its plain encoder is this test's alone
    config = PreprocessConfig(stop_words=True, stem=True, normalize=NormalizeConfig(squeeze_repeats=False))
    words = ["قلم", "باب", "نهر", "جبل", "سوق", "درب"]
    texts = [" ".join(words)] * 2  # every word and character n-gram equally frequent: max_features must break ties
    settings = {"word_ngrams": (1, 1), "char_ngrams": (2, 3), "max_features": 3}
    first = NgramTfidfVectorizer(config, **settings).fit(texts)
    encoder = first.token_encoder()
    before = encoder.encode(texts[:1])[0].tolist()
    monkeypatch.setattr(encoder.base, "limit", 0)
    encoder.encode([" ".join(reversed(words))])  # a new generation: the same tokens get other ids
    monkeypatch.undo()
    assert encoder.encode(texts[:1])[0].tolist() != before
    second = NgramTfidfVectorizer(config, **settings).fit(texts)
    assert first.get_feature_names_out().tolist() == second.get_feature_names_out().tolist()
    assert first.get_feature_names_out().tolist()[:3] == ["word__باب", "word__جبل", "word__درب"]
    assert pickle.dumps(first) == pickle.dumps(second)


def test_the_tokenizing_step_is_swappable() -> None:
    from arclassify.text.analyzer import ArabicAnalyzer

    texts = ["فاز الفريق بالمباراة", "ارتفعت الأسهم في البورصة اليوم", "فاز المنتخب اليوم"]
    analyzer = ArabicAnalyzer(strip_furniture=False)
    built_in = NgramTfidfVectorizer(PreprocessConfig(strip_furniture=False), word_ngrams=(1, 2)).fit(texts)
    swapped = NgramTfidfVectorizer(PreprocessConfig(strip_furniture=False), word_ngrams=(1, 2),
                                   tokenizer=analyzer.tokens).fit(texts)
    assert np.allclose(built_in.transform(texts).toarray(), swapped.transform(texts).toarray())
    by_space = NgramTfidfVectorizer(PreprocessConfig(strip_furniture=False), word_ngrams=(1, 1),
                                    tokenizer=str.split).fit(texts)
    assert "الأسهم" in {name.partition("__")[2] for name in by_space.get_feature_names_out()}  # not normalised
    with pytest.raises(ValueError, match="custom tokenizer"):
        from arclassify.weights import WeightsBuilder

        by_space.to_weights(WeightsBuilder(), "features")
