"""Arabic text normalisation, every step switchable through :class:`NormalizeConfig`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, fields

from arclassify.errors import ConfigError
from arclassify.text import characters as ch
from arclassify.text.memo import Memo

URL_TOKEN = "_url_"
EMAIL_TOKEN = "_email_"
NUMBER_TOKEN = "_num_"

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_URL_HINT = re.compile(r"http|www", re.IGNORECASE).search
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A number standing on its own: not glued to letters or hyphens ("F-35" and "إس-400" stay whole).
_NUMBER = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)*(?![\w-])")
# Three or more of the same letter (not digit, not underscore): emphasis ("جداااا").
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_SPACE_RUN = re.compile(r"\s+")
_HAS_SPACE = re.compile(r"\s").search
# After one pass, a chunk made only of these characters cannot change in another pass.
_STABLE_CHARS = "\u0621-\u063a\u0641-\u064aa-z0-9_.,;:!?\"'()%/\\-"
_STABLE = re.compile(f"[{_STABLE_CHARS}]*").fullmatch
_UNSTABLE_CHAR = re.compile(f"[^{_STABLE_CHARS}\n]")
# Caches stop growing when full: the frequent words of a corpus come early and stay cached, and
# memory stays bounded on archives of any size.
_CACHE_LIMIT = 300_000
_MAX_PASSES = 4


@dataclass(frozen=True)
class NormalizeConfig:
    """Which normalisation steps to apply. All are on by default."""

    nfkc: bool = True
    remove_diacritics: bool = True
    remove_tatweel: bool = True
    normalize_alef: bool = True
    alef_maqsura_to_yeh: bool = True
    ta_marbuta_to_heh: bool = True
    normalize_hamza: bool = True
    normalize_lam_alef: bool = True
    persian_letters: bool = True
    normalize_digits: bool = True
    normalize_punctuation: bool = True
    lowercase: bool = True
    replace_urls: bool = True
    replace_emails: bool = True
    replace_numbers: bool = True
    squeeze_repeats: bool = True

    @classmethod
    def from_dict(cls, values: dict, where: str = "normalize options") -> NormalizeConfig:
        """Build from a mapping, refusing unknown names and non-boolean values."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"unknown option {unknown[0]!r} in {where}; known options: {', '.join(sorted(known))}")
        for name, value in values.items():
            if not isinstance(value, bool):
                raise ConfigError(f"option {name!r} in {where} must be true or false, got {value!r}")
        return cls(**values)

    def to_dict(self) -> dict:
        return asdict(self)


def _character_table(config: NormalizeConfig) -> dict[int, str | None]:
    """One ``str.translate`` table for all single-character steps the config enables."""
    table: dict[int, str | None] = {}
    alef_target = {form: (ch.ALEF if config.normalize_alef else form) for form in ch.ALEF_FORMS}
    alef_target[ch.ALEF] = ch.ALEF
    if config.remove_diacritics:
        table.update({ord(c): None for c in ch.DIACRITICS})
    if config.remove_tatweel:
        table[ord(ch.TATWEEL)] = None
    if config.normalize_alef:
        table.update({ord(c): ch.ALEF for c in ch.ALEF_FORMS})
    if config.alef_maqsura_to_yeh:
        table[ord(ch.ALEF_MAQSURA)] = ch.YEH
    if config.ta_marbuta_to_heh:
        table[ord(ch.TA_MARBUTA)] = ch.HEH
    if config.normalize_hamza:
        table[ord(ch.HAMZA_ON_WAW)] = ch.WAW
        table[ord(ch.HAMZA_ON_YEH)] = ch.YEH
    if config.normalize_lam_alef:
        table.update({ord(lig): ch.LAM + alef_target[alef] for lig, alef in ch.LAM_ALEF_LIGATURES.items()})
    if config.persian_letters:
        table.update({ord(k): v for k, v in ch.PERSIAN_LETTERS.items()})
    if config.normalize_digits:
        for digits in (ch.ARABIC_INDIC_DIGITS, ch.PERSIAN_DIGITS):
            table.update({ord(d): str(i) for i, d in enumerate(digits)})
    if config.normalize_punctuation:
        table.update({ord(k): v for k, v in ch.PUNCTUATION.items()})
    return table


