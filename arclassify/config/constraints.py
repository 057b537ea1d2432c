"""Every limit on a configuration value, declared once and checked by the schema and the estimators.

The schema checks a task before any work starts; the estimators check the same limits when used
on their own (in a user's scikit-learn pipeline), with the same messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from arclassify.errors import ConfigError

# The longest n-grams each kind supports: word n-gram keys are base-V numbers of three token ids.
NGRAM_MAX = {"word_ngrams": 3, "char_ngrams": 10}


def ngram_range(value: Sequence[int], name: str, where: str = "") -> tuple[int, int] | None:
    """``(low, high)`` from ``[low, high]``, ``None`` for ``[]``; :class:`ConfigError` otherwise."""
    value = tuple(value)
    if value == ():
        return None
    limit = NGRAM_MAX[name]
    if (len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            or not 1 <= value[0] <= value[1] <= limit):
        prefix = f"{where}: " if where else ""
        raise ConfigError(f"{prefix}option {name!r} must be [low, high] with 1 <= low <= high <= {limit}, "
                          f"or [] to disable; got {list(value)}")
    return int(value[0]), int(value[1])


# Options that only some tasks use: (section, option) -> (when it is used, what uses it). A task
# that sets one of them to anything but its default while not using it is refused by name.
Condition = Callable[[Any], bool]
USED_ONLY_WHEN: dict[tuple[str, str], tuple[Condition, str]] = {
    ("features", "char_ngrams"): (lambda task: not task.pair_field, "tasks without a pair field"),
    ("features", "max_df"): (lambda task: not task.pair_field and not task.features.hashing,
                             "vocabulary features of tasks without a pair field"),
    ("features", "hashing"): (lambda task: not task.pair_field, "tasks without a pair field"),
    ("features", "n_features"): (lambda task: task.features.hashing, "hashing = true"),
    ("features", "focus_lexicon"): (lambda task: not task.pair_field and not task.features.hashing,
                                    "vocabulary features of tasks without a pair field"),
    ("features", "focus_window"): (lambda task: bool(task.features.focus_lexicon), "focus_lexicon"),
    ("features", "lead_sentences"): (lambda task: not task.pair_field and not task.features.hashing,
                                     "vocabulary features of tasks without a pair field"),
    ("features", "max_features"): (lambda task: not task.features.hashing, "vocabulary features (hashing = false)"),
    ("features", "min_df"): (lambda task: not task.features.hashing, "vocabulary features (hashing = false)"),
    ("model", "alpha"): (lambda task: task.model.type == "sgd", "type = 'sgd'"),
    ("model", "C"): (lambda task: task.model.type in ("logreg", "svm"), "type = 'logreg' or 'svm'"),
    ("model", "threshold_cv"): (lambda task: task.multi_label, "multi-label tasks"),
    ("model", "unknown_threshold"): (lambda task: not task.multi_label, "single-label tasks"),
}


def refuse_ignored_options(task: Any, defaults: dict[str, Any], where: str) -> None:
    """Refuse options set away from their default in a task that does not use them."""
    ignored = []
    for (section, option), (used, by) in USED_ONLY_WHEN.items():
        value = getattr(getattr(task, section), option)
        default = getattr(defaults[section], option)
        if value != default and not used(task):
            ignored.append(f"[{section}] {option} (used only by {by})")
    if ignored:
        raise ConfigError(f"{where}: options this task does not use: {'; '.join(ignored)}; remove them")
