"""Read the register back into records, in bulk: one query per table.

Rows are read as tuples (`values_list`), not model instances: an export or
an import's comparison reads every fact of up to 100k persons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from ingest import records as r
from registry import models as m
from registry.dates import PartialDate

CHUNK = 1000
# The person's own columns, in the order records are built from them.
PERSON_COLUMNS = [
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
]


def partial(value: date | None, precision: str) -> PartialDate | None:
    return None if value is None else PartialDate.from_stored(value, precision)


def person_records(
    person_ids: Iterable[int] | None = None, *, ordered: bool = True
) -> Iterator[r.PersonRecord]:
    """Records of active persons (all, or those named), ordered by record_id.

    Each record is in canonical order (`records.canonical`; with `ordered`
    false only the lists inside its facts are) and its facts carry the ids of
    their rows.
    """
    persons = m.Person.objects.active().order_by("record_id")
    if person_ids is not None:
        persons = persons.filter(pk__in=list(person_ids))
    ids = list(persons.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        loader = Loader(chunk, ordered=ordered)
        yield from loader.records(persons.filter(pk__in=chunk))


def grouped(rows: Iterable[tuple[Any, ...]]) -> dict[Any, list[tuple[Any, ...]]]:
    """Rows by their first value (the person, or the case)."""
    groups: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row)
    return groups


class Loader:
    """Fetches every fact of a chunk of persons, grouped by person."""

    def __init__(self, person_ids: list[int], *, ordered: bool = True) -> None:
        self.ids = person_ids
        self.ordered = ordered
        self.types: dict[type[Model], int] = {
            model: ContentType.objects.get_for_model(model).pk
            for model in (m.Person, m.Detention, m.Recognition, m.Case, m.Event)
        }
        self.cited: dict[tuple[int, int], list[str]] = defaultdict(list)
        self.sources: dict[str, tuple[Any, ...]] = {}

    def facts_of(self, model: type[Model]) -> QuerySet[Any]:
        facts: QuerySet[Any] = model.objects.filter(  # type: ignore[attr-defined]
            person_id__in=self.ids
        )
        return facts

    def load_citations(self) -> None:
        """URLs cited by each fact, and what is known of each source."""
        owners: dict[type[Model], Any] = {
            m.Person: self.ids,
            m.Detention: self.facts_of(m.Detention).values("pk"),
            m.Recognition: self.facts_of(m.Recognition).values("pk"),
            m.Case: self.facts_of(m.Case).values("pk"),
            m.Event: self.facts_of(m.EventPerson).values("event_id"),
        }
        found: list[tuple[int, int, int]] = []
        for model, pks in owners.items():
            found += m.Citation.objects.filter(
                content_type_id=self.types[model], object_id__in=pks
            ).values_list("content_type_id", "object_id", "source_id")
        rows = m.Source.objects.filter(pk__in={s for *_, s in found})
        url_of = {}
        for row in rows.values_list(
            "pk",
            "url",
            "document",
            "title",
            "publisher",
            "published_on",
            "published_precision",
            "reliability",
            "content_hash",
        ):
            pk, url, document, *details = row
            key = r.source_key(url, document)
            url_of[pk] = key
            self.sources[key] = (pk, key, *details)
        for content_type, object_id, source in sorted(found):
            if source in url_of:
                self.cited[(content_type, object_id)].append(url_of[source])

    def cites(self, model: type[Model], pk: int) -> tuple[str, ...]:
        return tuple(self.cited.get((self.types[model], pk), ()))

    def records(self, persons: QuerySet[m.Person]) -> Iterator[r.PersonRecord]:
        self.load_citations()
        names = grouped(
            self.facts_of(m.NameVariant)
            .order_by("pk")
            .values_list("person_id", "pk", "value", "kind", "system")
        )
        detentions = grouped(
            self.facts_of(m.Detention).values_list(
                "person_id",
                "pk",
                "kind",
                "start_on",
                "start_precision",
                "end_on",
                "end_precision",
                "facility__name",
                "facility__postal_address",
                "release_reason",
                "verification",
            )
        )
        recognitions = grouped(
            self.facts_of(m.Recognition).values_list(
                "person_id",
                "pk",
                "start_on",
                "start_precision",
                "end_on",
                "end_precision",
                "organisation__name",
                "criteria",
                "verification",
            )
        )
        cases = grouped(
            self.facts_of(m.Case).values_list(
                "person_id",
                "pk",
                "sentence",
                "sentence_months",
                "sentenced_on",
                "sentenced_precision",
                "in_absentia",
                "court",
                "verdict",
                "verification",
            )
        )
        charges = grouped(
            m.Charge.objects.filter(case__person_id__in=self.ids)
            .order_by("pk")
            .values_list("case_id", "article__code", "article__number", "part")
        )
        events = grouped(
            self.facts_of(m.EventPerson).values_list(
                "person_id",
                "event_id",
                "event__type__code",
                "event__occurred_on",
                "event__occurred_precision",
                "event__place",
                "event__description",
                "event__external_id",
                "event__verification",
            )
        )
        health = grouped(
            self.facts_of(m.HealthNote)
            .order_by("pk")
            .values_list("person_id", "pk", "condition", "note", "verification")
        )
        for row in persons.values_list("pk", "record_id", *PERSON_COLUMNS):
            pk = row[0]
            record = r.PersonRecord(
                record_id=row[1],
                name=row[2],
                sex=row[3],
                birth_date=partial(row[4], row[5]),
                country=row[6],
                region=row[7],
                locality=row[8],
                visibility=row[9],
                name_disclosure=row[10],
                place_disclosure=row[11],
                died_on=partial(row[12], row[13]),
                died_in_custody=row[14],
                notes=row[15],
                sources=self.cites(m.Person, pk),
                names=tuple(
                    r.NameRecord(value, kind, system, pk=fact)
                    for _, fact, value, kind, system in names[pk]
                ),
                detentions=tuple(self.detention(d) for d in detentions[pk]),
                recognitions=tuple(self.recognition(g) for g in recognitions[pk]),
                cases=tuple(self.case(c, charges[c[1]]) for c in cases[pk]),
                events=tuple(self.event(e) for e in events[pk]),
                health=tuple(
                    r.HealthRecord(condition, note, verification, pk=fact)
                    for _, fact, condition, note, verification in health[pk]
                ),
            )
            yield r.canonical(
                self.with_source_details(record), order_facts=self.ordered
            )

    def with_source_details(self, record: r.PersonRecord) -> r.PersonRecord:
        details = []
        for url in sorted(r.cited(record)):
            row = self.sources.get(url)
            if row is not None:
                pk, url, title, publisher, on, precision, reliability, digest = row
                details.append(
                    r.SourceRecord(
                        url=url,
                        title=title,
                        publisher=publisher,
                        published_on=partial(on, precision),
                        reliability=reliability,
                        content_hash=digest,
                        pk=pk,
                    )
                )
        return replace(record, source_details=tuple(details))

    def detention(self, row: tuple[Any, ...]) -> r.DetentionRecord:
        _, pk, kind, start, start_p, end, end_p, facility, address, reason, verify = row
        return r.DetentionRecord(
            kind=kind,
            start=partial(start, start_p),
            end=partial(end, end_p),
            facility=facility or "",
            facility_address=address or "",
            release_reason=reason,
            verification=verify,
            sources=self.cites(m.Detention, pk),
            pk=pk,
        )

    def recognition(self, row: tuple[Any, ...]) -> r.RecognitionRecord:
        _, pk, start, start_p, end, end_p, organisation, criteria, verify = row
        return r.RecognitionRecord(
            start=partial(start, start_p),
            end=partial(end, end_p),
            organisation=organisation or "",
            criteria=criteria,
            verification=verify,
            sources=self.cites(m.Recognition, pk),
            pk=pk,
        )

    def case(
        self, row: tuple[Any, ...], charges: list[tuple[Any, ...]]
    ) -> r.CaseRecord:
        _, pk, sentence, months, on, precision, absentia, court, verdict, verify = row
        return r.CaseRecord(
            articles=tuple(
                r.ArticleRef(code, number, part) for _, code, number, part in charges
            ),
            sentence=sentence,
            sentence_months=months,
            sentenced_on=partial(on, precision),
            in_absentia=absentia,
            court=court,
            verdict=verdict,
            verification=verify,
            sources=self.cites(m.Case, pk),
            pk=pk,
        )

    def event(self, row: tuple[Any, ...]) -> r.EventRecord:
        _, pk, type_, on, precision, place, description, external_id, verify = row
        return r.EventRecord(
            type=type_,
            date=partial(on, precision),
            place=place,
            description=description,
            event_id=external_id,
            verification=verify,
            sources=self.cites(m.Event, pk),
            pk=pk,
        )
