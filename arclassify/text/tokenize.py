"""Split (normalised) text into word tokens."""

from __future__ import annotations

import re

# Letters, digits and underscores, with Arabic combining marks and tatweel kept inside words
# (so un-normalised text is not cut at its diacritics); internal hyphens join ("f-35", "اس-400").
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
_WORD = rf"(?:\w|[{_MARKS}])+"
TOKEN_PATTERN = re.compile(rf"{_WORD}(?:-{_WORD})*")
# Tokens and the line breaks between them (to tokenise many lines in one pass and tell them apart).
TOKEN_OR_BREAK = re.compile(rf"{TOKEN_PATTERN.pattern}|\n")


def tokenize(text: str) -> list[str]:
    """Word tokens of a text, in order; punctuation and whitespace are dropped."""
    return TOKEN_PATTERN.findall(text)
