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
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the full report: JSON, or an HTML page with charts when it ends in .html.")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the data (e.g. cp1256).")
@reports_errors
def command(model_ref, data, label_field, text_fields, id_field, split, report, encoding) -> None:
    """Evaluate MODEL (a folder or a built-in task name) on labelled data."""
    from arclassify import load_model
    from arclassify.cli.predict import warnings_as_messages
    from arclassify.data.examples import read_examples
    from arclassify.data.readers import check_encoding
    from arclassify.evaluate import evaluate_with_probabilities
    from arclassify.output.records import write_text_atomic
    from arclassify.output.summaries import format_report

    encoding = check_encoding(encoding)
    html = bool(report) and report.suffix.lower() in (".html", ".htm")
    if report:  # checked before the work, not after it
        if report.is_dir():
            raise click.BadParameter(f"{report} is a folder; give a file name", param_hint="--report")
        report.parent.mkdir(parents=True, exist_ok=True)
    if html:
        from arclassify.report.charts import require_matplotlib

        require_matplotlib()
    with warnings_as_messages():
        model = load_model(model_ref)
    schema = model.schema
    examples = read_examples(data, text_fields or schema.text_fields, label_field or schema.label_field,
                             id_field or schema.id_field, schema.multi_label, schema.label_separator,
                             schema.pair_field, split, encoding)
    result, proba = evaluate_with_probabilities(model, examples, progress=True)
    unknown = result.get("labels_unknown_to_model")
    if unknown:
        listed = ", ".join(f"{label!r} ({n})" for label, n in unknown.items())
        click.echo(f"Warning: labels the model does not know (counted as wrong): {listed}", err=True)
    click.echo(f"{model.name} on {data} ({len(examples)} rows)")
    click.echo(format_report(result))
    if html:
        _write_html(report, model, examples, result, proba)
        click.echo(f"report written to {report}", err=True)
    elif report:
        write_text_atomic(report, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        click.echo(f"report written to {report}", err=True)


def _write_html(path: Path, model, examples, result: dict, proba) -> None:
    from arclassify.report.evaluation_page import evaluation_page
    from arclassify.report.page import write_page

    page = evaluation_page(result, proba, model.labels, examples.labels, model.multi_label,
                           None if model.multi_label else model.unknown_threshold, model.thresholds)
    write_page(path, page)
