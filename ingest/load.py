"""Write parsed records into the register: all or nothing, idempotent.

Records are keyed by `record_id`. An incoming record is applied to the
stored one by the rules of `ingest.update` (only what it says changes); when
the result equals the stored record the person is left alone, so importing
the same file twice changes nothing the second time and writes no history.
A changed record writes only the facts that differ, so the kept history
shows what actually changed (simple-history rows carry who, when and why).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from ingest import bulk
from ingest import records as r
from ingest.export import PERSON_COLUMNS, person_records
from ingest.records import PersonRecord, Problem
from ingest.update import apply, more_visible, new_person
from registry import dates
from registry import models as m
from registry.dates import PartialDate
from registry.history import attribute
from registry.locking import lock_register

BATCH = 2000
Progress = Callable[[int], None]


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Lines for the report: what was cleared, removed, or added to a vocabulary.
    cleared: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    new_articles: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    approved: int | None = None

    def __str__(self) -> str:
        approved = "" if self.approved is None else f", {self.approved} approved"
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged{approved}"
        )

    def details(self) -> list[str]:
        """The report's further lines, one per cleared or removed value."""
        lines = [f"cleared: {line}" for line in self.cleared]
        lines += [f"removed: {line}" for line in self.removed]
        lines += [
            f"new article (not yet in the vocabulary, check its spelling): {code}"
            for code in self.new_articles
        ]
        lines += [f"for review: {line}" for line in self.review]
        return lines


