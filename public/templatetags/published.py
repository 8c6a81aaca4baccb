"""Template filters of the public pages: codes as words, dates per language."""

from __future__ import annotations

import re
from datetime import date, datetime

from django import template
from django.utils import formats

from public.labels import BREAKDOWNS, EVENT_TYPES, VALUE_LABELS, VULNERABLE

register = template.Library()

PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@register.filter
def breakdown_name(field: str) -> str:
    """A breakdown's name ("kind" -> "kind of detention"), translated."""
    found = BREAKDOWNS.get(field)
    return field if found is None else str(found)


@register.filter
def value_label(value: str) -> str:
    """A breakdown value's stored English label, translated when known."""
    found = VALUE_LABELS.get(value)
    return value if found is None else str(found)


@register.filter
def vulnerable_label(key: str) -> str:
    """A vulnerable figure's name on the fact sheet, translated."""
    return str(VULNERABLE.get(key, key))


@register.filter
def event_type(code: str) -> str:
    """An event type's code ("property_seizure") as words, translated."""
    found = EVENT_TYPES.get(code)
    return code if found is None else str(found)


@register.filter
def partial_date(value: str | None) -> str:
    """An ISO date, year-month or year ("2021-05-03", "2021-05", "2021") in the
    language's own format: "3 May 2021", "May 2021", "2021"."""
    if not value:
        return ""
    match = PARTIAL.fullmatch(str(value))
    if match is None:
        return str(value)
    year, month, day = match.groups()
    try:
        if day:
            return formats.date_format(
                date(int(year), int(month), int(day)), "DATE_FORMAT"
            )
        if month:
            return formats.date_format(
                date(int(year), int(month), 1), "YEAR_MONTH_FORMAT"
            )
    except ValueError:
        return str(value)
    return year


@register.filter
def moment(value: str | None) -> str:
    """An ISO timestamp in the language's date-and-time format."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formats.date_format(parsed, "DATETIME_FORMAT")
