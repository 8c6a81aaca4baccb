"""In-memory index for searching and de-duplicating many names.

A person usually has several names (Belarusian, Russian, Latin spellings);
every one is added under the person's key. The index keeps, per word
skeleton, the names that contain it. A search:

1. finds, for each query word, similar skeletons in the vocabulary with
   rapidfuzz (plus every spelling of the query's given name);
2. adds up the best word similarity per query word for every name reached,
   a cheap score computed from dictionaries only;
3. runs the full `score` on the best few candidates per key and ranks them.

Duplicate detection (`pairs`) compares names that share a blocking key;
linking (`link`) does the same between two sets of names, comparing only
pairs across them.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping, Sequence
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
from names.tokenize import ParsedName, Role, Token, parse_name

__all__ = ["NameIndex", "blocking_keys"]

K = TypeVar("K", bound=Hashable)
K2 = TypeVar("K2", bound=Hashable)

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
    _linked: dict[bool, _Linking[K]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

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

    def link(
        self,
        other: NameIndex[K2] | Iterable[tuple[K2, str]],
        min_score: float = SEARCH_MIN_SCORE,
    ) -> Iterator[tuple[K2, K, Match]]:
        """Yield `(other_key, key, match)` for alike people of `other` and this index.

        Links many incoming records (another index, or `(key, name)` pairs)
        to this one at once, much faster than one `search` per record. It
        uses the person-level blocking of `pairs`, but compares only pairs
        across the two sides: people who share a given-name group and a
        surname beginning or ending and whose surnames are alike (rapidfuzz
        ratio, one typo rather than two); or, when one of them has no known
        given name (initials, a surname alone), the same surname or a
        similar one with the same beginning or ending, if the initials can
        match. Each key pair scoring at least `min_score` is yielded once,
        with the best score of its most alike spelling pairs; pick the best
        link per incoming key yourself (other evidence may decide it). An
        index keeps its blocks for the next `link` while its names stay.
        """
        # Partly equivalent given names (Алесь ~ Аляксандр) can reach a low
        # `min_score`: their groups are added on the incoming side only.
        partial = min_score < _PARTIAL_MAX
        if isinstance(other, NameIndex):
            theirs = other._linking(partial)
        else:
            people = _people(other, partial)
            theirs = _Linking(len(people), people, _blocks(people))
        mine = self._linking(partial=False)
        found = _cross_candidates(theirs.blocks, mine.blocks)
        for p, q in sorted(found):
            match = _best_match(theirs.people[p], mine.people[q])
            if match is not None and match.score >= min_score:
                yield theirs.people[p].key, mine.people[q].key, match

    def _linking(self, partial: bool) -> _Linking[K]:
        """People and blocks for `link`, kept for the next call (same names)."""
        kept = self._linked.get(partial)
        if kept is None or kept.size != len(self.names):
            people = self._people(partial)
            kept = _Linking(len(self.names), people, _blocks(people))
            self._linked[partial] = kept
        return kept

    def _people(self, partial: bool) -> list[_Person[K]]:
        """Group the index by key, with the blocking data of each name once."""
        return _people(zip(self.keys, self.names, strict=True), partial)

    def _candidates(self, people: list[_Person[K]]) -> set[tuple[int, int]]:
        """Pairs of person numbers (p < q) that share a blocking key."""
        blocks = _blocks(people, linking=False)
        found: set[tuple[int, int]] = set()
        for members in blocks.given.values():
            if len(members) > 1:
                found.update(_similar_surnames(members))
        for block, loose in blocks.open.items():
            everyone = sorted(blocks.surname[block])
            for p in loose:
                for q in everyone:
                    if p != q:
                        found.add((p, q) if p < q else (q, p))
        return found


_PARTIAL_MAX = 0.65  # below this, partly equivalent given names can pair
_SURNAME_CUTOFF = 60.0  # rapidfuzz ratio of surname skeletons within a block
_LINK_CUTOFF = 75.0  # the same across two indexes (`link`): one typo, not two
_OPEN_CUTOFF = 80.0  # the same by surname alone (no given name to block on)
_SCORED_PAIRS = 3  # spelling pairs fully scored per key pair


@dataclass
class _Spelling:
    """One distinct spelling (by content skeletons) of a person's name."""

    name: str
    parsed: ParsedName
    key: str


