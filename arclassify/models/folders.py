"""Model folders: ``metadata.json`` (task, layout, provenance) and ``weights.npz`` (arrays only).

Loading a folder runs no code: the weights are read with ``allow_pickle=False`` and the model is
rebuilt from them and the metadata. Checksums cover everything that decides an answer: the
weights file, and the task (labels and their order included) and layout in the metadata; a
mismatch is refused, naming the part that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from arclassify import __version__
from arclassify.errors import ModelFileError
from arclassify.models.base import Model, model_class
from arclassify.weights import WeightsReader, load_weights, save_weights

METADATA_FILE = "metadata.json"
WEIGHTS_FILE = "weights.npz"
FORMAT_VERSION = 3  # the newest format read; 3 added a novelty score to the layout
# What decides an answer, besides the weights: each part is checksummed on its own.
DECISION_KEYS = ("task", "model_type", "layout")
# A staging folder older than this was left by a killed save and may be removed.
STALE_SECONDS = 3600


class ModelVersionWarning(UserWarning):
    """The model was saved by another version of scikit-learn or arclassify than the one installed."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _part_sha256(value: Any) -> str:
    # Keys in the order they are written: a multi-label model's scores are matched to its labels
    # by position, so the order of the labels decides answers and must be covered.
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8")).hexdigest()


def write_model_files(model: Model, folder: Path) -> dict[str, Any]:
    """Write a model's weights and metadata into an existing, empty folder; return the metadata."""
    layout, arrays, strings = model.weights()
    save_weights(folder / WEIGHTS_FILE, arrays, strings)
    metadata = {key: value for key, value in model.metadata.items() if key not in ("checksums", "path")}
    # A model without what format 3 added is written as format 2, which older versions still read.
    version = FORMAT_VERSION if "novelty" in layout else 2
    metadata.update(format_version=version, model_type=type(model).model_type, layout=layout)
    metadata["checksums"] = {WEIGHTS_FILE: file_sha256(folder / WEIGHTS_FILE),
                             **{key: _part_sha256(metadata[key]) for key in DECISION_KEYS}}
    (folder / METADATA_FILE).write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return metadata


def clean_stale_staging(parent: Path, name: str) -> None:
    """Remove staging folders of ``name`` left behind by a save that was killed long ago."""
    for leftover in parent.glob(f".{name}.*.staging"):
        try:
            if leftover.is_dir() and time.time() - leftover.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(leftover)
        except OSError:
            pass


def save_model(model: Model, folder: str | Path, replace: bool = False) -> Path:
    """Write a model folder, next to the target first and then renamed into place.

    An existing folder is replaced only with ``replace`` and only if it is a model folder.
    """
    folder = Path(folder)
    if folder.exists():
        if not folder.is_dir():
            raise ModelFileError(f"{folder}: exists and is not a folder")
        if any(folder.iterdir()):
            if not replace:
                raise ModelFileError(f"{folder}: folder exists and is not empty")
            if not is_model_folder(folder):
                raise ModelFileError(f"{folder}: is not a model folder; it is never replaced")
    parent = folder.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    clean_stale_staging(parent, folder.name)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".staging", dir=parent))
    try:
        metadata = write_model_files(model, staging)
        os.chmod(staging, 0o755)  # mkdtemp makes it 0700: a model folder is meant to be shared
        if folder.exists():
            retired = staging.with_suffix(".old")
            folder.rename(retired)
            staging.rename(folder)
            shutil.rmtree(retired)
        else:
            staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    model.metadata = metadata
    model.path = folder
    return folder


def is_model_folder(folder: Path) -> bool:
    """Whether a folder holds a model's metadata (of this or the older pickle format)."""
    return (folder / METADATA_FILE).is_file()


