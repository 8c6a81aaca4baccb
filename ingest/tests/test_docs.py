"""The format documents name every column and key the declaration has."""

from __future__ import annotations

from pathlib import Path

from ingest.csv_format import COLUMNS
from ingest.records import GROUPS, PERSON

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_csv_column_is_documented() -> None:
    text = (DOCS / "registry-csv.md").read_text(encoding="utf-8")
    assert [c for c in COLUMNS if f"`{c}`" not in text] == []


def test_every_json_key_is_documented() -> None:
    text = (DOCS / "json-format.md").read_text(encoding="utf-8")
    keys = {f.name for f in PERSON} | {g.name for g in GROUPS}
    keys |= {f.name for g in GROUPS for f in g.fields}
    assert sorted(k for k in keys if f'"{k}"' not in text) == []
