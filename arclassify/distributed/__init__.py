"""Scoring on a Dask cluster (``pip install "arclassify[dask]"``): shards in, one output file per partition.

Importing this package is light; dask loads when a function that needs it is called.

- :func:`find_shards` expands globs, folders and file names into the list of input shards;
- :func:`score_partitions` scores each shard on the cluster into ``part-NNNNN.jsonl`` (or
  ``.parquet``) in an output folder, resumable, naming the shards it could not read;
- :func:`predict_dataframe` adds label and score columns to a Dask DataFrame, lazily;
- :func:`read_shards` reads shards as a Dask DataFrame (one partition per file);
- :func:`open_client` starts a local cluster (``local:N``) or connects to a scheduler.
"""

from __future__ import annotations

from typing import Any

__all__ = ["find_shards", "open_client", "predict_dataframe", "read_shards", "score_partitions"]

_WHERE = {
    "find_shards": "arclassify.distributed.shards",
    "open_client": "arclassify.distributed.cluster",
    "predict_dataframe": "arclassify.distributed.dataframe",
    "read_shards": "arclassify.distributed.dataframe",
    "score_partitions": "arclassify.distributed.run",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        from importlib import import_module

        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
