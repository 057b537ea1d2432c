"""The honest test set: articles no model trains on, from outlets the training corpora lack.

    python -m training.annotation.test_set select            # labels/annotations/test/candidates.jsonl
    python -m training.annotation.test_set split --out /tmp/test_annot --size 45
    python -m training.annotation.test_set collect /tmp/test_annot   # batch labels -> test/pass_*.jsonl
    python -m training.annotation.test_set agreement --disagreements /tmp/test_annot/disagreements.jsonl

Drawn from ``saudinewsnet`` (evaluation only) and ``baly2018_stance`` (benchmark only), which no
shipped model may train on, by keyword strata (military, exercises, arms, Russia's military role)
plus a random share, deduplicated by text. Keywords decide only what is read. Deterministic: the
same corpora give the same list. Every article is annotated by two independent passes (A and B),
disagreements adjudicated; the models never train on these labels and no configuration is chosen
on them: ``python -m training.evaluate_builtin`` reads them once per build, to report.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from training.annotation.agreement import compare
from training.annotation.batches import write_batches
from training.annotation.passes import merge_batch_files, read_jsonl, same_labels, write_pass_file
from training.annotation.select_candidates import ARMS, EXERCISES, RUSSIA_MILITARY
from training.corpora import article_text, iter_corpus, text_fingerprint

ROOT = Path(__file__).resolve().parents[2]
TEST_DIR = ROOT / "labels" / "annotations" / "test"
CANDIDATES = TEST_DIR / "candidates.jsonl"
PASS_FILES = {"TA": TEST_DIR / "pass_a.jsonl", "TB": TEST_DIR / "pass_b.jsonl",
              "test_adjudicated": TEST_DIR / "adjudicated.jsonl"}
BATCH_FILES = {"TA": "TA_*.labels.jsonl", "TB": "TB_*.labels.jsonl", "test_adjudicated": "adjudicated_*.labels.jsonl"}
AGREEMENT = TEST_DIR / "agreement.json"

Ref = tuple[str, str]
SEED = 20261202
TEST_CORPORA = ("saudinewsnet", "baly2018_stance")

# Strata per corpus, drawn in this order (an article goes to the first stratum it qualifies for
# that still has room). Baly's claims are about the war in Syria: Russia's role is common there.
QUOTAS = {
    "saudinewsnet": {"russia_search": 50, "exercises_search": 50, "arms_search": 40, "military": 60, "random": 50},
    "baly2018_stance": {"russia_search": 120, "military": 30, "random": 50},
}
MILITARY = re.compile(
    r"عسكري|القوات|الجيش|قوات|جنود|صواريخ|صاروخ|غارات|غارة|طائرات حربية|مقاتلات|قاعدة|بارجة|حاملة طائرات"
    r"|وزير الدفاع|وزارة الدفاع|البنتاغون|الناتو|حلف شمال الأطلسي|التحالف الدولي"
)
RUSSIA = re.compile(r"روسي|روسيا|موسكو|الكرملين|بوتين|شويغو")
MIN_CHARS = 300
# Hosts of the outlets the trainable corpora hold: their pages are left out, so that every test
# article comes from an outlet no model has seen (tahrir-syria.info and hizb-ut-tahrir.info stay).
TRAINED_HOSTS = re.compile(
    r"(?:^|\.)(?:skynewsarabia|alarabiya|bbc|cnn|france24|youm7|elwatannews|shorouknews|elfagr|akhbarelyom"
    r"|masrawy|dostor|almasryalyoum|tahrirnews|ahram)\.(?:com|net|org|org\.eg)$"
)


def strata_of(text: str) -> list[str]:
    """Every stratum an article's text qualifies for."""
    found = []
    if len(RUSSIA.findall(text)) >= 3 and RUSSIA_MILITARY.search(text):
        found.append("russia_search")
    if EXERCISES.search(text):
        found.append("exercises_search")
    if ARMS.search(text):
        found.append("arms_search")
    if len(MILITARY.findall(text)) >= 3:
        found.append("military")
    return found


