"""The figures a publication carries, computed once and suppressed for the public.

Figures are computed from the whole register (anonymous and restricted
persons count) and passed through stats.suppression, so the public side
never needs the register to show them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.db.models import Min

from registry import models as m
from stats.figures import FIELDS, figures
from stats.reports import public_report, report_json, series_json, series_report
from stats.series import series


def series_start(today: date) -> date:
    """The first day anyone was recognised (a year back when no one was)."""
    first = m.Recognition.objects.aggregate(first=Min("start_on"))["first"]
    return min(first, today) if first else today - timedelta(days=365)


def published_figures(today: date) -> Iterator[tuple[str, Any]]:
    """(name, JSON value) of each figure: `today` and the daily `series`."""
    yield "today", report_json(public_report(figures(today, by=FIELDS)))
    daily = series(series_start(today), today, every="day", public=True)
    yield "series", series_json(series_report(daily, public=True))