class Normalizer:
    """Applies a :class:`NormalizeConfig` to text; remembers the words it has seen."""

    def __init__(self, config: NormalizeConfig | None = None) -> None:
        self.config = config or NormalizeConfig()
        self._table = _character_table(self.config)
        self._cache = Memo(self.chunk_uncached, _CACHE_LIMIT)

    def __getstate__(self) -> dict:
        return {"config": self.config}

    def __setstate__(self, state: dict) -> None:
        Normalizer.__init__(self, state["config"])

    def _once(self, chunk: str) -> str:
        config = self.config
        if config.nfkc and not unicodedata.is_normalized("NFKC", chunk):
            chunk = unicodedata.normalize("NFKC", chunk)
        chunk = chunk.translate(self._table)
        if config.lowercase:
            chunk = chunk.lower()
        if config.replace_urls and _URL_HINT(chunk):
            chunk = _URL.sub(URL_TOKEN, chunk)
        if config.replace_emails and "@" in chunk:
            chunk = _EMAIL.sub(EMAIL_TOKEN, chunk)
        if config.squeeze_repeats:
            chunk = _REPEATS.sub(r"\1", chunk)
        if config.replace_numbers:
            chunk = _NUMBER.sub(NUMBER_TOKEN, chunk)
        return chunk

    def _letters(self, chunk: str) -> str | None:
        """Fast path for a chunk of letters only (most words): no URL, e-mail or number to look for.

        ``None`` when the chunk needs the general path (NFKC would change it, or the result is
        outside the characters known to be stable after one pass).
        """
        config = self.config
        if config.nfkc and not unicodedata.is_normalized("NFKC", chunk):
            return None
        result = chunk.translate(self._table)
        if config.lowercase:
            result = result.lower()
        if config.squeeze_repeats and len(result) > 2:
            result = _REPEATS.sub(r"\1", result)
        return result if _STABLE(result) else None

    def chunk_uncached(self, chunk: str) -> str:
        """Normalise one whitespace-free piece of text, bypassing the cache."""
        if chunk.isalpha():
            result = self._letters(chunk)
            if result is not None:
                return result
        result = self._once(chunk)
        if result != chunk and not _STABLE(result):
            # Rare interplay of steps (NFKC output that another step changes): repeat to a fixed point.
            for _ in range(_MAX_PASSES):
                again = self._once(result)
                if again == result:
                    break
                result = again
        if _HAS_SPACE(result):  # NFKC expands a few ligatures into words
            result = _SPACE_RUN.sub(" ", result).strip()
        return result

    def many(self, chunks: list[str]) -> list[str]:
        """Normalise many whitespace-free pieces, in one pass over them all where that is safe.

        Every step is local to a piece, so the pieces are joined by newlines (which no step
        changes or crosses) and normalised together; a piece left with characters outside those
        known to be stable after one pass is finished on its own.
        """
        if not chunks:
            return []
        joined = self._once("\n".join(chunks))
        pieces = joined.split("\n")
        if len(pieces) != len(chunks):  # cannot happen with the steps above; kept as a safe fallback
            return [self.chunk_uncached(chunk) for chunk in chunks]
        index, previous, done = 0, 0, -1
        for match in _UNSTABLE_CHAR.finditer(joined):
            index += joined.count("\n", previous, match.start())
            previous = match.start()
            if index != done:
                pieces[index] = self.chunk_uncached(chunks[index])
                done = index
        return pieces

    def __call__(self, text: str) -> str:
        """Normalise a text; runs of whitespace become one space, or one newline if they held one."""
        chunk = self._cache.__getitem__
        lines = (" ".join(filter(None, map(chunk, line.split()))) for line in text.splitlines())
        return "\n".join(filter(None, lines))


_SHARED: dict[NormalizeConfig, Normalizer] = {}


def get_normalizer(config: NormalizeConfig | None = None) -> Normalizer:
    """The shared :class:`Normalizer` for a configuration."""
    config = config or NormalizeConfig()
    normalizer = _SHARED.get(config)
    if normalizer is None:
        normalizer = _SHARED[config] = Normalizer(config)
    return normalizer


def normalize(text: str, config: NormalizeConfig | None = None) -> str:
    """Normalise Arabic text: letters, digits, punctuation, placeholders, whitespace."""
    return get_normalizer(config)(text)
