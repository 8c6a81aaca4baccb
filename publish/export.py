"""The public export: the register as the disclosure rule lets it be seen."""

from __future__ import annotations

from typing import TextIO

from ingest.export import person_records
from ingest.files import export
from publish.disclosure import public_records


def export_public(out: TextIO, *, format: str) -> int:
    """Write what may be published, as CSV or JSON (`rollcall export --public`)."""
    return export(out, format=format, records=public_records(person_records()))
