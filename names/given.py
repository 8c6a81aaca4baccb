"""Given-name equivalence groups across Belarusian, Russian, Ukrainian, Polish
and English, loaded from `names/data/given_names.csv`.

A group holds every spelling of one name (Сяргей, Сергей, Сергій, Siarhei,
Sergei, Serge…) plus its short forms (Серёжа). Some groups are only partially
equivalent: Алесь is a name of its own and also a short form of Аляксандр, so
Ales Pushkin the artist is not necessarily Alexander Pushkin the poet.
"""

from __future__ import annotations

import csv
import enum
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA

from names.normalize import normalize
from names.skeleton import skeleton

__all__ = [
    "Equivalence",
    "GivenNameGroup",
    "given_name_equivalence",
    "given_name_group",
    "given_name_groups",
    "given_name_sex",
    "load_given_names",
]

_FORM_COLUMNS = ("be", "ru", "uk", "pl", "en", "latin")


class Equivalence(enum.Enum):
    """How two given names relate."""

    SAME = "same name"
    SHORT_FORM = "short form"
    PARTIAL = "partial"
    DIFFERENT = "different"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class GivenNameGroup:
    """One canonical given name with its spellings, short forms and links."""

    id: str
    sex: str
    forms: tuple[str, ...]
    short_forms: tuple[str, ...]
    partial: frozenset[str]
    sources: str


@dataclass(frozen=True)
class _Lexicon:
    groups: dict[str, GivenNameGroup]
    by_form: dict[str, tuple[str, ...]]
    by_skeleton: dict[str, tuple[str, ...]]
    short: frozenset[tuple[str, str]]
    skeletons: tuple[str, ...]


def load_given_names() -> dict[str, GivenNameGroup]:
    """Return every given-name group keyed by its canonical id."""
    return dict(_lexicon().groups)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Read the CSV once and index every form by normalised text and skeleton."""
    text = resources.files("names.data").joinpath("given_names.csv").read_text("utf-8")
    groups = {row["id"]: _group(row) for row in csv.DictReader(text.splitlines())}
    by_form: defaultdict[str, list[str]] = defaultdict(list)
    by_skeleton: defaultdict[str, list[str]] = defaultdict(list)
    short: set[tuple[str, str]] = set()
    for is_short in (False, True):
        for group in groups.values():
            for form in group.short_forms if is_short else group.forms:
                _add(by_form, normalize(form), group.id)
                _add(by_skeleton, skeleton(form), group.id)
                if is_short:
                    short.add((normalize(form), group.id))
    return _Lexicon(
        groups=groups,
        by_form={k: tuple(v) for k, v in by_form.items()},
        by_skeleton={k: tuple(v) for k, v in by_skeleton.items()},
        short=frozenset(short),
        skeletons=tuple(by_skeleton),
    )


def _group(row: dict[str, str]) -> GivenNameGroup:
    """Build a group from one CSV row; multiple values are separated by |."""
    forms = [f for column in _FORM_COLUMNS for f in row[column].split("|") if f]
    return GivenNameGroup(
        id=row["id"],
        sex=row["sex"],
        forms=tuple(dict.fromkeys(forms)),
        short_forms=tuple(f for f in row["short"].split("|") if f),
        partial=frozenset(f for f in row["partial"].split("|") if f),
        sources=row["sources"],
    )


def _add(index: defaultdict[str, list[str]], key: str, group_id: str) -> None:
    """Append `group_id` under `key` once, keeping insertion priority."""
    if key and group_id not in index[key]:
        index[key].append(group_id)


@lru_cache(maxsize=50_000)
def given_name_groups(s: str, *, exact: bool = False) -> tuple[str, ...]:
    """Return the ids of every group `s` belongs to, best first (may be empty).

    Listed spellings are looked up first, then (unless `exact`) the phonetic
    skeleton, so an unlisted romanisation (Sjarhiej) still finds its group.
    """
    key = normalize(s)
    if len(key.replace("-", "")) < 2:
        return ()
    lexicon = _lexicon()
    found = lexicon.by_form.get(key, ())
    if found or exact:
        return found
    return lexicon.by_skeleton.get(skeleton(s), ())


def given_name_group(s: str) -> str | None:
    """Return the canonical id of the group of given name `s`, or None.

    >>> given_name_group("Зміцер"), given_name_group("Dmitry")
    ('dmitrii', 'dmitrii')
    """
    groups = given_name_groups(s)
    return groups[0] if groups else None


@lru_cache(maxsize=50_000)
def closest_given_name_groups(s: str) -> tuple[str, ...]:
    """Return the groups of the listed name one edit away from `s` (typos)."""
    key = skeleton(s)
    if len(key) < 5 or " " in key:
        return ()
    lexicon = _lexicon()
    found = process.extractOne(
        key, lexicon.skeletons, scorer=OSA.distance, score_cutoff=1
    )
    return lexicon.by_skeleton[found[0]] if found else ()


def given_name_sex(s: str) -> str | None:
    """Return "m" or "f" when every group of `s` agrees, else None."""
    sexes = {_lexicon().groups[g].sex for g in given_name_groups(s)}
    return sexes.pop() if len(sexes) == 1 else None


def given_name_equivalence(a: str, b: str) -> Equivalence:
    """Classify two given names: same, short form, partial, different or unknown.

    >>> given_name_equivalence("Ales", "Aliaksandr")
    <Equivalence.PARTIAL: 'partial'>
    """
    groups_a, groups_b = given_name_groups(a), given_name_groups(b)
    return _relation(normalize(a), groups_a, normalize(b), groups_b)


def _relation(
    a: str, groups_a: tuple[str, ...], b: str, groups_b: tuple[str, ...]
) -> Equivalence:
    """Relate two names by their (already looked-up) groups."""
    if not groups_a or not groups_b:
        return Equivalence.UNKNOWN
    shared = [g for g in groups_a if g in groups_b]
    if shared:
        short = _lexicon().short
        is_short = any((a, g) in short or (b, g) in short for g in shared)
        return Equivalence.SHORT_FORM if is_short else Equivalence.SAME
    groups = _lexicon().groups
    if any(groups[g].partial.intersection(groups_b) for g in groups_a):
        return Equivalence.PARTIAL
    return Equivalence.DIFFERENT
