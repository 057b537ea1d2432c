"""Model folders: the estimator (joblib), its sha256, and a metadata JSON; checked on loading.

Loading a model unpickles it, which runs code: load model folders only from a trusted source.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path
from typing import Any

from arclassify.errors import ModelFileError

ESTIMATOR_FILE = "estimator.joblib"
CHECKSUM_FILE = "estimator.joblib.sha256"
METADATA_FILE = "metadata.json"


class ModelVersionWarning(UserWarning):
    """The model was saved with another scikit-learn version than the one installed."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(model: Any, folder: str | Path) -> Path:
    """Write a model folder; files already there are replaced."""
    import joblib

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ModelFileError(f"{folder}: exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    estimator = folder / ESTIMATOR_FILE
    # Uncompressed: loads several times faster than a compressed file, and a wheel compresses it anyway.
    joblib.dump(model.pipeline, estimator, compress=0)
    checksum = file_sha256(estimator)
    (folder / CHECKSUM_FILE).write_text(f"{checksum}  {ESTIMATOR_FILE}\n", encoding="utf-8")
    metadata = {**model.metadata, "estimator_file": ESTIMATOR_FILE, "estimator_sha256": checksum}
    (folder / METADATA_FILE).write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    model.metadata = metadata
    model.path = folder
    return folder


def read_metadata(folder: str | Path) -> dict[str, Any]:
    """A model folder's metadata, without loading the estimator."""
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
    for key in ("task", "labels", "estimator_sha256"):
        if key not in metadata:
            raise ModelFileError(f"{path}: the metadata has no {key!r}")
    return metadata


def verify_checksum(folder: Path, metadata: dict[str, Any]) -> Path:
    """The estimator file, after checking its sha256 against the metadata and the checksum file."""
    estimator = folder / metadata.get("estimator_file", ESTIMATOR_FILE)
    if not estimator.is_file():
        raise ModelFileError(f"{folder}: the estimator file {estimator.name} is missing")
    expected = metadata["estimator_sha256"]
    recorded = folder / CHECKSUM_FILE
    if recorded.is_file():
        listed = recorded.read_text(encoding="utf-8").split()
        if not listed or listed[0] != expected:
            raise ModelFileError(f"{folder}: {CHECKSUM_FILE} and {METADATA_FILE} disagree about the estimator's sha256")
    actual = file_sha256(estimator)
    if actual != expected:
        raise ModelFileError(
            f"{estimator}: sha256 mismatch (expected {expected}, found {actual}); the file was changed or damaged. "
            "It was not loaded: unpickling runs code, so only files matching their recorded checksum are opened."
        )
    return estimator


def load_model_folder(folder: str | Path) -> Any:
    """Load a model folder after checking the estimator's checksum."""
    import joblib
    import sklearn
    from sklearn.exceptions import InconsistentVersionWarning

    from arclassify.model import Model

    folder = Path(folder)
    metadata = read_metadata(folder)
    estimator = verify_checksum(folder, metadata)
    saved_version = metadata.get("sklearn_version")
    if saved_version and saved_version != sklearn.__version__:
        warnings.warn(
            f"{folder}: saved with scikit-learn {saved_version}, running {sklearn.__version__}; "
            "predictions may differ or fail. Retrain the model with the installed version to be sure.",
            ModelVersionWarning,
            stacklevel=2,
        )
    with warnings.catch_warnings():
        if saved_version and saved_version != sklearn.__version__:
            warnings.simplefilter("ignore", InconsistentVersionWarning)
        try:
            pipeline = joblib.load(estimator)
        except Exception as error:
            raise ModelFileError(f"{estimator}: cannot be loaded: {type(error).__name__}: {error}") from None
    return Model(pipeline, metadata, folder)
