"""``arclassify predict``: score a file or stream of articles with one or more models."""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import click

from arclassify.cli import reports_errors
from arclassify.errors import DataError


@contextlib.contextmanager
def warnings_as_messages() -> Iterator[None]:
    """Warnings raised inside (a model saved by a newer version, --jobs lowered) as 'Warning: ...' lines on stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for message in dict.fromkeys(str(w.message) for w in caught):
                click.echo(f"Warning: {message}", err=True)


def model_refs(models: tuple[str, ...], tasks: tuple[str, ...]) -> list[str | Path]:
    """Model folders (paths, even when spelt like a built-in name) and built-in task names to load.

    ``all`` means every built-in model.
    """
    from arclassify.models.builtin import builtin_names

    refs: list[str | Path] = [Path(model) for model in models]  # a Path is never taken for a built-in name
    for task in tasks:
        if task == "all":
            refs += [name for name in builtin_names() if name not in refs]
        elif task not in builtin_names():
            raise click.BadParameter(f"{task!r} is not a built-in task (built-in: {', '.join(builtin_names()) or 'none'})",
                                     param_hint="--task")
        elif task not in refs:
            refs.append(task)
    if not refs:
        raise click.UsageError("say which models to use: --task NAME (or --task all) and/or --model FOLDER")
    return refs


@click.command("predict")
@click.argument("input_paths", metavar="INPUT...", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True,
              help="Output JSON Lines file ('-' for stdout); with --scheduler, a folder.")
@click.option("--task", "tasks", multiple=True, help="Built-in task to run (topic, outlet, stance) or 'all'; repeatable.")
@click.option("--model", "models", multiple=True, help="Model folder to run; repeatable.")
@click.option("--text-field", "text_fields", multiple=True,
              help="Field(s) holding the text, joined in order [default: each model's, else title and text].")
@click.option("--id-field", default="id", show_default=True, help="Input field copied to the output as 'id'.")
@click.option("--keep", "keep", multiple=True, metavar="FIELD",
              help="Input field copied into each output record (null where missing), e.g. date, url; repeatable.")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the input (e.g. cp1256).")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Scoring processes (at most the number of cores).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=500, show_default=True, help="Records per chunk.")
@click.option("--quiet", is_flag=True, help="No progress bar on stderr.")
@click.option("--strict", is_flag=True, help="Exit with code 1 if any record could not be scored.")
@click.option("--resume", is_flag=True,
              help="Continue a partial output: skip the records OUTPUT holds (its complete lines) and append to it in "
                   "place, not through a temporary file. With --scheduler: skip the partitions already written.")
@click.option("--scheduler", metavar="local:N|tcp://HOST:8786",
              help="Score on a Dask cluster (pip install 'arclassify[dask]'): local:N starts N worker processes here, "
                   "an address uses a running scheduler. INPUT may then be globs, folders or several files of shards, "
                   "and OUTPUT is a folder with one part-NNNNN file per input file. See docs/distributed.md.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True,
              help="Output format of the partition files (--scheduler only).")
@reports_errors
def command(input_paths, output, tasks, models, text_fields, id_field, keep, encoding, jobs, chunk_size, quiet,
            strict, resume, scheduler, fmt) -> None:
    """Score INPUT (JSON Lines, JSON, CSV/TSV or Parquet; '-' for stdin) and write JSON Lines.

    Each output line holds the input's id and the --keep fields, then for each task a field
    named after it (a label, or a list of labels) and '<task>_scores' (label -> probability).
    A record that cannot be scored gets an 'error' field (with its line number) and the run
    goes on; the exit code is 1 when no record at all could be scored (an existing output file
    is then left as it was). The output file is written under a temporary name and renamed when
    complete (with --resume: appended in place).

    With --scheduler, the exit code is 0 only if every shard was read and every record scored.
    """
    from arclassify import load_model
    from arclassify.output.records import AtomicOutput
    from arclassify.predict import (
        InputReader,
        Progress,
        check_kept_fields,
        score_stream,
        usable_jobs,
    )

    refs = model_refs(models, tasks)
    with warnings_as_messages():
        loaded = [load_model(ref) for ref in refs]  # type: ignore[arg-type]  # fail fast, before reading input
    names = [m.name for m in loaded]
    if len(set(names)) < len(names):
        raise DataError(f"two models have the same task name ({', '.join(names)}); their output fields would collide")
    try:
        check_kept_fields(keep, names)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--keep") from None
    keep = tuple(dict.fromkeys(keep))
    if scheduler:
        from arclassify.cli.predict_distributed import predict_distributed

        # Folders by absolute path: on a worker, a relative "topic" would read as the built-in model.
        worker_refs = [str(Path(ref).resolve()) if isinstance(ref, Path) else ref for ref in refs]
        predict_distributed(input_paths, output, worker_refs, scheduler, fmt, resume, id_field, keep, text_fields,
                            encoding, chunk_size, quiet)
    if len(input_paths) > 1 or fmt != "jsonl":
        raise click.UsageError("several INPUT files and --format parquet need --scheduler (see docs/distributed.md)")
    if resume and output == "-":
        raise click.UsageError("--resume continues an output file: give -o FILE")
    input_path = input_paths[0]
    with warnings_as_messages():
        jobs = usable_jobs(jobs)
    reader = InputReader(input_path, encoding)
    progress = Progress(enabled=not quiet)
    written = [0]

    def run(write):
        def counted(text: str) -> None:
            write(text)
            written[0] += 1

        return score_stream(reader, counted, refs, loaded, id_field, chunk_size, jobs, progress, keep,
                            text_fields)

    if output == "-":
        try:
            summary = run(sys.stdout.write)
            sys.stdout.flush()
        except DataError as error:  # the input broke off (a truncated .gz): what was scored is written
            _stop_after_partial(error, written[0], "standard output")
    else:
        if resume:
            from arclassify.output.resume import AppendOutput, resume_output

            target: AtomicOutput | AppendOutput
            reader, target, done = resume_output(reader, output, id_field, input_path)
            if done and not quiet:
                click.echo(f"resuming: {done} records already in {output}", err=True)
        else:
            target = AtomicOutput(output, inputs=(input_path,) if input_path != "-" else ())
        try:
            summary = run(target.write)
        except DataError as error:
            if not written[0]:
                target.discard()
                raise
            target.commit()  # keep what was scored before the input broke off
            _stop_after_partial(error, written[0], output)
        except BaseException:
            target.discard()
            raise
        if summary.records and not summary.scored:
            target.discard()  # nothing scored: an old output is worth more than a file of errors
            click.echo(f"nothing was written to {output}", err=True)
        else:
            target.commit()
    report_summary(summary, id_field, quiet)
    if summary.records and not summary.scored:
        sys.exit(1)
    if strict and summary.errors:
        sys.exit(1)


def _stop_after_partial(error: DataError, records: int, where: str) -> None:
    """Report an input that broke off after some records were scored (they stay written); exit 1."""
    if records:
        click.echo(f"Error: {error}\nthe {records} records read before it are written to {where}", err=True)
        sys.exit(1)
    raise error


def report_summary(summary, id_field: str, quiet: bool) -> None:
    """The closing lines on stderr: scored and failed apart, a few failures, a missing id field."""
    if summary.records and not summary.ids_seen and id_field:
        click.echo(f"Warning: no record has the field {id_field!r}; every output id is null "
                   "(name the id field with --id-field)", err=True)
    if not summary.records:
        click.echo("Warning: the input holds no record", err=True)
        return
    if quiet and not summary.errors:
        return
    rate = summary.records / summary.seconds if summary.seconds else 0
    click.echo(f"{summary.scored} scored, {summary.errors} failed, in {summary.seconds:.1f} s ({rate:,.0f} records/s)",
               err=True)
    for example in summary.error_examples:
        click.echo(f"  {example}", err=True)
