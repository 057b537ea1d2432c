"""Load tabular data through Hugging Face ``datasets``: local files, saved folders, hub names.

``datasets`` is imported only when data is loaded, so importing arclassify stays light.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from arclassify.errors import DataError

COMPRESSIONS: dict[str, Callable[..., Any]] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
FORMATS = {
    ".jsonl": ("json", {}),
    ".ndjson": ("json", {}),
    ".json": ("json", {}),
    ".csv": ("csv", {}),
    ".tsv": ("csv", {"sep": "\t"}),
    ".tab": ("csv", {"sep": "\t"}),
    ".parquet": ("parquet", {}),
    ".pq": ("parquet", {}),
}
SAVED_MARKERS = ("dataset_info.json", "state.json", "dataset_dict.json")


def _datasets():
    import datasets

    datasets.disable_progress_bars()
    datasets.logging.set_verbosity(datasets.logging.CRITICAL)
    return datasets


def file_format(path: str | Path) -> tuple[str, dict]:
    """The ``datasets`` builder and options for a file, from its name (compression suffix ignored)."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] in COMPRESSIONS:
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in FORMATS:
        return FORMATS[suffixes[-1]]
    known = ", ".join(sorted(FORMATS))
    raise DataError(f"{path}: cannot tell the file type from its name; use one of {known} (optionally .gz/.bz2/.xz)")


def open_text(path: str | Path, encoding: str = "utf-8") -> IO[str]:
    """Open a possibly compressed text file for reading (a UTF-8 byte-order mark is skipped)."""
    opener = COMPRESSIONS.get(Path(path).suffix.lower(), open)
    return opener(path, "rt", encoding="utf-8-sig" if encoding in ("utf-8", "utf_8") else encoding)


def undecodable_line(path: str | Path, encoding: str) -> str | None:
    """Where a text file first fails to decode: line, byte and a hint, or ``None``."""
    from arclassify.data.readers import decode_line

    opener = COMPRESSIONS.get(Path(path).suffix.lower(), open)
    with opener(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            _, error = decode_line(raw, encoding, number)
            if error:
                return f"{path}: line {number}: {error}"
    return None


def _csv_header(path: str | Path, sep: str, encoding: str) -> list[str]:
    import csv

    with open_text(path, encoding) as handle:
        header = next(csv.reader(handle, delimiter=sep), None)
    if not header:
        raise DataError(f"{path}: the file is empty (no header line)")
    return header


def _options(builder: str, options: dict, encoding: str, path: str | Path) -> dict:
    """Reader options: the encoding, and for CSV every column read as text (ids keep leading zeros)."""
    if builder == "csv":
        datasets = _datasets()
        header = _csv_header(path, options.get("sep", ","), encoding)
        features = datasets.Features({name: datasets.Value("string") for name in header})
        return {**options, "encoding": encoding, "features": features, "keep_default_na": False}
    if builder == "json":
        return {**options, "encoding": "utf-8-sig" if encoding in ("utf-8", "utf_8") else encoding}
    return options


def is_json_lines(path: str | Path, encoding: str = "utf-8") -> bool:
    """Whether a file holds one JSON object per line (not one JSON document)."""
    if file_format(path)[0] != "json":
        return False
    with open_text(path, encoding) as handle:
        for line in handle:
            if line.strip():
                return not line.lstrip().startswith("[")
    return True


def locate_json_error(path: str | Path, encoding: str = "utf-8") -> str | None:
    """Where a JSON Lines file first fails to parse: line, column and the offending text."""
    with open_text(path, encoding) as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                snippet = line[max(0, error.pos - 20) : error.pos + 20].strip()
                return f"{path}: line {number}, column {error.pos + 1}: {error.msg} (near {snippet!r})"
            except RecursionError:
                return f"{path}: line {number}: JSON nested too deeply to read"
            if not isinstance(value, dict):
                return f"{path}: line {number}: expected a JSON object, got {type(value).__name__} {str(value)[:40]!r}"
    return None


def json_line_numbers(path: str | Path) -> list[int]:
    """Line number of each record of a JSON Lines file (blank lines hold no record)."""
    with open_text(path) as handle:
        return [number for number, line in enumerate(handle, 1) if line.strip()]


class RecordList:
    """The records of a JSON Lines file that Arrow cannot load as a table, with its column names."""

    def __init__(self, path: str | Path, encoding: str = "utf-8") -> None:
        with open_text(path, encoding) as handle:
            self.records = [json.loads(line) for line in handle if line.strip()]
        self.column_names = list(dict.fromkeys(key for record in self.records for key in record))

    def __iter__(self):
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)


