"""Deterministic builders for test data: records and files, no randomness."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ingest.csv_format import COLUMNS

BASE_ROW = {
    "record_id": "t-0001",
    "name": "Maryia Kalesnikava",
    "name_be": "Марыя Калеснікава",
    "name_ru": "Мария Колесникова",
    "sex": "f",
    "birth_date": "1982-04-24",
    "country": "BY",
    "region": "Minsk",
    "locality": "Minsk",
    "visibility": "public",
    "detained_on": "2020-09-07",
    "detention_kind": "colony",
    "facility": "Penal colony No. 4, Homel (women)",
    "recognized_on": "2020-09-09",
    "recognized_by": "Viasna",
    "articles": "BY-CC 361.3; BY-CC 357",
    "sentence": "11 years",
    "sentence_months": "132",
    "sentenced_on": "2021-09-06",
    "sources": "https://example.org/kalesnikava",
}


def make_row(**overrides: str) -> dict[str, str]:
    """A CSV row of a public political prisoner, with fields overridden."""
    return {**BASE_ROW, **overrides}


def csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return out.getvalue()


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


def import_rows(
    path: Path, rows: list[dict[str, Any]], *, approve: bool = False
) -> None:
    """Write rows as a registry CSV at `path` and import it (approved or not)."""
    from ingest.files import import_file

    import_file(write_csv(path, rows), dry_run=False, progress=False, approve=approve)
