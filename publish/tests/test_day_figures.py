"""Each published day's breakdowns, read off the series by every field, are
the figures of that day counted on their own (hypothesis)."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import given

from publish.figures import day_figures
from stats.figures import FIELDS, figures
from stats.series import CASES, series_by_fields
from stats.tests.strategies import FIRST, LAST, build, register_specs

pytestmark = pytest.mark.django_db


@given(specs=register_specs)
def test_a_day_read_off_the_series_is_the_day_counted(specs: list) -> None:
    with transaction.atomic():
        build(specs)
        found = series_by_fields(
            FIRST, LAST, (*FIELDS, CASES), every="week", public=True, closed=True
        )
        points = next(iter(found.values())).points
        for index, day in enumerate(points):
            assert day_figures(day, index, found) == figures(day, by=FIELDS), day
        transaction.set_rollback(True)
