"""Streaming aggregates of a scores file: counts per task, period, group and label, top examples.

Memory is bounded whatever the size of the file: counters whose keys are bounded (tasks, labels,
periods, at most ``MAX_GROUPS`` groups) and, per label, a heap of at most ``examples`` records.
"""

from __future__ import annotations

import heapq
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from arclassify.errors import DataError

PERIODS = ("week", "month")
NO_LABEL = "(no label)"  # a multi-label record given none of the labels
MISSING_GROUP = "(missing)"
OTHER_GROUP = "(other groups)"
MAX_GROUPS = 500
EXAMPLE_TEXT_CHARS = 300
OWN_FIELDS = {"id", "error", "line", "row"}

_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?")


def period_start(value: Any, period: str) -> date | None:
    """The first day of the week (Monday) or month holding a date value, or ``None`` if unreadable."""
    if not isinstance(value, str):
        return None
    match = _DATE.match(value)
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        when = date(year, month, day)
    except ValueError:
        return None
    if period == "month":
        return when.replace(day=1)
    return when - timedelta(days=when.weekday())


@dataclass
class Example:
    """A record shown as an example of a label: its id, line, probability and kept fields."""

    id: Any
    line: int
    probability: float
    decision: Any
    fields: dict[str, Any]


@dataclass
class TaskAggregate:
    """Counts of one task's decisions: per (group, period, label), and the top records per label."""

    name: str
    multi_label: bool
    labels: list[str] = field(default_factory=list)
    records: int = 0
    cells: Counter = field(default_factory=Counter)  # (group, period, label) -> records
    totals: Counter = field(default_factory=Counter)  # (group, period) -> records scored
    heaps: dict[str, list[tuple[float, int, Example]]] = field(default_factory=dict)

    def label_counts(self, group: str | None = None) -> Counter:
        """Records per decided label (``unknown`` and ``NO_LABEL`` included), overall or for a group."""
        counts: Counter = Counter()
        for (g, _, label), n in self.cells.items():
            if group is None or g == group:
                counts[label] += n
        return counts

    def group_totals(self) -> Counter:
        """Records scored per group."""
        counts: Counter = Counter()
        for (g, _), n in self.totals.items():
            counts[g] += n
        return counts

    def decided_labels(self) -> list[str]:
        """The model's labels, then ``unknown`` / ``NO_LABEL`` where they occur."""
        seen = {label for (_, _, label) in self.cells}
        return self.labels + sorted(seen - set(self.labels))

    def shares_over_time(self, group: str | None = None) -> tuple[list[date], dict[str, list[float]], list[int]]:
        """Dated periods in order, each label's share of the period's records, and the records per period."""
        totals: Counter = Counter()
        counts: Counter = Counter()
        for (g, period), n in self.totals.items():
            if period is not None and (group is None or g == group):
                totals[period] += n
        for (g, period, label), n in self.cells.items():
            if period is not None and (group is None or g == group):
                counts[period, label] += n
        periods = sorted(totals)
        shares = {label: [counts[p, label] / totals[p] for p in periods] for label in self.decided_labels()}
        return periods, shares, [totals[p] for p in periods]

    def examples(self, label: str) -> list[Example]:
        """The highest-scoring records for a label, best first."""
        return [example for _, _, example in sorted(self.heaps.get(label, []), key=lambda t: (-t[0], t[1]))]


