"""The page of a scored archive: label shares over time, counts per group, examples, n-grams, errors."""

from __future__ import annotations

from pathlib import Path

from arclassify.report import charts
from arclassify.report.aggregate import (
    MISSING_GROUP,
    NO_LABEL,
    OTHER_GROUP,
    Archive,
    TaskAggregate,
)
from arclassify.report.ngrams import LabelNgrams
from arclassify.report.page import chart, document, esc, note, percent, plural, table

TOP_GROUP_CHARTS = 4
TOP_GROUP_ROWS = 20


def _summary(archive: Archive) -> str:
    scored = archive.records - archive.errors
    parts = [f"<p><code>{esc(archive.source)}</code>: <strong>{archive.records:,}</strong> records, {scored:,} scored, "
             f"<strong>{archive.errors:,}</strong> could not be scored ({percent(archive.errors, archive.records)}). "
             f"Tasks: {esc(', '.join(archive.tasks) or 'none')}. "
             f"Shares per {esc(archive.period)} of the <code>{esc(archive.date_field)}</code> field"
             + (f"; groups: <code>{esc(archive.by)}</code>" if archive.by else "") + ".</p>"]
    if archive.dated == 0:
        parts.append(note(f"No record has a readable `{archive.date_field}` field, so there are no charts over "
                          f"time. Keep the articles' dates when scoring: `arclassify predict ARTICLES --task all "
                          f"--keep {archive.date_field} --keep title -o scores.jsonl`, or name the field with "
                          f"`--date-field`."))
    elif archive.dated < archive.records:
        undated = archive.records - archive.dated
        parts.append(note(f"{plural(undated, 'record')} without a readable date: left out of the charts over "
                          "time (they are in the counts)."))
    if archive.first_bad_date is not None:
        line, value = archive.first_bad_date
        parts.append(note(f"{archive.bad_dates:,} dates could not be read (first: line {line}: {value!r}); "
                          "dates are read as YYYY-MM-DD (or YYYY/MM/DD, YYYY-MM), with anything after ignored."))
    if archive.by and archive.grouped == 0 and archive.records:
        parts.append(note(f"No record has a `{archive.by}` field, so there is nothing per group."))
    return "\n".join(parts)


def _over_time(archive: Archive, task: TaskAggregate, colors: dict, group: str | None = None,
               size: tuple[float, float] = (7.5, 2.8)) -> str | None:
    periods, shares, _ = task.shares_over_time(group)
    if not periods:
        return None
    draw = charts.share_lines if task.multi_label else charts.share_areas
    return draw(periods, shares, archive.period, colors, size)


def _counts_table(task: TaskAggregate, counts, total: int) -> str:
    rows = [[label, f"{counts[label]:,}", percent(counts[label], total)] for label in task.decided_labels()]
    return table(["label", "records", "share"], rows, numeric=(1, 2))


def _group_table(archive: Archive, task: TaskAggregate) -> str:
    totals = task.group_totals()
    labels = task.decided_labels()
    ordered = [g for g, _ in totals.most_common() if g not in (MISSING_GROUP, OTHER_GROUP)]
    shown, rest = ordered[:TOP_GROUP_ROWS], ordered[TOP_GROUP_ROWS:]
    rows = []
    for group in shown:
        counts = task.label_counts(group)
        rows.append([group, f"{totals[group]:,}", *(f"{counts[label]:,}" for label in labels)])
    if rest or OTHER_GROUP in totals:
        counts = sum((task.label_counts(g) for g in rest + [OTHER_GROUP] if g in totals), start=type(totals)())
        total = sum(totals[g] for g in rest + [OTHER_GROUP] if g in totals)
        rows.append([f"{len(rest)} other groups" + (" and more" if OTHER_GROUP in totals else ""), f"{total:,}",
                     *(f"{counts[label]:,}" for label in labels)])
    if MISSING_GROUP in totals:
        counts = task.label_counts(MISSING_GROUP)
        rows.append([f"no {archive.by}", f"{totals[MISSING_GROUP]:,}", *(f"{counts[label]:,}" for label in labels)])
    return table([archive.by or "group", "records", *labels], rows, numeric=tuple(range(1, len(labels) + 2)))


