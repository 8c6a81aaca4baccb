"""Reads shared by the command line, the site and the statistics."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When

from registry import models as m


def with_status(persons: QuerySet[m.Person], on: date) -> QuerySet[Any]:
    """Annotate `held` (a deprivation of liberty ongoing on `on`)."""
    ongoing = m.Detention.objects.filter(person=OuterRef("pk"), start_on__lte=on)
    ongoing = ongoing.exclude(end_on__lt=on)
    return persons.annotate(held=Exists(ongoing))


def status_of(person: Any) -> str:
    if person.died_on is not None:
        return "deceased"
    return "current" if person.held else "released"


def person_list(*, status: str, on: date) -> list[dict[str, str]]:
    """Active persons with their status on `on` (current, released, deceased)."""
    persons = with_status(m.Person.objects.active(), on).order_by("record_id")
    if status == "deceased":
        persons = persons.filter(died_on__isnull=False)
    elif status == "current":
        persons = persons.filter(died_on__isnull=True, held=True)
    elif status == "released":
        persons = persons.filter(died_on__isnull=True, held=False)
    fields = ("record_id", "display_name", "visibility", "died_on")
    return [
        {
            "record_id": person.record_id,
            "name": person.display_name,
            "visibility": person.visibility,
            "status": status_of(person),
        }
        for person in persons.only(*fields)
    ]


def public_people(on: date) -> QuerySet[m.Person]:
    """Persons who may be named in public, with their status on `on`.

    Persons named in full come first, by name; those shown by initials or
    not named come after, in an order that says nothing of their names
    (sorting them among the others would place a hidden name alphabetically).
    """
    named = Q(name_disclosure=m.NameDisclosure.FULL)
    return with_status(m.Person.objects.public(), on).order_by(
        Case(When(named, then=Value(0)), default=Value(1)),
        Case(When(named, then="display_name"), default=Value("")),
        "pk",
    )
