"""Age bands: the bands a person enters, and the band on a day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from stats import ages

BIRTHS = [
    (date(1964, 2, 29), "day"),
    (date(1964, 2, 1), "month"),
    (date(1964, 1, 1), "year"),
    (date(1963, 3, 1), "day"),
    (date(2006, 2, 28), "day"),
    (None, "day"),
]


def band_entered_by(born: date | None, precision: str, day: date) -> str | None:
    found = None
    for entered, band in ages.bands_entered(born, precision):
        if entered <= day:
            found = band
    return found


@pytest.mark.parametrize(("born", "precision"), BIRTHS)
def test_the_band_last_entered_is_the_band_of_the_day(
    born: date | None, precision: str
) -> None:
    """Around every birthday that starts a band, leap days included."""
    days = [date(2024, 1, 1) + timedelta(days=n) for n in range(0, 366 * 2, 1)]
    days += [
        date(y, 2, 28) + timedelta(days=n) for y in range(1980, 2030) for n in (0, 1, 2)
    ]
    for day in days:
        assert band_entered_by(born, precision, day) == ages.age_band(
            born, precision, day
        ), day
