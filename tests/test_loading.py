import json
from pathlib import Path

import pytest
from conftest import single_label_rows, write_jsonl

from arclassify.config.schema import TaskSchema
from arclassify.data.checks import check_training_labels
from arclassify.data.examples import read_examples
from arclassify.data.tables import load_table
from arclassify.errors import DataError


@pytest.fixture
def rows() -> list[dict]:
    return single_label_rows(12)


def test_formats(tmp_path: Path, rows: list[dict]) -> None:
    import gzip

    import pandas as pd

    frame = pd.DataFrame(rows)
    write_jsonl(tmp_path / "a.jsonl", rows)
    with gzip.open(tmp_path / "a.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    (tmp_path / "a.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    frame.to_csv(tmp_path / "a.csv", index=False)
    frame.to_csv(tmp_path / "a.tsv", index=False, sep="\t")
    frame.to_parquet(tmp_path / "a.parquet")
    load_table(tmp_path / "a.csv").save_to_disk(str(tmp_path / "saved"))
    for name in ["a.jsonl", "a.jsonl.gz", "a.json", "a.csv", "a.tsv", "a.parquet", "saved"]:
        examples = read_examples(tmp_path / name)
        assert examples.labels == [r["label"] for r in rows], name
        assert examples.texts[0] == rows[0]["title"] + "\n" + rows[0]["text"], name
        assert examples.ids[3] == "doc3", name


def test_local_files_load_offline(tmp_path: Path, rows: list[dict], monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    assert len(read_examples(write_jsonl(tmp_path / "a.jsonl", rows))) == len(rows)


def test_nested_fields_and_list_labels(tmp_path: Path) -> None:
    data = [{"id": i, "body": f"نص رقم {i}", "meta": {"tags": ["a", "b"] if i % 2 else "b|c"}} for i in range(6)]
    examples = read_examples(write_jsonl(tmp_path / "n.jsonl", data), text_fields=["body"],
                             label_field="meta.tags", multi_label=True)
    assert examples.labels[:2] == [["b", "c"], ["a", "b"]]


def test_malformed_json_line_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "أ", "label": "x"}\n\n{"text": "ب", "label": }\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"bad.jsonl: line 3, column 24"):
        read_examples(path)


def test_row_problems_are_reported_together(tmp_path: Path) -> None:
    data = [{"id": "a", "text": "نص", "label": "x"}, {"id": "b", "text": "  ", "label": "x"},
            {"id": "c", "text": 5, "label": "y"}, {"id": "d", "text": "نص", "label": None}]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in data[:2]) + "\n\n" + "\n".join(json.dumps(r) for r in data[2:]) + "\n")
    with pytest.raises(DataError) as error:
        read_examples(path)
    message = str(error.value)
    assert "rows.jsonl" in message
    assert "empty text" in message and "row 2 (line 2)" in message
    assert "not a string" in message or "not text" in message
    assert "row 3 (line 4)" in message and "no label" in message and "row 4 (line 5)" in message


def test_missing_fields(tmp_path: Path, rows: list[dict]) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", rows)
    with pytest.raises(DataError, match="no label field 'section'; the data has the fields id, title, text, label"):
        read_examples(path, label_field="section")
    with pytest.raises(DataError, match="no text field 'body'"):
        read_examples(path, text_fields=["body"])
    with pytest.raises(DataError, match="no such file"):
        read_examples(tmp_path / "nothing.jsonl")
    with pytest.raises(DataError, match="cannot tell the file type"):
        (tmp_path / "data.xlsx").write_text("x")
        read_examples(tmp_path / "data.xlsx")


def _schema(**model) -> TaskSchema:
    return TaskSchema.from_dict({"name": "t", "kind": "single_label", "labels": {"sport": "", "economy": "", "politics": ""},
                                 "model": {"cv_folds": 3, **model}})


def test_label_outside_schema_is_named(tmp_path: Path, rows: list[dict]) -> None:
    rows[4]["label"] = "weather"
    examples = read_examples(write_jsonl(tmp_path / "a.jsonl", rows))
    with pytest.raises(DataError, match=r"(?s)labels outside.*row 5 \(line 5\): 'weather'"):
        check_training_labels(examples, _schema())


def test_too_few_examples_and_single_class(tmp_path: Path, rows: list[dict]) -> None:
    examples = read_examples(write_jsonl(tmp_path / "a.jsonl", rows))
    with pytest.raises(DataError, match=r"(?s)at least 5 examples; too few for 'economy': 4 \(rows 2, 5, 8, 11\)"):
        check_training_labels(examples, _schema(min_examples=5))
    for r in rows:
        r["label"] = "sport"
    examples = read_examples(write_jsonl(tmp_path / "b.jsonl", rows))
    with pytest.raises(DataError, match="same label 'sport'"):
        check_training_labels(examples, _schema())


def test_a_model_field_missing_from_the_data_is_skipped_when_another_is_there(tmp_path: Path) -> None:
    rows = [{"id": "a", "text": "نص أول", "label": "x"}, {"id": "b", "text": "نص ثان", "label": "y"}]
    path = write_jsonl(tmp_path / "only_text.jsonl", rows)
    examples = read_examples(path, text_fields=["title", "text"])
    assert examples.texts == ["نص أول", "نص ثان"]
    with pytest.raises(DataError, match="no text field 'title'"):
        read_examples(path, text_fields=["title", "body"])
