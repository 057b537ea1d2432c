from pathlib import Path

import pytest

from arclassify.config.schema import TaskSchema
from arclassify.errors import ConfigError

SCHEMA = """
name = "section"
kind = "single_label"
description = "Newspaper section"
text_fields = ["title", "text"]
label_field = "section"

[labels]
sport = "Sport news"
economy = "Economy news"

[preprocess]
stop_words = true
[preprocess.normalize]
ta_marbuta_to_heh = false

[features]
word_ngrams = [1, 2]
char_ngrams = [2, 4]

[model]
type = "svm"
C = 1
"""


def test_schema_from_toml_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "section.toml"
    path.write_text(SCHEMA, encoding="utf-8")
    schema = TaskSchema.from_toml(path)
    assert schema.label_names == ["sport", "economy"]
    assert schema.preprocess.stop_words and not schema.preprocess.normalize.ta_marbuta_to_heh
    assert schema.features.char_ngrams == (2, 4) and schema.model.C == 1.0
    assert TaskSchema.from_dict(schema.to_dict()) == schema


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kind": "multi"}, "kind must be one of"),
        ({"model": {"type": "forest"}}, "type must be one of"),
        ({"model": {"C": "strong"}}, "wrong type"),
        ({"features": {"word_ngrams": [], "char_ngrams": []}}, "both empty"),
        ({"features": {"char_ngrams": [5, 2]}}, "low <= high"),
        ({"preprocess": {"normalize": {"tashkeel": True}}}, "unknown option 'tashkeel'"),
        ({"colour": "red"}, "unknown option 'colour'"),
        ({"labels": {"unknown": "x", "a": "y"}}, "reserved"),
        ({"model": {"unknown_threshold": 1.5}}, "unknown_threshold"),
    ],
)
def test_schema_errors_name_the_problem(change: dict, message: str) -> None:
    values = {"name": "t", "kind": "single_label", "labels": {"a": "", "b": ""}, **change}
    with pytest.raises(ConfigError, match=message):
        TaskSchema.from_dict(values)


def test_toml_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("name = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml: not valid TOML"):
        TaskSchema.from_toml(path)
    path.write_text('name = "x"\nkind = "single_label"\n[model]\ntype = "tree"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.toml: \[model\]: type"):
        TaskSchema.from_toml(path)
    with pytest.raises(ConfigError, match="not found"):
        TaskSchema.from_toml(tmp_path / "missing.toml")


def test_shipped_schemas_are_valid() -> None:
    for path in sorted((Path(__file__).resolve().parents[1] / "labels").glob("*.toml")):
        TaskSchema.from_toml(path)


def test_options_a_task_does_not_use_are_refused_by_name() -> None:
    base = {"name": "t", "kind": "single_label", "labels": {"a": "", "b": ""}}
    with pytest.raises(ConfigError, match=r"\[features\] n_features \(used only by hashing = true\)"):
        TaskSchema.from_dict({**base, "features": {"n_features": 1024}})
    with pytest.raises(ConfigError, match=r"\[features\] char_ngrams"):
        TaskSchema.from_dict({**base, "pair_field": "claim", "features": {"char_ngrams": [2, 4]}})
    with pytest.raises(ConfigError, match=r"\[model\] threshold_cv"):
        TaskSchema.from_dict({**base, "model": {"threshold_cv": 5}})
    with pytest.raises(ConfigError, match="word_ngrams"):
        TaskSchema.from_dict({**base, "features": {"word_ngrams": [1, 4]}})
    with pytest.raises(ConfigError, match="set one"):
        TaskSchema.from_dict({**base, "features": {"focus_lexicon": "russia", "lead_sentences": 2}})
    TaskSchema.from_dict({**base, "features": {"focus_lexicon": "russia", "focus_window": 0}})
