"""Reads of the workflow: the approved records publishing writes, the queue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from django.db.models import F, Q, QuerySet

from ingest.json_format import Reader, stored_person
from ingest.records import PersonRecord
from registry.grades import GRADES, strictest_of
from registry.models import Person
from review.models import PersonReview, ReviewState

GRADE_NAMES = tuple(GRADES)


def approved_records(
    visibilities: tuple[str, ...] = ("public",),
) -> Iterator[PersonRecord]:
    """The last approved version of every active person of these visibilities.

    One query, read a chunk at a time, by record id; each version was
    checked when it was saved, so it is read back as stored
    (`stored_person`). Each grade is the
    strictest of the approved one and the one stored now: an unapproved
    change never shows a person more, while hiding someone takes effect at
    the next publication without waiting for a review. A person never
    approved, or merged into another record, is not read.
    """
    rows = (
        PersonReview.objects.filter(
            approved__isnull=False,
            person__merged_into__isnull=True,
            person__visibility__in=visibilities,
        )
        .order_by("person__record_id")
        .values_list("approved__record", *(f"person__{g}" for g in GRADE_NAMES))
    )
    reader = Reader("approved")
    for index, (document, *live) in enumerate(rows.iterator(chunk_size=2000)):
        if document.get("visibility") not in visibilities:
            continue
        record = stored_person(
            document, f"approved:persons[{index}]"
        ) or reader.read_person(document, index)
        if record is None:
            raise ValueError(f"an approved record does not read: {reader.problems}")
        approved = tuple(getattr(record, grade) for grade in GRADE_NAMES)
        visibility, name, place = grades = strictest_of([approved, tuple(live)])
        if grades == approved:
            yield record
            continue
        yield replace(
            record,
            visibility=visibility,
            name_disclosure=name,
            place_disclosure=place,
        )


def awaiting_review() -> QuerySet[Person]:
    """Active persons whose current version is not approved, in review first."""
    approved_now = Q(review__state=ReviewState.APPROVED) & Q(
        review__version=F("version")
    )
    return (
        Person.objects.active()
        .exclude(approved_now)
        .select_related("review", "review__decided_by")
        .order_by(F("review__state").desc(nulls_last=True), "record_id")
    )


def state_of(person: Person) -> str:
    """The person's review state now: draft, in review, sent back or approved."""
    review = PersonReview.objects.filter(person=person).first()
    return review.state_of(person) if review else ReviewState.DRAFT
