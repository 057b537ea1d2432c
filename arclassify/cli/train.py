"""``arclassify train``: train a model on labelled data, report cross-validation, save it."""

from __future__ import annotations

from pathlib import Path

import click

from arclassify.cli import reports_errors


@click.command("train")
@click.option("--data", "data", required=True,
              help="Labelled data: JSON Lines, JSON, CSV/TSV, Parquet, a save_to_disk folder or a hub name.")
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
@click.option("--group-field", help="Field holding each row's group (e.g. outlet): cross-validation holds whole groups out.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Processes for cross-validation folds.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True, help="Model folder to write.")
@click.option("--force", is_flag=True, help="Replace an existing model folder (only a model folder).")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the data (e.g. cp1256).")
@reports_errors
def command(data, task, label_field, text_fields, pair_field, id_field, name, multi_label, label_separator, split,
            cv_folds, group_field, jobs, output, force, encoding) -> None:
    """Train a model on labelled data and save it to a folder."""
    from arclassify.cli.predict import warnings_as_messages
    from arclassify.config.schema import build_task_schema
    from arclassify.data.examples import read_examples
    from arclassify.data.readers import check_encoding
    from arclassify.models.folders import save_model
    from arclassify.output.summaries import format_cv
    from arclassify.predict import usable_jobs
    from arclassify.train import check_output_folder, train

    if cv_folds == 1:
        raise click.BadParameter("cross-validation needs at least 2 folds (or 0 to skip it)", param_hint="--cv")
    if not task and not label_field:
        raise click.UsageError("give --task SCHEMA, or --label-field to train a new task from the data's labels")
    encoding = check_encoding(encoding)
    schema = build_task_schema(task, label_field=label_field, name=name, multi_label=multi_label,
                               text_fields=text_fields, id_field=id_field, label_separator=label_separator,
                               pair_field=pair_field)
    check_output_folder(output, data, force)
    with warnings_as_messages():
        jobs = usable_jobs(jobs)  # before the data is read: the warning comes first
    examples = read_examples(data, schema.text_fields, schema.label_field, schema.id_field, schema.multi_label,
                             schema.label_separator, schema.pair_field, split, encoding, group_field or "")
    click.echo(f"read {len(examples)} labelled rows from {data}", err=True)
    model = train(schema, examples, cv_folds=cv_folds, jobs=jobs, progress=True)
    click.echo(format_cv(model.metadata.get("cv_metrics")))
    save_model(model, output, replace=force)
    click.echo(f"model written to {output}", err=True)
