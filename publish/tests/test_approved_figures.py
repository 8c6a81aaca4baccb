"""The published figures count what editors approved: a change no one has
approved moves no public figure until it is approved (review.approved)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from registry.models import Person
from registry.tests.builders import import_rows, make_row
from review.actions import person_approve

pytestmark = pytest.mark.django_db

NAMES = {
    "a": "Ales Bialiatski",
    "b": "Ihar Losik",
    "c": "Maryia Kalesnikava",
    "d": "Mikola Statkevich",
}


def row(record_id: str, **fields: str) -> dict[str, str]:
    """A public political prisoner held since 2020-09-07, recognised 2020-09-09."""
    return make_row(
        record_id=record_id, name=NAMES[record_id], name_be="", name_ru="", **fields
    )


def imported(tmp_path: Path, *rows: dict[str, str], approve: bool) -> None:
    files = list(tmp_path.glob("*.csv"))
    import_rows(tmp_path / f"step-{len(files)}.csv", list(rows), approve=approve)


def approve(record_id: str) -> None:
    person = Person.objects.get(record_id=record_id)
    person_approve(actor=None, person=person, reason="checked")


def figures(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT name, value FROM figures").fetchall()
    return {name: json.loads(value) for name, value in rows}


def test_a_release_not_approved_leaves_the_person_counted_until_it_is(
    tmp_path: Path, publish_now: Any
) -> None:
    imported(tmp_path, row("a"), row("b"), approve=True)
    imported(tmp_path, row("c"), approve=False)  # never approved
    before = figures(publish_now(approve=False))
    assert before["today"]["count"] == 2
    imported(tmp_path, row("a", released_on="2023-05-01"), approve=False)
    assert figures(publish_now(approve=False)) == before
    approve("a")
    after = figures(publish_now(approve=False))
    assert after["today"]["count"] == 1
    assert after["series"]["total"][-1] == 1
    assert after["on:2023-05-01"]["count"] == 2
    assert after["on:2023-06-01"]["count"] == 1


def test_a_recognition_not_approved_counts_no_one(
    tmp_path: Path, publish_now: Any
) -> None:
    imported(tmp_path, row("a"), approve=True)
    unrecognised = row("b", detained_on="2019-03-01", recognized_on="")
    imported(tmp_path, {**unrecognised, "recognized_by": ""}, approve=True)
    before = figures(publish_now(approve=False))
    assert (before["today"]["count"], before["series"]["from"]) == (1, "2020-09-09")
    imported(
        tmp_path,
        row("b", detained_on="2019-03-01", recognized_on="2019-05-01"),
        approve=False,
    )
    assert figures(publish_now(approve=False)) == before
    approve("b")
    after = figures(publish_now(approve=False))
    assert (after["today"]["count"], after["series"]["from"]) == (2, "2019-05-01")


def test_a_person_hidden_since_approval_is_counted_as_hidden(
    tmp_path: Path, publish_now: Any
) -> None:
    imported(tmp_path, row("a"), row("b"), approve=True)
    shown = figures(publish_now(approve=False))["today"]
    assert (shown["count"], shown["count_shown"]) == (2, "2")
    imported(tmp_path, row("a", visibility="anonymous"), approve=False)
    hidden = figures(publish_now(approve=False))
    assert (hidden["today"]["count"], hidden["today"]["count_shown"]) == (None, "< 5")
    assert hidden["series"]["total"][-1] is None
    sexes = hidden["today"]["breakdowns"]["sex"]
    assert [(cell["value"], cell["count"]) for cell in sexes] == [("f", None)]


def test_an_anonymous_release_is_counted_once_approved(
    tmp_path: Path, publish_now: Any
) -> None:
    imported(tmp_path, row("a"), row("b", visibility="anonymous"), approve=True)
    released = (date.today() - timedelta(days=5)).isoformat()
    anonymous = row("b", visibility="anonymous", released_on=released)
    imported(tmp_path, anonymous, approve=False)
    unnamed = figures(publish_now(approve=False))["unnamed"]
    assert unnamed["released"] == {"count": 0, "shown": "0"}
    approve("b")
    unnamed = figures(publish_now(approve=False))["unnamed"]
    assert unnamed["released"] == {"count": None, "shown": "< 5"}


def test_the_series_and_each_day_agree_with_the_count(
    tmp_path: Path, publish_now: Any
) -> None:
    imported(
        tmp_path, row("a"), row("b"), row("d", detained_on="2021-03-02"), approve=True
    )
    imported(tmp_path, row("b", released_on="2022-01-15"), approve=True)
    imported(tmp_path, row("a", released_on="2021-01-01"), approve=False)
    published = figures(publish_now(approve=False))
    series = dict(
        zip(published["series"]["dates"], published["series"]["total"], strict=True)
    )
    assert published["today"]["count"] == series[published["today"]["on"]] == 2
    for day in published["days"]:
        assert published[f"on:{day}"]["count"] == series[day], day
    assert series["2021-02-01"] == 2
    assert series["2021-04-01"] == 3
    assert series["2022-02-01"] == 2


def test_the_publication_is_demonstration_data_only_once_such_a_person_is_approved(
    tmp_path: Path, publish_now: Any
) -> None:
    imported(tmp_path, row("a"), approve=True)
    imported(tmp_path, row("b"), approve=False)
    Person.objects.filter(record_id="b").update(is_synthetic=True)

    def synthetic() -> int:
        with sqlite3.connect(publish_now(approve=False)) as db:
            ((flag,),) = db.execute("SELECT synthetic FROM publication")
        return int(flag)

    assert synthetic() == 0
    approve("b")
    assert synthetic() == 1