def select() -> list[dict]:
    rows = []
    seen: set[str] = set()
    for corpus in TEST_CORPORA:
        pools: dict[str, list[str]] = {name: [] for name in QUOTAS[corpus]}
        for article in iter_corpus(corpus):
            text = article_text(article)
            key = text_fingerprint(article)
            if TRAINED_HOSTS.search(article.get("outlet") or ""):
                continue
            if len(text) < MIN_CHARS or key in seen:
                continue  # Baly holds the same page for several claims: one reading each
            seen.add(key)
            for name in strata_of(text):
                if name in pools:
                    pools[name].append(article["id"])
            pools["random"].append(article["id"])
        rng = random.Random(SEED)
        chosen: dict[str, str] = {}
        for name, quota in QUOTAS[corpus].items():
            pool = sorted(i for i in pools[name] if i not in chosen)
            rng.shuffle(pool)
            for article_id in pool[:quota]:
                chosen[article_id] = name
        drawn = sorted(chosen)
        rng.shuffle(drawn)
        rows += [{"id": i, "corpus": corpus, "stratum": chosen[i]} for i in drawn]
    rng = random.Random(SEED)
    rng.shuffle(rows)
    return rows


def read_test_pass(name: str) -> dict[Ref, dict]:
    return {(row["corpus"], row["id"]): row for row in read_jsonl(PASS_FILES[name])}


def collect(folder: Path) -> None:
    """Merge the batch label files of passes TA, TB and the adjudication into the test pass files."""
    order = {(row["corpus"], row["id"]): i for i, row in enumerate(read_jsonl(CANDIDATES))}
    for name, pattern in BATCH_FILES.items():
        paths = sorted(folder.glob(pattern))
        if not paths:
            continue
        rows = merge_batch_files(paths, name, order, {}, "test candidate")
        write_pass_file(PASS_FILES[name], rows, order)
        print(f"pass {name}: {len(rows)} articles -> {PASS_FILES[name].relative_to(ROOT)}")


def test_gold() -> dict[Ref, dict]:
    """The test set's labels: where passes TA and TB agree, theirs; elsewhere the adjudication."""
    first, second, decided = read_test_pass("TA"), read_test_pass("TB"), read_test_pass("test_adjudicated")
    gold = {}
    for ref in sorted(set(first) | set(second)):
        if ref in decided:
            row = decided[ref]
        elif ref in first and ref in second and same_labels(first[ref], second[ref]):
            row = first[ref]
        else:
            raise ValueError(f"{ref}: the two passes disagree (or one is missing) and there is no adjudication")
        gold[ref] = {"id": ref[1], "corpus": ref[0], "topic": sorted(row["topic"]), "stance": row["stance"]}
    return gold


def agreement(disagreements_path: Path | None) -> dict:
    first, second = read_test_pass("TA"), read_test_pass("TB")
    refs = sorted(set(first) & set(second))
    figures = compare(first, second, refs)
    disagreements = [{"id": r[1], "corpus": r[0], "a": {"topic": first[r]["topic"], "stance": first[r]["stance"]},
                      "b": {"topic": second[r]["topic"], "stance": second[r]["stance"]}}
                     for r in refs if not same_labels(first[r], second[r])]
    decided = read_test_pass("test_adjudicated")
    figures["disagreements"] = len(disagreements)
    figures["adjudicated"] = sum((d["corpus"], d["id"]) in decided for d in disagreements)
    AGREEMENT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if disagreements_path:
        disagreements_path.write_text("".join(json.dumps(d) + "\n" for d in disagreements), encoding="utf-8")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("select")
    collect_cmd = commands.add_parser("collect")
    collect_cmd.add_argument("folder", type=Path)
    agreement_cmd = commands.add_parser("agreement")
    agreement_cmd.add_argument("--disagreements", type=Path)
    split_cmd = commands.add_parser("split")
    split_cmd.add_argument("--size", type=int, default=45)
    split_cmd.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "select":
        rows = select()
        TEST_DIR.mkdir(parents=True, exist_ok=True)
        CANDIDATES.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        counts: dict[str, int] = {}
        for row in rows:
            counts[f"{row['corpus']}/{row['stratum']}"] = counts.get(f"{row['corpus']}/{row['stratum']}", 0) + 1
        print(f"{len(rows)} test candidates -> {CANDIDATES.relative_to(ROOT)}")
        for name, n in sorted(counts.items()):
            print(f"  {name}: {n}")
        return
    if args.command == "collect":
        collect(args.folder)
        return
    if args.command == "agreement":
        print(json.dumps(agreement(args.disagreements), indent=2))
        return
    rows = read_jsonl(CANDIDATES)
    refs = [(row["corpus"], row["id"]) for row in rows]
    args.out.mkdir(parents=True, exist_ok=True)
    write_batches("TA", refs, args.size, args.out)
    # Pass B reads the same articles in another order, so no batch of B matches one of A.
    shuffled = list(refs)
    random.Random(SEED + 1).shuffle(shuffled)
    write_batches("TB", shuffled, args.size, args.out)
    print(f"{len(refs)} articles, passes TA and TB, in batches of {args.size} under {args.out}")


if __name__ == "__main__":
    main()
