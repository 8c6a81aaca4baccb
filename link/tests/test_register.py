from __future__ import annotations

import stat
from typing import Any

import pytest

from link import register
from link.core import Linker
from link.tests.test_cli import person

pytestmark = pytest.mark.django_db


def kept_files() -> list[Any]:
    return sorted(register.cache_dir().glob("automaton-*.pickle"))


def test_the_automaton_is_kept_for_the_owner_only_and_loaded_by_the_next_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person("vs-1", "Алесь Бяляцкі")
    register.linked_people()
    (kept,) = kept_files()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    register._cached.clear()  # as in a new process

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("built again")

    monkeypatch.setattr(Linker, "build", no_build)
    result, people = register.link_text("Алеся Бяляцкага")
    assert [people.record_ids[m.key] for m in result.mentions] == ["vs-1"]


def test_a_changed_register_is_built_again_and_the_old_copy_dropped() -> None:
    person("vs-1", "Алесь Бяляцкі")
    register.linked_people()
    first = kept_files()
    person("vs-2", "Марыя Калеснікава")
    result, _ = register.link_text("Марыя Калеснікава")
    assert len(result.mentions) == 1
    assert len(kept_files()) == 1 and kept_files() != first


def test_a_damaged_copy_is_ignored() -> None:
    person("vs-1", "Алесь Бяляцкі")
    register.linked_people()
    (kept,) = kept_files()
    kept.write_bytes(b"not a pickle")
    register._cached.clear()
    result, _ = register.link_text("Алесь Бяляцкі")
    assert len(result.mentions) == 1
