from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from registry import models as m
from registry.actions import person_merge
from stats.figures import figures
from stats.revisions import ADDED, REMOVED, revisions
from stats.tests.registers import prisoner, recognition
from stats.tests.strategies import build, register_specs

pytestmark = pytest.mark.django_db

ON = date(2023, 1, 1)
K1 = datetime(2023, 7, 1, tzinfo=UTC)
K2 = datetime(2024, 7, 1, tzinfo=UTC)


def at(year: int, month: int) -> time_machine.travel:
    return time_machine.travel(datetime(year, month, 1, 12, tzinfo=UTC), tick=False)


def test_each_record_that_moved_the_figure_is_explained() -> None:
    editor = get_user_model().objects.create(username="editor")
    with at(2023, 1):
        kept = prisoner("kept", "2021-01-01", name="Ihar Losik")
        twin = prisoner("twin", "2021-02-01", name="Ihar Losik")
        withdrawn = prisoner("withdrawn", "2021-01-01")
        corrected = prisoner("corrected", "2021-01-01", "2022-12-01")
    with at(2024, 1):
        prisoner("new", "2022-05-01")
        stay = corrected.detentions.get()
        stay.end_on = date(2023, 3, 1)
        stay._history_user = editor  # type: ignore[attr-defined]
        stay._change_reason = "release date from the court record"  # type: ignore[attr-defined]
        stay.save()
        withdrawn.recognitions.get().delete()
        person_merge(keep=kept, merge=twin, actor=editor, reason="same person")
    result = revisions(ON, K1, K2)
    assert (result.before, result.after) == (3, 3)
    explained = {
        e.record_id: (e.direction, [c.what for c in e.changes]) for e in result.entries
    }
    assert explained["new"] == (
        ADDED,
        [
            "new record",
            "detention added (2022-05-01 to ongoing)",
            "recognition added (2022-05-01 to ongoing)",
        ],
    )
    assert explained["corrected"] == (
        ADDED,
        [
            "detention dates corrected: 2021-01-01 to 2022-12-01 "
            "-> 2021-01-01 to 2023-03-01"
        ],
    )
    assert explained["withdrawn"][0] == REMOVED
    assert explained["withdrawn"][1] == [
        "recognition withdrawn (2021-01-01 to ongoing)"
    ]
    assert explained["twin"][0] == REMOVED
    assert "merged into kept" in explained["twin"][1]
    corrected_entry = next(e for e in result.entries if e.record_id == "corrected")
    assert corrected_entry.changes[0].by == "editor"
    assert corrected_entry.changes[0].reason == "release date from the court record"


def test_a_row_merged_away_before_k1_is_not_read_as_its_first_persons() -> None:
    """The persons changed between K1 and K2 are read again at K2, each
    row as it stood then: a detention merged into another record long
    before is that record's, not the one it once was."""
    editor = get_user_model().objects.create(username="editor")
    with at(2022, 1):
        kept = prisoner("kept", "2021-01-01")
        twin = prisoner("twin", "2021-02-01")
        person_merge(keep=kept, merge=twin, actor=editor, reason="same person")
    with at(2024, 1):
        twin.refresh_from_db()
        twin.display_name = "Ihar Losik"
        twin.save()
    result = revisions(ON, K1, K2)
    assert (result.before, result.after) == (1, 1)
    assert (figures(ON, K1).count, figures(ON, K2).count) == (1, 1)
    assert result.entries == ()


def test_revisions_against_the_live_register_either_way() -> None:
    with at(2023, 1):
        kept = prisoner("kept", "2021-01-01")
        prisoner("withdrawn", "2021-01-01")
    with at(2024, 1):
        prisoner("new", "2022-05-01")
        m.Recognition.objects.filter(person__record_id="withdrawn").delete()
    kept.refresh_from_db()
    kept.display_name = "Ihar Losik"
    kept.save()  # (recorded now: after both moments)
    forward, backward = revisions(ON, K1, None), revisions(ON, None, K1)
    assert (forward.before, forward.after) == (2, 2)
    assert (backward.before, backward.after) == (2, 2)
    assert {(e.record_id, e.direction) for e in forward.entries} == {
        ("new", ADDED),
        ("withdrawn", REMOVED),
    }
    assert {(e.record_id, e.direction) for e in backward.entries} == {
        ("new", REMOVED),
        ("withdrawn", ADDED),
    }
    assert revisions(ON, None, None).entries == ()


@given(
    before=register_specs,
    later=register_specs,
    drop=st.integers(0, 3),
    merge=st.booleans(),
)
def test_revisions_account_exactly_for_the_difference(
    before: list, later: list, drop: int, merge: bool
) -> None:
    with transaction.atomic():
        with at(2023, 1):
            made = build(before)
        with at(2024, 1):
            build(later, prefix="later")
            for who in made[:drop]:
                m.Recognition.objects.filter(person=who).delete()
            for who in made[drop:]:
                recognition(who, "2022-12-31")
            if merge and len(made) > 1:
                # (their detentions and recognitions become the kept record's)
                actor = get_user_model().objects.get_or_create(username="editor")[0]
                kept, twin = (m.Person.objects.get(pk=p.pk) for p in made[:2])
                person_merge(keep=kept, merge=twin, actor=actor, reason="same")
        for on in (date(2020, 12, 31), date(2021, 1, 15), date(2023, 1, 1)):
            result = revisions(on, K1, K2)
            added = sum(1 for e in result.entries if e.direction == ADDED)
            removed = len(result.entries) - added
            assert result.before == figures(on, K1).count
            assert result.after == figures(on, K2).count
            assert added - removed == result.after - result.before
            assert all(entry.changes for entry in result.entries)
        transaction.set_rollback(True)
