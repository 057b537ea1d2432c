"""A light stemmer of the light10 kind (Larkey, Ballesteros and Connell): affixes off, no roots."""

from __future__ import annotations

from functools import lru_cache

# Normalised and un-normalised spellings both, so the stemmer works with any normalise options.
_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")
_ARABIC = range(0x0621, 0x064B)


def _is_arabic(word: str) -> bool:
    return all(ord(c) in _ARABIC for c in word)


@lru_cache(maxsize=200_000)
def light_stem(word: str) -> str:
    """Strip a leading "و", one article-like prefix and light suffixes, keeping two letters or more."""
    if len(word) < 3 or not _is_arabic(word):
        return word
    if word.startswith("و") and len(word) > 3:
        word = word[1:]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word