class LoadError(Exception):
    """Records that cannot be written (the transaction is rolled back)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def load(
    records: Sequence[PersonRecord],
    *,
    actor: AbstractBaseUser | None,
    reason: str,
    dry_run: bool = False,
    replace_facts: bool = False,
    allow_more_visible: bool = False,
    synthetic: bool = False,
    recorded_on: date | None = None,
    progress: Progress | None = None,
) -> LoadSummary:
    """Write records in one transaction; with dry_run, roll everything back.

    Each record changes only what it says (`ingest.update`); `replace_facts`
    makes it the whole of each kind of fact it carries. An update that would
    show a registered person more (visibility or disclosure) is refused
    unless `allow_more_visible`. With `recorded_on`, every change is kept as
    known on that day (loading past snapshots of a register in order).
    """
    summary = LoadSummary()
    try:
        with transaction.atomic():
            writer = Writer(
                actor=actor,
                reason=reason,
                replace_facts=replace_facts,
                allow_more_visible=allow_more_visible,
                synthetic=synthetic,
                when=recorded_moment(recorded_on),
            )
            summary = writer.write(records, progress or (lambda done: None))
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return summary


def recorded_moment(day: date | None) -> datetime | None:
    """When changes recorded as known on `day` are kept (noon UTC that day)."""
    if day is None:
        return None
    if day > timezone.now().date():
        raise LoadError([Problem("--recorded-on", f"{day} is after today")])
    return datetime.combine(day, time(12), UTC)


def default_visibility() -> str:
    return str(settings.ROLLCALL_DEFAULT_VISIBILITY)


class Writer:
    def __init__(
        self,
        *,
        actor: Any,
        reason: str,
        replace_facts: bool = False,
        allow_more_visible: bool = False,
        synthetic: bool = False,
        when: datetime | None = None,
    ) -> None:
        self.actor = actor
        self.reason = reason
        self.when = when
        self.replace_facts = replace_facts
        self.allow_more_visible = allow_more_visible
        self.synthetic = synthetic
        self.vocabulary = Vocabulary(actor=actor, reason=reason, when=when)

    def insert(self, model: type[Any], rows: list[dict[str, Any]]) -> None:
        user_id = self.actor.pk if self.actor is not None else None
        bulk.table(model).insert(
            rows, user_id=user_id, reason=self.reason, when=self.when
        )

    def delete(self, objects: Iterable[Any]) -> None:
        for obj in objects:
            attribute(obj, actor=self.actor, reason=self.reason, when=self.when)
            obj.delete()

    def save(self, obj: Any) -> None:
        attribute(obj, actor=self.actor, reason=self.reason, when=self.when)
        obj.save()

    def write(self, records: Sequence[PersonRecord], progress: Progress) -> LoadSummary:
        lock_register()
        self.check_event_types(records)
        records = [r.canonical(self.vocabulary.known_addresses(rec)) for rec in records]
        known = dict(m.Person.objects.values_list("record_id", "pk"))
        fresh = [record for record in records if record.record_id not in known]
        existing = [record for record in records if record.record_id in known]
        self.check_not_merged(
            [known[record.record_id] for record in existing], existing
        )
        summary = LoadSummary()
        changed = self.compare(existing, known, summary)
        if self.when is not None:
            self.check_recorded_order([pk for *_, pk in changed])
        created = self.new_records(fresh)
        summary.new_articles = self.vocabulary.prepare(
            created + [new for _, new, _ in changed]
        )
        for start in range(0, len(created), BATCH):
            self.create_persons(created[start : start + BATCH])
            progress(min(start + BATCH, len(created)))
        for old, new, pk in changed:
            self.update_person(old, new, pk)
        summary.created, summary.updated = len(created), len(changed)
        return summary

    def new_records(self, fresh: list[PersonRecord]) -> list[PersonRecord]:
        """New persons: their input applied to an empty, `restricted` record."""
        visibility = default_visibility()
        created, problems = [], []
        for record in fresh:
            name = record.name or (record.names[0].value if record.names else "")
            if not name:
                problems.append(Problem(record.origin, "a new person needs a name"))
                continue
            empty = new_person(record.record_id, visibility=visibility)
            created.append(apply(empty, replace(record, name=name))[0])
        if problems:
            raise LoadError(problems)
        return created

    def compare(
        self, existing: list[PersonRecord], known: dict[str, int], summary: LoadSummary
    ) -> list[tuple[PersonRecord, PersonRecord, int]]:
        """Registered persons whose record the input changes, old and new."""
        # Read unordered: most records of a re-imported file are unchanged, and
        # telling so needs no canonical order (`records.same`).
        old_of = {
            old.record_id: old
            for old in person_records(
                (known[record.record_id] for record in existing), ordered=False
            )
        }
        changed, problems = [], []
        for record in existing:
            old = old_of[record.record_id]
            if says_nothing_new(record, old):
                summary.unchanged += 1
                continue
            old = r.canonical(old)
            new, changes = apply(old, record, replace_facts=self.replace_facts)
            if new == old:
                summary.unchanged += 1
                continue
            if not new.name:
                problems.append(Problem(record.origin, "a name cannot be cleared"))
            problems += [
                Problem(record.origin, f"{column}: {message} (with the stored facts)")
                for column, message in r.check_record(new)
            ]
            wider = more_visible(old, new)
            if wider and not self.allow_more_visible:
                message = (
                    f"{record.record_id}: would be shown more ({', '.join(wider)}); "
                    "make a person more visible in the office, or import with "
                    "--allow-more-visible"
                )
                problems.append(Problem(record.origin, message))
            summary.cleared += [f"{record.record_id}: {c}" for c in changes.cleared]
            summary.removed += [f"{record.record_id}: {c}" for c in changes.removed]
            changed.append((old, new, known[record.record_id]))
        if problems:
            raise LoadError(problems)
        return changed

    def check_recorded_order(self, pks: list[int]) -> None:
        """A dated import may not go back before what is already recorded."""
        assert self.when is not None
        models: list[Any] = [m.Person, *FACT_MODELS.values()]
        for model in models:
            column = "id" if model is m.Person else "person_id"
            latest = (
                model.history.filter(**{f"{column}__in": pks})
                .order_by("-history_date")
                .values_list("history_date", column)
                .first()
            )
            if latest is not None and latest[0] > self.when:
                record_id = m.Person.objects.get(pk=latest[1]).record_id
                message = (
                    f"{self.when.date()} is earlier than a change already "
                    f"recorded for {record_id} on {latest[0].date()}"
                )
                raise LoadError([Problem("--recorded-on", message)])

    def check_not_merged(self, pks: list[int], existing: list[PersonRecord]) -> None:
        """A merged record's facts live on the kept record: do not update it."""
        merged = dict(
            m.Person.objects.filter(pk__in=pks, merged_into__isnull=False).values_list(
                "pk", "merged_into__record_id"
            )
        )
        problems = [
            Problem(
                record.origin,
                f"record_id {record.record_id!r} was merged into "
                f"{merged[pk]!r}: update that record, or undo the merge first",
            )
            for record, pk in zip(existing, pks, strict=True)
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

    def create_persons(self, batch: list[PersonRecord]) -> None:
        ids = bulk.allocate_ids(m.Person, len(batch))
        persons = [
            {**person_values(record), "id": pk, "is_synthetic": self.synthetic}
            for pk, record in zip(ids, batch, strict=True)
        ]
        self.insert(m.Person, persons)
        facts = Facts(self)
        for pk, record in zip(ids, batch, strict=True):
            facts.add_all(pk, record)
        facts.save()

    # Updating

    def update_person(self, old: PersonRecord, new: PersonRecord, pk: int) -> None:
        """Write what differs between the stored record and the new one."""
        values = person_values(new)
        # Every change is a new version: a save in the office that started
        # from the old one is refused. The person's own history row is
        # written only when the person's own fields change (the facts'
        # rows say the rest; counting explains revisions from them).
        m.Person.objects.filter(pk=pk).update(version=F("version") + 1)
        version = m.Person.objects.values_list("version", flat=True).get(pk=pk)
        person = m.Person(pk=pk, version=version, **values)
        if values != person_values(old):
            bulk_update_with_history(
                [person],
                m.Person,
                fields=[*PERSON_COLUMNS, "version"],
                default_user=self.actor,
                default_change_reason=self.reason,
                default_date=self.when,
            )
        added: dict[str, Any] = {}
        for kind in FACT_KINDS:
            gone, added[kind] = difference(getattr(old, kind), getattr(new, kind))
            if gone:
                self.delete_facts(person, kind, gone)
        facts = Facts(self)
        facts.add_all(pk, replace(new, **added))
        facts.save()

    def delete_facts(self, person: m.Person, kind: str, gone: list[Any]) -> None:
        if kind == "sources":
            self.delete(citations_of(m.Person, [person.pk], urls=gone))
            return
        pks = [fact.pk for fact in gone]
        if kind == "events":
            self.delete_events(person, pks)
            return
        model = FACT_MODELS[kind]
        if kind == "cases":
            self.delete(m.Charge.objects.filter(case__in=pks))
        self.delete(citations_of(model, pks))
        self.delete(model.objects.filter(pk__in=pks))

    def delete_events(self, person: m.Person, pks: list[int]) -> None:
        links = list(m.EventPerson.objects.filter(person=person, event__in=pks))
        self.delete(links)
        orphans = m.Event.objects.filter(pk__in=pks, eventperson__isnull=True)
        for event in orphans:
            self.delete(citations_of(m.Event, [event.pk]))
            self.delete([event])


FACT_KINDS = (
    "names",
    "sources",
    "detentions",
    "recognitions",
    "cases",
    "events",
    "health",
)
FACT_MODELS: dict[str, type[Any]] = {
    "names": m.NameVariant,
    "detentions": m.Detention,
    "recognitions": m.Recognition,
    "cases": m.Case,
    "health": m.HealthNote,
}


def says_nothing_new(record: PersonRecord, old: PersonRecord) -> bool:
    """Whether a complete incoming record equals the stored one.

    Sources the input does not describe keep what the register knows of
    them, so only the ones it describes are compared.
    """
    described = set(old.source_details)
    return all(detail in described for detail in record.source_details) and r.same(
        replace(record, source_details=()), replace(old, source_details=())
    )


def difference(
    old: tuple[Any, ...], new: tuple[Any, ...]
) -> tuple[list[Any], tuple[Any, ...]]:
    """(stored facts no longer there, new facts not yet stored), as multisets."""
    unmatched = list(old)
    added = []
    for fact in new:
        if fact in unmatched:
            unmatched.remove(fact)
        else:
            added.append(fact)
    return unmatched, tuple(added)


def citations_of(
    model: type[Any], pks: list[int], urls: Iterable[str] | None = None
) -> list[m.Citation]:
    content_type = ContentType.objects.get_for_model(model)
    citations = m.Citation.objects.filter(content_type=content_type, object_id__in=pks)
    if urls is not None:
        citations = citations.filter(source__url__in=list(urls))
    return list(citations)


def person_values(record: PersonRecord) -> dict[str, Any]:
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
    }


