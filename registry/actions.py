"""Writes that touch several rows of the register: merging and unmerging.

Every change goes through simple-history with the actor and the reason, so
the register's kept history says who did what and why.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Field, Q
from django.utils import timezone

from audit.actions import audit_record
from audit.models import AuditAction
from registry import models as m
from registry.errors import UserError
from registry.grades import GRADES, strictest
from registry.history import attribute
from registry.locking import lock_register

# Facts that belong to one person and move with a merge.
PERSON_FACTS: tuple[type[Any], ...] = (
    m.NameVariant,
    m.Detention,
    m.Recognition,
    m.Case,
    m.HealthNote,
    m.EventPerson,
)
# Blank fields of the kept record that a merge fills from the merged one;
# pairs move together (a date and its precision).
FILLABLE = (
    ("sex",),
    ("birth_on", "birth_precision"),
    ("country",),
    ("region",),
    ("locality",),
    ("died_on", "died_precision"),
    ("died_in_custody",),
)


class ActionError(UserError):
    """An action that cannot be done as asked (the message says why)."""


def _save(obj: Any, *, actor: Any, reason: str) -> None:
    attribute(obj, actor=actor, reason=reason)
    obj.save()


class StaleVersion(ActionError):
    """A save that started from a version someone else has changed since."""

    def __init__(self, person_id: int, expected: int) -> None:
        super().__init__(
            f"this record was changed by someone else after version {expected} "
            "was opened: nothing was saved"
        )
        self.person_id = person_id
        self.expected = expected


def person_version_claim(*, person_id: int, expected: int) -> int:
    """Take the next version of a person, if it is still at `expected`.

    One `UPDATE ... WHERE version = expected`: of two saves that started
    from the same version, the database lets exactly one through (the
    other waits for it, then matches no row) and the other is refused with
    StaleVersion, so nothing is overwritten silently. Run it inside the
    save's transaction. Returns the new version.
    """
    claimed = m.Person.objects.filter(pk=person_id, version=expected).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleVersion(person_id, expected)
    return expected + 1


def person_touch(
    *, person_id: int, actor: Any, reason: str, expected: int | None = None
) -> None:
    """A fact of the person changed outside the person's form: a new version.

    Kept in the person's history, so the version says who and why. With
    `expected` (the version the fact's page was opened at), the new version
    is claimed as the person's form claims it (`person_version_claim`): a
    save from a page opened before someone else changed the record, this
    fact included, is refused with StaleVersion.
    """
    if expected is not None:
        person_version_claim(person_id=person_id, expected=expected)
        person = m.Person.objects.get(pk=person_id)
    else:
        person = m.Person.objects.select_for_update().get(pk=person_id)
        person.version += 1
    _save(person, actor=actor, reason=reason)


def _delete(obj: Any, *, actor: Any, reason: str) -> None:
    attribute(obj, actor=actor, reason=reason)
    obj.delete()


def command_line_actor(*, name: str) -> Any:
    """The account that command-line writes by `name` are recorded under.

    It is marked as a command-line account (`cli:NAME`) and cannot sign in.
    """
    from django.contrib.auth import get_user_model

    if not name.strip() or len(name) > 100:
        raise ActionError("--actor: a name of 1 to 100 characters")
    user, created = get_user_model().objects.get_or_create(
        username=f"cli:{name.strip()}"[:150], defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _blank(value: object) -> bool:
    return value is None or value == ""


@transaction.atomic
def person_merge(
    *,
    keep: m.Person,
    merge: m.Person,
    actor: Any,
    reason: str,
    score: float | None = None,
    grades: dict[str, str] | None = None,
) -> m.Merge:
    """Merge the record `merge` into `keep`, losing nothing; undo with person_unmerge.

    Every name, detention, recognition, case, event, health note and source
    moves to `keep` with its own id (so its history stays whole); the merged
    record stays, marked `merged_into`, and its display name becomes a name
    of the kept person. The kept record takes the most restrictive
    visibility and disclosure of the two: nothing hidden becomes public
    through a merge. An editor may choose other `grades` (the reason says why).
    """
    if not reason.strip():
        raise ActionError("a merge needs a reason")
    lock_register()
    keep.refresh_from_db()
    merge.refresh_from_db()
    if keep.pk == merge.pk:
        raise ActionError("a record cannot be merged into itself")
    if keep.merged_into_id or merge.merged_into_id:
        raise ActionError("both records must be active (not already merged)")
    moved = _move_facts(merge, keep, actor=actor, reason=reason)
    added = _keep_display_name(merge, keep, actor=actor, reason=reason)
    filled = _fill_blanks(keep, merge)
    filled.update(_combine_grades(keep, merge, grades or {}))
    keep.version += 1
    _save(keep, actor=actor, reason=reason)
    merge.merged_into = keep
    merge.version += 1
    _save(merge, actor=actor, reason=reason)
    done = m.Merge.objects.create(
        kept=keep,
        merged=merge,
        actor=actor,
        reason=reason,
        score=score,
        moved=moved,
        added=added,
        filled=filled,
    )
    _audit_merge(AuditAction.PERSON_MERGE, done, actor=actor)
    return done


def _audit_merge(action: AuditAction, merge: m.Merge, *, actor: Any) -> None:
    # Ids and counts only: the reason, like a name, may say who a hidden
    # person is; it stays on the Merge row the entry points to.
    audit_record(
        action=action,
        actor=actor,
        target=merge.kept,
        details={
            "merge": merge.pk,
            "kept": merge.kept.record_id,
            "merged": merge.merged.record_id,
            "merged_id": merge.merged_id,
            "moved": {label: len(ids) for label, ids in merge.moved.items()},
        },
    )


def _move_facts(
    source: m.Person, target: m.Person, *, actor: Any, reason: str
) -> dict[str, list[int]]:
    moved: dict[str, list[int]] = {}
    for model in PERSON_FACTS:
        facts = model.objects.filter(person=source)
        if model is m.EventPerson:
            # The kept person may already be linked to the same event.
            facts = facts.exclude(event__in=target.events.all())
        for fact in facts:
            fact.person = target
            _save(fact, actor=actor, reason=reason)
            moved.setdefault(model._meta.label_lower, []).append(fact.pk)
    person_type = ContentType.objects.get_for_model(m.Person)
    for citation in m.Citation.objects.filter(
        content_type=person_type, object_id=source.pk
    ):
        citation.object_id = target.pk
        _save(citation, actor=actor, reason=reason)
        moved.setdefault("registry.citation", []).append(citation.pk)
    return moved


def _keep_display_name(
    merge: m.Person, keep: m.Person, *, actor: Any, reason: str
) -> dict[str, list[int]]:
    known = {keep.display_name, *keep.names.values_list("value", flat=True)}
    if not merge.display_name or merge.display_name in known:
        return {}
    name = m.NameVariant(
        person=keep, value=merge.display_name, kind=m.NameKind.OTHER, script=""
    )
    name.script = m.Script.of(name.value)
    _save(name, actor=actor, reason=reason)
    return {"registry.namevariant": [name.pk]}


def _combine_grades(
    keep: m.Person, merge: m.Person, chosen: dict[str, str]
) -> dict[str, Any]:
    """Give `keep` the strictest grades of the two (or those chosen).

    Returns the kept record's earlier grades, for undoing the merge.
    """
    unknown = [g for g, value in chosen.items() if value not in GRADES.get(g, ())]
    if unknown:
        raise ActionError(f"not a grade: {', '.join(sorted(unknown))}")
    before: dict[str, Any] = {}
    for grade in GRADES:
        value = chosen.get(grade) or strictest(
            grade, getattr(keep, grade), getattr(merge, grade)
        )
        if value != getattr(keep, grade):
            before[grade] = getattr(keep, grade)
            setattr(keep, grade, value)
    return before


def _fill_blanks(keep: m.Person, merge: m.Person) -> dict[str, Any]:
    filled: dict[str, Any] = {}
    for fields in FILLABLE:
        if _blank(getattr(keep, fields[0])) and not _blank(getattr(merge, fields[0])):
            for field in fields:
                filled[field] = getattr(keep, field)
                setattr(keep, field, getattr(merge, field))
    return filled


@transaction.atomic
def person_unmerge(*, merge: m.Merge, actor: Any, reason: str) -> None:
    """Undo a merge: move back what moved, remove what it added, restore blanks."""
    lock_register()
    merge = m.Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ActionError("this merge was already undone")
    if not reason.strip():
        raise ActionError("undoing a merge needs a reason")
    kept, merged = merge.kept, merge.merged
    later = (
        m.Merge.objects.filter(pk__gt=merge.pk, undone_at__isnull=True)
        .filter(Q(kept=kept) | Q(merged=kept))
        .order_by("-pk")
        .first()
    )
    if later is not None:
        raise ActionError(
            f"merge {later.pk} ({later.merged.record_id} into "
            f"{later.kept.record_id}) was made after this one on the same "
            f"record: undo merge {later.pk} first"
        )
    for label, ids in merge.moved.items():
        for fact in apps.get_model(label).objects.filter(pk__in=ids):
            if label == "registry.citation":
                fact.object_id = merged.pk
            else:
                fact.person = merged
            _save(fact, actor=actor, reason=reason)
    for label, ids in merge.added.items():
        for fact in apps.get_model(label).objects.filter(pk__in=ids):
            _delete(fact, actor=actor, reason=reason)
    for name, value in merge.filled.items():
        field = m.Person._meta.get_field(name)
        assert isinstance(field, Field)
        setattr(kept, name, field.to_python(value))
    kept.version += 1
    _save(kept, actor=actor, reason=reason)
    merged.merged_into = None
    merged.version += 1
    _save(merged, actor=actor, reason=reason)
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.undo_reason = reason
    merge.save()
    _audit_merge(AuditAction.PERSON_UNMERGE, merge, actor=actor)


@transaction.atomic
def pair_mark_distinct(
    *, first: m.Person, second: m.Person, actor: Any, reason: str
) -> m.NotDuplicate:
    """Record that two similar records are different people (leaves the queue)."""
    if first.pk == second.pk:
        raise ActionError("a record is always the same person as itself")
    if not reason.strip():
        raise ActionError("saying two records are different people needs a reason")
    low, high = sorted((first, second), key=lambda person: person.pk)
    decision, created = m.NotDuplicate.objects.get_or_create(
        first=low, second=high, defaults={"actor": actor, "reason": reason}
    )
    if created:
        audit_record(
            action=AuditAction.PAIR_DISTINCT,
            actor=actor,
            target=decision,
            details={"first": low.record_id, "second": high.record_id},
        )
    return decision


@transaction.atomic
def pair_defer(
    *, first: m.Person, second: m.Person, actor: Any, reason: str
) -> m.PairDeferral:
    """Put off the decision on a possible duplicate, saying why (it stays queued)."""
    if first.pk == second.pk:
        raise ActionError("a record is always the same person as itself")
    if not reason.strip():
        raise ActionError("putting a decision off needs a reason")
    low, high = sorted((first, second), key=lambda person: person.pk)
    deferral = m.PairDeferral.objects.create(
        first=low, second=high, actor=actor, reason=reason
    )
    # Record ids only: the reason stays on the deferral the entry points to.
    audit_record(
        action=AuditAction.PAIR_DEFER,
        actor=actor,
        target=deferral,
        details={"first": low.record_id, "second": high.record_id},
    )
    return deferral
