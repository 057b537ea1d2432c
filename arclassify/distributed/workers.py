"""Models as a worker process holds them: loaded on first use, kept for every later task."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Model reference -> loaded model, per process. Tasks carry only the references (strings), so a
# model is loaded once per worker process, never pickled into a task.
_MODELS: dict[str, Any] = {}


def portable_ref(ref: str) -> str:
    """A model reference every worker reads the same way: a built-in name, or an absolute folder path."""
    from arclassify.models.builtin import builtin_names

    if ref in builtin_names():
        return ref
    return str(Path(ref).expanduser().resolve())


def worker_models(refs: Sequence[str]) -> list[Any]:
    """The models named by ``refs``, loaded once in this process."""
    from arclassify import load_model

    for ref in refs:
        if ref not in _MODELS:
            _MODELS[ref] = load_model(ref)
    return [_MODELS[ref] for ref in refs]


def loaded_refs() -> list[str]:
    """References of the models this process holds (for tests and diagnostics)."""
    return list(_MODELS)
