"""The JSON Schema of the registry JSON format, derived from the declaration.

`python -m ingest.schema` writes docs/registry.schema.json; a test checks
that the file is what this module derives, so the two cannot drift apart.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ingest import records as r
from ingest.json_format import FORMAT, VERSION
from ingest.records import GROUPS, PERSON, Field

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "registry.schema.json"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def value_schema(field: Field) -> dict[str, Any]:
    """The schema of one value of a field (an item, for a list)."""
    if field.kind == "boolean":
        return {"type": ["boolean", "null"]}
    if field.kind == "integer":
        return {"type": ["integer", "null"], "minimum": 0, "maximum": 9999}
    if isinstance(field.read, r.ChoiceReader):
        return {"enum": [*field.read.options, "", None]}
    if field.read is r.partial_date:
        return {"type": ["string", "null"], "pattern": f"{DATE_PATTERN}|^$"}
    if field.read is r.record_id:
        return {"type": "string", "pattern": r"^[\w.:/-]{1,100}$"}
    if field.required:
        return {"type": "string", "minLength": 1}
    return {"type": ["string", "null"]}


def field_schema(field: Field) -> dict[str, Any]:
    if field.many:
        item = value_schema(field)
        item["type"] = "string"
        return {"type": ["array", "null"], "items": item}
    return value_schema(field)


def object_schema(fields: tuple[Field, ...], **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: field_schema(f) for f in fields} | extra,
    }


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a registry JSON document."""
    groups = {
        group.name: {"type": ["array", "null"], "items": object_schema(group.fields)}
        for group in GROUPS
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://rollcall.example/registry.schema.json",
        "title": f"Rollcall registry, JSON format version {VERSION}",
        "description": "See docs/json-format.md. A missing key keeps the stored "
        "value on import; an empty one clears it.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "version", "persons"],
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "persons": {"type": "array", "items": {"$ref": "#/$defs/person"}},
        },
        "$defs": {"person": object_schema(PERSON, **groups)},
    }


def text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(text(), encoding="utf-8")
    sys.stdout.write(f"wrote {SCHEMA_PATH}\n")
