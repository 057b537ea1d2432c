"""``arclassify train``: train a model on labelled data, report cross-validation, save it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click

from arclassify.cli import reports_errors
from arclassify.errors import ConfigError, DataError
from arclassify.config.schema import MULTI_LABEL, SINGLE_LABEL, TaskSchema


def build_schema(task: str | None, label_field: str | None, name: str | None, multi_label: bool | None,
                 text_fields: tuple[str, ...], id_field: str | None, label_separator: str | None,
                 pair_field: str | None) -> TaskSchema:
    """The task schema from a file, or a new one from the options (labels then come from the data)."""
    if task:
        schema = TaskSchema.from_toml(task)
        values = schema.to_dict()
    else:
        if not label_field:
            raise click.UsageError("give --task SCHEMA, or --label-field to train a new task from the data's labels")
        values = {"name": name or label_field.split(".")[-1], "kind": MULTI_LABEL if multi_label else SINGLE_LABEL,
                  "labels": {}}
    overrides = {"label_field": label_field, "id_field": id_field, "label_separator": label_separator,
                 "pair_field": pair_field, "name": name if task else None,
                 "text_fields": list(text_fields) if text_fields else None}
    if task and multi_label is not None and (MULTI_LABEL if multi_label else SINGLE_LABEL) != values["kind"]:
        raise ConfigError(f"{task}: the schema's kind is {values['kind']}; --multi-label/--single-label disagrees")
    values.update({k: v for k, v in overrides.items() if v is not None})
    return TaskSchema.from_dict(values, task or "command-line task")


def _prepare_output(output: Path, force: bool) -> None:
    if output.exists() and not output.is_dir():
        raise DataError(f"{output}: exists and is not a folder")
    if output.is_dir() and any(output.iterdir()) and not force:
        raise DataError(f"{output}: folder exists and is not empty; pass --force to replace it")


@click.command("train")
@click.option("--data", "data", required=True, help="Labelled data: JSON Lines, JSON, CSV/TSV, Parquet, a save_to_disk folder or a hub name.")
@click.option("--task", "task", type=click.Path(dir_okay=False), help="Task schema (TOML), e.g. labels/topic.toml.")
@click.option("--label-field", help="Field holding the label(s); dotted paths reach nested fields (labels.category).")
@click.option("--text-field", "text_fields", multiple=True, help="Field(s) to read, joined in order [default: title and text].")
@click.option("--pair-field", help="Second text of a pair task (e.g. a claim the text is compared with).")
@click.option("--id-field", help="Field holding each row's id [default: id].")
@click.option("--name", help="Task name (a new task defaults to the label field's name).")
@click.option("--multi-label/--single-label", "multi_label", default=None, help="Kind of a new task [default: single-label].")
@click.option("--label-separator", help="Separator of multi-label values given as one string [default: |].")
@click.option("--split", help="Split to read from a saved dataset or hub dataset [default: train].")
@click.option("--cv", "cv_folds", type=click.IntRange(min=0), help="Cross-validation folds (0 skips it) [default: the schema's].")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Processes for cross-validation folds.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True, help="Model folder to write.")
@click.option("--force", is_flag=True, help="Replace an existing model folder.")
@reports_errors
def command(data, task, label_field, text_fields, pair_field, id_field, name, multi_label, label_separator, split,
            cv_folds, jobs, output, force) -> None:
    """Train a model on labelled data and save it to a folder."""
    from arclassify.data.examples import read_examples
    from arclassify.output.summaries import format_cv
    from arclassify.models.folders import save_model
    from arclassify.train import train

    schema = build_schema(task, label_field, name, multi_label, text_fields, id_field, label_separator, pair_field)
    _prepare_output(output, force)
    examples = read_examples(data, schema.text_fields, schema.label_field, schema.id_field, schema.multi_label,
                             schema.label_separator, schema.pair_field, split)
    click.echo(f"read {len(examples)} labelled rows from {data}", err=True)
    model = train(schema, examples, cv_folds=cv_folds, jobs=jobs)
    click.echo(format_cv(model.metadata.get("cv_metrics")))
    # Write next to the target, then swap, so a failure never leaves a half-written model behind.
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        save_model(model, staging)
        if output.exists():
            shutil.rmtree(output)
        staging.rename(output)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    click.echo(f"model written to {output}", err=True)
