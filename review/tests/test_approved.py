"""The approved register: the register as its editors approved it, read by
`stats` like the live one (review.approved)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from hypothesis import given

from registry import models as m
from registry.actions import person_merge, person_touch
from review.actions import person_approve, person_submit
from review.approved import approved_register, name_of
from review.testing import approve_all
from stats.figures import FIELDS
from stats.series import CASES, series, series_by_fields
from stats.tables import KEPT, Register
from stats.tests import registers
from stats.tests.strategies import FIRST, LAST, build, register_specs

pytestmark = pytest.mark.django_db

# Columns that are not what a row says: ids of rows made anew, the version.
UNSAID = {"person": {"version"}, "charge": {"id"}, "eventperson": {"id"}}


def contents(register: Register, key: str) -> list[tuple[Any, ...]]:
    """Every row of a table as the register has it, in a stable order."""
    columns = [
        field.column
        for field in KEPT[key]._meta.concrete_fields
        if field.column not in UNSAID.get(key, set())
    ]
    # A case names each article once in the record form (the same charge
    # twice says no more).
    distinct = "DISTINCT " if key == "charge" else ""
    rows = register.rows(
        f"SELECT {distinct}{', '.join(columns)} FROM {{{key}}} AS t", {}
    )
    return sorted((tuple(map(plain, row)) for row in rows), key=repr)


def plain(value: Any) -> Any:
    """A value as a copied table gives it (SQLite converts only the columns
    its tables declare as dates and booleans)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def same_as_live(approved: Register) -> None:
    for key in KEPT:
        assert contents(approved, key) == contents(Register(), key), key
    fields = (*FIELDS, CASES)
    assert series_by_fields(
        FIRST, LAST, fields, every="week", public=True, closed=True, register=approved
    ) == series_by_fields(FIRST, LAST, fields, every="week", public=True, closed=True)


def touch(person: m.Person) -> None:
    """A new version that changes nothing: the approved one is no longer current."""
    person_touch(person_id=person.pk, actor=None, reason="opened and saved")


def held(register: Register, day: date) -> int:
    return series(day, day, register=register).totals[0]


def approve(person: m.Person) -> None:
    person.refresh_from_db()
    person_approve(actor=None, person=person, reason="checked")


@given(specs=register_specs)
def test_a_register_approved_as_it_stands_is_read_as_it_is(specs: list) -> None:
    with transaction.atomic():
        build(specs)
        approve_all()
        with approved_register() as approved:
            same_as_live(approved)
        transaction.set_rollback(True)


@given(specs=register_specs)
def test_approved_versions_read_back_are_the_rows_they_were(specs: list) -> None:
    """Every person changed since approval (a new version saying the same):
    the rows are made from the approved versions, and are the stored ones."""
    with transaction.atomic():
        persons = build(specs)
        approve_all()
        for person in persons:
            touch(person)
        with approved_register() as approved:
            same_as_live(approved)
        transaction.set_rollback(True)


def test_events_shared_with_persons_changed_since_are_kept_once() -> None:
    first = registers.prisoner("a", "2021-01-05")
    second = registers.prisoner("b", "2021-01-06")
    registers.event("search", "2021-01-02", first, second)
    registers.event("arrest", "2021-01-05", second)
    approve_all()
    touch(second)
    with approved_register() as approved:
        same_as_live(approved)
    touch(first)
    with approved_register() as approved:
        same_as_live(approved)


def test_a_record_submitted_again_unchanged_is_read_from_its_approved_version() -> None:
    person = registers.prisoner("a", "2021-01-05", place="Colony 4")
    registers.prisoner("b", "2021-01-05")
    approve_all()
    person_submit(person=person, actor=None)
    with approved_register() as approved:
        same_as_live(approved)


def test_a_change_not_approved_is_not_in_the_approved_register() -> None:
    person = registers.prisoner("a", "2021-01-05", place="Colony 4")
    approve_all()
    detention = person.detentions.get()
    detention.end_on = date(2021, 1, 20)
    detention.save()
    touch(person)
    registers.recognition(registers.person("b"), "2021-01-01")  # never approved
    with approved_register() as approved:
        assert held(approved, date(2021, 2, 1)) == 1
    assert held(Register(), date(2021, 2, 1)) == 0
    approve(person)
    with approved_register() as approved:
        assert held(approved, date(2021, 2, 1)) == 0
        assert held(approved, date(2021, 1, 20)) == 1


def test_persons_never_approved_or_merged_away_are_left_out() -> None:
    kept = registers.prisoner("a", "2021-01-05")
    merged = registers.prisoner("b", "2021-01-05")
    registers.prisoner("c", "2021-01-05")
    approve_all()
    registers.prisoner("d", "2021-01-05")
    person_merge(keep=kept, merge=merged, actor=None, reason="the same person")
    with approved_register() as approved:
        rows = approved.rows("SELECT p.record_id FROM {person} AS p", {})
        assert sorted(row[0] for row in rows) == ["a", "c"]
        assert held(approved, date(2021, 2, 1)) == 2


def test_a_person_hidden_since_approval_is_hidden_and_one_shown_is_not_yet() -> None:
    hidden = registers.prisoner("a", "2021-01-05")
    shown = registers.prisoner("b", "2021-01-05", visibility="anonymous")
    approve_all()
    m.Person.objects.filter(pk=hidden.pk).update(visibility="restricted")
    m.Person.objects.filter(pk=shown.pk).update(visibility="public")
    touch(hidden)
    touch(shown)
    with approved_register() as approved:
        rows = approved.rows("SELECT p.record_id, p.visibility FROM {person} AS p", {})
        assert sorted(rows) == [("a", "restricted"), ("b", "anonymous")]
        day = series(FIRST, LAST, public=True, register=approved)
        assert day.hidden_totals[-1] == 2


def test_a_facility_renamed_since_approval_is_found_by_its_old_name() -> None:
    person = registers.prisoner("a", "2021-01-05", place="SIZO-1")
    approve_all()
    facility = m.Facility.objects.get(name="SIZO-1")
    facility.name = "Pre-trial prison No. 1, Minsk"
    facility.save()
    touch(person)
    with approved_register() as approved:
        rows = approved.rows("SELECT d.facility_id FROM {detention} AS d", {})
        assert rows == [(facility.pk,)]


def test_without_events_a_query_of_events_is_refused() -> None:
    person = registers.prisoner("a", "2021-01-05")
    registers.event("search", "2021-01-02", person)
    approve_all()
    touch(person)
    with approved_register(events=False) as approved:
        assert held(approved, date(2021, 2, 1)) == 1
        with pytest.raises(ValueError, match="no table event"):
            approved.rows("SELECT COUNT(*) FROM {event} AS e", {})


def test_the_tables_are_gone_after_the_block() -> None:
    registers.prisoner("a", "2021-01-05")
    approve_all()
    with approved_register() as approved:
        assert held(approved, date(2021, 2, 1)) == 1
    for key in KEPT:
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM {name_of(key)}")