class Vocabulary:
    """Facilities, organisations, articles and sources, created as needed."""

    def __init__(self, *, actor: Any, reason: str, when: datetime | None) -> None:
        self.actor = actor
        self.reason = reason
        self.when = when
        self.facilities: dict[str, int] = {}
        self.organisations: dict[str, int] = {}
        self.articles: dict[tuple[str, str], int] = {}
        self.sources: dict[str, int] = {}
        self.event_types: dict[str, int] = {}
        self.addresses: dict[str, str] = {}

    def known_addresses(self, record: PersonRecord) -> PersonRecord:
        """Detentions in a registered facility take its postal address.

        The address belongs to the facility (reference data), not to one
        person's detention: a file's address only describes a new facility.
        """
        if not self.addresses:
            self.addresses = dict(
                m.Facility.objects.values_list("name", "postal_address")
            )
        addresses = self.addresses
        if all(
            addresses.get(d.facility, d.facility_address) == d.facility_address
            for d in record.detentions
        ):
            return record
        return replace(
            record,
            detentions=tuple(
                replace(d, facility_address=addresses[d.facility])
                if d.facility in addresses
                else d
                for d in record.detentions
            ),
        )

    def prepare(self, records: list[PersonRecord]) -> list[str]:
        """Look up (or create) every vocabulary entry the records name.

        Returns the articles that were not in the vocabulary yet.
        """
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
        new_articles = self.ensure_articles(articles)
        self.sources = self.ensure_sources(urls)
        self.describe_sources(records)
        self.event_types = dict(m.EventType.objects.values_list("code", "pk"))
        return new_articles

    def create(self, model: type[Any], rows: list[dict[str, Any]]) -> None:
        """Insert new vocabulary rows, with history, by the fast path."""
        for row, pk in zip(rows, bulk.allocate_ids(model, len(rows)), strict=True):
            row["id"] = pk
        user_id = self.actor.pk if self.actor is not None else None
        bulk.table(model).insert(
            rows, user_id=user_id, reason=self.reason, when=self.when
        )

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

    def ensure_articles(self, wanted: set[tuple[str, str]]) -> list[str]:
        """Articles by (code, number), creating those not known yet (returned)."""
        rows = m.Article.objects.values_list("code", "number", "pk")
        existing = {(code, number): pk for code, number, pk in rows}
        missing = [
            {"code": c, "number": n} for c, n in sorted(wanted - existing.keys())
        ]
        self.create(m.Article, missing)
        rows = m.Article.objects.values_list("code", "number", "pk")
        self.articles = {(code, number): pk for code, number, pk in rows}
        return [f"{row['code']} {row['number']}" for row in missing]

    def describe_sources(self, records: list[PersonRecord]) -> None:
        """Set what the records say of their sources (title, reliability...)."""
        said: dict[str, dict[str, Any]] = {}
        for record in records:
            for detail in record.source_details:
                present = detail.present or r.record_fields(r.SourceRecord)
                values = said.setdefault(detail.url, {})
                for name in present:
                    if name != "url":
                        values.update(source_field(name, getattr(detail, name)))
        pks = [self.sources[key] for key in said]
        for source in m.Source.objects.filter(pk__in=pks):
            key = r.source_key(source.url, source.document)
            changed = {
                name: value
                for name, value in said[key].items()
                if getattr(source, name) != value
            }
            if changed:
                for name, value in changed.items():
                    setattr(source, name, value)
                attribute(source, actor=self.actor, reason=self.reason, when=self.when)
                source.save()

    def ensure_sources(self, keys: set[str]) -> dict[str, int]:
        """Sources by the key records cite them by (URL or document)."""
        existing = source_keys()
        self.create(
            m.Source,
            [
                {"document": key.removeprefix(r.DOCUMENT)}
                if key.startswith(r.DOCUMENT)
                else {"url": key}
                for key in sorted(keys - existing.keys())
            ],
        )
        return source_keys()


