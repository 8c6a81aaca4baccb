"""The home page's chart: drawn from the suppressed series, gaps where suppressed."""

from __future__ import annotations

from publish.chart import DESC, MOST_POINTS, TITLE, count_chart, segments, thinned


def test_a_suppressed_day_is_a_gap_in_the_line() -> None:
    points = [("d1", 10), ("d2", None), ("d3", 20), ("d4", 30)]
    runs = segments(points, top=30)
    assert [len(run) for run in runs] == [1, 2]
    svg = count_chart(
        {"dates": [p[0] for p in points], "total": [p[1] for p in points]}
    )
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 1
    assert TITLE in svg and DESC in svg and "<script" not in svg


def test_a_long_series_is_thinned_and_keeps_its_last_day() -> None:
    dates = [f"d{i}" for i in range(5000)]
    kept = thinned(dates, list(range(5000)))
    assert len(kept) <= MOST_POINTS + 1 and kept[-1] == ("d4999", 4999)


def test_an_empty_series_draws_axes_only() -> None:
    svg = count_chart({"dates": [], "total": []})
    assert svg.startswith("<svg") and "<polyline" not in svg


def test_a_level_stretch_is_drawn_with_its_ends_only() -> None:
    points = [(f"d{i}", 7) for i in range(100)] + [("e", 3)]
    (run,) = segments(points, top=7)
    assert len(run) == 3 and run[0][1] == run[1][1] != run[2][1]
