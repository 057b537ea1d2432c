"""Training and evaluation data of the built-in tasks, read from the shared corpora by id.

- ``topic`` and ``stance``: the project's gold annotations (labels/annotations), texts from the
  two trainable corpora;
- ``outlet``: every deduplicated article of each outlet of the two trainable corpora (or a
  reproducible sample of each), BBC Arabic and CNN Arabic (in both) one outlet each, without texts
  published under several outlets;
- ``saudinewsnet`` and Baly's hosts: articles of outlets the outlet model never sees (evaluation only);
- synthetic articles written for the project (labels/synthetic): training rows only, never scored.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

from arclassify.data.examples import Examples
from training.annotation.passes import gold_labels
from training.corpora import (
    TRAINABLE,
    article_text,
    iter_corpus,
    read_by_id,
    text_fingerprint,
)

# Corpus outlet names -> the outlet model's labels (see labels/outlet.toml).
OUTLET_LABELS = {
    "skynews": "skynews", "alarabia": "alarabia", "bbc": "bbc", "cnn": "cnn", "france24": "france24",
    "bbcarabicnews": "bbc", "cnnarabic": "cnn", "officialyoum77": "youm7", "ElWatanNews": "elwatan",
    "shorouknews": "shorouk", "elfagr": "elfagr", "akhbarelyomgate": "akhbarelyom", "masrawy": "masrawy",
    "El.Dostor.News": "dostor", "almasryalyoum": "almasryalyoum", "Tahrir.News.Official": "tahrir",
    "fjp": "fjp", "Alahram.Newspaper": "ahram",
}
ANNOTATIONS_SOURCE = "labels/annotations (gold labels) + ../shared/corpora"
SYNTHETIC = Path(__file__).resolve().parents[1] / "labels" / "synthetic"


def synthetic_examples(task: str) -> Examples:
    """The synthetic articles of a task (``labels/synthetic/<task>.jsonl``: title, text and label,
    written for the project), in file order."""
    path = SYNTHETIC / f"{task}.jsonl"
    examples = Examples(source=f"labels/synthetic/{task}.jsonl (synthetic)")
    for row, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        examples.ids.append(record["id"])
        examples.texts.append(article_text(record))
        examples.labels.append(record[task])
        examples.rows.append(row)
    return examples


def annotated_examples(task: str, by_outlet: bool = False) -> Examples:
    """Gold ``topic`` (lists) or ``stance`` labels with their articles' texts, in annotation order.

    With ``by_outlet``, each article's outlet is its group: cross-validation then holds whole
    outlets out.
    """
    gold = gold_labels()
    articles = read_by_id(gold)
    examples = Examples(source=ANNOTATIONS_SOURCE, groups=[] if by_outlet else None)
    for row, (ref, labels) in enumerate(gold.items(), 1):
        examples.ids.append(f"{ref[0]}:{ref[1]}")
        examples.texts.append(article_text(articles[ref]))
        examples.labels.append(labels[task])
        examples.rows.append(row)
        if examples.groups is not None:
            outlet = articles[ref].get("outlet") or "?"
            examples.groups.append(OUTLET_LABELS.get(outlet, outlet))
    return examples


def outlet_examples(per_outlet: int | None = None, seed: int = 0) -> Examples:
    """Every deduplicated article of each outlet, or up to ``per_outlet`` of each, drawn reproducibly."""
    by_label: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    seen: set[str] = set()
    for corpus in TRAINABLE:
        for article in iter_corpus(corpus):
            if (article.get("labels") or {}).get("also_outlets"):
                continue  # the same text under several outlets: no single true label
            text = article_text(article)
            key = text_fingerprint(article)
            if not text.strip() or key in seen:
                continue
            seen.add(key)
            by_label[OUTLET_LABELS[article["outlet"]]].append((f"{corpus}:{article['id']}", text, article["outlet"]))
    rng = random.Random(seed)
    share = "every deduplicated article" if per_outlet is None else f"up to {per_outlet} articles per outlet, seed {seed}"
    examples = Examples(source=f"../shared/corpora ({', '.join(TRAINABLE)}), {share}")
    for label in sorted(by_label):
        rows = sorted(by_label[label])
        chosen = rows if per_outlet is None else sorted(rng.sample(rows, min(per_outlet, len(rows))))
        for identifier, text, _ in chosen:
            examples.ids.append(identifier)
            examples.texts.append(text)
            examples.labels.append(label)
            examples.rows.append(len(examples.rows) + 1)
    return examples


def unseen_outlet_texts(count: int, seed: int = 0, corpus: str = "saudinewsnet") -> tuple[list[str], list[str]]:
    """Texts (and their outlets) of outlets no model is trained on: saudinewsnet's, or Baly's hosts
    (``baly2018_stance``, one reading per page, the trainable outlets' own hosts left out)."""
    from training.annotation.test_set import TRAINED_HOSTS

    rows, seen = [], set()
    for article in iter_corpus(corpus):
        text, key = article_text(article), text_fingerprint(article)
        if not text.strip() or key in seen or TRAINED_HOSTS.search(article.get("outlet") or ""):
            continue
        seen.add(key)
        rows.append((article["id"], text, article["outlet"]))
    rows = sorted(random.Random(seed).sample(sorted(rows), min(count, len(rows))))
    return [text for _, text, _ in rows], [outlet for _, _, outlet in rows]
