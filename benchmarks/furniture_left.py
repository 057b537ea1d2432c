"""How much page furniture the furniture stripper leaves, and how much article text it takes.

    python benchmarks/furniture_left.py [--corpus baly2018_stance --corpus saudinewsnet ...] [--show 0]

No page is marked up by hand, so the measure is by repetition: within one outlet (or web host), a
line that appears on three or more different pages is furniture (menus, footers, forms, teaser
lists), and a line of 40 characters or more that appears on one page only is article text. For
each corpus it prints the share of furniture characters left after ``strip_furniture`` and the
share of article-text characters removed (a line cut short counts with what was removed). Pages
of the honest test set (``labels/annotations/test/``) are left out, so that the stripper's rules,
written while looking at this measure, are never fitted to the test pages. Both figures are
approximations: a sidebar headline repeated on three pages counts as furniture, and a counter or
date makes a furniture line unique, so it counts as article text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from arclassify.text.furniture import strip_furniture

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
TEST_CANDIDATES = ROOT / "labels" / "annotations" / "test" / "candidates.jsonl"
REPEATED = 3
ARTICLE_LINE = 40


def _key(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip())


def pages_by_outlet(corpus: str, skip: set[str]) -> dict[str, list[str]]:
    pages: dict[str, set[str]] = defaultdict(set)
    with gzip.open(CORPORA / f"{corpus}.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            if str(article.get("id")) not in skip and article.get("text"):
                pages[str(article.get("outlet") or "?")].add(article["text"])
    return {outlet: sorted(texts) for outlet, texts in pages.items()}


def kept_characters(line: str, after: dict[str, str]) -> int:
    """Characters of an original line still in the stripped page (whole, or cut short)."""
    found = after.get(line[:ARTICLE_LINE])
    if found is None:
        return 0
    # a line edited inside (inline furniture removed) counts as kept, up to its new length
    return min(len(found), len(line))


def measure(corpus: str, skip: set[str]) -> dict[str, float]:
    furniture = furniture_left = article = article_lost = 0
    pages = pages_by_outlet(corpus, skip)
    for texts in pages.values():
        seen = Counter(line for text in texts for line in {_key(raw) for raw in text.splitlines()} if line)
        for text in texts:
            after = {line[:ARTICLE_LINE]: line for line in map(_key, strip_furniture(text).splitlines())}
            for line in filter(None, map(_key, text.splitlines())):
                kept = kept_characters(line, after)
                if seen[line] >= REPEATED:
                    furniture += len(line)
                    furniture_left += kept
                elif seen[line] == 1 and len(line) >= ARTICLE_LINE:
                    article += len(line)
                    article_lost += len(line) - kept
    return {"pages": sum(map(len, pages.values())), "outlets": len(pages),
            "furniture_chars": furniture, "furniture_left": furniture_left / max(furniture, 1),
            "article_chars": article, "article_lost": article_lost / max(article, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", action="append", help="corpora of ../shared/corpora [default: the four]")
    args = parser.parse_args()
    skip = {json.loads(line)["id"] for line in TEST_CANDIDATES.read_text(encoding="utf-8").splitlines() if line.strip()}
    corpora = args.corpus or ["baly2018_stance", "saudinewsnet", "ant_multisource", "egy_news_2013"]
    print("| corpus | pages | furniture characters | furniture left | article characters | article text removed |")
    print("|---|---|---|---|---|---|")
    for corpus in corpora:
        m = measure(corpus, skip)
        print(f"| {corpus} | {m['pages']:,} | {m['furniture_chars']:,} | {m['furniture_left']:.1%} | "
              f"{m['article_chars']:,} | {m['article_lost']:.2%} |")


if __name__ == "__main__":
    main()
