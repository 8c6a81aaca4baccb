"""The README's table of the issue-7 figures is the one bench/figures.json gives
(`python -m bench --only figures`, then `python -m bench --readme`)."""

from __future__ import annotations

import json

from bench.__main__ import (
    BEGIN,
    END,
    FIGURES,
    README,
    figures_table,
    readme_with_figures,
)


def test_the_readme_table_is_made_from_the_measured_figures() -> None:
    figures = json.loads(FIGURES.read_text())
    readme = README.read_text(encoding="utf-8")
    assert readme.count(BEGIN) == readme.count(END) == 1
    assert readme_with_figures(readme, figures) == readme
    assert figures_table(figures) in readme


def test_every_figure_has_wall_and_cpu_time_and_the_load() -> None:
    figures = json.loads(FIGURES.read_text())
    assert len(figures["load_average"]) == 3
    for key in (
        "stats_three_breakdowns",
        "series_daily_six_years",
        "compare_known_on",
        "factsheet_html",
        "factsheet_pdf",
    ):
        assert figures[key]["median_ms"] > 0 and figures[key]["cpu_median_ms"] > 0
