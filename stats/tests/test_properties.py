"""Invariants on generated registers (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from registry import models as m
from stats.figures import (
    FIELDS,
    LISTED,
    SINGLE,
    figures,
    figures_of,
    held_people,
)
from stats.series import series, series_by_fields, total_of
from stats.tests.strategies import (
    FIRST,
    LAST,
    build,
    change_later,
    day_texts,
    register_specs,
)

pytestmark = pytest.mark.django_db

T1 = datetime(2024, 1, 10, tzinfo=UTC)
K = datetime(2024, 6, 1, tzinfo=UTC)
T2 = datetime(2025, 1, 10, tzinfo=UTC)


def cells(
    on: object, by: str, known_on: datetime | None = None
) -> dict[str | None, int]:
    result = figures(on, known_on, by=(by,))  # type: ignore[arg-type]
    return {c.value: c.count for c in result.breakdown(by).cells if c.count}


def hidden_cells(on: object, by: str) -> dict[str | None, int]:
    result = figures(on, by=(by,))  # type: ignore[arg-type]
    return {c.value: c.hidden for c in result.breakdown(by).cells if c.hidden}


@given(specs=register_specs, by=st.sampled_from((None, *FIELDS)))
def test_the_series_equals_the_count_of_every_day(specs: list, by: str | None) -> None:
    with transaction.atomic():
        build(specs)
        result = series(FIRST, LAST, by=by, public=True)
        for i, point in enumerate(result.points):
            total = figures(point)
            assert (result.totals[i], result.hidden_totals[i]) == (
                total.count,
                total.hidden,
            )
            if by is not None:
                got = {k: v[i] for k, v in result.counts.items() if v[i]}
                assert got == cells(point, by), point
                hidden = {k: v[i] for k, v in result.hidden.items() if v[i]}
                assert hidden == hidden_cells(point, by), point
        transaction.set_rollback(True)


@given(specs=register_specs, every=st.sampled_from(("day", "week", "month")))
def test_the_series_by_every_field_at_once_are_the_series_by_each(
    specs: list, every: str
) -> None:
    with transaction.atomic():
        build(specs)
        at_once = series_by_fields(
            FIRST, LAST, FIELDS, every=every, public=True, closed=True
        )
        for by in FIELDS:
            alone = series(FIRST, LAST, every=every, by=by, public=True, closed=True)
            assert at_once[by] == alone, by
        total = series(FIRST, LAST, every=every, public=True, closed=True)
        assert total_of(at_once[FIELDS[-1]]) == total
        transaction.set_rollback(True)


@given(specs=register_specs, day=day_texts)
def test_breakdowns_sum_to_the_total_unknown_included(specs: list, day: str) -> None:
    from datetime import date

    with transaction.atomic():
        build(specs)
        on = date.fromisoformat(day)
        result = figures(on, by=FIELDS)
        listed = figures_of(on, None, held_people(on))
        assert (listed.count, listed.hidden, listed.cases) == (
            result.count,
            result.hidden,
            result.cases,
        )
        for name in LISTED:
            assert set(listed.breakdown(name).cells) == set(
                result.breakdown(name).cells
            )
        for breakdown in result.breakdowns:
            total = sum(c.count for c in breakdown.cells)
            if breakdown.field in SINGLE:
                assert total == result.count, breakdown
            else:
                assert total >= result.count, breakdown
        transaction.set_rollback(True)


@given(
    before=register_specs,
    after=register_specs,
    day=day_texts,
    by=st.sampled_from(FIELDS),
)
def test_a_figure_known_on_k_ignores_every_later_change(
    before: list, after: list, day: str, by: str
) -> None:
    from datetime import date

    on = date.fromisoformat(day)
    with transaction.atomic():
        with time_machine.travel(T1, tick=False):
            made = build(before)
            expected = figures(on, by=(by,))
        with time_machine.travel(T2, tick=False):
            change_later(made, after)
            m.Person.objects.filter(pk__in=[p.pk for p in made]).update(sex="m")
            for who in made:
                who.refresh_from_db()
                who.sex = "m"
                who.save()
        known = figures(on, K, by=(by,))
        assert known.count == expected.count
        assert known.breakdown(by) == expected.breakdown(by)
        transaction.set_rollback(True)
