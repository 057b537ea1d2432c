"""Scoring on a real dask.distributed LocalCluster (2 worker processes), no mocks; and predict --resume."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_text, single_label_rows, write_jsonl

from arclassify.cli import main
from arclassify.predict import InputReader, score_stream

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.distributed

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def slow_rows(n: int, prefix: str, seed: int) -> list[dict]:
    """Articles with many distinct made-up words: each costs the analyser real work (no memo hits)."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        noise = "".join(rng.choices(LETTERS, k=6 * 60))
        words = [noise[j : j + 6] for j in range(0, len(noise), 6)]
        rows.append({"id": f"{prefix}-{i}", "title": "خبر", "text": make_text(rng, ["sport"], 15) + " " + " ".join(words)})
    return rows


def write_shards(folder: Path, count: int, size: int, slow: bool = False) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in range(count):
        rows = slow_rows(size, f"s{s}", s) if slow else single_label_rows(size, seed=s)
        if not slow:
            for row in rows:
                row["id"] = f"s{s}-{row['id']}"
        paths.append(write_jsonl(folder / f"shard-{s:02d}.jsonl", rows))
    return paths


def read_ids(folder: Path) -> list[str]:
    return [json.loads(line)["id"] for part in sorted(folder.glob("part-*.jsonl")) for line in part.read_text().splitlines()]


@pytest.fixture(scope="module")
def client():
    from arclassify.distributed import open_client

    with open_client("local:2") as client:  # the cluster --scheduler local:2 starts
        yield client


def single_machine(path: Path, refs: list[str]) -> list[dict]:
    out = io.StringIO()
    score_stream(InputReader(str(path)), out.write, refs)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_importing_the_subpackage_does_not_import_dask() -> None:
    code = "import sys, arclassify.distributed, arclassify.cli.predict; print('dask' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_local_workers_run_without_the_sampling_profiler(client) -> None:
    import dask

    found = client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
    assert list(found.values()) == [False, False]