@dataclass
class Archive:
    """Aggregates of a whole scores file."""

    source: str
    period: str = "month"
    date_field: str = "date"
    by: str | None = "outlet"
    examples_per_label: int = 5
    records: int = 0
    errors: int = 0
    error_examples: list[tuple[int, str]] = field(default_factory=list)
    dated: int = 0
    bad_dates: int = 0
    first_bad_date: tuple[int, Any] | None = None
    grouped: int = 0
    tasks: dict[str, TaskAggregate] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)  # kept input fields seen (not the output's own)
    _groups: set[str] = field(default_factory=set)
    _seq: int = 0

    def _group_of(self, record: dict, line: int) -> str | None:
        if self.by is None:
            return None
        value = record.get(self.by)
        if value is None:
            return MISSING_GROUP
        if isinstance(value, (list, dict)):
            raise DataError(f"{self.source}, line {line}: field {self.by!r} holds a {type(value).__name__} "
                            f"({json.dumps(value, ensure_ascii=False)[:60]}); --by needs one value per record")
        self.grouped += 1
        group = str(value)
        if group not in self._groups:
            if len(self._groups) >= MAX_GROUPS:
                return OTHER_GROUP
            self._groups.add(group)
        return group

    def _period_of(self, record: dict, line: int) -> date | None:
        value = record.get(self.date_field)
        if value is None:
            return None
        start = period_start(value, self.period)
        if start is None:
            self.bad_dates += 1
            if self.first_bad_date is None:
                self.first_bad_date = (line, value)
            return None
        self.dated += 1
        return start

    def add(self, record: dict, line: int) -> None:
        """Count one output record of ``arclassify predict``."""
        self.records += 1
        self._seq += 1
        for name in record:
            if name not in OWN_FIELDS and not name.endswith("_scores") and f"{name}_scores" not in record \
                    and name not in self.fields:
                self.fields.append(name)
        if "error" in record:
            self.errors += 1
            if len(self.error_examples) < 5:
                self.error_examples.append((record.get("line", record.get("row", line)), str(record["error"])))
        group = self._group_of(record, line)
        period = self._period_of(record, line)
        for key, scores in record.items():
            name = key[: -len("_scores")]
            if not key.endswith("_scores") or not isinstance(scores, dict) or name not in record:
                continue
            self._add_task(name, record, scores, group, period, line)

    def _add_task(self, name: str, record: dict, scores: dict, group: str | None, period: date | None,
                  line: int) -> None:
        decision = record[name]
        task = self.tasks.get(name)
        if task is None:
            task = self.tasks[name] = TaskAggregate(name, isinstance(decision, list))
        for label in scores:
            if label not in task.labels:
                task.labels.append(label)
        task.records += 1
        task.totals[group, period] += 1
        if task.multi_label:
            decided = [str(label) for label in decision] if isinstance(decision, list) else [str(decision)]
            for label in decided or [NO_LABEL]:
                task.cells[group, period, label] += 1
        else:
            task.cells[group, period, str(decision)] += 1
        shown = {k: (v[:EXAMPLE_TEXT_CHARS] if isinstance(v, str) else v) for k, v in record.items()
                 if k in self.fields and not isinstance(v, (dict, list))}
        for label, probability in scores.items():
            if not isinstance(probability, (int, float)):
                raise DataError(f"{self.source}, line {line}: {name}_scores[{label!r}] is {probability!r}, "
                                "not a probability")
            heap = task.heaps.setdefault(label, [])
            item = (float(probability), -self._seq, Example(record.get("id"), line, float(probability), decision, shown))
            if len(heap) < self.examples_per_label:
                heapq.heappush(heap, item)
            elif item[:2] > heap[0][:2]:
                heapq.heapreplace(heap, item)

    def top_groups(self, n: int) -> list[str]:
        """The ``n`` groups with most scored records (over all tasks), missing and other groups left out."""
        counts: Counter = Counter()
        for task in self.tasks.values():
            counts.update(task.group_totals())
        return [g for g, _ in counts.most_common() if g not in (None, MISSING_GROUP, OTHER_GROUP)][:n]


def read_scores(path: str | Path) -> Iterator[tuple[int, dict]]:
    """(line number, record) for each non-blank line of a JSON Lines scores file, read as a stream."""
    source = str(path)
    if not Path(path).is_file():
        raise DataError(f"{source}: no such file")
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise DataError(f"{source}, line {number}: malformed JSON at column {error.pos + 1}: {error.msg} "
                                "(a scores file is the JSON Lines output of `arclassify predict`)") from None
            if not isinstance(record, dict):
                raise DataError(f"{source}, line {number}: expected a JSON object, got {type(record).__name__}")
            yield number, record


def aggregate(records: Iterable[tuple[int, dict]], source: str, period: str = "month", date_field: str = "date",
              by: str | None = "outlet", examples: int = 5) -> Archive:
    """Aggregates of (line, record) pairs from ``arclassify predict``'s output."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
    archive = Archive(source, period, date_field, by, examples)
    for line, record in records:
        archive.add(record, line)
    return archive


def aggregate_file(path: str | Path, period: str = "month", date_field: str = "date", by: str | None = "outlet",
                   examples: int = 5) -> Archive:
    """Aggregates of a scores file, read once as a stream."""
    return aggregate(read_scores(path), str(path), period, date_field, by, examples)
