import json
from pathlib import Path

from click.testing import CliRunner
from conftest import multi_label_rows, single_label_rows, write_jsonl

from arclassify.cli import main

TOPIC_SCHEMA = """
name = "topics"
kind = "multi_label"
label_field = "topics"
text_fields = ["text"]
[labels]
sport = "Sport"
economy = "Economy"
politics = "Politics"
[model]
cv_folds = 3
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_train_evaluate_info_predict(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", single_label_rows(90))
    model = tmp_path / "model"
    result = run("train", "--data", str(data), "--label-field", "label", "--cv", "3", "-o", str(model))
    assert result.exit_code == 0, result.output
    assert "macro F1" in result.output and (model / "metadata.json").is_file()

    test = write_jsonl(tmp_path / "test.jsonl", single_label_rows(30, seed=7))
    report = tmp_path / "report.json"
    result = run("evaluate", str(model), "--data", str(test), "--report", str(report))
    assert result.exit_code == 0, result.output
    assert "macro avg" in result.output and "confusion matrix" in result.output
    figures = json.loads(report.read_text())
    assert figures["macro"]["f1"] > 0.8 and figures["n"] == 30

    result = run("info", str(model))
    assert result.exit_code == 0 and "model: label (single-label)" in result.output

    out = tmp_path / "out.jsonl"
    result = run("predict", str(test), "--model", str(model), "-o", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 30 and records[0]["id"] == "doc0" and "label_scores" in records[0]


def test_train_with_schema_multi_label(tmp_path: Path) -> None:
    schema = tmp_path / "topics.toml"
    schema.write_text(TOPIC_SCHEMA, encoding="utf-8")
    data = write_jsonl(tmp_path / "train.jsonl", multi_label_rows(120))
    result = run("train", "--data", str(data), "--task", str(schema), "-o", str(tmp_path / "m"))
    assert result.exit_code == 0, result.output
    metadata = json.loads((tmp_path / "m" / "metadata.json").read_text())
    assert metadata["task"]["kind"] == "multi_label" and set(metadata["thresholds"]) == {"sport", "economy", "politics"}


def test_train_cross_validates_by_group(tmp_path: Path) -> None:
    rows = [{**row, "outlet": f"site{i % 4}"} for i, row in enumerate(single_label_rows(90))]
    data = write_jsonl(tmp_path / "train.jsonl", rows)
    result = run("train", "--data", str(data), "--label-field", "label", "--cv", "3", "--group-field", "outlet",
                 "-o", str(tmp_path / "m"))
    assert result.exit_code == 0, result.output
    metadata = json.loads((tmp_path / "m" / "metadata.json").read_text())
    assert metadata["cv_metrics"]["method"].startswith("3-fold cross-validation by group (4 groups")

    rows[5]["outlet"] = ""
    data = write_jsonl(tmp_path / "gap.jsonl", rows)
    result = run("train", "--data", str(data), "--label-field", "label", "--group-field", "outlet", "-o", str(tmp_path / "g"))
    assert result.exit_code != 0 and "no group (field outlet)" in result.output and "row 6 (line 6)" in result.output
    result = run("train", "--data", str(data), "--label-field", "label", "--group-field", "site", "-o", str(tmp_path / "h"))
    assert result.exit_code != 0 and "no group field 'site'" in result.output
    assert not (tmp_path / "g").exists() and not (tmp_path / "h").exists()


def test_predict_from_stdin_to_stdout(tmp_path: Path, trained_single: Path) -> None:
    stdin = json.dumps({"id": "x", "text": "فاز الفريق بالمباراة"}, ensure_ascii=False) + "\n"
    result = CliRunner().invoke(main, ["predict", "-", "--model", str(trained_single), "--quiet"], input=stdin)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["section"] == "sport"


def test_data_errors_exit_1_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "أ", "label": "x"}\n{"text": \n', encoding="utf-8")
    result = run("train", "--data", str(bad), "--label-field", "label", "-o", str(tmp_path / "m"))
    assert result.exit_code == 1
    assert "Error:" in result.output and "line 2, column" in result.output and "Traceback" not in result.output

    result = run("evaluate", str(tmp_path / "missing-model"), "--data", str(bad))
    assert result.exit_code == 1 and "no such model folder" in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", single_label_rows(30))
    assert run("train", "--data", str(data), "-o", str(tmp_path / "m")).exit_code == 2  # no label field
    assert run("predict", str(data)).exit_code == 2  # no model
    assert run("predict", str(data), "--task", "weather").exit_code == 2
    assert run("train", "--data", str(data), "--label-field", "label", "--cv", "-1", "-o", "x").exit_code == 2


def test_existing_model_folder_needs_force(tmp_path: Path, trained_single: Path) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", single_label_rows(90))
    before = (trained_single / "metadata.json").read_text()
    result = run("train", "--data", str(data), "--label-field", "label", "--cv", "0", "-o", str(trained_single))
    assert result.exit_code == 1 and "--force" in result.output
    assert (trained_single / "metadata.json").read_text() == before


def test_strict_predict_exits_1_on_unscorable_records(tmp_path: Path, trained_single: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text('{"id": 1, "text": ""}\n', encoding="utf-8")
    result = run("predict", str(data), "--model", str(trained_single), "--strict", "--quiet")
    assert result.exit_code == 1 and '"error"' in result.stdout
