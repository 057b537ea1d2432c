"""A Dask client for ``--scheduler``: ``local:N`` starts N worker processes here, an address joins a cluster."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

from arclassify.errors import DataError

# The workers' statistical profiler samples the scoring thread's stack every 10 ms (it needs the
# GIL) for a dashboard a local run does not start. Without it, 2 workers went from 1.79x one to 1.85x
# (benchmarks/distributed_speed.py, 100,000 articles in 200 partitions).
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def parse_local(scheduler: str) -> int | None:
    """The number of workers of ``local:N`` (``local`` alone: one per core), ``None`` for an address."""
    if scheduler == "local":
        return os.cpu_count() or 1
    if not scheduler.startswith("local:"):
        return None
    count = scheduler.partition(":")[2]
    if not count.isdigit() or int(count) < 1:
        raise DataError(f"--scheduler {scheduler}: expected local:N with N a number of workers (at least 1)")
    return int(count)


def import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DataError('scoring on a cluster needs Dask: pip install "arclassify[dask]"') from None
    return distributed


@contextlib.contextmanager
def open_client(scheduler: str, quiet_logs: bool = True) -> Iterator[Any]:
    """A ``distributed.Client``: on a new ``LocalCluster`` of single-threaded worker processes for
    ``local:N``, or connected to the scheduler at an address such as ``tcp://host:8786``."""
    distributed = import_distributed()
    workers = parse_local(scheduler)
    level = logging.ERROR if quiet_logs else logging.WARNING
    if workers is None:
        try:
            client = distributed.Client(scheduler, timeout="30s")
        except OSError as error:
            raise DataError(f"--scheduler {scheduler}: cannot reach the scheduler: {error}") from None
        with client:
            yield client
        return
    import dask

    with dask.config.set(LOCAL_WORKER_CONFIG), distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=level) as cluster, distributed.Client(cluster) as client:
        yield client
