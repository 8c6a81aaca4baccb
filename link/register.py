"""Adapter between the register and the linker: who can be found in a text.

This is a staff tool: the automaton holds every active person who is
public or restricted, with all their name variants. Anonymous persons are
left out: they are counted, never named, and a documenter must not learn
from a highlighted name that one is in the register. The automaton is kept
in memory and rebuilt when the register's names change (the same version
check as the search index).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q

from link.core import Linker, Mention, Result
from registry import models as m
from registry.matching import register_version

__all__ = ["LinkedPeople", "linked_people", "link_text", "result_json"]


@dataclass
class LinkedPeople:
    """The automaton of the register and each person's record id."""

    version: tuple[Any, ...]
    linker: Linker[int]
    record_ids: dict[int, str]


_cached: list[LinkedPeople] = []
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
    """The automaton, rebuilt if the register changed since it was built."""
    version = register_version()
    with _lock:
        if not _cached or _cached[0].version != version:
            record_ids: dict[int, str] = {}
            linker = Linker.build(_people(record_ids), facts=_facts())
            _cached[:] = [LinkedPeople(version, linker, record_ids)]
        return _cached[0]


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
