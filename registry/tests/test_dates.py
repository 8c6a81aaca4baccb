from __future__ import annotations

from datetime import date

import pytest

from registry.dates import (
    DateError,
    PartialDate,
    parse_date,
    shown,
    stored_end,
    stored_start,
)


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("2021", date(2021, 1, 1), date(2021, 12, 31), "year"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2021-05-21", date(2021, 5, 21), date(2021, 5, 21), "day"),
    ],
)
def test_partial_dates_have_a_first_and_last_day(
    text: str, first: date, last: date, precision: str
) -> None:
    value = PartialDate.parse(text)
    assert (value.first_day(), value.last_day(), value.precision) == (
        first,
        last,
        precision,
    )
    assert str(value) == text


@pytest.mark.parametrize(
    "text",
    ["", "21", "2021-1", "2021-13", "2021-02-29", "31.02.1970", "1899", " 2021-05-05x"],
)
def test_anything_else_is_not_a_date(text: str) -> None:
    with pytest.raises(DateError):
        PartialDate.parse(text)


def test_starts_are_stored_as_first_days_and_ends_as_last_days() -> None:
    value = PartialDate.parse("2022-03")
    assert stored_start(value) == (date(2022, 3, 1), "month")
    assert stored_end(value) == (date(2022, 3, 31), "month")
    assert shown(*stored_end(value)) == "2022-03"
    assert stored_start(None) == (None, "day")


def test_full_dates_are_required_where_a_day_is_meant() -> None:
    assert parse_date("2024-01-31") == date(2024, 1, 31)
    with pytest.raises(DateError, match="not a full date"):
        parse_date("2024-01")
