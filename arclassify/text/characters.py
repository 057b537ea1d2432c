"""Arabic character classes and the mappings used by the normaliser.

Letters, harakat, digits and Arabic punctuation come from pyarabic's named constants; this
module adds what it does not name (Quranic marks, final-form ligatures, Persian letters,
typographic punctuation).
"""

from __future__ import annotations

from pyarabic import araby

ALEF = araby.ALEF
YEH = araby.YEH
HEH = araby.HEH
WAW = araby.WAW
LAM = araby.LAM
KAF = araby.KAF

# Harakat, tanween, shadda, sukun (pyarabic's TASHKEEL), the other combining marks of the Arabic
# block (maddah, hamza above/below, ...), superscript alef and the Quranic annotation signs.
DIACRITICS = tuple(
    dict.fromkeys(
        list(araby.TASHKEEL)
        + [chr(c) for c in range(0x0610, 0x061B)]
        + [chr(c) for c in range(0x064B, 0x0660)]
        + [araby.SMALL_ALEF]
        + [chr(c) for c in range(0x06D6, 0x06DD)]
        + [chr(c) for c in range(0x06DF, 0x06E9)]
        + [chr(c) for c in range(0x06EA, 0x06EE)]
    )
)
TATWEEL = araby.TATWEEL

# Hamza-bearing and wasla alef forms (أ إ آ ٱ) and the wavy-hamza forms (ٲ ٳ).
ALEF_FORMS = araby.ALEF_HAMZA_ABOVE + araby.ALEF_HAMZA_BELOW + araby.ALEF_MADDA + araby.ALEF_WASLA + "\u0672\u0673"
ALEF_MAQSURA = araby.ALEF_MAKSURA
TA_MARBUTA = araby.TEH_MARBUTA
HAMZA_ON_WAW = araby.WAW_HAMZA
HAMZA_ON_YEH = araby.YEH_HAMZA

# Letters of Persian/Urdu typing that stand for Arabic letters: ک ی ې ە ہ
PERSIAN_LETTERS = {"\u06a9": KAF, "\u06cc": YEH, "\u06d0": YEH, "\u06d5": HEH, "\u06c1": HEH}

# Presentation-form lam-alef ligatures (isolated, as pyarabic lists them, and final) and their alef.
LAM_ALEF_LIGATURES = {
    araby.LAM_ALEF_MADDA_ABOVE: araby.ALEF_MADDA, "\ufef6": araby.ALEF_MADDA,
    araby.LAM_ALEF_HAMZA_ABOVE: araby.ALEF_HAMZA_ABOVE, "\ufef8": araby.ALEF_HAMZA_ABOVE,
    araby.LAM_ALEF_HAMZA_BELOW: araby.ALEF_HAMZA_BELOW, "\ufefa": araby.ALEF_HAMZA_BELOW,
    araby.LAM_ALEF: ALEF, "\ufefc": ALEF,
}

ARABIC_INDIC_DIGITS = "".join(araby.NUMBERS_EAST)
PERSIAN_DIGITS = "".join(araby.NUMBERS_PERS)

# Arabic and typographic punctuation to its ASCII counterpart.
PUNCTUATION = {
    araby.COMMA: ",",
    araby.SEMICOLON: ";",
    araby.QUESTION: "?",
    araby.PERCENT: "%",
    araby.DECIMAL: ".",
    araby.THOUSANDS: ",",
    araby.FULL_STOP: ".",
    "\u066d": "*",  # Arabic five-pointed star
    "\u00ab": '"', "\u00bb": '"',  # guillemets
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-",
    "\u2026": "...",
    "\ufd3e": "(", "\ufd3f": ")",  # ornate parentheses
}
