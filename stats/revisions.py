"""Revisions explained: why the count on day D differs as known on K1 and K2.

The persons counted on D as the register stood at K1 and at K2 are compared;
each person counted at only one of the two moments is listed with every
change to their record, detentions and recognitions recorded between K1 and
K2 (from the kept history: when, by whom, why, and what changed). So the
list accounts for the difference exactly: added minus removed is the change
of the figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from registry import dates
from registry import models as m
from stats.figures import held_sql
from stats.tables import Register, as_date, chunks

ADDED = "added"
REMOVED = "removed"


@dataclass(frozen=True)
class Change:
    """One recorded change of a record, a detention or a recognition."""

    at: datetime
    by: str | None
    reason: str
    what: str


@dataclass
class Revision:
    record_id: str
    direction: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class Revisions:
    on: date
    first: datetime | None
    second: datetime | None
    before: int
    after: int
    entries: tuple[Revision, ...]


def held_ids(
    on: date, moment: datetime | None, among: frozenset[int] | None = None
) -> set[int]:
    """The persons held on `on` as the register stood at `moment` (of
    `among` only, when given)."""
    if among is not None and not among:
        return set()
    people, params = held_sql(on, placed=False)
    sql = f"WITH people AS ({people}) SELECT people.person_id FROM people"
    # (the live register is read whole: it has no history to narrow)
    narrowed = Register(moment, among=among if moment else None)
    found = {row[0] for row in narrowed.rows(sql, params)}
    return found if among is None else found & among


def revisions(on: date, first: datetime | None, second: datetime | None) -> Revisions:
    """Each person whose count on `on` differs between `first` and `second`.

    Whether a person counts on a day depends only on their own record,
    detentions and recognitions; so the register is read whole at one of
    the two moments (the live one, if either is: the cheaper) and, at the
    other, only for the persons one of whose rows changed between them.
    """
    at = now()
    low, high = sorted((first or at, second or at))
    # (the live register holds what is recorded after `at` too)
    live = first is None or second is None
    touched = persons_touched(low, None if live else high)
    if second is None:
        after = held_ids(on, second)
        before = (after - touched) | held_ids(on, first, touched)
    else:
        before = held_ids(on, first)
        after = (before - touched) | held_ids(on, second, touched)
    moved = {pid: ADDED for pid in after - before}
    moved.update({pid: REMOVED for pid in before - after})
    changes = changes_of(list(moved), low, high)
    records = record_ids(list(moved))
    entries = [
        Revision(records[pid], moved[pid], sorted(changes[pid], key=lambda c: c.at))
        for pid in moved
    ]
    entries.sort(key=lambda e: (e.direction, e.record_id))
    return Revisions(on, first, second, len(before), len(after), tuple(entries))


def persons_touched(low: datetime, high: datetime | None) -> frozenset[int]:
    """The persons whose record, or a detention or recognition that was
    ever theirs, has a version recorded from `low` up to `high` (None: up
    to now)."""
    found: set[int] = set()
    for key, model in MODELS.items():
        versions = model.history.filter(history_date__gte=low)
        if high is not None:
            versions = versions.filter(history_date__lt=high)
        if key == "person":
            found.update(versions.values_list("id", flat=True))
            continue
        rows = versions.values_list("id", flat=True).distinct()
        found.update(
            model.history.filter(id__in=rows)
            .values_list("person_id", flat=True)
            .distinct()
        )
    return frozenset(found - {None})


def now() -> datetime:
    from django.utils import timezone

    return timezone.now()


def record_ids(ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for part in chunks(ids):
        found.update(
            m.Person.history.filter(id__in=part)
            .order_by("history_id")
            .values_list("id", "record_id")
        )
    return found


# What is compared between two versions of a row, and how it is named.
WATCHED: dict[str, tuple[str, ...]] = {
    "person": ("died_on", "died_in_custody", "merged_into_id", "record_id"),
    "detention": ("start_on", "end_on", "kind", "person_id"),
    "recognition": ("start_on", "end_on", "organisation_id", "person_id"),
}
MODELS: dict[str, Any] = {
    "person": m.Person,
    "detention": m.Detention,
    "recognition": m.Recognition,
}


def changes_of(
    ids: list[int], low: datetime, high: datetime
) -> dict[int, list[Change]]:
    """The changes between `low` and `high` that touch the persons `ids`."""
    found: dict[int, list[Change]] = defaultdict(list)
    users = usernames()
    for name, model in MODELS.items():
        history = model.history.model
        for part in chunks(ids):
            owner = "id" if name == "person" else "person_id"
            rows_of = history.objects.filter(**{f"{owner}__in": part}).values("id")
            versions = history.objects.filter(id__in=rows_of).order_by(
                "id", "history_id"
            )
            previous: dict[int, Any] = {}
            for version in versions.values():
                before = previous.get(version["id"])
                previous[version["id"]] = version
                if not low <= version["history_date"] < high:
                    continue
                what = describe(name, before, version)
                change = Change(
                    at=version["history_date"],
                    by=users.get(version["history_user_id"]),
                    reason=version["history_change_reason"] or "",
                    what=what,
                )
                for pid in owners(name, before, version):
                    if pid in part:
                        found[pid].append(change)
    return found


def owners(name: str, before: Any, version: Any) -> set[int]:
    key = "id" if name == "person" else "person_id"
    return {row[key] for row in (before, version) if row is not None}


def usernames() -> dict[int, str]:
    return dict(get_user_model().objects.values_list("pk", "username"))


def describe(name: str, before: dict[str, Any] | None, version: dict[str, Any]) -> str:
    """A sentence saying what one historical version changed."""
    kind = version["history_type"]
    if kind == "+":
        return "new record" if name == "person" else f"{name} added ({span(version)})"
    if kind == "-":
        if name == "recognition":
            return f"recognition withdrawn ({span(version)})"
        if name == "person":
            return "record deleted"
        # An import that replaces a detention deletes it and adds the new one:
        # the dates on both sides say what was corrected.
        return f"{name} deleted ({span(version)})"
    assert before is not None
    changed = [f for f in WATCHED[name] if before[f] != version[f]]
    if name == "person":
        return person_change(before, version, changed)
    parts = []
    if "person_id" in changed:
        parts.append(f"{name} moved to another record (merge or unmerge)")
    if "start_on" in changed or "end_on" in changed:
        parts.append(f"{name} dates corrected: {span(before)} -> {span(version)}")
        if name == "recognition" and before["end_on"] is None and version["end_on"]:
            parts[-1] = f"recognition ended on {version['end_on']}"
    if "kind" in changed:
        parts.append(f"detention kind {before['kind']} -> {version['kind']}")
    if "organisation_id" in changed:
        parts.append("recognising organisation changed")
    return "; ".join(parts) or f"{name} edited (no counted field changed)"


def person_change(
    before: dict[str, Any], version: dict[str, Any], changed: list[str]
) -> str:
    parts = []
    if "merged_into_id" in changed:
        if version["merged_into_id"] is not None:
            kept = m.Person.objects.filter(pk=version["merged_into_id"]).first()
            parts.append(f"merged into {kept.record_id if kept else 'another record'}")
        else:
            parts.append("merge undone")
    if "died_on" in changed or "died_in_custody" in changed:
        parts.append(f"death recorded: {version['died_on'] or 'none'}")
    if "record_id" in changed:
        parts.append(f"record id {before['record_id']} -> {version['record_id']}")
    return "; ".join(parts) or "record edited (no counted field changed)"


def span(row: dict[str, Any]) -> str:
    start = dates.shown(as_date(row["start_on"]), row["start_precision"]) or "?"
    end = dates.shown(as_date(row["end_on"]), row["end_precision"]) or "ongoing"
    return f"{start} to {end}"


def day_of(moment: datetime | None) -> str:
    return "now" if moment is None else (moment - timedelta(days=1)).date().isoformat()


def revisions_json(result: Revisions) -> dict[str, Any]:
    """The documented JSON of `rollcall stats --compare-known-on` (docs/stats.md)."""
    return {
        "on": result.on.isoformat(),
        "known_on": day_of(result.first),
        "compare_known_on": day_of(result.second),
        "count": result.before,
        "compare_count": result.after,
        "records": [
            {
                "record_id": entry.record_id,
                "counted": entry.direction,
                "changes": [
                    {
                        "at": change.at.isoformat(),
                        "by": change.by,
                        "reason": change.reason,
                        "what": change.what,
                    }
                    for change in entry.changes
                ],
            }
            for entry in result.entries
        ],
    }


def revisions_text(result: Revisions) -> str:
    lines = [
        f"political prisoners on {result.on}: {result.before} as known on "
        f"{day_of(result.first)}, {result.after} as known on {day_of(result.second)} "
        f"({result.after - result.before:+d})"
    ]
    for entry in result.entries:
        sign = "+" if entry.direction == ADDED else "-"
        lines.append(f"{sign} {entry.record_id}")
        for change in entry.changes:
            who = change.by or "import or system"
            why = f" ({change.reason})" if change.reason else ""
            lines.append(f"    {change.at:%Y-%m-%d %H:%M} {who}: {change.what}{why}")
    return "\n".join(lines)
