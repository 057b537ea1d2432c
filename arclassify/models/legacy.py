"""Convert a model folder of arclassify 0.1 (a joblib pickle) to the data-only format, once.

Unpickling runs code: this is done only when a user asks for it explicitly
(``arclassify convert OLD NEW``), for a folder from a source they trust.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from arclassify.errors import ModelFileError

# Where the 0.1 modules a pickle names live now (the names of a module split in two: both).
MOVED_MODULES: dict[str, str | tuple[str, ...]] = {
    "arclassify.vectorizer": ("arclassify.features.tfidf", "arclassify.features.estimators"),
    "arclassify.pair_features": "arclassify.features.pairs",
    "arclassify.features": "arclassify.features.build",
    "arclassify.schema": "arclassify.config.schema",
    "arclassify.preprocess": "arclassify.text",
    "arclassify.preprocess.analyzer": "arclassify.text.analyzer",
    "arclassify.preprocess.normalize": "arclassify.text.normalize",
    "arclassify.preprocess.encoder": "arclassify.text.encoder",
    "arclassify.preprocess.memo": "arclassify.text.memo",
    "arclassify.ragged": "arclassify.arrays",
}
DROPPED_KEYS = ("labels", "unknown_threshold", "hyperparameters", "estimator_file", "estimator_sha256",
                "format_version")


def _merged(name: str, modules: tuple[str, ...]) -> ModuleType:
    merged = ModuleType(name)
    for module in modules:
        merged.__dict__.update(vars(import_module(module)))
    return merged


@contextmanager
def _old_module_names() -> Iterator[None]:
    added = []
    for old, new in MOVED_MODULES.items():
        if old not in sys.modules or old == "arclassify.features":
            previous = sys.modules.get(old)
            sys.modules[old] = _merged(old, new) if isinstance(new, tuple) else import_module(new)
            added.append((old, previous))
    try:
        yield
    finally:
        for old, previous in added:
            if previous is None:
                sys.modules.pop(old, None)
            else:
                sys.modules[old] = previous


def load_legacy_folder(folder: str | Path) -> Any:
    """The model of a 0.1 folder, unpickled after checking the pickle's recorded sha256."""
    import json

    import joblib

    from arclassify.models.folders import METADATA_FILE, file_sha256
    from arclassify.models.linear import TfidfLinearModel

    folder = Path(folder)
    try:
        metadata = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelFileError(f"{folder}: no readable {METADATA_FILE}: {error}") from None
    if "estimator_sha256" not in metadata:
        raise ModelFileError(f"{folder}: not a model folder of arclassify 0.1 (no estimator_sha256 in its metadata)")
    estimator = (folder / str(metadata.get("estimator_file", "estimator.joblib"))).resolve()
    if estimator.parent != folder.resolve() or not estimator.is_file():
        raise ModelFileError(f"{folder}: the estimator file must be a file inside the model folder")
    if file_sha256(estimator) != metadata["estimator_sha256"]:
        raise ModelFileError(f"{estimator}: sha256 mismatch with its metadata; not unpickled")
    with _old_module_names():
        try:
            pipeline = joblib.load(estimator)
        except Exception as error:  # an unpickler raises anything
            raise ModelFileError(f"{estimator}: cannot be loaded: {type(error).__name__}: {error}") from None
    kept = {key: value for key, value in metadata.items() if key not in DROPPED_KEYS}
    kept.setdefault("notes", [])
    kept["notes"] = [*kept["notes"], f"converted from an arclassify 0.1 pickle (sha256 {metadata['estimator_sha256']})"]
    return TfidfLinearModel.from_pipeline(pipeline, kept)
