"""Choose the articles to annotate for the built-in topic and stance tasks.

Writes ``labels/annotations/candidates.jsonl``: one line per article with its id, corpus and
the stratum it was drawn from. Keyword patterns only decide which articles get read; the labels
come from reading them. Deterministic: the same corpora give the same list.

    python -m training.annotation.select_candidates
"""

from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path

from training.corpora import SHARED, TRAINABLE, iter_corpus, text_fingerprint

OUT = Path(__file__).resolve().parents[2] / "labels" / "annotations" / "candidates.jsonl"
SEED = 20261121

# How many articles each stratum contributes (at most), per round. Round 2 was added after the
# first batches showed too few articles on Russia's military role and on arms trade; its draws
# come after round 1's, so round 1's list is unchanged by it.
ROUND_1 = {
    "exercises_search": 600,
    "russia_search": 420,
    "military_pool": 420,
    "hard_negative_sport": 130,
    "hard_negative_police": 90,
    "hard_negative_domestic": 120,
}
ROUND_2 = {
    "russia_headline": 320,
    "arms_search": 140,
}
# Round 3: articles narrating Russian military action with framing words, the only place
# `supportive` stance can be expected in these corpora (rounds 1-2 found almost none).
ROUND_3 = {"russia_framing": 40}
# Round 4: more Russia-headline articles, a margin over the 400 related articles the stance task
# needs once the guidelines' rule on intelligence operations is applied in review.
ROUND_4 = {"russia_headline": 60}
# Round 5 (issue: the models are blind to stance): every article in which Russia's military role
# is likely a real subject (Russia named three times or more, with military terms), more Russian
# military coverage, more arms trade, and hard negatives the topic model confuses (weapons tests
# with no buyer, battle reports, football and police "تدريبات").
ROUND_5 = {
    "russia_role": 400,
    "russia_search": 400,
    "arms_search": 250,
    "military_pool": 150,
    "weapons_test": 60,
    "battle_report": 100,
    "hard_negative_sport": 50,
    "hard_negative_police": 40,
}
# Round 6 (same issue, second session): rounds 1-5 already hold every article in which Russia's
# military role is likely a subject, so this round takes every article relaying a Russian
# defence-ministry statement (where `supportive` lives), then more military coverage (the topic
# task), arms trade, battle reports and hard negatives, to pass 5,000 gold articles.
ROUND_6 = {
    "russia_ministry": 100,
    "arms_search": 400,
    "military_pool": 1050,
    "battle_report": 200,
    "hard_negative_sport": 80,
    "hard_negative_domestic": 100,
}
# Round 7 (third session): the trainable corpora's articles on military training and arms deals
# that no earlier stratum reached. Earlier rounds already hold every article with "تمرين" and
# military terms; left are foreign states training armed groups or other armies (``exercises``
# by the guidelines), articles with drills and military terms (positives, and football and
# police hard negatives), and arms deals. Every article of each stratum is taken.
ROUND_7 = {
    "training_armed_groups": 200,
    "drill_military": 400,
    "arms_deal": 400,
}
# Round 8 (same session): round 7 raised the test set's `exercises` F1 from 0.24 to 0.42, so more
# of the military pool's articles that no round has read, by the pool's keyword hints: every one
# hinted `exercises`, and samples of those hinted `arms` or `deployments`.
ROUND_8 = {
    "pool_exercises": 200,
    "pool_arms": 140,
    "pool_deployments": 140,
}
QUOTAS = {**ROUND_1, **ROUND_2, **ROUND_3, **ROUND_5, **ROUND_6}
LATER_QUOTAS = {**ROUND_7, **ROUND_8}

