"""Small registers built by hand through the ORM (so the history is kept).

Dates are given as the register's text (`2021`, `2021-05`, `2021-05-20`) and
stored by the rule of registry.dates.
"""

from __future__ import annotations

from typing import Any

from registry import dates
from registry import models as m


def start(text: str | None) -> dict[str, Any]:
    value, precision = dates.stored_start(
        dates.PartialDate.parse(text) if text else None
    )
    return {"start_on": value, "start_precision": precision}


def end(text: str | None) -> dict[str, Any]:
    value, precision = dates.stored_end(dates.PartialDate.parse(text) if text else None)
    return {"end_on": value, "end_precision": precision}


def person(
    record_id: str,
    *,
    name: str = "",
    sex: str = "f",
    born: str | None = "1980-01-01",
    region: str = "Minsk",
    visibility: str = "public",
    disclosure: str = "full",
    died: str | None = None,
    in_custody: bool | None = None,
) -> m.Person:
    born_on, born_precision = dates.stored_start(
        dates.PartialDate.parse(born) if born else None
    )
    died_on, died_precision = dates.stored_start(
        dates.PartialDate.parse(died) if died else None
    )
    return m.Person.objects.create(
        record_id=record_id,
        display_name=name or f"Person {record_id}",
        sex=sex,
        birth_on=born_on,
        birth_precision=born_precision,
        region=region,
        visibility=visibility,
        name_disclosure=disclosure,
        died_on=died_on,
        died_precision=died_precision,
        died_in_custody=in_custody,
    )


def facility(name: str) -> m.Facility:
    return m.Facility.objects.get_or_create(name=name)[0]


def detention(
    who: m.Person,
    since: str | None,
    until: str | None = None,
    *,
    kind: str = "colony",
    place: str | None = None,
    reason: str = "",
) -> m.Detention:
    return m.Detention.objects.create(
        person=who,
        kind=kind,
        facility=facility(place) if place else None,
        release_reason=reason,
        **start(since),
        **end(until),
    )


def recognition(
    who: m.Person, since: str | None, until: str | None = None, *, by: str = "Viasna"
) -> m.Recognition:
    organisation = m.Organisation.objects.get_or_create(name=by)[0]
    return m.Recognition.objects.create(
        person=who, organisation=organisation, **start(since), **end(until)
    )


def prisoner(
    record_id: str, since: str, until: str | None = None, **fields: Any
) -> m.Person:
    """A person detained and recognised on the same day."""
    place = fields.pop("place", None)
    kind = fields.pop("kind", "colony")
    reason = fields.pop("reason", "")
    who = person(record_id, **fields)
    detention(who, since, until, kind=kind, place=place, reason=reason)
    recognition(who, since)
    return who


def case(who: m.Person, *articles: str) -> m.Case:
    made = m.Case.objects.create(person=who)
    for text in articles:
        code, number = text.rsplit(" ", 1)
        article = m.Article.objects.get_or_create(code=code, number=number)[0]
        m.Charge.objects.create(case=made, article=article)
    return made


def health(who: m.Person, condition: str) -> m.HealthNote:
    return m.HealthNote.objects.create(person=who, condition=condition)


def event(code: str, on: str, *persons: m.Person) -> m.Event:
    kind = m.EventType.objects.get_or_create(code=code, defaults={"label": code})[0]
    value, precision = dates.stored_start(dates.PartialDate.parse(on))
    made = m.Event.objects.create(
        type=kind, occurred_on=value, occurred_precision=precision
    )
    for who in persons:
        m.EventPerson.objects.create(event=made, person=who)
    return made


def approve_all() -> None:
    """Approve every person as they stand now: a `--public` output names
    only what an editor approved (stats.tables.approved_grades)."""
    from django.contrib.auth import get_user_model

    from review.actions import persons_approve

    editor = get_user_model().objects.get_or_create(username="editor")[0]
    ids = list(m.Person.objects.values_list("pk", flat=True))
    persons_approve(person_ids=ids, actor=editor, reason="checked")
