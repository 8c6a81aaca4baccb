"""The workflow's writes: keep a version, submit, approve, send back, revert.

Each is one transaction, says who and why, and writes the audit log (ids,
record ids and version numbers only: a reason or a comment, like a name,
may say who a hidden person is; it stays on the row the entry points to).
Only `person_approve` and `persons_approve` decide what the public side
may show.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from audit.actions import audit_record
from audit.models import AuditAction
from ingest.load import LoadError, load
from registry.actions import ActionError, StaleVersion
from registry.models import Person
from review.models import PersonReview, PersonVersion, ReviewState
from review.records import current_record, current_records, record_of

# Whose permission approving is (office/roles.py gives it to editors).
APPROVE = "registry.publish_person"
CHANGE_VISIBILITY = "registry.change_person_visibility"
CHUNK = 1000


def _locked(person: Person, expected: int | None) -> Person:
    """The person's row, locked for this transaction, at the version expected."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.merged_into_id is not None:
        raise ActionError(f"{locked.record_id} was merged into another record")
    if expected is not None and locked.version != expected:
        raise StaleVersion(locked.pk, expected)
    return locked


def _needs(text: str, what: str) -> str:
    if not text.strip():
        raise ActionError(f"{what} needs a reason")
    return text.strip()


def person_snapshot(*, person: Person, actor: Any, reason: str) -> PersonVersion:
    """Keep the person's whole record at its current version (once per version).

    Who made the version, when and why come from the person's history when
    it says (an import, an edit); else `actor` and `reason`.
    """
    record = current_record(person.pk)
    if record is None:
        raise ActionError(f"{person.record_id} was merged into another record")
    made = (
        Person.history.filter(id=person.pk, version=person.version)
        .order_by("history_date")
        .values_list("history_user", "history_date", "history_change_reason")
        .first()
    )
    defaults: dict[str, Any] = {"record": record, "saved_by": actor, "reason": reason}
    if made is not None:
        defaults |= {"saved_by_id": made[0], "saved_at": made[1]}
        defaults["reason"] = made[2] or reason
        defaults.pop("saved_by")
    version, _ = PersonVersion.objects.get_or_create(
        person=person, number=person.version, defaults=defaults
    )
    return version


def _decide(
    person: Person, *, state: str, actor: Any, comment: str = ""
) -> PersonReview:
    review, _ = PersonReview.objects.get_or_create(person=person)
    review.state = state
    review.version = person.version
    review.comment = comment
    review.decided_by = actor
    review.decided_at = timezone.now()
    return review


def _audit(action: AuditAction, person: Person, *, actor: Any, **details: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        target=person,
        details={"record_id": person.record_id, "version": person.version, **details},
    )


@transaction.atomic
def person_submit(
    *, person: Person, actor: Any, version: int | None = None
) -> PersonReview:
    """A documenter hands the current version to the editors for review."""
    person = _locked(person, version)
    person_snapshot(person=person, actor=actor, reason="submitted for review")
    review = _decide(person, state=ReviewState.SUBMITTED, actor=actor)
    review.save()
    _audit(AuditAction.PERSON_SUBMIT, person, actor=actor)
    return review


@transaction.atomic
def person_approve(
    *, actor: Any, person: Person, reason: str, version: int | None = None
) -> PersonVersion:
    """Approve the person's current version: the next publication shows it.

    `version` is the version the editor reviewed: if the record changed
    since, nothing is approved (StaleVersion), so no one approves what
    they have not seen.
    """
    reason = _needs(reason, "an approval")
    person = _locked(person, version)
    snapshot = person_snapshot(person=person, actor=actor, reason=reason)
    snapshot.approved_by = actor
    snapshot.approved_at = timezone.now()
    snapshot.approval_reason = reason
    snapshot.save()
    review = _decide(person, state=ReviewState.APPROVED, actor=actor)
    review.approved = snapshot
    review.save()
    _audit(AuditAction.PERSON_APPROVE, person, actor=actor)
    return snapshot