EXERCISES = re.compile(
    r"مناورات عسكري|مناورات بحري|مناورات جوي|مناورات مشترك|مناورات (?:ال)?(?:جيش|قوات)|مناورة عسكري"
    r"|مناورات ضخمة|مناورات واسعة|تدريبات عسكري|تدريبات مشترك|تدريبات (?:ال)?بحري|تمرين عسكري"
    r"|تمارين عسكري|تمرينات عسكري|تدريب عسكري مشترك|بالذخيرة الحية"
    r"|(?:الجيش|القوات|البحرية|الجوية|العسكري)[^.\n]{0,60}(?:مناورات|تدريبات|تمرين|تمارين)"
    r"|(?:مناورات|تدريبات|تمرين|تمارين)[^.\n]{0,60}(?:الجيش|القوات المسلحة|البحرية|العسكري)"
)
RUSSIA_MILITARY = re.compile(
    r"(?:روسي|روسيا|موسكو|الكرملين|شويغو|بوتين)[^\n]{0,80}"
    r"(?:عسكري|قوات|جيش|قاعدة|طائر|صواريخ|سلاح|أسلحة|غارات|حميميم|طرطوس|400|سوخوي|بارج|مدمر|غواص)"
)
RUSSIA_IN_TITLE = re.compile(r"روسي|روسيا|موسكو|الكرملين|بوتين|شويغو|لافروف")
ARMS = re.compile(
    r"صفق[ةه] (?:أسلحة|اسلحة|سلاح|مقاتلات|طائرات|صواريخ|دبابات)|شحن[ةه] (?:أسلحة|اسلحة|سلاح)"
    r"|تهريب (?:ال)?(?:أسلحة|اسلحة|سلاح)|(?:تسليح|بتسليح) (?:ال)?(?:معارضة|المعارضة|الجيش|المقاتلين)"
    r"|(?:إس|اس|أس)-?[34]00|صادرات (?:ال)?(?:أسلحة|اسلحة|سلاح)|حظر (?:ال)?(?:أسلحة|اسلحة|سلاح)"
    r"|(?:بيع|شراء|توريد|تسليم|تزويد)[^.\n]{0,30}(?:أسلحة|اسلحة|مقاتلات|منظومة|صواريخ|دبابات)"
)
RUSSIAN_FORCES = re.compile(r"وزارة الدفاع الروسية|الجيش الروسي|القوات الروسية|الطيران الروسي|مركز المصالحة|حميميم")
RUSSIA = re.compile(r"روسي|روسيا|موسكو|الكرملين|بوتين|شويغو")
WEAPONS_TEST = re.compile(r"تجرب[ةه] صاروخي|(?:تجرب[ةه]|اختبار) (?:صاروخ|صواريخ|سلاح|منظوم)|أطلقت? صاروخا")
MINISTRY_SAID = re.compile(
    r"(?:وزارة الدفاع الروسية|الدفاع الروسية|مركز المصالحة الروسي)[^.\n]{0,40}(?:أعلنت|قالت|أكدت|ذكرت|أفادت|في بيان)"
    r"|(?:أعلنت|قالت|أكدت|ذكرت|أفادت)[^.\n]{0,20}(?:وزارة الدفاع الروسية|الدفاع الروسية)"
)
BATTLE = re.compile(r"غارات|قصف|اشتباكات|معارك")
FRAMING = re.compile(r"(?<![\"«“])(?:الإرهابيين|الارهابيين|المسلحين|تحرير|محاربة الإرهاب|مكافحة الإرهاب|المصالحة)")
SPORT_TRAINING = re.compile(r"تدريبات|التدريب|المران|معسكر")
SPORT_FEEDS = {"sport"}
MILITARY_TERMS = re.compile(r"عسكري|القوات|الجيش|البحرية|الجوية|المسلحة|الدفاع")
TRAINING_GROUPS = re.compile(
    r"(?:تدريب|تدرب|يدرب|بتدريب|لتدريب|تدريبات)[^.\n]{0,40}"
    r"(?:المعارضة|مقاتل|الفصائل|الجيش الحر|البيشمركة|العشائر|المتمردين|الثوار|مسلحي|ميليشي|جنود|ضباط|قوات)"
)
DRILL = re.compile(r"تدريب|تدريبات|مناورات|مناورة|تمرين|تمارين")
ARMS_WORDS = re.compile(r"صفقة|صفقات|أسلحة|الأسلحة|صواريخ|طائرات|مقاتلات|دبابات")
DEAL_WORDS = re.compile(r"صفقة|صفقات|عقد|توريد|تسليم|شراء|بيع")
POLICE_DRILL = re.compile(
    r"(?:الحماية المدنية|الدفاع المدني|الشرطة|الأمن المركزي|المطافئ)[^\n]{0,60}(?:تدريب|تمرين|مناورة|محاكاة)"
)
DOMESTIC_POLITICS = re.compile(r"الانتخابات البرلمانية|مجلس الشورى|مجلس النواب|الأحزاب|حزب الحرية والعدالة|جبهة الإنقاذ")
DOMESTIC_FEEDS = {"politics", "egypt"}


def category(article: dict) -> str:
    labels = article.get("labels") or {}
    return labels.get("category") or labels.get("feed") or ""


