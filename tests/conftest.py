"""Shared fixtures: small synthetic Arabic corpora written for the tests (no corpus text)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = SHARED / "corpora"

VOCABULARY = {
    "sport": ["المباراة", "الفريق", "الهدف", "الدوري", "اللاعب", "المدرب", "البطولة", "الملعب", "التعادل", "المنتخب"],
    "economy": ["البورصة", "الأسهم", "النفط", "الأسعار", "الاستثمار", "البنك", "التضخم", "الدولار", "الصادرات", "الميزانية"],
    "politics": ["البرلمان", "الانتخابات", "الحكومة", "الوزير", "الحزب", "المعارضة", "الدستور", "التصويت", "النواب", "الرئاسة"],
}
COMMON = ["قال", "في", "من", "على", "اليوم", "إن", "مع", "بعد", "أمس", "حيث", "كما", "وأضاف", "خلال", "الذي"]
TITLES = {"sport": "فوز كبير", "economy": "ارتفاع جديد", "politics": "جلسة عاجلة"}


def make_text(rng: random.Random, labels: list[str], words: int = 40) -> str:
    pool = [w for label in labels for w in VOCABULARY[label]] or COMMON
    tokens = [rng.choice(pool) if rng.random() < 0.35 else rng.choice(COMMON) for _ in range(words)]
    return " ".join(tokens) + "."


def single_label_rows(n: int = 90, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    labels = list(VOCABULARY)
    rows = []
    for i in range(n):
        label = labels[i % len(labels)]
        rows.append({"id": f"doc{i}", "title": TITLES[label], "text": make_text(rng, [label]), "label": label})
    return rows


def multi_label_rows(n: int = 120, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        labels = [label for label in VOCABULARY if rng.random() < 0.45]
        rows.append({"id": f"m{i}", "text": make_text(rng, labels), "topics": labels})
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def single_rows() -> list[dict]:
    return single_label_rows()


@pytest.fixture
def single_jsonl(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "single.jsonl", single_label_rows())


@pytest.fixture
def multi_jsonl(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "multi.jsonl", multi_label_rows())


@pytest.fixture(scope="session")
def trained_single(tmp_path_factory):
    """A small single-label model folder, trained once per session."""
    from arclassify.config.schema import TaskSchema
    from arclassify.data.examples import read_examples
    from arclassify.models.folders import save_model
    from arclassify.train import train

    folder = tmp_path_factory.mktemp("models")
    data = write_jsonl(folder / "train.jsonl", single_label_rows())
    schema = TaskSchema.from_dict({"name": "section", "kind": "single_label", "model": {"cv_folds": 3}})
    model = train(schema, read_examples(data))
    return save_model(model, folder / "section")


def corpus(name: str) -> Path:
    path = CORPORA / f"{name}.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"corpus {path} is not available")
    return path