def read_metadata(folder: str | Path) -> dict[str, Any]:
    """A model folder's metadata, without loading its weights."""
    folder = Path(folder)
    path = folder / METADATA_FILE
    if not folder.is_dir():
        raise ModelFileError(f"{folder}: no such model folder")
    if not path.is_file():
        raise ModelFileError(f"{folder}: not a model folder ({METADATA_FILE} is missing)")
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ModelFileError(f"{path}: not valid JSON: {error}") from None
    if not isinstance(metadata, dict):
        raise ModelFileError(f"{path}: expected a JSON object")
    if "estimator_sha256" in metadata and "model_type" not in metadata:
        raise ModelFileError(
            f"{folder}: a model folder of arclassify 0.1, whose estimator is a pickle; loading it would run the "
            f"code it holds, so it is not loaded. Retrain it with `arclassify train`, or, if you trust where it "
            f"came from, convert it once: `arclassify convert {folder} NEW_FOLDER`."
        )
    for key in (*DECISION_KEYS, "checksums", "format_version"):
        if key not in metadata:
            raise ModelFileError(f"{path}: the metadata has no {key!r}")
    if not isinstance(metadata["format_version"], int) or metadata["format_version"] > FORMAT_VERSION:
        raise ModelFileError(f"{path}: model format {metadata['format_version']!r} is newer than this arclassify "
                             f"({__version__}) reads (format {FORMAT_VERSION}); upgrade arclassify")
    return metadata


def verify_checksums(folder: Path, metadata: dict[str, Any]) -> Path:
    """The weights file, after checking it and the answer-deciding metadata against their checksums."""
    checksums = metadata["checksums"]
    if not isinstance(checksums, dict):
        raise ModelFileError(f"{folder / METADATA_FILE}: 'checksums' must be a JSON object")
    changed = [key for key in DECISION_KEYS if checksums.get(key) != _part_sha256(metadata[key])]
    if changed:
        parts = ["'task' (its labels, their order or its settings)" if key == "task" else repr(key) for key in changed]
        raise ModelFileError(f"{folder / METADATA_FILE}: {' and '.join(parts)} changed after the model was saved "
                             "(checksum mismatch); the answers would no longer match the weights, so it was not "
                             "loaded")
    weights = folder / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelFileError(f"{folder}: the weights file {WEIGHTS_FILE} is missing")
    actual = file_sha256(weights)
    if actual != checksums.get(WEIGHTS_FILE):
        raise ModelFileError(f"{weights}: sha256 mismatch (expected {checksums.get(WEIGHTS_FILE)}, found {actual}); "
                             "the file was changed or damaged, so it was not loaded")
    return weights


def _warn_versions(folder: Path, metadata: dict[str, Any]) -> None:
    from importlib.metadata import version

    saved, running = metadata.get("sklearn_version"), version("scikit-learn")  # not importing scikit-learn itself
    if saved and saved != running:
        warnings.warn(f"{folder}: saved with scikit-learn {saved}, running {running}; the model's "
                      "preprocessing and weights do not depend on it, but retrain to be sure of identical answers.",
                      ModelVersionWarning, stacklevel=3)
    made_by = str(metadata.get("arclassify_version", ""))
    if made_by and _version_tuple(made_by) > _version_tuple(__version__):
        warnings.warn(f"{folder}: saved by arclassify {made_by}, newer than the installed {__version__}",
                      ModelVersionWarning, stacklevel=3)


def _version_tuple(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def load_model_folder(folder: str | Path) -> Model:
    """Load a model folder after checking its checksums; runs no code from the folder."""
    folder = Path(folder)
    metadata = read_metadata(folder)
    weights_path = verify_checksums(folder, metadata)
    _warn_versions(folder, metadata)
    arrays, strings = load_weights(weights_path)
    cls = model_class(metadata["model_type"], str(folder / METADATA_FILE))
    try:
        model: Model = cls.from_weights(metadata, WeightsReader(arrays, strings, source=str(weights_path)), folder)
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(f"{folder}: the model cannot be rebuilt from its files: {type(error).__name__}: {error}") from None
    return model
