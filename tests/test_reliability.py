"""Issue 14: never lose a user's files, never answer garbage silently, model files that are data.

One test (or a few) per numbered case of the issue, through the CLI (click's runner in-process,
or a subprocess where a real pipe or process matters), with small synthetic files in tmp_path.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import multi_label_rows, single_label_rows, write_jsonl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arclassify.cli import main

ARTICLE = "المباراة الفريق الهدف الدوري اللاعب في الملعب اليوم"


def run(*args: str | Path, input: str | bytes | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def strict_loads(line: str):
    def refuse(name: str):
        raise ValueError(f"non-strict JSON constant {name}")

    return json.loads(line, parse_constant=refuse)


def output_records(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n")
    return [strict_loads(line) for line in text.split("\n")[:-1]]  # JSON Lines end lines at \n only


def stdout_records(result) -> list[dict]:
    return [strict_loads(line) for line in result.stdout.split("\n") if line.strip()]


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def predict(model: Path, *args: str | Path, input: str | bytes | None = None):
    return run("predict", *args, "--model", model, "--quiet", input=input)


def articles(n: int, start: int = 0) -> list[dict]:
    return [{"id": f"a{start + i}", "text": ARTICLE} for i in range(n)]


def cp1256_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("cp1256"))
    return path


@pytest.fixture(scope="module")
def trained_multi(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("multi")
    data = write_jsonl(folder / "multi.jsonl", multi_label_rows())
    result = run("train", "--data", data, "--label-field", "topics", "--multi-label", "--cv", "0",
                 "-o", folder / "model")
    assert result.exit_code == 0, result.output
    return folder / "model"


def copy_model(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


# --- Data loss ------------------------------------------------------------------------------


def test_01_force_onto_the_current_folder_deletes_nothing(tmp_path: Path, monkeypatch) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", single_label_rows())
    (tmp_path / "metadata.json").write_text("{}", encoding="utf-8")  # even if it looks like a model folder
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("train", "--data", "train.jsonl", "--label-field", "label", "--cv", "0", "-o", ".", "--force")
    assert result.exit_code == 1, result.output
    assert "current folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert data.read_text(encoding="utf-8")
    # a parent of the current folder, spelt another way
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = run("train", "--data", "../train.jsonl", "--label-field", "label", "--cv", "0", "-o", "..", "--force")
    assert result.exit_code == 1 and "current folder" in result.stderr
    assert data.is_file()


def test_01_force_onto_the_folder_holding_the_data_deletes_nothing(tmp_path: Path, trained_single: Path) -> None:
    folder = copy_model(trained_single, tmp_path / "model")
    data = write_jsonl(folder / "train.jsonl", single_label_rows())
    result = run("train", "--data", data, "--label-field", "label", "--cv", "0", "-o", folder, "--force")
    assert result.exit_code == 1 and "training data" in result.stderr
    assert data.is_file() and (folder / "weights.npz").is_file()


def test_02_force_onto_a_folder_that_is_not_a_model_refuses(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", single_label_rows())
    target = tmp_path / "thesis"
    target.mkdir()
    (target / "chapter1.txt").write_text("precious", encoding="utf-8")
    result = run("train", "--data", data, "--label-field", "label", "--cv", "0", "-o", target, "--force")
    assert result.exit_code == 1
    assert "not a model folder" in result.stderr
    assert (target / "chapter1.txt").read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in target.iterdir()) == ["chapter1.txt"]


def test_02_force_onto_a_model_folder_replaces_it(tmp_path: Path, trained_single: Path) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", single_label_rows())
    folder = copy_model(trained_single, tmp_path / "model")
    before = (folder / "metadata.json").read_text(encoding="utf-8")
    result = run("train", "--data", data, "--label-field", "label", "--cv", "0", "-o", folder, "--force")
    assert result.exit_code == 0, result.output
    assert (folder / "metadata.json").read_text(encoding="utf-8") != before


def test_03_predict_onto_its_own_input_refuses(tmp_path: Path, trained_single: Path, monkeypatch) -> None:
    data = write_jsonl(tmp_path / "in.jsonl", articles(3))
    before = data.read_bytes()
    result = predict(trained_single, data, "-o", data)
    assert result.exit_code == 1 and "is the input" in result.stderr
    assert data.read_bytes() == before
    monkeypatch.chdir(tmp_path)
    result = predict(trained_single, "in.jsonl", "-o", "./sub/../in.jsonl")
    assert result.exit_code == 1 and data.read_bytes() == before


@pytest.mark.parametrize("kind", ["cp1256_csv", "binary", "empty_csv", "missing_field_csv"])
def test_04_an_unreadable_input_leaves_the_old_output_untouched(tmp_path: Path, trained_single: Path,
                                                                kind: str) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "old"}\n', encoding="utf-8")
    if kind == "cp1256_csv":
        data = tmp_path / "in.csv"
        data.write_bytes(f"id,text\n1,{ARTICLE}\n2,{ARTICLE}\n".encode("cp1256"))
    elif kind == "binary":
        data = tmp_path / "in.jsonl"
        data.write_bytes(bytes(range(256)) * 20)
    elif kind == "empty_csv":
        data = tmp_path / "in.csv"
        data.write_bytes(b"")
    else:
        data = tmp_path / "in.csv"
        data.write_text("id,body\n1,x\n", encoding="utf-8")
    result = predict(trained_single, data, "-o", out)
    no_traceback(result)
    assert result.exit_code == 1, result.output
    assert str(data.name) in result.stderr or "0 scored" in result.stderr
    assert out.read_text(encoding="utf-8") == '{"id": "old"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([data.name, "out.jsonl"])  # no temporary left


def test_04_a_good_run_replaces_the_output_and_leaves_no_temporary(tmp_path: Path, trained_single: Path) -> None:
    data = write_jsonl(tmp_path / "in.jsonl", articles(4))
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    result = predict(trained_single, data, "-o", out)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in output_records(out)] == ["a0", "a1", "a2", "a3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


# --- Silent wrong answers -------------------------------------------------------------------


def test_05_cp1256_json_lines_in_predict(tmp_path: Path, trained_single: Path) -> None:
    data = cp1256_jsonl(tmp_path / "in.jsonl", articles(3))
    result = predict(trained_single, data)
    no_traceback(result)
    assert result.exit_code == 1
    assert "0 scored, 3 failed" in result.stderr
    assert "utf-8" in result.stderr and "cp1256" in result.stderr and "line 1" in result.stderr
    records = stdout_records(result)
    assert len(records) == 3 and all("error" in r for r in records)
    result = predict(trained_single, data, "--encoding", "cp1256")
    assert result.exit_code == 0, result.output
    records = stdout_records(result)
    assert [r["id"] for r in records] == ["a0", "a1", "a2"] and all("section" in r for r in records)


def test_05_cp1256_in_train_and_evaluate(tmp_path: Path, trained_single: Path) -> None:
    data = cp1256_jsonl(tmp_path / "train.jsonl", single_label_rows())
    result = run("train", "--data", data, "--label-field", "label", "--cv", "0", "-o", tmp_path / "m")
    no_traceback(result)
    assert result.exit_code == 1 and "train.jsonl" in result.stderr and "cp1256" in result.stderr
    assert not (tmp_path / "m").exists()
    result = run("train", "--data", data, "--label-field", "label", "--cv", "0", "-o", tmp_path / "m",
                 "--encoding", "cp1256")
    assert result.exit_code == 0, result.output
    result = run("evaluate", trained_single, "--data", data)
    no_traceback(result)
    assert result.exit_code == 1 and "cp1256" in result.stderr and "line 1" in result.stderr
    result = run("evaluate", trained_single, "--data", data, "--encoding", "cp1256")
    assert result.exit_code == 0, result.output
    assert "accuracy" in result.stdout
    result = run("evaluate", trained_single, "--data", data, "--encoding", "no-such-codec")
    assert result.exit_code == 1 and "cp1256" in result.stderr


def _edit_labels(folder: Path, edit) -> None:
    path = folder / "metadata.json"
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["task"]["labels"] = edit(metadata["task"]["labels"])
    path.write_text(json.dumps(metadata, ensure_ascii=False, indent=2), encoding="utf-8")


def _swap_first_two(labels: dict) -> dict:
    items = list(labels.items())
    items[0], items[1] = items[1], items[0]
    return dict(items)


def _rename_first(labels: dict) -> dict:
    items = list(labels.items())
    items[0] = ("renamed", items[0][1])
    return dict(items)


@pytest.mark.parametrize("edit", [_swap_first_two, _rename_first, lambda labels: {**labels, "added": "new"},
                                  lambda labels: dict(list(labels.items())[1:])],
                         ids=["swap", "rename", "add", "drop"])
@pytest.mark.parametrize("which", ["multi", "single"])
def test_06_edited_labels_are_refused_by_name(tmp_path: Path, trained_multi: Path, trained_single: Path,
                                              edit, which: str) -> None:
    from arclassify import load_model
    from arclassify.errors import ModelFileError

    folder = copy_model(trained_multi if which == "multi" else trained_single, tmp_path / "model")
    load_model(str(folder))  # intact: loads
    _edit_labels(folder, edit)
    with pytest.raises(ModelFileError, match="labels"):
        load_model(str(folder))
    data = write_jsonl(tmp_path / "in.jsonl", articles(2))
    result = predict(folder, data)
    no_traceback(result)
    assert result.exit_code == 1 and "labels" in result.stderr and "metadata.json" in result.stderr
    assert result.stdout == ""


def test_06_an_edited_layout_or_task_setting_is_refused(tmp_path: Path, trained_multi: Path) -> None:
    from arclassify import load_model
    from arclassify.errors import ModelFileError

    folder = copy_model(trained_multi, tmp_path / "model")
    path = folder / "metadata.json"
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["layout"]["scorer"]["thresholds"][0] = 0.01
    path.write_text(json.dumps(metadata), encoding="utf-8")
    with pytest.raises(ModelFileError, match="'layout'"):
        load_model(str(folder))


def test_07_a_local_folder_named_like_a_builtin_does_not_hijack_task(tmp_path: Path, trained_single: Path,
                                                                     monkeypatch) -> None:
    from arclassify.models.builtin import builtin_names

    if "topic" not in builtin_names():
        pytest.skip("no built-in topic model")
    copy_model(trained_single, tmp_path / "topic")
    write_jsonl(tmp_path / "in.jsonl", articles(1))
    monkeypatch.chdir(tmp_path)
    result = run("predict", "in.jsonl", "--task", "topic", "--quiet")
    assert result.exit_code == 0, result.output
    record = stdout_records(result)[0]
    assert "topic" in record and "section" not in record
    assert "sport" not in record["topic_scores"]  # the built-in labels, not the local model's
    # --model always means a path, even one spelt like a built-in name
    result = run("predict", "in.jsonl", "--model", "topic", "--quiet")
    assert result.exit_code == 0, result.output
    record = stdout_records(result)[0]
    assert "section" in record and "topic" not in record
    # a plain file named like a built-in does not hijack it either
    shutil.rmtree(tmp_path / "topic")
    (tmp_path / "topic").write_text("not a model", encoding="utf-8")
    result = run("predict", "in.jsonl", "--task", "topic", "--quiet")
    assert result.exit_code == 0 and "topic" in stdout_records(result)[0]


def test_08_predict_text_field(tmp_path: Path, trained_single: Path) -> None:
    data = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "body": ARTICLE} for i in range(3)])
    result = predict(trained_single, data)
    assert result.exit_code == 1
    assert "no field 'text' or 'title'; fields present: id, body" in result.stderr
    assert "empty text" not in result.output
    result = predict(trained_single, data, "--text-field", "body")
    assert result.exit_code == 0, result.output
    assert all("section" in r and "error" not in r for r in stdout_records(result))


def test_09_nothing_scored_exits_1_and_counts_apart(tmp_path: Path, trained_single: Path) -> None:
    data = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "headline": "x"} for i in range(7)])
    result = predict(trained_single, data)
    assert result.exit_code == 1
    assert "0 scored, 7 failed" in result.stderr
    assert "records scored" not in result.stderr
    # gzip named .jsonl
    gz = tmp_path / "packed.jsonl"
    gz.write_bytes(gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in articles(50))))
    result = predict(trained_single, gz)
    no_traceback(result)
    assert result.exit_code == 1 and "0 scored" in result.stderr
    # partly scored: exit 0, counted apart
    data = write_jsonl(tmp_path / "mixed.jsonl", [*articles(2), {"id": "x", "headline": "x"}])
    result = predict(trained_single, data)
    assert result.exit_code == 0 and "2 scored, 1 failed" in result.stderr


def test_10_evaluate_with_labels_the_model_does_not_know(tmp_path: Path, trained_single: Path) -> None:
    rows = single_label_rows(30)
    rows += [{"id": f"w{i}", "text": ARTICLE, "label": "weather"} for i in range(4)]
    rows += [{"id": "c", "text": ARTICLE, "label": "culture"}]
    data = write_jsonl(tmp_path / "eval.jsonl", rows)
    result = run("evaluate", trained_single, "--data", data)
    assert result.exit_code == 0, result.output
    assert "Warning" in result.stderr and "'weather' (4)" in result.stderr and "'culture' (1)" in result.stderr
    data = write_jsonl(tmp_path / "none.jsonl", [{"id": i, "text": ARTICLE, "label": "weather"} for i in range(5)])
    result = run("evaluate", trained_single, "--data", data)
    no_traceback(result)
    assert result.exit_code == 1 and "none of the data's labels" in result.stderr and "'weather' (5)" in result.stderr
    assert "accuracy" not in result.stdout


def test_10_evaluate_multi_label_unknown_labels(tmp_path: Path, trained_multi: Path) -> None:
    rows = multi_label_rows(20)
    rows[0]["topics"] = ["sport", "weather"]
    data = write_jsonl(tmp_path / "eval.jsonl", rows)
    result = run("evaluate", trained_multi, "--data", data)
    assert result.exit_code == 0, result.output
    assert "'weather' (1)" in result.stderr
    data = write_jsonl(tmp_path / "none.jsonl", [{"text": ARTICLE, "topics": ["weather"]} for _ in range(3)])
    result = run("evaluate", trained_multi, "--data", data)
    no_traceback(result)
    assert result.exit_code == 1 and "none of the data's labels" in result.stderr


def test_11_csv_ids_stay_text(tmp_path: Path, trained_single: Path) -> None:
    data = tmp_path / "in.csv"
    data.write_text(f"id,text\n001,{ARTICLE}\n002,{ARTICLE}\nabc,{ARTICLE}\n10,{ARTICLE}\n", encoding="utf-8")
    result = predict(trained_single, data)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in stdout_records(result)] == ["001", "002", "abc", "10"]
    data = tmp_path / "in.tsv"
    data.write_text(f"id\ttext\n007\t{ARTICLE}\nNA\t{ARTICLE}\n", encoding="utf-8")
    result = predict(trained_single, data)
    assert [r["id"] for r in stdout_records(result)] == ["007", "NA"]


def test_11_non_finite_ids_and_fields_give_strict_json(tmp_path: Path, trained_single: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text(f'{{"id": NaN, "text": "{ARTICLE}", "x": Infinity}}\n'
                    f'{{"id": 1e400, "text": "{ARTICLE}", "x": -1e400}}\n'
                    f'{{"id": -Infinity, "text": 5}}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = predict(trained_single, data, "-o", out, "--keep", "x")
    assert result.exit_code == 0, result.output
    records = output_records(out)  # raises on NaN / Infinity
    assert len(records) == 3
    assert all(isinstance(r["id"], str) for r in records)
    assert records[0]["x"] is None and "error" in records[2]


# --- Tracebacks and crashes -----------------------------------------------------------------


def test_12_cv_1_is_a_usage_error(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", single_label_rows())
    result = run("train", "--data", data, "--label-field", "label", "--cv", "1", "-o", tmp_path / "m")
    assert result.exit_code == 2
    assert "--cv" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "m").exists()


def test_12_lone_surrogates_do_not_abort(tmp_path: Path, trained_single: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text('{"id": "\\ud800", "text": "' + ARTICLE + '"}\n'
                    '{"id": "ok", "text": "\\udfff ' + ARTICLE + '", "k": "\\ud83d"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = predict(trained_single, data, "-o", out, "--keep", "k")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    records = output_records(out)
    assert records[0]["id"] == "\ud800" and "section" in records[0]
    assert records[1]["id"] == "ok" and records[1]["k"] == "\ud83d"
    result = predict(trained_single, data)  # to stdout too
    assert result.exit_code == 0 and len(stdout_records(result)) == 2


def test_12_a_deeply_nested_line_is_an_error_record(tmp_path: Path, trained_single: Path) -> None:
    depth = 200_000
    data = tmp_path / "in.jsonl"
    with open(data, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(articles(1)[0]) + "\n")
        handle.write('{"id": "deep", "text": ' + "[" * depth + "]" * depth + "}\n")
        handle.write("[" * depth + "]" * depth + "\n")
        handle.write(json.dumps(articles(1, start=1)[0]) + "\n")
    out = tmp_path / "out.jsonl"
    result = predict(trained_single, data, "-o", out)
    no_traceback(result)
    assert result.exit_code == 0, result.output
    records = output_records(out)
    assert len(records) == 4
    assert records[0]["id"] == "a0" and "section" in records[0]
    assert "error" in records[1] and records[1]["line"] == 2
    assert "error" in records[2] and records[2]["line"] == 3
    assert records[3]["id"] == "a1" and "section" in records[3]


def test_12_train_and_evaluate_on_undecodable_or_nested_data(tmp_path: Path, trained_single: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_bytes(json.dumps(single_label_rows(1)[0]).encode() + b"\n" + b'{"id": "x", "text": "\xff\xfe"}\n')
    for args in (("train", "--data", data, "--label-field", "label", "--cv", "0", "-o", tmp_path / "m"),
                 ("evaluate", trained_single, "--data", data)):
        result = run(*args)
        no_traceback(result)
        assert result.exit_code == 1 and "line 2" in result.stderr, result.output
    deep = tmp_path / "deep.jsonl"
    deep.write_text(json.dumps(single_label_rows(1)[0]) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n",
                    encoding="utf-8")
    result = run("evaluate", trained_single, "--data", deep)
    no_traceback(result)
    assert result.exit_code == 1 and "line 2" in result.stderr, result.output


def _gzip_truncated(path: Path, n: int) -> Path:
    lines = b"".join(json.dumps(r).encode() + b"\n" for r in articles(n))
    packed = gzip.compress(lines)
    path.write_bytes(packed[: len(packed) * 2 // 3])
    return path


def test_13_a_truncated_gzip_names_the_file_and_keeps_what_was_scored(tmp_path: Path, trained_single: Path) -> None:
    data = _gzip_truncated(tmp_path / "in.jsonl.gz", 3000)
    result = predict(trained_single, data, "--chunk-size", "100")
    no_traceback(result)
    assert result.exit_code == 1
    assert "in.jsonl.gz" in result.stderr and "Aborted" not in result.output
    assert "end" in result.stderr  # the reason: it cannot be read to its end
    kept = stdout_records(result)
    assert kept and all("section" in r for r in kept)
    out = tmp_path / "out.jsonl"
    result = predict(trained_single, data, "--chunk-size", "100", "-o", out)
    assert result.exit_code == 1 and "in.jsonl.gz" in result.stderr
    assert out.is_file() and len(output_records(out)) == len(kept)
    assert str(len(kept)) in result.stderr


def test_14_a_bom_keeps_the_first_record(tmp_path: Path, trained_single: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_bytes(b"\xef\xbb\xbf" + "".join(json.dumps(r) + "\n" for r in articles(2)).encode("utf-8"))
    result = predict(trained_single, data)
    assert result.exit_code == 0, result.output
    records = stdout_records(result)
    assert [r["id"] for r in records] == ["a0", "a1"] and all("section" in r for r in records)
    gz = tmp_path / "in.jsonl.gz"
    gz.write_bytes(gzip.compress(data.read_bytes()))
    result = predict(trained_single, gz)
    assert [r["id"] for r in stdout_records(result)] == ["a0", "a1"]


def test_15_a_json_array_scores_in_predict(tmp_path: Path, trained_single: Path) -> None:
    data = tmp_path / "in.json"
    data.write_text(json.dumps([*articles(3), 5], ensure_ascii=False, indent=2), encoding="utf-8")
    result = predict(trained_single, data)
    assert result.exit_code == 0, result.output
    records = stdout_records(result)
    assert [r.get("id") for r in records[:3]] == ["a0", "a1", "a2"]
    assert all("section" in r for r in records[:3]) and records[3]["row"] == 4 and "error" in records[3]
    result = run("train", "--data", data.with_name("train.json"), "--label-field", "label", "-o", tmp_path / "m")
    assert result.exit_code == 1  # (no such file: sanity of the error path)
    train_data = tmp_path / "train.json"
    train_data.write_text(json.dumps(single_label_rows(), ensure_ascii=False), encoding="utf-8")
    result = run("train", "--data", train_data, "--label-field", "label", "--cv", "0", "-o", tmp_path / "m")
    assert result.exit_code == 0, result.output


def test_16_jobs_are_capped_at_the_core_count(tmp_path: Path, trained_single: Path, monkeypatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    data = write_jsonl(tmp_path / "in.jsonl", articles(5))
    result = predict(trained_single, data, "--jobs", "64")
    assert result.exit_code == 0, result.output
    assert "--jobs 64" in result.stderr and "using 2" in result.stderr
    assert result.stderr.count("--jobs 64") == 1
    assert len(stdout_records(result)) == 5
    train_data = write_jsonl(tmp_path / "train.jsonl", single_label_rows())
    result = run("train", "--data", train_data, "--label-field", "label", "--cv", "2", "--jobs", "64",
                 "-o", tmp_path / "m")
    assert result.exit_code == 0, result.output
    assert "Warning: --jobs 64" in result.stderr and "using 2" in result.stderr


def test_17_a_closed_pipe_ends_quietly(tmp_path: Path, trained_single: Path) -> None:
    data = write_jsonl(tmp_path / "in.jsonl", articles(20_000))
    command = f"'{sys.executable}' -m arclassify predict '{data}' --model '{trained_single}' --quiet | head -1"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 1 and strict_loads(done.stdout)["id"] == "a0"
    assert "Error" not in done.stderr and "Traceback" not in done.stderr and "Broken pipe" not in done.stderr, \
        done.stderr
    # and the command itself exits 0
    command = f"set -o pipefail; '{sys.executable}' -m arclassify predict '{data}' --model '{trained_single}' --quiet | head -1"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


# --- 18: smaller ----------------------------------------------------------------------------


def test_18_a_missing_id_field_warns_once(tmp_path: Path, trained_single: Path) -> None:
    data = write_jsonl(tmp_path / "in.jsonl", articles(30))
    result = predict(trained_single, data, "--id-field", "doc_id", "--chunk-size", "4")
    assert result.exit_code == 0
    assert result.stderr.count("'doc_id'") == 1 and "Warning" in result.stderr
    assert all(r["id"] is None for r in stdout_records(result))
    result = predict(trained_single, data)
    assert "Warning" not in result.stderr


def test_18_model_folders_are_readable_by_others(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", single_label_rows())
    old_umask = os.umask(0o022)
    try:
        result = run("train", "--data", data, "--label-field", "label", "--cv", "0", "-o", tmp_path / "m")
    finally:
        os.umask(old_umask)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "m"
    assert folder.stat().st_mode & 0o055 == 0o055
    for name in ("metadata.json", "weights.npz"):
        assert (folder / name).stat().st_mode & 0o044 == 0o044


def test_18_stale_staging_folders_are_removed(tmp_path: Path, trained_single: Path) -> None:
    from arclassify import load_model
    from arclassify.models.folders import save_model

    stale = tmp_path / ".m.abc123.staging"
    fresh = tmp_path / ".m.def456.staging"
    other = tmp_path / ".other.abc.staging"
    for folder in (stale, fresh, other):
        folder.mkdir()
        (folder / "weights.npz").write_bytes(b"partial")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    save_model(load_model(str(trained_single)), tmp_path / "m")
    assert not stale.exists()
    assert fresh.exists()  # a save that may still be running is left alone
    assert other.exists()  # another model's
    assert (tmp_path / "m" / "metadata.json").is_file()
    assert not list(tmp_path.glob(".m.*.old"))


def test_18_newer_format_is_refused_and_newer_version_warns(tmp_path: Path, trained_single: Path) -> None:
    from arclassify import load_model
    from arclassify.errors import ModelFileError
    from arclassify.models.folders import ModelVersionWarning

    folder = copy_model(trained_single, tmp_path / "newer")
    path = folder / "metadata.json"
    metadata = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**metadata, "arclassify_version": "99.0.0"}), encoding="utf-8")
    with pytest.warns(ModelVersionWarning, match="99.0.0"):
        load_model(str(folder))
    data = write_jsonl(tmp_path / "in.jsonl", articles(1))
    result = predict(folder, data)
    assert result.exit_code == 0 and "99.0.0" in result.stderr
    path.write_text(json.dumps({**metadata, "format_version": 4}), encoding="utf-8")
    with pytest.raises(ModelFileError, match="newer"):
        load_model(str(folder))
    result = predict(folder, data)
    assert result.exit_code == 1 and "upgrade arclassify" in result.stderr


@pytest.mark.parametrize("name", ["report.json", "report.html"])
def test_18_evaluate_report_into_a_missing_folder(tmp_path: Path, trained_single: Path, name: str) -> None:
    if name.endswith(".html"):
        pytest.importorskip("matplotlib")
    data = write_jsonl(tmp_path / "eval.jsonl", single_label_rows(30))
    report = tmp_path / "new" / "deeper" / name
    result = run("evaluate", trained_single, "--data", data, "--report", report)
    assert result.exit_code == 0, result.output
    assert report.is_file()
    if name.endswith(".json"):
        assert "macro" in json.loads(report.read_text(encoding="utf-8"))


def test_18_evaluate_report_that_cannot_be_written_fails_before_the_work(tmp_path: Path, trained_single: Path) -> None:
    data = write_jsonl(tmp_path / "eval.jsonl", single_label_rows(30))
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = run("evaluate", trained_single, "--data", data, "--report", tmp_path / "afile" / "r.json")
    no_traceback(result)
    assert result.exit_code in (1, 2) and "afile" in result.stderr
    assert "accuracy" not in result.stdout  # no work done


def test_18_a_folder_given_as_input(tmp_path: Path, trained_single: Path) -> None:
    (tmp_path / "articles").mkdir()
    result = predict(trained_single, tmp_path / "articles")
    assert result.exit_code == 1 and "is a folder" in result.stderr and "no such file" not in result.stderr
    result = predict(trained_single, tmp_path / "missing.jsonl")
    assert result.exit_code == 1 and "no such file" in result.stderr


# --- Model files that run no code: 0.1 folders and `arclassify convert` ------------------------


def _legacy_folder(folder: Path, estimator_file: str = "estimator.joblib"):
    import joblib

    from arclassify.config.schema import TaskSchema
    from arclassify.data.examples import read_examples
    from arclassify.train import build_pipeline, compact, encode_targets

    folder.mkdir()
    data = write_jsonl(folder.parent / "legacy-train.jsonl", single_label_rows())
    schema = TaskSchema.from_dict({"name": "section", "kind": "single_label", "model": {"cv_folds": 0}})
    examples = read_examples(data)
    schema = schema.with_labels(sorted(set(examples.labels)))
    pipeline = build_pipeline(schema).fit(examples.inputs(), encode_targets(examples.labels, schema))
    compact(pipeline.named_steps["classifier"])
    estimator = folder / estimator_file
    estimator.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(pipeline, estimator)
    metadata = {
        "task": schema.to_dict(),
        "labels": schema.label_names,
        "unknown_threshold": 0.0,
        "estimator_file": estimator_file,
        "estimator_sha256": hashlib.sha256(estimator.read_bytes()).hexdigest(),
        "format_version": 1,
        "arclassify_version": "0.1.0",
    }
    (folder / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    return pipeline, examples, schema


def test_convert_a_legacy_folder(tmp_path: Path) -> None:
    from arclassify import load_model
    from arclassify.errors import ModelFileError

    old = tmp_path / "old"
    pipeline, examples, schema = _legacy_folder(old)
    # loading the 0.1 folder directly is refused, and says how to convert it
    with pytest.raises(ModelFileError, match="arclassify convert"):
        load_model(str(old))
    data = write_jsonl(tmp_path / "in.jsonl", articles(2))
    result = predict(old, data)
    assert result.exit_code == 1 and "arclassify convert" in result.stderr and "pickle" in result.stderr
    new = tmp_path / "new"
    result = run("convert", old, new)
    assert result.exit_code == 0, result.output
    assert "unpickl" in result.output.lower() and "trust" in result.output.lower()
    model = load_model(str(new))
    assert model.labels == schema.label_names
    expected = pipeline.predict_proba(examples.inputs())
    classes = list(pipeline.named_steps["classifier"].classes_)
    expected = expected[:, [classes.index(label) for label in model.labels]]
    got = model.probabilities(examples.inputs())
    assert abs(got - expected).max() < 1e-6
    assert not (new / "estimator.joblib").exists()
    meta = json.loads((new / "metadata.json").read_text(encoding="utf-8"))
    assert meta["format_version"] == 2 and "estimator_sha256" not in meta
    result = predict(new, data)
    assert result.exit_code == 0 and len(stdout_records(result)) == 2


def test_convert_refuses_a_non_empty_target_and_bad_sources(tmp_path: Path, trained_single: Path) -> None:
    old = tmp_path / "old"
    _legacy_folder(old)
    target = tmp_path / "taken"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("convert", old, target)
    no_traceback(result)
    assert result.exit_code == 1 and "not an empty folder" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["keep.txt"]
    (tmp_path / "empty").mkdir()
    assert run("convert", old, tmp_path / "empty").exit_code == 0
    # a folder that is already data-only, and a missing one
    result = run("convert", trained_single, tmp_path / "again")
    assert result.exit_code == 1 and "0.1" in result.stderr
    result = run("convert", tmp_path / "missing", tmp_path / "again")
    assert result.exit_code == 1 and not (tmp_path / "again").exists()
    # a tampered pickle is not unpickled
    with open(old / "estimator.joblib", "ab") as handle:
        handle.write(b"x")
    result = run("convert", old, tmp_path / "tampered")
    assert result.exit_code == 1 and "sha256" in result.stderr and not (tmp_path / "tampered").exists()


def test_18_legacy_estimator_file_is_confined_to_the_folder(tmp_path: Path) -> None:
    old = tmp_path / "old"
    _legacy_folder(old)
    shutil.move(old / "estimator.joblib", tmp_path / "outside.joblib")
    path = old / "metadata.json"
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["estimator_file"] = "../outside.joblib"
    path.write_text(json.dumps(metadata), encoding="utf-8")
    result = run("convert", old, tmp_path / "new")
    assert result.exit_code == 1 and "inside the model folder" in result.stderr
    assert not (tmp_path / "new").exists()


# --- Hypothesis: random bytes and random JSON into predict --------------------------------------

JSON_SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
                | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
SURROGATE_ESCAPES = st.sampled_from(["\\ud800", "\\udfff", "\\ud83d", "\\udc00x", "\\u0000", "\\ud83d\\ude00"])


def _encode(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


@st.composite
def json_line(draw) -> str:
    """One line: a record with random fields, a text (maybe with escaped surrogates), or any JSON value."""
    kind = draw(st.sampled_from(["record", "record", "value", "garbage"]))
    if kind == "value":
        return _encode(draw(JSON_VALUES))
    if kind == "garbage":
        return draw(st.text(max_size=30).filter(lambda s: "\n" not in s and "\r" not in s
                                                and "\x0b" not in s and "\x0c" not in s and "\x1c" not in s
                                                and "\x1d" not in s and "\x1e" not in s and "\x85" not in s
                                                and "\u2028" not in s and "\u2029" not in s))
    fields = draw(st.dictionaries(st.sampled_from(["id", "title", "text", "body", "x"]), JSON_VALUES, max_size=4))
    body = _encode(fields)[1:-1]
    text = draw(st.text(max_size=40))
    escaped = _encode(text)[1:-1] + draw(st.lists(SURROGATE_ESCAPES, max_size=2).map("".join))
    extra = f'"text": "{ARTICLE} {escaped}"'
    return "{" + (body + ", " if body else "") + extra + "}" if draw(st.booleans()) else "{" + body + "}"


def _check_predict_output(result, out: Path, expected_lines: int | None) -> None:
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    if result.exit_code == 0 and expected_lines is not None:
        records = output_records(out)  # strict JSON Lines
        assert len(records) == expected_lines
        positions = [r["line"] for r in records if "line" in r]
        assert positions == sorted(positions)
    if out.exists():
        output_records(out)
    if result.exit_code == 1:
        assert "Error" in result.stderr or "0 scored" in result.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(lines=st.lists(json_line(), max_size=12), crlf=st.booleans())
def test_hypothesis_random_json_lines(tmp_path_factory, trained_single: Path, lines: list[str], crlf: bool) -> None:
    folder = tmp_path_factory.mktemp("hyp")
    data = folder / "in.jsonl"
    newline = "\r\n" if crlf else "\n"
    data.write_bytes("".join(line + newline for line in lines).encode("utf-8", "surrogatepass"))
    out = folder / "out.jsonl"
    result = run("predict", data, "--model", trained_single, "--quiet", "-o", out)
    present = [line for line in lines if line.encode("utf-8", "surrogatepass").strip()]
    array = bool(lines) and lines[0].lstrip().startswith("[")
    _check_predict_output(result, out, None if array else len(present))
    if result.exit_code == 0 and not array:
        for line, record in zip(present, output_records(out)):
            assert ("error" in record) or ("section" in record and "section_scores" in record), (line, record)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(raw=st.binary(max_size=600), suffix=st.sampled_from([".jsonl", ".json", ".csv", ".jsonl.gz", ".tsv"]))
def test_hypothesis_random_bytes(tmp_path_factory, trained_single: Path, raw: bytes, suffix: str) -> None:
    folder = tmp_path_factory.mktemp("hypb")
    data = folder / f"in{suffix}"
    data.write_bytes(raw)
    out = folder / "out.jsonl"
    result = run("predict", data, "--model", trained_single, "--quiet", "-o", out)
    expected = None
    if suffix == ".jsonl":
        expected = sum(1 for line in raw.split(b"\n") if line.strip())
        if raw.startswith(b"\xef\xbb\xbf") or raw.lstrip().startswith(b"["):
            expected = None
    _check_predict_output(result, out, expected)
