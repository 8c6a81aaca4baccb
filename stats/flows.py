"""What happened in a period: flows in and out of custody, deaths, events.

A period is given by two days and runs from the day after `since` up to and
including `until` ("since the death of one in May 2021" does not count that
death again). Dates known only to the month or year count by their stored
day (registry.dates): a start or single date by the first day of its period,
an end by the last.

* newly detained: a counted detention of a recognised person starts in the
  period while no other was held the day before (a transfer from pre-trial
  detention to a colony is not a new detention);
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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from publish.disclosure import initials
from registry import dates
from registry import models as m
from stats.periods import Line, Occurrence, changed_lines
from stats.places import shown_places
from stats.series import holds
from stats.suppression import Shown, period_cell
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
PUBLIC = m.Visibility.PUBLIC


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.since < day <= self.until


# A flow's line (the flow; and for "released", the reason or None) -> its
# persons, and how many of them are restricted or anonymous.
Tallies = dict[tuple[str, str | None], tuple[int, int]]
NOT_RELEASED = ("detained", "recognised", "died")


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
    """Record ids behind each flow of a period (or, `counted`, only how
    many: see `flow_tallies`)."""

    period: Period
    known_on: datetime | None
    detained: list[str] = field(default_factory=list)
    recognised: list[str] = field(default_factory=list)
    released: dict[str | None, list[str]] = field(default_factory=dict)
    died: list[str] = field(default_factory=list)
    # record id -> what an output may say of the person, read with the
    # persons of the period from the same state of the register.
    names: dict[str, Listed] = field(default_factory=dict)
    # Without the persons (an output that lists no one): the tallies.
    counted: Tallies | None = None

    def tallies(self) -> Tallies:
        """How many persons each line has and how many of them are
        restricted or anonymous: detained, recognised and died always,
        released by each reason it has (None: not recorded)."""
        if self.counted is not None:
            return self.counted
        lines: dict[tuple[str, str | None], list[str]] = {
            (flow, None): getattr(self, flow) for flow in NOT_RELEASED
        }
        for reason, records in self.released.items():
            lines["released", reason] = records
        return {
            line: (len(records), sum(1 for r in records if self.names[r].hidden))
            for line, records in lines.items()
        }


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
    recognition, by the definitions above, and each person comes once per
    flow (`flow_persons`); Python sorts them and names each person from
    `register.persons`. "Counted on a day" is spelled out as
    stats.series.span_at has it: alive that day, a counted detention and a
    recognition both holding it (stats/tests/flow_oracle.py checks the SQL
    against that definition on generated registers).
    """
    kinds, params = in_list("kind", counted_kinds())
    params.update(since=day_param(since), until=day_param(until), yes=True)
    register = read_from(register, known_on)
    rows = register.rows(
        f"WITH {flow_persons(kinds)} SELECT t.flow, t.reason, t.person_id "
        "FROM persons AS t",
        params,
    )
    everyone = register.persons
    result = Flows(Period(since, until), register.moment)
    for flow, reason, person_id in rows:
        if person_id not in everyone:  # not in this state of the register
            continue
        record_id = everyone[person_id][1]
        if record_id not in result.names:  # a person is in several flows
            result.names[record_id] = listed(everyone[person_id])
        if flow == "released":
            result.released.setdefault(reason, []).append(record_id)
        else:
            getattr(result, flow).append(record_id)
    for flow in NOT_RELEASED:
        getattr(result, flow).sort()
    for records in result.released.values():
        records.sort()
    return result


def flow_persons(kinds: str) -> str:
    """SQL: the common tables `moves` (flows_sql over the period given by
    %(since)s and %(until)s) and `persons`: a row (flow, reason, person_id)
    for each person of each flow, once; a released person's reason (NULL:
    not recorded) is that of the detention ending last (of two ending the
    same day, the later record)."""
    moves = flows_sql(kinds, "({0} > %(since)s AND {0} <= %(until)s)")
    return (
        f"moves AS ({moves}), persons AS ("
        "SELECT once.flow, NULL AS reason, once.person_id FROM ("
        "SELECT DISTINCT m.flow, m.person_id FROM moves AS m "
        "WHERE m.flow <> 'released') AS once "
        "UNION ALL SELECT 'released', last.reason, last.person_id FROM ("
        "SELECT m.person_id, NULLIF(m.reason, '') AS reason, ROW_NUMBER() OVER ("
        "PARTITION BY m.person_id ORDER BY m.day DESC, m.stay DESC) AS pick "
        "FROM moves AS m WHERE m.flow = 'released') AS last WHERE last.pick = 1)"
    )


