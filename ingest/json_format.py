"""The registry JSON format, version 2 (docs/json-format.md): every fact.

Keys, types and readers come from the declaration in `ingest.records`; a key
an object leaves out keeps the stored value on import (`ingest.update`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from ingest import records as r
from ingest.records import GROUPS, PERSON, Field, Group, Invalid, PersonRecord, Problem
from registry.dates import DateError, PartialDate

FORMAT = "rollcall-registry"
VERSION = 2
READABLE_VERSIONS = (1, 2)


def read_value(field: Field, value: object) -> Any:
    """A JSON value read by its field's declaration."""
    if value is None:
        return field.empty
    if type(value) is str and field.kind == "string" and not field.many:
        return field.read(value)  # most values: checked first
    if field.many:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Invalid("must be a list of strings")
        return tuple(field.read(item) for item in value)
    if field.kind == "boolean":
        if not isinstance(value, bool):
            raise Invalid("must be true, false or null")
        return value
    if field.kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid("must be a whole number or null")
        return field.read(str(value)) if value >= 0 else field.read("-")
    if not isinstance(value, str):
        raise Invalid(f"must be a string, not {type(value).__name__}")
    return field.read(value)


def write_value(field: Field, value: Any) -> Any:
    if value is None or type(value) is str:
        return value  # most values: checked first
    if field.many:
        return [r.shown(item) for item in value]
    if isinstance(value, (bool, int)):
        return value
    return r.shown(value)


NO_KEYS: frozenset[str] = frozenset()
# The keys an object of some fields may have, by the identity of the
# declaration's tuple of fields (hashing the fields would cost more than it
# saves: this is asked for every object read); the tuple is kept with its
# keys, so that an identity is never reused for another.
_KNOWN: dict[tuple[int, frozenset[str]], tuple[tuple[Field, ...], frozenset[str]]] = {}


def known_keys(fields: tuple[Field, ...], extra: frozenset[str]) -> frozenset[str]:
    key = (id(fields), extra)
    found = _KNOWN.get(key)
    if found is None or found[0] is not fields:
        found = _KNOWN[key] = (fields, frozenset(f.name for f in fields) | extra)
    return found[1]


def member(key: str) -> str:
    """A key as a step of a path: `.name`, or quoted when not a plain name
    (a key with a line break or a terminal's escape code stays on one line)."""
    if key.isidentifier():
        return f".{key}"
    return f"[{json.dumps(key)}]"


