import io
import json
from pathlib import Path

import pytest

from arclassify import load_model
from arclassify.errors import DataError
from arclassify.predict import InputReader, Progress, parse_json_lines, score_stream


def _lines(rows: list) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)


def test_parse_json_lines_reports_line_numbers() -> None:
    items = list(parse_json_lines(io.StringIO('{"id": 1}\n\n[1, 2]\n{oops\n{"id": 2}\n')))
    assert [(i.position, i.error is None) for i in items] == [(1, True), (3, False), (4, False), (5, True)]
    assert "expected a JSON object" in items[1].error and "malformed JSON at column 2" in items[2].error


@pytest.mark.parametrize("jobs", [1, 2])
def test_score_stream_keeps_order_ids_and_errors(tmp_path: Path, trained_single: Path, jobs: int) -> None:
    rows = [{"id": f"r{i}", "text": "فاز الفريق بالمباراة" if i % 2 else "ارتفعت الأسهم في البورصة"} for i in range(23)]
    rows[5] = {"id": "empty", "text": ""}
    rows[9] = "{not json"
    rows[12] = {"id": "number", "text": 42}
    path = tmp_path / "in.jsonl"
    path.write_text(_lines(rows), encoding="utf-8")
    out = io.StringIO()
    summary = score_stream(InputReader(str(path)), out.write, [str(trained_single)], id_field="id", chunk_size=4, jobs=jobs)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert summary.records == 23 and summary.errors == 3 and len(records) == 23
    assert records[0] == {"id": "r0", "section": "economy", "section_scores": records[0]["section_scores"]}
    assert records[1]["section"] == "sport"
    assert set(records[1]["section_scores"]) == {"sport", "economy", "politics"}
    assert records[5] == {"id": "empty", "line": 6, "error": "section: empty text (fields: text)"}
    assert records[9]["line"] == 10 and "malformed JSON" in records[9]["error"]
    assert records[12]["line"] == 13 and "not text" in records[12]["error"]
    assert [r.get("id") for r in records[13:]] == [f"r{i}" for i in range(13, 23)]


def test_csv_input_is_streamed(tmp_path: Path, trained_single: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,title,text\na,عنوان,فاز الفريق بالمباراة\nb,عنوان,ارتفعت الأسهم\n", encoding="utf-8")
    out = io.StringIO()
    score_stream(InputReader(str(path)), out.write, [str(trained_single)])
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["a", "b"]


def test_missing_input_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        InputReader(str(tmp_path / "absent.jsonl"))


def test_progress_line() -> None:
    stream = io.StringIO()
    Progress(True, stream).update(1500, 50, 100, final=True)
    assert "1,500 records" in stream.getvalue() and "50%" in stream.getvalue()  # a tqdm bar


def test_multiple_models_each_add_their_fields(tmp_path: Path, trained_single: Path) -> None:
    model = load_model(str(trained_single))
    other = tmp_path / "other"
    from arclassify.models.folders import save_model

    model.metadata = {**model.metadata, "task": {**model.metadata["task"], "name": "section2"}}
    save_model(model, other)
    out = io.StringIO()
    path = tmp_path / "in.jsonl"
    path.write_text(_lines([{"id": 1, "text": "فاز الفريق"}]), encoding="utf-8")
    score_stream(InputReader(str(path)), out.write, [str(trained_single), str(other)])
    record = json.loads(out.getvalue())
    assert {"section", "section2", "section_scores", "section2_scores"} <= set(record)
