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
