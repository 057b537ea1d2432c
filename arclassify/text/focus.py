"""The sentences of a text that speak of a target (Russia's military, say), found by a lexicon.

A task's label may be about one actor only: the stance toward Russia's military role is decided
by the sentences about Russia, its forces and its officials, not by the rest of the article.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

# Named lexicons of target mentions (regular expressions on raw text, alef forms and attached
# prefixes allowed). Written for this project; extend by adding a name.
LEXICONS: dict[str, tuple[str, ...]] = {
    "russia": (
        r"روس(?:ي|يا|ى)", r"الروس\b", r"موسكو", r"الكرملين", r"بوتين", r"شويغو", r"شويجو", r"لافروف",
        r"بيسكوف", r"حميميم", r"طرطوس", r"سوخوي", r"[اإأ]س-? ?[34]00", r"كاليبر", r"فاغنر", r"مركز المصالح[ةه]",
        r"السوفي[تي]", r"russia", r"moscow", r"kremlin", r"putin",
    ),
    # Drills and manoeuvres; "تدريب" is as often football practice, which the words around it tell apart.
    "drills": (
        r"مناور[اةه]", r"تمرين", r"تمارين", r"تدريب", r"حرب[ي]?[ةه]? افتراضي", r"الذخير[ةه] الحي[ةه]", r"drill",
        r"exercise", r"war ?game",
    ),
    # Armed forces, their weapons and their movements: the sentences any of the four topics is about.
    "military": (
        r"عسكري", r"الجيش", r"جيوش", r"قوات", r"جنود", r"مناور[اةه]", r"تمرين", r"تمارين", r"تدريبات", r"سلاح",
        r"[اأ]سلح[ةه]", r"صواريخ", r"صاروخ", r"مقاتلات", r"طائرات حربي", r"دبابات", r"مدرعات", r"بوارج", r"فرقاط",
        r"غواص[ةه]", r"حامل[ةه] طائرات", r"صفق[ةه]", r"وزير الدفاع", r"وزار[ةه] الدفاع", r"military", r"troops",
    ),
}
_SENTENCE = re.compile(r"[^.!?؟\n]+[.!?؟]*")


def _literal_start(entry: str) -> list[str]:
    """``entry`` as alternatives that each begin with one literal character, with the same matches
    as ``entry`` under IGNORECASE. The regex engine then skips ahead to the next position where an
    alternative can begin instead of trying every alternative everywhere (twice as fast)."""
    close = entry.find("]")
    if entry.startswith("[") and close > 1 and entry[1:close].isalpha():  # a plain set of letters
        return [alternative for option in entry[1:close] for alternative in _literal_start(option + entry[close + 1:])]
    if entry[0].isalpha():
        rest = f"(?i:{entry[1:]})" if len(entry) > 1 else ""
        return [case + rest for case in dict.fromkeys((entry[0].lower(), entry[0].upper()))]
    return [f"(?i:{entry})"]


@lru_cache(maxsize=16)
def lexicon_pattern(name: str) -> re.Pattern[str]:
    """The compiled pattern of a named lexicon (latin letters in any case)."""
    if name not in LEXICONS:
        raise ValueError(f"unknown focus lexicon {name!r} (known: {', '.join(LEXICONS)})")
    return re.compile("|".join(option for entry in LEXICONS[name] for option in _literal_start(entry)))


def lead(text: str, sentences: int) -> tuple[str, float]:
    """The first ``sentences`` sentences (the headline is the first line), and their share of the text's sentences."""
    found = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if not found:
        return "", 0.0
    return "\n".join(found[:sentences]), min(sentences, len(found)) / len(found)


def focus(text: str, lexicon: str, window: int = 1) -> tuple[str, float]:
    """The sentences mentioning the lexicon's target with ``window`` neighbours on each side,
    joined by newlines, and the share of the text's sentences that mention it."""
    # One scan of the whole text: no entry spans a sentence break, so a mention belongs to the
    # sentence it starts in. Most texts have none, and need no sentences.
    mentions = [found.start() for found in lexicon_pattern(lexicon).finditer(text)]
    if not mentions:
        return "", 0.0
    sentences, ends = [], []
    for match in _SENTENCE.finditer(text):
        if sentence := match.group().strip():
            sentences.append(sentence)
            ends.append(match.end())
    hits = sorted({bisect.bisect_right(ends, start) for start in mentions})
    keep = sorted({j for i in hits for j in range(max(0, i - window), min(len(sentences), i + window + 1))})
    return "\n".join(sentences[j] for j in keep), len(hits) / len(sentences)
