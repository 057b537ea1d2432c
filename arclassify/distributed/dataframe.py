"""Dask DataFrames in and out: ``predict_dataframe`` adds label and score columns, lazily."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from arclassify.data.readers import InputItem
from arclassify.distributed.workers import portable_ref, worker_models

ERROR_COLUMN = "error"


def task_refs(tasks: Sequence[str] = (), models: Sequence[str] = ()) -> list[str]:
    """Model references for built-in ``tasks`` (``all``: every built-in model) and model folders."""
    from arclassify.models.builtin import builtin_names

    refs = [portable_ref(ref) for ref in models]
    for task in tasks:
        names = builtin_names() if task == "all" else [task]
        for name in names:
            if name not in builtin_names():
                raise ValueError(f"{name!r} is not a built-in task (built-in: {', '.join(builtin_names())})")
            if name not in refs:
                refs.append(name)
    if not refs:
        raise ValueError("say which models to use: tasks=[...] and/or models=[folder, ...]")
    return refs


def _missing_to_none(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value


def _score_frame(frame: Any, refs: Sequence[str], text_fields: Sequence[str], columns: Sequence[str],
                 chunk_size: int) -> Any:
    """One pandas partition with the label, score and error columns added (runs on a worker)."""
    from arclassify.predict import score_chunk

    models = worker_models(refs)
    records = [{k: _missing_to_none(v) for k, v in row.items()} for row in frame.to_dict("records")]
    outputs: list[dict] = []
    for start in range(0, len(records), chunk_size):
        items = [InputItem(start + i + 1, record) for i, record in enumerate(records[start : start + chunk_size])]
        outputs += score_chunk(models, items, "", "row", (), text_fields)
    import pandas as pd

    added = {name: pd.Series([out.get(name) for out in outputs], index=frame.index, dtype=object) for name in columns}
    return frame.assign(**added)


def output_columns(models: Sequence[Any]) -> list[str]:
    """The columns ``predict_dataframe`` adds: per task a label and ``<task>_scores``, then ``error``."""
    return [column for model in models for column in (model.name, f"{model.name}_scores")] + [ERROR_COLUMN]


def predict_dataframe(ddf: Any, tasks: Sequence[str] = (), models: Sequence[str] = (), text_fields: Sequence[str] = (),
                      keep: Sequence[str] | None = None, chunk_size: int = 500) -> Any:
    """A lazy Dask DataFrame: ``ddf``'s columns (or only ``keep``) with, per model, the label column
    (``<task>``: a label, or a list for a multi-label task) and ``<task>_scores`` (label -> probability),
    and an ``error`` column (``None`` where the row was scored).

    ``tasks`` are built-in task names (``all`` for every one), ``models`` model folders readable at
    the same path on every worker. Models are loaded once per worker process, on first use.
    """
    import pandas as pd

    from arclassify import load_model

    refs = task_refs(tasks, models)
    loaded = [load_model(ref) for ref in refs]  # here only for the names and a fast failure
    columns = output_columns(loaded)
    if len(set(columns)) < len(columns):
        raise ValueError(f"two models have the same task name ({', '.join(m.name for m in loaded)})")
    if keep is not None:
        missing = [name for name in keep if name not in ddf.columns]
        if missing:
            raise ValueError(f"keep: no column {', '.join(map(repr, missing))} (columns: {', '.join(map(str, ddf.columns))})")
        ddf = ddf[list(keep)]
    clashes = [name for name in columns if name in ddf.columns]
    if clashes:
        raise ValueError(f"the input already has column(s) {', '.join(map(repr, clashes))}, which the output adds; "
                         "select the columns to keep with keep=[...] or rename them")
    meta = ddf._meta.assign(**{name: pd.Series([], dtype=object) for name in columns})
    return ddf.map_partitions(_score_frame, tuple(refs), tuple(text_fields), tuple(columns), chunk_size, meta=meta)


def _read_frame(path: str, encoding: str) -> Any:
    import pandas as pd

    from arclassify.data.readers import InputReader

    records = [item.record for item in InputReader(path, encoding) if item.record is not None]
    return pd.DataFrame.from_records(records) if records else pd.DataFrame()


def read_shards(inputs: str | Sequence[str], encoding: str = "utf-8") -> Any:
    """A Dask DataFrame of the records of the shards (glob, folder or file names), one partition per file.

    Read as ``arclassify predict`` reads them (lines that are not JSON objects are left out here);
    for large Parquet or CSV archives ``dask.dataframe.read_parquet`` / ``read_csv`` serve as well.
    """
    import dask.dataframe as dd

    from arclassify.distributed.shards import find_shards

    paths = [str(p) for p in find_shards(inputs)]
    return dd.from_map(_read_frame, paths, encoding=encoding)
