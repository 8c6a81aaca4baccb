"""Every read of the public side, from the published database only.

The public site and API never use Django's database connections: they read
the current publication (publish/publishing.py) through Python's sqlite3,
opened read-only and immutable, one connection per request. The register
(the `default` database) is out of reach: tests run the whole public side
with Django's database access blocked.

The name search index is stored in the publication; a process loads it once
per publication (a few hundred milliseconds at 100k persons) instead of
building it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import names
from publish.database import SCHEMA_VERSION
from publish.downloads import download_path
from publish.publishing import current_file

SEARCH_LIMIT = 500


class NotPublished(Exception):
    """Nothing has been published yet, or only by another schema version."""


@dataclass(frozen=True)
class Filters:
    """The filters of the persons' list, as in the URL."""

    q: str = ""
    status: str = ""
    region: str = ""
    sex: str = ""
    year: int | None = None
    facility: str = ""
    age_band: str = ""
    kind: str = ""
    article: str = ""
    health: str = ""


# Filters on a column of `persons` (filter field, column).
COLUMN_FILTERS = (
    ("status", "status"),
    ("region", "region"),
    ("sex", "sex"),
    ("facility", "facility_id"),
    ("age_band", "age_band"),
    ("kind", "detention_kind"),
)
# Filters on a many-valued facet in `person_tags` (filter field = facet).
TAG_FILTERS = ("article", "health")
LIST_COLUMNS = (
    "p.record_id, p.name, p.sex, p.birth_year, p.region, p.locality, p.status, "
    "p.name_be, p.name_ru, p.name_latin"
)
# The spelling column each language of the site prefers.
SPELLING_OF_LANGUAGE = {"be": "name_be", "ru": "name_ru"}


def shown_name(row: dict[str, Any], language: str | None) -> str:
    """The person's name in the page's language and script, where recorded."""
    column = SPELLING_OF_LANGUAGE.get((language or "")[:2], "name_latin")
    return str(row.get(column) or row["name"])


def download_file(format: str) -> Path | None:
    """The current publication's download of `format` (csv, json), if any."""
    path = current_file()
    if path is None:
        raise NotPublished
    found = download_path(path, format)
    return found if found.exists() else None


def publication_id() -> str | None:
    """The current publication's id (its file name), without opening it."""
    path = current_file()
    return None if path is None else path.stem


@contextmanager
def reading() -> Iterator[Reader]:
    """A read-only connection to the current publication."""
    db, path = open_current()
    db.row_factory = sqlite3.Row
    try:
        check_schema(db)
        yield Reader(db, path)
    finally:
        db.close()


def open_current(tries: int = 3) -> tuple[sqlite3.Connection, Path]:
    """Open the current publication read-only.

    Two publications in the moment between finding the current one and
    opening it prune it (only current and previous are kept): it is then
    looked up again rather than failing the request.
    """
    for attempt in range(tries):
        path = current_file()
        if path is None:
            raise NotPublished
        uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
        try:
            return sqlite3.connect(uri, uri=True), path
        except sqlite3.OperationalError:
            if path.exists() or attempt == tries - 1:
                raise
    raise NotPublished


def check_schema(db: sqlite3.Connection) -> None:
    """A publication written by another version of Rollcall is not read."""
    try:
        row = db.execute("SELECT schema_version FROM publication").fetchone()
    except sqlite3.DatabaseError:
        row = None
    if row is None or row[0] != SCHEMA_VERSION:
        raise NotPublished


def every_row_shows(values: set[str]) -> str:
    """A shared event's place or description: the one its rows all show,
    else nothing."""
    return next(iter(values)) if len(values) == 1 else ""


def as_dict(row: sqlite3.Row | None) -> dict[str, Any] | None:
    return None if row is None else dict(row)


_indexes: dict[Path, names.NameIndex[str]] = {}
_lock = threading.Lock()