@transaction.atomic
def person_send_back(
    *, actor: Any, person: Person, comment: str, version: int | None = None
) -> PersonReview:
    """Return the current version to the documenters, saying what to change."""
    comment = _needs(comment, "sending a record back")
    person = _locked(person, version)
    person_snapshot(person=person, actor=actor, reason="sent back")
    review = _decide(person, state=ReviewState.SENT_BACK, actor=actor, comment=comment)
    review.save()
    _audit(AuditAction.PERSON_SEND_BACK, person, actor=actor)
    return review


@transaction.atomic
def person_revert(
    *, actor: Any, person: Person, to: int, reason: str, version: int | None = None
) -> PersonVersion:
    """Make the record what it was at version `to`: a new version, a draft.

    Facts the old version did not have are removed, its own come back; the
    change is recorded like any other, with the reason "revert to version
    N: why". Bringing back a more visible grade needs the right to change
    visibility, as in the person's form.
    """
    reason = _needs(reason, "a revert")
    person = _locked(person, version)
    target = PersonVersion.objects.filter(person=person, number=to).first()
    if target is None:
        raise ActionError(f"{person.record_id} has no kept version {to}")
    kept = person_snapshot(person=person, actor=actor, reason="before a revert")
    if kept.record == target.record:
        raise ActionError(f"the record is already as it was at version {to}")
    why = f"revert to version {to}: {reason}"
    try:
        load(
            [record_of(target.record)],
            actor=actor,
            reason=why,
            replace_facts=True,
            allow_more_visible=actor.has_perm(CHANGE_VISIBILITY),
        )
    except LoadError as error:
        raise ActionError("; ".join(p.message for p in error.problems)) from None
    person.refresh_from_db()
    snapshot = person_snapshot(person=person, actor=actor, reason=why)
    _audit(AuditAction.PERSON_REVERT, person, actor=actor, reverted_to=to)
    return snapshot


@transaction.atomic
def persons_approve(*, person_ids: Sequence[int], actor: Any, reason: str) -> int:
    """Approve the current version of many persons at once (an approved import).

    Reads their records a chunk at a time; one audit entry for them all.
    Returns how many were approved.
    """
    reason = _needs(reason, "an approval")
    approved = 0
    for start in range(0, len(person_ids), CHUNK):
        approved += _approve_chunk(person_ids[start : start + CHUNK], actor, reason)
    if approved:
        audit_record(
            action=AuditAction.PERSON_APPROVE,
            actor=actor,
            details={"persons": approved},
        )
    return approved


def _approve_chunk(person_ids: Sequence[int], actor: Any, reason: str) -> int:
    now = timezone.now()
    versions = dict(
        Person.objects.filter(pk__in=person_ids).values_list("pk", "version")
    )
    records = dict(current_records(person_ids))
    # A version kept already (saved in the office) is approved as it is.
    kept = {
        person_id: pk
        for pk, person_id, number in PersonVersion.objects.filter(
            person_id__in=records, number__in=set(versions.values())
        ).values_list("pk", "person_id", "number")
        if versions[person_id] == number
    }
    PersonVersion.objects.filter(pk__in=kept.values()).update(
        approved_by=actor, approved_at=now, approval_reason=reason
    )
    snapshots = PersonVersion.objects.bulk_create(
        PersonVersion(
            person_id=pk,
            number=versions[pk],
            record=record,
            saved_by=actor,
            saved_at=now,
            reason=reason,
            approved_by=actor,
            approved_at=now,
            approval_reason=reason,
        )
        for pk, record in records.items()
        if pk not in kept
    )
    approved = {snapshot.person_id: snapshot.pk for snapshot in snapshots} | kept
    PersonReview.objects.filter(person_id__in=records).delete()
    PersonReview.objects.bulk_create(
        PersonReview(
            person_id=person_id,
            state=ReviewState.APPROVED,
            version=versions[person_id],
            decided_by=actor,
            decided_at=now,
            approved_id=pk,
        )
        for person_id, pk in approved.items()
    )
    return len(approved)
