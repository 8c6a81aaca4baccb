"""In-memory index for searching and de-duplicating many names.

A person usually has several names (Belarusian, Russian, Latin spellings);
every one is added under the person's key. The index keeps, per word
skeleton, the names that contain it. A search:

1. finds, for each query word, similar skeletons in the vocabulary with
   rapidfuzz (plus every spelling of the query's given name);
2. adds up the best word similarity per query word for every name reached,
   a cheap score computed from dictionaries only;
3. runs the full `score` on the best few candidates per key and ranks them.

Duplicate detection (`pairs`) compares names that share a blocking key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from names.given import _lexicon, load_given_names
from names.match import (
    DUPLICATE_MIN_SCORE,
    SEARCH_MIN_SCORE,
    Hit,
    Match,
    _compare,
    _improves,
    _initials,
    _score_parsed,
)
from names.skeleton import word_skeleton, words
from names.tokenize import ParsedName, Role, parse_name

__all__ = ["NameIndex", "blocking_keys"]

K = TypeVar("K", bound=Hashable)

_SIMILAR_WORDS = 40  # vocabulary neighbours per query word
_WORD_CUTOFF = 70.0  # rapidfuzz ratio for a vocabulary neighbour
_RESCORED_KEYS = 60  # keys whose names get the full score
_MAX_BLOCK = 2000  # larger blocks are pre-filtered with cdist


def blocking_keys(name: str) -> set[str]:
    """Return the small set of keys under which `name` is compared with others.

    Every surname skeleton is a key; given name + surname beginning and given
    name + surname ending are keys too, so a typo in either half of the
    surname still leaves a shared key.
    """
    parsed = parse_name(name)
    surnames = [t for t in parsed.tokens if t.role is Role.SURNAME]
    given = [t for t in parsed.tokens if t.role is Role.GIVEN]
    if not surnames:
        surnames, given = given, []
    forms = [_blocking_form(t.skeleton) for t in surnames]
    keys = {f"s:{part}" for form in forms for part in form.split("-") if part}
    for token in given:
        for group in token.groups:
            for form in forms:
                keys.add(f"g:{group}:{form[:3]}")
                keys.add(f"g:{group}:{form[-3:]}")
    return keys


def _blocking_form(surname: str) -> str:
    """A surname skeleton with what spelling may change folded away for blocking.

    Š/Ž/Č may lose their marks (Špak = Spak) and Belarusian adds a prothetic
    в before у/о (Вус = Ус).
    """
    form = surname.lower()
    if form[:1] == "v" and form[1:2] in ("u", "a"):
        return form[1:]
    return form


@dataclass
class NameIndex(Generic[K]):
    """Names of many people, searchable in a few milliseconds."""

    keys: list[K] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    primary: dict[K, str] = field(default_factory=dict)
    postings: dict[str, list[int]] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, pairs: Iterable[tuple[K, str]]) -> NameIndex[K]:
        """Index `(key, name)` pairs; one key may have many names."""
        index: NameIndex[K] = cls()
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for key, name in pairs:
            entry = len(index.names)
            index.keys.append(key)
            index.names.append(name)
            index.primary.setdefault(key, name)
            for word in set(words(name)[:6]):
                postings[word_skeleton(word[:60])].append(entry)
        postings.pop("", None)
        index.postings = dict(postings)
        index.vocabulary = list(postings)
        return index

    def __len__(self) -> int:
        """Number of names (not keys) in the index."""
        return len(self.names)

    def search(
        self, query: str, limit: int = 10, min_score: float = SEARCH_MIN_SCORE
    ) -> list[Hit[K]]:
        """Return the best hits for `query`, one per key, best first."""
        cheap = self._cheap_scores(query)
        best: dict[K, Hit[K]] = {}
        for entry in self._shortlist(cheap):
            key, name = self.keys[entry], self.names[entry]
            match = _compare(query, name)
            if match.score >= min_score and _improves(
                query, match, name, best.get(key)
            ):
                best[key] = Hit(
                    key, self.primary[key], match.score, name, match.reasons
                )
        ranked = sorted(best.values(), key=lambda hit: (-hit.score, hit.matched))
        return ranked[:limit]

    def _cheap_scores(self, query: str) -> dict[int, float]:
        """Sum, per indexed name, the best similarity of each query word."""
        totals: defaultdict[int, float] = defaultdict(float)
        for similar in self._similar_words(query):
            best: dict[int, float] = {}
            for word, similarity in similar.items():
                for entry in self.postings.get(word, ()):
                    if similarity > best.get(entry, 0.0):
                        best[entry] = similarity
            for entry, similarity in best.items():
                totals[entry] += similarity
        return totals

    def _similar_words(self, query: str) -> list[dict[str, float]]:
        """For each query word, vocabulary skeletons that resemble it."""
        result = []
        for token in parse_name(query).tokens:
            if token.role is Role.INITIAL or not token.skeleton:
                continue
            found = process.extract(
                token.skeleton,
                self.vocabulary,
                scorer=fuzz.ratio,
                limit=_SIMILAR_WORDS,
                score_cutoff=_WORD_CUTOFF,
            )
            similar = {word: value / 100 for word, value, _ in found}
            for form in _group_skeletons(token.groups):
                if form in self.postings:
                    similar[form] = 1.0
            result.append(similar)
        return result

    def _shortlist(self, cheap: dict[int, float]) -> list[int]:
        """The best names of the best keys by cheap score."""
        ranked = sorted(cheap.items(), key=lambda item: -item[1])
        per_key: dict[K, list[int]] = {}
        for entry, _ in ranked:
            key = self.keys[entry]
            if key not in per_key and len(per_key) >= _RESCORED_KEYS:
                continue
            chosen = per_key.setdefault(key, [])
            if len(chosen) < 2:
                chosen.append(entry)
            if len(per_key) >= _RESCORED_KEYS and all(
                len(v) >= 2 for v in per_key.values()
            ):
                break
        return [entry for entries in per_key.values() for entry in entries]

    def pairs(
        self, min_score: float = DUPLICATE_MIN_SCORE
    ) -> Iterator[tuple[K, K, Match]]:
        """Yield `(key_a, key_b, match)` for probable duplicates, each key pair once.

        The best-scoring pair of names of the two keys is reported. Candidates
        are generated per key (person), not per name: keys meet when they
        share a given-name group and a surname beginning or ending, or, for
        names without a known given name (initials, unlisted names), the
        surname itself. Large blocks keep only similar surnames (rapidfuzz
        `cdist`). Per key pair only the distinct spellings are scored.
        """
        people = self._people(partial=min_score < _PARTIAL_MAX)
        for p, q in sorted(self._candidates(people)):
            match = _best_match(people[p], people[q])
            if match is not None and match.score >= min_score:
                yield people[p].key, people[q].key, match

    def _people(self, partial: bool) -> list[_Person[K]]:
        """Group the index by key, with the blocking data of each name once."""
        by_key: dict[K, _Person[K]] = {}
        for key, name in zip(self.keys, self.names, strict=True):
            person = by_key.get(key)
            if person is None:
                person = by_key[key] = _Person(key)
            person.add(name, partial)
        return list(by_key.values())

    def _candidates(self, people: list[_Person[K]]) -> set[tuple[int, int]]:
        """Pairs of person numbers (p < q) that share a blocking key."""
        given: defaultdict[str, dict[int, set[str]]] = defaultdict(dict)
        surname: defaultdict[str, set[int]] = defaultdict(set)
        open_surname: defaultdict[str, set[int]] = defaultdict(set)
        for number, person in enumerate(people):
            for block, surnames in person.given_keys.items():
                given[block].setdefault(number, set()).update(surnames)
            for block in person.surname_keys:
                surname[block].add(number)
            for block in person.open_keys:
                open_surname[block].add(number)
        found: set[tuple[int, int]] = set()
        for members in given.values():
            if len(members) > 1:
                found.update(_similar_surnames(members))
        for block, loose in open_surname.items():
            everyone = sorted(surname[block])
            for p in loose:
                for q in everyone:
                    if p != q:
                        found.add((p, q) if p < q else (q, p))
        return found


_PARTIAL_MAX = 0.65  # below this, partly equivalent given names can pair
_SURNAME_CUTOFF = 60.0  # rapidfuzz ratio of surname skeletons within a block
_SCORED_PAIRS = 3  # spelling pairs fully scored per key pair


@dataclass
class _Spelling:
    """One distinct spelling (by content skeletons) of a person's name."""

    name: str
    parsed: ParsedName
    key: str


