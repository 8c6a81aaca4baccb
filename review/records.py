"""A person's whole record as JSON, read back, and compared field by field."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ingest.export import person_records
from ingest.json_format import Reader, person_to_json, stored_person
from ingest.records import GROUPS, PERSON, PersonRecord
from registry.models import Person


def current_records(person_ids: Iterable[int]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(person id, JSON record) of each active person named, as stored now."""
    wanted = list(person_ids)
    pk_of = dict(Person.objects.filter(pk__in=wanted).values_list("record_id", "pk"))
    for record in person_records(wanted):
        yield pk_of[record.record_id], person_to_json(record)


def current_record(person_id: int) -> dict[str, Any] | None:
    """The person's JSON record now (None for a merged record)."""
    return next((record for _, record in current_records([person_id])), None)


def record_of(document: dict[str, Any], *, label: str = "version") -> PersonRecord:
    """A stored JSON record read back (it was written by `person_to_json`)."""
    record = stored_person(document, f"{label}:persons[0]")
    if record is not None:
        return record
    reader = Reader(label)
    record = reader.read_person(document, 0)
    if record is None:
        raise ValueError(f"a stored record does not read: {reader.problems[:3]}")
    return record


@dataclass(frozen=True)
class Change:
    """One field, or one fact, that differs between two versions."""

    field: str
    before: str
    after: str


def shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def fact_text(fact: dict[str, Any]) -> str:
    """A fact in one readable line: its fields that say something."""
    return ", ".join(f"{key}: {shown(v)}" for key, v in fact.items() if shown(v))


def changes(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[Change]:
    """What differs from `before` to `after`, field by field and fact by fact.

    A fact that changed shows as the old one removed and the new one added,
    each in one line, in the order of the record.
    """
    before, after = before or {}, after or {}
    found = [
        Change(f.name, shown(before.get(f.name)), shown(after.get(f.name)))
        for f in PERSON
        if before.get(f.name) != after.get(f.name)
    ]
    for group in GROUPS:
        old = [json.dumps(x, sort_keys=True) for x in before.get(group.name, [])]
        new = [json.dumps(x, sort_keys=True) for x in after.get(group.name, [])]
        removed, added = Counter(old) - Counter(new), Counter(new) - Counter(old)
        for fact in old:
            if removed[fact]:
                removed[fact] -= 1
                found.append(Change(group.name, fact_text(json.loads(fact)), ""))
        for fact in new:
            if added[fact]:
                added[fact] -= 1
                found.append(Change(group.name, "", fact_text(json.loads(fact))))
    return found
