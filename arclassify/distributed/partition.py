"""One partition scored on a worker: a shard read, scored chunk by chunk, written to one output file.

The file is written under a temporary name beside its target and renamed when complete, after
its statistics file (``_manifest/part-NNNNN.json``): a ``part-NNNNN`` file that exists is whole,
and its statistics are known without reading it again.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from arclassify.data.readers import InputReader
from arclassify.errors import ArclassifyError
from arclassify.output.records import AtomicOutput, json_line
from arclassify.predict import in_chunks

MANIFEST_DIR = "_manifest"
FORMATS = ("jsonl", "parquet")
ERROR_EXAMPLES = 5


@dataclass(frozen=True)
class PartitionJob:
    """What a worker needs to score one partition (small: paths and names, no model)."""

    index: int
    source: str
    folder: str
    refs: tuple[str, ...]
    fmt: str = "jsonl"
    id_field: str = "id"
    keep: tuple[str, ...] = ()
    text_fields: tuple[str, ...] = ()
    encoding: str = "utf-8"
    chunk_size: int = 500

    @property
    def name(self) -> str:
        return part_name(self.index, self.fmt)

    @property
    def target(self) -> Path:
        return Path(self.folder) / self.name

    @property
    def stats_path(self) -> Path:
        return stats_path(self.folder, self.index)


@dataclass
class PartitionResult:
    """What scoring a partition did; ``failure`` names why a shard could not be scored."""

    index: int
    source: str
    records: int = 0
    errors: int = 0
    ids_seen: int = 0
    seconds: float = 0.0
    error_examples: list[str] = field(default_factory=list)
    failure: str | None = None
    skipped: bool = False
    worker_pid: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> PartitionResult:
        values = json.loads(text)
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})


def part_name(index: int, fmt: str) -> str:
    return f"part-{index:05d}.{fmt}"


def stats_path(folder: str | Path, index: int) -> Path:
    return Path(folder) / MANIFEST_DIR / f"part-{index:05d}.json"


def _write_atomic(path: Path, write: Any, suffix: str = ".tmp") -> None:
    """Write a file under a temporary name beside ``path`` (``write(temporary_path)``), then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(handle)
    try:
        write(Path(name))
        os.chmod(name, 0o644)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


class PartWriter:
    """Output records gathered for one partition file: JSON Lines streamed to a temporary file, Parquet at the end."""

    def __init__(self, target: Path, fmt: str) -> None:
        self.target = target
        self.fmt = fmt
        self.rows: list[dict] = []
        self.output = AtomicOutput(target)

    def write(self, outputs: list[dict]) -> None:
        if self.fmt == "jsonl":
            self.output.write("".join(json_line(out) for out in outputs))
        else:
            self.rows += outputs

    def finish(self) -> None:
        """Close the temporary file (for Parquet: write the table to it); call :meth:`commit` next."""
        self.output.handle.close()
        if self.fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            rows = [json.loads(json_line(out)) for out in self.rows]  # the strict-JSON values of the JSON Lines output
            pq.write_table(pa.Table.from_pylist(rows), self.output.temporary)

    def commit(self) -> None:
        self.output.commit()

    def discard(self) -> None:
        self.output.discard()


def _tally(result: PartitionResult, outputs: list[dict], where: str) -> None:
    result.records += len(outputs)
    for out in outputs:
        if out.get("id") is not None:
            result.ids_seen += 1
        if "error" in out:
            result.errors += 1
            if len(result.error_examples) < ERROR_EXAMPLES:
                result.error_examples.append(f"{result.source}: {where} {out.get(where)}: {out['error']}")


def describe_failure(source: str, error: BaseException) -> str:
    """Why a shard could not be scored, naming it once."""
    text = str(error) if isinstance(error, ArclassifyError) else f"{type(error).__name__}: {error}"
    return text if source in text else f"{source}: {text}"


def score_partition(job: PartitionJob) -> PartitionResult:
    """Score one shard into ``job.target`` (runs on a worker; the models load once per process).

    A shard that cannot be read to its end leaves no output file and comes back with ``failure``
    set; a record that cannot be scored gets an ``error`` field, as on one machine.
    """
    from arclassify.distributed.workers import worker_models
    from arclassify.predict import score_chunk

    started = time.perf_counter()
    result = PartitionResult(job.index, job.source, worker_pid=os.getpid())
    models = worker_models(job.refs)
    writer: PartWriter | None = None
    try:
        reader = InputReader(job.source, job.encoding)
        writer = PartWriter(job.target, job.fmt)
        for chunk in in_chunks(iter(reader), job.chunk_size):
            outputs = score_chunk(models, chunk, job.id_field, reader.where, job.keep, job.text_fields)
            _tally(result, outputs, reader.where)
            writer.write(outputs)
        writer.finish()
        result.seconds = time.perf_counter() - started
        _write_atomic(job.stats_path, lambda path: path.write_text(result.to_json(), encoding="utf-8"))
        writer.commit()
    except Exception as error:  # an unreadable shard (or any reader's failure): named, the others go on
        if writer is not None:
            writer.discard()
        failed = PartitionResult(job.index, job.source, failure=describe_failure(job.source, error), worker_pid=os.getpid())
        failed.seconds = time.perf_counter() - started
        return failed
    return result


def finished_result(folder: str | Path, index: int, fmt: str) -> PartitionResult | None:
    """The statistics of a partition a previous run completed, or ``None`` if it is not complete."""
    target = Path(folder) / part_name(index, fmt)
    stats = stats_path(folder, index)
    if not (target.is_file() and stats.is_file()):
        return None
    try:
        result = PartitionResult.from_json(stats.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None
    if result.failure:
        return None
    result.skipped = True
    return result
