"""Write parsed records into the register: all or nothing, idempotent.

Records are keyed by `record_id`. A record whose fingerprint matches the one
stored at its last import is left alone, so importing the same file twice
changes nothing the second time. A changed record is updated kind of fact by
kind of fact, and only where that kind differs, so the kept history shows
what actually changed (simple-history rows carry who, when and why).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from ingest import bulk
from ingest import records as r
from ingest.export import person_records
from ingest.records import PersonRecord, Problem
from registry import dates
from registry import models as m
from registry.dates import PartialDate

BATCH = 2000
Progress = Callable[[int], None]


@dataclass(frozen=True)
class LoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


class LoadError(Exception):
    """Records that cannot be written (the transaction is rolled back)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def fingerprint(record: PersonRecord) -> str:
    """A digest of everything a record says (not where it was read from).

    The dataclasses' repr lists every field in a fixed order, whatever the
    file format the record came from.
    """
    return hashlib.sha256(repr(record).encode("utf-8")).hexdigest()


def load(
    records: Sequence[PersonRecord],
    *,
    actor: AbstractBaseUser | None,
    reason: str,
    dry_run: bool = False,
    full_history: bool = False,
    synthetic: bool = False,
    progress: Progress | None = None,
) -> LoadSummary:
    """Write records in one transaction; with dry_run, roll everything back.

    `full_history` says the records carry every fact (the JSON format): then
    each kind of fact is replaced whole. Otherwise (CSV, XLSX) a record
    carries the current detention and case only, and earlier ones are kept.
    """
    summary = LoadSummary()
    try:
        with transaction.atomic():
            writer = Writer(
                actor=actor,
                reason=reason,
                full_history=full_history,
                synthetic=synthetic,
            )
            summary = writer.write(records, progress or (lambda done: None))
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return summary


