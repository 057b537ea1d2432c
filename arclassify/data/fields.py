"""From records (dicts) to model inputs: field access, text joining, label parsing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from arclassify.config.schema import DEFAULT_TEXT_FIELDS

_MISSING = object()


def get_field(record: Mapping, path: str, default: Any = _MISSING) -> Any:
    """A record's value at a field name or dotted path (``labels.category``)."""
    if path in record:
        return record[path]
    value: Any = record
    for part in path.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif default is _MISSING:
            raise KeyError(path)
        else:
            return default
    return value


def default_text_fields(columns: Sequence[str]) -> tuple[str, ...]:
    """``title`` and ``text`` where present."""
    return tuple(name for name in DEFAULT_TEXT_FIELDS if name in columns)


class TextFieldError(ValueError):
    """A record's text field is missing or is not text."""


def record_text(record: Mapping, fields: Sequence[str]) -> str:
    """The record's text fields joined by newlines (missing or null fields are skipped)."""
    parts = []
    for name in fields:
        value = get_field(record, name, None)
        if value is None:
            continue
        if not isinstance(value, str):
            raise TextFieldError(f"field {name!r} is {type(value).__name__} {str(value)[:40]!r}, not text")
        if value.strip():
            parts.append(value)
    return "\n".join(parts)


def parse_labels(value: Any, multi_label: bool, separator: str = "|") -> str | list[str] | None:
    """A label (single-label) or list of labels (multi-label) from a field value; ``None`` if absent."""
    if value is None:
        return None
    if multi_label:
        if isinstance(value, str):
            items = value.split(separator) if separator else [value]
        elif isinstance(value, (list, tuple)):
            items = list(value)
        else:
            raise ValueError(f"expected a list of labels or a {separator!r}-joined string, got {type(value).__name__} {value!r}")
        if not all(isinstance(item, (str, int)) and not isinstance(item, bool) for item in items):
            raise ValueError(f"labels must be strings, got {items!r}")
        return sorted({str(item).strip() for item in items if str(item).strip()})
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"expected one label (a string), got {type(value).__name__} {value!r}")
    label = str(value).strip()
    return label or None
