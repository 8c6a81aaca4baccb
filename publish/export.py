"""The public export: the register as the disclosure rule lets it be seen."""

from __future__ import annotations

from typing import TextIO

from ingest.files import export
from publish.disclosure import public_records
from review.queries import approved_records


def export_public(out: TextIO, *, format: str) -> int:
    """Write what may be published, as CSV or JSON (`rollcall export --public`):
    the last approved version of each person, as the disclosure rule allows."""
    records = approved_records(("public", "anonymous"))
    return export(out, format=format, records=public_records(records))
