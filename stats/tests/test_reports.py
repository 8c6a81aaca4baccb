from __future__ import annotations

from datetime import date

import pytest

from stats.figures import Breakdown, Cell, Figures, figures
from stats.reports import public_report, report_csv, report_json, staff_report
from stats.tests.registers import prisoner

pytestmark = pytest.mark.django_db


def made(cells: list[Cell]) -> Figures:
    total = sum(c.count for c in cells)
    hidden = sum(c.hidden for c in cells)
    return Figures(
        date(2024, 1, 1), None, total, hidden, 0, (Breakdown("region", tuple(cells)),)
    )


def test_staff_see_exact_figures_and_the_public_sees_suppressed_ones() -> None:
    result = made([Cell("Minsk", 20), Cell("Homel", 8), Cell("Brest", 2, hidden=1)])
    staff = report_json(staff_report(result))
    assert [c["count"] for c in staff["breakdowns"]["region"]] == [20, 8, 2]
    public = report_json(public_report(result, 5))
    region = public["breakdowns"]["region"]
    assert [c["count"] for c in region] == [20, None, None]
    assert [c.get("shown") for c in region] == [None, "[c]", "< 5"]
    assert public["count"] == 30


def test_a_small_total_with_an_anonymous_person_is_hidden_everywhere() -> None:
    result = made([Cell("Minsk", 2, hidden=1), Cell(None, 1)])
    public = report_json(public_report(result, 5))
    assert public["count"] is None
    assert public["count_shown"] == "< 5"


def test_csv_lists_every_cell() -> None:
    prisoner("a", "2020-01-01", sex="m")
    prisoner("b", "2020-01-01", sex="")
    text = report_csv(staff_report(figures(date(2021, 1, 1), by=("sex",))))
    assert text.splitlines() == [
        "field,value,label,count,shown",
        "total,,total,2,2",
        "cases,,cases,0,0",
        "sex,m,male,1,1",
        "sex,,unknown,1,1",
    ]
