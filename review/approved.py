"""The approved register: the state of the register the published figures count.

A publication shows each person as their last approved version
(`review.queries.approved_records`). Its figures count the same state, or a
change no editor has approved (a new person, a release, a recognition) would
move the public count before the record itself is shown. `approved_register`
copies that state once into indexed temporary tables, one for each table the
figures read (`stats.tables.KEPT`), and hands them to `stats` as a
`Register`:

* a person whose approved version is their current one: their rows as
  stored (the common case: one `CREATE TABLE ... AS SELECT` per table);
* a person changed since their approval (usually few): rows made from the
  approved version, each grade (visibility, name and place disclosure) the
  stricter of the approved one and the one stored now, as `approved_records`
  has it (hiding someone counts them as hidden at once), and facilities,
  organisations, articles and event types looked up by name as an import
  does (one renamed since is found by the name it had);
* a person never approved, or merged into another record: nothing.

An event is kept when a kept person is linked to it: as stored when a person
approved as they stand is, else as the approved version of one of its
persons describes it. A charge of an article, or an event of a type, no
longer in the vocabulary under any name it had is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Model

from ingest.export import person_records
from ingest.load import (
    Vocabulary,
    case_row,
    charge_rows,
    detention_row,
    event_row,
    health_row,
    person_values,
    recognition_row,
)
from ingest.records import (
    CASES,
    DETENTIONS,
    EVENTS,
    HEALTH_NOTES,
    RECOGNITIONS,
    EventRecord,
    Group,
    PersonRecord,
)
from registry import models as m
from registry.grades import strictest_of
from review.models import PersonReview, ReviewState
from review.queries import GRADE_NAMES
from review.records import record_of
from stats.tables import INDEXED, KEPT, Register, chunks, in_list

PREFIX = "rollcall_approved_"
# The ids of the persons approved as they stand now.
CURRENT = f"{PREFIX}current"


def table_of(model: type[Model]) -> str:
    return model._meta.db_table


def name_of(key: str) -> str:
    return f"{PREFIX}{key}"


# The tables of events: the largest, and read by no figure a publication
# carries (its events are the approved records' own).
EVENT_TABLES = ("event", "eventperson")


@contextmanager
def approved_register(*, events: bool = True) -> Iterator[Register]:
    """The approved register, as temporary tables kept while the block runs.

    Made once (a publication reads it many times); dropped at the end.
    Without `events` the event tables are left out (about two fifths of the
    rows to copy), and a query that reads them is refused.
    """
    keys = [key for key in KEPT if events or key not in EVENT_TABLES]
    try:
        with connection.cursor() as cursor:
            drop(cursor)
            copy_current(cursor, keys)
            add_changed(cursor, events=events)
            index(cursor, keys)
        yield Register(tables={key: name_of(key) for key in keys})
    finally:
        with connection.cursor() as cursor:
            drop(cursor)


def drop(cursor: Any) -> None:
    for table in (CURRENT, *(name_of(key) for key in KEPT)):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


# What each table keeps of the persons approved as they stand, in order:
# charges follow the cases kept, events the links kept.
KEPT_ROWS = {
    "person": "id IN (SELECT id FROM {current})",
    "detention": "person_id IN (SELECT id FROM {current})",
    "recognition": "person_id IN (SELECT id FROM {current})",
    "case": "person_id IN (SELECT id FROM {current})",
    "charge": "case_id IN (SELECT id FROM {case})",
    "healthnote": "person_id IN (SELECT id FROM {current})",
    "eventperson": "person_id IN (SELECT id FROM {current})",
    "event": "id IN (SELECT event_id FROM {eventperson})",
}


def copy_current(cursor: Any, keys: list[str]) -> None:
    """The rows of the persons whose approved version is the current one.

    Read off the review's state and version (as the queue of records awaiting
    review is), not the approved versions' rows, which hold whole records.
    """
    cursor.execute(
        f"CREATE TEMPORARY TABLE {CURRENT} AS SELECT p.id AS id "
        f"FROM {table_of(m.Person)} AS p "
        f"JOIN {table_of(PersonReview)} AS r ON r.person_id = p.id "
        "WHERE p.merged_into_id IS NULL AND r.approved_id IS NOT NULL "
        "AND r.state = %s AND r.version = p.version",
        [ReviewState.APPROVED.value],
    )
    cursor.execute(f"CREATE INDEX {CURRENT}_id ON {CURRENT} (id)")
    names = {key: name_of(key) for key in KEPT} | {"current": CURRENT}
    for key, condition in KEPT_ROWS.items():
        if key not in keys:
            continue
        cursor.execute(
            f"CREATE TEMPORARY TABLE {name_of(key)} AS "
            f"SELECT * FROM {table_of(KEPT[key])} WHERE {condition.format(**names)}"
        )


def add_changed(cursor: Any, *, events: bool) -> None:
    """The rows of the persons changed since their approval, from the
    approved versions (their events only with `events`).

    They are the approved active persons not copied as they stand, by the
    copy itself: a person approved or changed while the copy is made is
    there once, one way or the other.
    """
    cursor.execute(
        f"SELECT r.person_id FROM {table_of(PersonReview)} AS r "
        f"JOIN {table_of(m.Person)} AS p ON p.id = r.person_id "
        "WHERE r.approved_id IS NOT NULL AND p.merged_into_id IS NULL "
        f"AND r.person_id NOT IN (SELECT id FROM {CURRENT})"
    )
    ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return
    changed = (
        PersonReview.objects.filter(person_id__in=ids)
        .order_by("person_id")
        .values_list(
            "person_id",
            "approved__record",
            "approved__number",
            "person__is_synthetic",
            *(f"person__{grade}" for grade in GRADE_NAMES),
        )
    )
    persons = []
    for pk, document, number, synthetic, *live in changed.iterator(chunk_size=500):
        record = record_of(document, label="approved")
        row = {"id": pk, **person_values(record), "merged_into_id": None}
        row |= {"version": number, "is_synthetic": synthetic}
        approved = tuple(row[grade] for grade in GRADE_NAMES)
        row.update(zip(GRADE_NAMES, strictest_of([approved, tuple(live)]), strict=True))
        persons.append((row, record if events else replace(record, events=())))
    stored = dict(stored_records(ids))
    if not events:
        stored = {pk: replace(record, events=()) for pk, record in stored.items()}
    rows = Rows(cursor, [record for _, record in persons], list(stored.values()))
    for row, record in persons:
        rows.add(row, record, stored[row["id"]])
    rows.insert(cursor)


def stored_records(ids: list[int]) -> Iterator[tuple[int, PersonRecord]]:
    """(person id, record as stored now) of these persons; the facts of each
    record carry the ids of their rows."""
    pk_of = dict(m.Person.objects.filter(pk__in=ids).values_list("record_id", "pk"))
    for record in person_records(ids):
        yield pk_of[record.record_id], record


def stored_ids(
    group: Group, approved: Sequence[Any], stored: Sequence[Any]
) -> list[int | None]:
    """For each approved fact, the id of the stored fact it is: one that says
    the same, else one with the same key (edited since), else None.

    So a row keeps its id where the fact is still there, and two detentions
    that start the same day are ordered as in the register (stats places a
    person by the later record).
    """
    free = list(stored)
    ids: list[int | None] = [None] * len(approved)
    for same in (lambda a, b: a == b, lambda a, b: group.key(a) == group.key(b)):
        for index, fact in enumerate(approved):
            if ids[index] is not None:
                continue
            match = next((other for other in free if same(fact, other)), None)
            if match is not None:
                ids[index] = match.pk
                free.remove(match)
    return ids


class Rows:
    """The rows made from approved versions: ids of the stored facts they
    still are, else past the stored ones."""

    def __init__(
        self, cursor: Any, records: list[PersonRecord], stored: list[PersonRecord]
    ) -> None:
        self.vocabulary = vocabulary_of(records)
        self.rows: dict[str, list[dict[str, Any]]] = {key: [] for key in KEPT}
        self.last: dict[str, int] = {}
        for key, model in KEPT.items():
            cursor.execute(f"SELECT MAX(id) FROM {table_of(model)}")
            self.last[key] = cursor.fetchone()[0] or 0
        # Events by event_id: stored ones, and those made here.
        wanted = {e.event_id for r in records for e in r.events if e.event_id}
        self.shared = dict(
            m.Event.objects.filter(external_id__in=wanted).values_list(
                "external_id", "pk"
            )
        )
        # The events these persons may name that are kept already.
        named = {e.pk for r in stored for e in r.events} | set(self.shared.values())
        self.events = kept_ids(cursor, name_of("event"), named)
        self.linked: set[tuple[int, int]] = set()

    def made(
        self, key: str, row: dict[str, Any], pk: int | None = None
    ) -> dict[str, Any]:
        """`row` kept with the id `pk`, or a new one."""
        if pk is None:
            self.last[key] += 1
            pk = self.last[key]
        row["id"] = pk
        self.rows[key].append(row)
        return row

    def facts(
        self, group: Group, record: PersonRecord, stored: PersonRecord
    ) -> Iterator[tuple[Any, int | None]]:
        facts = getattr(record, group.name)
        ids = stored_ids(group, facts, getattr(stored, group.name))
        return zip(facts, ids, strict=True)

    def add(
        self, person: dict[str, Any], record: PersonRecord, stored: PersonRecord
    ) -> None:
        self.rows["person"].append(person)
        pk, vocabulary = person["id"], self.vocabulary
        for fact, id in self.facts(DETENTIONS, record, stored):
            self.made("detention", detention_row(pk, fact, vocabulary), id)
        for claim, id in self.facts(RECOGNITIONS, record, stored):
            self.made("recognition", recognition_row(pk, claim, vocabulary), id)
        for note, id in self.facts(HEALTH_NOTES, record, stored):
            self.made("healthnote", health_row(pk, note, vocabulary), id)
        for case, id in self.facts(CASES, record, stored):
            made = self.made("case", case_row(pk, case, vocabulary), id)
            known = tuple(
                a for a in case.articles if (a.code, a.number) in vocabulary.articles
            )
            for charge in charge_rows(made, replace(case, articles=known), vocabulary):
                charge["case_id"] = charge.pop("case")["id"]
                self.made("charge", charge)
        for event, id in self.facts(EVENTS, record, stored):
            if event.type in vocabulary.event_types:
                self.link(pk, self.event_id(event, id))

    def event_id(self, event: EventRecord, stored: int | None) -> int:
        """The event's id: the stored event of its event_id, or the one of the
        person's stored events it is, else a new one; its row is made from the
        approved version unless a kept one is there."""
        pk = self.shared.get(event.event_id) if event.event_id else stored
        if pk is None or pk not in self.events:
            pk = int(self.made("event", event_row(event, self.vocabulary), pk)["id"])
        if event.event_id:
            self.shared[event.event_id] = pk
        self.events.add(pk)
        return pk

    def link(self, person_id: int, event_id: int) -> None:
        if (person_id, event_id) not in self.linked:
            self.linked.add((person_id, event_id))
            self.made("eventperson", {"event_id": event_id, "person_id": person_id})

    def insert(self, cursor: Any) -> None:
        for key, rows in self.rows.items():
            if not rows:
                continue
            columns = list(rows[0])
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {name_of(key)} ({', '.join(columns)}) VALUES ({marks})",
                [[adapted(row[column]) for column in columns] for row in rows],
            )


def kept_ids(cursor: Any, table: str, ids: Iterable[Any]) -> set[int]:
    """Which of `ids` are rows of `table`."""
    found: set[int] = set()
    for chunk in chunks(sorted(i for i in ids if i is not None)):
        marks, params = in_list("id", chunk)
        cursor.execute(f"SELECT id FROM {table} WHERE id IN {marks}", params)
        found.update(row[0] for row in cursor.fetchall())
    return found


def adapted(value: Any) -> Any:
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def vocabulary_of(records: list[PersonRecord]) -> Vocabulary:
    """The ids of the facilities, organisations, articles and event types the
    records name, looked up only (a publication creates nothing)."""
    vocabulary = Vocabulary(actor=None, reason="", when=None)
    vocabulary.facilities = known(
        m.Facility,
        ("name",),
        {(d.facility,) for r in records for d in r.detentions if d.facility},
    )
    vocabulary.organisations = known(
        m.Organisation,
        ("name",),
        {(g.organisation,) for r in records for g in r.recognitions if g.organisation},
    )
    vocabulary.articles = known(
        m.Article,
        ("code", "number"),
        {(a.code, a.number) for r in records for c in r.cases for a in c.articles},
    )
    vocabulary.event_types = known(
        m.EventType, ("code",), {(e.type,) for r in records for e in r.events}
    )
    return vocabulary


def known(model: type[Model], fields: tuple[str, ...], wanted: set[Any]) -> Any:
    """The id of each wanted key (a tuple of `fields`) that names an entry
    now or, failing that, named one still there (an entry renamed since is
    found by its old name); keys of one field are given and returned bare."""
    found = dict(named(model._default_manager.all(), fields, wanted))
    missing = wanted - found.keys()
    if missing:
        history = model.history.order_by("history_id")  # type: ignore[attr-defined]
        before = dict(named(history, fields, missing))
        alive = set(
            model._default_manager.filter(pk__in=set(before.values())).values_list(
                "pk", flat=True
            )
        )
        found |= {key: pk for key, pk in before.items() if pk in alive}
    if len(fields) == 1:
        return {key[0]: pk for key, pk in found.items()}
    return found


def named(
    rows: Any, fields: tuple[str, ...], wanted: set[Any]
) -> Iterable[tuple[tuple[Any, ...], int]]:
    """(key, id) of the rows whose key is wanted, in the rows' order."""
    firsts = {key[0] for key in wanted}
    for *key, pk in rows.filter(**{f"{fields[0]}__in": firsts}).values_list(
        *fields, "id"
    ):
        if tuple(key) in wanted:
            yield tuple(key), pk


def index(cursor: Any, keys: list[str]) -> None:
    """Index what the figures join on; on PostgreSQL, give the planner the
    tables' statistics (temporary tables are never analysed by autovacuum)."""
    for key in keys:
        for column in INDEXED[key]:
            cursor.execute(
                f"CREATE INDEX {name_of(key)}_{column} ON {name_of(key)} ({column})"
            )
    if connection.vendor == "postgresql":
        for key in keys:
            cursor.execute(f"ANALYZE {name_of(key)}")
