"""The register's tables as they stand now, or as they stood at a moment.

Every figure in `stats` is one SQL text written against table names such as
`{detention}`; `Register` fills them in either with the live tables or with
the state of each table at a moment, read from the kept history
(django-simple-history). The same query therefore answers "on day D" and "on
day D as the register stood on day K", and history rows dated by an import
(`--recorded-on`) are honoured like any other.

A third state is made elsewhere and handed in as `tables`: tables prepared in
advance for a while, such as the approved register a publication counts
(review.approved), read by the same queries.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model

from registry import models as m
from registry.grades import GRADES, MOST_HIDING, strictest_of
from registry.locking import free_helpers, give_back, lend_helper

# Tables that change with the register's history, by the name used in SQL.
KEPT: dict[str, type[Model]] = {
    "person": m.Person,
    "detention": m.Detention,
    "recognition": m.Recognition,
    "case": m.Case,
    "charge": m.Charge,
    "healthnote": m.HealthNote,
    "event": m.Event,
    "eventperson": m.EventPerson,
}
# Vocabularies: read as they are now (a renamed facility is the same place).
VOCABULARY: dict[str, type[Model]] = {
    "facility": m.Facility,
    "organisation": m.Organisation,
    "article": m.Article,
    "eventtype": m.EventType,
}

# The state of a table at a moment: for each row id, its latest historical
# version written before that moment, unless that version is a deletion
# (`among`: a condition on the rows' ids, or nothing).
# History ids grow with history dates, so the latest version is the one with
# the largest history id (see stats.counting).
_STATE_AT = """(
    SELECT version.* FROM {table} AS version
    JOIN (
        SELECT MAX(history_id) AS latest FROM {table}
        WHERE history_date < %(moment)s{among} GROUP BY id
    ) AS latest ON version.history_id = latest.latest
    WHERE version.history_type <> '-'
)"""


# A person as a list shows them: id, record id, name, visibility and name
# disclosure (a plain row: a named tuple per person cost a third more).
ListedPerson = tuple[int, str, str, str, str]


@dataclass(frozen=True)
class Register:
    """The live register (`moment` None) or the register as it stood at `moment`.

    With `tables` (the name of a table for keys of KEPT, made by the caller
    and kept while the register is read), those tables instead: they are
    the register in some state of its own, such as the approved one. A
    query that names a table of KEPT not prepared is refused, never read
    from the live register.
    """

    moment: datetime | None = None
    tables: Mapping[str, str] = field(default_factory=dict)
    # As it stood at `moment`, only these persons and the rows that are
    # theirs then (every other row left out): what a few persons' figures
    # need of a large register.
    among: frozenset[int] | None = None

    def __post_init__(self) -> None:
        if self.tables and self.moment is not None:
            raise ValueError("a register is prepared tables or a moment, not both")
        if self.among is not None and self.moment is None:
            raise ValueError("only a register at a moment keeps to some persons")
        if not set(self.tables) <= set(KEPT):
            raise ValueError(f"prepared tables are some of: {', '.join(KEPT)}")

    def rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """Run `sql` with its table names filled in; all rows.

        As known at a moment, each table the SQL names is first copied as it
        stood then into an indexed temporary table: joins on a derived table
        have no index, and at 100k persons that is the difference between
        milliseconds and minutes.
        """
        names = live_names()
        if self.tables and getattr(_lent, "connection", None) is not None:
            raise ValueError(
                "prepared tables are read on the connection that made them"
            )
        if self.tables:
            missing = [key for key in KEPT if f"{{{key}}}" in sql]
            missing = [key for key in missing if key not in self.tables]
            if missing:
                raise ValueError(f"this register has no table {', '.join(missing)}")
            names.update(self.tables)
        made: list[str] = []
        with reading_cursor() as cursor:
            try:
                if self.among is not None:
                    made.append(self.keep_among(cursor))
                if self.moment is not None:
                    for key in KEPT:
                        if "{" + key + "}" in sql:
                            names[key] = self.copy_state(cursor, key)
                            made.append(names[key])
                elif not self.tables and stricter_approved() and "{person}" in sql:
                    names["person"] = approved_persons(cursor)
                cursor.execute(sql.format(**names), params)
                rows: list[tuple[Any, ...]] = cursor.fetchall()  # tuples already
                return rows
            finally:
                for table in made:
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def parts(self) -> list[tuple[int, int] | None]:
        """How a query that reads persons one by one can be read: in ranges
        of person ids (`in_part`), one per connection free to read this
        state of the register (registry.locking.lend_helper, lent only for
        the live register), or whole (`[None]`)."""
        helpers = 0 if self.moment or self.tables else free_helpers()
        if stricter_approved():  # (the graded persons are this connection's)
            helpers = 0
        if not helpers:
            return [None]
        ((top,),) = self.rows("SELECT MAX(p.id) FROM {person} AS p", {})
        size = (top or 0) // (helpers + 1) + 1
        return [(size * i, size * (i + 1)) for i in range(helpers + 1)]

    def rows_in_parts(
        self, sql: str, params: dict[str, Any], parts: list[tuple[int, int] | None]
    ) -> list[tuple[Any, ...]]:
        """`rows` of `sql` for each of `parts` (`self.parts()`), all read at
        once, each on a connection of its own; the rows part after part.

        `sql` keeps to the part's persons with `in_part`; the caller adds
        up what the parts found (each person is in one part).
        """
        if parts == [None]:
            return self.rows(sql, params)
        with alongside() as beside:
            found = [
                beside(self.rows, sql, {**params, **bounds(part)}) for part in parts[1:]
            ]
            first = self.rows(sql, {**params, **bounds(parts[0])})
            return first + [row for rows in found for row in rows.result()]

    @functools.cached_property
    def persons(self) -> dict[int, ListedPerson]:
        """Every person by id, with what a list needs to show them, read once
        per register: the lists of a fact sheet name some 300,000 rows at
        100k persons, and a join to the person of each row cost twice as
        much as one scan of them all."""
        rows = self.rows(
            "SELECT p.id, p.record_id, p.display_name, p.visibility, "
            "p.name_disclosure FROM {person} AS p",
            {},
        )
        return {row[0]: row for row in rows}

    def regraded(self) -> int:
        """How many persons of the register at the moment have stricter
        grades now (`graded_now`): what was published of them then shows
        more than may be shown now."""
        with reading_cursor() as cursor:
            table = self.copy_state(cursor, "person", graded=False)
            try:
                return len(stricter_now(cursor, table))
            finally:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def copy_state(self, cursor: Any, key: str, *, graded: bool = True) -> str:
        """Copy table `key` as it stood at the moment into an indexed temp
        table (persons `graded_now`, unless not `graded`)."""
        assert self.moment is not None
        history = KEPT[key].history.model._meta.db_table  # type: ignore[attr-defined]
        table = f"rollcall_state_{key}"
        moment = connection.ops.adapt_datetimefield_value(self.moment)
        among = ""
        if self.among is not None:
            # Every row that was ever one of the persons', so that a row
            # moved from one to another (a merge) is read as it stood then.
            if key == "person":
                among = f" AND id IN (SELECT id FROM {AMONG})"
            elif "person_id" in (f.attname for f in KEPT[key]._meta.concrete_fields):
                among = (
                    f" AND id IN (SELECT id FROM {history} "
                    f"WHERE person_id IN (SELECT id FROM {AMONG}))"
                )
            else:
                raise ValueError(f"a register of some persons has no table {key}")
        state = _STATE_AT.format(table=history, among=among)
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {table} AS SELECT * FROM {state} AS state",
            {"moment": moment},
        )
        for column in INDEXED[key]:
            cursor.execute(f"CREATE INDEX {table}_{column} ON {table} ({column})")
        if key == "person" and graded:
            graded_now(cursor, table)
            graded_approved(cursor, table)
        return table

    def keep_among(self, cursor: Any) -> str:
        """The temporary table of the ids of `among`."""
        assert self.among is not None
        cursor.execute(f"DROP TABLE IF EXISTS {AMONG}")
        cursor.execute(f"CREATE TEMPORARY TABLE {AMONG} (id INTEGER PRIMARY KEY)")
        cursor.executemany(
            f"INSERT INTO {AMONG} (id) VALUES (%s)", [(id,) for id in self.among]
        )
        return AMONG


AMONG = "rollcall_among"


def graded_now(cursor: Any, table: str) -> None:
    """Give each person of `table` (the persons as they stood at a moment)
    the strictest of their grades then and now: a family's request for
    anonymity made today holds for the figures of every earlier day too."""
    set_grades(cursor, table, stricter_now(cursor, table))


def set_grades(cursor: Any, table: str, changed: list[tuple[Any, ...]]) -> None:
    """Set each (visibility, name disclosure, place disclosure, id) of
    `changed` in the persons of `table`."""
    if changed:
        sets = ", ".join(f"{grade} = %s" for grade in GRADES)
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", changed)


def stricter_now(cursor: Any, table: str) -> list[tuple[Any, ...]]:
    """(visibility, name disclosure, place disclosure, id) of each person
    of `table` whose grades then are less strict than those now. A record
    since merged takes those of the record it is merged into (the
    combination is the person now) as well; one since deleted is
    restricted. Only the few persons whose grades or merge have changed
    since are read."""
    live = m.Person._meta.db_table
    grades = ", ".join(f"n.{grade}" for grade in GRADES)
    differs = " OR ".join(f"n.{grade} <> s.{grade}" for grade in GRADES)
    cursor.execute(
        f"SELECT s.id, {', '.join(f's.{grade}' for grade in GRADES)}, n.id, "
        f"{grades}, n.merged_into_id FROM {table} AS s "
        f"LEFT JOIN {live} AS n ON n.id = s.id "
        f"WHERE n.id IS NULL OR n.merged_into_id IS NOT NULL OR {differs}"
    )
    width = len(GRADES)
    found = cursor.fetchall()
    then = {row[0]: tuple(row[1 : width + 1]) for row in found}
    # id -> (grades now, merged into) of every live record a walk reaches
    now = {
        row[0]: (tuple(row[width + 2 : -1]), row[-1])
        for row in found
        if row[width + 1] is not None
    }
    asked = set(then)
    while wanted := {into for _, into in now.values() if into} - asked:
        asked |= wanted
        ids, params = in_list("id", sorted(wanted))
        cursor.execute(
            f"SELECT n.id, {grades}, n.merged_into_id FROM {live} AS n "
            f"WHERE n.id IN {ids}",
            params,
        )
        now.update((row[0], (tuple(row[1:-1]), row[-1])) for row in cursor.fetchall())
    changed = []
    for id, before in then.items():
        graded = strictest_of([before, *grades_since(id, now)])
        if graded != before:
            changed.append((*graded, id))
    return changed


def grades_since(
    id: int, now: Mapping[int, tuple[tuple[str, ...], int | None]]
) -> list[tuple[str, ...]]:
    """The grades now of record `id` and of each record it is merged into
    in turn; the most hiding ones for a record deleted since."""
    found: list[tuple[str, ...]] = []
    at: int | None = id
    while at is not None and len(found) <= len(now):
        if at not in now:
            return [*found, MOST_HIDING]
        grades, at = now[at]
        found.append(grades)
    return found


# Public outputs (`--public`, `approved_grades`): for each person whose last
# approved version has stricter grades than those stored now, the strictest
# of the two; and whether this connection's graded copy of the persons is made.
_approved = threading.local()
APPROVED_PERSONS = "rollcall_approved_person"


@contextmanager
def approved_grades() -> Iterator[None]:
    """Within: every read of the register gives each person grades no looser
    than their last approved version's, as a publication shows them, so a
    person made more visible in a draft stays as hidden as before until an
    editor approves it. Where any person is graded so, the register is read
    on this connection alone, its persons from a graded copy."""
    if getattr(_approved, "grades", None) is not None:
        yield  # (already within)
        return
    _approved.grades, _approved.made = approved_stricter(), False
    try:
        yield
    finally:
        if _approved.made:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {APPROVED_PERSONS}")
        _approved.grades, _approved.made = None, False


def stricter_approved() -> Mapping[int, tuple[str, ...]]:
    """The persons graded by their approved version now (see `_approved`)."""
    return getattr(_approved, "grades", None) or {}


def approved_stricter() -> dict[int, tuple[str, ...]]:
    """Person id -> the strictest of their grades now and approved, for
    each person whose approved grades are the stricter (only those with a
    change not approved yet are read); a person never approved is
    restricted, as hidden as can be: a publication shows them not at all."""
    from django.db.models import F, Q

    from review.models import PersonReview

    found = {}
    # (a restricted person shows nothing already, whatever their disclosure)
    never = m.Person.objects.filter(
        Q(review__isnull=True) | Q(review__approved__isnull=True)
    ).exclude(visibility=MOST_HIDING[0])
    # (no order: the persons' default one would sort them all for nothing)
    for id in never.order_by().values_list("id", flat=True).iterator(chunk_size=2000):
        found[id] = MOST_HIDING
    pending = (
        PersonReview.objects.filter(approved__isnull=False)
        .exclude(approved__number=F("person__version"))
        .values_list("person_id", "approved__record", *(f"person__{g}" for g in GRADES))
    )
    for id, record, *now in pending.iterator(chunk_size=2000):
        # (a grade the approved record lacks reads as the most hiding)
        approved = tuple(
            record.get(grade) or hiding
            for grade, hiding in zip(GRADES, MOST_HIDING, strict=True)
        )
        graded = strictest_of([tuple(now), approved])
        if graded != tuple(now):
            found[id] = graded
    return found


def approved_persons(cursor: Any) -> str:
    """The live persons with `stricter_approved` grades, copied once into
    a temporary table of this connection while `approved_grades` lasts."""
    if not _approved.made:
        live = m.Person._meta.db_table
        cursor.execute(f"DROP TABLE IF EXISTS {APPROVED_PERSONS}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {APPROVED_PERSONS} AS SELECT * FROM {live}"
        )
        cursor.execute(f"CREATE INDEX {APPROVED_PERSONS}_id ON {APPROVED_PERSONS} (id)")
        _approved.made = True
        graded_approved(cursor, APPROVED_PERSONS)
    return APPROVED_PERSONS


def graded_approved(cursor: Any, table: str) -> None:
    """Give each person of `table` who is in `stricter_approved` the
    strictest of their grades there and those."""
    stricter = stricter_approved()
    changed = []
    for part in chunks(sorted(stricter)):
        ids, params = in_list("id", part)
        cursor.execute(
            f"SELECT id, {', '.join(GRADES)} FROM {table} WHERE id IN {ids}", params
        )
        for id, *grades in cursor.fetchall():
            graded = strictest_of([tuple(grades), stricter[id]])
            if graded != tuple(grades):
                changed.append((*graded, id))
    set_grades(cursor, table, changed)


# The connection lent to this thread (registry.locking.lend_helper) by
# `alongside`, which every read of a Register in the thread goes through.
_lent = threading.local()


@contextmanager
def reading_cursor() -> Iterator[Any]:
    """A cursor of the connection this thread reads the register through."""
    raw = getattr(_lent, "connection", None)
    if raw is None:
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    cursor = raw.cursor(factory=SQLiteCursorWrapper)
    try:
        yield cursor
    finally:
        cursor.close()


class Beside:
    """`function(*args, **kwargs)` under way on a lent connection, in a
    thread of its own (see `alongside`)."""

    def __init__(
        self, helper: Any, function: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        self.helper = helper
        self.value: Any = None
        self.error: BaseException | None = None
        self.stopped = False
        # Checked every few thousand steps of SQLite: a statement under way,
        # or one begun after `stop`, ends at once ("interrupted").
        helper.set_progress_handler(lambda: self.stopped, 10_000)
        self.thread = threading.Thread(
            target=self.run, args=(function, args, kwargs), daemon=True
        )
        self.thread.start()

    def run(self, function: Callable[..., Any], args: Any, kwargs: Any) -> None:
        _lent.connection = self.helper
        try:
            # Every read goes through the lent connection: one through
            # Django's would open a connection of this thread's own, which
            # reads whatever is committed by then.
            with connection.execute_wrapper(_not_here):
                self.value = function(*args, **kwargs)
        except BaseException as error:  # raised again by result()
            self.error = error
        finally:
            connection.close()  # this thread's own, if a stray read opened it

    def result(self) -> Any:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.value

    def stop(self) -> None:
        self.stopped = True


class Done:
    """A result computed at once (no connection was free)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