@dataclass
class _Person(Generic[K]):
    """Every distinct spelling of one key's names, with its blocking keys."""

    key: K
    spellings: dict[str, _Spelling] = field(default_factory=dict)
    given_keys: dict[str, set[str]] = field(default_factory=dict)
    surname_keys: set[str] = field(default_factory=set)
    open_keys: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)

    def add(self, name: str, partial: bool) -> None:
        """Add a name; names alike in every token are scored once."""
        if name in self.seen:
            return
        self.seen.add(name)
        parsed = parse_name(name)
        if not parsed.tokens:
            return
        signature = _signature(parsed)
        key = " ".join(sorted(t.skeleton for t in parsed.tokens))
        current = self.spellings.get(signature)
        if current is None or (current.parsed.patronymics and not parsed.patronymics):
            self.spellings[signature] = _Spelling(name, parsed, key)
        self._add_keys(parsed, partial)

    def _add_keys(self, parsed: ParsedName, partial: bool) -> None:
        """Given-name group × surname start/end keys, or surname keys."""
        surnames = [t for t in parsed.tokens if t.role is Role.SURNAME]
        given = [t for t in parsed.tokens if t.role is Role.GIVEN]
        if not surnames:
            surnames, given = given, []
        parts = {
            p for t in surnames for p in _blocking_form(t.skeleton).split("-") if p
        }
        self.surname_keys.update(parts)
        if not given:
            self.open_keys.update(parts)
            return
        groups = {g for t in given for g in t.groups}
        if partial:
            table = load_given_names()
            groups |= {p for g in groups for p in table[g].partial}
        for group in groups:
            for token in surnames:
                forms = {token.skeleton, *token.skeleton.split("-")}
                key = _blocking_form(token.skeleton)
                for end in (key[:3], key[-3:]):
                    self.given_keys.setdefault(f"{group}:{end}", set()).update(forms)


