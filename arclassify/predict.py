"""Score a stream of records with one or more models, chunk by chunk, optionally in processes.

Memory stays flat: records are read, scored and written a chunk at a time, and at most a few
chunks are in flight per worker process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import IO, Any

from arclassify.data.fields import TextFieldError, get_field
from arclassify.data.inputs import model_input
from arclassify.data.readers import InputItem, InputReader, parse_json_lines
from arclassify.errors import ArclassifyError
from arclassify.features.shared import SharedTexts
from arclassify.output.records import json_line, json_safe, output_id

__all__ = [
    "InputItem",
    "InputReader",
    "Progress",
    "ScoreSummary",
    "check_kept_fields",
    "kept_fields",
    "parse_json_lines",
    "score_chunk",
    "score_stream",
    "usable_jobs",
]

SCORE_DECIMALS = 4
IN_FLIGHT_PER_JOB = 2


@dataclass
class ScoreSummary:
    """What a scoring run did: records written, how many of them failed, and a few failures."""

    records: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_examples: list[str] = field(default_factory=list)
    ids_seen: int = 0

    @property
    def scored(self) -> int:
        return self.records - self.errors


def usable_jobs(jobs: int) -> int:
    """``jobs`` capped at the number of cores, with a warning when it is lowered."""
    cores = os.cpu_count() or 1
    if jobs > cores:
        warnings.warn(f"--jobs {jobs} is more than the {cores} cores of this machine; using {cores}", stacklevel=2)
        return cores
    return jobs


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
    return {name: json_safe(get_field(record, name, None)) if record is not None else None for name in keep}


def score_chunk(models: Sequence[Any], items: Sequence[InputItem], id_field: str, where: str,
                keep: Sequence[str] = (), text_fields: Sequence[str] = ()) -> list[dict]:
    """Output records for a chunk: the input's id and kept fields, then a label and scores per task.

    ``text_fields``, when given, replace the models' own text fields.
    """
    outputs: list[dict] = []
    for item in items:
        out: dict[str, Any] = {}
        if item.record is not None:
            out["id"] = output_id(get_field(item.record, id_field, None))
        out.update(kept_fields(item.record, keep))
        if item.error:
            out[where] = item.position
            out["error"] = item.error
        outputs.append(out)
    # Models reading the same fields get the same input strings, and share their cleaning and
    # encoding through one SharedTexts per chunk.
    read: dict[tuple, tuple[list, list[dict]]] = {}
    with SharedTexts() as shared:
        for model in models:
            key = (tuple(text_fields) or model.schema.text_fields, model.schema.pair_field)
            if key not in read:
                read[key] = _read_inputs(items, outputs, key, where, model.name)
            inputs, targets = read[key]
            if not inputs:
                continue
            proba = model.probabilities_of_inputs(inputs, shared)
            decided, names, scores_field = model.decide(proba), model.labels, f"{model.name}_scores"
            for out, label, row in zip(targets, decided, proba.tolist()):
                if "error" in out:  # failed for an earlier model
                    continue
                out[model.name] = label
                out[scores_field] = {name: round(p, SCORE_DECIMALS) for name, p in zip(names, row)}
    for out in outputs:
        if "error" in out:  # drop partial answers of a record another model could not read
            for model in models:
                out.pop(model.name, None)
                out.pop(f"{model.name}_scores", None)
    return outputs


def _read_inputs(items: Sequence[InputItem], outputs: list[dict], key: tuple, where: str,
                 model_name: str) -> tuple[list, list[dict]]:
    """The model inputs of the items not failed yet, and their output records; a record lacking
    the fields gets an error naming the model."""
    inputs, targets = [], []
    for item, out in zip(items, outputs):
        if "error" in out:
            continue
        try:
            inputs.append(model_input(item.record, *key))
            targets.append(out)
        except TextFieldError as error:
            out[where] = item.position
            out["error"] = f"{model_name}: {error}"
    return inputs, targets


# The models a scoring process uses: set before the processes fork, so they inherit them.
_WORKER_MODELS: list[Any] = []


def _load_models(refs: Sequence[str]) -> list[Any]:
    from arclassify import load_model

    return [load_model(ref) for ref in refs]


def _worker_init(refs: Sequence[str]) -> None:
    global _WORKER_MODELS
    if not _WORKER_MODELS:  # spawned, not forked: load them here
        _WORKER_MODELS = _load_models(refs)


def _worker_score(items: list[InputItem], id_field: str, where: str, keep: Sequence[str],
                  text_fields: Sequence[str]) -> list[dict]:
    return score_chunk(_WORKER_MODELS, items, id_field, where, keep, text_fields)


def in_chunks(items: Iterator[InputItem], size: int) -> Iterator[list[InputItem]]:
    """Items in lists of ``size`` (the last one shorter)."""
    chunk: list[InputItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Progress:
    """A progress bar on stderr (tqdm): share of the input read, records scored."""

    def __init__(self, enabled: bool, stream: IO[str] | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._bar: Any = None

    def update(self, records: int, done: int | None, total: int | None, final: bool = False) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc="scoring",
                             file=self.stream, mininterval=0.5, dynamic_ncols=True)
        if done is not None:
            self._bar.update(done - self._bar.n)
        self._bar.set_postfix_str(f"{records:,} records", refresh=final)
        if final:
            self._bar.close()


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
    text_fields: Sequence[str] = (),
) -> ScoreSummary:
    """Score every record of ``reader`` and write one JSON line per record through ``write``.

    ``keep`` names input fields copied into each output record (``None`` where missing);
    ``text_fields`` replace the models' own text fields. With ``jobs`` > 1, forked processes
    inherit the loaded models.
    """
    global _WORKER_MODELS
    summary = ScoreSummary()
    started = time.perf_counter()
    progress = progress or Progress(False)

    def emit(outputs: list[dict]) -> None:
        for out in outputs:
            if "error" in out:
                summary.errors += 1
                if len(summary.error_examples) < 5:
                    position = out.get("line", out.get("row"))
                    summary.error_examples.append(f"{reader.where} {position}: {out['error']}")
            if out.get("id") is not None:
                summary.ids_seen += 1
            write(json_line(out))
        summary.records += len(outputs)
        progress.update(summary.records, reader.bytes_read(), reader.total_bytes)

    chunks = in_chunks(iter(reader), chunk_size)
    loaded = list(models) if models is not None else _load_models(model_refs)
    try:
        if jobs <= 1:
            for chunk in chunks:
                emit(score_chunk(loaded, chunk, id_field, reader.where, keep, text_fields))
        else:
            fork = sys.platform != "darwin"
            _WORKER_MODELS = loaded if fork else []
            first = next(chunks, None)
            if fork and first is not None:
                # Scoring one record here first builds the models' lookup tables and loads their
                # compiled loops once, in the memory the workers inherit, instead of in each worker.
                score_chunk(loaded, first[:1], id_field, reader.where, keep, text_fields)
            chunks = chain([first] if first is not None else [], chunks)
            context = multiprocessing.get_context("fork" if fork else "spawn")
            with context.Pool(jobs, initializer=_worker_init, initargs=(list(model_refs),)) as pool:
                pending: deque = deque()
                for chunk in chunks:
                    pending.append(pool.apply_async(_worker_score, (chunk, id_field, reader.where, tuple(keep),
                                                                    tuple(text_fields))))
                    if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                        emit(_result(pending.popleft()))
                while pending:
                    emit(_result(pending.popleft()))
    finally:
        _WORKER_MODELS = []
        summary.seconds = time.perf_counter() - started
    progress.update(summary.records, reader.bytes_read(), reader.total_bytes, final=True)
    return summary


def _result(async_result: Any) -> list[dict]:
    try:
        return async_result.get()
    except ArclassifyError:
        raise
    except Exception as error:  # a worker crashed: report it, the output written so far stays
        raise ArclassifyError(f"a scoring process failed: {type(error).__name__}: {error}") from error
