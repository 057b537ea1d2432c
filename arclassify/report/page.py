"""HTML assembly: one self-contained page (inline CSS and SVG, no external URL), written atomically."""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from arclassify import __version__
from arclassify.errors import DataError

FONT_STACK = ('"DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", Tahoma, "Segoe UI", '
              'Arial, sans-serif')
ARABIC_FONT_STACK = '"Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", Tahoma, "Segoe UI", Arial, sans-serif'
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")

CSS = f"""
body {{ font-family: {FONT_STACK}; margin: 24px auto; max-width: 1150px; padding: 0 16px; color: #222;
       line-height: 1.45; }}
h1 {{ font-size: 1.5em; margin-bottom: 0.2em; }}
h2 {{ font-size: 1.25em; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 2em; }}
h3 {{ font-size: 1.05em; margin: 1.2em 0 0.4em; }}
[dir=rtl] {{ font-family: {ARABIC_FONT_STACK}; text-align: right; font-size: 1.05em; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; }}
th, td {{ border: 1px solid #ddd; padding: 3px 8px; vertical-align: top; }}
th {{ background: #f3f3f3; text-align: left; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.chart svg {{ max-width: 100%; height: auto; }}
.grid {{ display: flex; flex-wrap: wrap; gap: 12px 24px; }}
.grid .chart {{ flex: 1 1 520px; }}
.note {{ background: #fff8e1; border-left: 4px solid #f0b400; padding: 6px 10px; margin: 0.6em 0; }}
.muted {{ color: #666; font-size: 0.9em; }}
.cards {{ display: flex; flex-wrap: wrap; gap: 4px 28px; }}
.card {{ flex: 1 1 520px; min-width: 0; overflow-x: auto; }}
.card td[dir=rtl] {{ min-width: 12em; }}
.card td:not([dir]) {{ white-space: nowrap; }}
.card h4 {{ margin: 0.8em 0 0.2em; }}
code {{ background: #f3f3f3; padding: 0 3px; }}
"""


def esc(value: Any) -> str:
    """Text escaped for HTML (``None`` shown as an empty string)."""
    return "" if value is None else html.escape(str(value), quote=True)


def dir_attr(value: Any) -> str:
    """``dir="rtl"`` for text holding Arabic letters, nothing otherwise."""
    return ' dir="rtl"' if isinstance(value, str) and _ARABIC.search(value) else ""


def cell(value: Any, numeric: bool = False) -> str:
    """A table cell, right-to-left when the text is Arabic."""
    if numeric:
        return f'<td class="num">{esc(value)}</td>'
    return f"<td{dir_attr(value)}>{esc(value)}</td>"


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = ()) -> str:
    """An HTML table; the columns in ``numeric`` are right-aligned."""
    head = "".join(f"<th{dir_attr(h)}>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(cell(v, i in numeric) for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def chart(svg: str, caption: str = "") -> str:
    """A chart with an optional caption above it (the caption may be Arabic)."""
    title = f'<div class="caption"{dir_attr(caption) or " dir=auto"}><strong>{esc(caption)}</strong></div>' \
        if caption else ""
    return f'<div class="chart">{title}{svg}</div>'


def note(text: str) -> str:
    """A highlighted remark (the text is escaped; use ``code`` spans via backticks)."""
    escaped = esc(text)
    return '<p class="note">' + re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped) + "</p>"


def document(title: str, body: str) -> str:
    """A whole HTML page: the title, inline CSS and the body."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
            f'<p class="muted">Made by arclassify {esc(__version__)}.</p>\n</body>\n</html>\n')


def plural(n: int, word: str) -> str:
    """``1 record``, ``2 records``: the count with thousands separators and the word."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def percent(part: float, whole: float) -> str:
    """``part / whole`` as a percentage with one decimal, or a dash when ``whole`` is 0."""
    return f"{100 * part / whole:.1f}%" if whole else "-"


def write_page(path: str | Path, page: str, inputs: Sequence[str | Path] = ()) -> Path:
    """Write the page to a temporary file beside ``path``, then rename it into place.

    Refuses to write over one of ``inputs``.
    """
    target = Path(path)
    for source in inputs:
        if Path(source).exists() and target.exists() and target.resolve() == Path(source).resolve():
            raise DataError(f"{target}: this is an input of the report; choose another output file")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(page)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
