import pickle

from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline

from arclassify.text import (
    ArabicAnalyzer,
    NormalizeConfig,
    TextNormalizer,
    TokenPipeline,
    light_stem,
    normalize,
    stop_words,
    tokenize,
)
from arclassify.text.pipeline import char_ngrams, word_ngrams

TEXTS = st.text(max_size=80) | st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=60)


def test_tokenize_splits_punctuation_and_keeps_hyphenated_names() -> None:
    assert tokenize("قال: «الجيش»، (اليوم) f-35 و اس-400!") == ["قال", "الجيش", "اليوم", "f-35", "و", "اس-400"]


def test_tokenize_keeps_diacritics_inside_words() -> None:
    assert tokenize("مُحَمَّدٌ وَعَلِيّ") == ["مُحَمَّدٌ", "وَعَلِيّ"]


def test_tokenize_keeps_placeholders() -> None:
    assert tokenize(normalize("عام ٢٠١٨ www.x.com")) == ["عام", "_num_", "_url_"]


@settings(max_examples=300)
@given(TEXTS)
def test_token_pipeline_equals_tokenize_of_normalize(text: str) -> None:
    assert TokenPipeline()(text) == tokenize(normalize(text))


@settings(max_examples=100)
@given(TEXTS)
def test_token_pipeline_equivalence_with_options(text: str) -> None:
    config = NormalizeConfig(ta_marbuta_to_heh=False, replace_numbers=False)
    assert TokenPipeline(config)(text) == tokenize(normalize(text, config))


def test_stop_words_are_normalised_and_removed() -> None:
    words = stop_words()
    assert "الي" in words and "في" in words  # "إلى" normalised
    assert "قال" not in words  # reporting verbs carry signal
    assert TokenPipeline(stop_words=True)("ذهب الوزير إلى القاهرة في الصباح") == ["ذهب", "الوزير", "القاهره", "الصباح"]


def test_stop_words_follow_the_normalisation() -> None:
    assert "إلى" in stop_words(NormalizeConfig(normalize_alef=False, alef_maqsura_to_yeh=False))
    assert "إلي" in stop_words(NormalizeConfig(normalize_alef=False))


def test_light_stem() -> None:
    assert light_stem("والمعلمون") == "معلم"
    assert light_stem("بالسيارات") == "سيار"
    assert light_stem("كتابها") == "كتاب"
    assert light_stem("من") == "من"  # too short
    assert light_stem("f-35") == "f-35"  # not Arabic
    assert light_stem("_num_") == "_num_"


def test_word_and_char_ngrams() -> None:
    assert word_ngrams(["a", "b", "c"], (1, 2)) == ["a", "b", "c", "a b", "b c"]
    assert word_ngrams(["a", "b", "c"], (2, 3)) == ["a b", "b c", "a b c"]
    assert char_ngrams("باب", (2, 3)) == (" ب", "با", "اب", "ب ", " با", "باب", "اب ")


def test_analyzer_in_a_vectorizer_and_cloneable() -> None:
    analyzer = ArabicAnalyzer(kind="word", ngram_range=(1, 2), stop_words=True)
    vectorizer = TfidfVectorizer(analyzer=analyzer).fit(["الجيش في المدينة", "الجيش يغادر"])
    assert "الجيش" in vectorizer.vocabulary_ and "في" not in vectorizer.vocabulary_
    assert "الجيش يغادر" in vectorizer.vocabulary_
    copy = clone(vectorizer)
    assert copy.analyzer.get_params() == analyzer.get_params()


def test_analyzer_pickles_without_its_caches() -> None:
    analyzer = ArabicAnalyzer(kind="char", ngram_range=(2, 3))
    before = analyzer("نص تجريبي للاختبار")
    restored = pickle.loads(pickle.dumps(analyzer))
    assert "_tokens" not in restored.__dict__ and "_char_cache" not in restored.__dict__
    assert restored("نص تجريبي للاختبار") == before


def test_analyzer_masks_outlets_and_strips_furniture() -> None:
    text = "عنوان الخبر\nدبي (CNN)-- قال مصدر لـCNN إن الوضع هادئ.\nاقرأ أيضاً:\nخبر آخر بلا نقطة\nجميع الحقوق محفوظة 2018"
    tokens = ArabicAnalyzer(strip_furniture=True, mask_outlets=True)(text)
    assert "cnn" not in tokens and "دبي" not in tokens and "_outlet_" in tokens
    assert "محفوظه" not in tokens and "اخر" not in tokens


def test_text_normalizer_in_a_pipeline() -> None:
    pipeline = Pipeline([("norm", TextNormalizer()), ("tfidf", TfidfVectorizer())])
    matrix = pipeline.fit_transform(["أحمد في المدرسة", "احمد في المدرسه"])
    assert (matrix[0] != matrix[1]).nnz == 0
