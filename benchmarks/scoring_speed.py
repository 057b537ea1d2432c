"""Scoring throughput of the built-in models, and that the compiled path gives the same answers.

    python benchmarks/scoring_speed.py [--articles 10000] [--corpus ant_multisource]

Reads the first N articles (title and text) of a corpus in ../shared/corpora into memory, then,
each measurement in a fresh forked process (so that each starts with empty caches, as a new
``arclassify predict`` does, start-up excluded):

- **same answers**: per built-in model, the largest absolute difference between the
  probabilities of the compiled path (``probabilities_of_inputs``) and of the sparse-matrix path
  (``probabilities_via_matrix``, the code before the compiled loops), and whether every label agrees;
- ``predict --task all`` as the CLI runs it (``score_stream``: JSON parsing, scoring in chunks of
  500, JSON output) through the compiled path, through the sparse-matrix path, and with
  ``--jobs 2``; each built-in model alone;
- a plain scikit-learn pipeline, ``TfidfVectorizer()`` + ``LinearSVC``, fitted on 5,000 articles
  of the fit corpus (outlet labels), predicting the same N texts: the reference the goals are
  stated against;
- training: ``fit`` of a task configured like the built-in outlet model on 20,000 articles of the
  fit corpus (egy_news_2013) against the plain pipeline's fit on the same texts.

Run it with nothing else on the machine. Prints a table; nothing is written inside the project.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import multiprocessing
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
TASKS = ("topic", "outlet", "stance")


def read_articles(corpus: str, count: int) -> list[dict]:
    articles = []
    with gzip.open(CORPORA / f"{corpus}.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            articles.append({"id": str(article.get("id")), "title": article.get("title") or "",
                             "text": article.get("text") or "", "outlet": article.get("outlet") or article.get("source")})
            if len(articles) >= count:
                break
    return articles


def in_child(function, *args):
    """``function(*args)`` in a forked process (fresh caches); its result."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=lambda: queue.put(function(*args)))
    process.start()
    result = queue.get()
    process.join()
    return result


def score_file(path: Path, tasks: tuple[str, ...], jobs: int, matrix: bool) -> float:
    """Seconds for ``predict --task ...`` on a file, as the CLI runs it, output discarded."""
    from arclassify import load_model
    from arclassify.data.readers import InputReader
    from arclassify.predict import score_stream

    models = [load_model(task) for task in tasks]
    if matrix:
        for model in models:
            model._weights = False  # the sparse-matrix path
    sink = io.StringIO()
    started = time.perf_counter()
    summary = score_stream(InputReader(str(path)), sink.write, list(tasks), models=models, jobs=jobs)
    seconds = time.perf_counter() - started
    assert summary.errors == 0, summary.error_examples
    return seconds


def same_answers(articles: list[dict]) -> dict[str, tuple[float, bool]]:
    from arclassify import load_model

    found = {}
    for task in TASKS:
        model = load_model(task)
        inputs = [model.text_of(article) for article in articles]
        compiled, matrix = model.probabilities_of_inputs(inputs), model.probabilities_via_matrix(inputs)
        found[task] = (float(np.abs(compiled - matrix).max()), model.decide(compiled) == model.decide(matrix))
    return found


def plain_sklearn(train: list[dict], test: list[dict]) -> tuple[float, float]:
    """Fit seconds and predict seconds of TfidfVectorizer() + LinearSVC (outlet labels)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    pipeline = make_pipeline(TfidfVectorizer(), LinearSVC())
    texts = [f"{a['title']}\n{a['text']}" for a in train]
    started = time.perf_counter()
    pipeline.fit(texts, [a["outlet"] for a in train])
    fitted = time.perf_counter() - started
    test_texts = [f"{a['title']}\n{a['text']}" for a in test]
    started = time.perf_counter()
    pipeline.predict(test_texts)
    return fitted, time.perf_counter() - started


def arclassify_fit(train: list[dict]) -> float:
    """Seconds to fit a task configured like the built-in outlet model (no cross-validation)."""
    from arclassify.config.schema import build_task_schema
    from arclassify.train import fit

    schema = build_task_schema(ROOT / "labels" / "outlet.toml")
    schema = type(schema).from_dict({**schema.to_dict(), "labels": {}})
    inputs = [f"{a['title']}\n{a['text']}" for a in train]
    started = time.perf_counter()
    fit(schema, inputs, [a["outlet"] for a in train])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--train-articles", type=int, default=20_000)
    parser.add_argument("--corpus", default="ant_multisource")
    parser.add_argument("--fit-corpus", default="egy_news_2013", help="the articles the fits are timed on")
    args = parser.parse_args()
    test = read_articles(args.corpus, args.articles)
    train = read_articles(args.fit_corpus, args.train_articles)
    print(f"{args.corpus}: {len(test)} articles scored; {args.fit_corpus}: {len(train)} for fitting; "
          f"Python {platform.python_version()}, {os.cpu_count()} cores")

    answers = in_child(same_answers, test)
    for task, (difference, labels) in answers.items():
        print(f"same answers, {task}: max |compiled - sparse| = {difference:.1e}, labels all equal: {labels}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        path.write_text("".join(json.dumps({k: a[k] for k in ("id", "title", "text")}, ensure_ascii=False) + "\n"
                                for a in test), encoding="utf-8")
        rows = [("predict --task all, compiled", TASKS, 1, False),
                ("predict --task all, sparse matrix (before)", TASKS, 1, True),
                ("predict --task all --jobs 2, compiled", TASKS, 2, False)]
        rows += [(f"predict --task {task}, compiled", (task,), 1, False) for task in TASKS]
        rates = {}
        for name, tasks, jobs, matrix in rows:
            rates[name] = len(test) / in_child(score_file, path, tasks, jobs, matrix)
    _, predicted = in_child(plain_sklearn, train[:5000], test)
    rates["plain scikit-learn TfidfVectorizer + LinearSVC, one task"] = len(test) / predicted
    reference = rates["plain scikit-learn TfidfVectorizer + LinearSVC, one task"]
    print("\n| run | articles/s | x plain scikit-learn |\n|---|---|---|")
    for name, rate in rates.items():
        print(f"| {name} | {rate:,.0f} | {rate / reference:.2f} |")
    one, two = rates["predict --task all, compiled"], rates["predict --task all --jobs 2, compiled"]
    print(f"\n--jobs 2 / one process: {two / one:.2f}x; compiled / sparse matrix: "
          f"{one / rates['predict --task all, sparse matrix (before)']:.2f}x")

    if train:
        sklearn_fit, _ = in_child(plain_sklearn, train, test[:10])
        ours = in_child(arclassify_fit, train)
        print(f"\nfit on {len(train)} articles: arclassify (outlet configuration, no CV) {ours:.1f} s, "
              f"plain scikit-learn {sklearn_fit:.1f} s: {ours / sklearn_fit:.1f}x")


if __name__ == "__main__":
    main()