class Reader:
    """Reads a JSON document into records, collecting every problem."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(f"{self.label}:{path}", message))

    def read_object(
        self, value: object, fields: tuple[Field, ...], extra: set[str], path: str
    ) -> dict[str, Any] | None:
        """The keys of an object read by their fields; `extra` keys are left."""
        if not isinstance(value, dict):
            self.problem(path, "must be an object")
            return None
        unknown = value.keys() - known_keys(
            fields, NO_KEYS if not extra else frozenset(extra)
        )
        for key in sorted(unknown):
            self.problem(f"{path}{member(key)}", "unknown key")
        values: dict[str, Any] = {}
        missing = []
        for f in fields:
            if f.name not in value:
                if f.required:
                    missing.append(f.name)
                continue
            given = value[f.name]
            if f.required and given in (None, ""):
                self.problem(f"{path}.{f.name}", "is required")
                continue
            try:
                values[f.name] = read_value(f, given)
            except Invalid as error:
                self.problem(f"{path}.{f.name}", str(error))
        for name in missing:
            self.problem(f"{path}.{name}", "is required")
        return values

    def read_group(self, value: object, group: Group, path: str) -> tuple[Any, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, "must be a list")
            return ()
        facts = []
        for index, item in enumerate(value):
            before = len(self.problems)
            fields = self.read_object(item, group.fields, set(), f"{path}[{index}]")
            if fields is not None and len(self.problems) == before:
                facts.append(group.record(**fields, present=frozenset(fields)))
        return tuple(facts)

    def read_person(self, value: object, index: int) -> PersonRecord | None:
        path = f"persons[{index}]"
        before = len(self.problems)
        groups = {group.name for group in GROUPS}
        fields = self.read_object(value, PERSON, groups, path)
        if fields is None:
            return None
        assert isinstance(value, dict)
        for group in GROUPS:
            if group.name in value:
                fields[group.name] = self.read_group(
                    value[group.name], group, f"{path}.{group.name}"
                )
        if len(self.problems) > before:
            return None
        person = PersonRecord(
            **fields, origin=f"{self.label}:{path}", present=frozenset(fields)
        )
        for column, message in r.check_record(person):
            self.problem(f"{path}.{column}", message)
        return None if len(self.problems) > before else person


# Readers whose value, once read, is the string as stored: a record written by
# `person_to_json` needs none of them again (see `stored_person`).
AS_STORED: frozenset[Callable[[str], Any]] = frozenset(
    {r.text, r.record_id, r.country, r.url, r.content_hash}
)
# How `stored_person` reads each field: a string as it is, a list of strings
# as they are, a date by its parse alone (it was checked not to be after the
# day it was read), anything else as a Reader does.
STRING, STRINGS, DATE, CHECKED = "string", "strings", "date", "checked"


def stored_as(field: Field) -> str:
    plain = field.read in AS_STORED or isinstance(field.read, r.ChoiceReader)
    if plain:
        return STRINGS if field.many else STRING
    return DATE if field.read is r.partial_date and not field.many else CHECKED


# Each declaration's fields: (name, how it is read, the field, its empty
# value), and its keys.
Plan = tuple[tuple[tuple[str, str, Field, Any], ...], frozenset[str]]


def plan(fields: tuple[Field, ...], extra: tuple[str, ...] = ()) -> Plan:
    return (
        tuple((f.name, stored_as(f), f, f.empty) for f in fields),
        frozenset(f.name for f in fields) | frozenset(extra),
    )


PERSON_PLAN = plan(PERSON, tuple(group.name for group in GROUPS))
GROUP_PLANS = tuple((group, plan(group.fields)) for group in GROUPS)


def stored_values(document: dict[str, Any], fields: Plan) -> dict[str, Any] | None:
    """The fields of an object `person_to_json` wrote (every key, checked
    values), or None when it is not one."""
    if document.keys() != fields[1]:
        return None
    values: dict[str, Any] = {}
    for name, how, f, empty in fields[0]:
        value = document[name]
        if value is None:
            values[name] = empty
        elif how is STRING and type(value) is str:
            values[name] = value
        elif how is DATE and type(value) is str:
            values[name] = PartialDate.parse(value)
        elif how is STRINGS and type(value) is list:
            if value and not all(type(item) is str for item in value):
                return None
            values[name] = tuple(value)
        else:
            values[name] = read_value(f, value)
    return values


def stored_person(document: object, origin: str) -> PersonRecord | None:
    """A record as `person_to_json` wrote it (an approved version, say),
    read back without the checks it passed when it was first read: several
    times faster than `Reader.read_person`, which publishing would otherwise
    pay for every person. None when the document is not in the shape
    `person_to_json` writes now (an older version): read it with a Reader.
    """
    if not isinstance(document, dict):
        return None
    try:
        fields = stored_values(document, PERSON_PLAN)
        if fields is None:
            return None
        for group, group_plan in GROUP_PLANS:
            facts = []
            for item in document[group.name]:
                values = stored_values(item, group_plan)
                if values is None:
                    return None
                facts.append(group.record(**values, present=group_plan[1]))
            fields[group.name] = tuple(facts)
    except (Invalid, DateError, TypeError, AttributeError):
        return None
    return PersonRecord(**fields, origin=origin, present=PERSON_PLAN[1])


def parse_json(data: bytes, label: str) -> tuple[list[PersonRecord], list[Problem]]:
    """Parse a registry JSON document: records, or every problem found."""
    from ingest.csv_format import BadFile, decode

    try:
        document = json.loads(decode(data, label))
    except BadFile as error:
        return [], [error.problem]
    except json.JSONDecodeError as error:
        where = f"{label}:{error.lineno}:{error.colno}"
        return [], [Problem(where, f"not valid JSON: {error.msg}")]
    except RecursionError:
        return [], [Problem(label, "not valid JSON: nested too deeply")]
    reader = Reader(label)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        reader.problem("format", f'expected an object with "format": "{FORMAT}"')
        return [], reader.problems
    if document.get("version") not in READABLE_VERSIONS:
        reader.problem("version", f"expected version {VERSION}")
    unknown = document.keys() - {"format", "version", "persons"}
    for key in sorted(unknown):
        reader.problem(member(key).removeprefix("."), "unknown key")
    persons = document.get("persons")
    if not isinstance(persons, list):
        reader.problem("persons", "must be a list of persons")
        return [], reader.problems
    return read_persons(reader, persons)


def read_persons(
    reader: Reader, persons: list[object]
) -> tuple[list[PersonRecord], list[Problem]]:
    records: list[PersonRecord] = []
    index_of: dict[str, int] = {}
    for index, value in enumerate(persons):
        person = reader.read_person(value, index)
        if person is None:
            continue
        if person.record_id in index_of:
            first = index_of[person.record_id]
            message = f"already appears in persons[{first}]"
            reader.problem(f"persons[{index}].record_id", message)
            continue
        index_of[person.record_id] = index
        records.append(person)
    return records, reader.problems


# Export


def fact_to_json(group: Group, fact: Any) -> dict[str, Any]:
    return {f.name: write_value(f, getattr(fact, f.name)) for f in group.fields}


def person_to_json(person: PersonRecord) -> dict[str, Any]:
    """The JSON object of a record, with every key (empty means unknown)."""
    document = {f.name: write_value(f, getattr(person, f.name)) for f in PERSON}
    for group in GROUPS:
        document[group.name] = [
            fact_to_json(group, fact) for fact in getattr(person, group.name)
        ]
    return document


def write_json(persons: Iterable[PersonRecord], out: Any) -> int:
    """Write the document, one person per line so that diffs stay readable."""
    out.write(f'{{"format": "{FORMAT}", "version": {VERSION}, "persons": [')
    count = 0
    for person in persons:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(person_to_json(person), ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count
