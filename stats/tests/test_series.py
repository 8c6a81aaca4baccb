from __future__ import annotations

import gc
from datetime import date, timedelta
from typing import Any

import pytest

from stats import series as series_module
from stats.figures import figures
from stats.series import (
    Claim,
    Stay,
    counted_spans,
    points_of,
    series,
    series_by_fields,
)
from stats.tests.registers import detention, person, prisoner, recognition

pytestmark = pytest.mark.django_db


def test_spans_are_the_days_held_and_recognised() -> None:
    stay = Stay(1, date(2021, 1, 1), date(2021, 12, 31))
    claim = Claim(date(2021, 3, 1), None)
    spans = counted_spans([stay], [claim], None, date(2020, 1, 1), date(2022, 1, 1))
    assert [(s.start, s.end) for s in spans] == [(date(2021, 3, 1), date(2021, 12, 31))]


def test_spans_stop_on_the_day_of_death() -> None:
    stay = Stay(1, None, None)
    spans = counted_spans(
        [stay],
        [Claim(None, None)],
        date(2021, 5, 5),
        date(2021, 5, 1),
        date(2021, 5, 31),
    )
    assert [(s.start, s.end) for s in spans] == [(date(2021, 5, 1), date(2021, 5, 5))]


def test_month_points_fall_on_the_first_of_each_month() -> None:
    assert points_of(date(2021, 1, 15), date(2021, 4, 1), "month") == [
        date(2021, 1, 15),
        date(2021, 2, 1),
        date(2021, 3, 1),
        date(2021, 4, 1),
    ]


def test_a_daily_series_matches_the_count_of_each_day() -> None:
    prisoner("a", "2021-01-05", "2021-01-05")
    prisoner("b", "2021-01", "2021-01-20", died="2021-01-10", in_custody=True)
    who = person("c")
    detention(who, "2021-01-02", "2021-01-08", kind="pretrial")
    detention(who, "2021-01-08", kind="colony")
    recognition(who, "2021-01-03", "2021-01-12")
    recognition(who, "2021-01-15")
    first, last = date(2020, 12, 30), date(2021, 1, 31)
    result = series(first, last)
    for i, point in enumerate(result.points):
        assert result.counts["total"][i] == figures(point).count, point


def test_a_series_by_kind_matches_each_days_breakdown() -> None:
    who = person("c")
    detention(who, "2021-01-02", "2021-01-08", kind="pretrial")
    detention(who, "2021-01-08", kind="colony")
    recognition(who, "2021-01-01")
    result = series(date(2021, 1, 1), date(2021, 1, 10), by="kind")
    day = date(2021, 1, 1)
    for i in range(10):
        cells = {
            c.value: c.count for c in figures(day, by=("kind",)).breakdown("kind").cells
        }
        got = {k: v[i] for k, v in result.counts.items() if v[i]}
        assert got == cells, day
        day += timedelta(days=1)


def test_a_series_is_counted_with_the_cyclic_collector_paused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its rows hold no cycles; the collector's scans of them cost a third of
    a six-year daily series at 100k (make bench)."""
    prisoner("a", "2021-01-05")
    counted = series_module.total_counts
    collecting: list[bool] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        collecting.append(gc.isenabled())
        return counted(*args, **kwargs)

    monkeypatch.setattr(series_module, "total_counts", watched)
    series(date(2021, 1, 1), date(2021, 2, 1))
    series_by_fields(date(2021, 1, 1), date(2021, 2, 1), ("sex", "kind"))
    assert collecting == [False, False]
    assert gc.isenabled()
