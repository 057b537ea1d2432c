"""Read labelled (or unlabelled) examples from a data source, checking every row."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arclassify.data.fields import (
    TextFieldError,
    default_text_fields,
    get_field,
    parse_labels,
)
from arclassify.data.inputs import model_input
from arclassify.data.tables import is_json_lines, json_line_numbers, load_table
from arclassify.errors import DataError, describe_offenders


@dataclass
class Examples:
    """Texts read from a data source, with ids, labels and their row numbers in the source."""

    source: str
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    labels: list[Any] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    pairs: list[str] | None = None
    # Each row's group (e.g. its outlet), for cross-validation that holds whole groups out.
    groups: list[str] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def inputs(self) -> list:
        """What a model reads: the texts, or (text, pair) tuples for a pair task."""
        return self.texts if self.pairs is None else list(zip(self.texts, self.pairs))

    def subset(self, indices: Sequence[int]) -> Examples:
        pick = lambda values: [values[i] for i in indices]  # noqa: E731
        return Examples(self.source, pick(self.ids), pick(self.texts), pick(self.labels), pick(self.rows),
                        pick(self.pairs) if self.pairs is not None else None,
                        pick(self.groups) if self.groups is not None else None)

    def fingerprint(self) -> dict[str, Any]:
        """Row count and sha256 of the (id, text, pair, label) rows, in order."""
        digest = hashlib.sha256()
        pairs = self.pairs if self.pairs is not None else [None] * len(self.texts)
        for row in zip(self.ids, self.texts, pairs, self.labels):
            digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8"))
            digest.update(b"\n")
        return {"rows": len(self.texts), "sha256": digest.hexdigest()}



class RowProblems:
    """Offending rows grouped by problem, reported together in one error."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: dict[str, list[tuple[int, str]]] = {}

    def add(self, problem: str, row: int, detail: str) -> None:
        self.problems.setdefault(problem, []).append((row, detail))

    def _where(self, row: int, lines: list[int] | None) -> str:
        if lines is not None and row <= len(lines):
            return f"row {row} (line {lines[row - 1]})"
        return f"row {row}"

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        lines = None
        path = Path(self.source)
        if path.is_file():
            try:
                lines = json_line_numbers(path) if is_json_lines(path) else None
            except (DataError, OSError, UnicodeDecodeError):
                lines = None
        messages = [
            describe_offenders(problem, [f"{self._where(row, lines)}: {detail}" for row, detail in found[:5]], len(found))
            for problem, found in self.problems.items()
        ]
        raise DataError(f"{self.source}: the data has problems\n" + "\n".join(messages))


def _columns(table: Any) -> list[str]:
    return list(table.column_names)


def _check_field(columns: Sequence[str], table: Any, name: str, role: str, source: str) -> None:
    top = name.split(".")[0]
    if name in columns or top in columns:
        return
    raise DataError(f"{source}: no {role} field {name!r}; the data has the fields {', '.join(columns)}")


def read_examples(
    source: str | Path,
    text_fields: Sequence[str] = (),
    label_field: str | None = "label",
    id_field: str = "id",
    multi_label: bool = False,
    label_separator: str = "|",
    pair_field: str = "",
    split: str | None = None,
    encoding: str = "utf-8",
    group_field: str = "",
) -> Examples:
    """Examples from a file, saved folder or hub name; each row's text and label are checked.

    With ``group_field``, each row's value of that field (e.g. its outlet) becomes its group.
    """
    source = str(source)
    table = load_table(source, split, encoding)
    columns = _columns(table)
    fields = tuple(text_fields) or default_text_fields(columns)
    if not fields:
        raise DataError(f"{source}: no 'title' or 'text' field; name the text fields to read (the data has {', '.join(columns)})")
    present = [name for name in fields if name in columns or name.split(".")[0] in columns]
    if not present:  # one of several text fields may be missing (an article without a title)
        _check_field(columns, table, fields[0], "text", source)
    if pair_field:
        _check_field(columns, table, pair_field, "pair", source)
    if label_field:
        _check_field(columns, table, label_field, "label", source)
    if group_field:
        _check_field(columns, table, group_field, "group", source)
    has_ids = id_field.split(".")[0] in columns
    problems = RowProblems(source)
    examples = Examples(source=source, pairs=[] if pair_field else None, groups=[] if group_field else None)
    for row, record in enumerate(table, 1):
        try:
            item = model_input(record, fields, pair_field)
        except TextFieldError as error:
            message = str(error)
            problems.add("text that is not a string" if "not text" in message else message.split(" (")[0], row, message)
            continue
        text, pair = item if isinstance(item, tuple) else (item, None)
        label = None
        if label_field:
            try:
                label = parse_labels(get_field(record, label_field, None), multi_label, label_separator)
            except ValueError as error:
                problems.add(f"unreadable label (field {label_field})", row, str(error))
                continue
            if label is None:
                problems.add(f"no label (field {label_field})", row, "missing or empty")
                continue
        group = get_field(record, group_field, None) if group_field else None
        if group_field and (group is None or not str(group).strip()):
            problems.add(f"no group (field {group_field})", row, "missing or empty")
            continue
        identifier = get_field(record, id_field, None) if has_ids else None
        examples.ids.append(str(identifier) if identifier is not None else str(row))
        examples.texts.append(text)
        examples.labels.append(label)
        examples.rows.append(row)
        if examples.pairs is not None and pair is not None:
            examples.pairs.append(pair)
        if examples.groups is not None:
            examples.groups.append(str(group))
    problems.raise_if_any()
    if not examples.texts:
        raise DataError(f"{source}: no rows")
    return examples
