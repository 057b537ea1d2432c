"""``arclassify predict --scheduler``: score shards on a Dask cluster into a folder, one file per partition."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from arclassify.errors import DataError


def predict_distributed(inputs: Sequence[str], output: str, refs: Sequence[str], scheduler: str, fmt: str, resume: bool,
                        id_field: str, keep: Sequence[str], text_fields: Sequence[str], encoding: str, chunk_size: int,
                        quiet: bool) -> None:
    """Run the distributed scoring and exit: 0 only if every shard was read and every record scored."""
    from arclassify.distributed.cluster import open_client
    from arclassify.distributed.run import score_partitions

    if output == "-":
        raise click.UsageError("with --scheduler the output is a folder: give -o FOLDER")
    with open_client(scheduler) as client:
        workers = len(client.scheduler_info().get("workers", {}))
        if not quiet:
            click.echo(f"scheduler {client.scheduler.address}: {workers} worker{'s' if workers != 1 else ''}", err=True)
        if not workers:
            raise DataError(f"--scheduler {scheduler}: the cluster has no worker")
        summary = score_partitions(inputs, output, refs, client, fmt=fmt, resume=resume, id_field=id_field, keep=keep,
                                   text_fields=text_fields, encoding=encoding, chunk_size=chunk_size, progress=not quiet)
    report_distributed(summary, id_field, output)
    sys.exit(0 if summary.complete else 1)


def report_summary_line(summary) -> str:
    rate = summary.records / summary.seconds if summary.seconds and not summary.skipped else 0
    speed = f" ({rate:,.0f} records/s)" if rate else ""
    skipped = f", {summary.skipped} done before (--resume)" if summary.skipped else ""
    return (f"{summary.done + summary.skipped}/{summary.partitions} partitions written{skipped}, "
            f"{len(summary.failed)} failed; {summary.scored} records scored, {summary.errors} failed, "
            f"in {summary.seconds:.1f} s{speed}")


def report_distributed(summary, id_field: str, output: str) -> None:
    """The closing lines on stderr: partitions and records, each unreadable shard by name, a few bad records."""
    click.echo(report_summary_line(summary), err=True)
    for shard, reason in summary.failed:
        click.echo(f"  unreadable shard {shard}: {reason.removeprefix(shard + ': ')}", err=True)
    for example in summary.error_examples:
        click.echo(f"  {example}", err=True)
    if summary.records and not summary.ids_seen and id_field:
        click.echo(f"Warning: no record has the field {id_field!r}; every output id is null "
                   "(name the id field with --id-field)", err=True)
    if summary.failed:
        click.echo(f"Rerun the same command with --resume to retry the failed partitions into {output}.", err=True)
