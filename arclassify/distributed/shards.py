"""The input shards of a distributed run: globs, folders and file names expanded to a sorted file list."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

from arclassify.data.tables import COMPRESSIONS, FORMATS
from arclassify.errors import DataError

GLOB_CHARACTERS = set("*?[")


def is_shard_name(path: Path) -> bool:
    """Whether a file name says it holds records (``.jsonl``, ``.csv``, ``.parquet``..., optionally compressed)."""
    if path.name.startswith((".", "_")):
        return False
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSIONS:
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in FORMATS


def find_shards(inputs: str | Sequence[str]) -> list[Path]:
    """The shard files named by ``inputs``: files, folders (their record files) and globs.

    Folders and globs are expanded in sorted order; a file named outright is kept even if it does
    not exist (the run reports it as unreadable and goes on). A glob or folder that matches no
    record file raises :class:`DataError`. Paths are absolute, each listed once.
    """
    if isinstance(inputs, str):
        inputs = [inputs]
    shards: list[Path] = []
    for name in inputs:
        path = Path(name).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and is_shard_name(p))
            if not found:
                raise DataError(f"{name}: the folder holds no JSON Lines, CSV/TSV or Parquet file")
            shards += found
        elif not path.exists() and GLOB_CHARACTERS & set(name):
            found = sorted(Path(p) for p in glob.glob(str(path), recursive=True) if Path(p).is_file())
            if not found:
                raise DataError(f"{name}: no file matches")
            shards += found
        else:
            shards.append(path)
    unique = list(dict.fromkeys(p.resolve() for p in shards))
    if not unique:
        raise DataError("no input shard given")
    return unique


def check_output_folder(shards: Sequence[Path], folder: Path) -> None:
    """Refuse an output folder that is a file, or that holds one of the inputs."""
    if folder.exists() and not folder.is_dir():
        raise DataError(f"{folder}: is a file; with --scheduler the output is a folder (one file per input partition)")
    resolved = folder.resolve()
    for shard in shards:
        if resolved == shard or resolved in shard.parents:
            raise DataError(f"{shard}: an input lies inside the output folder {folder}; write the scores elsewhere")
