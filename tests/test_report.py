"""``predict --keep``, ``arclassify report`` and ``evaluate --report *.html``: small scores files written here."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from arclassify.cli import main
from arclassify.scoring import InputItem, kept_fields, score_chunk

from conftest import single_label_rows, write_jsonl


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# --- predict --keep -------------------------------------------------------------------------------

def test_kept_fields_copies_values_and_gives_null_when_missing() -> None:
    record = {"id": "a", "date": "2021-03-02", "meta": {"source": "wire"}}
    assert kept_fields(record, ["date", "meta.source", "url"]) == {"date": "2021-03-02", "meta.source": "wire", "url": None}
    assert kept_fields(None, ["date"]) == {"date": None}


def test_score_chunk_keeps_fields_also_on_errors(trained_single: Path) -> None:
    from arclassify import load_model

    model = load_model(str(trained_single))
    items = [InputItem(1, {"id": "a", "text": "المباراة الفريق الهدف", "date": "2021-01-05"}),
             InputItem(2, {"id": "b", "text": "", "date": "2021-01-06"}),
             InputItem(3, None, "malformed JSON at column 1: x")]
    out = score_chunk([model], items, "id", "line", keep=("date", "url"))
    assert out[0]["date"] == "2021-01-05" and out[0]["url"] is None and out[0][model.name] == "sport"
    assert out[1]["date"] == "2021-01-06" and "error" in out[1] and model.name not in out[1]
    assert out[2]["date"] is None and out[2]["line"] == 3


def test_predict_keep_cli_and_refused_names(tmp_path: Path, trained_single: Path) -> None:
    rows = single_label_rows(6)
    for i, row in enumerate(rows):
        row["date"] = f"2021-01-0{i + 1}"
    data = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    result = run("predict", str(data), "--model", str(trained_single), "--keep", "date", "--keep", "url",
                 "-o", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["date"] for r in records] == [f"2021-01-0{i + 1}" for i in range(6)]
    assert all(r["url"] is None and "section" in r for r in records)
    for clash in ("id", "section", "section_scores", "error"):
        result = run("predict", str(data), "--model", str(trained_single), "--keep", clash, "--quiet")
        assert result.exit_code == 2 and "--keep" in result.output and repr(clash) in result.output
