"""Adapter between the register and the linker: who can be found in a text.

This is a staff tool: the automaton holds every active person who is
public or restricted, with all their name variants. Anonymous persons are
left out: they are counted, never named, and a documenter must not learn
from a highlighted name that one is in the register. The automaton is kept
in memory and rebuilt when the register's names change (the same version
check as the search index).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Max, Q

from link.core import Linker, Mention, Result
from registry import models as m
from registry.matching import register_version
from registry.provisional import Provisional

_GIVEN = "given_names.csv"
_KEY_MODULES = (
    "link.core",
    "link.keys",
    "names.normalize",
    "names.skeleton",
    "names.given",
)

__all__ = [
    "LinkedPeople",
    "cache_dir",
    "linked_people",
    "link_text",
    "result_json",
]


@dataclass
class LinkedPeople:
    """The automaton of the register and each person's record id."""

    version: tuple[Any, ...]
    linker: Linker[int]
    record_ids: dict[int, str]


# The automaton in use, and whether it may be (registry.provisional): one
# built from a transaction's rows is kept on disk only once that commits.
_cached: list[tuple[LinkedPeople, Provisional | None]] = []
_lock = threading.Lock()


def _persons() -> Any:
    visible = (m.Visibility.PUBLIC, m.Visibility.RESTRICTED)
    return m.Person.objects.active().filter(visibility__in=visible)


def _people(record_ids: dict[int, str]) -> Iterator[tuple[int, str, list[str]]]:
    """(pk, display name, spellings) of every person that can be linked."""
    spellings: dict[int, list[str]] = {}
    names = m.NameVariant.objects.filter(person__in=_persons().values("pk"))
    for person_id, value in names.values_list("person_id", "value").iterator(
        chunk_size=10_000
    ):
        spellings.setdefault(person_id, []).append(value)
    rows = _persons().values_list("pk", "display_name", "record_id")
    for pk, display_name, record_id in rows.iterator(chunk_size=10_000):
        record_ids[pk] = record_id
        yield pk, display_name or record_id, spellings.get(pk, [])


def _facts() -> dict[int, set[str]]:
    """What tells namesakes apart: a death, and the dates of death,
    detention and release (to the day and to the month)."""
    facts: dict[int, set[str]] = {}
    died = _persons().filter(Q(died_on__isnull=False) | Q(died_in_custody=True))
    for pk, died_on in died.values_list("pk", "died_on"):
        facts.setdefault(pk, set()).update(["died", *_date_keys(died_on)])
    detentions = m.Detention.objects.filter(person__in=_persons().values("pk"))
    for pk, start_on, end_on in detentions.values_list(
        "person_id", "start_on", "end_on"
    ):
        facts.setdefault(pk, set()).update(_date_keys(start_on) + _date_keys(end_on))
    return facts


def _date_keys(day: date | None) -> list[str]:
    return [day.isoformat(), day.isoformat()[:7]] if day else []


def linked_people() -> LinkedPeople:
    """The automaton, rebuilt if the register changed since it was built.

    A build takes seconds at 100,000 persons, so the automaton is also kept
    in `var/` (a pickle of a few tens of MB that loads in a fraction of a
    second) for the next command or server process; it holds restricted
    names and is written like the database itself, readable by its owner
    only.
    """
    version = (*register_version(), _detention_version(), _code_version())
    with _lock:
        if not _cached or not current(*_cached[0], version):
            provisional = None
            people = _load(version)
            if people is None:
                record_ids: dict[int, str] = {}
                linker = Linker.build(_people(record_ids), facts=_facts())
                built = people = LinkedPeople(version, linker, record_ids)
                provisional = Provisional(then=lambda: _save(built))
            _cached[:] = [(people, provisional)]
        return _cached[0][0]


def current(
    people: LinkedPeople, provisional: Provisional | None, version: tuple[Any, ...]
) -> bool:
    return people.version == version and (provisional is None or provisional.usable())


def _detention_version() -> Any:
    """Changes when a detention is written: their dates tell namesakes apart."""
    return m.Detention.history.aggregate(last=Max("history_id"))["last"]


@lru_cache(maxsize=1)
def _code_version() -> str:
    """Changes when the code or data that make the keys change."""
    digest = hashlib.sha256()
    for module in _KEY_MODULES:
        spec = importlib.util.find_spec(module)
        digest.update(Path(spec.origin if spec and spec.origin else "").read_bytes())
    digest.update(resources.files("names.data").joinpath(_GIVEN).read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """Where the automaton is kept between processes."""
    return Path(settings.VAR_DIR) / "link"


def _cache_file(version: tuple[Any, ...]) -> Path:
    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:24]
    return cache_dir() / f"automaton-{digest}.pickle"


def _load(version: tuple[Any, ...]) -> LinkedPeople | None:
    """The kept automaton of this version of the register, if there is one."""
    try:
        with open(_cache_file(version), "rb") as file:
            people = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(people, LinkedPeople) or people.version != version:
        return None
    return people


def _save(people: LinkedPeople) -> None:
    """Keep the automaton for the next process; a failure only costs time."""
    path = _cache_file(people.version)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(descriptor, "wb") as file:  # mkstemp: owner-only mode
            pickle.dump(people, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for old in path.parent.glob("automaton-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return


def link_text(text: str, *, language: str = "auto") -> tuple[Result[int], LinkedPeople]:
    """Every mention of a linkable person in `text`, and unknown names."""
    people = linked_people()
    return people.linker.find(text, language=language), people


def result_json(result: Result[int], people: LinkedPeople) -> dict[str, Any]:
    """The documented JSON shape of a result (docs/link.md)."""
    return {
        "language": result.language,
        "mentions": [_mention_json(mention, people) for mention in result.mentions],
        "unknown_names": [
            {"start": u.start, "end": u.end, "text": u.text, "reason": u.reason}
            for u in result.unknown_names
        ],
    }


def _mention_json(mention: Mention[int], people: LinkedPeople) -> dict[str, Any]:
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "record_id": people.record_ids[mention.key],
        "name": mention.name,
        "variant": mention.variant,
        "score": mention.score,
        "reason": mention.reason,
        "kind": mention.kind,
        "alternatives": [people.record_ids[key] for key in mention.alternatives],
        "hints": [
            {
                "kind": hint.kind,
                "value": hint.value,
                "text": hint.text,
                "start": hint.start,
                "end": hint.end,
            }
            for hint in mention.hints
        ],
    }
