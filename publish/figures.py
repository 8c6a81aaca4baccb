"""The figures a publication carries, computed once and suppressed for the public.

Figures are computed from the whole register (anonymous and restricted
persons count) and passed through stats.suppression, so the public side
never needs the register to show them.

A breakdown by region, facility, organisation or article names a value of
every person counted, hidden ones too; a value that no published person has
(say, the home region of a restricted person alone) would tell that such a
person exists there. Those cells are folded into one `other` cell before
suppression, so the publication names only places it publishes anyway.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from django.db.models import Min

from registry import models as m
from stats.figures import FIELDS, Breakdown, Cell, Figures, figures
from stats.reports import public_report, report_json, series_json, series_report
from stats.series import series
from stats.suppression import threshold

OTHER = "other"
# The home page's "latest" lists and change look this many days back.
RECENT_DAYS = 30


def series_start(today: date) -> date:
    """The first day anyone was recognised (a year back when no one was)."""
    first = m.Recognition.objects.aggregate(first=Min("start_on"))["first"]
    return min(first, today) if first else today - timedelta(days=365)


def folded(breakdown: Breakdown, shown: Set[str]) -> Breakdown:
    """The breakdown with every value not in `shown` folded into `other`."""
    kept = [c for c in breakdown.cells if c.value is None or c.value in shown]
    rest = [c for c in breakdown.cells if c.value is not None and c.value not in shown]
    if rest:
        other = Cell(OTHER, sum(c.count for c in rest), sum(c.hidden for c in rest))
        kept.append(other)
    return replace(breakdown, cells=tuple(kept))


def publishable(result: Figures, shown: Mapping[str, Set[str]]) -> Figures:
    breakdowns = tuple(
        folded(b, shown[b.field]) if b.field in shown else b for b in result.breakdowns
    )
    return replace(result, breakdowns=breakdowns)


def published_figures(
    today: date, shown: Mapping[str, Set[str]]
) -> Iterator[tuple[str, Any]]:
    """(name, JSON value) of each figure: `today` and the daily `series`.

    `shown` gives, for `region`, `facility`, `organisation` and `article`,
    the values the publication shows anyway.
    """
    result = publishable(figures(today, by=FIELDS), shown)
    yield "today", report_json(public_report(result))
    daily = series(series_start(today), today, every="day", public=True)
    yield "series", series_json(series_report(daily, public=True))
    yield "unnamed", unnamed(today)


def suppressed(count: int) -> dict[str, Any]:
    """A count of hidden persons as the primary suppression rule shows it."""
    limit = threshold()
    if 0 < count < limit:
        return {"count": None, "shown": f"< {limit}"}
    return {"count": count, "shown": str(count)}


def unnamed(today: date) -> dict[str, Any]:
    """Anonymous persons recognised, released and dead lately, and those who
    died in custody: counted (suppressed when small), never named.

    A list of "a person who cannot be named" with a date would single each
    of them out, which the figures' rules forbid; a count is what they allow.
    """
    since = today - timedelta(days=RECENT_DAYS)
    anonymous = m.Person.objects.active().filter(visibility="anonymous")
    persons = anonymous.values("pk")
    recognised = m.Recognition.objects.filter(
        person__in=persons, start_on__gt=since, start_on__lte=today
    )
    released = m.Detention.objects.filter(
        person__in=persons, end_on__gt=since, end_on__lte=today
    )
    died = anonymous.filter(died_on__gt=since, died_on__lte=today)
    return {
        "since": since.isoformat(),
        "recognised": suppressed(recognised.values("person").distinct().count()),
        "released": suppressed(released.values("person").distinct().count()),
        "died": suppressed(died.count()),
        "died_in_custody": suppressed(anonymous.filter(died_in_custody=True).count()),
    }
