"""``arclassify info``: print a model's card."""

from __future__ import annotations

import json

import click

from arclassify.cli import reports_errors


@click.command("info")
@click.argument("model_ref", metavar="MODEL")
@click.option("--json", "as_json", is_flag=True, help="Print the raw metadata as JSON.")
@reports_errors
def command(model_ref, as_json) -> None:
    """Describe MODEL (a folder or a built-in task name) without loading its estimator."""
    from arclassify.models.builtin import resolve_model_path
    from arclassify.models.folders import read_metadata
    from arclassify.output.summaries import model_card

    metadata = read_metadata(resolve_model_path(model_ref))
    click.echo(json.dumps(metadata, ensure_ascii=False, indent=2) if as_json else model_card(metadata))
