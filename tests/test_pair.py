import json
import random
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import VOCABULARY, write_jsonl

from arclassify.cli import main
from arclassify.config.schema import TaskSchema
from arclassify.data.examples import read_examples
from arclassify.features.pairs import SIMILARITY_NAMES, PairFeatures
from arclassify.train import train

CLAIMS = {
    "c1": "ارتفعت أسعار النفط في البورصة اليوم",
    "c2": "فاز الفريق في المباراة النهائية للدوري",
    "c3": "صوت البرلمان على قانون الانتخابات",
}
TOPIC_OF = {"c1": "economy", "c2": "sport", "c3": "politics"}


def pair_rows(n: int = 150, seed: int = 3) -> list[dict]:
    """Articles that agree with a claim (repeat its words), deny it (add نفى), or are unrelated."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        claim_id = rng.choice(sorted(CLAIMS))
        stance = ["agree", "disagree", "unrelated"][i % 3]
        if stance == "unrelated":
            other = rng.choice([t for t in VOCABULARY if t != TOPIC_OF[claim_id]])
            words = rng.sample(VOCABULARY[other], 6)
        else:
            words = CLAIMS[claim_id].split() + rng.sample(VOCABULARY[TOPIC_OF[claim_id]], 3)
            if stance == "disagree":
                words = ["نفى", "مصدر", "صحة", "الأنباء", "وكذب"] + words
        rng.shuffle(words)
        rows.append({"id": f"p{i}", "text": " ".join(words), "claim": CLAIMS[claim_id], "stance": stance})
    return rows


def test_pair_features_shapes_and_names() -> None:
    rows = pair_rows(30)
    pairs = [(r["text"], r["claim"]) for r in rows]
    features = PairFeatures().fit(pairs)
    matrix = features.transform(pairs)
    names = features.get_feature_names_out()
    assert matrix.shape == (30, len(names))
    assert list(names[-len(SIMILARITY_NAMES):]) == [f"similarity__{n}" for n in SIMILARITY_NAMES]
    cosine = matrix[:, len(names) - len(SIMILARITY_NAMES)].toarray().ravel()
    related = np.array([r["stance"] != "unrelated" for r in rows])
    assert cosine[related].mean() > cosine[~related].mean() + 0.2
    with pytest.raises(TypeError, match="pair"):
        features.transform(["just a text"])


def test_pair_task_trains_predicts_and_explains(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "pairs.jsonl", pair_rows())
    schema = TaskSchema.from_dict({"name": "claim_stance", "kind": "single_label", "text_fields": ["text"],
                                   "pair_field": "claim", "label_field": "stance", "model": {"cv_folds": 3}})
    examples = read_examples(data, ["text"], "stance", pair_field="claim")
    model = train(schema, examples)
    assert model.metadata["cv_metrics"]["macro_f1"]["mean"] > 0.9
    test = pair_rows(30, seed=11)
    predicted = model.predict([(r["text"], r["claim"]) for r in test])
    assert np.mean([p == r["stance"] for p, r in zip(predicted, test)]) > 0.85
    assert model.predict([test[0]]) == model.predict([(test[0]["text"], test[0]["claim"])])  # records too
    explanation = model.explain((test[0]["text"], test[0]["claim"]), top=5)
    kinds = {e["kind"] for items in explanation.values() for e in items}
    assert kinds <= {"text", "pair", "shared", "similarity"}
    with pytest.raises(TypeError, match="compares two texts"):
        model.predict(["a text without its claim"])


def test_pair_task_from_the_command_line(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "pairs.jsonl", pair_rows())
    runner = CliRunner()
    result = runner.invoke(main, ["train", "--data", str(data), "--label-field", "stance", "--text-field", "text",
                                  "--pair-field", "claim", "--cv", "3", "-o", str(tmp_path / "model")])
    assert result.exit_code == 0, result.output
    test = write_jsonl(tmp_path / "test.jsonl", pair_rows(30, seed=5) + [{"id": "x", "text": "نص", "claim": ""}])
    data = write_jsonl(tmp_path / "t.jsonl", pair_rows(30, seed=5))
    result = runner.invoke(main, ["evaluate", str(tmp_path / "model"), "--data", str(data)])
    assert result.exit_code == 0 and "macro avg" in result.output
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["predict", str(test), "--model", str(tmp_path / "model"), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records[0]["stance"] in {"agree", "disagree", "unrelated"}
    assert records[-1]["error"] == "stance: empty pair text (field: claim)"
