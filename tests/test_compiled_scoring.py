"""The compiled scoring path gives the sparse path's numbers, and models scored together share work."""

from __future__ import annotations

import random

import numpy as np
import pytest
from conftest import COMMON, multi_label_rows, single_label_rows

import arclassify
from arclassify.config.schema import TaskSchema
from arclassify.features import kernels
from arclassify.features.shared import SharedTexts
from arclassify.models.model_set import ModelSet
from arclassify.text import string_table
from arclassify.text.pipeline import char_ngrams
from arclassify.train import fit

LABELS = {"economy": "economy", "politics": "politics", "sport": "sport"}
FURNITURE = "\nاقرأ أيضا\nعنوان خبر آخر\nشارك على فيسبوك\n"
RUSSIA = "وقالت وزارة الدفاع الروسية إن القوات الروسية في سوريا. "


def _texts(rows: list[dict], seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for row in rows:
        text = f"{row.get('title', '')}\n{row['text']}"
        if rng.random() < 0.5:
            text += FURNITURE
        if rng.random() < 0.5:
            text = RUSSIA + text + " " + " ".join(rng.choice(COMMON) for _ in range(5)) + "!"
        texts.append(text)
    return texts + ["", "؟؟؟", "كلمة"]  # no tokens, no n-gram, one token


def _single(features: dict, model: dict | None = None, preprocess: dict | None = None):
    schema = TaskSchema.from_dict({"name": "section", "kind": "single_label", "features": features, "labels": LABELS,
                                   "preprocess": preprocess or {"strip_furniture": True},
                                   "model": model or {"cv_folds": 0}})
    rows = single_label_rows(90)
    return fit(schema, _texts(rows)[: len(rows)], [r["label"] for r in rows])


MODELS = {
    "word and char n-grams": lambda: _single({"word_ngrams": [1, 2], "char_ngrams": [2, 5], "min_df": 1}),
    "words only, stop words and stems": lambda: _single({"word_ngrams": [1, 3], "char_ngrams": []},
                                                        preprocess={"stop_words": True, "stem": True}),
    "chars only, masked outlets": lambda: _single({"word_ngrams": [], "char_ngrams": [3, 4]},
                                                  preprocess={"mask_outlets": True, "strip_furniture": True}),
    "target-aware (focus) features": lambda: _single({"word_ngrams": [1, 2], "char_ngrams": [3, 5],
                                                      "focus_lexicon": "russia", "focus_window": 0}),
    "calibrated SVM folds": lambda: _single({"word_ngrams": [1, 2], "char_ngrams": [2, 4]},
                                            model={"type": "svm", "cv_folds": 0}),
}


@pytest.mark.parametrize("name", list(MODELS))
def test_compiled_scores_equal_the_sparse_path(name: str) -> None:
    model = MODELS[name]()
    texts = _texts(single_label_rows(40, seed=7), seed=11)
    compiled = model.probabilities_of_inputs(texts)
    sparse = model.probabilities_via_matrix(texts)
    assert compiled.shape == sparse.shape == (len(texts), 3)
    assert np.abs(compiled - sparse).max() <= 1e-6
    assert model.decide(compiled) == model.decide(sparse)


def test_compiled_scores_of_a_multi_label_model() -> None:
    schema = TaskSchema.from_dict({"name": "topics", "kind": "multi_label", "label_field": "topics", "labels": LABELS,
                                   "features": {"word_ngrams": [1, 2], "char_ngrams": [2, 5]}, "model": {"cv_folds": 0}})
    rows = multi_label_rows(120)
    model = fit(schema, [r["text"] for r in rows], [r["topics"] for r in rows])
    texts = [r["text"] for r in multi_label_rows(30, seed=9)]
    assert np.abs(model.probabilities_of_inputs(texts) - model.probabilities_via_matrix(texts)).max() <= 1e-6


@pytest.mark.parametrize("ngram_range", [(2, 3), (1, 7)])
def test_char_gram_lookup_matches_the_python_n_grams(ngram_range: tuple[int, int]) -> None:
    # short keys for most n-grams; the string table for long ones and those with high code points
    vocabulary = [" قل", "قلم", "لم ", " ب", "با", "اب", "ب ", "xyz", " a", "ك", " كتاب ", "تاب ", "😀", " 😀", "😀😀",
                  " قلمقلم", "قلمقلم "]
    tokens = ["قلم", "باب", "a", "", "كتاب", "قلمقلم", "😀😀", "ك😀"]
    points, starts, lengths = string_table.code_points(vocabulary)
    table = string_table.build_table(points, starts, lengths)
    keys = string_table.short_keys(points, starts, lengths)
    key_slots = string_table.key_table(keys)
    token_points, token_starts, token_lengths = string_table.code_points(tokens)
    columns, counts = kernels.char_gram_columns(token_points, token_starts, token_lengths, *ngram_range,
                                                points, starts, lengths, table, keys, key_slots)
    index = {gram: i for i, gram in enumerate(vocabulary)}
    expected = [[index[g] for g in char_ngrams(token, ngram_range) if g in index] for token in tokens]
    assert counts.tolist() == [len(row) for row in expected]
    assert columns.tolist() == [c for row in expected for c in row]
    assert sum(map(len, expected)) > 10


def test_short_keys_tell_strings_apart() -> None:
    keyed = ["", "a", "ab", "ba", "\x00a", "a ", " a", "abcde", "ك", "كل", "لك", "ی"]
    unkeyed = ["abcdef", "😀", "a😀"]  # too long, a code point from 4,096 on
    points, starts, lengths = string_table.code_points(keyed + unkeyed)
    keys = string_table.short_keys(points, starts, lengths).tolist()
    assert min(keys[: len(keyed)]) >= 0 and len(set(keys[: len(keyed)])) == len(keyed)
    assert keys[len(keyed) :] == [-1] * len(unkeyed)


def test_key_tables_find_each_key_and_nothing_else() -> None:
    keys = np.array([-1, 0, 5, 7, 1 << 40, 12, -1, 3], dtype=np.int64)
    slots = np.zeros(3 + string_table.key_table_size(len(keys) - 2), dtype=np.int32)
    size = len(slots) - 3
    string_table.fill_key_table(keys, 2, len(keys) - 2, slots, 3, size)  # keys[2:] in slots[3:]
    found = [string_table.find_key(int(key), keys, 2, slots, 3, size) for key in keys[2:]]
    assert found == [0, 1, 2, 3, -1, 5]  # -1: not looked for
    assert [string_table.find_key(key, keys, 2, slots, 3, size) for key in (0, 4, 6, 1 << 41)] == [-1] * 4


@pytest.mark.parametrize("size, bound", [(0, 10), (1, 10), (20, 100), (33, 40), (500, 2048), (500, 2049),
                                         (3000, 600_000), (5000, 1 << 23)])
def test_column_sort_orders_like_numpy(size: int, bound: int) -> None:
    rng = np.random.default_rng(size + bound)
    keys = rng.choice(bound, size=size, replace=False).astype(np.int64)
    touched = np.concatenate([keys, np.full(7, -5, dtype=np.int64)])  # past ``size``: left alone
    kernels._sort_columns(touched, size, np.empty(size + 7, dtype=np.int64), bound)
    assert touched[:size].tolist() == sorted(keys.tolist())
    assert touched[size:].tolist() == [-5] * 7


def test_models_scored_together_clean_and_encode_each_text_once() -> None:
    first = _single({"word_ngrams": [1, 2], "char_ngrams": [2, 4]})
    second = _single({"word_ngrams": [1, 1], "char_ngrams": [3, 5]}, preprocess={"strip_furniture": True,
                                                                                 "stop_words": True})
    texts = _texts(single_label_rows(20, seed=5))
    with SharedTexts() as shared:
        together = [model.probabilities_of_inputs(texts, shared) for model in (first, second)]
        assert shared.steps == {"clean": 1, "encode": 1, "filter": 1}
    alone = [model.probabilities_via_matrix(texts) for model in (first, second)]
    for a, b in zip(together, alone):
        assert np.abs(a - b).max() <= 1e-6


def test_models_that_differ_in_outlet_masking_strip_furniture_once(monkeypatch) -> None:
    from arclassify.text import pipeline

    plain = _single({"word_ngrams": [1, 2], "char_ngrams": [2, 4]})
    masked = _single({"word_ngrams": [1, 1], "char_ngrams": [3, 4]}, preprocess={"strip_furniture": True,
                                                                                 "mask_outlets": True})
    texts = _texts(single_label_rows(20, seed=6))
    alone = [model.probabilities_via_matrix(texts) for model in (plain, masked)]
    calls = []
    original = pipeline.strip_furniture
    monkeypatch.setattr(pipeline, "strip_furniture", lambda text: calls.append(text) or original(text))
    with SharedTexts() as shared:
        together = [model.probabilities_of_inputs(texts, shared) for model in (masked, plain)]
    assert len(calls) == len(texts)
    for a, b in zip(together[::-1], alone):
        assert np.abs(a - b).max() <= 1e-6


def test_load_models_predicts_every_task(tmp_path) -> None:
    models = arclassify.load_models(arclassify.builtin_models())
    records = [{"id": "1", "title": "مناورات بحرية مشتركة", "text": "أجرت القوات البحرية مناورات مشتركة مع روسيا."}]
    predicted = models.predict(records)
    assert set(predicted[0]) == set(arclassify.builtin_models())
    proba = models.probabilities(records)
    for name in models.names:
        model = models.model(name)
        assert np.array_equal(proba[name], model.probabilities(records))
    with pytest.raises(ValueError, match="same task"):
        ModelSet([models[0], models[0]])
