"""The name index after a rollback: SQLite gives a rolled-back row's id to
the next row, so the highest history ids (the index's key) can repeat with
other names; an index built from rolled-back rows is never used again."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from registry import matching
from registry import models as m


class Undone(Exception):
    pass


def found(query: str) -> list[str]:
    return [result.record_id for result in matching.search(query)]


def add(record_id: str, name: str) -> None:
    m.Person.objects.create(record_id=record_id, display_name=name)


def change_then_roll_back() -> tuple[object, ...]:
    """Add Ihar Losik, search for him, roll back; the index's key then."""
    with pytest.raises(Undone), transaction.atomic():
        add("losik", "Ihar Losik")
        assert found("Ihar Losik") == ["losik"]
        key = matching.register_version()
        raise Undone
    return key


def assert_the_index_is_of_the_register_now(key: tuple[object, ...]) -> None:
    add("bialiatski", "Ales Bialiatski")
    if connection.vendor == "sqlite":
        # The same history ids as the rolled-back change: the key repeats.
        assert matching.register_version() == key
    assert found("Ihar Losik") == []
    assert found("Ales Bialiatski") == ["bialiatski"]


@pytest.mark.django_db
def test_a_search_after_a_rolled_back_change_does_not_use_its_index() -> None:
    """A rolled-back savepoint here; a rolled-back transaction drops its
    on-commit callbacks the same way (each test's own one, for a start)."""
    add("kalesnikava", "Maryia Kalesnikava")
    assert found("Kalesnikava") == ["kalesnikava"]
    assert_the_index_is_of_the_register_now(change_then_roll_back())


@pytest.mark.django_db
def test_an_index_built_in_a_transaction_that_commits_is_kept(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        add("losik", "Ihar Losik")
        assert found("Ihar Losik") == ["losik"]
        built = matching._indexes[matching.STAFF]
        assert not built.provisional.committed
    # Committed: trusted from now on, and not rebuilt for the next search.
    assert built.provisional.committed
    assert found("Ihar Losik") == ["losik"]
    assert matching._indexes[matching.STAFF] is built