def _examples(archive: Archive, task: TaskAggregate, ngrams: LabelNgrams | None) -> str:
    parts = []
    extra = [f for f in ("title", archive.date_field, archive.by) if f and f in archive.fields and f != task.name]
    for label in task.labels:
        examples = task.examples(label)
        decided = task.label_counts()[label]
        parts.append(f'<div class="card"><h4>{esc(label)} <span class="muted">({decided:,} records given it'
                     + ("; the records below score highest but were given other labels" if not decided else "")
                     + ")</span></h4>")
        rows = [[e.id, f"{e.probability:.3f}", ", ".join(e.decision) if isinstance(e.decision, list) else e.decision,
                 *(e.fields.get(f) for f in extra)] for e in examples]
        parts.append(table(["id", "probability", "decided", *extra], rows, numeric=(1,)))
        if ngrams is not None:
            top = ngrams.top(task.name, label)
            explained = ngrams.explained[task.name, label]
            if top:
                parts.append(f'<p class="muted">n-grams that pushed <em>{esc(label)}</em> most in its '
                             f"{explained} top example(s) given this label (weights summed):</p>")
                parts.append(table(["n-gram", "kind", "weight", "examples"],
                                   [[feature, kind, f"{weight:.3f}", n] for feature, kind, weight, n in top],
                                   numeric=(2, 3)))
            else:
                parts.append('<p class="muted">No n-grams: none of the top examples was given this label '
                             "(or their articles were not found).</p>")
        parts.append("</div>")
    return '<div class="cards">' + "\n".join(parts) + "</div>"


def _task_section(archive: Archive, task: TaskAggregate, ngrams: LabelNgrams | None) -> str:
    labels = task.decided_labels()
    colors = charts.label_colors(labels)
    counts = task.label_counts()
    kind = "multi-label: a record may have several labels, or none" if task.multi_label \
        else "single-label: one label per record, or unknown"
    parts = [f'<h2 id="task-{esc(task.name)}">{esc(task.name)}</h2>',
             f'<p class="muted">{esc(kind)}; {task.records:,} records scored.</p>']
    special = NO_LABEL if task.multi_label else "unknown"
    what = "given no label" if task.multi_label else "answered unknown"
    parts.append(f"<p>{what.capitalize()}: <strong>{percent(counts[special], task.records)}</strong> "
                 f"({plural(counts[special], 'record')}).</p>")
    parts.append("<h3>Records per label</h3>" + _counts_table(task, counts, task.records))
    overall = _over_time(archive, task, colors)
    if overall:
        what = "share of records with each label" if task.multi_label else "shares of the labels (stacked)"
        parts.append(f"<h3>Over time: {what}, per {esc(archive.period)}</h3>" + chart(overall, "all records"))
    if archive.by and archive.by != task.name and archive.grouped:
        groups = archive.top_groups(TOP_GROUP_CHARTS)
        panels = [chart(svg, f"{archive.by}: {group}") for group in groups
                  if (svg := _over_time(archive, task, colors, group, size=(5.2, 2.4)))]
        if panels:
            parts.append(f"<h3>Over time, for the {len(panels)} largest groups by {esc(archive.by)}</h3>"
                         f'<div class="grid">{"".join(panels)}</div>')
        parts.append(f"<h3>Records per {esc(archive.by)} and label</h3>" + _group_table(archive, task))
    parts.append(f"<h3>Highest-scoring records per label (top {archive.examples_per_label})</h3>")
    parts.append(_examples(archive, task, ngrams))
    return "\n".join(parts)


def _errors(archive: Archive) -> str:
    if not archive.errors:
        return "<h2>Records that could not be scored</h2><p>None.</p>"
    rows = [[line, error] for line, error in archive.error_examples]
    return (f"<h2>Records that could not be scored</h2><p>{archive.errors:,} records "
            f"({percent(archive.errors, archive.records)}); the first {len(rows)}:</p>"
            + table(["input line", "error"], rows, numeric=(0,)))


def archive_page(archive: Archive, ngrams: LabelNgrams | None = None) -> str:
    """The whole HTML page of an archive's aggregates (and the labels' n-grams when explained)."""
    parts = [f"<h1>Scored archive: {esc(Path(archive.source).name)}</h1>", _summary(archive)]
    if archive.tasks:
        parts.append("<p>" + " · ".join(f'<a href="#task-{esc(t)}">{esc(t)}</a>' for t in archive.tasks) + "</p>")
    if ngrams is None:
        parts.append(note("The n-grams that pushed each label are not shown: the scores file holds no text. Add "
                          "`--texts ARTICLES.jsonl` (the file that was scored) to explain each label's top examples."))
    else:
        parts.extend(note(text) for text in ngrams.notes)
    for task in archive.tasks.values():
        parts.append(_task_section(archive, task, ngrams))
    parts.append(_errors(archive))
    return document(f"arclassify report: {archive.source}", "\n".join(parts))
