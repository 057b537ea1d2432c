"""The n-grams that pushed each label, summed over its top example records (read from the articles file)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from arclassify.data.fields import get_field
from arclassify.errors import ArclassifyError
from arclassify.report.aggregate import Archive


@dataclass
class LabelNgrams:
    """Per task and label: (feature, kind) -> summed weight and the number of examples it appeared in."""

    weights: dict[str, dict[str, Counter]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Counter)))
    examples: dict[str, dict[str, Counter]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Counter)))
    explained: Counter = field(default_factory=Counter)  # (task, label) -> examples explained
    notes: list[str] = field(default_factory=list)

    def top(self, task: str, label: str, n: int = 10) -> list[tuple[str, str, float, int]]:
        """The ``n`` heaviest (feature, kind, summed weight, examples) of a label."""
        weights = self.weights.get(task, {}).get(label, Counter())
        return [(feature, kind, round(weight, 4), self.examples[task][label][feature, kind])
                for (feature, kind), weight in weights.most_common(n)]


def example_ids(archive: Archive) -> set[str]:
    """Ids of every example record kept in the aggregates (a bounded set)."""
    return {str(example.id) for task in archive.tasks.values() for label in task.labels
            for example in task.examples(label) if example.id is not None}


def label_ngrams(archive: Archive, texts_path: str, id_field: str = "id", models: dict[str, Any] | None = None,
                 top: int = 10) -> LabelNgrams:
    """Explain each label's top examples with its task's model and add up the n-gram weights per label.

    Models come from ``models`` (task name -> model) or, for the built-in tasks, ``load_model``.
    """
    from arclassify import load_model
    from arclassify.predict import InputReader

    result = LabelNgrams()
    wanted = example_ids(archive)
    records: dict[str, dict] = {}
    for item in InputReader(texts_path):
        if item.record is None:
            continue
        key = get_field(item.record, id_field, None)
        if key is not None and str(key) in wanted and str(key) not in records:
            records[str(key)] = item.record
    missing = wanted - set(records)
    if missing:
        result.notes.append(f"{len(missing)} of the {len(wanted)} example ids are not in {texts_path} "
                            f"(field {id_field!r}); their n-grams are left out")
    models = dict(models or {})
    for name, task in archive.tasks.items():
        model = models.get(name)
        if model is None:
            try:
                model = models[name] = load_model(name)
            except ArclassifyError:
                result.notes.append(f"no model for task {name!r} (not a built-in task; pass --model FOLDER)")
                continue
        for label in task.labels:
            for example in task.examples(label):
                record = records.get(str(example.id))
                if record is None:
                    continue
                try:
                    explanation = model.explain(record, top=top)
                except (TypeError, ValueError):
                    continue
                if label not in explanation:  # the record was given another label: it did not push this one
                    continue
                result.explained[name, label] += 1
                for pushed in explanation[label]:
                    key = (pushed["feature"], pushed["kind"])
                    result.weights[name][label][key] += pushed["weight"]
                    result.examples[name][label][key] += 1
    return result
