"""The initial vocabularies: event types, and Belarus reference data.

The Belarus files in `registry/data/` come with their sources (see
`registry/data/README.md`); each row's `source` cell is kept on the row.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def load_vocabulary(apps: Any) -> None:
    """Create the event types, articles and facilities that are missing."""
    from registry.models.event import EVENT_TYPES

    EventType = apps.get_model("registry", "EventType")
    Article = apps.get_model("registry", "Article")
    Facility = apps.get_model("registry", "Facility")
    for code, label in EVENT_TYPES:
        EventType.objects.get_or_create(code=code, defaults={"label": label})
    for row in rows("criminal_code_articles.csv"):
        Article.objects.get_or_create(
            code=row["code"],
            number=row["article"],
            defaults={
                "title_en": row["title_en"],
                "title_be": row["title_be"],
                "title_ru": row["title_ru"],
                "note": row["note"],
                "sources": row["source"],
            },
        )
    for row in rows("facilities.csv"):
        Facility.objects.get_or_create(
            name=row["name_en"],
            defaults={
                "name_be": row["name_be"],
                "name_ru": row["name_ru"],
                "kind": row["kind"],
                "regime": row["regime"],
                "country": "BY",
                "region": row["region"],
                "locality": row["locality"],
                "postal_address": row["postal_address"],
                "sources": row["source"],
            },
        )