class Writer:
    def __init__(
        self, *, actor: Any, reason: str, full_history: bool, synthetic: bool
    ) -> None:
        self.actor = actor
        self.reason = reason
        self.full_history = full_history
        self.synthetic = synthetic
        self.vocabulary = Vocabulary(actor=actor, reason=reason)

    def insert(self, model: type[Any], rows: list[dict[str, Any]]) -> None:
        user_id = self.actor.pk if self.actor is not None else None
        bulk.table(model).insert(rows, user_id=user_id, reason=self.reason)

    def delete(self, objects: Iterable[Any]) -> None:
        for obj in objects:
            obj._change_reason = self.reason
            obj._history_user = self.actor
            obj.delete()

    def write(self, records: Sequence[PersonRecord], progress: Progress) -> LoadSummary:
        self.check_event_types(records)
        known = {
            record_id: (pk, stored)
            for record_id, pk, stored in m.Person.objects.values_list(
                "record_id", "pk", "import_hash"
            )
        }
        fresh, changed, unchanged = [], [], 0
        for record in records:
            record = replace(record, name=record.name or record.names[0].value)
            digest = fingerprint(record)
            if record.record_id not in known:
                fresh.append((record, digest))
            elif known[record.record_id][1] != digest:
                changed.append((record, digest, known[record.record_id][0]))
            else:
                unchanged += 1
        self.check_not_merged(changed)
        self.vocabulary.prepare([rec for rec, *_ in fresh + changed])
        for start in range(0, len(fresh), BATCH):
            self.create_persons(fresh[start : start + BATCH])
            progress(min(start + BATCH, len(fresh)))
        for record, digest, pk in changed:
            self.update_person(record, digest, pk)
        return LoadSummary(len(fresh), len(changed), unchanged)

    def check_not_merged(self, changed: list[tuple[PersonRecord, str, int]]) -> None:
        """A merged record's facts live on the kept record: do not update it."""
        merged = dict(
            m.Person.objects.filter(
                pk__in=[pk for *_, pk in changed], merged_into__isnull=False
            ).values_list("pk", "merged_into__record_id")
        )
        problems = [
            Problem(
                record.origin,
                f"record_id {record.record_id!r} was merged into "
                f"{merged[pk]!r}: update that record, or undo the merge first",
            )
            for record, _, pk in changed
            if pk in merged
        ]
        if problems:
            raise LoadError(problems)

    def check_event_types(self, records: Sequence[PersonRecord]) -> None:
        known = set(m.EventType.objects.values_list("code", flat=True))
        problems = [
            Problem(
                f"{record.origin}.events[{index}].type",
                f"unknown event type {event.type!r}",
            )
            for record in records
            for index, event in enumerate(record.events)
            if event.type not in known
        ]
        if problems:
            raise LoadError(problems)

    # Creating

    def create_persons(self, batch: list[tuple[PersonRecord, str]]) -> None:
        ids = bulk.allocate_ids(m.Person, len(batch))
        persons = [
            {**person_values(record, digest), "id": pk, "is_synthetic": self.synthetic}
            for pk, (record, digest) in zip(ids, batch, strict=True)
        ]
        self.insert(m.Person, persons)
        facts = Facts(self)
        for pk, (record, _) in zip(ids, batch, strict=True):
            facts.add_all(pk, record)
        facts.save()

    # Updating

    def update_person(self, record: PersonRecord, digest: str, pk: int) -> None:
        old = next(person_records([pk]))
        person = m.Person(pk=pk, **person_values(record, digest))
        bulk_update_with_history(
            [person],
            m.Person,
            fields=PERSON_FIELDS,
            default_user=self.actor,
            default_change_reason=self.reason,
        )
        new = record if self.full_history else merged_with_old(record, old)
        facts = Facts(self)
        for kind in FACT_KINDS:
            if getattr(old, kind) != getattr(new, kind):
                self.delete_facts(person, kind)
                facts.add(pk, kind, new)
        facts.save()

    def delete_facts(self, person: m.Person, kind: str) -> None:
        if kind == "cases":
            charges = m.Charge.objects.filter(case__person=person)
            self.delete(charges)
        if kind == "events":
            self.delete_events(person)
            return
        if kind == "sources":
            self.delete(citations_of(m.Person, [person.pk]))
            return
        manager: Any = {
            "names": person.names,
            "detentions": person.detentions,
            "recognitions": person.recognitions,
            "cases": person.cases,
            "health": person.health_notes,
        }[kind]
        for fact in manager.all():
            self.delete(citations_of(type(fact), [fact.pk]))
            self.delete([fact])

    def delete_events(self, person: m.Person) -> None:
        links = list(
            m.EventPerson.objects.filter(person=person).select_related("event")
        )
        self.delete(links)
        for link in links:
            if not m.EventPerson.objects.filter(event=link.event_id).exists():
                self.delete(citations_of(m.Event, [link.event_id]))
                self.delete([link.event])


FACT_KINDS = (
    "names",
    "sources",
    "detentions",
    "recognitions",
    "cases",
    "events",
    "health",
)
PERSON_FIELDS = [
    "display_name",
    "sex",
    "birth_on",
    "birth_precision",
    "country",
    "region",
    "locality",
    "visibility",
    "name_disclosure",
    "place_disclosure",
    "died_on",
    "died_precision",
    "died_in_custody",
    "notes",
    "import_hash",
]


def merged_with_old(record: PersonRecord, old: PersonRecord) -> PersonRecord:
    """A CSV row updates the current detention and case, keeping earlier ones.

    The row's detention is the same one as the last known if it starts on the
    same day (or either start is unknown); a later start is a new detention.
    """
    return replace(
        record,
        detentions=with_last(old.detentions, record.detentions, lambda d: d.start),
        cases=with_last(old.cases, record.cases, lambda c: c.sentenced_on),
        events=old.events,
    )


