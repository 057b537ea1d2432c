"""Score a stream of records with one or more models, chunk by chunk, optionally in processes.

Memory stays flat: records are read, scored and written a chunk at a time, and at most a few
chunks are in flight per worker process.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from arclassify.errors import ArclassifyError, DataError
from arclassify.data.tables import COMPRESSIONS, file_format, stream_table
from arclassify.data.fields import TextFieldError, default_text_fields, get_field, record_text

SCORE_DECIMALS = 4
IN_FLIGHT_PER_JOB = 2


@dataclass
class InputItem:
    """One input position: a record, or the reason it could not be read."""

    position: int
    record: dict | None
    error: str | None = None


@dataclass
class ScoreSummary:
    records: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_examples: list[str] = field(default_factory=list)


class InputReader:
    """Records of a JSON Lines file or stdin (line numbers kept), or of a CSV/TSV/Parquet file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.total_bytes: int | None = None
        self._raw: IO[bytes] | None = None
        self.json_lines = True
        if source != "-":
            path = Path(source)
            if not path.is_file():
                raise DataError(f"{source}: no such file")
            builder, _ = file_format(path)
            self.json_lines = builder == "json"
            self.total_bytes = path.stat().st_size

    def bytes_read(self) -> int | None:
        if self._raw is None or self.total_bytes is None:
            return None
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return None

    def __iter__(self) -> Iterator[InputItem]:
        if not self.json_lines:
            for row, record in enumerate(stream_table(self.source), 1):
                yield InputItem(row, dict(record))
            return
        if self.source == "-":
            handle: IO[str] = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        else:
            self._raw = open(self.source, "rb")
            opener = COMPRESSIONS.get(Path(self.source).suffix.lower())
            binary = opener(self._raw, "rb") if opener else self._raw
            handle = io.TextIOWrapper(binary, encoding="utf-8", errors="replace")
        try:
            yield from parse_json_lines(handle)
        finally:
            if self._raw is not None:
                handle.close()


def parse_json_lines(handle: IO[str]) -> Iterator[InputItem]:
    """Each non-blank line as a record, or an error naming what is wrong with it."""
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputItem(number, None, f"malformed JSON at column {error.pos + 1}: {error.msg}")
            continue
        if not isinstance(record, dict):
            yield InputItem(number, None, f"expected a JSON object, got {type(record).__name__}")
            continue
        yield InputItem(number, record)


def _model_input(model: Any, record: dict) -> Any:
    """What a model reads from a record, or ``TextFieldError`` naming what is missing."""
    fields = model.schema.text_fields or default_text_fields(list(record))
    if not fields:
        raise TextFieldError("no text field (expected 'title' and/or 'text')")
    text = record_text(record, fields)
    if not text.strip():
        raise TextFieldError(f"empty text (fields: {', '.join(fields)})")
    if not model.pair_task:
        return text
    pair = record_text(record, [model.schema.pair_field])
    if not pair.strip():
        raise TextFieldError(f"empty pair text (field: {model.schema.pair_field})")
    return text, pair


def output_fields(task_names: Sequence[str]) -> set[str]:
    """The fields ``predict`` itself writes for these tasks (a kept field must not reuse one)."""
    return {"id", "error", "line", "row", *task_names, *(f"{name}_scores" for name in task_names)}


def check_kept_fields(keep: Sequence[str], task_names: Sequence[str]) -> None:
    """Raise ``ValueError`` if a kept input field would overwrite one of the output's own fields."""
    clashes = [name for name in keep if name in output_fields(task_names)]
    if clashes:
        raise ValueError(f"cannot keep {', '.join(map(repr, clashes))}: the output already has a field of that name "
                         f"(its own: id, error, line/row, and per task <task> and <task>_scores)")


def kept_fields(record: dict | None, keep: Sequence[str]) -> dict[str, Any]:
    """The input fields to copy into the output record (``None`` where the record lacks one)."""
    return {name: get_field(record, name, None) if record is not None else None for name in keep}


