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


def publication_id() -> str | None:
    """The current publication's id (its file name), without opening it."""
    path = current_file()
    return None if path is None else path.stem


@contextmanager
def reading() -> Iterator[Reader]:
    """A read-only connection to the current publication."""
    path = current_file()
    if path is None:
        raise NotPublished
    uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
    db = sqlite3.connect(uri, uri=True)
    db.row_factory = sqlite3.Row
    try:
        check_schema(db)
        yield Reader(db, path)
    finally:
        db.close()


def check_schema(db: sqlite3.Connection) -> None:
    """A publication written by another version of Rollcall is not read."""
    try:
        row = db.execute("SELECT schema_version FROM publication").fetchone()
    except sqlite3.DatabaseError:
        row = None
    if row is None or row[0] != SCHEMA_VERSION:
        raise NotPublished


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
        for column in ("status", "region", "sex"):
            value = getattr(filters, column)
            if value:
                clauses.append(f"{plus}p.{column} = ?")
                params.append(value)
        if filters.facility:
            clauses.append(f"{plus}p.facility_id = ?")
            params.append(filters.facility)
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
        columns = (
            "p.record_id, p.name, p.sex, p.birth_year, p.region, p.locality, p.status"
        )
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
            "f.name AS facility, f.postal_address FROM detentions AS d "
            "LEFT JOIN facilities AS f USING (facility_id) "
            "WHERE d.record_id = ? ORDER BY d.position",
            by_person,
        )
        person["cases"] = self.rows(
            "SELECT articles, sentence, sentence_months, sentenced_on, in_absentia "
            "FROM cases WHERE record_id = ? ORDER BY position",
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
