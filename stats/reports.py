"""Figures as staff and public outputs: exact, or suppressed; JSON, CSV, text.

Staff outputs (the command line by default) give exact figures. Public ones
pass every breakdown through stats.suppression; the headline count is shared
by every breakdown, so it is hidden everywhere once any breakdown needs it
hidden.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import translation

from registry import models as m
from stats.figures import SINGLE, Breakdown, Figures
from stats.places import Places, publishable
from stats.series import TOTAL, Series, cells_exposed_on, exposed_on
from stats.suppression import (
    PRIMARY,
    SECONDARY,
    Shown,
    small,
    suppress,
    threshold,
)

UNKNOWN = {True: "unknown", False: "none recorded"}
# The labels in English whatever language is active when this is imported
# (the office translates the models' labels; outputs here are English).
with translation.override("en"):
    LABELS: dict[str, dict[str, str]] = {
        "sex": {str(value): str(label) for value, label in m.Sex.choices},
        "kind": {str(value): str(label) for value, label in m.DetentionKind.choices},
        "health": {
            str(value): str(label) for value, label in m.HealthCondition.choices
        },
    }


def label(field: str, value: str | None) -> str:
    if value is None:
        return UNKNOWN[field in SINGLE]
    return LABELS.get(field, {}).get(value, value)


@dataclass(frozen=True)
class Report:
    """Figures ready to print: exact (staff) or suppressed (public)."""

    on: date
    known_on: date | None
    public: bool
    threshold: int
    count: Shown
    cases: Shown
    breakdowns: dict[str, list[Shown]]


def known_day(moment: datetime | None) -> date | None:
    """The day K of a moment "end of day K" (the --known-on convention)."""
    return None if moment is None else (moment - timedelta(days=1)).date()


def staff_report(result: Figures) -> Report:
    return Report(
        on=result.on,
        known_on=known_day(result.known_on),
        public=False,
        threshold=threshold(),
        count=Shown(None, result.count),
        cases=Shown(None, result.cases),
        breakdowns={
            b.field: [Shown(c.value, c.count) for c in b.cells]
            for b in result.breakdowns
        },
    )


def public_day_report(
    result: Figures, exposed: bool | None = None, shown: Places | None = None
) -> Report:
    """The public figures of a day: `public_report`, with the count and each
    cell hidden where every public series hides it (the change rule,
    Series.risky), lest it be subtracted from a count a series shows.
    `exposed` is the count's decision when the caller has it already (a
    series with the day among its points); else it is read (`exposed_on`).
    The cells' are read (`cells_exposed_on`). `shown` folds the values of
    the breakdowns it names that it does not hold (stats.places)."""
    if exposed is None:
        exposed = exposed_on(result.on, result.known_on)
    hide = SECONDARY if exposed else None
    if shown:
        result = publishable(result, shown)
    forced = {
        field: [SECONDARY if risky else None for risky in cells]
        for field, cells in cells_exposed_on(result, shown).items()
    }
    return public_report(result, total_forced=hide, forced=forced)


def public_report(
    result: Figures,
    limit: int | None = None,
    *,
    forced: Mapping[str, list[str | None]] | None = None,
    total_forced: str | None = None,
) -> Report:
    """Suppress small cells so that no restricted or anonymous person stands out.

    `forced` gives, by breakdown, cells already hidden for another reason
    and `total_forced` the count's state so decided (a series' change rule,
    for a day of a series: publish/figures.py); the suppression then goes on
    from them as from its own decisions.
    """
    limit = limit or threshold()
    total = (result.count, result.hidden)
    total_state: str | None = total_forced
    forced = forced or {}
    while True:
        decided = {
            b.field: suppress(total, pairs(b), limit, total_state, forced.get(b.field))
            for b in result.breakdowns
        }
        states = {state for state, _ in decided.values()}
        if not result.breakdowns:
            states = {suppress(total, [], limit, total_state)[0]}
        if SECONDARY in states and total_state != SECONDARY:
            total_state = SECONDARY
            continue
        total_state = next((s for s in states if s is not None), None)
        break
    breakdowns = {
        b.field: [
            Shown(c.value, None if state else c.count, state)
            for c, state in zip(b.cells, decided[b.field][1], strict=True)
        ]
        for b in result.breakdowns
    }
    hidden = total_state is not None
    return Report(
        on=result.on,
        known_on=known_day(result.known_on),
        public=True,
        threshold=limit,
        count=Shown(None, None if hidden else result.count, total_state),
        cases=Shown(None, None if hidden else result.cases, total_state),
        breakdowns=breakdowns,
    )


def pairs(breakdown: Breakdown) -> list[tuple[int, int]]:
    return [(cell.count, cell.hidden) for cell in breakdown.cells]


def shown_json(shown: Shown, limit: int) -> dict[str, Any]:
    value: dict[str, Any] = {"count": shown.count}
    if shown.suppressed:
        value.update(suppressed=shown.suppressed, shown=shown.text(limit))
    return value


def report_json(report: Report) -> dict[str, Any]:
    """The documented JSON shape of `rollcall stats --json` (docs/stats.md)."""
    return {
        "on": report.on.isoformat(),
        "known_on": report.known_on.isoformat() if report.known_on else None,
        "public": report.public,
        "suppression_threshold": report.threshold if report.public else None,
        "count": report.count.count,
        "count_shown": report.count.text(report.threshold),
        "cases": report.cases.count,
        "breakdowns": {
            field: [
                {
                    "value": cell.value,
                    "label": label(field, cell.value),
                    **shown_json(cell, report.threshold),
                }
                for cell in cells
            ]
            for field, cells in report.breakdowns.items()
        },
    }


def report_csv(report: Report) -> str:
    """One row per cell: field, value, label, count (empty when suppressed), shown."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["field", "value", "label", "count", "shown"])
    limit = report.threshold
    for name, shown in (("total", report.count), ("cases", report.cases)):
        writer.writerow([name, "", name, blank(shown.count), shown.text(limit)])
    for field, cells in report.breakdowns.items():
        for cell in cells:
            writer.writerow(
                [
                    field,
                    cell.value or "",
                    label(field, cell.value),
                    blank(cell.count),
                    cell.text(limit),
                ]
            )
    return out.getvalue()


