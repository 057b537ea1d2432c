"""The models that ship inside the package work out of the box."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import arclassify
from arclassify.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"
TASKS = {"topic", "outlet", "stance"}


def test_three_builtin_models_ship() -> None:
    assert set(arclassify.builtin_models()) == TASKS


@pytest.mark.parametrize("task", sorted(TASKS))
def test_builtin_model_predicts_its_own_labels(task: str) -> None:
    model = arclassify.load_model(task)
    records = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines()]
    predicted = model.predict(records)
    allowed = set(model.labels) | {"unknown"}
    for answer in predicted:
        assert (set(answer) <= allowed) if isinstance(answer, list) else answer in allowed
    assert model.metadata["training_data"]["rows"] > 1000
    assert model.metadata["cv_metrics"]["folds"] >= 3


def test_readme_main_command_scores_the_examples_with_all_tasks(tmp_path: Path) -> None:
    out = tmp_path / "scores.jsonl"
    result = CliRunner().invoke(main, ["predict", str(EXAMPLES), "--task", "all", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [f"ex-{i:02d}" for i in range(1, 9)]
    for record in records:
        assert {"topic", "topic_scores", "outlet", "outlet_scores", "stance", "stance_scores"} <= set(record)
        assert isinstance(record["topic"], list)


def test_topic_model_gets_the_clear_examples_right() -> None:
    model = arclassify.load_model("topic")
    records = {r["id"]: r for r in map(json.loads, EXAMPLES.read_text(encoding="utf-8").splitlines())}
    predicted = dict(zip(records, model.predict(list(records.values()))))
    assert "exercises" in predicted["ex-01"]
    assert "diplomacy" in predicted["ex-02"]
    assert "arms_trade" in predicted["ex-04"]
    assert "exercises" not in predicted["ex-05"]  # football training is not a military exercise


def test_info_of_a_builtin_model() -> None:
    result = CliRunner().invoke(main, ["info", "outlet"])
    assert result.exit_code == 0 and "unknown" in result.output


def test_stance_model_separates_russia_from_the_rest() -> None:
    model = arclassify.load_model("stance")
    records = {r["id"]: r for r in map(json.loads, EXAMPLES.read_text(encoding="utf-8").splitlines())}
    predicted = dict(zip(records, model.predict(list(records.values()))))
    assert predicted["ex-05"] == "unrelated"  # football
    assert predicted["ex-08"] == "unrelated"  # parliament and local elections
    assert predicted["ex-07"] != "unrelated"  # the Russian defence ministry on its warships


def test_a_loaded_model_pickles_to_the_same_answers() -> None:
    # Loaded models hold the plain feature classes (no scikit-learn base): they still pickle, as
    # --jobs and Dask workers need, and keep the packed n-gram vocabulary packed.
    import pickle

    import numpy as np

    from arclassify import load_model
    from arclassify.text.packed import PackedStrings

    texts = ["أجرت القوات الروسية مناورات مشتركة مع سوريا قرب طرطوس.", "ارتفعت أسعار النفط في الأسواق اليوم."]
    for name in ("stance", "topic"):
        model = load_model(name)
        copy = pickle.loads(pickle.dumps(model))
        assert np.array_equal(copy.probabilities(texts), model.probabilities(texts))
        vectorizer = copy.features.text_ if hasattr(copy.features, "text_") else copy.features
        assert isinstance(vectorizer.char_grams_, PackedStrings) and type(vectorizer).__name__ == "NgramTfidf"