def score_chunk(models: Sequence[Any], items: Sequence[InputItem], id_field: str, where: str,
                keep: Sequence[str] = ()) -> list[dict]:
    """Output records for a chunk: the input's id and kept fields, then a label and scores per task."""
    outputs: list[dict] = []
    for item in items:
        out: dict[str, Any] = {}
        if item.record is not None:
            out["id"] = get_field(item.record, id_field, None)
        out.update(kept_fields(item.record, keep))
        if item.error:
            out[where] = item.position
            out["error"] = item.error
        outputs.append(out)
    for model in models:
        texts, targets = [], []
        for item, out in zip(items, outputs):
            if "error" in out:
                continue
            try:
                texts.append(_model_input(model, item.record))
                targets.append(out)
            except TextFieldError as error:
                out[where] = item.position
                out["error"] = f"{model.name}: {error}"
        if not texts:
            continue
        proba = model.probabilities(texts)
        labels = model.decide(proba)
        for out, label, row in zip(targets, labels, proba):
            if "error" in out:  # failed for an earlier model
                continue
            out[model.name] = label
            out[f"{model.name}_scores"] = {name: round(float(p), SCORE_DECIMALS) for name, p in zip(model.labels, row)}
    for out in outputs:
        if "error" in out:  # drop partial answers of a record another model could not read
            for model in models:
                out.pop(model.name, None)
                out.pop(f"{model.name}_scores", None)
    return outputs


_WORKER_MODELS: list[Any] = []


def _load_models(refs: Sequence[str]) -> list[Any]:
    from arclassify import load_model

    return [load_model(ref) for ref in refs]


def _worker_init(refs: Sequence[str]) -> None:
    global _WORKER_MODELS
    _WORKER_MODELS = _load_models(refs)


def _worker_score(items: list[InputItem], id_field: str, where: str, keep: Sequence[str] = ()) -> list[dict]:
    return score_chunk(_WORKER_MODELS, items, id_field, where, keep)


def _chunks(items: Iterator[InputItem], size: int) -> Iterator[list[InputItem]]:
    chunk: list[InputItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Progress:
    """A progress line on stderr: records scored, rate, and share of the input read."""

    def __init__(self, enabled: bool, stream: IO[str] | None = None, every: float | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = self.stream.isatty()
        self.every = every if every is not None else (0.5 if self.tty else 10.0)
        self.started = time.perf_counter()
        self.last = self.started

    def update(self, records: int, done: int | None, total: int | None, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not final and now - self.last < self.every:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        share = f" {100 * done / total:5.1f}%" if done is not None and total else ""
        width = 24
        bar = ""
        if done is not None and total:
            filled = int(width * min(done / total, 1.0))
            bar = " [" + "#" * filled + "-" * (width - filled) + "]"
        line = f"scored {records:,} records{bar}{share} {records / elapsed:,.0f}/s"
        if self.tty:
            self.stream.write("\r" + line + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def score_stream(
    reader: InputReader,
    write: Callable[[str], Any],
    model_refs: Sequence[str],
    models: Sequence[Any] | None = None,
    id_field: str = "id",
    chunk_size: int = 500,
    jobs: int = 1,
    progress: Progress | None = None,
    keep: Sequence[str] = (),
) -> ScoreSummary:
    """Score every record of ``reader`` and write one JSON line per record through ``write``.

    ``keep`` names input fields copied into each output record (``None`` where missing).
    """
    summary = ScoreSummary()
    started = time.perf_counter()
    where = "line" if reader.json_lines else "row"
    progress = progress or Progress(False)

    def emit(outputs: list[dict]) -> None:
        for out in outputs:
            if "error" in out:
                summary.errors += 1
                if len(summary.error_examples) < 5:
                    summary.error_examples.append(f"{where} {out.get(where)}: {out['error']}")
            write(json.dumps(out, ensure_ascii=False) + "\n")
        summary.records += len(outputs)
        progress.update(summary.records, reader.bytes_read(), reader.total_bytes)

    chunks = _chunks(iter(reader), chunk_size)
    if jobs <= 1:
        models = list(models) if models is not None else _load_models(model_refs)
        for chunk in chunks:
            emit(score_chunk(models, chunk, id_field, where, keep))
    else:
        context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
        with context.Pool(jobs, initializer=_worker_init, initargs=(list(model_refs),)) as pool:
            pending: deque = deque()
            for chunk in chunks:
                pending.append(pool.apply_async(_worker_score, (chunk, id_field, where, tuple(keep))))
                if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    emit(_result(pending.popleft()))
            while pending:
                emit(_result(pending.popleft()))
    progress.update(summary.records, reader.bytes_read(), reader.total_bytes, final=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _result(async_result: Any) -> list[dict]:
    try:
        return async_result.get()
    except ArclassifyError:
        raise
    except Exception as error:  # a worker crashed: report it, the output written so far stays
        raise ArclassifyError(f"a scoring process failed: {type(error).__name__}: {error}") from error
