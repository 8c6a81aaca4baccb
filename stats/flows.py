"""What happened in a period: flows in and out of custody, deaths, events.

A period is given by two days and runs from the day after `since` up to and
including `until` ("since the death of one in May 2021" does not count that
death again). Dates known only to the month or year count by their stored
day (registry.dates): a start or single date by the first day of its period,
an end by the last.

* newly detained: a counted detention of a recognised person starts in the
  period;
* newly recognised: a recognition starts in the period while none was active
  the day before (a renewed recognition counts again);
* released, by reason: the person counted on the last day of a detention in
  the period and does not count the next day, and did not die in custody
  (a transfer from pre-trial detention to a colony is not a release);
* died in custody: the person's record says so and the death is in the
  period.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from registry import dates
from registry import models as m
from stats.series import Claim, Person, Stay, holds, span_at
from stats.tables import Register, as_date, counted_kinds, day_param, in_list

CANNOT_BE_NAMED = "a person who cannot be named"


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.since < day <= self.until


@dataclass
class Flows:
    """Record ids behind each flow of a period."""

    period: Period
    known_on: datetime | None
    detained: list[str] = field(default_factory=list)
    recognised: list[str] = field(default_factory=list)
    released: dict[str | None, list[str]] = field(default_factory=dict)
    died: list[str] = field(default_factory=list)
    # record id -> (the name the public may see or None, restricted/anonymous),
    # read with the persons of the period from the same state of the register.
    names: dict[str, tuple[str | None, bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class Death:
    """A death in custody, named as far as the person's disclosure allows."""

    record_id: str
    name: str
    nameable: bool
    died_on: str
    facility: str | None


@dataclass(frozen=True)
class EventCount:
    type: str
    label: str
    events: int
    persons: int
    records: tuple[str, ...]
    # The persons as the public may see them (by name, where allowed).
    names: tuple[str, ...] = ()
    # Each event ("day #id: records"), and the events the public may see
    # ("day: names", only those with a person who may be named).
    listing: tuple[str, ...] = ()
    public_listing: tuple[str, ...] = ()


@dataclass
class Held(Person):
    """A person of a period, with the record id and reasons of release."""

    record_id: str = ""
    died_in_custody: bool = False
    reasons: dict[int, str | None] = field(default_factory=dict)
    shown_name: str | None = None
    restricted: bool = False


def flows_of(persons: list[Held], period: Period) -> Flows:
    """The flows of `period` among `persons` (pure)."""
    flows = Flows(period, None)
    for person in sorted(persons, key=lambda p: p.record_id):
        flows.names[person.record_id] = (person.shown_name, person.restricted)
        if any(s.start in period for s in person.stays if counts_at_start(person, s)):
            flows.detained.append(person.record_id)
        if any(newly(person.claims, c) for c in person.claims if c.start in period):
            flows.recognised.append(person.record_id)
        died = person.died_in_custody and person.died_on in period
        if died:
            flows.died.append(person.record_id)
            continue
        released, reason = release_in(person, period)
        if released:
            flows.released.setdefault(reason, []).append(person.record_id)
    return flows


def counts_at_start(person: Held, stay: Stay) -> bool:
    """Whether a detention is of a recognised person (at any time)."""
    return bool(person.claims) and stay.start is not None


def newly(claims: list[Claim], claim: Claim) -> bool:
    assert claim.start is not None
    before = claim.start - timedelta(days=1)
    return not any(holds(c.start, c.end, before) for c in claims if c is not claim)


def release_in(person: Held, period: Period) -> tuple[bool, str | None]:
    """Whether the person was released in the period, and the last reason."""
    found: tuple[bool, str | None] = (False, None)
    for stay in sorted(person.stays, key=lambda s: s.end or date.max):
        if stay.end is None or stay.end not in period:
            continue
        after = stay.end + timedelta(days=1)
        was = span_at(person.stays, person.claims, person.died_on, stay.end, stay.end)
        now = span_at(person.stays, person.claims, person.died_on, after, after)
        if was is not None and now is None:
            found = (True, person.reasons.get(stay.id) or None)
    return found


def flows(since: date, until: date, known_on: datetime | None = None) -> Flows:
    """Newly detained, newly recognised, released by reason, died in custody."""
    period = Period(since, until)
    result = flows_of(load_period(Register(known_on), period), period)
    result.known_on = known_on
    return result