def flow_tallies(since: date, until: date, register: Register | None = None) -> Flows:
    """The flows of `flows` without their persons, only `Flows.tallies`,
    counted in the database from the same `flow_persons`: a dozen rows
    where `flows` reads one per person of each flow (what an output that
    lists no one needs, read beside the rest by a fact sheet)."""
    kinds, params = in_list("kind", counted_kinds())
    params.update(since=day_param(since), until=day_param(until), yes=True)
    register = read_from(register, None)
    rows = register.rows(
        f"WITH {flow_persons(kinds)} SELECT t.flow, t.reason, COUNT(*), "
        "SUM(CASE WHEN p.visibility <> 'public' THEN 1 ELSE 0 END) "
        # (the join: only the persons in this state of the register)
        "FROM persons AS t JOIN {person} AS p ON p.id = t.person_id "
        "GROUP BY t.flow, t.reason",
        params,
    )
    counted: Tallies = {(flow, None): (0, 0) for flow in NOT_RELEASED}
    for flow, reason, count, hidden in rows:
        counted[flow, reason] = (int(count), int(hidden))
    return Flows(Period(since, until), register.moment, counted=counted)


def flows_sql(kinds: str, within: str, *, covers: bool = False) -> str:
    """The query of `flows`: a row (flow, reason, day, stay, person_id,
    after, within, once) for each new detention, new recognition, release
    and death in custody on days `within` (a condition on the date column
    `{0}`).

    With `covers`, the last three say whether the person surely moves the
    flow by this row's day (stats.periods), from the other days of the same
    kind of theirs (detention starts, recognition starts, counted detention
    ends: all their occurrences are among them): `after`, none after
    %(since)s and by it (it is their first after the start); `within`,
    none up to %(since)s nor after it (all theirs are after the start, the
    last this one); `once`, of a release, no other counted detention ending
    after %(since)s. A person who died in custody moves no release surely:
    that death takes their releases out of any period it is in.
    """
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

    def none_of(row: str, column: str, counted: bool, days: str) -> str:
        """1 if the person of `row` has no other row of the same table whose
        date `column` is on `days` (a condition on `{0}`), else 0."""
        table = "detention" if counted else "recognition"
        kind = f" AND n.kind IN {kinds}" if counted else ""
        return (
            f"CASE WHEN EXISTS (SELECT 1 FROM {{{table}}} AS n "
            f"WHERE n.person_id = {row}.person_id{kind} AND n.id <> {row}.id "
            f"AND ({days.format('n.' + column)})) THEN 0 ELSE 1 END"
        )

    def surely(row: str, column: str, counted: bool, *, release: bool = False) -> str:
        """The columns after, within, once of `row`, named (0 each without
        covers; `once` 0 but for a `release`, all 0 for a release of a person
        who died in custody)."""
        day = f"{row}.{column}"
        days = [
            f"{{0}} > %(since)s AND {{0}} <= {day}",
            f"{{0}} <= %(since)s OR {{0}} >= {day}",
        ]
        found = [none_of(row, column, counted, when) for when in days]
        if release:
            found.append(none_of(row, column, counted, "{0} > %(since)s"))
            found = [
                f"CASE WHEN p.died_in_custody = %(yes)s THEN 0 ELSE {f} END"
                for f in found
            ]
        else:
            found.append("0")
        if not covers:
            found = ["0"] * 3
        names = ("after", "within", "once")
        return ", ".join(f"{f} AS {name}" for f, name in zip(found, names, strict=True))

    held_on_end = holding("detention", "s", "d.end_on", counted=True)
    recognised_on_end = holding("recognition", "r", "d.end_on", counted=False)
    held_after = holding("detention", "s", "d.end_on", counted=True, day_after=True)
    recognised_after = holding(
        "recognition", "r", "d.end_on", counted=False, day_after=True
    )
    # (CASE: a NULL of an unknown death must read as "not died here". With
    # covers, every release whatever the death: a period without the death
    # has it.)
    not_died_here = (
        "" if covers else f"AND CASE WHEN {died_here} THEN 0 ELSE 1 END = 1 "
    )
    return (
        "SELECT moves.flow, moves.reason, moves.day, moves.stay, "
        "moves.person_id, moves.after, moves.within, moves.once FROM ("
        # Newly detained: a counted detention starts, no other held the day
        # before (a transfer is not a detention), and the person is
        # recognised (at any time).
        "SELECT 'detained' AS flow, d.person_id AS person_id, "
        "NULL AS reason, d.start_on AS day, CAST(NULL AS INTEGER) AS stay, "
        f"{surely('d', 'start_on', True)} "
        "FROM {detention} AS d "
        f"WHERE d.kind IN {kinds} AND {within.format('d.start_on')} AND EXISTS "
        "(SELECT 1 FROM {recognition} AS r WHERE r.person_id = d.person_id) "
        "AND NOT EXISTS (SELECT 1 FROM {detention} AS o "
        f"WHERE o.person_id = d.person_id AND o.id <> d.id AND o.kind IN {kinds} "
        "AND (o.start_on IS NULL OR o.start_on < d.start_on) "
        f"AND (o.end_on IS NULL OR o.end_on >= {previous_day('d.start_on')})) "
        # Newly recognised: no other recognition held the day before.
        "UNION ALL SELECT 'recognised', c.person_id, NULL, c.start_on, NULL, "
        f"{surely('c', 'start_on', False)} "
        f"FROM {{recognition}} AS c WHERE {within.format('c.start_on')} "
        "AND NOT EXISTS (SELECT 1 FROM {recognition} AS o "
        "WHERE o.person_id = c.person_id AND o.id <> c.id "
        "AND (o.start_on IS NULL OR o.start_on < c.start_on) "
        f"AND (o.end_on IS NULL OR o.end_on >= {previous_day('c.start_on')})) "
        "UNION ALL SELECT 'died', p.id, NULL, p.died_on, NULL, 0, 0, 0 "
        f"FROM {{person}} AS p WHERE {died_here} "
        # Released: counted on the last day of a detention and not the next.
        "UNION ALL SELECT 'released', p.id, d.release_reason, d.end_on, d.id, "
        f"{surely('d', 'end_on', True, release=True)} "
        "FROM {detention} AS d JOIN {person} AS p ON p.id = d.person_id "
        f"WHERE d.kind IN {kinds} AND {within.format('d.end_on')} "
        f"{not_died_here}"
        "AND (p.died_on IS NULL OR p.died_on >= d.end_on) "
        f"AND {held_on_end} AND {recognised_on_end} "
        f"AND (p.died_on <= d.end_on OR NOT {held_after} OR NOT {recognised_after})"
        ") AS moves"
    )


