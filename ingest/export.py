"""Read the register back into records, in bulk: one query per table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from ingest import records as r
from registry import models as m
from registry.dates import PartialDate

CHUNK = 1000


def partial(value: date | None, precision: str) -> PartialDate | None:
    return None if value is None else PartialDate.from_stored(value, precision)


def person_records(person_ids: Iterable[int] | None = None) -> Iterator[r.PersonRecord]:
    """Records of active persons (all, or those named), ordered by record_id.

    Each record is in canonical order (`records.canonical`) and its facts
    carry the ids of their rows.
    """
    persons = m.Person.objects.active().order_by("record_id")
    if person_ids is not None:
        persons = persons.filter(pk__in=list(person_ids))
    ids = list(persons.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        yield from Loader(chunk).records(persons.filter(pk__in=chunk))


class Loader:
    """Fetches every fact of a chunk of persons, grouped by person."""

    def __init__(self, person_ids: list[int]) -> None:
        self.ids = person_ids
        self.citations = self.load_citations()

    def load_citations(self) -> dict[tuple[int, int], list[str]]:
        """URLs cited by each fact, keyed by (content type id, object id)."""
        cited: dict[tuple[int, int], list[str]] = defaultdict(list)
        rows = m.Citation.objects.order_by("pk").values_list(
            "content_type_id", "object_id", "source_id"
        )
        # Citations of a person's facts are found through the facts' own
        # ids; loading them per chunk keeps memory flat at 100k persons.
        by_source: list[tuple[int, int, int]] = list(
            rows.filter(object_id__in=self.fact_ids())
        )
        self.source_rows = {
            source.url: source
            for source in m.Source.objects.filter(
                pk__in={source for *_, source in by_source}
            ).exclude(url="")
        }
        url_of = {source.pk: url for url, source in self.source_rows.items()}
        for content_type, object_id, source in by_source:
            if source in url_of:
                cited[(content_type, object_id)].append(url_of[source])
        return cited

    def fact_ids(self) -> list[int]:
        ids: set[int] = set(self.ids)
        for model in (m.Detention, m.Recognition, m.Case):
            ids.update(
                model.objects.filter(person_id__in=self.ids).values_list(
                    "pk", flat=True
                )
            )
        ids.update(
            m.EventPerson.objects.filter(person_id__in=self.ids).values_list(
                "event_id", flat=True
            )
        )
        return list(ids)

    def sources(self, obj: Model | type[Model], pk: int) -> tuple[str, ...]:
        content_type = ContentType.objects.get_for_model(obj)
        return tuple(self.citations.get((content_type.pk, pk), ()))

    def grouped(self, queryset: Any) -> dict[int, list[Any]]:
        groups: dict[int, list[Any]] = defaultdict(list)
        for row in queryset.filter(person_id__in=self.ids):
            groups[row.person_id].append(row)
        return groups

    def records(self, persons: Any) -> Iterator[r.PersonRecord]:
        names = self.grouped(m.NameVariant.objects.order_by("pk"))
        detentions = self.grouped(
            m.Detention.objects.select_related("facility").order_by("start_on", "pk")
        )
        recognitions = self.grouped(
            m.Recognition.objects.select_related("organisation").order_by(
                "start_on", "pk"
            )
        )
        cases = self.grouped(
            m.Case.objects.prefetch_related("charges__article").order_by(
                "sentenced_on", "pk"
            )
        )
        events = self.grouped(
            m.EventPerson.objects.select_related("event__type").order_by(
                "event__occurred_on", "event_id"
            )
        )
        health = self.grouped(m.HealthNote.objects.order_by("pk"))
        for person in persons:
            record = r.PersonRecord(
                record_id=person.record_id,
                name=person.display_name,
                names=tuple(
                    r.NameRecord(n.value, n.kind, n.system, pk=n.pk)
                    for n in names[person.pk]
                ),
                sex=person.sex,
                birth_date=partial(person.birth_on, person.birth_precision),
                country=person.country,
                region=person.region,
                locality=person.locality,
                visibility=person.visibility,
                name_disclosure=person.name_disclosure,
                place_disclosure=person.place_disclosure,
                died_on=partial(person.died_on, person.died_precision),
                died_in_custody=person.died_in_custody,
                notes=person.notes,
                sources=self.sources(m.Person, person.pk),
                detentions=tuple(self.detention(d) for d in detentions[person.pk]),
                recognitions=tuple(
                    self.recognition(g) for g in recognitions[person.pk]
                ),
                cases=tuple(self.case(c) for c in cases[person.pk]),
                events=tuple(self.event(e.event) for e in events[person.pk]),
                health=tuple(
                    r.HealthRecord(h.condition, h.note, h.verification, pk=h.pk)
                    for h in health[person.pk]
                ),
            )
            yield r.canonical(
                replace(record, source_details=self.source_details(record))
            )

    def source_details(self, record: r.PersonRecord) -> tuple[r.SourceRecord, ...]:
        return tuple(
            r.SourceRecord(
                url=url,
                title=source.title,
                publisher=source.publisher,
                published_on=partial(source.published_on, source.published_precision),
                reliability=source.reliability,
                content_hash=source.content_hash,
                pk=source.pk,
            )
            for url in sorted(r.cited(record))
            if (source := self.source_rows.get(url)) is not None
        )

    def detention(self, d: m.Detention) -> r.DetentionRecord:
        facility = d.facility
        return r.DetentionRecord(
            kind=d.kind,
            start=partial(d.start_on, d.start_precision),
            end=partial(d.end_on, d.end_precision),
            facility=facility.name if facility else "",
            facility_address=facility.postal_address if facility else "",
            release_reason=d.release_reason,
            verification=d.verification,
            sources=self.sources(m.Detention, d.pk),
            pk=d.pk,
        )

    def recognition(self, g: m.Recognition) -> r.RecognitionRecord:
        return r.RecognitionRecord(
            start=partial(g.start_on, g.start_precision),
            end=partial(g.end_on, g.end_precision),
            organisation=g.organisation.name if g.organisation else "",
            criteria=g.criteria,
            verification=g.verification,
            sources=self.sources(m.Recognition, g.pk),
            pk=g.pk,
        )

    def case(self, c: m.Case) -> r.CaseRecord:
        return r.CaseRecord(
            articles=tuple(
                r.ArticleRef(ch.article.code, ch.article.number, ch.part)
                for ch in c.charges.all()
            ),
            sentence=c.sentence,
            sentence_months=c.sentence_months,
            sentenced_on=partial(c.sentenced_on, c.sentenced_precision),
            in_absentia=c.in_absentia,
            verification=c.verification,
            sources=self.sources(m.Case, c.pk),
            pk=c.pk,
        )

    def event(self, e: m.Event) -> r.EventRecord:
        return r.EventRecord(
            type=e.type.code,
            date=partial(e.occurred_on, e.occurred_precision),
            place=e.place,
            description=e.description,
            event_id=e.external_id,
            verification=e.verification,
            sources=self.sources(m.Event, e.pk),
            pk=e.pk,
        )
