"""The demo register: every person is found first by each of their spellings."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from demo.synthetic import generate
from ingest.json_format import FORMAT, VERSION, parse_json
from ingest.load import load
from registry.matching import search

pytestmark = pytest.mark.django_db


def test_the_demo_finds_a_person_first_by_belarusian_russian_and_latin_spellings() -> (
    None
):
    register = generate(2000, today=date(2026, 11, 1), duplicate_rate=0.02)
    document = {"format": FORMAT, "version": VERSION, "persons": register.persons}
    records, _ = parse_json(json.dumps(document).encode(), "demo")
    load(records, actor=None, reason="demo")
    same = {a: b for a, b in register.duplicates} | {
        b: a for a, b in register.duplicates
    }
    missed = []
    for person in random.Random(5).sample(register.persons, 150):
        spellings = [n["value"] for n in person["names"] if n["kind"] in ("be", "ru")]
        spellings += [n["value"] for n in person["names"] if n["kind"] == "latin"][:2]
        for spelling in spellings:
            results = search(spelling, limit=10)
            # Namesakes (another person with the very same names) tie on top.
            top = {r.record_id for r in results if r.score == results[0].score}
            if not top & {person["record_id"], same.get(person["record_id"])}:
                missed.append((spelling, person["record_id"]))
    assert missed == []
