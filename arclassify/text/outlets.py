"""Mask outlets' names, datelines and bylines, so a model must know an outlet by its writing."""

from __future__ import annotations

import re
from collections.abc import Iterable

OUTLET_TOKEN = "_outlet_"

_A = "[اأإآ]"
_Y = "[يى]"
_H = "[هة]"
_Q = "[\"'«»“”]"  # quotes an outlet's name is often wrapped in

# Name patterns of the outlets in the project's corpora. Names that are also ordinary words
# (الوطن "the homeland", الشروق "sunrise", الدستور "the constitution") are matched only in the
# shape newspapers use for themselves: in quotes.
OUTLET_NAMES: dict[str, list[str]] = {
    "skynews": [r"سكا[يى] ?نيوز(?: عربي[هة])?", r"sky ?news(?: arabia)?"],
    "alarabia": [rf"{_A}لعربي[هة] ?\.? ?نت", r"قنا[هة] ال?عربي[هة]", r"al ?arabiya", r"alarabiya\.net"],
    "bbc": [r"ب[يى] ?\.? ?ب[يى] ?\.? ?س[يى](?: عرب[يى])?", r"bbc(?: arabic| عرب[يى])?"],
    "cnn": [rf"س[يى] ?{_A}ن ?{_A}ن(?: ب{_A}لعربي[هة])?", rf"cnn(?: ?arabic| ب{_A}لعربي[هة])?"],
    "france24": [r"فرانس ?24", r"france ?24"],
    "officialyoum77": [rf"{_A}ليوم ال?س{_A}بع", r"youm7"],
    "ElWatanNews": [rf"{_Q}{_A}لوطن{_Q}", rf"{_A}لوطن نيوز", r"elwatan ?news"],
    "shorouknews": [rf"{_Q}{_A}لشروق{_Q}", r"shorouk ?news"],
    "elfagr": [rf"{_Q}{_A}لفجر{_Q}", r"elfagr"],
    "akhbarelyomgate": [rf"{_A}خب{_A}ر {_A}ليوم", r"akhbarelyom"],
    "masrawy": [rf"مصر{_A}و[يى]", r"masrawy"],
    "El.Dostor.News": [rf"{_Q}{_A}لدستور{_Q}", rf"{_A}لدستور {_A}لأصل[يى]", r"dostor"],
    "almasryalyoum": [rf"{_A}لمصر[يى] {_A}ليوم", r"almasry ?alyoum"],
    "Tahrir.News.Official": [rf"{_Q}{_A}لتحرير{_Q}", r"tahrir ?news"],
    "fjp": [rf"{_Q}{_A}لحري[هة] و{_A}لعد{_A}ل[هة]{_Q}", r"fj ?portal"],
    "bbcarabicnews": [],
    "cnnarabic": [],
    "Alahram.Newspaper": [rf"{_A}لأهر{_A}م", r"ahram"],
}

# Datelines and bylines that open an article: "CITY، COUNTRY (CNN)--", "CITY - أ ش أ",
# "كتب - NAME:", "ترجمة - NAME", "عين اليوم – متابعات", a lone reporter's name.
_AGENCY = (
    rf"(?:{_A}\s?ش\s?{_A}|{_A}\.ش\.{_A}|{_A}\s?ف\s?ب|رويترز|د\s?ب\s?{_A}|وك{_A}لات|متابع{_A}ت|و{_A}س"
    rf"|بي بي سي|سي {_A}ن {_A}ن|cnn)"
)
# A dash as datelines write it; tatweel and underscore count only next to a space ("لـCNN" is no dash).
_DASH = r"(?:[-–—]+|\s[ـ_]+|[ـ_]+\s)"
_DATELINES = [
    re.compile(rf"^[^\n()]{{0,60}}?\(\s*[^()\n]{{1,25}}\s*\)\s*{_DASH}\s*"),
    re.compile(rf"^[^\n\-–—_ـ:]{{0,40}}{_DASH}\s*{_AGENCY}\s*[:\-–—]?\s*", re.IGNORECASE),
    re.compile(rf"^{_AGENCY}\s*{_DASH}\s*[^\n]{{0,30}}?(?::|$)", re.IGNORECASE),
    re.compile(rf"^(?:كتب|كتبت|ترجم[هة]|تقرير|إعداد|اعداد)\s*(?:{_DASH}|:)\s*[^\n:.]{{1,50}}(?::|$)"),
    re.compile(r"^[^\n]{0,30}\d{1,2} \S+ \d{4} هـ الموافق [^\n]{0,40}$"),
]
_BYLINE_WORDS = 4
_LEADING_LINES = 3


