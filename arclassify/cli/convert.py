"""``arclassify convert``: turn an arclassify 0.1 model folder (a pickle) into a data-only model folder."""

from __future__ import annotations

from pathlib import Path

import click

from arclassify.cli import reports_errors

NOTICE = ("Note: converting unpickles {estimator}, and unpickling runs the code the file holds. "
          "Convert only a model folder from a source you trust (one you trained yourself); "
          "the converted folder holds arrays and JSON only, and loading it runs no code.")


@click.command("convert")
@click.argument("old", metavar="OLD", type=click.Path(path_type=Path))
@click.argument("new", metavar="NEW", type=click.Path(path_type=Path))
@reports_errors
def command(old: Path, new: Path) -> None:
    """Convert the arclassify 0.1 model folder OLD (a joblib pickle) into NEW (weights and JSON, no pickle).

    This unpickles OLD once, which runs the code its pickle holds: do it only for a folder from a
    trusted source. NEW must not exist or be an empty folder; OLD is left as it is.
    """
    import json

    from arclassify.errors import ModelFileError
    from arclassify.models.folders import METADATA_FILE, save_model
    from arclassify.models.legacy import load_legacy_folder

    if not old.is_dir():
        raise ModelFileError(f"{old}: no such model folder")
    if new.exists() and (not new.is_dir() or any(new.iterdir())):
        raise ModelFileError(f"{new}: exists and is not an empty folder; give a new folder name")
    try:
        metadata = json.loads((old / METADATA_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelFileError(f"{old}: no readable {METADATA_FILE}: {error}") from None
    if not isinstance(metadata, dict) or "estimator_sha256" not in metadata:
        raise ModelFileError(f"{old}: not a model folder of arclassify 0.1 (no pickled estimator); "
                             "a data-only model folder needs no conversion")
    click.echo(NOTICE.format(estimator=old / str(metadata.get("estimator_file", "estimator.joblib"))), err=True)
    model = load_legacy_folder(old)
    save_model(model, new)
    click.echo(f"converted {old} to {new} ({model.name}: {len(model.labels)} labels)", err=True)
