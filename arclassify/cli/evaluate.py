"""``arclassify evaluate``: score a model against labelled data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from arclassify.cli import reports_errors


@click.command("evaluate")
@click.argument("model_ref", metavar="MODEL")
@click.option("--data", required=True, help="Labelled data in any format `train` reads.")
@click.option("--label-field", help="Field holding the true label(s) [default: the model's].")
@click.option("--text-field", "text_fields", multiple=True, help="Field(s) to read [default: the model's].")
@click.option("--id-field", help="Field holding each row's id [default: the model's].")
@click.option("--split", help="Split of a saved or hub dataset [default: train].")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Also write the full report as JSON.")
@reports_errors
def command(model_ref, data, label_field, text_fields, id_field, split, report) -> None:
    """Evaluate MODEL (a folder or a built-in task name) on labelled data."""
    from arclassify import load_model
    from arclassify.evaluate import evaluate
    from arclassify.data.examples import read_examples
    from arclassify.output.summaries import format_report

    model = load_model(model_ref)
    schema = model.schema
    examples = read_examples(data, text_fields or schema.text_fields, label_field or schema.label_field,
                             id_field or schema.id_field, schema.multi_label, schema.label_separator,
                             schema.pair_field, split)
    result = evaluate(model, examples)
    click.echo(f"{model.name} on {data} ({len(examples)} rows)")
    click.echo(format_report(result))
    if report:
        report.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        click.echo(f"report written to {report}", err=True)
