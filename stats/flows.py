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
from typing import Any, NamedTuple

from registry import dates
from registry import models as m
from stats.series import holds
from stats.suppression import PRIMARY, SECONDARY, Shown, small, threshold
from stats.tables import (
    ListedPerson,
    Register,
    as_date,
    counted_kinds,
    day_param,
    in_list,
    next_day,
    previous_day,
    read_from,
)

CANNOT_BE_NAMED = "a person who cannot be named"


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.since < day <= self.until


class Listed(NamedTuple):
    """What an output may say of one person behind a flow (a named tuple: a
    fact sheet makes one per person of three years' flows, some 140,000)."""

    record_id: str
    name: str | None  # None: may not be named in public
    hidden: bool  # restricted or anonymous


def listed(person: ListedPerson) -> Listed:
    """A person of `Register.persons` as an output may name them."""
    _, record_id, name, visibility, disclosure = person
    return Listed(
        record_id,
        shown_name(name, visibility, disclosure),
        visibility != m.Visibility.PUBLIC,
    )


@dataclass
class Flows:
    """Record ids behind each flow of a period."""

    period: Period
    known_on: datetime | None
    detained: list[str] = field(default_factory=list)
    recognised: list[str] = field(default_factory=list)
    released: dict[str | None, list[str]] = field(default_factory=dict)
    died: list[str] = field(default_factory=list)
    # record id -> what an output may say of the person, read with the
    # persons of the period from the same state of the register.
    names: dict[str, Listed] = field(default_factory=dict)


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
    # The persons (staff: record ids; public: the names that may be shown)
    # and each event ("day #id: records"; public: "day: names", only the
    # events with a person who may be named), when listed.
    records: tuple[str, ...]
    listing: tuple[str, ...] = ()
    hidden: int = 0  # of the distinct persons, how many restricted or anonymous
    hidden_events: int = 0  # of the events, how many with such a person


