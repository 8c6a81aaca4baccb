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

from names.given import load_given_names
from names.match import (
    DUPLICATE_MIN_SCORE,
    SEARCH_MIN_SCORE,
    Hit,
    Match,
    _compare,
    _improves,
)
from names.skeleton import skeleton, word_skeleton, words
from names.tokenize import Role, parse_name

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
    keys = {f"s:{part}" for t in surnames for part in t.skeleton.split("-") if part}
    for token in given:
        for group in token.groups:
            for surname in surnames:
                keys.add(f"g:{group}:{surname.skeleton[:3]}")
                keys.add(f"g:{group}:{surname.skeleton[-3:]}")
    return keys


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

        The best-scoring pair of names of the two keys is reported. Cost grows
        with block sizes, not with the square of the index: run it as a batch.
        """
        order = {key: i for i, key in enumerate(self.primary)}
        seen: set[tuple[int, int]] = set()
        best: dict[tuple[K, K], Match] = {}
        for block in self._blocks().values():
            for a, b in self._block_pairs(block):
                key_a, key_b = self.keys[a], self.keys[b]
                if key_a == key_b or (a, b) in seen:
                    continue
                seen.add((a, b))
                match = _compare(self.names[a], self.names[b])
                pair = (key_a, key_b) if order[key_a] < order[key_b] else (key_b, key_a)
                if match.score >= min_score and match.score > _score_of(best.get(pair)):
                    best[pair] = match
        for (key_a, key_b), match in best.items():
            yield key_a, key_b, match

    def _blocks(self) -> dict[str, list[int]]:
        """Entries grouped by blocking key (blocks of one key are dropped)."""
        blocks: defaultdict[str, list[int]] = defaultdict(list)
        for entry, name in enumerate(self.names):
            for key in blocking_keys(name):
                blocks[key].append(entry)
        return {k: v for k, v in blocks.items() if len({self.keys[e] for e in v}) > 1}

    def _block_pairs(self, block: list[int]) -> Iterator[tuple[int, int]]:
        """All pairs of a block; large blocks keep only similar skeletons."""
        if len(block) <= _MAX_BLOCK:
            for i, a in enumerate(block):
                for b in block[i + 1 :]:
                    yield a, b
            return
        keys = [" ".join(sorted(skeleton(self.names[e]).split())) for e in block]
        matrix = process.cdist(
            keys, keys, scorer=fuzz.token_sort_ratio, score_cutoff=75
        )
        for i, j in zip(*matrix.nonzero(), strict=True):
            if i < j:
                yield block[int(i)], block[int(j)]


def _score_of(match: Match | None) -> float:
    """Score of an optional match (0 when absent)."""
    return match.score if match else 0.0


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
