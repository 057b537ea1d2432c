"""Inter-annotator agreement between pass A and pass B, and the list of disagreements.

    python -m training.annotation.agreement [--disagreements /tmp/annot/disagreements.jsonl]

Writes labels/annotations/agreement.json: Cohen's kappa per topic label (present/absent) and for
stance (four classes), raw agreement, and how many disagreements were adjudicated; and the same
figures between the gold labels and the blind spot check (a later pass over a random sample).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from training.annotation.passes import ANNOTATIONS, CANDIDATES, gold_labels, read_jsonl, read_pass, same_labels
from training.labels import task_labels

TOPICS = task_labels("topic")
STANCES = task_labels("stance")
OUT = ANNOTATIONS / "agreement.json"


def kappa(a: list, b: list, labels: list | None = None) -> float | None:
    """Cohen's kappa rounded, or None where it is undefined (both passes gave one and the same label)."""
    if len(set(a) | set(b)) < 2:
        return None
    return round(float(cohen_kappa_score(a, b, labels=labels)), 3)


def compare(first: dict, second: dict, refs: list) -> dict:
    """Cohen's kappa and raw agreement per topic label and for stance, between two sets of labels."""
    figures: dict = {"articles": len(refs), "topic": {}, "stance": {}}
    for label in TOPICS:
        a = [label in first[r]["topic"] for r in refs]
        b = [label in second[r]["topic"] for r in refs]
        figures["topic"][label] = {
            "kappa": kappa(a, b),
            "agreement": round(sum(x == y for x, y in zip(a, b)) / len(refs), 3),
            "positives_a": sum(a),
            "positives_b": sum(b),
        }
    a = [first[r]["stance"] for r in refs]
    b = [second[r]["stance"] for r in refs]
    figures["stance"] = {
        "kappa": kappa(a, b, list(STANCES)),
        "agreement": round(sum(x == y for x, y in zip(a, b)) / len(refs), 3),
        "related_a": sum(x != "unrelated" for x in a),
        "related_b": sum(x != "unrelated" for x in b),
        # Russia's military role being a subject at all, the first decision of the stance rules
        "related_kappa": kappa([x != "unrelated" for x in a], [x != "unrelated" for x in b]),
    }
    return figures


def agreement() -> tuple[dict, list[dict]]:
    first, second = read_pass("A"), read_pass("B")
    refs = sorted(set(first) & set(second))
    if not refs:
        raise SystemExit("no article is in both passes yet")
    pair = compare(first, second, refs)
    figures: dict = {"articles_double_annotated": pair.pop("articles"), **pair}
    disagreements = [
        {"id": r[1], "corpus": r[0], "a": {"topic": first[r]["topic"], "stance": first[r]["stance"]},
         "b": {"topic": second[r]["topic"], "stance": second[r]["stance"]}}
        for r in refs if not same_labels(first[r], second[r])
    ]
    adjudicated = read_pass("adjudicated")
    figures["disagreements"] = len(disagreements)
    figures["adjudicated"] = sum((d["corpus"], d["id"]) in adjudicated for d in disagreements)
    rounds = {(row["corpus"], row["id"]): row.get("round", 1) for row in read_jsonl(CANDIDATES)}
    figures["by_round"] = {}
    for number in sorted({rounds[r] for r in refs}):
        in_round = [r for r in refs if rounds[r] == number]
        figures["by_round"][str(number)] = compare(first, second, in_round)
    spot = read_pass("spot_check")
    if spot and figures["adjudicated"] < figures["disagreements"]:
        figures["spot_check_vs_gold"] = "not computed: disagreements await adjudication"
    elif spot:
        gold = gold_labels()
        figures["spot_check_vs_gold"] = {"note": "a = gold labels, b = blind spot check", **compare(gold, spot, sorted(spot))}
    return figures, disagreements


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--disagreements", type=Path, help="write the disagreeing articles (ids and both passes' labels)")
    args = parser.parse_args()
    figures, disagreements = agreement()
    OUT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    if args.disagreements:
        with args.disagreements.open("w", encoding="utf-8") as handle:
            for row in disagreements:
                handle.write(json.dumps(row) + "\n")
        print(f"{len(disagreements)} disagreements -> {args.disagreements}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
