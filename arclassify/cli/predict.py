"""``arclassify predict``: score a file or stream of articles with one or more models."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from arclassify.cli import reports_errors
from arclassify.errors import DataError


def model_refs(models: tuple[str, ...], tasks: tuple[str, ...]) -> list[str]:
    """Model folders and built-in task names to load, ``all`` meaning every built-in model."""
    from arclassify.models.builtin import builtin_names

    refs = list(models)
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
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", default="-", show_default=True, help="Output JSON Lines file ('-' for stdout).")
@click.option("--task", "tasks", multiple=True, help="Built-in task to run (topic, outlet, stance) or 'all'; repeatable.")
@click.option("--model", "models", multiple=True, help="Model folder to run; repeatable.")
@click.option("--id-field", default="id", show_default=True, help="Input field copied to the output as 'id'.")
@click.option("--keep", "keep", multiple=True, metavar="FIELD",
              help="Input field copied into each output record (null where missing), e.g. date, url; repeatable.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Scoring processes.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=500, show_default=True, help="Records per chunk.")
@click.option("--quiet", is_flag=True, help="No progress line on stderr.")
@click.option("--strict", is_flag=True, help="Exit with code 1 if any record could not be scored.")
@reports_errors
def command(input_path, output, tasks, models, id_field, keep, jobs, chunk_size, quiet, strict) -> None:
    """Score INPUT (JSON Lines, CSV/TSV or Parquet; '-' for stdin) and write JSON Lines.

    Each output line holds the input's id and the --keep fields, then for each task a field
    named after it (a label, or a list of labels) and '<task>_scores' (label -> probability). A record that cannot be
    scored gets an 'error' field (with its line number) and the run goes on.
    """
    from arclassify import load_model
    from arclassify.predict import InputReader, Progress, check_kept_fields, score_stream

    refs = model_refs(models, tasks)
    loaded = [load_model(ref) for ref in refs]  # fail fast on a bad model, before reading input
    names = [m.name for m in loaded]
    if len(set(names)) < len(names):
        raise DataError(f"two models have the same task name ({', '.join(names)}); their output fields would collide")
    try:
        check_kept_fields(keep, names)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--keep") from None
    keep = tuple(dict.fromkeys(keep))
    reader = InputReader(input_path)
    progress = Progress(enabled=not quiet)
    if output == "-":
        summary = score_stream(reader, sys.stdout.write, refs, loaded if jobs == 1 else None, id_field, chunk_size,
                               jobs, progress, keep)
        sys.stdout.flush()
    else:
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            summary = score_stream(reader, handle.write, refs, loaded if jobs == 1 else None, id_field, chunk_size,
                                   jobs, progress, keep)
    if not quiet or summary.errors:
        rate = summary.records / summary.seconds if summary.seconds else 0
        click.echo(f"{summary.records} records scored in {summary.seconds:.1f} s ({rate:,.0f}/s); "
                   f"{summary.errors} could not be scored", err=True)
        for example in summary.error_examples:
            click.echo(f"  {example}", err=True)
    if strict and summary.errors:
        sys.exit(1)
