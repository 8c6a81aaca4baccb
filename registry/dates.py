"""Partial dates: the one place where the counting rule for them is written.

A date in the real world is often known only to the month or the year. The
register stores every date as a calendar date plus its precision:

* a **start** (detained on, recognised on) known to the month or year is
  stored as the **first** day of that period;
* an **end** (released on, recognition ended on) known to the month or year
  is stored as the **last** day of that period.

So a record "detained 2021-05, released 2022" counts the person on every day
from 2021-05-01 to 2022-12-31: every day on which the record allows them to
have been held. Single dates (birth, verdict, event) are stored as the first
day of their period. The precision is kept beside the date, so the original
text (`2021-05`) is given back unchanged on export.

A missing start means "unknown, before any date asked about"; a missing end
means "still ongoing".
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

DAY = "day"
MONTH = "month"
YEAR = "year"
PRECISIONS = (DAY, MONTH, YEAR)

# ASCII digits only: \d would also accept full-width and other scripts' digits.
_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
EXPECTED = "YYYY, YYYY-MM or YYYY-MM-DD"


class DateError(ValueError):
    """A date cell that is not YYYY, YYYY-MM or YYYY-MM-DD."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise DateError otherwise."""
        return _parsed(text)

    @classmethod
    def from_stored(cls, value: date, precision: str) -> PartialDate:
        """Rebuild the partial date from a stored date and its precision."""
        if precision == YEAR:
            return cls(value.year)
        if precision == MONTH:
            return cls(value.year, value.month)
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return DAY
        return MONTH if self.month is not None else YEAR

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


# A register repeats a few thousand dates over hundreds of thousands of
# cells (an import, a publication reading every approved record back).
@functools.lru_cache(maxsize=65536)
def _parsed(text: str) -> PartialDate:
    match = _PATTERN.fullmatch(text.strip())
    if not match:
        raise DateError(f"{text!r} is not a date ({EXPECTED})")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if month == 0 or day == 0:
        raise DateError(f"{text!r} is not a date: months and days start at 01")
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        raise DateError(f"{text!r} is not a date ({EXPECTED})") from None
    if year < 1900:
        raise DateError(f"{text!r} is before 1900")
    return PartialDate(year, month, day)


def parse_date(text: str) -> date:
    """Parse a full `YYYY-MM-DD` date (for --on / --known-on)."""
    partial = PartialDate.parse(text)
    if partial.precision != DAY:
        raise DateError(f"{text!r} is not a full date (YYYY-MM-DD)")
    return partial.first_day()


def stored_start(value: PartialDate | None) -> tuple[date | None, str]:
    """Stored form of a start or single date: first day of its period."""
    if value is None:
        return None, DAY
    return value.first_day(), value.precision


def stored_end(value: PartialDate | None) -> tuple[date | None, str]:
    """Stored form of an end date: last day of its period."""
    if value is None:
        return None, DAY
    return value.last_day(), value.precision


def shown(value: date | None, precision: str) -> str:
    """The text of a stored date, at its precision ('' when unknown)."""
    if value is None:
        return ""
    return str(PartialDate.from_stored(value, precision))
