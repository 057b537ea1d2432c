"""One batch of texts cleaned and encoded once per distinct configuration, for every model reading it.

Models scored together often read the same texts with the same preprocessing (the built-in
``topic`` and ``stance`` both strip page furniture and normalise alike): each step is done once
per batch and configuration, and its result handed to every vectorizer that asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

from arclassify.text.encoder import FilteredEncoder, TokenEncoder
from arclassify.text.pipeline import clean_text


class SharedTexts:
    """What has been computed for one batch: cleaned texts and token ids, by configuration.

    Use as a context manager: the token encoders used stay locked (their ids valid) until it ends.
    ``steps`` counts the computations done, by kind, for tests and benchmarks.
    """

    def __init__(self) -> None:
        self._results: dict[Hashable, Any] = {}
        self._keep: list[Any] = []  # the inputs of results keyed by id(), kept alive
        self._locked: list[TokenEncoder] = []
        self.steps: dict[str, int] = {}

    def __enter__(self) -> SharedTexts:
        return self

    def __exit__(self, *exc: object) -> None:
        while self._locked:
            self._locked.pop().lock.release()
        self._results.clear()
        self._keep.clear()

    def _once(self, kind: str, key: Hashable, source: Any, compute: Callable[[], Any]) -> Any:
        key = (kind, id(source), key)
        if key not in self._results:
            self._results[key] = compute()
            self._keep.append(source)
            self.steps[kind] = self.steps.get(kind, 0) + 1
        return self._results[key]

    def cleaned(self, texts: list[str], strip_furniture: bool, mask_outlets: bool) -> list[str]:
        """The texts after furniture removal and outlet masking (as asked), computed once."""
        if not (strip_furniture or mask_outlets):
            return texts
        if strip_furniture and mask_outlets:
            # Masking comes after furniture removal: models that differ in masking share the removal.
            stripped = self.cleaned(texts, True, False)
            return self._once("clean", (True, True), texts, lambda: [clean_text(text, False, True) for text in stripped])
        return self._once("clean", (strip_furniture, mask_outlets), texts,
                          lambda: [clean_text(text, strip_furniture, mask_outlets) for text in texts])

    def encoded(self, texts: list[str], encoder: TokenEncoder | FilteredEncoder) -> tuple[np.ndarray, np.ndarray]:
        """Token ids of (cleaned) texts end to end and their counts, computed once per encoder
        (a filtered encoder filters its plain encoder's ids, which are shared)."""
        key = ("encode", id(texts), id(encoder))
        found = self._results.get(key)
        # Encoding other texts may have emptied the encoder's tables (a new generation of ids).
        if found is None or found[0] != encoder.generation:
            if isinstance(encoder, FilteredEncoder):
                ids = encoder.filter(*self.encoded(texts, encoder.base))
            else:
                if encoder not in self._locked:
                    encoder.lock.acquire()
                    self._locked.append(encoder)
                ids = encoder.encode(texts)
            found = self._results[key] = (encoder.generation, ids)
            self._keep.append(texts)
            kind = "filter" if isinstance(encoder, FilteredEncoder) else "encode"
            self.steps[kind] = self.steps.get(kind, 0) + 1
        return found[1]

    def derived(self, kind: str, key: Hashable, source: Any, compute: Callable[[], Any]) -> Any:
        """Any other per-batch result (focus sentences, say), computed once per source and key."""
        return self._once(kind, key, source, compute)
