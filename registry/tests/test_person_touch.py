"""A fact changed outside the person's form makes a new version of the
person; with the version it was opened at, only if no one changed it since."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry import models as m
from registry.actions import StaleVersion, person_touch
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tmp_path: Path) -> m.Person:
    import_rows(tmp_path / "p.csv", [make_row()])
    return m.Person.objects.get()


def test_a_touch_is_a_new_version_kept_with_who_and_why(person: m.Person) -> None:
    person_touch(person_id=person.pk, actor=None, reason="the colony's number")
    person_touch(person_id=person.pk, actor=None, reason="release", expected=2)
    person.refresh_from_db()
    assert person.version == 3
    latest = person.history.latest()
    assert (latest.version, latest.history_change_reason) == (3, "release")


def test_a_touch_from_an_older_version_is_refused_and_changes_nothing(
    person: m.Person,
) -> None:
    person_touch(person_id=person.pk, actor=None, reason="first")
    kept = person.history.count()
    with pytest.raises(StaleVersion) as refused:
        person_touch(person_id=person.pk, actor=None, reason="second", expected=1)
    assert (refused.value.person_id, refused.value.expected) == (person.pk, 1)
    person.refresh_from_db()
    assert person.version == 2 and person.history.count() == kept
