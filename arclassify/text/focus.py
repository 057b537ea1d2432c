"""The sentences of a text that speak of a target (Russia's military, say), found by a lexicon.

A task's label may be about one actor only: the stance toward Russia's military role is decided
by the sentences about Russia, its forces and its officials, not by the rest of the article.
"""

from __future__ import annotations

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
}
_SENTENCE = re.compile(r"[^.!?؟\n]+[.!?؟]*")


@lru_cache(maxsize=16)
def lexicon_pattern(name: str) -> re.Pattern[str]:
    """The compiled pattern of a named lexicon."""
    if name not in LEXICONS:
        raise ValueError(f"unknown focus lexicon {name!r} (known: {', '.join(LEXICONS)})")
    return re.compile("|".join(LEXICONS[name]), re.IGNORECASE)


def lead(text: str, sentences: int) -> tuple[str, float]:
    """The first ``sentences`` sentences (the headline is the first line), and their share of the text's sentences."""
    found = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if not found:
        return "", 0.0
    return "\n".join(found[:sentences]), min(sentences, len(found)) / len(found)


def focus(text: str, lexicon: str, window: int = 1) -> tuple[str, float]:
    """The sentences mentioning the lexicon's target with ``window`` neighbours on each side,
    joined by newlines, and the share of the text's sentences that mention it."""
    pattern = lexicon_pattern(lexicon)
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if not sentences:
        return "", 0.0
    hits = [i for i, sentence in enumerate(sentences) if pattern.search(sentence)]
    keep = sorted({j for i in hits for j in range(max(0, i - window), min(len(sentences), i + window + 1))})
    return "\n".join(sentences[j] for j in keep), len(hits) / len(sentences)
