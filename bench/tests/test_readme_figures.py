"""The README's tables of the issue-7 figures and of serving (issue 8) are the
ones bench/figures.json and bench/serving.json give (`python -m bench --only
figures`, `--only serving`, then `python -m bench --readme`)."""

from __future__ import annotations

import json

from bench.__main__ import (
    BEGIN,
    END,
    FIGURES,
    README,
    SERVING_BEGIN,
    SERVING_END,
    figures_table,
    readme_with_figures,
    readme_with_serving,
)
from bench.serving import RESULTS, ROWS
from bench.serving import table as serving_table


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


def test_the_readme_serving_section_is_made_from_the_measured_figures() -> None:
    serving = json.loads(RESULTS.read_text())
    readme = README.read_text(encoding="utf-8")
    assert readme.count(SERVING_BEGIN) == readme.count(SERVING_END) == 1
    assert readme_with_serving(readme, serving) == readme
    assert serving_table(serving) in readme


def test_every_served_line_was_answered_without_errors() -> None:
    serving = json.loads(RESULTS.read_text())
    for key, _ in ROWS:
        for load in ("alone", "clients"):
            assert serving[key][load]["requests"] > 0, (key, load)
            assert serving[key][load]["errors"] == 0, (key, load)
    assert serving["publish"]["runs"] >= 3
    assert serving["publish"]["median_seconds"] > 0
