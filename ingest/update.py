"""How an incoming record changes a stored one: only what it says.

The rules (docs/registry-csv.md, "Updating"), written once:

* a field the input does not have (no CSV column, no JSON key) keeps its
  stored value; a present but empty one clears it, and the change lists it;
* an empty visibility or disclosure grade is "unsaid" and keeps the stored
  grade (a new person gets the default, `restricted` unless set otherwise);
* an incoming fact updates the stored fact it is (by its key fields, see
  `records.Group`) or is added; stored facts the input does not carry are
  kept. Only `replace=True` (`rollcall import --replace`) makes the input
  the whole of each kind of fact it carries, and lists what it removes.

Everything here is pure: records in, records and a list of changes out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ingest import records as r
from ingest.records import GROUPS, PERSON, Group, PersonRecord
from registry.grades import GRADES, rank

PERSON_FIELDS = frozenset(f.name for f in PERSON)
ALL_PRESENT = PERSON_FIELDS | {group.name for group in GROUPS}


@dataclass
class Changes:
    """What an update cleared and removed, for the import report."""

    cleared: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def blank(value: Any) -> bool:
    return value is None or value == "" or value == ()


def new_person(record_id: str, *, visibility: str) -> PersonRecord:
    """The empty record a new person's input is applied to."""
    return PersonRecord(record_id=record_id, visibility=visibility)


def apply(
    old: PersonRecord, incoming: PersonRecord, *, replace_facts: bool = False
) -> tuple[PersonRecord, Changes]:
    """The stored record `old` as `incoming` changes it (both canonical)."""
    present = incoming.present if incoming.present is not None else ALL_PRESENT
    changes = Changes()
    values: dict[str, Any] = {}
    for f in PERSON:
        if f.name not in present or f.name == "record_id":
            continue
        value = getattr(incoming, f.name)
        if f.grade and value == "":
            continue
        if blank(value) and not blank(getattr(old, f.name)):
            changes.cleared.append(f.name)
        values[f.name] = value
    for group in GROUPS:
        if group.name in present:
            values[group.name] = apply_group(
                group,
                getattr(old, group.name),
                getattr(incoming, group.name),
                # Source details describe the sources cited, they are not
                # facts of the person: never removed, only updated.
                replace_facts=replace_facts and group is not r.SOURCE_DETAILS,
                changes=changes,
            )
    new = with_cited_sources(replace(old, **values, origin=incoming.origin))
    if not any(getattr(old, group.name) for group in GROUPS):
        return new, changes  # a new person: the incoming facts, in order
    return r.canonical(new), changes


def with_cited_sources(record: PersonRecord) -> PersonRecord:
    """Details of exactly the sources the record cites (blank for new ones)."""
    described = {detail.url: detail for detail in record.source_details}
    return replace(
        record,
        source_details=tuple(
            described.get(url) or r.SourceRecord(url) for url in sorted(r.cited(record))
        ),
    )


def apply_group(
    group: Group,
    old: tuple[Any, ...],
    incoming: tuple[Any, ...],
    *,
    replace_facts: bool,
    changes: Changes,
) -> tuple[Any, ...]:
    if not old:
        return incoming
    result: list[Any] = list(old)
    unused = list(range(len(old)))
    added: list[Any] = []
    kept: list[int] = []
    for fact in incoming:
        index = find(group, old, unused, fact)
        if index is None:
            added.append(fact)
            continue
        unused.remove(index)
        kept.append(index)
        result[index] = updated(group, old[index], fact, changes)
    if replace_facts:
        for index in unused:
            changes.removed.append(f"{group.name}: {describe(group, old[index])}")
        result = [result[index] for index in sorted(kept)]
    return tuple(result + added)


def find(
    group: Group, old: tuple[Any, ...], unused: list[int], fact: Any
) -> int | None:
    """The stored fact an incoming fact is, if any.

    An input without any key field (a CSV with `facility` but no
    `detained_on`) means the latest stored fact, as a one-row-per-person
    file always did.
    """
    present = fact.present
    given = [n for n in group.key_fields if present is None or n in present]
    by_id = group.id_field and getattr(fact, group.id_field)
    if not given and not by_id:
        dated = sorted(unused, key=lambda i: r.fact_key(group, old[i]))
        return dated[-1] if dated else None
    wanted = group.key(fact, present)
    for index in unused:
        if group.key(old[index], present) == wanted:
            return index
    return None


def updated(group: Group, stored: Any, fact: Any, changes: Changes) -> Any:
    present = (
        fact.present if fact.present is not None else r.record_fields(group.record)
    )
    values = {}
    for name in present:
        value = getattr(fact, name)
        if blank(value) and not blank(getattr(stored, name)):
            changes.cleared.append(f"{group.name}: {name} of {describe(group, stored)}")
        values[name] = value
    return replace(stored, **values)


def describe(group: Group, fact: Any) -> str:
    """A fact in a few words, for the import report."""
    first = group.fields[0]
    text = first.write_cell(getattr(fact, first.name)) or "?"
    if group.date_field and group.date_field != first.name:
        return f"{text} ({getattr(fact, group.date_field) or '?'})"
    return text


def more_visible(old: PersonRecord, new: PersonRecord) -> list[str]:
    """The grades in which `new` shows more of the person than `old`."""
    return [
        f"{grade} {getattr(old, grade)} -> {getattr(new, grade)}"
        for grade in GRADES
        if rank(grade, getattr(new, grade)) < rank(grade, getattr(old, grade))
    ]
