"""The models that ship inside the package, found by task name."""

from __future__ import annotations

from pathlib import Path

from arclassify.errors import ModelFileError
from arclassify.storage import METADATA_FILE

BUILTIN_DIR = Path(__file__).resolve().parent / "models"


def builtin_names() -> list[str]:
    """Task names with a shipped model folder."""
    if not BUILTIN_DIR.is_dir():
        return []
    return sorted(p.name for p in BUILTIN_DIR.iterdir() if (p / METADATA_FILE).is_file())


def resolve_model_path(name_or_path: str | Path) -> Path:
    """A model folder path from a path or a built-in task name."""
    path = Path(name_or_path)
    if path.exists():
        return path
    if str(name_or_path) in builtin_names():
        return BUILTIN_DIR / str(name_or_path)
    names = ", ".join(builtin_names()) or "none installed"
    raise ModelFileError(f"{name_or_path}: no such model folder, and no built-in model of that name (built-in: {names})")
