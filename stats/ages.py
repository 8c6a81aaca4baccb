"""Age bands on a day, from birth dates known to the day, month or year.

The rule, written once: a person is in the band of the age they had
certainly reached on the day, that is their age counted from the last day
their birth record allows. Someone born "1964" is 60 or over from
2024-12-31; before that they may still be 59. So "60 and over" never
counts anyone who might be younger, and an unknown birth date stays
unknown.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

from registry import dates

# (lowest age, band) from the oldest band down; the label is the key.
BANDS = (
    (60, "60+"),
    (50, "50-59"),
    (40, "40-49"),
    (30, "30-39"),
    (18, "18-29"),
    (0, "under 18"),
)
BAND_ORDER = tuple(band for _, band in reversed(BANDS))
# A band a person enters and the day they enter it (`bands_entered`).
Entered = tuple[date, str | None]
OLD_AGE = 60


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def last_birth_day(birth_on: date, precision: str) -> date:
    """The last day a stored birth date (first day of its period) allows."""
    return dates.PartialDate.from_stored(birth_on, precision).last_day()


def reached(birth_on: date | None, precision: str, age: int, day: date) -> bool:
    """Whether the person had certainly reached `age` on `day`."""
    if birth_on is None:
        return False
    return last_birth_day(birth_on, precision) <= years_before(day, age)


def age_band(birth_on: date | None, precision: str, day: date) -> str | None:
    """The age band on `day`, or None when the birth date is unknown."""
    if birth_on is None:
        return None
    for age, band in BANDS:
        if reached(birth_on, precision, age, day):
            return band
    return BANDS[-1][1]


@functools.lru_cache(maxsize=1 << 16)
def bands_entered(birth_on: date | None, precision: str) -> tuple[Entered, ...]:
    """The bands a person is in from birth on, each with the day they enter
    it (their certain birthday; date.min for the first): the band on a day is
    the last entered by then (`age_band`). Unknown: one band, None.

    Cached: a series works out every held person's bands for each span, and
    persons share birth dates."""
    if birth_on is None:
        return ((date.min, None),)
    last = last_birth_day(birth_on, precision)
    return tuple(
        (date.min if age == 0 else _birthday(last, age), band)
        for age, band in reversed(BANDS)
    )


def _birthday(born: date, age: int) -> date:
    """The first day on which someone born on `born` has reached `age`."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        return date(born.year + age, 3, 1)


def stored_cutoff(cutoff: date, precision: str) -> date:
    """The latest stored birth date of `precision` whose last day is <= `cutoff`.

    Stored dates are the first day of their period, so "last day <= cutoff"
    becomes "stored date <= this", which SQL can compare directly.
    """
    period = dates.PartialDate.from_stored(cutoff, precision)
    if period.last_day() == cutoff:
        return cutoff
    return period.first_day() - timedelta(days=1)