def load_period(register: Register, period: Period) -> list[Held]:
    """The persons with a start, an end or a death in the period (three queries)."""
    kinds, params = in_list("kind", counted_kinds())
    params.update(since=day_param(period.since), until=day_param(period.until))
    within = "({0} > %(since)s AND {0} <= %(until)s)"
    involved = (
        f"SELECT d.person_id FROM {{detention}} AS d WHERE d.kind IN {kinds} AND "
        f"({within.format('d.start_on')} OR {within.format('d.end_on')}) "
        "UNION SELECT r.person_id FROM {recognition} AS r WHERE "
        f"{within.format('r.start_on')} "
        f"UNION SELECT p.id FROM {{person}} AS p WHERE {within.format('p.died_on')}"
    )
    persons: dict[int, Held] = {}
    for (
        id,
        record_id,
        died_on,
        in_custody,
        name,
        visibility,
        disclosure,
    ) in register.rows(
        "SELECT p.id, p.record_id, p.died_on, p.died_in_custody, "
        "p.display_name, p.visibility, p.name_disclosure "
        f"FROM {{person}} AS p WHERE p.id IN ({involved})",
        params,
    ):
        persons[id] = Held(
            id,
            as_date(died_on),
            record_id=record_id,
            died_in_custody=bool(in_custody),
            shown_name=shown_name(name, visibility, disclosure),
            restricted=visibility != m.Visibility.PUBLIC,
        )
    for person_id, id, start, end, reason in register.rows(
        "SELECT d.person_id, d.id, d.start_on, d.end_on, d.release_reason "
        f"FROM {{detention}} AS d WHERE d.kind IN {kinds} "
        f"AND d.person_id IN ({involved})",
        params,
    ):
        persons[person_id].stays.append(Stay(id, as_date(start), as_date(end)))
        persons[person_id].reasons[id] = reason or None
    for person_id, start, end in register.rows(
        "SELECT r.person_id, r.start_on, r.end_on FROM {recognition} AS r "
        f"WHERE r.person_id IN ({involved})",
        params,
    ):
        persons[person_id].claims.append(Claim(as_date(start), as_date(end)))
    return list(persons.values())


def shown_name(name: str, visibility: str, disclosure: str) -> str | None:
    """The name as the person's disclosure allows, or None if not at all."""
    if visibility != m.Visibility.PUBLIC or disclosure == m.NameDisclosure.NONE:
        return None
    if disclosure == m.NameDisclosure.INITIALS:
        return " ".join(f"{word[0]}." for word in name.split() if word)
    return name


def deaths_in_custody(
    since: date, until: date, known_on: datetime | None = None
) -> list[Death]:
    """Deaths in custody in the period, by date, with the facility of death."""
    register = Register(known_on)
    params = {"since": day_param(since), "until": day_param(until)}
    rows = register.rows(
        "SELECT p.id, p.record_id, p.display_name, p.visibility, p.name_disclosure, "
        "p.died_on, p.died_precision FROM {person} AS p "
        "WHERE p.died_in_custody = %(yes)s AND p.died_on > %(since)s "
        "AND p.died_on <= %(until)s ORDER BY p.died_on, p.record_id",
        {**params, "yes": True},
    )
    places = facilities_at_death(register, [row[0] for row in rows], params)
    deaths = []
    for id, record_id, name, visibility, disclosure, died_on, precision in rows:
        shown = shown_name(name, visibility, disclosure)
        deaths.append(
            Death(
                record_id=record_id,
                name=shown or CANNOT_BE_NAMED,
                nameable=shown is not None,
                died_on=dates.shown(as_date(died_on), precision),
                facility=places.get(id),
            )
        )
    return deaths


def facilities_at_death(
    register: Register, ids: list[int], params: dict[str, Any]
) -> dict[int, str]:
    """The facility of the detention that held each person on their death day."""
    if not ids:
        return {}
    persons, more = in_list("person", ids)
    rows = register.rows(
        "SELECT d.person_id, d.id, d.start_on, d.end_on, f.name, p.died_on "
        "FROM {detention} AS d JOIN {facility} AS f ON f.id = d.facility_id "
        "JOIN {person} AS p ON p.id = d.person_id "
        f"WHERE d.person_id IN {persons}",
        {**params, **more},
    )
    best: dict[int, tuple[Any, ...]] = {}
    for person_id, id, start, end, name, died_on in rows:
        start, end, died = as_date(start), as_date(end), as_date(died_on)
        if died is None or not holds(start, end, died):
            continue
        key = (start is not None, start or date.min, id)
        if person_id not in best or key > best[person_id][0]:
            best[person_id] = (key, name)
    return {person_id: value[1] for person_id, value in best.items()}


