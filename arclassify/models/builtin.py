"""The models that ship inside the package, found by task name."""

from __future__ import annotations

from pathlib import Path

from arclassify.errors import ModelFileError
from arclassify.models.folders import METADATA_FILE

BUILTIN_DIR = Path(__file__).resolve().parent / "shipped"


def builtin_names() -> list[str]:
    """Task names with a shipped model folder."""
    if not BUILTIN_DIR.is_dir():
        return []
    return sorted(p.name for p in BUILTIN_DIR.iterdir() if (p / METADATA_FILE).is_file())


def builtin_path(name: str) -> Path:
    """The folder of a built-in model; a local folder of the same name never takes its place."""
    if name not in builtin_names():
        names = ", ".join(builtin_names()) or "none installed"
        raise ModelFileError(f"{name!r} is not a built-in model (built-in: {names})")
    return BUILTIN_DIR / name


def resolve_model_path(name_or_path: str | Path) -> Path:
    """A built-in model's folder for a built-in task name, else the path itself.

    A built-in name always means the built-in model; write ``./topic`` for a local folder of
    that name.
    """
    if isinstance(name_or_path, str) and name_or_path in builtin_names():
        return builtin_path(name_or_path)
    path = Path(name_or_path)
    if path.exists():
        return path
    names = ", ".join(builtin_names()) or "none installed"
    raise ModelFileError(f"{name_or_path}: no such model folder, and no built-in model of that name (built-in: {names})")