def blank(count: int | None) -> str:
    return "" if count is None else str(count)


def report_text(report: Report) -> str:
    """A plain listing for the terminal."""
    limit = report.threshold
    stamp = f" as known on {report.known_on}" if report.known_on else ""
    lines = [
        f"political prisoners on {report.on}{stamp}: {report.count.text(limit)}",
        f"cases (prosecutions) of these persons: {report.cases.text(limit)}",
    ]
    for field, cells in report.breakdowns.items():
        lines.append(f"by {field}:")
        width = max((len(label(field, c.value)) for c in cells), default=0)
        for cell in cells:
            lines.append(
                f"  {label(field, cell.value):<{width}}  {cell.text(limit):>7}"
            )
    return "\n".join(lines)


@dataclass(frozen=True)
class SeriesReport:
    """A series ready to print: a line per cell, each point exact or hidden."""

    series: Series
    public: bool
    threshold: int
    totals: list[Shown]
    lines: dict[str | None, list[Shown]]


def series_report(
    series: Series, *, public: bool, limit: int | None = None
) -> SeriesReport:
    """Exact lines (staff), or suppressed lines (public).

    Public lines are suppressed point by point (stats.suppression) and, so
    that no change can be had by subtracting two published figures, by the
    change rule: a line's point is hidden when its count and some later
    day's differ by fewer than the threshold's movements, one of them a
    restricted or anonymous person's (`Series.risky`: the same days in every
    public output, whatever its points).
    """
    limit = limit or threshold()
    if public and TOTAL not in series.risky:
        raise ValueError("a public report needs a series read with public=True")
    values = sorted(
        series.counts, key=lambda v: (v is None, -sum(series.counts[v]), v or "")
    )
    if series.by is None:
        values = []
    size = len(series.points)
    totals: list[Shown] = [Shown(None, None)] * size
    lines: dict[str | None, list[Shown]] = {v: [Shown(v, None)] * size for v in values}
    for i in range(size):
        total = (series.totals[i], series.hidden_totals[i])
        cells = [(series.counts[v][i], hidden_at(series, v, i)) for v in values]
        states: tuple[str | None, list[str | None]] = (None, [None] * len(values))
        if public:
            total_state = PRIMARY if small(*total, limit) else None
            total_state = total_state or risky(series, TOTAL, i)
            forced = [risky(series, v, i) for v in values]
            states = suppress(total, cells, limit, total_state, forced)
        totals[i] = Shown(None, None if states[0] else total[0], states[0])
        for value, (count, _), state in zip(values, cells, states[1], strict=True):
            lines[value][i] = Shown(value, None if state else count, state)
    return SeriesReport(series, public, limit, totals, lines)


def risky(series: Series, line: str | None, i: int) -> str | None:
    """SECONDARY where the count of `line` at point `i` would expose a small
    change made by a hidden person beside some later day's (the change rule,
    Series.risky); a line with no movement to the horizon exposes none."""
    found = series.risky.get(line)
    return SECONDARY if found and found[i] else None


def hidden_at(series: Series, value: str | None, i: int) -> int:
    return series.hidden[value][i] if value in series.hidden else 0


def series_json(report: SeriesReport) -> dict[str, Any]:
    """The documented JSON shape of `rollcall series --json` (docs/stats.md)."""
    series = report.series
    return {
        "from": series.start.isoformat(),
        "to": series.end.isoformat(),
        "every": series.every,
        "by": series.by,
        "known_on": iso(known_day(series.known_on)),
        "public": report.public,
        "dates": [point.isoformat() for point in series.points],
        "total": [shown.count for shown in report.totals],
        "lines": [
            {
                "value": value,
                "label": label(series.by or "", value),
                "counts": [shown.count for shown in shown_list],
            }
            for value, shown_list in report.lines.items()
        ],
    }


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def series_csv(report: SeriesReport) -> str:
    """A row per date: the total, then a column per cell (empty when hidden)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    by = report.series.by or ""
    writer.writerow(["date", "total", *(label(by, v) for v in report.lines)])
    for i, point in enumerate(report.series.points):
        row = [point.isoformat(), report.totals[i].text(report.threshold)]
        row += [line[i].text(report.threshold) for line in report.lines.values()]
        writer.writerow(row)
    return out.getvalue()