def _looks_like_hub_name(source: str) -> bool:
    parts = source.split("/")
    return 1 <= len(parts) <= 2 and all(parts) and not Path(source).suffix and os.sep not in source.replace("/", "")


def load_table(source: str | Path, split: str | None = None, encoding: str = "utf-8") -> Any:
    """A ``datasets.Dataset`` from a file, a ``save_to_disk`` folder or a hub dataset name."""
    source = str(source)
    path = Path(source)
    if source == "-":
        raise DataError("training and evaluation data must be a file, not standard input")
    if path.is_dir():
        if not any((path / marker).exists() for marker in SAVED_MARKERS):
            raise DataError(f"{path}: a folder must be a dataset written by save_to_disk ({' or '.join(SAVED_MARKERS)} missing)")
        datasets = _datasets()
        try:
            loaded = datasets.load_from_disk(source)
        except Exception as error:  # datasets raises many types here
            raise DataError(f"{path}: cannot load the saved dataset: {error}") from None
        return _pick_split(loaded, split, source)
    if path.is_file():
        builder, options = file_format(path)
        if builder != "parquet":
            undecodable = undecodable_line(path, encoding)
            if undecodable:
                raise DataError(undecodable)
        datasets = _datasets()
        try:
            return datasets.load_dataset(builder, data_files=source, split="train",
                                         **_options(builder, options, encoding, source))
        except Exception as error:
            json_lines = builder == "json" and is_json_lines(path, encoding)
            detail = locate_json_error(path, encoding) if json_lines else None
            if json_lines and detail is None:
                # Valid JSON that Arrow cannot type (a field that is text in one row and a number in
                # another): read it plainly so that each bad row can be named.
                return RecordList(path, encoding)
            raise DataError(detail or f"{path}: cannot read as {builder}: {_root_cause(error)}") from None
    if path.suffix or not _looks_like_hub_name(source):
        raise DataError(f"{source}: no such file or folder")
    datasets = _datasets()
    try:
        return datasets.load_dataset(source, split=split or "train")
    except Exception as error:
        raise DataError(f"{source}: not a local file, and loading it from the Hugging Face hub failed: "
                        f"{_root_cause(error)}") from None


def _pick_split(loaded: Any, split: str | None, source: str) -> Any:
    if not hasattr(loaded, "keys"):
        return loaded
    names = list(loaded.keys())
    chosen = split or ("train" if "train" in names else names[0])
    if chosen not in names:
        raise DataError(f"{source}: no split {chosen!r}; it has {', '.join(names)}")
    return loaded[chosen]


def _root_cause(error: BaseException) -> str:
    while (cause := error.__cause__ or error.__context__) is not None:
        error = cause
    return f"{type(error).__name__}: {error}"


def stream_table(source: str | Path, encoding: str = "utf-8") -> Iterator[dict]:
    """Records of a CSV/TSV/Parquet file read lazily (``datasets`` streaming mode)."""
    builder, options = file_format(source)
    datasets = _datasets()
    try:
        stream = datasets.load_dataset(builder, data_files=str(source), split="train", streaming=True,
                                       **_options(builder, options, encoding, source))
        yield from stream
    except DataError:
        raise
    except Exception as error:
        raise DataError(f"{source}: cannot read as {builder}: {_root_cause(error)}") from None
