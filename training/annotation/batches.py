"""Split the candidates into annotation batches, show a batch's articles, check a pass file.

    python -m training.annotation.batches split --size 60 --out /tmp/annot
    python -m training.annotation.batches split --round 6 --double 300 --out /tmp/annot6
    python -m training.annotation.batches show /tmp/annot/A_07.ids --start 1 --count 5
    python -m training.annotation.batches check /tmp/annot/A_07.ids /tmp/annot/A_07.labels.jsonl

Batches hold ids only; ``show`` reads the text from ``../shared`` (title and body, without the
outlet, whose alignment is not evidence). Pass B batches are a fixed sample of the candidates,
annotated by someone who never sees pass A.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from training.corpora import read_by_id
from training.labels import task_labels

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = ROOT / "labels" / "annotations" / "candidates.jsonl"
TOPICS = task_labels("topic")
STANCES = task_labels("stance")
PASSES = ("A", "B", "adjudicated", "spot_check", "TA", "TB", "test_adjudicated")
DOUBLE_SAMPLE = 320
SEED = 7


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_refs(path: Path) -> list[tuple[str, str]]:
    return [(row["corpus"], row["id"]) for row in read_rows(path)]


def write_batches(prefix: str, refs: list[tuple[str, str]], size: int, out: Path) -> None:
    for number, start in enumerate(range(0, len(refs), size), 1):
        path = out / f"{prefix}_{number:02d}.ids"
        with path.open("w", encoding="utf-8") as handle:
            for corpus, article_id in refs[start : start + size]:
                handle.write(json.dumps({"id": article_id, "corpus": corpus}) + "\n")


def split(size: int, out: Path, round_number: int | None = None, double: int = DOUBLE_SAMPLE) -> None:
    """Pass-A batches of the candidates (of one round if given) and a pass-B sample of that round."""
    rows = read_rows(CANDIDATES)
    chosen_round = 1 if round_number is None else round_number
    # Batches of a later round get their own names, so that collecting them adds to the pass files.
    tag = "" if round_number is None else f"r{round_number}_"
    refs = [(row["corpus"], row["id"]) for row in rows if round_number is None or row.get("round", 1) == round_number]
    out.mkdir(parents=True, exist_ok=True)
    write_batches(f"A_{tag}".rstrip("_"), refs, size, out)
    sampled = [(row["corpus"], row["id"]) for row in rows if row.get("round", 1) == chosen_round]
    rng = random.Random(SEED if round_number is None else SEED + round_number)
    sample = sorted(rng.sample(sampled, min(double, len(sampled))))
    rng.shuffle(sample)
    write_batches(f"B_{tag}".rstrip("_"), sample, size, out)
    print(f"{len(refs)} pass-A refs and {len(sample)} pass-B refs in batches of {size} under {out}")


def batch_articles(batch: Path) -> dict[tuple[str, str], dict]:
    """The batch's articles, read once from ../shared and kept beside the batch file (not in the repo)."""
    cache = batch.with_suffix(".articles.json")
    if cache.is_file():
        return {(a["corpus"], a["id"]): a for a in json.loads(cache.read_text(encoding="utf-8"))}
    # Keyed by the batch's corpus name (the file's), which a corpus's own field may spell otherwise.
    articles = {ref: {**article, "corpus": ref[0]} for ref, article in read_by_id(read_refs(batch)).items()}
    temporary = cache.with_suffix(".tmp")
    temporary.write_text(json.dumps(list(articles.values()), ensure_ascii=False), encoding="utf-8")
    temporary.replace(cache)
    return articles


def show(batch: Path, start: int, count: int, max_chars: int = 0) -> None:
    refs = read_refs(batch)
    wanted = refs[start - 1 : start - 1 + count]
    articles = batch_articles(batch)
    for number, ref in enumerate(wanted, start):
        article = articles[ref]
        print(f"===== [{number}/{len(refs)}] id={ref[1]} corpus={ref[0]} =====")
        print(f"TITLE: {article.get('title') or ''}")
        text = article.get("text") or ""
        if max_chars and len(text) > max_chars:  # raw web pages (Baly) can run to 30,000 characters
            text = f"{text[:max_chars]}\n[... {len(text) - max_chars} more characters not shown]"
        print(text)
        print()


def check(batch: Path, labels: Path) -> int:
    expected = set(read_refs(batch))
    problems = []
    got = set()
    for number, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        ref = (row.get("corpus"), row.get("id"))
        if ref not in expected:
            problems.append(f"line {number}: {ref} is not in the batch")
        if ref in got:
            problems.append(f"line {number}: {ref} annotated twice")
        got.add(ref)
        topics = row.get("topic")
        if not isinstance(topics, list) or any(t not in TOPICS for t in topics):
            problems.append(f"line {number}: topic {topics!r} must be a list drawn from {TOPICS}")
        if row.get("stance") not in STANCES:
            problems.append(f"line {number}: stance {row.get('stance')!r} must be one of {STANCES}")
        if row.get("pass") not in PASSES:
            problems.append(f"line {number}: pass {row.get('pass')!r} must be one of {', '.join(PASSES)}")
        if set(row) - {"id", "corpus", "topic", "stance", "pass"}:
            problems.append(f"line {number}: unexpected fields {sorted(set(row) - {'id', 'corpus', 'topic', 'stance', 'pass'})}")
    missing = expected - got
    if missing:
        problems.append(f"{len(missing)} articles of the batch are not annotated: {sorted(missing)[:5]}")
    for problem in problems:
        print(problem)
    print("ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    split_cmd = commands.add_parser("split")
    split_cmd.add_argument("--size", type=int, default=60)
    split_cmd.add_argument("--out", type=Path, required=True)
    split_cmd.add_argument("--round", type=int, default=None, help="only the candidates of this round")
    split_cmd.add_argument("--double", type=int, default=DOUBLE_SAMPLE, help="size of the pass-B sample")
    show_cmd = commands.add_parser("show")
    show_cmd.add_argument("batch", type=Path)
    show_cmd.add_argument("--start", type=int, default=1, help="first article to show (1-based)")
    show_cmd.add_argument("--count", type=int, default=1000, help="how many articles to show")
    show_cmd.add_argument("--max-chars", type=int, default=0, help="show at most this many characters of a body")
    check_cmd = commands.add_parser("check")
    check_cmd.add_argument("batch", type=Path)
    check_cmd.add_argument("labels", type=Path)
    args = parser.parse_args()
    if args.command == "split":
        split(args.size, args.out, args.round, args.double)
    elif args.command == "show":
        show(args.batch, args.start, args.count, args.max_chars)
    else:
        return check(args.batch, args.labels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