class Reader:
    """Queries over one publication."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self.db.execute(sql, params)]

    def publication(self) -> dict[str, Any]:
        row = as_dict(self.db.execute("SELECT * FROM publication").fetchone())
        assert row is not None
        return row

    def index(self) -> names.NameIndex[str]:
        """The stored search index, loaded once per process and publication."""
        with _lock:
            index = _indexes.get(self.path)
            if index is None:
                _indexes.clear()
                index = _indexes[self.path] = self.load_index()
            return index

    def load_index(self) -> names.NameIndex[str]:
        parts = {
            part: json.loads(value)
            for part, value in self.db.execute("SELECT part, value FROM search_index")
        }
        index: names.NameIndex[str] = names.NameIndex(
            keys=parts["keys"], names=parts["names"], postings=parts["postings"]
        )
        for key, name in zip(index.keys, index.names, strict=True):
            index.primary.setdefault(key, name)
        index.vocabulary = list(index.postings)
        return index

    def found(self, query: str) -> list[str]:
        """Record ids whose names match `query`, best first."""
        hits = self.index().search(query, limit=SEARCH_LIMIT)
        return [hit.key for hit in hits]

    def where(self, filters: Filters, *, indexed: bool = True) -> tuple[str, list[Any]]:
        """The filters as SQL. `indexed=False` keeps SQLite from using the
        filters' indexes (a unary +): a search's few hundred record ids are
        found by key, not by scanning every held person."""
        clauses, params = ["1 = 1"], []
        plus = "" if indexed else "+"
        for name, column in COLUMN_FILTERS:
            value = getattr(filters, name)
            if value:
                clauses.append(f"{plus}p.{column} = ?")
                params.append(value)
        for facet in TAG_FILTERS:
            value = getattr(filters, facet)
            if value:
                clauses.append(
                    "EXISTS (SELECT 1 FROM person_tags AS t WHERE t.facet = ? "
                    "AND t.value = ? AND t.record_id = p.record_id)"
                )
                params += [facet, value]
        if filters.year is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM detentions AS d WHERE d.record_id = "
                "p.record_id AND substr(d.start, 1, 4) = ?)"
            )
            params.append(f"{filters.year:04d}")
        return " AND ".join(clauses), params

    def persons(
        self, filters: Filters, *, offset: int, limit: int
    ) -> tuple[int, list[dict[str, Any]]]:
        """(count, one page of persons): by relevance with `q`, else by surname."""
        where, params = self.where(filters)
        columns = LIST_COLUMNS
        if not filters.q.strip():
            count = self.db.execute(
                f"SELECT COUNT(*) FROM persons AS p WHERE {where}", params
            ).fetchone()[0]
            items = self.rows(
                f"SELECT {columns} FROM persons AS p WHERE {where} "
                "ORDER BY p.sort_key, p.record_id LIMIT ? OFFSET ?",
                (*params, limit, offset),
            )
            return int(count), items
        ranked = self.found(filters.q)
        where, params = self.where(filters, indexed=False)
        marks = ", ".join("?" * len(ranked))
        matching = {
            row["record_id"]: row
            for row in self.rows(
                f"SELECT {columns} FROM persons AS p WHERE {where} "
                f"AND p.record_id IN ({marks})",
                (*params, *ranked),
            )
        }
        ordered = [matching[rid] for rid in ranked if rid in matching]
        return len(ordered), ordered[offset : offset + limit]

    def facets(self, column: str) -> list[dict[str, Any]]:
        """Values of a column with the number of persons for each."""
        return self.rows(
            "SELECT value, count FROM facets WHERE column_name = ? ORDER BY value",
            (column,),
        )

    def person(self, record_id: str) -> dict[str, Any] | None:
        """One person with names, detentions, cases, events and sources."""
        person = as_dict(
            self.db.execute(
                "SELECT * FROM persons WHERE record_id = ?", (record_id,)
            ).fetchone()
        )
        if person is None:
            return None
        by_person = (record_id,)
        person["names"] = self.rows(
            "SELECT value, kind, system FROM names WHERE record_id = ?", by_person
        )
        person["detentions"] = self.rows(
            'SELECT d.kind, d.start, d."end", d.release_reason, d.facility_id, '
            "f.name AS facility, f.postal_address, f.letter_rules "
            "FROM detentions AS d "
            "LEFT JOIN facilities AS f USING (facility_id) "
            "WHERE d.record_id = ? ORDER BY d.position",
            by_person,
        )
        person["cases"] = self.rows(
            "SELECT articles, sentence, sentence_months, sentenced_on, in_absentia, "
            "court, verdict FROM cases WHERE record_id = ? ORDER BY position",
            by_person,
        )
        person["events"] = self.rows(
            "SELECT type, date, place, description FROM events "
            "WHERE record_id = ? ORDER BY position",
            by_person,
        )
        person["sources"] = self.rows(
            "SELECT url, title, publisher, published_on FROM sources "
            "WHERE record_id = ? ORDER BY url",
            by_person,
        )
        return person

    def facilities(self) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM facilities ORDER BY name")

    def facility(self, facility_id: str) -> dict[str, Any] | None:
        return as_dict(
            self.db.execute(
                "SELECT * FROM facilities WHERE facility_id = ?", (facility_id,)
            ).fetchone()
        )

    def figure(self, name: str) -> Any:
        row = self.db.execute(
            "SELECT value FROM figures WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else json.loads(row[0])

    def latest(self, column: str, *, limit: int) -> list[dict[str, Any]]:
        """Persons by the latest `recognised_on`, `released_on` or `died_on`."""
        assert column in ("recognised_on", "released_on", "died_on")
        # `+` keeps SQLite off the status index: walking the day's index from
        # the latest stops after `limit` rows, where sorting every released
        # person took 80 ms at 100k persons (on every home page).
        status = {"released_on": "AND +p.status = 'released'"}.get(column, "")
        return self.rows(
            f"SELECT {LIST_COLUMNS}, p.{column} AS day FROM persons AS p "
            f"WHERE p.{column} IS NOT NULL {status} "
            f"ORDER BY p.{column} DESC, p.sort_key LIMIT ?",
            (limit,),
        )

    def deaths_in_custody(self) -> list[dict[str, Any]]:
        """Public persons who died in custody, the latest first."""
        return self.rows(
            f"SELECT {LIST_COLUMNS}, p.died_on, f.name AS facility, p.facility_id "
            "FROM persons AS p LEFT JOIN facilities AS f USING (facility_id) "
            "WHERE p.died_in_custody = 1 ORDER BY p.died_on DESC, p.sort_key"
        )

    def birthdays(self, days: list[str]) -> list[dict[str, Any]]:
        """Held persons whose birthday (MM-DD) is one of `days`, in that order,
        with the facility to write to."""
        marks = ", ".join("?" * len(days))
        rows = self.rows(
            f"SELECT {LIST_COLUMNS}, p.birthday, p.birth_date, p.facility_id, "
            "f.name AS facility, f.postal_address, f.letter_rules FROM persons AS p "
            "LEFT JOIN facilities AS f USING (facility_id) "
            # `+`: the birthday index finds the few hundred, where the status
            # index walked every held person (100 ms a page at 100k persons).
            f"WHERE +p.status = 'held' AND p.birthday IN ({marks}) "
            "ORDER BY p.sort_key",
            tuple(days),
        )
        order = {day: i for i, day in enumerate(days)}
        return sorted(rows, key=lambda row: order[row["birthday"]])

    def event_filters(
        self, *, type: str, start: str, end: str
    ) -> tuple[str, list[Any]]:
        """The events' filters as SQL on `events` or `event_list` aliased `e`,
        for the API's rows and the page's events alike; a partial date counts
        as its first day (`2021-03` as 2021-03-01: the column `day`)."""
        clauses, params = ["1 = 1"], []
        if type:
            clauses.append("e.type = ?")
            params.append(type)
        if start:
            clauses.append("e.day >= ?")
            params.append(start)
        if end:
            clauses.append("e.day <= ?")
            params.append(end)
        return " AND ".join(clauses), params

    def events(
        self, *, type: str, start: str, end: str, offset: int, limit: int
    ) -> tuple[int, list[dict[str, Any]]]:
        """Events of public persons, one row per person, the latest first."""
        where, params = self.event_filters(type=type, start=start, end=end)
        count = self.db.execute(
            f"SELECT COUNT(*) FROM events AS e WHERE {where}", params
        ).fetchone()[0]
        items = self.rows(
            "SELECT e.record_id, p.name, e.type, e.date, e.place, e.description "
            "FROM events AS e JOIN persons AS p USING (record_id) "
            f"WHERE {where} ORDER BY e.day DESC, e.record_id, e.position "
            "LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return int(count), items

    def event_groups(
        self, *, type: str, start: str, end: str, offset: int, limit: int
    ) -> tuple[int, list[dict[str, Any]]]:
        """Events as such, the latest first, each with its public persons
        (`persons`) and the persons who cannot be named (`unnamed`, suppressed):
        a page of `event_list` (publish.database.Writer.write_event_list), read
        off its index (an undated event's day is NULL, after every day).

        A shared event's place and description are shown only where every
        person's row shows them: each person's place grade hides the place of
        their own events, and a place shown beside their name would undo it.
        """
        where, params = self.event_filters(type=type, start=start, end=end)
        count = self.db.execute(
            f"SELECT COUNT(*) FROM event_list AS e WHERE {where}", params
        ).fetchone()[0]
        events = self.rows(
            "SELECT e.event_key, e.type, e.date, "
            "u.count AS unnamed_count, u.shown AS unnamed "
            "FROM event_list AS e LEFT JOIN event_unnamed AS u USING (event_key) "
            f"WHERE {where} ORDER BY e.day DESC, e.event_key LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        keys = [event["event_key"] for event in events]
        marks = ", ".join("?" * len(keys))
        persons: dict[int, list[dict[str, Any]]] = {key: [] for key in keys}
        places: dict[int, set[str]] = {key: set() for key in keys}
        descriptions: dict[int, set[str]] = {key: set() for key in keys}
        for row in self.rows(
            "SELECT e.event_key, e.place AS event_place, "
            f"e.description AS event_description, {LIST_COLUMNS} FROM events AS e "
            "JOIN persons AS p USING (record_id) "
            f"WHERE e.event_key IN ({marks}) ORDER BY p.sort_key, p.record_id",
            tuple(keys),
        ):
            # Kept with the event, not the person: the rule below applies.
            places[row["event_key"]].add(row.pop("event_place"))
            descriptions[row["event_key"]].add(row.pop("event_description"))
            persons[row["event_key"]].append(row)
        for event in events:
            key = event["event_key"]
            event["place"] = every_row_shows(places[key])
            event["description"] = every_row_shows(descriptions[key])
            event["persons"] = persons[key]
        return int(count), events

    def event_counts(self, *, start: str, end: str) -> list[dict[str, Any]]:
        """Per type, the events of public persons in `start`..`end` and their
        distinct public persons, the most frequent first.

        Each count walks an index in its own order, whatever the period: the
        events by type and day, the persons by type, person and day (each
        person's rows next to each other, so no set of persons is built).
        """
        where, params = self.event_filters(type="", start=start, end=end)
        events = {
            row["type"]: row["events"]
            for row in self.rows(
                "SELECT e.type, COUNT(*) AS events FROM event_list AS e "
                f"INDEXED BY event_list_type WHERE {where} GROUP BY e.type",
                tuple(params),
            )
        }
        persons = {
            row["type"]: row["persons"]
            for row in self.rows(
                "SELECT type, COUNT(*) AS persons FROM (SELECT e.type FROM events "
                f"AS e INDEXED BY events_type_person WHERE {where} "
                "GROUP BY e.type, e.record_id) GROUP BY type",
                tuple(params),
            )
        }
        found = [
            {"type": type, "events": count, "persons": persons.get(type, 0)}
            for type, count in events.items()
        ]
        return sorted(found, key=lambda row: (-row["events"], row["type"]))

    def event_types(self) -> list[str]:
        """The types of the published events: one seek in the index of their
        types per type, where DISTINCT would read every event's entry."""
        return [
            row["type"]
            for row in self.rows(
                "WITH RECURSIVE found(type) AS (SELECT MIN(type) FROM event_list "
                "UNION ALL SELECT (SELECT MIN(type) FROM event_list "
                "WHERE type > found.type) FROM found WHERE found.type IS NOT NULL) "
                "SELECT type FROM found WHERE type IS NOT NULL"
            )
        ]

    def document(self, name: str) -> str | None:
        """A document made at publish time (the chart), or None."""
        row = self.db.execute(
            "SELECT content FROM documents WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else str(row[0])
