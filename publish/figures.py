"""The figures a publication carries, computed once and suppressed for the public.

Figures are computed from the whole approved register (anonymous and
restricted persons count; what no editor has approved does not, see
review.approved) and passed through stats.suppression, so the public side
never needs the register to show them.

A breakdown by region, facility, organisation or article names only the
values the publication shows anyway; the others are folded into one `other`
cell (stats.places).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from stats.figures import FIELDS, Breakdown, Cell, Figures, cell_order
from stats.places import Places
from stats.reports import (
    Report,
    SeriesReport,
    public_report,
    report_json,
    series_json,
    series_report,
)
from stats.series import CASES, TOTAL, Series, series_by_fields, total_of
from stats.suppression import SECONDARY, threshold
from stats.tables import Register, as_date, day_param

# The home page's "latest" lists and change look this many days back.
RECENT_DAYS = 30


def series_start(today: date, register: Register) -> date:
    """The first day anyone was recognised (a year back when no one was)."""
    ((found,),) = register.rows("SELECT MIN(r.start_on) FROM {recognition} AS r", {})
    first = as_date(found)
    return min(first, today) if first else today - timedelta(days=365)


def published_figures(
    today: date, shown: Places, *, register: Register
) -> Iterator[tuple[str, Any]]:
    """(name, JSON value) of each figure: `today`, the daily `series`, the
    days before today (`days`: every day of the series), each day's
    breakdowns (`on:YYYY-MM-DD`) and `unnamed`.

    `shown` gives, for `region`, `facility`, `organisation` and `article`,
    the values the publication shows anyway; `register` is the register
    counted (a publication's: the approved one, review.approved).
    """
    start = series_start(today, register)
    days, hidden, found = daily_hidden(start, today, register, shown)
    daily = series_report(total_of(found[FIELDS[0]]), public=True)
    reports = {
        day: day_report(day, hidden, index, daily, found)
        for index, day in enumerate(days)
    }
    report = reports.pop(today)
    yield "today", report_json(report)
    if report.count.count is None:
        # The series' last point is today's count: hidden where it is hidden
        # (else the change from the day before could be had from it).
        daily.totals[-1] = report.count
    yield "series", series_json(daily)
    # One figure per day, so that a page reads only the day it shows.
    yield "days", [day.isoformat() for day in reports]
    for day, day_figures in reports.items():
        yield f"on:{day.isoformat()}", report_json(day_figures)
    yield "unnamed", unnamed(today, register)


# Whether a breakdown's cell is hidden on each day of the series, by
# breakdown and value.
Hidden = dict[str, dict[str | None, list[bool]]]


def daily_hidden(
    start: date, today: date, register: Register, shown: Places
) -> tuple[list[date], Hidden, dict[str, Series]]:
    """Every day of the series (`start` to `today`), the series by each
    breakdown over those days (the values not `shown` folded into `other`),
    and, for each breakdown and value, whether the public series hides it
    on each day.

    Those series apply the change rule (docs/stats.md): a cell is hidden on
    a day whose count some later day's differs from by a small change a
    hidden person's movement makes. They are made in one pass over the
    register (stats.series.series_by_fields), and their cells are each
    day's breakdowns (the series equals the day's count, cell by cell).
    """
    found = series_by_fields(
        start,
        today,
        (*FIELDS, CASES),
        every="day",
        public=True,
        closed=True,
        register=register,
        shown=shown,
    )
    hidden: Hidden = {}
    days: list[date] = []
    for field in FIELDS:
        by_field = found[field]
        report = series_report(by_field, public=True)
        days = list(by_field.points)
        hidden[field] = {
            value: [point.count is None for point in line]
            for value, line in report.lines.items()
        }
    return days, hidden, found


def forced_cells(
    breakdown: Breakdown, lines: dict[str | None, list[bool]], index: int
) -> list[str | None]:
    """The cells of a day's breakdown its series hides (SECONDARY), else None;
    a cell whose value the series has no line for is hidden unless empty."""
    states: list[str | None] = []
    for cell in breakdown.cells:
        if cell.value in lines:
            hide = lines[cell.value][index]
        else:
            hide = cell.count > 0
        states.append(SECONDARY if hide else None)
    return states


def day_figures(day: date, index: int, found: dict[str, Series]) -> Figures:
    """The figures of one day of the series, read off the series by
    every field (and the series of CASES): the series equals the day's
    count, cell by cell."""
    breakdowns = []
    for field in FIELDS:
        by_field = found[field]
        cells = [
            Cell(
                value,
                counts[index],
                by_field.hidden[value][index] if value in by_field.hidden else 0,
            )
            for value, counts in by_field.counts.items()
            if counts[index]
        ]
        breakdowns.append(Breakdown(field, tuple(sorted(cells, key=cell_order(field)))))
    first = found[FIELDS[0]]
    return Figures(
        day,
        None,
        first.totals[index],
        first.hidden_totals[index],
        found[CASES].counts[TOTAL][index],
        tuple(breakdowns),
    )


def day_report(
    day: date,
    hidden: Hidden,
    index: int,
    daily: SeriesReport,
    found: dict[str, Series],
) -> Report:
    """The public breakdowns of one day of the series (folded as the series
    are): suppressed as the publication day's are, from the cells and count
    the series hide."""
    result = day_figures(day, index, found)
    forced = {
        b.field: forced_cells(b, hidden[b.field], index) for b in result.breakdowns
    }
    point = (day - daily.series.points[0]).days
    # Hidden by the change rule (a small count is hidden by the report itself).
    total_forced = SECONDARY if daily.totals[point].suppressed == SECONDARY else None
    return public_report(result, forced=forced, total_forced=total_forced)


def suppressed(count: int) -> dict[str, Any]:
    """A count of hidden persons as the primary suppression rule shows it."""
    limit = threshold()
    if 0 < count < limit:
        return {"count": None, "shown": f"< {limit}"}
    return {"count": count, "shown": str(count)}


def unnamed(today: date, register: Register) -> dict[str, Any]:
    """Anonymous persons recognised, released and dead lately, and those who
    died in custody: counted (suppressed when small), never named.

    A list of "a person who cannot be named" with a date would single each
    of them out, which the figures' rules forbid; a count is what they allow.
    """
    since = today - timedelta(days=RECENT_DAYS)
    anonymous = (
        "SELECT p.id FROM {person} AS p "
        "WHERE p.visibility = %(anonymous)s AND p.merged_into_id IS NULL"
    )

    def lately(column: str) -> str:
        return f"{column} > %(since)s AND {column} <= %(today)s"

    ((recognised, released, died, in_custody),) = register.rows(
        "SELECT (SELECT COUNT(DISTINCT r.person_id) FROM {recognition} AS r "
        f"WHERE r.person_id IN ({anonymous}) AND {lately('r.start_on')}), "
        "(SELECT COUNT(DISTINCT d.person_id) FROM {detention} AS d "
        f"WHERE d.person_id IN ({anonymous}) AND {lately('d.end_on')}), "
        "(SELECT COUNT(*) FROM {person} AS p "
        f"WHERE p.id IN ({anonymous}) AND {lately('p.died_on')}), "
        "(SELECT COUNT(*) FROM {person} AS p "
        f"WHERE p.id IN ({anonymous}) AND p.died_in_custody = %(yes)s)",
        {
            "anonymous": "anonymous",
            "since": day_param(since),
            "today": day_param(today),
            "yes": True,
        },
    )
    return {
        "since": since.isoformat(),
        "recognised": suppressed(int(recognised)),
        "released": suppressed(int(released)),
        "died": suppressed(int(died)),
        "died_in_custody": suppressed(int(in_custody)),
    }