def with_last(
    old: tuple[Any, ...], new: tuple[Any, ...], start: Callable[[Any], Any]
) -> tuple[Any, ...]:
    if not new or not old:
        return new or old
    last, incoming = old[-1], new[0]
    if start(last) and start(incoming) and start(incoming) > start(last):
        return (*old, incoming)
    return (*old[:-1], incoming)


def citations_of(model: type[Any], pks: list[int]) -> list[m.Citation]:
    content_type = ContentType.objects.get_for_model(model)
    return list(m.Citation.objects.filter(content_type=content_type, object_id__in=pks))


def person_values(record: PersonRecord, digest: str) -> dict[str, Any]:
    birth_on, birth_precision = dates.stored_start(record.birth_date)
    died_on, died_precision = dates.stored_start(record.died_on)
    return {
        "record_id": record.record_id,
        "display_name": record.name,
        "sex": record.sex,
        "birth_on": birth_on,
        "birth_precision": birth_precision,
        "country": record.country,
        "region": record.region,
        "locality": record.locality,
        "visibility": record.visibility,
        "name_disclosure": record.name_disclosure,
        "place_disclosure": record.place_disclosure,
        "died_on": died_on,
        "died_precision": died_precision,
        "died_in_custody": record.died_in_custody,
        "notes": record.notes,
        "import_hash": digest,
    }


class Vocabulary:
    """Facilities, organisations, articles and sources, created as needed."""

    def __init__(self, *, actor: Any, reason: str) -> None:
        self.actor = actor
        self.reason = reason
        self.facilities: dict[str, int] = {}
        self.organisations: dict[str, int] = {}
        self.articles: dict[tuple[str, str], int] = {}
        self.sources: dict[str, int] = {}
        self.event_types: dict[str, int] = {}

    def prepare(self, records: list[PersonRecord]) -> None:
        facilities: dict[str, str] = {}
        organisations: set[str] = set()
        articles: set[tuple[str, str]] = set()
        urls: set[str] = set()
        for record in records:
            urls.update(record.sources)
            for d in record.detentions:
                if d.facility:
                    facilities.setdefault(d.facility, d.facility_address)
                urls.update(d.sources)
            for g in record.recognitions:
                if g.organisation:
                    organisations.add(g.organisation)
                urls.update(g.sources)
            for c in record.cases:
                articles.update((a.code, a.number) for a in c.articles)
                urls.update(c.sources)
            for e in record.events:
                urls.update(e.sources)
        self.facilities = self.ensure_facilities(facilities)
        self.organisations = self.ensure(m.Organisation, "name", organisations)
        self.articles = self.ensure_articles(articles)
        self.sources = self.ensure_sources(urls)
        self.event_types = dict(m.EventType.objects.values_list("code", "pk"))

    def create(self, model: type[Any], rows: list[dict[str, Any]]) -> None:
        """Insert new vocabulary rows, with history, by the fast path."""
        for row, pk in zip(rows, bulk.allocate_ids(model, len(rows)), strict=True):
            row["id"] = pk
        user_id = self.actor.pk if self.actor is not None else None
        bulk.table(model).insert(rows, user_id=user_id, reason=self.reason)

    def ensure(self, model: type[Any], field: str, values: set[str]) -> dict[str, int]:
        existing = dict(model.objects.values_list(field, "pk"))
        self.create(model, [{field: v} for v in sorted(values - existing.keys())])
        return dict(model.objects.values_list(field, "pk"))

    def ensure_facilities(self, wanted: dict[str, str]) -> dict[str, int]:
        existing = set(m.Facility.objects.values_list("name", flat=True))
        missing = [
            {"name": name, "postal_address": address}
            for name, address in sorted(wanted.items())
            if name not in existing
        ]
        self.create(m.Facility, missing)
        return dict(m.Facility.objects.values_list("name", "pk"))

    def ensure_articles(
        self, wanted: set[tuple[str, str]]
    ) -> dict[tuple[str, str], int]:
        rows = m.Article.objects.values_list("code", "number", "pk")
        existing = {(code, number): pk for code, number, pk in rows}
        missing = [
            {"code": c, "number": n} for c, n in sorted(wanted - existing.keys())
        ]
        self.create(m.Article, missing)
        rows = m.Article.objects.values_list("code", "number", "pk")
        return {(code, number): pk for code, number, pk in rows}

    def ensure_sources(self, urls: set[str]) -> dict[str, int]:
        existing = dict(m.Source.objects.exclude(url="").values_list("url", "pk"))
        self.create(m.Source, [{"url": u} for u in sorted(urls - existing.keys())])
        return dict(m.Source.objects.exclude(url="").values_list("url", "pk"))


