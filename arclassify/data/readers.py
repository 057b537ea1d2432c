"""Read the records to score from a file or standard input, one at a time, naming every problem.

JSON Lines (plain or compressed, with or without a byte-order mark), a JSON array, CSV/TSV and
Parquet. A line that cannot be decoded or parsed becomes an item carrying the reason, so the run
goes on; an input that cannot be read at all raises :class:`DataError` naming the file.
"""

from __future__ import annotations

import codecs
import json
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from arclassify.data.tables import COMPRESSIONS, file_format, stream_table
from arclassify.errors import DataError

# Encodings Arabic text is commonly found in, offered in messages.
COMMON_ENCODINGS = ("utf-8", "cp1256", "iso-8859-6", "utf-16")


@dataclass
class InputItem:
    """One input position: a record, or the reason it could not be read."""

    position: int
    record: dict | None
    error: str | None = None


def check_encoding(encoding: str) -> str:
    """The codec name of an encoding, or :class:`DataError` listing common ones."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise DataError(f"unknown encoding {encoding!r} (for Arabic text: {', '.join(COMMON_ENCODINGS)})") from None


def decode_line(raw: bytes, encoding: str, number: int) -> tuple[str | None, str | None]:
    """A line's text, or the reason it cannot be decoded."""
    if number == 1 and raw.startswith(codecs.BOM_UTF8) and encoding in ("utf-8", "utf_8"):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode(encoding), None
    except UnicodeDecodeError as error:
        hint = " (if the file is in Windows Arabic, pass --encoding cp1256)" if encoding.replace("_", "-") == "utf-8" else ""
        return None, f"not valid {encoding} text: byte 0x{raw[error.start]:02x} at column {error.start + 1}{hint}"


def parse_record(text: str) -> tuple[dict | None, str | None]:
    """A JSON object from a line, or the reason it is not one."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        return None, f"malformed JSON at column {error.pos + 1}: {error.msg}"
    except RecursionError:
        return None, "JSON nested too deeply to read"
    if not isinstance(record, dict):
        return None, f"expected a JSON object, got {type(record).__name__}"
    return record, None


def parse_json_lines(handle: IO[str]) -> Iterator[InputItem]:
    """Each non-blank line of a text stream as a record, or an error naming what is wrong with it."""
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        record, error = parse_record(line)
        yield InputItem(number, record, error)


class InputReader:
    """Records of a JSON Lines file or stdin (line numbers kept), a JSON array, or CSV/TSV/Parquet rows."""

    def __init__(self, source: str, encoding: str = "utf-8") -> None:
        self.source = source
        self.encoding = check_encoding(encoding)
        self.total_bytes: int | None = None
        self._raw: IO[bytes] | None = None
        self.json_lines = True
        if source != "-":
            path = Path(source)
            if path.is_dir():
                raise DataError(f"{source}: is a folder; give a file (JSON Lines, JSON, CSV/TSV or Parquet)")
            if not path.is_file():
                raise DataError(f"{source}: no such file")
            builder, _ = file_format(path)
            self.json_lines = builder == "json"
            self.total_bytes = path.stat().st_size

    @property
    def where(self) -> str:
        """What a position counts: lines of JSON Lines, rows of a table."""
        return "line" if self.json_lines else "row"

    def bytes_read(self) -> int | None:
        if self._raw is None or self.total_bytes is None:
            return None
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return None

    def _binary(self) -> IO[bytes]:
        if self.source == "-":
            return sys.stdin.buffer
        self._raw = open(self.source, "rb")  # noqa: SIM115  # closed by __iter__ when the records are read
        opener = COMPRESSIONS.get(Path(self.source).suffix.lower())
        return opener(self._raw, "rb") if opener else self._raw

    def __iter__(self) -> Iterator[InputItem]:
        if not self.json_lines:
            for row, record in enumerate(stream_table(self.source, self.encoding), 1):
                yield InputItem(row, dict(record))
            return
        binary = self._binary()
        try:
            yield from self._json_items(binary)
        except (EOFError, OSError, zlib.error) as error:  # a truncated or damaged compressed file
            raise DataError(f"{self.source}: the file cannot be read to its end: {type(error).__name__}: {error}") from None
        finally:
            if self._raw is not None:
                binary.close()

    def _json_items(self, binary: IO[bytes]) -> Iterator[InputItem]:
        first = binary.readline()
        decoded, _ = decode_line(first, self.encoding, 1)
        if decoded is not None and decoded.lstrip().startswith("["):
            yield from self._json_array(first + binary.read())
            return
        lines = iter(binary.readline, b"")  # readline, not iteration: tell() (the progress bar) keeps working
        number, raw = 1, first
        while raw:
            if raw.strip():
                text, error = decode_line(raw, self.encoding, number)
                if error:
                    yield InputItem(number, None, error)
                else:
                    assert text is not None
                    record, error = parse_record(text)
                    yield InputItem(number, record, error)
            raw = next(lines, b"")
            number += 1

    def _json_array(self, data: bytes) -> Iterator[InputItem]:
        """The objects of a file holding one JSON array (positions count its elements)."""
        self.json_lines = False  # positions are elements, reported as rows
        text, error = decode_line(data, self.encoding, 1)
        if error:
            raise DataError(f"{self.source}: {error}")
        assert text is not None
        try:
            values: Any = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as problem:
            raise DataError(f"{self.source}: not a valid JSON array: {problem}") from None
        if not isinstance(values, list):
            raise DataError(f"{self.source}: expected a JSON array of objects")
        for position, value in enumerate(values, 1):
            if isinstance(value, dict):
                yield InputItem(position, value)
            else:
                yield InputItem(position, None, f"expected a JSON object, got {type(value).__name__}")