def _signature(parsed: ParsedName) -> str:
    """What the score of a name depends on: names equal here score alike."""
    short = _lexicon().short
    parts = []
    for t in parsed.tokens:
        if t.role is Role.GIVEN:
            forms = tuple((t.normalized, g) in short for g in t.groups)
            parts.append(f"g{t.skeleton}{t.groups}{forms}{t.typo}")
        elif t.role is Role.INITIAL:
            parts.append(f"i{sorted(_initials(t))}")
        else:
            parts.append(f"s{t.skeleton}")
    patronymics = [t.skeleton for t in parsed.patronymics]
    return f"{sorted(parts)}{patronymics}"


def _similar_surnames(members: dict[int, set[str]]) -> Iterator[tuple[int, int]]:
    """Person pairs of one block whose surnames are alike (rapidfuzz ratio)."""
    owners = [p for p in sorted(members) for _ in members[p]]
    forms = [form for p in sorted(members) for form in sorted(members[p])]
    for i, form in enumerate(forms[:-1]):
        p = owners[i]
        found = process.extract(
            form,
            forms[i + 1 :],
            scorer=fuzz.ratio,
            score_cutoff=_SURNAME_CUTOFF,
            limit=None,
        )
        for _, _, j in found:
            q = owners[i + 1 + j]
            if p != q:
                yield (p, q) if p < q else (q, p)


def _best_match(a: _Person[K], b: _Person[K]) -> Match | None:
    """Full score of the most alike spellings of two persons."""
    options = [(x, y) for x in a.spellings.values() for y in b.spellings.values()]
    if len(options) > _SCORED_PAIRS:
        options.sort(key=lambda pair: -fuzz.ratio(pair[0].key, pair[1].key))
        options = options[:_SCORED_PAIRS]
    best: Match | None = None
    for x, y in options:
        match = _compare_parsed(x, y)
        if best is None or match.score > best.score:
            best = match
    return best


def _compare_parsed(x: _Spelling, y: _Spelling) -> Match:
    """`_compare` on already parsed names, in the same symmetric order."""
    first, second = (x, y) if x.name <= y.name else (y, x)
    return _score_parsed(first.parsed, second.parsed)


@lru_cache(maxsize=10_000)
def _group_skeletons(groups: tuple[str, ...]) -> set[str]:
    """Skeletons of every spelling of the given-name groups (and linked ones)."""
    table = load_given_names()
    ids = set(groups) | {p for g in groups for p in table[g].partial}
    return {
        word_skeleton(f.lower())
        for g in ids
        for f in table[g].forms + table[g].short_forms
    }
