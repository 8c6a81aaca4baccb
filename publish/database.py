"""The published database: its schema and how disclosed records are written.

The file holds only what `publish.disclosure.public_records` returns for
public persons (anonymous persons are counted in the figures, never rows),
the facilities their detentions name, the figures already suppressed, and
the name search index, built here so that no web process rebuilds it.
docs/publishing.md describes every table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.text import slugify

import names
from ingest.records import DetentionRecord, EventRecord, PersonRecord
from names.tokenize import Role
from registry.dates import DAY, PartialDate
from stats import ages

SCHEMA_VERSION = 4

SCHEMA = """
CREATE TABLE publication (
    publication_id TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_on TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    persons INTEGER NOT NULL,
    synthetic INTEGER NOT NULL
);
CREATE TABLE persons (
    record_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_year INTEGER,
    country TEXT NOT NULL,
    region TEXT NOT NULL,
    locality TEXT NOT NULL,
    status TEXT NOT NULL,
    detained_on TEXT,
    released_on TEXT,
    died_on TEXT,
    died_in_custody INTEGER,
    facility_id TEXT,
    first_year INTEGER,
    name_be TEXT NOT NULL,
    name_ru TEXT NOT NULL,
    name_latin TEXT NOT NULL,
    birth_date TEXT,
    birthday TEXT,
    age_band TEXT NOT NULL,
    detention_kind TEXT NOT NULL,
    recognised_on TEXT
);
CREATE INDEX persons_sort ON persons (sort_key, record_id);
CREATE INDEX persons_status ON persons (status, sort_key);
CREATE INDEX persons_recognised ON persons (recognised_on);
CREATE INDEX persons_released ON persons (released_on);
CREATE INDEX persons_died ON persons (died_on);
CREATE INDEX persons_birthday ON persons (birthday);
CREATE TABLE person_tags (
    record_id TEXT NOT NULL REFERENCES persons (record_id),
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (facet, value, record_id)
);
CREATE TABLE names (
    record_id TEXT NOT NULL REFERENCES persons (record_id),
    value TEXT NOT NULL,
    kind TEXT NOT NULL,
    system TEXT NOT NULL
);
CREATE INDEX names_person ON names (record_id);
CREATE TABLE facilities (
    facility_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    postal_address TEXT NOT NULL,
    held_now INTEGER NOT NULL,
    letter_rules TEXT NOT NULL
);
CREATE TABLE detentions (
    record_id TEXT NOT NULL REFERENCES persons (record_id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    start TEXT,
    "end" TEXT,
    facility_id TEXT REFERENCES facilities (facility_id),
    release_reason TEXT NOT NULL
);
CREATE INDEX detentions_person ON detentions (record_id);
CREATE INDEX detentions_facility ON detentions (facility_id);
CREATE TABLE cases (
    record_id TEXT NOT NULL REFERENCES persons (record_id),
    position INTEGER NOT NULL,
    articles TEXT NOT NULL,
    sentence TEXT NOT NULL,
    sentence_months INTEGER,
    sentenced_on TEXT,
    in_absentia INTEGER,
    court TEXT NOT NULL,
    verdict TEXT NOT NULL
);
CREATE INDEX cases_person ON cases (record_id);
CREATE TABLE events (
    record_id TEXT NOT NULL REFERENCES persons (record_id),
    position INTEGER NOT NULL,
    type TEXT NOT NULL,
    date TEXT,
    day TEXT,
    place TEXT NOT NULL,
    description TEXT NOT NULL,
    event_key INTEGER NOT NULL
);
CREATE INDEX events_person ON events (record_id);
-- The API's events, the latest first (an undated event's day is NULL, after
-- every day), and each type's persons in a period (the public fact sheet).
CREATE INDEX events_latest ON events (day DESC, record_id, position);
CREATE INDEX events_type_person ON events (type, record_id, day);
CREATE INDEX events_key ON events (event_key);
-- One row per event (the rows of `events` grouped by event_key), so that the
-- events page reads a page of events off an index instead of grouping every
-- event's rows on each request.
CREATE TABLE event_list (
    event_key INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    date TEXT,
    day TEXT
);
CREATE INDEX event_list_latest ON event_list (day DESC, event_key);
CREATE INDEX event_list_type ON event_list (type, day DESC, event_key);
CREATE TABLE event_unnamed (
    event_key INTEGER PRIMARY KEY,
    count INTEGER,
    shown TEXT NOT NULL
);
CREATE TABLE sources (
    record_id TEXT NOT NULL REFERENCES persons (record_id),
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    published_on TEXT
);
CREATE INDEX sources_person ON sources (record_id);
CREATE TABLE facets (
    column_name TEXT NOT NULL,
    value TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (column_name, value)
);
CREATE TABLE figures (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    name TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    content TEXT NOT NULL
);
CREATE TABLE search_index (
    part TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

HELD = "held"
RELEASED = "released"
DECEASED = "deceased"
STATUSES = (HELD, RELEASED, DECEASED)
# Columns of `persons` whose values are counted once, for the list's filters.
FACETS = ("status", "region", "sex", "age_band", "detention_kind")
# Facets a person may have several values of, in `person_tags`.
TAGS = ("article", "health")
# The spelling shown for each language of the site (`names.kind`).
SPELLINGS = {"be": "be", "ru": "ru", "latin": "latin"}


def iso(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


def ongoing(detention: DetentionRecord) -> bool:
    return detention.end is None


def status_of(record: PersonRecord) -> str:
    """Held (political prisoner now), released, or deceased."""
    if record.died_on is not None:
        return DECEASED
    recognised = any(g.end is None for g in record.recognitions)
    held = any(ongoing(d) for d in record.detentions)
    return HELD if recognised and held else RELEASED


def sort_key(name: str) -> str:
    """Surname first, in comparison form, so the list is sorted by surname."""
    parsed = names.parse_name(name)
    surnames = [t.normalized for t in parsed.tokens if t.role is Role.SURNAME]
    others = [t.normalized for t in parsed.tokens if t.role is not Role.SURNAME]
    return " ".join([*surnames, *others]) or names.normalize(name)


@dataclass
class Facilities:
    """Facility ids by name, assigned as persons are written."""

    ids: dict[str, str] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)
    held: dict[str, int] = field(default_factory=dict)

    def id_of(self, detention: DetentionRecord) -> str | None:
        name = detention.facility
        if not name:
            return None
        if name not in self.ids:
            base = slugify(name, allow_unicode=True) or "facility"
            taken = set(self.ids.values())
            slug, number = base, 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            self.ids[name] = slug
        if detention.facility_address:
            self.addresses.setdefault(name, detention.facility_address)
        return self.ids[name]


def spellings(record: PersonRecord) -> list[str]:
    """The first recorded spelling of each kind the site shows, or ''."""
    found = {kind: "" for kind in SPELLINGS.values()}
    for name in record.names:
        if name.kind in found and not found[name.kind]:
            found[name.kind] = name.value
    return [found[kind] for kind in SPELLINGS.values()]


def birthday(birth: PartialDate | None) -> str | None:
    """MM-DD of a birth date known to the day (letters are sent for it)."""
    if birth is None or birth.precision != DAY:
        return None
    return f"{birth.first_day():%m-%d}"


def age_band(birth: PartialDate | None, on: date) -> str:
    """The age band on the publication day (stats.ages), '' when unknown."""
    if birth is None:
        return ""
    return ages.age_band(birth.first_day(), birth.precision, on) or ""


def tags(record: PersonRecord) -> set[tuple[str, str]]:
    """(facet, value) of the many-valued filters: articles charged, health."""
    found = {
        ("article", f"{a.code} {a.number}") for c in record.cases for a in c.articles
    }
    return found | {("health", h.condition) for h in record.health}


class Writer:
    """Writes disclosed records into a new published database."""

    def __init__(self, db: sqlite3.Connection, *, on: date) -> None:
        self.db = db
        self.on = on
        self.db.executescript(SCHEMA)
        self.facilities = Facilities()
        self.persons = 0
        self.regions: set[str] = set()
        self.organisations: set[str] = set()
        self.articles: set[str] = set()
        self.search_pairs: list[tuple[str, str]] = []
        # The key of each shared event (by its id, which is not published)
        # and the last key given: an event not shared has a key of its own.
        self.event_keys: dict[str, int] = {}
        self.last_event_key = 0
        self.rows: dict[str, list[tuple[Any, ...]]] = {
            table: [] for table in ("persons", "names", "detentions", "cases", "events")
        }
        self.rows["person_tags"] = []
        self.rows["sources"] = []

    def add(self, record: PersonRecord) -> None:
        """One public person as disclosed (anonymous ones are not rows)."""
        if record.visibility != "public":
            return
        self.persons += 1
        if record.region:
            self.regions.add(record.region)
        self.organisations.update(g.organisation for g in record.recognitions)
        self.articles.update(
            f"{a.code} {a.number}" for c in record.cases for a in c.articles
        )
        status = status_of(record)
        facility = self.person_rows(record, status)
        if status == HELD and facility:
            self.facilities.held[facility] = self.facilities.held.get(facility, 0) + 1
        if record.name_disclosure == "full":
            self.search_pairs.append((record.record_id, record.name))
            self.search_pairs += [(record.record_id, n.value) for n in record.names]
        if len(self.rows["persons"]) >= 5000:
            self.flush()

    def person_rows(self, record: PersonRecord, status: str) -> str | None:
        """Rows of the person and their facts; returns the current facility."""
        rid = record.record_id
        current: str | None = None
        for position, d in enumerate(record.detentions):
            facility = self.facilities.id_of(d)
            if ongoing(d):
                current = facility or current
            row = (rid, position, d.kind, iso(d.start), iso(d.end), facility)
            self.rows["detentions"].append((*row, d.release_reason))
        last = record.detentions[-1] if record.detentions else None
        first = record.detentions[0] if record.detentions else None
        now = next((d for d in record.detentions if ongoing(d)), last)
        birth = record.birth_date
        birth_year = birth.year if birth else None
        recognised = [g.start for g in record.recognitions if g.start is not None]
        latest = max(recognised, key=lambda day: day.first_day(), default=None)
        self.rows["persons"].append(
            (
                rid,
                record.name,
                sort_key(record.name),
                record.sex,
                birth_year,
                record.country,
                record.region,
                record.locality,
                status,
                iso(last.start) if last else None,
                iso(last.end) if last else None,
                iso(record.died_on),
                record.died_in_custody,
                current,
                first.start.year if first and first.start else None,
                *spellings(record),
                iso(birth),
                birthday(birth),
                age_band(birth, self.on),
                now.kind if now else "",
                iso(latest),
            )
        )
        self.rows["person_tags"] += [
            (rid, facet, value) for facet, value in sorted(tags(record))
        ]
        self.rows["names"] += [(rid, n.value, n.kind, n.system) for n in record.names]
        self.rows["cases"] += [
            (
                rid,
                position,
                "; ".join(str(a) for a in c.articles),
                c.sentence,
                c.sentence_months,
                iso(c.sentenced_on),
                c.in_absentia,
                c.court,
                c.verdict,
            )
            for position, c in enumerate(record.cases)
        ]
        self.rows["events"] += [
            (
                rid,
                position,
                e.type,
                iso(e.date),
                e.date.first_day().isoformat() if e.date else None,
                e.place,
                e.description,
                self.key(e),
            )
            for position, e in enumerate(record.events)
        ]
        self.rows["sources"] += [
            (rid, s.url, s.title, s.publisher, iso(s.published_on))
            for s in record.source_details
        ]
        return current

    def key(self, event: EventRecord) -> int:
        """The event's key: the same for every person of a shared event.

        Only ids the disclosure rule kept join persons (names in full); a
        number in the order of writing stands for them.
        """
        if event.event_id and event.event_id in self.event_keys:
            return self.event_keys[event.event_id]
        self.last_event_key += 1
        if event.event_id:
            self.event_keys[event.event_id] = self.last_event_key
        return self.last_event_key

    def write_unnamed_in_events(self, counts: dict[str, dict[str, Any]]) -> None:
        """Persons who cannot be named in each published event, suppressed
        (event id -> {"count", "shown"}); events not published are left out."""
        self.db.executemany(
            "INSERT INTO event_unnamed VALUES (?, ?, ?)",
            [
                (self.event_keys[event_id], cell["count"], cell["shown"])
                for event_id, cell in sorted(counts.items())
                if event_id in self.event_keys
            ],
        )

    def flush(self) -> None:
        for table, rows in self.rows.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                self.db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
                rows.clear()

    def finish(
        self,
        *,
        publication_id: str,
        published_at: str,
        on: date,
        synthetic: bool,
        letter_rules: Mapping[str, str] | None = None,
    ) -> None:
        """Facilities (with their own rules for letters, by name), the search
        index and the publication row."""
        self.flush()
        facilities = self.facilities
        rules = letter_rules or {}
        self.db.executemany(
            "INSERT INTO facilities VALUES (?, ?, ?, ?, ?)",
            [
                (
                    slug,
                    name,
                    facilities.addresses.get(name, ""),
                    facilities.held.get(slug, 0),
                    rules.get(name, ""),
                )
                for name, slug in facilities.ids.items()
            ],
        )
        self.write_index()
        self.write_event_list()
        for column in FACETS:
            self.db.execute(
                f"INSERT INTO facets SELECT '{column}', {column}, COUNT(*) "
                f"FROM persons WHERE {column} != '' GROUP BY {column}"
            )
        self.db.execute(
            "INSERT INTO facets SELECT facet, value, COUNT(*) FROM person_tags "
            "GROUP BY facet, value"
        )
        self.db.execute(
            "INSERT INTO publication VALUES (?, ?, ?, ?, ?, ?)",
            (
                publication_id,
                published_at,
                on.isoformat(),
                SCHEMA_VERSION,
                self.persons,
                synthetic,
            ),
        )

    def write_event_list(self) -> None:
        """Each event once, with its type and day (its place and description
        are read from its rows, for the few events a page shows)."""
        self.db.execute(
            "INSERT INTO event_list SELECT e.event_key, MIN(e.type), MIN(e.date), "
            "MIN(e.day) FROM events AS e GROUP BY e.event_key"
        )

    def write_index(self) -> None:
        """The NameIndex state, so a web worker loads it instead of building it.

        Three JSON values (`keys`, `names`, `postings`): one `json.loads` each
        is several times faster than reading 400k rows at 100k persons.
        """
        index = names.NameIndex.build(self.search_pairs)
        parts = {
            "keys": index.keys,
            "names": index.names,
            "postings": index.postings,
        }
        self.db.executemany(
            "INSERT INTO search_index VALUES (?, ?)",
            (
                (part, json.dumps(value, ensure_ascii=False))
                for part, value in parts.items()
            ),
        )

    def shown_places(self) -> dict[str, set[str]]:
        """The regions and facilities the publication shows anyway."""
        return {
            "region": set(self.regions),
            "facility": set(self.facilities.ids),
            "organisation": set(self.organisations),
            "article": set(self.articles),
        }

    def write_documents(self, documents: Iterable[tuple[str, str, str]]) -> None:
        """(name, media type, content) of documents made at publish time."""
        self.db.executemany("INSERT INTO documents VALUES (?, ?, ?)", documents)

    def write_figures(self, figures: Iterable[tuple[str, Any]]) -> None:
        self.db.executemany(
            "INSERT INTO figures VALUES (?, ?)",
            ((name, json.dumps(value, sort_keys=True)) for name, value in figures),
        )
