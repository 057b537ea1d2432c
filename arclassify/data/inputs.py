"""The one way from an item (a text, a record, a (text, pair) tuple) to what a model reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from arclassify.data.fields import TextFieldError, default_text_fields, record_text

ModelInput = str | tuple[str, str]


def text_fields_of(record: Mapping, text_fields: Sequence[str]) -> tuple[str, ...]:
    """The fields to read from a record: the task's, or ``title`` and ``text`` where present."""
    fields = tuple(text_fields) or default_text_fields(list(record))
    if not fields:
        present = ", ".join(map(str, list(record)[:10])) or "none"
        raise TextFieldError(f"no field 'text' or 'title'; fields present: {present} (name the text field to read)")
    return fields


def model_input(item: Any, text_fields: Sequence[str] = (), pair_field: str = "") -> ModelInput:
    """What a model reads from an item; :class:`TextFieldError` names what is missing or empty.

    Items are texts (``(text, pair)`` tuples for a pair task) or records (dicts), from which the
    text fields (and the pair field) are read and joined by newlines. An empty text is an error.
    """
    if isinstance(item, Mapping):
        fields = text_fields_of(item, text_fields)
        text = record_text(item, fields)
        if not text.strip():
            raise TextFieldError(f"empty text (fields: {', '.join(fields)})")
        if not pair_field:
            return text
        pair = record_text(item, [pair_field])
        if not pair.strip():
            raise TextFieldError(f"empty pair text (field: {pair_field})")
        return text, pair
    if pair_field:
        if isinstance(item, (tuple, list)) and len(item) == 2 and all(isinstance(x, str) for x in item):
            return item[0], item[1]
        raise TypeError(f"this task compares two texts: pass (text, {pair_field}) tuples or records, "
                        f"not {type(item).__name__}")
    if isinstance(item, str):
        return item
    raise TypeError(f"expected a text or a record (dict), got {type(item).__name__}")