class Facts:
    """Collects the rows of many persons' facts, then writes them in bulk.

    Rows are plain dicts with their ids allocated up front (ingest.bulk), so
    that charges, links and citations can point at rows not yet written.
    """

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.vocabulary = writer.vocabulary
        self.rows: dict[type[Any], list[dict[str, Any]]] = {
            model: []
            for model in (
                m.NameVariant,
                m.Detention,
                m.Recognition,
                m.Case,
                m.Charge,
                m.HealthNote,
                m.Event,
                m.EventPerson,
                m.Citation,
            )
        }
        self.cited: list[tuple[type[Any], dict[str, Any], tuple[str, ...]]] = []
        self.events: list[tuple[int, r.EventRecord]] = []

    def add_all(self, pk: int, record: PersonRecord) -> None:
        for kind in FACT_KINDS:
            self.add(pk, kind, record)

    def add(self, pk: int, kind: str, record: PersonRecord) -> None:
        if kind == "sources":
            self.cited.append((m.Person, {"id": pk}, record.sources))
        elif kind == "events":
            self.events += [(pk, event) for event in record.events]
        else:
            model, build = ROW_BUILDERS[kind]
            for fact in getattr(record, kind):
                row = build(pk, fact, self.vocabulary)
                self.rows[model].append(row)
                if kind == "cases":
                    self.rows[m.Charge] += charge_rows(row, fact, self.vocabulary)
                if getattr(fact, "sources", ()):
                    self.cited.append((model, row, fact.sources))

    def save(self) -> None:
        self.add_events()
        for model, rows in self.rows.items():
            if model is m.Citation:
                self.add_citations()
            for row, pk in zip(rows, bulk.allocate_ids(model, len(rows)), strict=True):
                row["id"] = pk
            if model is m.Charge or model is m.EventPerson:
                resolve_parents(rows)
            self.writer.insert(model, rows)

    def add_citations(self) -> None:
        vocabulary = self.vocabulary
        for model, row, urls in self.cited:
            content_type = ContentType.objects.get_for_model(model).pk
            self.rows[m.Citation] += [
                {
                    "source_id": vocabulary.sources[url],
                    "content_type_id": content_type,
                    "object_id": row["id"],
                    "note": "",
                }
                for url in urls
            ]

    def add_events(self) -> None:
        """Events (joining shared ones by event_id) and their links to persons."""
        wanted = {event.event_id for _, event in self.events if event.event_id}
        shared: dict[str, dict[str, Any]] = {
            external_id: {"id": pk}
            for external_id, pk in m.Event.objects.filter(
                external_id__in=wanted
            ).values_list("external_id", "pk")
        }
        linked: set[tuple[int, int]] = set()
        for pk, record in self.events:
            row = shared.get(record.event_id) if record.event_id else None
            if row is None:
                row = event_row(record, self.vocabulary)
                self.rows[m.Event].append(row)
                if record.sources:
                    self.cited.append((m.Event, row, record.sources))
                if record.event_id:
                    shared[record.event_id] = row
            if (pk, id(row)) not in linked:
                linked.add((pk, id(row)))
                self.rows[m.EventPerson].append({"person_id": pk, "event": row})