@dataclass
class _Person(Generic[K]):
    """The distinct names of one key, parsed once with their blocking keys."""

    key: K
    names: list[_NameData] = field(default_factory=list)
    _spellings: list[_Spelling] | None = None

    def add(self, name: str, partial: bool) -> None:
        """Add a name unless the key has it already."""
        if any(data.spelling.name == name for data in self.names):
            return
        data = _name_data(name, partial)
        if data is not None:
            self.names.append(data)
            self._spellings = None

    @property
    def spellings(self) -> list[_Spelling]:
        """One name per signature: names alike in every token are scored once."""
        if self._spellings is None:
            self._spellings = self._distinct_spellings()
        return self._spellings

    def _distinct_spellings(self) -> list[_Spelling]:
        if len(self.names) == 1:
            return [self.names[0].spelling]
        spellings: dict[str, _Spelling] = {}
        for data in self.names:
            signature = _signature(data.spelling.parsed)
            current = spellings.get(signature)
            if current is None or (
                current.parsed.patronymics and not data.spelling.parsed.patronymics
            ):
                spellings[signature] = data.spelling
        return list(spellings.values())


@dataclass(frozen=True)
class _NameData:
    """What a name contributes to its person: spelling and blocking keys."""

    spelling: _Spelling
    given_keys: tuple[tuple[str, frozenset[str]], ...]
    surname_keys: frozenset[str]
    ends: tuple[tuple[str, frozenset[str]], ...]  # surname start/end -> forms
    open: bool  # no known given name: compared by surname alone
    letters: frozenset[str]  # what the given names and initials can start with


@lru_cache(maxsize=200_000)
def _name_data(name: str, partial: bool) -> _NameData | None:
    """Parse `name` once for every person that has it."""
    parsed = parse_name(name)
    tokens = parsed.tokens
    if not tokens:
        return None
    surnames = [t for t in tokens if t.role is Role.SURNAME]
    given = [t for t in tokens if t.role is Role.GIVEN]
    if not surnames:
        surnames, given = given, []
    if len(surnames) == 1:  # most names: share the surname's keys
        parts, ends = _surname_keys(surnames[0].skeleton)
    else:
        parts, ends = _merged_surname_keys(tuple(t.skeleton for t in surnames))
    groups = sorted({g for t in given for g in _blocking_groups(t.groups, partial)})
    initials = [t for t in tokens if t.role is Role.INITIAL]
    key = " ".join(sorted(t.skeleton for t in tokens))
    return _NameData(
        _Spelling(name, parsed, key),
        tuple((f"{g}:{end}", forms) for g in groups for end, forms in ends),
        parts,
        ends,
        not given,
        _letters(tuple(given + initials)),
    )


def _merged_surname_keys(
    skeletons: tuple[str, ...],
) -> tuple[frozenset[str], tuple[tuple[str, frozenset[str]], ...]]:
    """`_surname_keys` of several surname words together."""
    parts: set[str] = set()
    ends: dict[str, frozenset[str]] = {}
    for skeleton in skeletons:
        token_parts, token_ends = _surname_keys(skeleton)
        parts.update(token_parts)
        for end, forms in token_ends:
            ends[end] = ends[end] | forms if end in ends else forms
    return frozenset(parts), tuple(ends.items())


@lru_cache(maxsize=20_000)
def _letters(tokens: tuple[Token, ...]) -> frozenset[str]:
    """What the given names and initials among `tokens` can start with."""
    return frozenset().union(*(_initials(t) for t in tokens))


@lru_cache(maxsize=50_000)
def _surname_keys(
    skeleton: str,
) -> tuple[frozenset[str], tuple[tuple[str, frozenset[str]], ...]]:
    """Blocking parts of a surname skeleton, and its start and end with its forms."""
    forms = frozenset({skeleton, *skeleton.split("-")})
    form = _blocking_form(skeleton)
    parts = frozenset(p for p in form.split("-") if p)
    return parts, tuple((end, forms) for end in dict.fromkeys((form[:3], form[-3:])))


@lru_cache(maxsize=5_000)
def _blocking_groups(groups: tuple[str, ...], partial: bool) -> frozenset[str]:
    """Given-name groups to block on, with the partly equivalent ones if asked."""
    if not partial:
        return frozenset(groups)
    table = load_given_names()
    return frozenset(groups).union(*(table[g].partial for g in groups))


def _people(pairs: Iterable[tuple[K, str]], partial: bool) -> list[_Person[K]]:
    """Group `(key, name)` pairs by key, with the blocking data of each name."""
    by_key: dict[K, _Person[K]] = {}
    for key, name in pairs:
        person = by_key.get(key)
        if person is None:
            person = by_key[key] = _Person(key)
        person.add(name, partial)
    return list(by_key.values())


@dataclass(frozen=True)
class _Linking(Generic[K]):
    """An index's people and blocks, computed once for many `link` calls."""

    size: int  # names indexed when computed
    people: list[_Person[K]]
    blocks: _Blocks


_Owners = tuple[list[str], list[list[int]]]  # surname forms, people with each


