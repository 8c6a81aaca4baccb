"""The demo register: loaded once, every person marked synthetic."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from demo.loader import DEMO_USER, load_demo
from registry.models import Person
from rollcall.tests.processes import Databases

pytestmark = pytest.mark.django_db


def test_the_demo_loads_synthetic_persons_and_an_administrator_once() -> None:
    first = load_demo(count=30, progress=False)
    assert f"user {DEMO_USER!r}" in first
    assert "demo register loaded: 30 synthetic persons, from 7 snapshots" in first
    assert Person.objects.count() == 30
    assert not Person.objects.filter(is_synthetic=False).exists()
    assert get_user_model().objects.get(username=DEMO_USER).is_superuser

    second = load_demo(count=30, progress=False)
    assert second == "the demo register is already loaded"
    assert Person.objects.count() == 30


def test_the_demo_grows_over_the_years_so_known_on_figures_differ() -> None:
    from datetime import UTC, date, datetime

    from stats.counting import count

    load_demo(count=200, progress=False)
    day = date(2022, 1, 1)
    known_then = count(day, datetime(2022, 1, 2, tzinfo=UTC)).count
    assert 0 < known_then < count(day).count
    first_seen = Person.history.order_by("history_date").first()
    assert first_seen is not None and first_seen.history_date.year == 2020


def test_a_demo_load_killed_part_way_leaves_nothing_and_can_be_run_again(
    subprocess_databases: Databases,
) -> None:
    """Killed after two of its snapshots, it leaves no person and no
    administrator: run again, it loads the whole register and shows the
    administrator's password (a half-loaded demo said "already loaded")."""
    db = subprocess_databases.new("demo-killed")
    before = db.fingerprint()
    command = db.paused("demo.loader:load#2", "demo", "--persons", "40", "--quiet")
    command.kill()
    assert command.process.returncode == -signal.SIGKILL
    after = db.fingerprint()
    assert [table for table in before if before[table] != after.get(table)] == []

    done = db.run("demo", "--persons", "40", "--quiet")
    assert f"demo administrator created: user {DEMO_USER!r}" in done.stdout
    assert "demo register loaded: 40 synthetic persons, from 7 snapshots" in done.stdout


def test_the_demo_is_not_loaded_beside_real_persons(tmp_path: Path) -> None:
    """Synthetic persons could be taken for real; `make run` still goes on
    to publish and serve the register (so it is no error)."""
    from registry.tests.builders import import_rows, make_row

    import_rows(tmp_path / "real.csv", [make_row(record_id="real-1")])
    said = load_demo(count=30, progress=False)
    assert said.startswith("the register holds 1 persons who are not synthetic")
    assert list(Person.objects.values_list("record_id", flat=True)) == ["real-1"]
    assert not get_user_model().objects.filter(username=DEMO_USER).exists()
