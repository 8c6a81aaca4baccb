"""The figures the README quotes from the demo register are the demo's."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from demo.loader import load_demo
from stats.counting import count

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLE = re.compile(
    r"rollcall count --on (\S+)(?: --known-on (\S+))?\s+# (\d+)$", re.MULTILINE
)

pytestmark = pytest.mark.django_db


def test_the_readme_counts_are_what_the_demo_gives() -> None:
    examples = EXAMPLE.findall(README.read_text(encoding="utf-8"))
    assert len(examples) >= 3
    load_demo(count=2000, progress=False)
    for on, known_on, figure in examples:
        moment = None
        if known_on:
            moment = datetime.combine(
                date.fromisoformat(known_on) + timedelta(days=1),
                datetime.min.time(),
                UTC,
            )
        assert count(date.fromisoformat(on), moment).count == int(figure), (
            on,
            known_on,
        )


def end_of(day: str) -> datetime:
    return datetime.combine(
        date.fromisoformat(day) + timedelta(days=1), datetime.min.time(), UTC
    )


def test_the_done_when_of_the_figures_holds_on_the_demo() -> None:
    """Issue 7's "Done when" on the demo register: the HTML fact sheet of
    2024-05-21 since 2021-05-21 links every number to records that add up to
    it, and the compare of 2023-06-30 with 2024-06-30 explains its difference
    record by record."""
    import json

    import jsonschema

    from stats.factsheet import factsheet, factsheet_json
    from stats.revisions import revisions
    from stats.sheets import factsheet_html

    load_demo(count=2000, progress=False)
    on, since = date(2024, 5, 21), date(2021, 5, 21)
    sheet = factsheet(on=on, since=since, known_on=None, moment=None, public=False)
    html = factsheet_html(sheet)
    anchors = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'<a[^>]*href="#([^"]+)"[^>]*>([^<]+)</a>', html)
    checked = 0
    for target, text in links:
        assert target in anchors, target
        listed = re.search(rf'id="{target}"><h3>[^<]*\((\d+)\)</h3>', html)
        if target.startswith("records-"):
            assert listed is not None, target
            assert listed.group(1) == text.replace(",", ""), target
            checked += 1
    assert checked >= 20  # counts, vulnerable, flows, events and their persons
    assert f">{sheet.count.shown.count:,}</a>" in html
    schema = json.loads((README.parent / "docs" / "factsheet.schema.json").read_text())
    public = factsheet(on=on, since=since, known_on=None, moment=None, public=True)
    jsonschema.validate(factsheet_json(public), schema)

    explained = revisions(date(2023, 1, 1), end_of("2023-06-30"), end_of("2024-06-30"))
    added = sum(entry.direction == "added" for entry in explained.entries)
    removed = len(explained.entries) - added
    assert explained.after - explained.before == added - removed
    assert explained.entries and all(entry.changes for entry in explained.entries)