def flows(
    since: date,
    until: date,
    known_on: datetime | None = None,
    register: Register | None = None,
) -> Flows:
    """Newly detained, newly recognised, released by reason, died in custody.

    One query (one copy of each table as it stood at `known_on`): the four
    flows are decided in the database, row by row of a detention or a
    recognition, by the definitions above; Python only sorts them and keeps
    each released person's last reason, and names each person from
    `register.persons`. "Counted on a day" is spelled out as
    stats.series.span_at has it: alive that day, a counted detention and a
    recognition both holding it (stats/tests/flow_oracle.py checks the SQL
    against that definition on generated registers).
    """
    kinds, params = in_list("kind", counted_kinds())
    params.update(since=day_param(since), until=day_param(until), yes=True)
    within = "({0} > %(since)s AND {0} <= %(until)s)"
    died_here = f"(p.died_in_custody = %(yes)s AND {within.format('p.died_on')})"

    def holding(
        table: str, alias: str, day: str, *, counted: bool, day_after: bool = False
    ) -> str:
        """EXISTS: a row of `table` of the person holds on the date column
        `day` or, with `day_after`, on the day after it."""
        start_bound, end_bound = (
            (f"{alias}.start_on <= {next_day(day)}", f"{alias}.end_on > {day}")
            if day_after
            else (f"{alias}.start_on <= {day}", f"{alias}.end_on >= {day}")
        )
        kind = f" AND {alias}.kind IN {kinds}" if counted else ""
        return (
            f"EXISTS (SELECT 1 FROM {{{table}}} AS {alias} "
            f"WHERE {alias}.person_id = p.id{kind} "
            f"AND ({alias}.start_on IS NULL OR {start_bound}) "
            f"AND ({alias}.end_on IS NULL OR {end_bound}))"
        )

    held_on_end = holding("detention", "s", "d.end_on", counted=True)
    recognised_on_end = holding("recognition", "r", "d.end_on", counted=False)
    held_after = holding("detention", "s", "d.end_on", counted=True, day_after=True)
    recognised_after = holding(
        "recognition", "r", "d.end_on", counted=False, day_after=True
    )
    register = read_from(register, known_on)
    rows = register.rows(
        "SELECT moves.flow, moves.reason, moves.last_day, moves.stay, "
        "moves.person_id FROM ("
        # Newly detained: a counted detention starts, and the person is
        # recognised (at any time).
        "SELECT 'detained' AS flow, d.person_id AS person_id, "
        "NULL AS reason, CAST(NULL AS DATE) AS last_day, CAST(NULL AS INTEGER) AS stay "
        "FROM {detention} AS d "
        f"WHERE d.kind IN {kinds} AND {within.format('d.start_on')} AND EXISTS "
        "(SELECT 1 FROM {recognition} AS r WHERE r.person_id = d.person_id) "
        # Newly recognised: no other recognition held the day before.
        "UNION ALL SELECT 'recognised', c.person_id, NULL, NULL, NULL "
        f"FROM {{recognition}} AS c WHERE {within.format('c.start_on')} "
        "AND NOT EXISTS (SELECT 1 FROM {recognition} AS o "
        "WHERE o.person_id = c.person_id AND o.id <> c.id "
        "AND (o.start_on IS NULL OR o.start_on < c.start_on) "
        f"AND (o.end_on IS NULL OR o.end_on >= {previous_day('c.start_on')})) "
        f"UNION ALL SELECT 'died', p.id, NULL, NULL, NULL FROM {{person}} AS p "
        f"WHERE {died_here} "
        # Released: counted on the last day of a detention and not the next.
        "UNION ALL SELECT 'released', p.id, d.release_reason, d.end_on, d.id "
        "FROM {detention} AS d JOIN {person} AS p ON p.id = d.person_id "
        f"WHERE d.kind IN {kinds} AND {within.format('d.end_on')} "
        # (CASE: a NULL of an unknown death must read as "not died here")
        f"AND CASE WHEN {died_here} THEN 0 ELSE 1 END = 1 "
        "AND (p.died_on IS NULL OR p.died_on >= d.end_on) "
        f"AND {held_on_end} AND {recognised_on_end} "
        f"AND (p.died_on <= d.end_on OR NOT {held_after} OR NOT {recognised_after})"
        ") AS moves",
        params,
    )
    everyone = register.persons
    result = Flows(Period(since, until), register.moment)
    # Each released person's reason is that of the detention ending last.
    last: dict[str, tuple[tuple[str, int], str | None]] = {}
    # A person with two detentions starting in the period is detained once.
    others: dict[str, set[str]] = defaultdict(set)
    for flow, reason, day, stay, person_id in rows:
        if person_id not in everyone:  # not in this state of the register
            continue
        record_id = everyone[person_id][1]
        if record_id not in result.names:  # a person has several rows
            result.names[record_id] = listed(everyone[person_id])
        if flow == "released":
            key = (str(day), int(stay))
            if record_id not in last or key > last[record_id][0]:
                last[record_id] = (key, reason or None)
        else:
            others[flow].add(record_id)
    for record_id, (_, reason) in sorted(last.items()):
        result.released.setdefault(reason, []).append(record_id)
    result.detained, result.recognised, result.died = (
        sorted(others[flow]) for flow in ("detained", "recognised", "died")
    )
    return result


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
    since: date,
    until: date,
    known_on: datetime | None = None,
    *,
    listing: bool = False,
    public: bool = False,
    register: Register | None = None,
) -> list[EventCount]:
    """Events in the period by type: how many, and how many distinct persons.

    Without `listing`, one grouped query. With it (the HTML fact sheet, whose
    every number links to its records), one query reads each event with its
    persons in order, and one pass makes each type's persons and the line of
    each event, as staff or (`public`) the public may see them: hundreds of
    thousands of rows at 100k persons, named from `register.persons`.
    """
    register = read_from(register, known_on)
    params = {"since": day_param(since), "until": day_param(until)}
    within = "e.occurred_on > %(since)s AND e.occurred_on <= %(until)s"
    types = {
        id: (code, label)
        for id, code, label in register.rows(
            "SELECT t.id, t.code, t.label FROM {eventtype} AS t", {}
        )
    }
    if not listing:
        rows = register.rows(
            "SELECT e.type_id, COUNT(DISTINCT e.id), COUNT(DISTINCT ep.person_id), "
            "COUNT(DISTINCT CASE WHEN p.visibility <> 'public' THEN p.id END), "
            "COUNT(DISTINCT CASE WHEN p.visibility <> 'public' THEN e.id END) "
            "FROM {event} AS e LEFT JOIN {eventperson} AS ep ON ep.event_id = e.id "
            "LEFT JOIN {person} AS p ON p.id = ep.person_id "
            f"WHERE {within} GROUP BY e.type_id",
            params,
        )
        found = [
            EventCount(
                *types[type_id],
                int(count),
                int(persons),
                (),
                (),
                int(hidden),
                int(hidden_events),
            )
            for type_id, count, persons, hidden, hidden_events in rows
        ]
        return sorted(found, key=lambda c: (-c.events, c.type))
    # The day as text: a few thousand distinct days make the lines of some
    # 200,000 events (day_text is cached), and SQLite's date converter would
    # parse each row's day again. In the order of the index of events by day
    # (type and precision with it), so SQLite sorts nothing: sorting by type
    # first, or by each event's persons too, cost half the query at 100k.
    rows = register.rows(
        "SELECT e.type_id, e.id, CAST(e.occurred_on AS TEXT), e.occurred_precision, "
        "ep.person_id FROM {event} AS e "
        "LEFT JOIN {eventperson} AS ep ON ep.event_id = e.id "
        f"WHERE {within} ORDER BY e.occurred_on, e.type_id, e.occurred_precision, e.id",
        params,
    )
    # record id -> the name the public may see (None: may not be named);
    # only a public listing reads it
    shown: dict[str, str | None] = {}
    hidden: set[str] = set()  # record ids of restricted and anonymous persons
    lists: dict[int, EventLists] = {}
    event, kept = None, EventLists(public)
    records: list[str] = []
    everyone = register.persons
    for type_id, id, day, precision, person_id in rows:
        if id != event:
            kept.add(event, records, shown, hidden)
            if type_id not in lists:  # (setdefault would make one per event)
                lists[type_id] = EventLists(public)
            kept = lists[type_id]
            event, kept.day, records = id, day_text(day, precision), []
        # (a person not in this state of the register is not listed, as a
        # join would have it)
        if person_id in everyone:
            _, record_id, name, visibility, disclosure = everyone[person_id]
            records.append(record_id)
            if visibility != m.Visibility.PUBLIC:
                hidden.add(record_id)
            if public and record_id not in shown:
                shown[record_id] = shown_name(name, visibility, disclosure)
    kept.add(event, records, shown, hidden)
    found = []
    for type_id, made in lists.items():
        # Lists of plain strings: sorting them is several times faster than
        # sorting (record, name) pairs, at some 200,000 per fact sheet.
        if public:
            names = (shown[r] for r in made.persons)
            persons = sorted(name for name in names if name is not None)
        else:
            persons = sorted(made.persons)
        found.append(
            EventCount(
                *types[type_id],
                made.events,
                len(made.persons),
                tuple(persons),
                tuple(made.lines),
                len(made.persons & hidden),
                made.hidden_events,
            )
        )
    return sorted(found, key=lambda c: (-c.events, c.type))