@dataclass
class _Blocks:
    """Person numbers by blocking key."""

    given: defaultdict[str, dict[int, frozenset[str]]]  # person -> surname forms
    surname: defaultdict[str, set[int]]
    open: defaultdict[str, set[int]]  # people without a known given name
    ends: defaultdict[str, dict[int, frozenset[str]]]  # surname start or end
    open_ends: defaultdict[str, dict[int, frozenset[str]]]
    letters: list[frozenset[str]]  # per person: initials of its given names
    owned: dict[tuple[str, str], _Owners] = field(default_factory=dict)

    def owners(
        self, kind: str, block: str, members: Mapping[int, Collection[str]]
    ) -> _Owners:
        """The people of `members` (block `block` of `kind`) by surname form."""
        kept = self.owned.get((kind, block))
        if kept is None:
            kept = self.owned[kind, block] = _owners(members)
        return kept

    def agree(self, p: int, other: _Blocks, q: int) -> bool:
        """Whether the initials of two people can match (or one has none)."""
        a, b = self.letters[p], other.letters[q]
        return not a or not b or not a.isdisjoint(b)


def _blocks(people: Sequence[_Person[K]], linking: bool = True) -> _Blocks:
    """The blocks of `people`, by their numbers in the sequence.

    Surname starts and ends and initials are only for `link` (`linking`).
    """
    blocks = _Blocks(
        defaultdict(dict),
        defaultdict(set),
        defaultdict(set),
        defaultdict(dict),
        defaultdict(dict),
        [],
    )
    for number, person in enumerate(people):
        if linking:
            letters = frozenset().union(*(d.letters for d in person.names))
            blocks.letters.append(letters)
        for data in person.names:
            _add_forms(blocks.given, number, data.given_keys)
            for block in data.surname_keys:
                blocks.surname[block].add(number)
            if data.open:
                for block in data.surname_keys:
                    blocks.open[block].add(number)
            if linking:
                _add_forms(blocks.ends, number, data.ends)
                if data.open:
                    _add_forms(blocks.open_ends, number, data.ends)
    return blocks


def _add_forms(
    blocks: defaultdict[str, dict[int, frozenset[str]]],
    number: int,
    keys: tuple[tuple[str, frozenset[str]], ...],
) -> None:
    """File person `number` under each block of `keys` with its surname forms."""
    for block, forms in keys:
        members = blocks[block]
        current = members.get(number)
        members[number] = forms if current is None else current | forms


def _cross_candidates(left: _Blocks, right: _Blocks) -> set[tuple[int, int]]:
    """Pairs (left person, right person) that share a blocking key."""
    found: set[tuple[int, int]] = set()
    for block in _shared(left.given, right.given):
        found.update(
            _similar_across(
                left.owners("given", block, left.given[block]),
                right.owners("given", block, right.given[block]),
                _LINK_CUTOFF,
            )
        )
    # Without a given name on one side: the same surname, or a similar one
    # with the same surname start or end, and initials that can match.
    loose: set[tuple[int, int]] = set()
    for block, open_left in left.open.items():
        loose.update((p, q) for p in open_left for q in right.surname.get(block, ()))
    for block, open_right in right.open.items():
        loose.update((p, q) for p in left.surname.get(block, ()) for q in open_right)
    for block, ends in left.open_ends.items():
        others = right.ends.get(block)
        if others:
            loose.update(
                _similar_across(
                    left.owners("open", block, ends),
                    right.owners("ends", block, others),
                    _OPEN_CUTOFF,
                )
            )
    for block, ends in right.open_ends.items():
        others = left.ends.get(block)
        if others:
            loose.update(
                (p, q)
                for q, p in _similar_across(
                    right.owners("open", block, ends),
                    left.owners("ends", block, others),
                    _OPEN_CUTOFF,
                )
            )
    found.update(pair for pair in loose if left.agree(pair[0], right, pair[1]))
    return found


def _shared(a: Mapping[str, object], b: Mapping[str, object]) -> list[str]:
    """Keys of both mappings, found by walking the smaller one."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return [key for key in small if key in large]


def _similar_across(
    left: _Owners, right: _Owners, cutoff: float
) -> Iterator[tuple[int, int]]:
    """Pairs of one block across two sides whose surnames are alike."""
    forms, people = right
    for form, owners in zip(*left, strict=True):
        found = process.extract(
            form,
            forms,
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=None,
        )
        for _, _, j in found:
            yield from itertools.product(owners, people[j])


def _owners(members: Mapping[int, Collection[str]]) -> _Owners:
    """People of a block by surname form."""
    owners: dict[str, list[int]] = {}
    for person, forms in members.items():
        for form in forms:
            owners.setdefault(form, []).append(person)
    return list(owners), list(owners.values())


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


def _similar_surnames(
    members: Mapping[int, Collection[str]],
) -> Iterator[tuple[int, int]]:
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


def _best_match(a: _Person[K], b: _Person[K2]) -> Match | None:
    """Full score of the most alike spellings of two persons."""
    if len(a.names) == 1 and len(b.names) == 1:
        return _compare(a.names[0].spelling.name, b.names[0].spelling.name)
    options = [(x, y) for x in a.spellings for y in b.spellings]
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
