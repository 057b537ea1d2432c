"""Annotation passes: collect batch files into pass files, and build the gold labels.

    python -m training.annotation.passes collect /tmp/annot   # batch *.labels.jsonl -> labels/annotations/pass_*.jsonl

Gold labels: an article annotated once keeps its pass-A labels; an article annotated twice keeps
them when both passes agree. Adjudicated labels (disagreements between the passes, and articles
reviewed again after a rule was added to the guidelines) replace both.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = ROOT / "labels" / "annotations"
CANDIDATES = ANNOTATIONS / "candidates.jsonl"
PASS_FILES = {"A": ANNOTATIONS / "pass_a.jsonl", "B": ANNOTATIONS / "pass_b.jsonl",
              "adjudicated": ANNOTATIONS / "adjudicated.jsonl",
              # a later blind pass over a random sample, compared with the gold labels (not used for training)
              "spot_check": ANNOTATIONS / "spot_check.jsonl"}
FIELDS = ("id", "corpus", "topic", "stance", "pass")

Ref = tuple[str, str]


def read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_pass(name: str) -> dict[Ref, dict]:
    """One pass's labels keyed by (corpus, id)."""
    return {(row["corpus"], row["id"]): row for row in read_jsonl(PASS_FILES[name])}


def same_labels(a: dict, b: dict) -> bool:
    return sorted(a["topic"]) == sorted(b["topic"]) and a["stance"] == b["stance"]


def gold_labels() -> dict[Ref, dict]:
    """The labels used for training and evaluation, keyed by (corpus, id), in candidate order."""
    first, second, adjudicated = read_pass("A"), read_pass("B"), read_pass("adjudicated")
    gold = {}
    for ref, row in first.items():
        other = second.get(ref)
        if ref in adjudicated:
            row = adjudicated[ref]
        elif other is not None and not same_labels(row, other):
            raise ValueError(f"{ref} has conflicting passes and no adjudication")
        gold[ref] = {"id": ref[1], "corpus": ref[0], "topic": sorted(row["topic"]), "stance": row["stance"]}
    return gold


# Batch label files of each pass, in the order they were written (a later file wins for an article).
BATCH_FILES = {"A": ["A_*.labels.jsonl"], "B": ["B_*.labels.jsonl"],
               "adjudicated": ["adjudicated.labels.jsonl", "review.labels.jsonl"], "spot_check": ["S_*.labels.jsonl"]}


def merge_batch_files(paths: list[Path], name: str, order: dict[Ref, int], rows: dict[Ref, dict],
                      what: str = "candidate") -> dict[Ref, dict]:
    """``rows`` with the labels of pass ``name`` read from batch files (a later file wins for an article)."""
    for path in paths:
        for row in read_jsonl(path):
            ref = (row["corpus"], row["id"])
            if ref not in order:
                raise ValueError(f"{path}: {ref} is not a {what}")
            if row.get("pass") != name:
                raise ValueError(f"{path}: {ref} has pass {row.get('pass')!r}, expected {name!r}")
            rows[ref] = {key: row[key] for key in FIELDS}
            rows[ref]["topic"] = sorted(rows[ref]["topic"])
    return rows


def write_pass_file(path: Path, rows: dict[Ref, dict], order: dict[Ref, int]) -> None:
    """One pass's labels, one JSON line per article, in candidate order."""
    path.write_text("".join(json.dumps(rows[ref]) + "\n" for ref in sorted(rows, key=order.__getitem__)),
                    encoding="utf-8")


def collect(folder: Path) -> None:
    """Merge batch label files into the pass files (pass_a, pass_b, adjudicated), in candidate order.

    Articles already in a pass file stay unless a batch file labels them again."""
    order = {(row["corpus"], row["id"]): i for i, row in enumerate(read_jsonl(CANDIDATES))}
    for name, patterns in BATCH_FILES.items():
        paths = [p for pattern in patterns for p in sorted(folder.glob(pattern))]
        if not paths:  # this folder holds no batch of that pass: its file stays as it is
            continue
        # Batches add to (and for an article they hold, replace) what the pass file already has.
        rows = merge_batch_files(paths, name, order, read_pass(name))
        write_pass_file(PASS_FILES[name], rows, order)
        print(f"pass {name}: {len(rows)} articles -> {PASS_FILES[name].relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    collect_cmd = commands.add_parser("collect")
    collect_cmd.add_argument("folder", type=Path)
    args = parser.parse_args()
    collect(args.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
