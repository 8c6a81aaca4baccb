"""The registry JSON format, version 1 (docs/json-format.md): full history."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ingest import records as r
from ingest.records import Invalid, PersonRecord, Problem

FORMAT = "rollcall-registry"
VERSION = 1


def _string(reader: Callable[[str], Any]) -> Callable[[object], Any]:
    """Adapt a cell reader to a JSON value: a string, or null for unknown."""

    def read(value: object) -> Any:
        if value is None:
            return reader("")
        if not isinstance(value, str):
            raise Invalid(f"must be a string, not {type(value).__name__}")
        return reader(value)

    return read


def _boolean(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise Invalid("must be true, false or null")


def _months(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10_000:
        raise Invalid("must be a whole number of months or null")
    return value


def _list(item: Callable[[str], Any]) -> Callable[[object], tuple[Any, ...]]:
    def read(value: object) -> tuple[Any, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise Invalid("must be a list")
        if not all(isinstance(v, str) for v in value):
            raise Invalid("must be a list of strings")
        return tuple(item(v) for v in value)

    return read


TEXT = _string(r.text)
DATE = _string(r.partial_date)
SOURCES = _list(r.url)
VERIFY = _string(r.choice(r.VERIFICATION, default="reported"))


@dataclass(frozen=True)
class Shape:
    """The keys of one JSON object, each with its reader."""

    fields: dict[str, Callable[[object], Any] | Shape]
    required: tuple[str, ...] = ()


NAME = Shape(
    {
        "value": TEXT,
        "kind": _string(r.choice(r.NAME_KINDS, default="other")),
        "system": TEXT,
    },
    required=("value",),
)
DETENTION = Shape(
    {
        "kind": _string(r.choice((*r.DETENTION_KINDS, "unknown"), default="unknown")),
        "start": DATE,
        "end": DATE,
        "facility": TEXT,
        "facility_address": TEXT,
        "release_reason": _string(r.choice(r.RELEASE_REASONS)),
        "verification": VERIFY,
        "sources": SOURCES,
    }
)
RECOGNITION = Shape(
    {
        "start": DATE,
        "end": DATE,
        "organisation": TEXT,
        "criteria": TEXT,
        "verification": VERIFY,
        "sources": SOURCES,
    }
)
CASE = Shape(
    {
        "articles": _list(r.article),
        "sentence": TEXT,
        "sentence_months": _months,
        "sentenced_on": DATE,
        "in_absentia": _boolean,
        "verification": VERIFY,
        "sources": SOURCES,
    }
)
EVENT = Shape(
    {
        "type": _string(r.text),
        "date": DATE,
        "place": TEXT,
        "description": TEXT,
        "event_id": TEXT,
        "verification": VERIFY,
        "sources": SOURCES,
    },
    required=("type",),
)
HEALTH = Shape(
    {
        "condition": _string(r.choice(r.HEALTH)),
        "note": TEXT,
        "verification": VERIFY,
    },
    required=("condition",),
)
PERSON = Shape(
    {
        "record_id": _string(r.record_id),
        "name": TEXT,
        "names": NAME,
        "sex": _string(r.choice(r.SEX)),
        "birth_date": DATE,
        "country": _string(r.country),
        "region": TEXT,
        "locality": TEXT,
        "visibility": _string(r.choice(r.VISIBILITY, default="public")),
        "name_disclosure": _string(r.choice(r.NAME_DISCLOSURE, default="full")),
        "place_disclosure": _string(r.choice(r.PLACE_DISCLOSURE, default="locality")),
        "died_on": DATE,
        "died_in_custody": _boolean,
        "notes": TEXT,
        "sources": SOURCES,
        "detentions": DETENTION,
        "recognitions": RECOGNITION,
        "cases": CASE,
        "events": EVENT,
        "health": HEALTH,
    },
    required=("record_id",),
)
RECORD_OF = {
    "names": r.NameRecord,
    "detentions": r.DetentionRecord,
    "recognitions": r.RecognitionRecord,
    "cases": r.CaseRecord,
    "events": r.EventRecord,
    "health": r.HealthRecord,
}


class Reader:
    """Reads a JSON document into records, collecting every problem."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(f"{self.label}:{path}", message))

    def read_object(self, value: object, shape: Shape, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(path, "must be an object")
            return {}
        values: dict[str, Any] = {}
        for key in value.keys() - shape.fields.keys():
            self.problem(f"{path}.{key}", "unknown key")
        for key in shape.required:
            if value.get(key) in (None, ""):
                self.problem(f"{path}.{key}", "is required")
        for key, reader in shape.fields.items():
            if key not in value:
                continue
            if isinstance(reader, Shape):
                values[key] = self.read_list(value[key], reader, f"{path}.{key}", key)
                continue
            try:
                values[key] = reader(value[key])
            except Invalid as error:
                self.problem(f"{path}.{key}", str(error))
        return values

    def read_list(
        self, value: object, shape: Shape, path: str, key: str
    ) -> tuple[Any, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, "must be a list")
            return ()
        build = RECORD_OF[key]
        items = []
        for index, item in enumerate(value):
            fields = self.read_object(item, shape, f"{path}[{index}]")
            try:
                items.append(build(**fields))
            except TypeError:
                pass  # a required key is missing: already reported
        return tuple(items)

    def read_person(self, value: object, index: int) -> PersonRecord | None:
        path = f"persons[{index}]"
        before = len(self.problems)
        fields = self.read_object(value, PERSON, path)
        if len(self.problems) > before:
            return None
        person = PersonRecord(**fields, origin=f"{self.label}:{path}")
        for column, message in r.check_record(person):
            self.problem(f"{path}.{column}", message)
        return None if len(self.problems) > before else person


def parse_json(data: bytes, label: str) -> tuple[list[PersonRecord], list[Problem]]:
    """Parse a registry JSON v1 document: records, or every problem found."""
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
    if document.get("version") != VERSION:
        reader.problem("version", f"expected version {VERSION}")
    unknown = document.keys() - {"format", "version", "persons"}
    for key in sorted(unknown):
        reader.problem(key, "unknown key")
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


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def person_to_json(person: PersonRecord) -> dict[str, Any]:
    """The JSON object of a record, with every key (empty means unknown)."""
    return {
        "record_id": person.record_id,
        "name": person.name,
        "names": [
            {"value": n.value, "kind": n.kind, "system": n.system} for n in person.names
        ],
        "sex": person.sex,
        "birth_date": _date(person.birth_date),
        "country": person.country,
        "region": person.region,
        "locality": person.locality,
        "visibility": person.visibility,
        "name_disclosure": person.name_disclosure,
        "place_disclosure": person.place_disclosure,
        "died_on": _date(person.died_on),
        "died_in_custody": person.died_in_custody,
        "notes": person.notes,
        "sources": list(person.sources),
        "detentions": [detention_json(d) for d in person.detentions],
        "recognitions": [recognition_json(g) for g in person.recognitions],
        "cases": [case_json(c) for c in person.cases],
        "events": [event_json(e) for e in person.events],
        "health": [
            {"condition": h.condition, "note": h.note, "verification": h.verification}
            for h in person.health
        ],
    }


def detention_json(d: r.DetentionRecord) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "start": _date(d.start),
        "end": _date(d.end),
        "facility": d.facility,
        "facility_address": d.facility_address,
        "release_reason": d.release_reason,
        "verification": d.verification,
        "sources": list(d.sources),
    }


def recognition_json(g: r.RecognitionRecord) -> dict[str, Any]:
    return {
        "start": _date(g.start),
        "end": _date(g.end),
        "organisation": g.organisation,
        "criteria": g.criteria,
        "verification": g.verification,
        "sources": list(g.sources),
    }


def case_json(c: r.CaseRecord) -> dict[str, Any]:
    return {
        "articles": [str(a) for a in c.articles],
        "sentence": c.sentence,
        "sentence_months": c.sentence_months,
        "sentenced_on": _date(c.sentenced_on),
        "in_absentia": c.in_absentia,
        "verification": c.verification,
        "sources": list(c.sources),
    }


def event_json(e: r.EventRecord) -> dict[str, Any]:
    return {
        "type": e.type,
        "date": _date(e.date),
        "place": e.place,
        "description": e.description,
        "event_id": e.event_id,
        "verification": e.verification,
        "sources": list(e.sources),
    }


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
