"""``arclassify report``: one self-contained HTML page of a scored archive."""

from __future__ import annotations

import click

from arclassify.cli import reports_errors
from arclassify.errors import DataError


@click.command("report")
@click.argument("scores", metavar="SCORES.jsonl")
@click.option("-o", "--output", required=True, help="The HTML page to write.")
@click.option("--by", help="Field to group records by: the predicted outlet, or a --keep field  [default: outlet].")
@click.option("--period", type=click.Choice(["week", "month"]), default="month", show_default=True,
              help="Period of the charts over time.")
@click.option("--date-field", default="date", show_default=True, help="Field holding each record's date.")
@click.option("--examples", type=click.IntRange(min=1, max=50), default=5, show_default=True,
              help="Highest-scoring records shown per label.")
@click.option("--texts", metavar="ARTICLES", help="The articles that were scored: explains each label's top "
              "examples to show the n-grams that pushed it.")
@click.option("--id-field", default="id", show_default=True, help="Id field of the --texts articles.")
@click.option("--model", "models", multiple=True, help="Model folder of a task that is not built in (for --texts).")
@reports_errors
def command(scores, output, by, period, date_field, examples, texts, id_field, models) -> None:
    """Write an HTML report of SCORES.jsonl (the output of `arclassify predict`).

    Label shares over time per task (overall and for the largest groups), records per group and
    label, the unknown share, the records that could not be scored and the highest-scoring
    records per label. The file is read once as a stream; only counts are kept.
    """
    from arclassify.report.aggregate import aggregate_file
    from arclassify.report.archive_page import archive_page
    from arclassify.report.charts import require_matplotlib
    from arclassify.report.page import write_page

    require_matplotlib()
    archive = aggregate_file(scores, period, date_field, by or "outlet", examples)
    if archive.records == 0:
        raise DataError(f"{scores}: no records; nothing to report")
    if archive.records == archive.errors:
        first = archive.error_examples[0]
        raise DataError(f"{scores}: none of the {archive.records:,} records was scored (each has an 'error' "
                        f"field; first: line {first[0]}: {first[1]}); nothing to report")
    if not archive.tasks:
        raise DataError(f"{scores}: no task fields (<task> with <task>_scores) in any record; is it the output "
                        "of `arclassify predict`?")
    if by and archive.grouped == 0:
        raise DataError(f"{scores}: field {by!r} is in none of the {archive.records:,} records (fields: "
                        f"{', '.join([*archive.tasks, *archive.fields]) or 'none'}); keep it when scoring: "
                        f"arclassify predict ... --keep {by}")
    ngrams = None
    if texts:
        from arclassify import load_model
        from arclassify.report.ngrams import label_ngrams

        loaded = {model.name: model for model in map(load_model, models)}
        ngrams = label_ngrams(archive, texts, id_field, loaded)
    inputs = [scores] + ([texts] if texts else [])
    path = write_page(output, archive_page(archive, ngrams), inputs)
    click.echo(f"report of {archive.records:,} records ({archive.errors:,} not scored) written to {path}", err=True)