@dataclass
class EventLists:
    """One type's events as they are read, in order of day."""

    public: bool
    events: int = 0
    hidden_events: int = 0  # with a restricted or anonymous person
    day: str = ""  # the day of the event being read
    persons: set[str] = field(default_factory=set)
    # In order of day (then of the day's precision, then of id). Staff:
    # "day #id: record, record" (every event). Public: "day: name, name"
    # for the events with a person the public may name; the others are only
    # counted (their day would be a fact about a person who cannot be named).
    lines: list[str] = field(default_factory=list)

    def add(
        self,
        id: int | None,
        records: list[str],
        shown: dict[str, str | None],
        hidden: set[str],
    ) -> None:
        """The event `id` read with its persons' `records` (`hidden`: the
        record ids of restricted and anonymous persons read so far)."""
        if id is None:
            return
        self.events += 1
        if not hidden.isdisjoint(records):
            self.hidden_events += 1
        self.persons.update(records)
        if len(records) > 1:  # most events have one person: nothing to sort
            records.sort()
        if not self.public:
            listed = f": {', '.join(records)}" if records else ""
            self.lines.append(f"{self.day} #{id}{listed}")
            return
        names = [n for n in (shown[r] for r in records) if n is not None]
        if len(names) > 1:  # most events have one person: nothing to sort
            names.sort()
        if names:
            self.lines.append(f"{self.day}: {', '.join(names)}")


# How far the change rule reads events from each end of a period at first,
# then next; undecided, up to the last event (or the period's end).
EVENTS_WITHIN = (timedelta(days=31), timedelta(days=366), None)