def source_keys() -> dict[str, int]:
    rows = m.Source.objects.values_list("url", "document", "pk")
    return {r.source_key(url, document): pk for url, document, pk in rows}


def source_field(name: str, value: Any) -> dict[str, Any]:
    """A SourceRecord field as the Source model's fields."""
    if name == "published_on":
        published_on, precision = dates.stored_start(value)
        return {"published_on": published_on, "published_precision": precision}
    return {name: value}


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
        """Every fact of a record, for the person with id `pk`."""
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
        self.update_shared(
            {e.event_id: e for _, e in self.events if e.event_id in shared}
        )
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

    def update_shared(self, records: dict[str, r.EventRecord]) -> None:
        """Registered events the input describes anew (by event_id)."""
        for event in m.Event.objects.filter(external_id__in=list(records)):
            values = event_row(records[event.external_id], self.vocabulary)
            changed = {k: v for k, v in values.items() if getattr(event, k) != v}
            if changed:
                for name, value in changed.items():
                    setattr(event, name, value)
                self.writer.save(event)


def resolve_parents(rows: list[dict[str, Any]]) -> None:
    """Point charges at their cases and links at their events, now numbered."""
    for row in rows:
        if "case" in row:
            row["case_id"] = row.pop("case")["id"]
        if "event" in row:
            row["event_id"] = row.pop("event")["id"]


def name_row(pk: int, fact: r.NameRecord, vocabulary: Vocabulary) -> dict[str, Any]:
    return {
        "person_id": pk,
        "value": fact.value,
        "kind": fact.kind,
        "system": fact.system,
        "script": m.Script.of(fact.value),
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
        "court": fact.court,
        "verdict": fact.verdict,
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