_LEADING_ATOM = re.compile(r"\[[^\]\\]+\]|[^\\(\[.?*+{|^$]")


def _grouped(patterns: list[str]) -> str:
    """One alternation, with the patterns that begin alike grouped under their first character (class).

    Python's regex engine tries alternatives one after another at every position; grouping lets
    one failed test rule out a whole group.
    """
    groups: dict[str, list[str]] = {}
    for pattern in patterns:
        head = _LEADING_ATOM.match(pattern)
        rest = pattern[head.end() :] if head else pattern
        if head and rest[:1] not in ("?", "*", "+", "{"):
            groups.setdefault(head.group(0), []).append(rest)
        else:
            groups.setdefault("", []).append(pattern)
    return "|".join(f"{head}(?:{'|'.join(rests)})" for head, rests in groups.items())


class NameMasker:
    """Replaces outlet names; fast on long texts because each regex runs only where it can match.

    Names are tried only at word starts (an attached و/ف/ب/ك/ل and a tatweel are allowed before
    Arabic names: "لسكاي نيوز"; a tatweel before Latin ones: "لـCNN"), and Latin names only when
    the text has a Latin word that begins like one of them.
    """

    def __init__(self, names: Iterable[str]) -> None:
        names = sorted(set(names), key=len, reverse=True)  # longest first: "سكاي نيوز عربية" before "سكاي نيوز"
        latin = [n for n in names if re.match(r"[a-z]", n)]
        arabic = [n for n in names if n not in latin]
        self.arabic = re.compile(rf"(?<!\w)[وفبكل]?ـ?(?:{_grouped(arabic)})") if arabic else None
        self.latin = re.compile(rf"(?:(?<!\w)|(?<=ـ))(?:{'|'.join(latin)})", re.IGNORECASE) if latin else None
        self.latin_starts = tuple({re.sub(r"[^a-z0-9].*", "", n) for n in latin})

    def __call__(self, text: str) -> str:
        replacement = f" {OUTLET_TOKEN} "
        if self.arabic is not None:
            text = self.arabic.sub(replacement, text)
        if self.latin is not None and any(
            word.lower().startswith(self.latin_starts) for word in _LATIN_WORD.findall(text)
        ):
            text = self.latin.sub(replacement, text)
        return text


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_DEFAULT_MASKER = NameMasker(p for patterns in OUTLET_NAMES.values() for p in patterns)


def mask_outlet_names(text: str, names: Iterable[str] | None = None) -> str:
    """Replace outlets' names (regular expressions; the project's corpora by default) by a token."""
    masker = _DEFAULT_MASKER if names is None else NameMasker(names)
    return masker(text)


def strip_datelines(text: str) -> str:
    """Remove the dateline or byline that opens the first lines of an article."""
    lines = text.split("\n")
    for i in range(min(_LEADING_LINES, len(lines))):
        line = lines[i].strip()
        for pattern in _DATELINES:
            match = pattern.match(line)
            if match:
                line = line[match.end() :].strip()
                break
        words = line.split()
        if 0 < len(words) <= _BYLINE_WORDS and i > 0 and not re.search(r"[.!?؟،,:]", line):
            line = ""
        lines[i] = line
    return "\n".join(line for line in lines if line)


def mask_outlets(text: str, names: Iterable[str] | None = None) -> str:
    """Datelines and bylines removed, outlets' names replaced by a placeholder token."""
    return mask_outlet_names(strip_datelines(text), names)
