"""The novelty score: texts of sources a single-label model never saw, and its place in model files."""

import json
import random
from pathlib import Path

import numpy as np
import pytest
from conftest import COMMON, VOCABULARY, single_label_rows
from scipy.special import expit

from arclassify.config.schema import TaskSchema
from arclassify.data.examples import Examples
from arclassify.errors import ConfigError, ModelFileError
from arclassify.features.shared import SharedTexts
from arclassify.models.folders import METADATA_FILE, load_model_folder, save_model
from arclassify.models.novelty import NoveltyScore, entropy, fit_novelty, novelty_signs
from arclassify.train import fit, held_out_group_signs

UNSEEN_TEXT = "قطار سريع يعبر الجسر الحديدي فوق النهر الواسع"  # no word of the fixtures' vocabulary


def _schema(threshold: float = 0.0) -> TaskSchema:
    return TaskSchema.from_dict({"name": "section", "kind": "single_label", "text_fields": ["text"],
                                 "features": {"char_ngrams": []},
                                 "model": {"cv_folds": 0, "unknown_threshold": threshold}})


def _model(threshold: float = 0.0):
    rows = single_label_rows(90)
    schema = _schema(threshold).with_labels(sorted(VOCABULARY))
    return fit(schema, [r["text"] for r in rows], [r["label"] for r in rows])


def _sources_rows(per_source: int = 30) -> list[dict]:
    """Six sources, each writing with its own half of a section's words."""
    rng = random.Random(3)
    rows = []
    for label, words in VOCABULARY.items():
        for half in (0, 1):
            own = words[half * 5 : half * 5 + 5]
            for i in range(per_source):
                tokens = [rng.choice(own) if rng.random() < 0.5 else rng.choice(COMMON) for _ in range(30)]
                rows.append({"id": f"{label}{half}-{i}", "text": " ".join(tokens), "source": f"{label}{half}"})
    return rows


def test_entropy_and_signs() -> None:
    proba = np.array([[1.0, 0.0], [0.5, 0.5]])
    assert np.allclose(entropy(proba), [0.0, np.log(2)])
    assert np.allclose(novelty_signs(proba, np.array([1.0, 0.25])), [[0.0, 0.0], [np.log(2), 0.75]])


def test_score_scales_probabilities_by_the_known_share() -> None:
    score = NoveltyScore(entropy=0.0, uncovered=10.0, bias=-5.0)
    proba = np.array([[0.8, 0.2], [0.8, 0.2]], dtype=np.float32)
    scaled = score.scale(proba, np.array([1.0, 0.0]))
    assert scaled.dtype == np.float32
    assert np.allclose(scaled.sum(axis=1), [1 - expit(-5.0), 1 - expit(5.0)], atol=1e-6)
    assert np.allclose(scaled[:, 0] / scaled[:, 1], 4.0)  # the order of the labels is kept


def test_fit_novelty_weighs_a_sign_with_a_small_range_fully() -> None:
    rng = np.random.default_rng(0)
    unseen = np.repeat([0, 1], 200)
    signs = np.column_stack([rng.normal(1.0, 0.5, 400), np.where(unseen == 1, 0.02, 0.01) + rng.normal(0, 0.001, 400)])
    score = fit_novelty(signs, unseen)
    found = score.unseen(np.full((400, 2), 0.5), 1.0 - signs[:, 1])  # the entropy of (0.5, 0.5) for all
    assert found[unseen == 1].min() > 0.9 and found[unseen == 0].max() < 0.1
    with pytest.raises(ValueError, match="both"):
        fit_novelty(signs, np.ones(400))


def test_word_coverage() -> None:
    model = _model()
    texts = [single_label_rows(1, seed=5)[0]["text"], UNSEEN_TEXT, "", UNSEEN_TEXT + " " + " ".join(COMMON[:9])]
    with SharedTexts() as shared:
        coverage = model.features.word_coverage(texts, shared)
    assert coverage[0] == 1.0 and coverage[1] == 0.0 and coverage[2] == 1.0
    assert coverage[3] == pytest.approx(9 / 17)  # 8 unseen words, 9 known


def test_a_model_with_novelty_answers_unknown_for_unseen_words(tmp_path: Path) -> None:
    model = _model(threshold=0.5).with_novelty(NoveltyScore(entropy=0.0, uncovered=10.0, bias=-5.0))
    known = single_label_rows(6, seed=7)
    texts = [r["text"] for r in known] + [UNSEEN_TEXT]
    proba = model.probabilities(texts)
    assert np.all(proba.sum(axis=1)[:-1] > 0.99) and proba[-1].sum() < 0.01
    assert np.allclose(proba, model.probabilities_via_matrix(texts), atol=1e-6)
    assert model.predict(texts) == [r["label"] for r in known] + ["unknown"]

    folder = save_model(model, tmp_path / "m")
    metadata = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    assert metadata["format_version"] == 3 and metadata["layout"]["novelty"]["uncovered"] == 10.0
    loaded = load_model_folder(folder)
    assert loaded.novelty == model.novelty
    assert np.array_equal(loaded.probabilities(texts), proba)

    metadata["layout"]["novelty"]["bias"] = 0.0  # a changed novelty score would change the answers
    (folder / METADATA_FILE).write_text(json.dumps(metadata), encoding="utf-8")
    with pytest.raises(ModelFileError, match="layout"):
        load_model_folder(folder)


@pytest.mark.parametrize("value", [{"entropy": 1.0, "uncovered": 2.0}, {"entropy": 1.0, "uncovered": "x", "bias": 0},
                                   {"entropy": float("nan"), "uncovered": 1.0, "bias": 0.0}, [1, 2, 3]])
def test_a_malformed_novelty_score_is_refused(value) -> None:
    with pytest.raises(ModelFileError, match="novelty"):
        NoveltyScore.from_dict(value, "m/metadata.json")


def test_novelty_needs_a_single_label_model_with_words() -> None:
    multi = TaskSchema.from_dict({"name": "topics", "kind": "multi_label", "labels": ["sport", "economy"],
                                  "model": {"cv_folds": 0}})
    rows = [{"text": r["text"], "topics": [r["label"]] if r["label"] != "politics" else []}
            for r in single_label_rows(60)]
    model = fit(multi, [r["text"] for r in rows], [r["topics"] for r in rows])
    with pytest.raises(TypeError, match="single-label"):
        model.with_novelty(NoveltyScore(0.0, 1.0, 0.0))


def test_held_out_sources_give_the_signs_of_unseen_sources() -> None:
    rows = _sources_rows()
    examples = Examples(source="fixture", ids=[r["id"] for r in rows], texts=[r["text"] for r in rows],
                        labels=[r["source"] for r in rows], rows=list(range(1, len(rows) + 1)))
    signs, marks = held_out_group_signs(_schema(), examples, examples.labels, folds=3)  # labels from the data
    assert int(marks.sum()) == len(rows)  # every source is held out once
    assert len(signs) == len(marks) and signs.shape[1] == 2
    # Held-out sources' own words are missing from the fold models' vocabularies.
    assert signs[marks == 1, 1].mean() > signs[marks == 0, 1].mean() + 0.1
    score = fit_novelty(signs, marks)
    assert score.uncovered > 0
    with pytest.raises(ConfigError, match="groups"):
        held_out_group_signs(_schema(), examples, ["a", "b"] * (len(rows) // 2), folds=3)
