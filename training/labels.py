"""The label sets of the built-in tasks, read from their schemas in ``labels/`` (one source)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@cache
def task_labels(schema: str) -> tuple[str, ...]:
    """The labels of a schema file, by name (``topic``) under labels/ or by path, in their order."""
    path = Path(schema) if schema.endswith(".toml") else ROOT / "labels" / f"{schema}.toml"
    return tuple(tomllib.loads(path.read_text(encoding="utf-8"))["labels"])
