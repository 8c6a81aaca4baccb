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
    assert "demo register loaded (synthetic persons): 30 created" in first
    assert Person.objects.count() == 30
    assert not Person.objects.filter(is_synthetic=False).exists()
    assert get_user_model().objects.get(username=DEMO_USER).is_superuser

    second = load_demo(count=30, progress=False)
    assert second == "the demo register is already loaded"
    assert Person.objects.count() == 30