def _not_here(*args: Any) -> Any:
    raise RuntimeError("a read beside the main one went through Django's connection")


@contextmanager
def alongside() -> Iterator[Callable[..., Beside | Done]]:
    """`beside(function, *args, **kwargs)`: the function run at once on a
    connection lent by `one_reading(parallel=True)`, in a thread, while this
    one goes on; or here and now when none is free. Its reads must go
    through `Register`. On leaving the block every thread has ended (stopped
    if the block failed) and its connection is given back."""
    started: list[Beside] = []

    def beside(
        function: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> Beside | Done:
        # (while approved grades apply, their persons are this connection's)
        helper = None if stricter_approved() else lend_helper()
        if helper is None:
            return Done(function(*args, **kwargs))
        started.append(Beside(helper, function, args, kwargs))
        return started[-1]

    try:
        yield beside
    except BaseException:
        for running in started:
            running.stop()
        raise
    finally:
        for running in started:
            running.thread.join()
            running.helper.set_progress_handler(None, 0)
            give_back(running.helper)


def live_names() -> dict[str, str]:
    """The live table of each name the SQL of a figure uses."""
    names = {key: model._meta.db_table for key, model in VOCABULARY.items()}
    names.update({key: model._meta.db_table for key, model in KEPT.items()})
    return names


def in_part(column: str) -> str:
    """SQL: the person id `column` is in the part read (`Register.parts`)."""
    return f"({column} >= %(part_from)s AND {column} < %(part_to)s)"


def bounds(part: tuple[int, int] | None) -> dict[str, int]:
    """The parameters of `in_part` for a part."""
    if part is None:
        raise ValueError("a whole register is read without in_part")
    return {"part_from": part[0], "part_to": part[1]}


def read_from(register: Register | None, known_on: datetime | None) -> Register:
    """The register a figure reads: the one given, else the live one or the
    one as known at `known_on`."""
    if register is None:
        return Register(known_on)
    if known_on is not None:
        raise ValueError("a figure reads a given register or one as known on a day")
    return register


# The columns the figures join on, indexed in each temporary copy.
INDEXED: dict[str, tuple[str, ...]] = {
    "person": ("id",),
    "detention": ("person_id",),
    "recognition": ("person_id",),
    "case": ("person_id", "id"),
    "charge": ("case_id",),
    "healthnote": ("person_id",),
    "event": ("id",),
    "eventperson": ("event_id", "person_id"),
}


def counted_kinds() -> list[str]:
    return list(settings.ROLLCALL_COUNTED_DETENTION_KINDS)


def in_list(name: str, values: list[Any]) -> tuple[str, dict[str, Any]]:
    """`(%(name0)s, %(name1)s, …)` and its parameters (never empty)."""
    if not values:
        return "(NULL)", {}
    keys = [f"{name}{i}" for i in range(len(values))]
    return "(" + ", ".join(f"%({key})s" for key in keys) + ")", dict(
        zip(keys, values, strict=True)
    )


def day_param(value: date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def next_day(column: str) -> str:
    """SQL: the day after a date column (SQLite keeps dates as ISO text)."""
    if connection.vendor == "sqlite":
        return f"date({column}, '+1 day')"
    return f"({column} + 1)"


def previous_day(column: str) -> str:
    """SQL: the day before a date column."""
    if connection.vendor == "sqlite":
        return f"date({column}, '-1 day')"
    return f"({column} - 1)"


def days_after(column: str, param: str) -> str:
    """SQL: how many days the date column comes after the date parameter
    `param` (negative before it; NULL stays NULL), as an integer."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({column}) - julianday(%({param})s) AS INTEGER)"
    return f"({column} - CAST(%({param})s AS DATE))"


def as_date(value: Any) -> date | None:
    """A date column as a date (SQLite gives text through a raw cursor)."""
    if value is None or isinstance(value, date):
        return value
    return _parsed(value)


@functools.lru_cache(maxsize=65536)
def _parsed(text: str) -> date:
    # A register has a few thousand distinct days among its 100k rows.
    return date.fromisoformat(text)


def chunks(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
