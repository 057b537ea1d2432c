"""Score input shards on a Dask cluster, one output file per partition, resumable.

Each shard is one partition and one task; the task carries paths and model references, the
worker loads the models once. A worker that dies is replaced by Dask and its task rerun; a
partition's file appears only when complete, so a rerun with ``resume`` skips finished ones.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from arclassify.distributed.partition import (
    ERROR_EXAMPLES,
    FORMATS,
    MANIFEST_DIR,
    PartitionJob,
    PartitionResult,
    finished_result,
    score_partition,
)
from arclassify.distributed.shards import check_output_folder, find_shards
from arclassify.distributed.workers import portable_ref
from arclassify.errors import DataError

RUN_FILE = "run.json"


@dataclass
class DistributedSummary:
    """What a distributed run did, partitions and records, including those done by an earlier run."""

    partitions: int = 0
    done: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (shard, reason)
    records: int = 0
    errors: int = 0
    ids_seen: int = 0
    seconds: float = 0.0
    error_examples: list[str] = field(default_factory=list)
    results: list[PartitionResult] = field(default_factory=list)

    @property
    def scored(self) -> int:
        return self.records - self.errors

    @property
    def complete(self) -> bool:
        """Every shard read and every record scored."""
        return not self.failed and not self.errors and self.done + self.skipped == self.partitions

    def add(self, result: PartitionResult) -> None:
        self.results.append(result)
        if result.failure:
            self.failed.append((result.source, result.failure))
            return
        if result.skipped:
            self.skipped += 1
        else:
            self.done += 1
        self.records += result.records
        self.errors += result.errors
        self.ids_seen += result.ids_seen
        room = ERROR_EXAMPLES - len(self.error_examples)
        self.error_examples += result.error_examples[: max(room, 0)]


class PartitionProgress:
    """Partitions done / total on stderr (tqdm)."""

    def __init__(self, total: int, initial: int, enabled: bool, stream: IO[str] | None = None) -> None:
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, initial=initial, unit="partition", desc="partitions", file=stream or sys.stderr,
                             mininterval=0.5, dynamic_ncols=True)

    def update(self, summary: DistributedSummary) -> None:
        if self._bar is not None:
            self._bar.update(1)
            failed = f", {len(summary.failed)} failed" if summary.failed else ""
            self._bar.set_postfix_str(f"{summary.records:,} records{failed}", refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _run_description(shards: Sequence[Path], refs: Sequence[str], fmt: str, id_field: str, keep: Sequence[str],
                     text_fields: Sequence[str]) -> dict[str, Any]:
    return {"inputs": [str(p) for p in shards], "models": list(refs), "format": fmt, "id_field": id_field,
            "keep": list(keep), "text_fields": list(text_fields)}


def _prepare_folder(folder: Path, description: dict[str, Any], resume: bool) -> None:
    """Create the output folder; on resume check that it holds a run of the same inputs and settings."""
    run_file = folder / MANIFEST_DIR / RUN_FILE
    if run_file.is_file():
        if not resume:
            raise DataError(f"{folder}: holds the output of an earlier run; pass --resume to finish it, "
                            "or write to another (or an empty) folder")
        try:
            previous = json.loads(run_file.read_text(encoding="utf-8"))
        except ValueError:
            previous = None
        if previous != description:
            differ = [k for k in description if not isinstance(previous, dict) or previous.get(k) != description[k]]
            raise DataError(f"{folder}: holds a run with other settings ({', '.join(differ) or 'unreadable manifest'}); "
                            "--resume finishes the same command only")
        return
    if folder.is_dir() and any(p.name.startswith("part-") for p in folder.iterdir()):
        raise DataError(f"{folder}: already holds part-* files; write to another (or an empty) folder")
    from arclassify.distributed.partition import _write_atomic

    (folder / MANIFEST_DIR).mkdir(parents=True, exist_ok=True)
    text = json.dumps(description, ensure_ascii=False, indent=1)
    _write_atomic(run_file, lambda path: path.write_text(text, encoding="utf-8"))


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files left by tasks that were killed (only once no task of this run is in flight)."""
    for path in folder.glob(".part-*"):
        path.unlink(missing_ok=True)


def score_partitions(
    inputs: str | Sequence[str],
    output_folder: str | Path,
    refs: Sequence[str],
    client: Any,
    fmt: str = "jsonl",
    resume: bool = False,
    id_field: str = "id",
    keep: Sequence[str] = (),
    text_fields: Sequence[str] = (),
    encoding: str = "utf-8",
    chunk_size: int = 500,
    progress: bool = False,
    on_result: Callable[[PartitionResult], Any] | None = None,
) -> DistributedSummary:
    """Score every shard of ``inputs`` on ``client``'s cluster into ``output_folder/part-NNNNN.<fmt>``.

    ``refs`` are built-in task names or model folders (readable at the same path on every worker).
    With ``resume``, partitions an earlier run of the same inputs and settings completed are
    skipped. An unreadable shard is reported in the summary's ``failed`` list; the others finish.
    """
    from distributed import as_completed

    if fmt not in FORMATS:
        raise DataError(f"unknown output format {fmt!r} (known: {', '.join(FORMATS)})")
    started = time.perf_counter()
    shards = find_shards(inputs)
    folder = Path(output_folder).expanduser().resolve()
    check_output_folder(shards, folder)
    refs = [portable_ref(ref) for ref in refs]
    _prepare_folder(folder, _run_description(shards, refs, fmt, id_field, keep, text_fields), resume)

    summary = DistributedSummary(partitions=len(shards))
    jobs = []
    for index, shard in enumerate(shards):
        done = finished_result(folder, index, fmt) if resume else None
        if done is not None:
            summary.add(done)
        else:
            jobs.append(PartitionJob(index, str(shard), str(folder), tuple(refs), fmt, id_field, tuple(keep),
                                     tuple(text_fields), encoding, chunk_size))
    bar = PartitionProgress(len(shards), summary.skipped, progress)
    try:
        futures = [client.submit(score_partition, job, key=f"arclassify-{job.name}-{time.time_ns()}", pure=False)
                   for job in jobs]
        by_key = {future.key: job for future, job in zip(futures, jobs)}
        for future in as_completed(futures):
            job = by_key[future.key]
            try:
                result = future.result()
            except Exception as error:  # the task itself failed (e.g. it killed its worker every time)
                result = PartitionResult(job.index, job.source, failure=f"{job.source}: {type(error).__name__}: {error}")
            summary.add(result)
            bar.update(summary)
            if on_result is not None:
                on_result(result)
    finally:
        bar.close()
    _remove_stale_temporaries(folder)
    summary.results.sort(key=lambda r: r.index)
    summary.seconds = time.perf_counter() - started
    return summary
