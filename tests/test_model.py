import json
from pathlib import Path

import numpy as np
import pytest
from conftest import multi_label_rows, single_label_rows, write_jsonl

import arclassify
from arclassify.config.schema import TaskSchema
from arclassify.data.examples import Examples, read_examples
from arclassify.errors import ConfigError, DataError, ModelFileError
from arclassify.models.folders import (
    METADATA_FILE,
    ModelVersionWarning,
    load_model_folder,
    save_model,
)
from arclassify.train import cross_validate, train


def _examples(tmp_path: Path, rows: list[dict], **options):
    return read_examples(write_jsonl(tmp_path / "data.jsonl", rows), **options)


@pytest.mark.parametrize("model_type", ["logreg", "svm", "sgd"])
def test_single_label_models_learn_and_predict(tmp_path: Path, model_type: str) -> None:
    schema = TaskSchema.from_dict({"name": "section", "kind": "single_label", "model": {"type": model_type, "cv_folds": 3}})
    model = train(schema, _examples(tmp_path, single_label_rows(90)))
    test = single_label_rows(30, seed=99)
    predicted = model.predict([r["title"] + "\n" + r["text"] for r in test])
    assert np.mean([p == r["label"] for p, r in zip(predicted, test)]) > 0.9
    cv = model.metadata["cv_metrics"]
    assert cv["folds"] == 3 and cv["macro_f1"]["mean"] > 0.8
    assert sum(sum(row) for row in cv["confusion"]["matrix"]) == 90
    proba = model.predict_proba(test[:2])  # records work too
    assert set(proba[0]) == {"sport", "economy", "politics"} and abs(sum(proba[0].values()) - 1) < 1e-6


def test_unknown_below_threshold(tmp_path: Path) -> None:
    schema = TaskSchema.from_dict({"name": "section", "kind": "single_label",
                                   "model": {"cv_folds": 0, "unknown_threshold": 0.9}})
    model = train(schema, _examples(tmp_path, single_label_rows(60)))
    assert model.predict(["نص لا علاقة له بأي قسم على الإطلاق"]) == ["unknown"]


def test_multi_label_with_tuned_thresholds(tmp_path: Path) -> None:
    schema = TaskSchema.from_dict({"name": "topics", "kind": "multi_label", "label_field": "topics",
                                   "model": {"cv_folds": 3}})
    examples = _examples(tmp_path, multi_label_rows(150), label_field="topics", multi_label=True)
    model = train(schema, examples)
    assert model.labels == ["economy", "politics", "sport"]  # taken from the data
    thresholds = model.metadata["thresholds"]
    assert set(thresholds) == set(model.labels) and all(0 < t < 1 for t in thresholds.values())
    test = multi_label_rows(40, seed=5)
    predicted = model.predict([r["text"] for r in test])
    exact = np.mean([sorted(p) == sorted(r["topics"]) for p, r in zip(predicted, test)])
    assert exact > 0.6
    assert "exact_match" in model.metadata["cv_metrics"]


def test_explain_names_ngrams_for_vocabulary_and_hashing(tmp_path: Path) -> None:
    rows = single_label_rows(90)
    for hashing in (False, True):
        features = {"hashing": hashing, "char_ngrams": [3, 4], **({"n_features": 2**18} if hashing else {})}
        schema = TaskSchema.from_dict({"name": "s", "kind": "single_label",
                                       "features": features,
                                       "model": {"cv_folds": 0}})
        model = train(schema, _examples(tmp_path, rows))
        text = "فاز الفريق في المباراة وسجل اللاعب الهدف"
        explanation = model.explain(text, top=5)
        assert list(explanation) == ["sport"]
        features = [e["feature"] for e in explanation["sport"]]
        assert len(features) == 5 and not any(f.startswith("#") for f in features), features
        assert any(f in {"الفريق", "المباراه", "الهدف", "اللاعب"} for f in features)
        weights = [e["weight"] for e in explanation["sport"]]
        assert weights == sorted(weights, reverse=True) and weights[-1] > 0


