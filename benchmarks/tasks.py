"""Benchmark tasks: real data, with the same train/test splits for every system.

A task yields one or more splits (the 80/20 split, or the folds of a cross-validation); every
system is trained and tested on exactly these rows.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sklearn.model_selection import KFold, train_test_split

from arclassify.text import mask_outlets, strip_furniture
from training.corpora import CORPORA, article_text, iter_corpus, text_fingerprint
from training.labels import task_labels

CLAIM_SCHEMA = Path(__file__).resolve().parent / "claim_stance.toml"


@dataclass
class Split:
    train_inputs: list
    train_labels: list
    test_inputs: list
    test_labels: list


@dataclass
class Task:
    name: str
    description: str
    kind: str  # "single_label" | "multi_label" | "pair"
    labels: list[str]
    splits: list[Split]
    extra_metrics: tuple[str, ...] = ()

    @property
    def test_rows(self) -> int:
        return sum(len(s.test_labels) for s in self.splits)


def _sample(rows: list, per_label: int | None, label_of, seed: int) -> list:
    if not per_label:
        return rows
    groups: dict = defaultdict(list)
    for row in rows:
        groups[label_of(row)].append(row)
    rng = random.Random(seed)
    picked = []
    for label in sorted(groups):
        picked += rng.sample(groups[label], min(per_label, len(groups[label])))
    return sorted(picked, key=lambda r: r[0])


def _holdout(rows: list[tuple[str, str, str]]) -> list[Split]:
    _, texts, labels = zip(*rows)
    train_x, test_x, train_y, test_y = train_test_split(list(texts), list(labels), test_size=0.2, random_state=0,
                                                        stratify=list(labels))
    return [Split(train_x, train_y, test_x, test_y)]


def _corpus_rows(corpus: str, label_of, transform=None) -> list[tuple[str, str, str]]:
    seen, rows = set(), []
    for article in iter_corpus(corpus):
        if (article.get("labels") or {}).get("also_outlets"):
            continue
        text = article_text(article)
        key = text_fingerprint(article)
        if not text.strip() or key in seen:
            continue
        seen.add(key)
        rows.append((article["id"], transform(text) if transform else text, label_of(article)))
    return rows


def _masked(text: str) -> str:
    return mask_outlets(strip_furniture(text))


def outlet_ant(masked: bool, per_label: int | None) -> Task:
    rows = _sample(_corpus_rows("ant_multisource", lambda a: a["outlet"], _masked if masked else None),
                   per_label, lambda r: r[2], 0)
    mode = "masked" if masked else "raw"
    return Task(f"outlet_ant_{mode}", f"outlet of ant_multisource articles (5 outlets), {mode} text, 80/20 split",
                "single_label", sorted({r[2] for r in rows}), _holdout(rows),
                {"preprocess": {"strip_furniture": False, "mask_outlets": False}})


def outlet_egy(per_label: int | None) -> Task:
    rows = _sample(_corpus_rows("egy_news_2013", lambda a: a["outlet"]), per_label, lambda r: r[2], 0)
    description = f"outlet of egy_news_2013 articles (13 outlets, up to {per_label or 'all'} each), raw text, 80/20 split"
    return Task("outlet_egy", description,
                "single_label", sorted({r[2] for r in rows}), _holdout(rows))


def category_ant(per_label: int | None) -> Task:
    rows = _sample(_corpus_rows("ant_multisource", lambda a: a["labels"]["category"]), per_label, lambda r: r[2], 0)
    return Task("category_ant", "category of ant_multisource articles (6 categories), 80/20 split", "single_label",
                sorted({r[2] for r in rows}), _holdout(rows))


def topic(limit: int | None) -> Task:
    from training.task_data import annotated_examples

    examples = annotated_examples("topic")
    inputs, labels = examples.texts, examples.labels
    if limit:
        inputs, labels = inputs[:limit], labels[:limit]
    splits = []
    for train, test in KFold(5, shuffle=True, random_state=0).split(inputs):
        splits.append(Split([inputs[i] for i in train], [labels[i] for i in train],
                            [inputs[i] for i in test], [labels[i] for i in test]))
    return Task("topic", "built-in topic annotations (multi-label, 4 topics), 5-fold cross-validation", "multi_label",
                list(task_labels("topic")), splits)


def claim_stance(limit_per_fold: int | None) -> Task:
    """Baly et al. (2018) claim-article stance with the official claim-level folds."""
    by_fold: dict[str, list] = defaultdict(list)
    with open(CORPORA / "baly2018_claims.jsonl", encoding="utf-8") as handle:
        claims = {row["claim_id"]: row["claim"] for row in map(json.loads, handle)}
    for article in iter_corpus("baly2018_stance"):
        claim = article.get("claim") or claims[article["claim_id"]]
        by_fold[article["fold"]].append(((article_text(article), claim), article["labels"]["stance"]))
    folds = sorted(by_fold)
    if limit_per_fold:
        by_fold = {f: random.Random(0).sample(rows, min(limit_per_fold, len(rows))) for f, rows in by_fold.items()}
    splits = []
    for held_out in folds:
        train = [row for f in folds if f != held_out for row in by_fold[f]]
        test = by_fold[held_out]
        splits.append(Split([x for x, _ in train], [y for _, y in train], [x for x, _ in test], [y for _, y in test]))
    description = "Baly et al. 2018 claim stance (agree, disagree, discuss, unrelated), official 5 claim-level folds"
    return Task("claim_stance", description,
                "pair", list(task_labels(str(CLAIM_SCHEMA))), splits,
                extra_metrics=("macro_f1_related",))


def task_factories(quick: bool) -> dict[str, Callable[[], Task]]:
    """Every benchmark task by name, built on demand; ``quick`` takes small samples (for CI)."""
    per_label = 60 if quick else None
    return {
        "outlet_ant_raw": lambda: outlet_ant(False, per_label),
        "outlet_ant_masked": lambda: outlet_ant(True, per_label),
        "outlet_egy": lambda: outlet_egy(40 if quick else 3000),
        "category_ant": lambda: category_ant(per_label),
        "topic": lambda: topic(300 if quick else None),
        "claim_stance": lambda: claim_stance(60 if quick else None),
    }