def flows_changed(since: date, until: date, register: Register) -> frozenset[Line]:
    """The flows of the period (`since`, `until`] that a public output must
    hide by the change rule for periods (stats.periods): newly detained,
    newly recognised, released in all and ("reason", r) for the reason of
    every counted detention ending in the period ("" for unknown: those of
    its releases, and perhaps more, which no figure shows). Deaths in
    custody are listed one by one, no secret; but one takes the person's
    releases out of every period it is in, so a hidden person's is looked
    for among the releases.

    A person surely moves a flow by a day that is their first of its kind
    after the start (counted from the end), or when all theirs are after the
    start, the last that day (counted from the start): `flows_sql` with
    covers. A person moves from one reason of release to another by a
    second release, so only one released once after the start, or all of
    whose releases are after it, surely moves a reason's figure; and every
    hidden person's release is looked for."""
    kinds, params = in_list("kind", counted_kinds())
    params.update(since=day_param(since), until=day_param(until), yes=True)
    reasons = [
        reason
        for (reason,) in register.rows(
            "SELECT DISTINCT COALESCE(d.release_reason, '') FROM {detention} AS d "
            f"WHERE d.kind IN {kinds} "
            "AND d.end_on > %(since)s AND d.end_on <= %(until)s",
            params,
        )
    ]

    def read(first: date, last: date | None, lines: list[Line]) -> Iterator[Occurrence]:
        params.update(first=day_param(first), last=day_param(last or date.max))
        within = (
            "(({0} > %(since)s AND {0} <= %(first)s) "
            "OR ({0} > %(until)s AND {0} <= %(last)s))"
        )
        # (the join: only the persons in this state of the register)
        rows = register.rows(
            f"SELECT m.*, v.visibility FROM ({flows_sql(kinds, within, covers=True)}) "
            "AS m JOIN {person} AS v ON v.id = m.person_id",
            params,
        )
        for flow, reason, day, _, _, after, alone, once, visibility in rows:
            on = as_date(day) or since
            later, hidden = on > until, int(visibility != PUBLIC)
            if flow == "died":
                # A death in custody takes the person's releases out of the
                # periods it is in: a hidden one's may move every release.
                for line in [("released", None), *(("reason", r) for r in reasons)]:
                    yield line, later, on, 0, hidden
                continue
            yield (flow, None), later, on, int(after if later else alone), hidden
            if flow == "released":
                surely = once if later else alone
                for each in reasons:
                    moves = int(bool(surely) and (reason or "") == each)
                    yield ("reason", each), later, on, moves, hidden

    lines: list[Line] = [("detained", None), ("recognised", None), ("released", None)]
    return changed_lines(since, until, lines + [("reason", r) for r in reasons], read)


