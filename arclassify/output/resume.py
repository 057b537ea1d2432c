"""``predict --resume`` on one machine: continue a partial JSON Lines output in place.

The output's complete lines are counted (a last line cut short is removed), as many input
records are skipped, and the rest is appended. The id on the output's last line must match the
id of the input record it came from, so an output of another input is not continued.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from arclassify.data.fields import get_field
from arclassify.data.readers import InputItem
from arclassify.errors import DataError
from arclassify.output.records import output_id, same_file


def complete_lines(path: str | Path) -> tuple[int, str | None]:
    """The number of complete lines of a file and its last complete line; a partial last line is cut off."""
    path = Path(path)
    if not path.is_file():
        return 0, None
    count, last, end = 0, None, 0
    with open(path, "rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break
            count += 1
            end += len(raw)
            if raw.strip():
                last = raw
    if end < path.stat().st_size:
        os.truncate(path, end)
    return count, last.decode("utf-8", errors="replace") if last is not None else None


class SkippingReader:
    """An input reader whose first ``skip`` items are left out (they are in the output already)."""

    def __init__(self, reader: Any, skip: int, last_line: str | None, id_field: str, output: str) -> None:
        self.reader = reader
        self.skip = skip
        self.last_line = last_line
        self.id_field = id_field
        self.output = output

    def __getattr__(self, name: str) -> Any:
        return getattr(self.reader, name)

    def _check(self, item: InputItem) -> None:
        """The last output line's id must be the id of the input record it was written for."""
        if self.last_line is None or item.record is None or not self.id_field:
            return
        try:
            written = json.loads(self.last_line).get("id")
        except (ValueError, AttributeError):
            raise DataError(f"{self.output}: line {self.skip} is not an output record; it cannot be resumed") from None
        expected = output_id(get_field(item.record, self.id_field, None))
        if written is not None and expected is not None and written != expected:
            raise DataError(f"{self.output}: line {self.skip} has id {written!r} but input record {self.skip} has id "
                            f"{expected!r}; it is not a partial output of this input (rerun without --resume)")

    def __iter__(self) -> Iterator[InputItem]:
        seen = 0
        for item in self.reader:
            seen += 1
            if seen < self.skip:
                continue
            if seen == self.skip:
                self._check(item)
                continue
            yield item
        if seen < self.skip:
            raise DataError(f"{self.output}: holds {self.skip} records but the input only {seen}; "
                            "it is not a partial output of this input (rerun without --resume)")


class AppendOutput:
    """The output file opened for appending: what is written stays, even if the run stops."""

    def __init__(self, target: str | Path) -> None:
        self.target = Path(target)
        if self.target.is_dir():
            raise DataError(f"{self.target}: is a folder; give an output file name")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.target, "a", encoding="utf-8")  # noqa: SIM115 (closed by commit)

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> None:
        self.handle.close()

    discard = commit


def resume_output(reader: Any, output: str, id_field: str, source: str = "-") -> tuple[Any, AppendOutput, int]:
    """A reader past the records ``output`` holds, the output opened for appending, and how many were skipped."""
    if output == "-":
        raise DataError("--resume continues an output file: give -o FILE")
    if source != "-" and same_file(source, output):
        raise DataError(f"{output}: the output is the input file; write the scores to another file")
    done, last = complete_lines(output)
    return (SkippingReader(reader, done, last, id_field, output) if done else reader), AppendOutput(output), done
