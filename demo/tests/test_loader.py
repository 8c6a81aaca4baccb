"""The demo register: loaded once, every person marked synthetic."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from demo.loader import DEMO_USER, load_demo
from registry.models import Person

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