def resolve_parents(rows: list[dict[str, Any]]) -> None:
    """Point charges at their cases and links at their events, now numbered."""
    for row in rows:
        if "case" in row:
            row["case_id"] = row.pop("case")["id"]
        if "event" in row:
            row["event_id"] = row.pop("event")["id"]


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def script_of(value: str) -> str:
    """The script most of a name's letters are in."""
    letters = sum(ch.isalpha() for ch in value)
    if not letters:
        return m.Script.OTHER
    if len(_CYRILLIC.findall(value)) * 2 >= letters:
        return m.Script.CYRILLIC
    if len(_LATIN.findall(value)) == letters:
        return m.Script.LATIN
    return m.Script.OTHER


def name_row(pk: int, fact: r.NameRecord, vocabulary: Vocabulary) -> dict[str, Any]:
    return {
        "person_id": pk,
        "value": fact.value,
        "kind": fact.kind,
        "system": fact.system,
        "script": script_of(fact.value),
        "language": fact.kind if fact.kind in ("be", "ru", "uk") else "",
    }


def interval(start: PartialDate | None, end: PartialDate | None) -> dict[str, Any]:
    start_on, start_precision = dates.stored_start(start)
    end_on, end_precision = dates.stored_end(end)
    return {
        "start_on": start_on,
        "start_precision": start_precision,
        "end_on": end_on,
        "end_precision": end_precision,
    }


def detention_row(
    pk: int, fact: r.DetentionRecord, vocabulary: Vocabulary
) -> dict[str, Any]:
    return {
        "person_id": pk,
        "kind": fact.kind,
        **interval(fact.start, fact.end),
        "facility_id": vocabulary.facilities.get(fact.facility),
        "release_reason": fact.release_reason,
        "verification": fact.verification,
    }


def recognition_row(
    pk: int, fact: r.RecognitionRecord, vocabulary: Vocabulary
) -> dict[str, Any]:
    return {
        "person_id": pk,
        **interval(fact.start, fact.end),
        "organisation_id": vocabulary.organisations.get(fact.organisation),
        "criteria": fact.criteria,
        "verification": fact.verification,
    }


def case_row(pk: int, fact: r.CaseRecord, vocabulary: Vocabulary) -> dict[str, Any]:
    sentenced_on, sentenced_precision = dates.stored_start(fact.sentenced_on)
    return {
        "person_id": pk,
        "sentence": fact.sentence,
        "sentence_months": fact.sentence_months,
        "sentenced_on": sentenced_on,
        "sentenced_precision": sentenced_precision,
        "in_absentia": fact.in_absentia,
        "verification": fact.verification,
    }


def charge_rows(
    case: dict[str, Any], fact: r.CaseRecord, vocabulary: Vocabulary
) -> list[dict[str, Any]]:
    return [
        {
            "case": case,
            "article_id": vocabulary.articles[(a.code, a.number)],
            "part": a.part,
        }
        for a in fact.articles
    ]


def health_row(pk: int, fact: r.HealthRecord, vocabulary: Vocabulary) -> dict[str, Any]:
    return {
        "person_id": pk,
        "condition": fact.condition,
        "note": fact.note,
        "verification": fact.verification,
    }


def event_row(fact: r.EventRecord, vocabulary: Vocabulary) -> dict[str, Any]:
    occurred_on, occurred_precision = dates.stored_start(fact.date)
    return {
        "type_id": vocabulary.event_types[fact.type],
        "occurred_on": occurred_on,
        "occurred_precision": occurred_precision,
        "place": fact.place,
        "description": fact.description,
        "external_id": fact.event_id,
        "verification": fact.verification,
    }


ROW_BUILDERS: dict[str, tuple[type[Any], Any]] = {
    "names": (m.NameVariant, name_row),
    "detentions": (m.Detention, detention_row),
    "recognitions": (m.Recognition, recognition_row),
    "cases": (m.Case, case_row),
    "health": (m.HealthNote, health_row),
}