def events_changed(since: date, until: date, register: Register) -> frozenset[str]:
    """The event types whose count of events in the period (`since`, `until`]
    a public output must hide by the change rule (stats.suppression): a
    count of another period could be subtracted from it to give a few events,
    one with a restricted or anonymous person.

    Events add up over days, so two periods' counts differ by the events of
    the days between their ends. A count is hidden when a hidden person's
    event is among the first after `until` (until the threshold's worth have
    come: a later end would add it) or among the first after `since` (a
    later start would take it away). Then any two counts shown differ by the
    threshold's worth of events or by none of a hidden person's: whichever
    end moves, the count it moves from has looked past it. The events
    around each end are read a month at a time, then a year, then to the
    end, only for the types still undecided.
    """
    limit = threshold()
    types = dict(register.rows("SELECT t.id, t.code FROM {eventtype} AS t", {}))
    # For each type, each end's decision: True (hide), False, None (read on).
    decided: dict[int, list[bool | None]] = {id: [None, None] for id in types}
    for within in EVENTS_WITHIN:
        unsure = [id for id, ends in decided.items() if None in ends]
        if not unsure:
            break
        # From `since` up to `until` at most; from `until` on, without end.
        first = until if within is None else min(since + within, until)
        last = None if within is None else until + within
        params = {
            "since": day_param(since),
            "first": day_param(first),
            "until": day_param(until),
            "last": day_param(last or until),
        }
        with_hidden = (
            "CASE WHEN EXISTS (SELECT 1 FROM {eventperson} AS ep "
            "JOIN {person} AS p ON p.id = ep.person_id WHERE ep.event_id = e.id "
            "AND p.visibility <> 'public') THEN 1 ELSE 0 END"
        )
        after = "" if last is None else " AND e.occurred_on <= %(last)s"
        # ("+ 0": each range is read on the index of events by day, type in
        # it, not on the index by type, which would read every day.)
        ids, more = in_list("type", unsure)
        params.update(more)
        kept = f"e.type_id + 0 IN {ids}"
        rows = register.rows(
            "SELECT moves.type_id, moves.later, COUNT(*), SUM(moves.hidden) FROM ("
            "SELECT e.type_id, 0 AS later, e.occurred_on AS day, "
            f"{with_hidden} AS hidden FROM {{event}} AS e WHERE {kept} "
            "AND e.occurred_on > %(since)s AND e.occurred_on <= %(first)s "
            f"UNION ALL SELECT e.type_id, 1, e.occurred_on, {with_hidden} "
            f"FROM {{event}} AS e WHERE {kept} "
            f"AND e.occurred_on > %(until)s{after}) AS moves "
            "GROUP BY moves.type_id, moves.later, moves.day "
            "ORDER BY moves.type_id, moves.later, moves.day",
            params,
        )
        days: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for type_id, later, count, hidden in rows:
            days[type_id, int(later)].append((int(count), int(hidden or 0)))
        for id in unsure:
            ends = decided[id]
            for end, open_ended in ((0, first < until), (1, last is not None)):
                if ends[end] is None:
                    ends[end] = hidden_among_first(days[id, end], limit, open_ended)
    return frozenset(types[id] for id, ends in decided.items() if any(ends))


def hidden_among_first(
    days: list[tuple[int, int]], limit: int, open_ended: bool
) -> bool | None:
    """Whether, of daily movements in order (everyone's, hidden persons'),
    a hidden one comes before the threshold's worth have (a day that
    reaches it is a change large enough, whoever made it): the change rule
    of stats.suppression.changes_exposed from the day before the first.
    None when undecided and more days may follow (`open_ended`)."""
    moved = 0
    for moves, hidden in days:
        moved += moves
        if moved >= limit:
            return False
        if hidden:
            return True
    return None if open_ended else False


def public_event_count(event: EventCount, changed: frozenset[str], limit: int) -> Shown:
    """The count of events of a type as a public output shows it: "< 5"
    when few and one has a restricted or anonymous person (a single event
    shown beside its hidden persons would say they are one), "[c]" where
    the change rule hides it (`events_changed`)."""
    if small(event.events, event.hidden_events, limit):
        return Shown(event.type, None, PRIMARY)
    if event.type in changed:
        return Shown(event.type, None, SECONDARY)
    return Shown(event.type, event.events)


@functools.lru_cache(maxsize=8192)
def day_text(day: Any, precision: str) -> str:
    """A stored date at its precision (a period has a few thousand days)."""
    return dates.shown(as_date(day), precision)
