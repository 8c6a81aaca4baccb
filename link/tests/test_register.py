from __future__ import annotations

import stat
from typing import Any

import pytest
from django.db import transaction

from link import register
from link.core import Linker
from link.tests.test_cli import person

pytestmark = pytest.mark.django_db


def kept_files() -> list[Any]:
    return sorted(register.cache_dir().glob("automaton-*.pickle"))


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """Build as a committed transaction would: kept on disk once it commits."""

    def build() -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return register.linked_people()

    return build


class Undone(Exception):
    pass


def test_the_automaton_is_kept_for_the_owner_only_and_loaded_by_the_next_process(
    monkeypatch: pytest.MonkeyPatch, committed: Any
) -> None:
    person("vs-1", "Алесь Бяляцкі")
    committed()
    (kept,) = kept_files()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    register._cached.clear()  # as in a new process

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("built again")

    monkeypatch.setattr(Linker, "build", no_build)
    result, people = register.link_text("Алеся Бяляцкага")
    assert [people.record_ids[m.key] for m in result.mentions] == ["vs-1"]


def test_a_changed_register_is_built_again_and_the_old_copy_dropped(
    committed: Any,
) -> None:
    person("vs-1", "Алесь Бяляцкі")
    committed()
    first = kept_files()
    person("vs-2", "Марыя Калеснікава")
    people = committed()
    assert len(register.link_text("Марыя Калеснікава")[0].mentions) == 1
    assert people is register.linked_people()
    assert len(kept_files()) == 1 and kept_files() != first


def test_a_damaged_copy_is_ignored(committed: Any) -> None:
    person("vs-1", "Алесь Бяляцкі")
    committed()
    (kept,) = kept_files()
    kept.write_bytes(b"not a pickle")
    register._cached.clear()
    result, _ = register.link_text("Алесь Бяляцкі")
    assert len(result.mentions) == 1


def test_an_automaton_of_rolled_back_rows_is_neither_kept_nor_used() -> None:
    """SQLite gives a rolled-back row's id to the next row: the automaton's
    key (the highest history ids) can come back with other names behind it."""
    person("vs-1", "Алесь Бяляцкі")
    with pytest.raises(Undone), transaction.atomic():
        person("vs-2", "Ігар Лосік")
        assert len(register.link_text("Ігар Лосік")[0].mentions) == 1
        raise Undone
    assert kept_files() == []
    person("vs-3", "Марыя Калеснікава")
    result, people = register.link_text("Ігар Лосік Марыя Калеснікава")
    assert [people.record_ids[m.key] for m in result.mentions] == ["vs-3"]
