"""Errors that describe a user's mistake; the CLI prints them without a traceback."""

from __future__ import annotations


class ArclassifyError(Exception):
    """Base class for errors caused by input, configuration or model files."""

    exit_code = 1


class ConfigError(ArclassifyError, ValueError):
    """A task schema or configuration value is wrong (a ``ValueError``, as scikit-learn raises)."""


class DataError(ArclassifyError):
    """Input data cannot be used: unreadable, malformed, or failing validation."""


class ModelFileError(ArclassifyError):
    """A model folder is missing, incomplete or fails its checksum."""


def describe_offenders(problem: str, offenders: list[str], total: int, shown: int = 5) -> str:
    """One message naming the first few offending rows and how many there are in all."""
    lines = [f"{problem}: {total} row{'s' if total != 1 else ''}"]
    lines += [f"  {item}" for item in offenders[:shown]]
    if total > shown:
        lines.append(f"  ... and {total - shown} more")
    return "\n".join(lines)