def shown_name(name: str, visibility: str, disclosure: str) -> str | None:
    """The name as the person's disclosure allows, or None if not at all."""
    if visibility != m.Visibility.PUBLIC or disclosure == m.NameDisclosure.NONE:
        return None
    if disclosure == m.NameDisclosure.INITIALS:
        return initials(name)
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
    """Events in the period by type: how many, and how many distinct persons;
    in `public`, only of the types a public person's event is of
    (stats.places: a type only hidden persons have would tell they exist).

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
        return public_types(found, register) if public else by_count(found)
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
    return public_types(found, register) if public else by_count(found)


def by_count(found: list[EventCount]) -> list[EventCount]:
    """Event types, the most events first."""
    return sorted(found, key=lambda c: (-c.events, c.type))


def public_types(found: list[EventCount], register: Register) -> list[EventCount]:
    """Of event types, those a public person's event is of, most first."""
    named = shown_places(register, ("event",))["event"]
    return by_count([event for event in found if event.type in named])


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


def events_changed(since: date, until: date, register: Register) -> frozenset[Line]:
    """The figures of events of the period (`since`, `until`] that a public
    output must hide by the change rule for periods (stats.periods): of each
    type ("events", code), its events and ("persons", code) its persons.
    Each event surely moves its type's count; a person, by an event that is
    their first of the type after the start (counted from the end), or when
    all theirs are after the start, by the last (counted from the start)."""
    types = dict(register.rows("SELECT t.id, t.code FROM {eventtype} AS t", {}))
    # Each event with each of its persons in this state of the register: a
    # hidden one, or one who surely moves the type's persons by it (no other
    # event of the type after the start and by its day, counted from the
    # end; none up to the start nor from its day, counted from the start).
    hidden = "CASE WHEN p.visibility <> 'public' THEN 1 ELSE 0 END"

    def none_other(days: str) -> str:
        """1 if the person of the row has no other event of its type on
        `days` (a condition on `o.occurred_on`), else 0."""
        return (
            "CASE WHEN p.id IS NULL OR EXISTS (SELECT 1 FROM {eventperson} AS n "
            "JOIN {event} AS o ON o.id = n.event_id WHERE n.person_id = p.id "
            f"AND o.type_id + 0 = e.type_id AND o.id <> e.id AND ({days})) "
            "THEN 0 ELSE 1 END"
        )

    def read(first: date, last: date | None, lines: list[Line]) -> Iterator[Occurrence]:
        wanted = {code for _, code in lines}
        ids, params = in_list(
            "type", [id for id, code in types.items() if code in wanted]
        )
        params.update(
            since=day_param(since),
            first=day_param(first),
            until=day_param(until),
            last=day_param(last or until),
        )
        after = "" if last is None else " AND e.occurred_on <= %(last)s"

        # ("+ 0": each range is read on the index of events by day, type in
        # it, and each person's events on the index by person, not on the
        # index by type, which would read every event of the type.)
        def columns(surely: str, may: str) -> str:
            """A row per event and person: its type, day, event, whether
            the event has a hidden person, whether the person surely moves
            the type's persons, whether a hidden one may."""
            return (
                f"e.type_id, e.occurred_on AS day, e.id, {hidden} AS hidden, "
                f"{none_other(surely)} AS surely, "
                f"{hidden} * {none_other(may)} AS may FROM {{event}} AS e "
                "LEFT JOIN {eventperson} AS ep ON ep.event_id = e.id "
                "LEFT JOIN {person} AS p ON p.id = ep.person_id "
                f"WHERE e.type_id + 0 IN {ids} "
            )

        # After the start: all of a person's events are after it, the last
        # this one; a hidden person's last by the end.
        alone = "o.occurred_on <= %(since)s OR o.occurred_on >= e.occurred_on"
        last_by_end = "o.occurred_on > e.occurred_on AND o.occurred_on <= %(until)s"
        # After the end: a person's first after the start (a hidden person's
        # may share its day with another).
        first_after = "o.occurred_on > %(since)s AND o.occurred_on <= e.occurred_on"
        entering = "o.occurred_on > %(since)s AND o.occurred_on < e.occurred_on"
        rows = register.rows(
            "SELECT m.later, m.type_id, m.day, COUNT(DISTINCT m.id), "
            "COUNT(DISTINCT CASE WHEN m.hidden = 1 THEN m.id END), "
            "SUM(m.surely), SUM(m.may) FROM ("
            f"SELECT 0 AS later, {columns(alone, last_by_end)} "
            "AND e.occurred_on > %(since)s AND e.occurred_on <= %(first)s "
            f"UNION ALL SELECT 1, {columns(first_after, entering)} "
            f"AND e.occurred_on > %(until)s{after}"
            ") AS m GROUP BY m.later, m.type_id, m.day",
            params,
        )
        for later, type_id, day, count, secret, alone, hiding in rows:
            code, on, after_end = types[type_id], as_date(day) or since, bool(later)
            yield ("events", code), after_end, on, int(count), int(secret)
            yield ("persons", code), after_end, on, int(alone), int(hiding)

    lines: list[Line] = [
        (kind, code) for code in types.values() for kind in ("events", "persons")
    ]
    return changed_lines(since, until, lines, read)


def period_changed(since: date, until: date, register: Register) -> frozenset[Line]:
    """Every figure of the period's flows and events that a public output
    must hide (flows_changed, events_changed)."""
    happened = events_changed(since, until, register)
    return happened | flows_changed(since, until, register)


def public_event_count(
    event: EventCount, changed: frozenset[Line], limit: int
) -> Shown:
    """The count of events of a type as a public output shows it: a single
    event shown beside its hidden persons would say they are one."""
    hides = ("events", event.type) in changed
    return period_cell(event.type, event.events, event.hidden_events, hides, limit)


def public_event_persons(
    event: EventCount, changed: frozenset[Line], limit: int
) -> Shown:
    """The distinct persons of an event type as a public output shows them."""
    hides = ("persons", event.type) in changed
    return period_cell(event.type, event.persons, event.hidden, hides, limit)


@functools.lru_cache(maxsize=8192)
def day_text(day: Any, precision: str) -> str:
    """A stored date at its precision (a period has a few thousand days)."""
    return dates.shown(as_date(day), precision)