def test_save_load_and_checksum(tmp_path: Path, trained_single: Path) -> None:
    model = arclassify.load_model(str(trained_single))
    assert model.name == "section" and model.predict(["الفريق فاز بالمباراة"]) == ["sport"]
    metadata = json.loads((trained_single / METADATA_FILE).read_text())
    assert metadata["training_data"]["rows"] == 90 and len(metadata["training_data"]["sha256"]) == 64
    assert metadata["sklearn_version"] and metadata["cv_metrics"]["folds"] == 3

    tampered = tmp_path / "tampered"
    save_model(model, tampered)
    with open(tampered / "weights.npz", "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelFileError, match="sha256 mismatch"):
        load_model_folder(tampered)


def test_version_mismatch_warns(tmp_path: Path, trained_single: Path) -> None:
    model = load_model_folder(trained_single)
    model.metadata = {**model.metadata, "sklearn_version": "0.0.1"}
    save_model(model, tmp_path / "old")
    with pytest.warns(ModelVersionWarning, match="scikit-learn 0.0.1"):
        load_model_folder(tmp_path / "old")


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="no such model folder"):
        arclassify.load_model(str(tmp_path / "nope"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelFileError, match=r"metadata\.json is missing"):
        load_model_folder(tmp_path / "empty")


def test_training_refuses_bad_labels(tmp_path: Path) -> None:
    rows = single_label_rows(30)
    schema = TaskSchema.from_dict({"name": "s", "kind": "single_label", "labels": {"sport": "", "economy": ""}})
    with pytest.raises(DataError, match="outside the task's label set"):
        train(schema, _examples(tmp_path, rows))


def test_training_is_deterministic(tmp_path: Path) -> None:
    schema = TaskSchema.from_dict({"name": "s", "kind": "single_label", "model": {"cv_folds": 3}})
    examples = _examples(tmp_path, single_label_rows(60))
    first, second = train(schema, examples), train(schema, examples)
    texts = ["المباراة انتهت بالتعادل", "ارتفعت الأسهم في البورصة"]
    assert np.allclose(first.probabilities(texts), second.probabilities(texts))
    assert first.metadata["cv_metrics"] == second.metadata["cv_metrics"]


def test_cross_validation_by_group_holds_whole_groups_out() -> None:
    # Each source writes about one subject only and signs with a word of its own: plain folds learn
    # the signatures, folds that hold whole sources out cannot.
    rng = np.random.default_rng(0)
    sources = [f"source{i}" for i in range(6)]
    signatures = ["قناة", "جريدة", "موقع", "وكالة", "نشرة", "منصة"]
    common = ["خبر", "اليوم", "قال", "بيان", "مصدر", "تقرير", "جديد", "رسمي"]
    examples = Examples(source="fixture")
    groups = []
    for number, (source, signature) in enumerate(zip(sources, signatures)):
        label = ("sport", "economy", "politics")[number % 3]
        for i in range(20):
            words = [signature] * 3 + list(rng.choice(common, size=8))
            examples.ids.append(f"{source}-{i}")
            examples.texts.append(" ".join(words))
            examples.labels.append(label)
            examples.rows.append(len(examples.rows) + 1)
            groups.append(source)
    schema = TaskSchema.from_dict({"name": "section", "kind": "single_label",
                                   "labels": {"sport": "", "economy": "", "politics": ""},
                                   "features": {"char_ngrams": [], "min_df": 1}, "model": {"cv_folds": 3}})
    plain = cross_validate(schema, examples)
    grouped = cross_validate(schema, examples, groups=groups)
    assert plain["macro_f1"]["mean"] > 0.9
    assert grouped["macro_f1"]["mean"] < 0.5
    assert "by group (6 groups" in grouped["method"]
    with pytest.raises(ConfigError, match="at least 3 groups"):
        cross_validate(schema, examples, groups=["a", "b"] * 60)


def test_training_only_examples_join_every_fit_and_are_never_scored() -> None:
    rows = single_label_rows(60)
    examples = Examples(source="fixture", ids=[r["id"] for r in rows], texts=[r["text"] for r in rows],
                        labels=[r["label"] for r in rows], rows=list(range(1, 61)))
    # A word no gold row holds, always with `economy` in the training-only rows.
    extra = Examples(source="extra", ids=[f"x{i}" for i in range(12)], texts=["القمر والنجوم في المدار"] * 12,
                     labels=["economy"] * 12, rows=list(range(1, 13)))
    schema = TaskSchema.from_dict({"name": "section", "kind": "single_label",
                                   "labels": {"sport": "", "economy": "", "politics": ""},
                                   "features": {"char_ngrams": [], "min_df": 1}, "model": {"cv_folds": 3}})
    cv = cross_validate(schema, examples, train_only=extra)
    assert sum(map(sum, cv["confusion"]["matrix"])) == 60  # only the gold rows were scored
    assert "12 training-only examples (extra)" in cv["method"]
    plain, with_extra = train(schema, examples, cv_folds=0), train(schema, examples, cv_folds=0, train_only=extra)
    economy = schema.label_names.index("economy")
    assert with_extra.probabilities(["القمر في المدار"])[0, economy] > 0.8
    assert plain.probabilities(["القمر في المدار"])[0, economy] < 0.6
    assert with_extra.metadata["training_only_data"]["rows"] == 12
    bad = Examples(source="extra.jsonl", ids=["x"], texts=["نص"], labels=["weather"], rows=[7])
    with pytest.raises(DataError, match=r"(?s)extra\.jsonl.*row 7.*weather"):
        train(schema, examples, cv_folds=0, train_only=bad)


def test_training_only_examples_of_a_multi_label_task() -> None:
    rows = multi_label_rows(60)
    examples = Examples(source="fixture", ids=[r["id"] for r in rows], texts=[r["text"] for r in rows],
                        labels=[r["topics"] for r in rows], rows=list(range(1, 61)))
    extra = Examples(source="extra", ids=["x1", "x2"], texts=["القمر والنجوم", "البورصة والقمر"],
                     labels=[[], ["economy"]], rows=[1, 2])
    schema = TaskSchema.from_dict({"name": "sections", "kind": "multi_label", "label_field": "topics",
                                   "labels": {"sport": "", "economy": "", "politics": ""},
                                   "features": {"char_ngrams": [], "min_df": 1}, "model": {"cv_folds": 3}})
    model = train(schema, examples, train_only=extra)
    assert model.metadata["training_only_data"]["rows"] == 2
    assert "2 training-only examples" in model.metadata["cv_metrics"]["method"]


def test_thresholds_can_be_replaced_and_are_saved(tmp_path: Path) -> None:
    rows = multi_label_rows(60)
    examples = Examples(source="fixture", ids=[r["id"] for r in rows], texts=[r["text"] for r in rows],
                        labels=[r["topics"] for r in rows], rows=list(range(1, 61)))
    schema = TaskSchema.from_dict({"name": "sections", "kind": "multi_label", "label_field": "topics",
                                   "labels": {"sport": "", "economy": "", "politics": ""},
                                   "features": {"char_ngrams": [], "min_df": 1}, "model": {"cv_folds": 3}})
    model = train(schema, examples, cv_folds=0)
    texts = [r["text"] for r in multi_label_rows(20, seed=5)]
    eager = model.with_thresholds({"sport": 0.01, "economy": 0.01, "politics": 0.01})
    assert eager.thresholds == {"sport": 0.01, "economy": 0.01, "politics": 0.01}
    assert all(labels == ["sport", "economy", "politics"] for labels in eager.predict(texts))
    assert model.thresholds != eager.thresholds  # the original is unchanged
    save_model(eager, tmp_path / "eager")
    assert arclassify.load_model(str(tmp_path / "eager")).predict(texts) == eager.predict(texts)
    with pytest.raises(ValueError, match="each of"):
        model.with_thresholds({"sport": 0.5})
    with pytest.raises(ValueError, match="in \\(0, 1\\)"):
        model.with_thresholds({"sport": 0.5, "economy": 1.5, "politics": 0.5})
