"""Adapter between the register and `names`: search and duplicate detection.

The name index lives in memory, one per scope: `staff` (every active
person) and `public` (only persons who are public and whose name may be
published in full: a search by the full name of anyone else would reveal
that they are in the register). An index is rebuilt when the register's
names change, which is checked with two cheap queries per search.

Those queries read the highest history ids, and a rolled-back transaction
gives its ids back on SQLite (a rowid is the highest one plus one): a
rolled-back change followed by another one can bring the same ids with
other names. So an index built from a transaction's uncommitted rows is
used only inside that same transaction; it becomes everyone's when the
transaction commits (`_kept`).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Max

import names
from registry import models as m
from registry.provisional import Provisional

STAFF = "staff"
PUBLIC = "public"


@dataclass(frozen=True)
class Result:
    record_id: str
    name: str
    score: float
    matched: str
    reasons: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "name": self.name,
            "score": round(self.score, 3),
            "matched": self.matched,
        }


@dataclass
class ScopeIndex:
    version: tuple[Any, ...]
    index: names.NameIndex[int]
    people: dict[int, tuple[str, str]]  # pk -> (record_id, display name)
    # Built from rows a transaction may still roll back (registry.provisional).
    provisional: Provisional


_indexes: dict[str, ScopeIndex] = {}
_lock = threading.Lock()


def scope_persons(scope: str) -> Any:
    persons = m.Person.objects.active()
    if scope == PUBLIC:
        persons = persons.public().filter(name_disclosure=m.NameDisclosure.FULL)
    return persons


def register_version() -> tuple[Any, ...]:
    """Changes whenever a person or a name is written (history ids only grow)."""
    person = m.Person.history.aggregate(last=Max("history_id"))["last"]
    name = m.NameVariant.history.aggregate(last=Max("history_id"))["last"]
    return (connection.settings_dict["NAME"], person, name)


def name_pairs(scope: str) -> Iterator[tuple[int, str]]:
    persons = scope_persons(scope)
    yield from persons.exclude(display_name="").values_list("pk", "display_name")
    variants = m.NameVariant.objects.filter(person__in=persons.values("pk"))
    yield from variants.values_list("person_id", "value").iterator(chunk_size=10_000)


def scope_index(scope: str) -> ScopeIndex:
    """The index of a scope, rebuilt if the register changed since it was built."""
    version = register_version()
    with _lock:
        cached = _indexes.get(scope)
        if (
            cached is None
            or cached.version != version
            or not cached.provisional.usable()
        ):
            people = {
                pk: (record_id, name)
                for pk, record_id, name in scope_persons(scope).values_list(
                    "pk", "record_id", "display_name"
                )
            }
            index = names.NameIndex.build(name_pairs(scope))
            cached = ScopeIndex(version, index, people, Provisional())
            _indexes[scope] = cached
    return cached


def search(
    query: str,
    *,
    scope: str = STAFF,
    limit: int = 10,
    min_score: float = names.SEARCH_MIN_SCORE,
) -> list[Result]:
    """Persons whose names match `query` in any script or spelling, best first."""
    if not query.strip() or limit < 1:
        return []
    cached = scope_index(scope)
    hits = cached.index.search(query[:500], limit=limit, min_score=min_score)
    return [
        Result(
            record_id=cached.people[hit.key][0],
            name=cached.people[hit.key][1] or hit.name,
            score=hit.score,
            matched=hit.matched,
            reasons=hit.reasons,
        )
        for hit in hits
    ]


# Duplicates: the name score, weighed with birth date, region and detentions.


@dataclass(frozen=True)
class Evidence:
    birth: tuple[date | None, str]
    region: str
    detained: frozenset[date]


@dataclass(frozen=True)
class Duplicate:
    a: str
    b: str
    score: float
    reasons: tuple[str, ...]
    a_pk: int = 0
    b_pk: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 3),
            "reasons": list(self.reasons),
        }


def evidence_of(pks: Iterable[int]) -> dict[int, Evidence]:
    pks = list(pks)
    detained: dict[int, set[date]] = defaultdict(set)
    starts = m.Detention.objects.filter(person__in=pks, start_on__isnull=False)
    for person_id, start_on in starts.values_list("person_id", "start_on"):
        if start_on is not None:
            detained[person_id].add(start_on)
    rows = m.Person.objects.filter(pk__in=pks).values_list(
        "pk", "birth_on", "birth_precision", "region"
    )
    return {
        pk: Evidence((born, precision), region, frozenset(detained[pk]))
        for pk, born, precision, region in rows
    }


def weigh_birth(
    score: float, a: tuple[date, str], b: tuple[date, str]
) -> tuple[float, str]:
    """Birth dates agree as far as both are known, or they tell people apart."""
    (born_a, precision_a), (born_b, precision_b) = a, b
    if born_a.year != born_b.year:
        return score * 0.6, f"different birth years ({born_a.year}, {born_b.year})"
    if "year" in (precision_a, precision_b):
        return score + 0.04, f"same birth year {born_a.year}"
    if born_a.month != born_b.month:
        return score * 0.7, f"born in {born_a.year} but in different months"
    if "month" in (precision_a, precision_b):
        return score + 0.06, f"same birth month {born_a:%Y-%m}"
    if born_a != born_b:
        return score * 0.75, f"born in {born_a:%Y-%m} but on different days"
    return score + 0.1, f"same birth date {born_a.isoformat()}"


def weigh(score: float, a: Evidence, b: Evidence) -> tuple[float, list[str]]:
    """Weigh a name score with the other facts of both records.

    Common names are shared by many people, so a name alone does not make a
    duplicate: without birth dates to compare, or with different regions,
    the score goes down; the same birth date or the same day of detention
    raise it. (Calibrated on synthetic registers with namesakes and planted
    duplicates: `make bench` reports precision and recall.)
    """
    reasons: list[str] = []
    (born_a, precision_a), (born_b, precision_b) = a.birth, b.birth
    if born_a and born_b:
        score, reason = weigh_birth(score, (born_a, precision_a), (born_b, precision_b))
        reasons.append(reason)
    else:
        score *= 0.95
    if a.region and b.region:
        if a.region == b.region:
            score += 0.03
            reasons.append(f"same region ({a.region})")
        else:
            score *= 0.8
            reasons.append(f"different regions ({a.region}, {b.region})")
    if a.detained & b.detained:
        day = min(a.detained & b.detained)
        score += 0.08
        reasons.append(f"detained on the same day {day.isoformat()}")
    elif a.detained and b.detained:
        score *= 0.95
        reasons.append("no detention on the same day")
    return min(1.0, score), reasons


def duplicates(*, min_score: float = names.DUPLICATE_MIN_SCORE) -> list[Duplicate]:
    """Candidate pairs of records of one person, best first, with reasons."""
    cached = scope_index(STAFF)
    # Evidence can raise a score, so name pairs a little below the bar count.
    found = list(cached.index.pairs(min_score=min_score - 0.1))
    evidence = evidence_of({pk for a, b, _ in found for pk in (a, b)})
    decided = set(m.NotDuplicate.objects.values_list("first_id", "second_id"))
    result = []
    for a, b, match in found:
        if (min(a, b), max(a, b)) in decided:
            continue
        weighed, reasons = weigh(match.score, evidence[a], evidence[b])
        if weighed >= min_score:
            result.append(
                Duplicate(
                    a=cached.people[a][0],
                    b=cached.people[b][0],
                    score=weighed,
                    reasons=(*match.reasons, *reasons),
                    a_pk=a,
                    b_pk=b,
                )
            )
    return sorted(result, key=lambda d: (-d.score, d.a, d.b))


@dataclass(frozen=True)
class Probable:
    """An existing person that an incoming record probably describes."""

    pk: int
    record_id: str
    name: str
    score: float
    reasons: tuple[str, ...]


def probable_person(
    spellings: Iterable[str], evidence: Evidence, *, min_score: float
) -> Probable | None:
    """The existing person best matching a new record's names and facts."""
    cached = scope_index(STAFF)
    best: dict[int, names.Hit[int]] = {}
    for spelling in spellings:
        for hit in cached.index.search(spelling, limit=5, min_score=min_score - 0.1):
            if hit.key not in best or hit.score > best[hit.key].score:
                best[hit.key] = hit
    known = evidence_of(best)
    ranked = []
    for pk, hit in best.items():
        weighed, reasons = weigh(hit.score, evidence, known[pk])
        if weighed >= min_score:
            record_id, name = cached.people[pk]
            ranked.append(
                Probable(pk, record_id, name, weighed, (*hit.reasons, *reasons))
            )
    return max(ranked, key=lambda p: (p.score, p.record_id), default=None)