def events(
    since: date, until: date, known_on: datetime | None = None, *, listing: bool = False
) -> list[EventCount]:
    """Events in the period by type: how many, and how many distinct persons.

    Two grouped queries (hundreds of thousands of events at 100k persons):
    the events per type, and each type's distinct persons with what naming
    them publicly needs, read from the same state of the register. With
    `listing`, a third lists each event (its day and persons) for the
    records behind an event count.
    """
    register = Register(known_on)
    params = {"since": day_param(since), "until": day_param(until)}
    within = "e.occurred_on > %(since)s AND e.occurred_on <= %(until)s"
    counts = register.rows(
        "SELECT e.type_id, COUNT(*) FROM {event} AS e "
        f"WHERE {within} GROUP BY e.type_id",
        params,
    )
    records: dict[int, list[str]] = defaultdict(list)
    names: dict[int, list[str]] = defaultdict(list)
    # person id -> (record id, the name the public may see or None)
    people: dict[int, tuple[str, str | None]] = {}
    for type_id, person_id, record_id, name, visibility, disclosure in register.rows(
        "SELECT ep.type_id, p.id, p.record_id, p.display_name, p.visibility, "
        "p.name_disclosure FROM (SELECT DISTINCT e.type_id, ep.person_id "
        "FROM {event} AS e JOIN {eventperson} AS ep ON ep.event_id = e.id "
        f"WHERE {within}) AS ep JOIN {{person}} AS p ON p.id = ep.person_id",
        params,
    ):
        records[type_id].append(record_id)
        known = people.get(person_id)
        if known is None:
            known = (record_id, shown_name(name, visibility, disclosure))
            people[person_id] = known
        if known[1] is not None:
            names[type_id].append(known[1])
    types = {
        id: (code, label)
        for id, code, label in register.rows(
            "SELECT t.id, t.code, t.label FROM {eventtype} AS t", {}
        )
    }
    listed = event_lists(register, within, params, people) if listing else {}
    found = []
    for type_id, count in counts:
        code, label = types[type_id]
        # Lists of plain strings: sorting them is several times faster than
        # sorting (record, name) pairs, at some 200,000 per fact sheet.
        persons = sorted(records[type_id])
        staff, public = listed.get(type_id, ((), ()))
        found.append(
            EventCount(
                code,
                label,
                int(count),
                len(persons),
                tuple(persons),
                tuple(sorted(names[type_id])),
                staff,
                public,
            )
        )
    return sorted(found, key=lambda c: (-c.events, c.type))


def event_lists(
    register: Register,
    within: str,
    params: dict[str, Any],
    people: dict[int, tuple[str, str | None]],
) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each event of the period, by type, as staff and the public see it.

    Staff: "day #id: record, record" (every event). Public: "day: name, name"
    for the events with a person the public may name; the others are only
    counted (their day would be a fact about a person who cannot be named).
    `people` are the persons of these events, read already.
    """
    events: dict[int, tuple[int, str, list[str], list[str]]] = {}
    for type_id, id, day, precision, person_id in register.rows(
        "SELECT e.type_id, e.id, e.occurred_on, e.occurred_precision, ep.person_id "
        "FROM {event} AS e LEFT JOIN {eventperson} AS ep ON ep.event_id = e.id "
        f"WHERE {within}",
        params,
    ):
        event = events.get(id)
        if event is None:
            event = (type_id, day_text(day, precision), [], [])
            events[id] = event
        if person_id is not None:
            record_id, named = people[person_id]
            event[2].append(record_id)
            if named is not None:
                event[3].append(named)
    staff: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    public: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for id, (type_id, day, persons, names) in events.items():
        persons.sort()
        line = f"{day} #{id}: {', '.join(persons)}" if persons else f"{day} #{id}"
        staff[type_id].append((day, id, line))
        if names:
            names.sort()
            public[type_id].append((day, f"{day}: {', '.join(names)}"))
    return {
        type_id: (
            tuple(line for *_, line in sorted(staff[type_id])),
            tuple(line for _, line in sorted(public.get(type_id, []))),
        )
        for type_id in staff
    }


@functools.lru_cache(maxsize=8192)
def day_text(day: Any, precision: str) -> str:
    """A stored date at its precision (a period has a few thousand days)."""
    return dates.shown(as_date(day), precision)
