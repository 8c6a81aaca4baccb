"""The flows of a period by their definition, person by person (the oracle
the SQL of stats.flows is checked against on generated registers).

Each person's counted detentions and recognitions are read through the ORM
and the definitions of stats/flows.py's docstring applied one by one, with
stats.series.span_at saying whether a person counts on a day.
"""

from __future__ import annotations

from datetime import date, timedelta

from registry import models as m
from stats.flows import Flows, Period
from stats.series import Claim, Person, Stay, holds, span_at
from stats.tables import counted_kinds


def flows_by_definition(since: date, until: date) -> Flows:
    period = Period(since, until)
    result = Flows(period, None)
    for who in m.Person.objects.order_by("record_id"):
        stays = [
            Stay(d.id, d.start_on, d.end_on)
            for d in who.detentions.filter(kind__in=counted_kinds()).order_by("id")
        ]
        reasons = {d.id: d.release_reason or None for d in who.detentions.all()}
        claims = [Claim(r.start_on, r.end_on) for r in who.recognitions.all()]
        person = Person(who.id, who.died_on, stays=stays, claims=claims)
        record = who.record_id
        if claims and any(s.start in period and newly_held(stays, s) for s in stays):
            result.detained.append(record)
        if any(newly(claims, c) for c in claims if c.start in period):
            result.recognised.append(record)
        if who.died_in_custody and who.died_on in period:
            result.died.append(record)
            continue
        released, reason = release_in(person, reasons, period)
        if released:
            result.released.setdefault(reason, []).append(record)
    return result


def newly_held(stays: list[Stay], stay: Stay) -> bool:
    """A detention starting while none other was held the day before."""
    assert stay.start is not None
    before = stay.start - timedelta(days=1)
    return not any(holds(s.start, s.end, before) for s in stays if s is not stay)


def newly(claims: list[Claim], claim: Claim) -> bool:
    """A recognition starting while none other was active the day before."""
    assert claim.start is not None
    before = claim.start - timedelta(days=1)
    return not any(holds(c.start, c.end, before) for c in claims if c is not claim)


def release_in(
    person: Person, reasons: dict[int, str | None], period: Period
) -> tuple[bool, str | None]:
    """Whether the person counted on the last day of a detention in the period
    and not the next day, and the reason of the last such detention."""
    found: tuple[bool, str | None] = (False, None)
    for stay in sorted(person.stays, key=lambda s: (s.end or date.max, s.id)):
        if stay.end is None or stay.end not in period:
            continue
        after = stay.end + timedelta(days=1)
        was = span_at(person.stays, person.claims, person.died_on, stay.end, stay.end)
        now = span_at(person.stays, person.claims, person.died_on, after, after)
        if was is not None and now is None:
            found = (True, reasons.get(stay.id))
    return found
