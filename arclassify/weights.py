"""A model's learnt numbers as a plain ``.npz`` file: arrays and lists of strings, no pickles.

Lists of strings are stored as one UTF-8 byte array joined by NUL (which no token or n-gram
holds) and read back with ``allow_pickle=False``, so loading a weights file runs no code.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from arclassify.errors import ModelFileError
from arclassify.text.packed import PackedStrings

_SEPARATOR = "\x00"
_STRINGS = "__strings__"


def pack_strings(strings: Sequence[str]) -> np.ndarray:
    """A list of strings as one byte array (first byte: 1 if the list is empty, else 0)."""
    if any(_SEPARATOR in s for s in strings):
        raise ValueError("a string holds a NUL character and cannot be stored")
    joined = _SEPARATOR.join(strings).encode("utf-8")
    return np.frombuffer(bytes([0 if strings else 1]) + joined, dtype=np.uint8)


def _joined(packed: np.ndarray) -> str | None:
    """The separator-joined strings of :func:`pack_strings`, or ``None`` for an empty list."""
    data = packed.tobytes()
    return None if not data or data[0] == 1 else data[1:].decode("utf-8")


def unpack_strings(packed: np.ndarray) -> list[str]:
    """The list of strings of :func:`pack_strings`."""
    joined = _joined(packed)
    return [] if joined is None else joined.split(_SEPARATOR)


def unpack_packed_strings(packed: np.ndarray) -> PackedStrings:
    """The strings of :func:`pack_strings` as :class:`PackedStrings` (no Python string per entry)."""
    joined = _joined(packed)
    return PackedStrings.of([]) if joined is None else PackedStrings.split(joined, _SEPARATOR)


def save_weights(path: Path, arrays: Mapping[str, np.ndarray], strings: Mapping[str, Sequence[str]]) -> None:
    """Write numeric arrays and lists of strings to one compressed ``.npz``."""
    contents = {name: np.asarray(value) for name, value in arrays.items()}
    for name, value in contents.items():
        if value.dtype == object:
            raise ValueError(f"{name}: object arrays cannot be stored as data")
    contents.update({_STRINGS + name: pack_strings(list(value)) for name, value in strings.items()})
    with open(path, "wb") as handle:
        # compressed: the three built-in models take 22 MB instead of 37, for ~0.05 s more per load
        np.savez_compressed(handle, **contents)  # type: ignore[arg-type]  # numpy's stub types **kwds as allow_pickle


def load_weights(path: Path) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Arrays and packed string lists (see :func:`pack_strings`) of a weights file; never unpickles."""
    try:
        with open(path, "rb") as handle:
            data = io.BytesIO(handle.read())
        with np.load(data, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise ModelFileError(f"{path}: not a readable weights file: {error}") from None
    strings = {name[len(_STRINGS) :]: arrays.pop(name) for name in list(arrays) if name.startswith(_STRINGS)}
    return arrays, strings


class WeightsBuilder:
    """Collects the arrays of several parts under name prefixes (``features.word_idf``)."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}
        self.strings: dict[str, list[str]] = {}

    def add(self, prefix: str, arrays: Mapping[str, np.ndarray], strings: Mapping[str, Sequence[str]] = {}) -> None:
        self.arrays.update({f"{prefix}.{k}": np.asarray(v) for k, v in arrays.items()})
        self.strings.update({f"{prefix}.{k}": list(v) for k, v in strings.items()})


class WeightsReader:
    """The arrays of one part of a weights file, by name within its prefix."""

    def __init__(self, arrays: Mapping[str, np.ndarray], strings: Mapping[str, np.ndarray], prefix: str = "",
                 source: str = "weights") -> None:
        self._arrays, self._strings, self.prefix, self.source = arrays, strings, prefix, source

    def part(self, name: str) -> WeightsReader:
        return WeightsReader(self._arrays, self._strings, f"{self.prefix}{name}.", self.source)

    def array(self, name: str) -> np.ndarray:
        try:
            return self._arrays[self.prefix + name]
        except KeyError:
            raise ModelFileError(f"{self.source}: the array {self.prefix + name!r} is missing") from None

    def strings(self, name: str) -> list[str]:
        return unpack_strings(self._packed(name))

    def packed_strings(self, name: str) -> PackedStrings:
        """A string list as :class:`PackedStrings`: for long lists that are rarely read one by one."""
        return unpack_packed_strings(self._packed(name))

    def _packed(self, name: str) -> np.ndarray:
        try:
            return self._strings[self.prefix + name]
        except KeyError:
            raise ModelFileError(f"{self.source}: the string list {self.prefix + name!r} is missing") from None
