"""Output records as strict JSON Lines, written to a temporary file that replaces the target at the end."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import IO, Any

from arclassify.errors import DataError


def json_safe(value: Any) -> Any:
    """A value that strict JSON can hold: non-finite numbers become ``None``."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def output_id(value: Any) -> Any:
    """An input id as the output carries it: text and integers as they are, anything else as text."""
    if value is None or isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return json.dumps(value) if isinstance(value, float) and math.isfinite(value) else str(value)


def json_line(record: dict[str, Any]) -> str:
    """One strict JSON line (no NaN or Infinity; text that UTF-8 cannot hold is escaped)."""
    try:
        line = json.dumps(record, ensure_ascii=False, allow_nan=False)
    except ValueError:
        line = json.dumps(json_safe(record), ensure_ascii=False, allow_nan=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (from a \ud800 escape in the input)
        line = json.dumps(json_safe(record), ensure_ascii=True, allow_nan=False)
    return line + "\n"


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name the same existing file."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


class AtomicOutput:
    """A text file written beside its target under a temporary name and renamed over it by :meth:`commit`.

    Until then the target (if any) is untouched; :meth:`discard` removes the temporary file.
    """

    def __init__(self, target: str | Path, inputs: tuple[str | Path, ...] = ()) -> None:
        self.target = Path(target)
        if self.target.is_dir():
            raise DataError(f"{self.target}: is a folder; give an output file name")
        parent = self.target.parent
        parent.mkdir(parents=True, exist_ok=True)  # first: `new/../in.jsonl` names the input only once `new` exists
        for source in inputs:
            if same_file(source, self.target):
                raise DataError(f"{self.target}: the output is the input file; write the scores to another file")
        handle, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".part", dir=parent)
        self.temporary = Path(name)
        self.handle: IO[str] = os.fdopen(handle, "w", encoding="utf-8")

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> None:
        self.handle.close()
        os.chmod(self.temporary, 0o644)  # mkstemp makes it 0600: an output file is meant to be read
        os.replace(self.temporary, self.target)

    def discard(self) -> None:
        self.handle.close()
        self.temporary.unlink(missing_ok=True)


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write a text file under a temporary name beside it, then rename it into place."""
    target = AtomicOutput(path)
    try:
        target.write(text)
    except BaseException:
        target.discard()
        raise
    target.commit()