def test_cluster_output_equals_single_process_output(tmp_path: Path, client, trained_single: Path) -> None:
    from arclassify.distributed import score_partitions

    shards = write_shards(tmp_path / "in", 3, 40)
    with shards[1].open("a", encoding="utf-8") as handle:  # bad records: as on one machine, an error field each
        handle.write('{not json\n{"id": "empty", "text": ""}\n')
    (tmp_path / "in" / "broken.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    summary = score_partitions(str(tmp_path / "in"), tmp_path / "out", [str(trained_single)], client)
    assert summary.partitions == 4 and summary.done == 3 and summary.records == 122 and summary.errors == 2
    assert [Path(shard).name for shard, _ in summary.failed] == ["broken.jsonl.gz"] and not summary.complete
    parts = sorted((tmp_path / "out").glob("part-*.jsonl"))
    assert [p.name for p in parts] == ["part-00001.jsonl", "part-00002.jsonl", "part-00003.jsonl"]  # 0 is broken
    for shard, part in zip(shards, parts):
        assert [json.loads(line) for line in part.read_text().splitlines()] == single_machine(shard, [str(trained_single)])
    assert not list((tmp_path / "out").glob(".part-*"))  # no temporary file left


def test_parquet_output_and_resume_skips_done_partitions(tmp_path: Path, client, trained_single: Path) -> None:
    import pyarrow.parquet as pq

    from arclassify.distributed import score_partitions

    write_shards(tmp_path / "in", 2, 20)
    first = score_partitions(str(tmp_path / "in" / "*.jsonl"), tmp_path / "out", [str(trained_single)], client, fmt="parquet")
    assert first.complete and first.records == 40
    table = pq.read_table(tmp_path / "out" / "part-00000.parquet").to_pylist()
    assert [row["id"] for row in table] == [f"s0-doc{i}" for i in range(20)] and "sport" in table[1]["section_scores"]
    again = score_partitions(str(tmp_path / "in" / "*.jsonl"), tmp_path / "out", [str(trained_single)], client,
                             fmt="parquet", resume=True)
    assert again.skipped == 2 and again.done == 0 and again.records == 40 and again.complete


def test_predict_dataframe_adds_columns_lazily(tmp_path: Path, client, trained_single: Path) -> None:
    import dask.dataframe as dd
    import pandas as pd

    from arclassify.distributed import predict_dataframe

    rows = single_label_rows(30, seed=3)
    frame = pd.DataFrame(rows)[["id", "title", "text"]]
    frame.loc[4, "text"] = ""
    frame.loc[4, "title"] = None
    ddf = predict_dataframe(dd.from_pandas(frame, npartitions=3), models=[str(trained_single)])
    assert list(ddf.columns) == ["id", "title", "text", "section", "section_scores", "error"]
    scored = ddf.compute()
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    expected = single_machine(write_jsonl(tmp_path / "rows.jsonl", records), [str(trained_single)])
    assert scored["section"].tolist() == [r.get("section") for r in expected]
    assert scored["section_scores"].tolist() == [r.get("section_scores") for r in expected]
    assert scored.loc[4, "error"].startswith("section: empty text") and scored.loc[4, "section"] is None
    assert scored["error"].isna().sum() == 29
    with pytest.raises(ValueError, match="already has column"):
        predict_dataframe(dd.from_pandas(frame.rename(columns={"title": "section"}), npartitions=1),
                          models=[str(trained_single)])


def test_a_killed_worker_is_replaced_and_every_id_is_written_once(tmp_path: Path, client, trained_single: Path) -> None:
    from arclassify.distributed import score_partitions

    write_shards(tmp_path / "in", 8, 700, slow=True)
    before = client.run(os.getpid)
    killed: list[int] = []

    def kill_the_other_worker(result) -> None:
        if not killed:  # the first partition is back: the other worker is busy with its own
            victim = next(pid for pid in before.values() if pid != result.worker_pid)
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    summary = score_partitions(str(tmp_path / "in"), tmp_path / "out", [str(trained_single)], client,
                               on_result=kill_the_other_worker)
    assert killed and summary.complete and summary.done == 8 and summary.records == 8 * 700
    ids = read_ids(tmp_path / "out")
    assert len(ids) == len(set(ids)) == 8 * 700
    assert set(ids) == {f"s{s}-{i}" for s in range(8) for i in range(700)}
    client.wait_for_workers(2, timeout=30)
    assert killed[0] not in client.run(os.getpid).values()  # the nanny started a new worker process


def test_cli_killed_half_way_then_resumed(tmp_path: Path, trained_single: Path) -> None:
    write_shards(tmp_path / "in", 10, 500, slow=True)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "arclassify", "predict", str(tmp_path / "in"), "--model", str(trained_single),
               "--scheduler", "local:2", "-o", str(out), "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not list(out.glob("part-*.jsonl")) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the cluster's processes, started in the run's own session
    done = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.glob("part-*.jsonl")}
    assert 1 <= len(done) < 10, "the run was to be killed half-way"

    again = subprocess.run(command + ["--resume"], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"{len(done)} done before (--resume)" in again.stderr
    for name, identity in done.items():
        path = out / name
        assert (path.stat().st_ino, path.stat().st_mtime_ns) == identity  # not recomputed
    ids = read_ids(out)
    assert len(ids) == len(set(ids)) == 10 * 500
    assert not list(out.glob(".part-*"))


def test_cli_scheduler_exit_code_and_usage(tmp_path: Path, trained_single: Path) -> None:
    write_shards(tmp_path / "in", 1, 5)
    runner = CliRunner()
    two = [str(tmp_path / "in" / "shard-00.jsonl")] * 2
    result = runner.invoke(main, ["predict", *two, "--model", str(trained_single)])
    assert result.exit_code == 2 and "--scheduler" in result.output
    result = runner.invoke(main, ["predict", two[0], "--model", str(trained_single), "--scheduler", "local:x", "-o", "o"])
    assert result.exit_code == 1 and "local:N" in result.output


def test_single_machine_resume_appends_the_rest(tmp_path: Path, trained_single: Path) -> None:
    data = write_jsonl(tmp_path / "in.jsonl", single_label_rows(30, seed=4))
    full, partial = tmp_path / "full.jsonl", tmp_path / "partial.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["predict", str(data), "--model", str(trained_single), "-o", str(full), "--quiet"]).exit_code == 0
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    partial.write_text("".join(lines[:12]) + lines[12][:25], encoding="utf-8")  # killed while writing line 13
    inode = partial.stat().st_ino
    result = runner.invoke(main, ["predict", str(data), "--model", str(trained_single), "-o", str(partial), "--resume"])
    assert result.exit_code == 0, result.output
    assert "12 records already" in result.output and "18 scored" in result.output
    assert partial.read_text(encoding="utf-8") == full.read_text(encoding="utf-8") and partial.stat().st_ino == inode

    other = write_jsonl(tmp_path / "other.jsonl", single_label_rows(30, seed=9))
    write_jsonl(other, [{**row, "id": f"x{i}"} for i, row in enumerate(single_label_rows(30, seed=9))])
    partial.write_text("".join(lines[:5]), encoding="utf-8")
    result = runner.invoke(main, ["predict", str(other), "--model", str(trained_single), "-o", str(partial), "--resume"])
    assert result.exit_code == 1 and "not a partial output of this input" in result.output