def strata_of(article: dict, pooled: set[tuple[str, str]]) -> list[str]:
    """Every stratum an article qualifies for, in priority order."""
    text = f"{article.get('title') or ''}\n{article.get('text') or ''}"
    found = []
    if EXERCISES.search(text):
        found.append("exercises_search")
    if RUSSIA_MILITARY.search(text):
        found.append("russia_search")
        if RUSSIA_IN_TITLE.search(article.get("title") or ""):
            found.append("russia_headline")
    if ARMS.search(text):
        found.append("arms_search")
    if len(RUSSIA.findall(text)) >= 3 and RUSSIA_MILITARY.search(text):
        found.append("russia_role")
    if WEAPONS_TEST.search(text):
        found.append("weapons_test")
    if MINISTRY_SAID.search(text):
        found.append("russia_ministry")
    if len(BATTLE.findall(text)) >= 3:
        found.append("battle_report")
    if len(RUSSIAN_FORCES.findall(text)) >= 2 and len(FRAMING.findall(text)) >= 2:
        found.append("russia_framing")
    if (article["corpus"], article["id"]) in pooled:
        found.append("military_pool")
    cat = category(article)
    if cat in SPORT_FEEDS and SPORT_TRAINING.search(text):
        found.append("hard_negative_sport")
    if POLICE_DRILL.search(text):
        found.append("hard_negative_police")
    if cat in DOMESTIC_FEEDS and DOMESTIC_POLITICS.search(article.get("title") or ""):
        found.append("hard_negative_domestic")
    return found


def later_strata_of(article: dict) -> list[str]:
    """The strata of round 7, apart from the others so that adding them changes no earlier round."""
    text = f"{article.get('title') or ''}\n{article.get('text') or ''}"
    military = len(MILITARY_TERMS.findall(text))
    found = []
    if TRAINING_GROUPS.search(text) and military >= 2:
        found.append("training_armed_groups")
    if len(DRILL.findall(text)) >= 2 and military >= 3:
        found.append("drill_military")
    if len(ARMS_WORDS.findall(text)) >= 3 and len(DEAL_WORDS.findall(text)) >= 2 and military >= 3:
        found.append("arms_deal")
    return found


def pool_strata_of(article: dict, hints: dict[tuple[str, str], list[str]]) -> list[str]:
    """The strata of round 8: the military pool's keyword hints."""
    hinted = hints.get((article["corpus"], article["id"]), [])
    return [f"pool_{hint}" for hint in ("exercises", "arms", "deployments") if hint in hinted]


def main() -> None:
    with gzip.open(SHARED / "annotation" / "military_pool.jsonl.gz", "rt", encoding="utf-8") as handle:
        hints = {(row["corpus"], row["id"]): row["keyword_hints"] for row in map(json.loads, handle)}
    pooled = set(hints)
    by_stratum: dict[str, list[tuple[str, str]]] = {name: [] for name in {**QUOTAS, **LATER_QUOTAS}}
    seen: set[str] = set()
    seen_later: set[str] = set()
    seen_pool: set[str] = set()
    for corpus in TRAINABLE:
        for article in iter_corpus(corpus):
            for strata, seen_by in ((strata_of(article, pooled), seen), (later_strata_of(article), seen_later),
                                    (pool_strata_of(article, hints), seen_pool)):
                if not strata:
                    continue
                key = text_fingerprint(article)
                if key in seen_by:
                    continue
                seen_by.add(key)
                for name in strata:
                    by_stratum[name].append((corpus, article["id"]))
    chosen: dict[tuple[str, str], str] = {}
    rows = []
    for number, quotas in enumerate((ROUND_1, ROUND_2, ROUND_3, ROUND_4, ROUND_5, ROUND_6, ROUND_7, ROUND_8), 1):
        rng = random.Random(SEED + number - 1)
        drawn: list[tuple[str, str]] = []
        for name, quota in quotas.items():
            pool = sorted(ref for ref in by_stratum[name] if ref not in chosen)
            rng.shuffle(pool)
            for ref in pool[:quota]:
                chosen[ref] = name
                drawn.append(ref)
        drawn.sort()
        rng.shuffle(drawn)
        rows += [{"id": ref[1], "corpus": ref[0], "stratum": chosen[ref], "round": number} for ref in drawn]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    counts = {name: sum(1 for row in rows if row["stratum"] == name) for name in {**QUOTAS, **LATER_QUOTAS}}
    print(f"{len(rows)} candidates -> {OUT}")
    for name, n in counts.items():
        print(f"  {name}: {n} (of {len(by_stratum[name])} available)")


if __name__ == "__main__":
    main()
