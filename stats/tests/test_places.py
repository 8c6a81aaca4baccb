from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from publish.database import Writer
from publish.disclosure import public_records
from publish.publishing import public_person_records
from publish.tests.test_published_leaks import SPECS, import_register, markers
from stats.figures import figures
from stats.places import OTHER, shown_places
from stats.reports import public_day_report
from stats.series import series
from stats.tables import Register
from stats.tests.registers import case, prisoner, recognition

pytestmark = pytest.mark.django_db


def test_the_register_names_the_places_a_publication_of_it_names(
    tmp_path: Path,
) -> None:
    """The rule stated twice, in SQL for the register and by the records a
    publication writes, gives one answer on every combination of grades."""
    import_register(tmp_path)
    writer = Writer(sqlite3.connect(":memory:"), on=date.today())
    for record in public_records(public_person_records()):
        writer.add(record)
    published = {
        field: frozenset(values) for field, values in writer.shown_places().items()
    }
    assert shown_places(Register()) == published
    regions = {
        markers(i)["region"]
        for i, s in enumerate(SPECS)
        if s.visibility == "public" and s.place_disclosure != "none"
    }
    assert published["region"] == regions


def test_a_place_only_hidden_persons_have_is_counted_as_other() -> None:
    for i in range(6):
        prisoner(f"m{i}", "2021-01-01", region="Minsk")
    for i in range(5):
        prisoner(f"h{i}", "2021-01-01", region="Secretville", visibility="restricted")
    on = date(2022, 1, 1)
    shown = shown_places(Register())
    assert shown["region"] == {"Minsk"}
    cells = public_day_report(figures(on, by=("region",)), shown=shown).breakdowns
    assert [(c.value, c.count) for c in cells["region"]] == [
        ("Minsk", 6),
        (OTHER, 5),
    ]
    line = series(
        date(2021, 6, 1), on, every="month", by="region", public=True, shown=shown
    )
    assert set(line.counts) == {"Minsk", OTHER}
    assert line.counts[OTHER][-1] == 5


def test_every_breakdown_by_name_folds_what_only_hidden_persons_have() -> None:
    for i in range(6):
        case(prisoner(f"m{i}", "2021-01-01", place="Colony 1"), "BY-CC 342")
    for i in range(5):
        hidden = prisoner(f"h{i}", "2021-01-01", place="Zqfac", visibility="anonymous")
        case(hidden, "BY-CC 361")
        recognition(hidden, "2021-01-01", by="Zqorg")
    on = date(2022, 1, 1)
    shown = shown_places(Register())
    assert shown == {
        "region": {"Minsk"},
        "facility": {"Colony 1"},
        "organisation": {"Viasna"},
        "article": {"BY-CC 342"},
    }
    by = ("facility", "organisation", "article")
    report = public_day_report(figures(on, by=by), shown=shown)
    for field in by:
        values = [cell.value for cell in report.breakdowns[field]]
        assert "Zq" not in str(values) and OTHER in values, (field, values)
        line = series(on, on, by=field, public=True, shown=shown)
        assert OTHER in line.counts and "Zq" not in str(list(line.counts))
