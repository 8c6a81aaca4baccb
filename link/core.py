"""Finding the register's people in a text: an automaton over word keys.

Every word of every name variant of the register gets a key (`link.keys`):
the same for one name in any script, romanisation or case form; given
names get the key of their group, initials the key of their letter, and
patronymics one shared key. Each distinct key is one character, so a name
is a short string of characters and the whole register is one Aho-Corasick
automaton (pyahocorasick) over those strings: given name + surname in both
orders, with or without a patronymic, initials + surname, and the surname
alone. A text is read once into the same characters (one per word, with a
break at punctuation) and the automaton reports every name in one pass,
however many people the register holds.

Surname-only hits count only after a fuller mention of the same person in
the same text ("Алеся Бяляцкага … Бяляцкі"). Words must be capitalised as
names are. Pure Python: no Django.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, NamedTuple, TypeVar

import ahocorasick
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from link.hints import Hint, HintFinder, detect_language
from link.keys import (
    APOSTROPHES,
    HYPHENS,
    candidate_keys,
    canonical_key,
    given_key,
    initial_key,
    is_patronymic,
    strip_possessive,
)
from link.unknown import TITLES, unknown_names
from names import normalize

__all__ = ["Linker", "Mention", "Result", "Token", "UnknownName", "tokenize"]

K = TypeVar("K", bound=Hashable)

_JOINERS = re.escape(APOSTROPHES + HYPHENS)
_WORD = re.compile(rf"[^\W\d_]+(?:[{_JOINERS}][^\W\d_]+)*")
_DIGRAPH_INITIALS = frozenset(
    {"dz", "zh", "sh", "ch", "kh", "ts", "ya", "yu", "ye", "dž", "дз"}
)
_PATRONYMIC_KEY = "p:"
_BREAK = "\x01"  # punctuation between two words
_OTHER = "\x02"  # a word that is no name word of the register
_FIRST_CODE = 0x100

FULL, INITIALS, SURNAME = "full", "initials", "surname"
_BASE_SCORE = {FULL: 0.95, INITIALS: 0.8, SURNAME: 0.85}
_PATRONYMIC_BONUS = 0.03
_NAMESAKES_FACTOR = 0.5
_CHOSEN_FACTOR = 0.85
_WEAK_SCORE = 0.7  # one letter off, or a title and a surname
_NEARBY = "given name and a surname one letter off (a rare spelling or a typo)"
_TITLED = "title and surname, the only person of the register with this surname"
_NEARBY_MIN_LENGTH = 5
_MAX_ALTERNATIVES = 10
_MAX_WORD = 60  # longer "words" are no names (and would bloat the key caches)


class Token(NamedTuple):
    """One word of a text, with its span (a tuple: texts have many words)."""

    start: int
    end: int
    text: str
    capitalised: bool
    initial: bool  # a letter (or Дз, Zh) followed by a full stop


@dataclass(frozen=True)
class Mention(Generic[K]):
    """A name in the text linked to a person of the register."""

    start: int
    end: int
    text: str
    key: K
    name: str  # the person's display name
    variant: str  # the register's spelling that matched
    score: float
    reason: str
    kind: str  # "full", "initials" or "surname"
    alternatives: tuple[K, ...] = ()
    hints: tuple[Hint, ...] = ()


@dataclass(frozen=True)
class UnknownName:
    """A person-like name that matched nobody of the register."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class Result(Generic[K]):
    """Everything found in one text."""

    mentions: list[Mention[K]]
    unknown_names: list[UnknownName]
    language: str


@dataclass
class _Pattern:
    """A sequence of word keys: its length, its kind and who bears it."""

    length: int
    kind: str
    owners: dict[int, int] = field(default_factory=dict)  # person → variant


@dataclass
class _Seen:
    """The people named in full so far in a text, and by which surnames."""

    people: dict[int, int] = field(default_factory=dict)  # person → token
    surnames: dict[str, int] = field(default_factory=dict)  # pattern → person


def tokenize(text: str) -> list[Token]:
    """Split a text into words with their spans; initials are marked."""
    tokens = []
    for match in _WORD.finditer(text):
        word, end = match.group(), match.end()
        initial = (
            len(word) <= 2
            and text[end : end + 1] == "."
            and (len(word) == 1 or word.lower() in _DIGRAPH_INITIALS)
        )
        tokens.append(Token(match.start(), end, word, word[:1].isupper(), initial))
    return tokens


class Linker(Generic[K]):
    """The register's names as one automaton; `find` links the names in a text."""

    def __init__(self) -> None:
        self.keys: list[K] = []
        self.names: list[str] = []
        self.variants: list[list[str]] = []
        self._person_number: dict[K, int] = {}
        self._codes: dict[str, str] = {}
        self._patterns: list[_Pattern] = []
        self._pattern_number: dict[str, int] = {}
        self._surnames: dict[int, set[str]] = {}  # person → surname patterns
        self._surname_texts: dict[int, str] = {}  # surname pattern → characters
        self._fact_owners: dict[str, set[int]] = {}  # event or date → people
        # given-name key → surname keys it is registered with (for `_nearby`)
        self._given_surnames: dict[str, set[str]] = {}
        self._automaton = ahocorasick.Automaton()

    @classmethod
    def build(
        cls,
        people: Iterable[tuple[K, str, Iterable[str]]],
        facts: Mapping[K, Iterable[str]] | None = None,
    ) -> Linker[K]:
        """Index `(key, display name, spellings)` of every person.

        `facts` (optional) tell namesakes apart: per key, the events its
        record has ("died", "released"…) and the ISO dates of its facts.
        When a text names one of several namesakes and its sentence has such
        an event word or date, the namesake whose record has it is chosen.
        """
        linker: Linker[K] = cls()
        with _no_cyclic_gc():
            for key, name, spellings in people:
                linker._add_person(key, name, spellings)
            for key, values in (facts or {}).items():
                linker._add_facts(key, values)
            for pattern, number in linker._pattern_number.items():
                linker._automaton.add_word(pattern, number)
            if linker._pattern_number:
                linker._automaton.make_automaton()
        return linker

    def _add_facts(self, key: K, values: Iterable[str]) -> None:
        person = self._person_number.get(key)
        if person is not None:
            for value in values:
                self._fact_owners.setdefault(value, set()).add(person)

    def __len__(self) -> int:
        """Number of people indexed."""
        return len(self.keys)

    def _add_person(self, key: K, name: str, spellings: Iterable[str]) -> None:
        number = self._person_number.get(key)
        if number is None:
            number = self._person_number[key] = len(self.keys)
            self.keys.append(key)
            self.names.append(name)
            self.variants.append([])
        for spelling in dict.fromkeys([name, *spellings]):
            if spelling.strip() and spelling not in self.variants[number]:
                self.variants[number].append(spelling)
                self._add_variant(number, len(self.variants[number]) - 1, spelling)

    def _add_variant(self, person: int, variant: int, spelling: str) -> None:
        for pattern, kind in _name_patterns(spelling):
            text = "".join(self._code(part) for part in pattern)
            number = self._pattern_number.get(text)
            if number is None:
                number = self._pattern_number[text] = len(self._patterns)
                self._patterns.append(_Pattern(len(pattern), kind))
            if kind == SURNAME:
                self._surnames.setdefault(person, set()).add(text)
                self._surname_texts[number] = text
            elif kind == FULL and len(pattern) == 2 and pattern[0][:2] == "g:":
                self._given_surnames.setdefault(pattern[0], set()).add(pattern[1])
            self._patterns[number].owners.setdefault(person, variant)

    def _code(self, key: str) -> str:
        """The one character standing for a word key (new keys get new ones)."""
        code = self._codes.get(key)
        if code is None:
            number = _FIRST_CODE + len(self._codes)
            if number >= 0xD800:  # surrogates are not characters
                number += 0x800
            code = self._codes[key] = chr(number)
        return code

    # Reading a text

    def find(self, text: str, *, language: str = "auto") -> Result[K]:
        """Link every name of the register in `text`; list unknown names too."""
        with _no_cyclic_gc():
            return self._find(text, language)

    def _find(self, text: str, language: str) -> Result[K]:
        language = detect_language(text) if language == "auto" else language
        tokens = tokenize(text)
        stream, places = self._stream(text, tokens)
        hits = self._hits(stream, places, tokens, text)
        hints = HintFinder(text, language)
        mentions = self._resolve(tokens, hits, hints)
        covered = _covered(tokens, mentions)
        unknown = []
        starts = [token.start for token in tokens]
        for start, end, reason in unknown_names(
            text, tokens, covered, self._is_name_word, language
        ):
            first = bisect.bisect_left(starts, start)
            last = bisect.bisect_left(starts, end) - 1
            mention = self._nearby(tokens, first, last, hints)
            if mention is None:
                unknown.append(UnknownName(start, end, text[start:end], reason))
            else:
                mentions.append(mention)
        mentions.sort(key=lambda mention: mention.start)
        return Result(mentions, unknown, language)

    def _nearby(
        self, tokens: Sequence[Token], first: int, last: int, hints: HintFinder
    ) -> Mention[K] | None:
        """A given name and a surname one letter off a registered pair.

        Rare spellings (Polish Bialacki, Chalip) and typos give a surname key
        that the automaton does not have; such a name, left over as unknown,
        is compared with the surnames registered with its given name.
        """
        if last != first + 1:
            return None
        for given, other in ((first, last), (last, first)):
            keys = candidate_keys(strip_possessive(tokens[given].text))
            given_keys = [g for g in map(given_key, keys) if g]
            if not given_keys or tokens[other].initial:
                continue
            surnames = self._given_surnames.get(given_keys[0])
            if not surnames:
                continue
            for key in candidate_keys(strip_possessive(tokens[other].text)):
                found = _one_letter_off(key, surnames)
                if found:
                    code = self._codes[given_keys[0]] + self._codes[found]
                    order = (first, last, self._pattern_number[code])
                    return self._mention(tokens, order, _Seen(), hints, nearby=True)
        return None

    def _is_name_word(self, token: Token) -> str:
        """ "given", "initial" or "" for one capitalised word of a text."""
        if token.initial:
            return "initial"
        if len(token.text) > _MAX_WORD:
            return ""
        for key in candidate_keys(strip_possessive(token.text)):
            if given_key(key):
                return "given"
        return ""

    def _stream(self, text: str, tokens: Sequence[Token]) -> tuple[str, list[int]]:
        """One character per word (and per break); its token number per place.

        A second initial right after another (A. V. Bialiatski, Бяляцкі А. В.)
        gets no character: the register's names are matched with one.
        """
        joined = [
            number > 0 and not _has_break(text, tokens[number - 1], token)
            for number, token in enumerate(tokens)
        ]
        chars: list[str] = []
        places: list[int] = []
        for number, token in enumerate(tokens):
            if number and not joined[number]:
                chars.append(_BREAK)
                places.append(-1)
            elif number and token.initial and tokens[number - 1].initial:
                continue
            following = number + 1 < len(tokens) and joined[number + 1]
            preceded = number >= 2 and joined[number] and joined[number - 1]
            chars.append(self._token_code(tokens, number, following, preceded))
            places.append(number)
        return "".join(chars), places

    def _token_code(
        self, tokens: Sequence[Token], number: int, followed: bool, preceded: bool
    ) -> str:
        """The character of a word; `followed`: the next word is joined to it,
        `preceded`: so are the two words before."""
        token = tokens[number]
        if not token.capitalised or len(token.text) > _MAX_WORD:
            return _OTHER
        if token.initial:
            return self._codes.get(initial_key(token.text), _OTHER)
        candidates = candidate_keys(strip_possessive(token.text))
        code = None
        for key in candidates:
            code = self._codes.get(given_key(key) or key)
            if code is not None:
                break
        # Сергей Леонидович Тихановский, Тихановский Сергей Леонидович.
        name_around = (followed and tokens[number + 1].capitalised) or (
            preceded and self._is_known(tokens[number - 2])
        )
        if _is_patronymic(tokens, number, candidates, code is not None, name_around):
            return self._codes.get(_PATRONYMIC_KEY, _OTHER)
        return code or _OTHER

    def _is_known(self, token: Token) -> bool:
        """Whether a capitalised word is a name word of the register."""
        return token.capitalised and any(
            (given_key(key) or key) in self._codes
            for key in candidate_keys(strip_possessive(token.text))
        )

    def _hits(
        self, stream: str, places: list[int], tokens: Sequence[Token], text: str
    ) -> list[tuple[int, int, int]]:
        """(first token, last token, pattern) for every pattern in the stream;
        initials right after a name are part of it (Бяляцкі А. В.)."""
        if not self._pattern_number:
            return []
        found = []
        for end, number in self._automaton.iter(stream):
            start = end - self._patterns[number].length + 1
            last = places[end]
            while (
                tokens[last].initial
                and last + 1 < len(tokens)
                and tokens[last + 1].initial
                and not _has_break(text, tokens[last], tokens[last + 1])
            ):
                last += 1
            found.append((places[start], last, number))
        return found

    def _resolve(
        self,
        tokens: Sequence[Token],
        hits: list[tuple[int, int, int]],
        hints: HintFinder,
    ) -> list[Mention[K]]:
        """Keep the longest names; surnames alone only after a fuller mention."""
        full = [h for h in hits if self._patterns[h[2]].kind != SURNAME]
        full.sort(key=lambda h: (h[0] - h[1], h[0]))
        taken: set[int] = set()
        chosen: list[tuple[int, int, int]] = []
        for hit in full:
            span = range(hit[0], hit[1] + 1)
            if not taken.intersection(span):
                taken.update(span)
                chosen.append(hit)
        surnames = [h for h in hits if self._patterns[h[2]].kind == SURNAME]
        chosen += [h for h in surnames if h[0] not in taken]
        chosen.sort()
        mentions: list[Mention[K]] = []
        seen = _Seen()
        for first, last, number in chosen:
            mention = self._mention(tokens, (first, last, number), seen, hints)
            if mention is not None:
                mentions.append(mention)
        return mentions

    def _mention(
        self,
        tokens: Sequence[Token],
        hit: tuple[int, int, int],
        seen: _Seen,
        hints: HintFinder,
        nearby: bool = False,
    ) -> Mention[K] | None:
        first, last, number = hit
        pattern = self._patterns[number]
        owners = pattern.owners
        start, end = tokens[first].start, tokens[last].end
        near = hints.near(start, end)
        chosen_by = ""
        basis = _NEARBY if nearby else ""
        if pattern.kind == SURNAME:
            person = seen.surnames.get(self._surname_texts[number], -1)
            if (
                person < 0
                and len(owners) == 1
                and _after_title(hints.text, tokens, first)
            ):
                person, basis = next(iter(owners)), _TITLED
            if person < 0:
                return None
            namesakes = 0
        else:
            known = seen.people.keys() & owners.keys()
            person = max(known, key=seen.people.__getitem__, default=-1)
            namesakes = len(owners) - 1
            if person < 0:
                person, chosen_by = self._namesake(owners, near)
            else:
                chosen_by = "the same name earlier in the text"
            seen.people[person] = first
            for surname in self._surnames.get(person, ()):
                seen.surnames[surname] = person
        mentioned = hints.text[start:end]
        variant = self._closest_variant(person, mentioned, owners.get(person, 0))
        score = _WEAK_SCORE if basis else _BASE_SCORE[pattern.kind]
        if pattern.kind == FULL and pattern.length >= 3:
            score += _PATRONYMIC_BONUS
        others: list[int] = []
        if namesakes:
            score *= _CHOSEN_FACTOR if chosen_by else _NAMESAKES_FACTOR
            others = list(itertools.islice(owners, _MAX_ALTERNATIVES + 1))
            others = [p for p in others if p != person][:_MAX_ALTERNATIVES]
        return Mention(
            start=start,
            end=end,
            text=mentioned,
            key=self.keys[person],
            name=self.names[person],
            variant=variant,
            score=round(min(score, 1.0), 3),
            reason=_reason(pattern, mentioned, variant, namesakes, chosen_by, basis),
            kind=pattern.kind,
            alternatives=tuple(self.keys[p] for p in others),
            hints=near,
        )

    def _namesake(
        self, owners: dict[int, int], near: tuple[Hint, ...]
    ) -> tuple[int, str]:
        """The namesake whose record has the events and dates of the sentence."""
        votes: dict[int, list[str]] = {}
        for hint in near:
            for person in self._fact_owners.get(hint.value, set()) & owners.keys():
                votes.setdefault(person, []).append(hint.value)
        if not votes:
            return next(iter(owners)), ""
        ranked = sorted(votes.items(), key=lambda item: -len(set(item[1])))
        if len(ranked) > 1 and len(set(ranked[1][1])) == len(set(ranked[0][1])):
            return next(iter(owners)), ""
        person, values = ranked[0]
        return person, ", ".join(dict.fromkeys(values))

    def _closest_variant(self, person: int, mentioned: str, variant: int) -> str:
        """The person's spelling most like the text (the matched one on a tie)."""
        spellings = self.variants[person]
        wanted = _normalized(mentioned)
        best = max(
            range(len(spellings)),
            key=lambda i: (fuzz.ratio(wanted, _normalized(spellings[i])), i == variant),
        )
        return spellings[best]


@lru_cache(maxsize=100_000)
def _normalized(name: str) -> str:
    return normalize(name)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while reading a text or building.

    Neither makes reference cycles, and with a register of 100,000 people
    in memory every full collection would walk all of it again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _name_patterns(spelling: str) -> Iterator[tuple[tuple[str, ...], str]]:
    """The word-key sequences that name the bearer of `spelling`."""
    words = [w for w in _WORD.findall(spelling) if w.strip("-'")][:6]
    roles = [_role(w) for w in words]
    for i, (role, _) in enumerate(roles):
        # A patronymic only in three words, after the given name (Статкевіч
        # in "Мікалай Статкевіч" is the surname).
        if role == "patronymic" and (len(words) < 3 or roles[i - 1][0] != "given"):
            roles[i] = ("surname", canonical_key(words[i]))
    given = [key for role, key in roles if role == "given"]
    surnames = [key for role, key in roles if role == "surname"]
    initials = [key for role, key in roles if role == "initial"]
    if not initials and len(given + surnames) >= 2 and not (given and surnames):
        # No listed given name (Вітольд), or only given names (Андрэеў and
        # Кот are also forms of given names): "given surname" either way.
        keys = given or surnames
        yield from _both_ways([keys[0]], keys[1:])
        yield from _both_ways([keys[-1]], keys[:-1])
        first, last = initial_key(words[0]), keys[-1]
        yield (first, last), INITIALS
        yield (last, first), INITIALS
        yield (last,), SURNAME
        return
    if given:
        yield from _both_ways(given, surnames)
    letters = [initial_key(w) for w, (role, _) in zip(words, roles, strict=False)]
    firsts = [
        letters[i] for i, (role, _) in enumerate(roles) if role in ("given", "initial")
    ]
    if surnames and firsts:
        first = firsts[0]
        yield (first, *surnames), INITIALS
        yield (*surnames, first), INITIALS
    for surname in surnames:
        yield (surname,), SURNAME


def _both_ways(
    given: list[str], surnames: list[str]
) -> Iterator[tuple[tuple[str, ...], str]]:
    """Given name(s) and surname(s) in both orders, with a patronymic or not."""
    if not surnames:
        return
    yield (*given, *surnames), FULL
    yield (*surnames, *given), FULL
    # Texts add a patronymic that the register may not have (Russian style).
    yield (*given, _PATRONYMIC_KEY, *surnames), FULL
    yield (*surnames, *given, _PATRONYMIC_KEY), FULL


def _role(word: str) -> tuple[str, str]:
    """("given" | "surname" | "patronymic" | "initial", key) of a register word."""
    letters = word.replace("-", "").replace("'", "")
    if len(letters) == 1 or word.lower() in _DIGRAPH_INITIALS:
        return "initial", initial_key(word)
    key = canonical_key(word)
    given = given_key(key)
    if given:
        return "given", given
    if is_patronymic(key):
        return "patronymic", _PATRONYMIC_KEY
    return "surname", key


def _has_break(text: str, previous: Token, token: Token) -> bool:
    """Whether anything but spaces (or an initial's full stop) parts two words."""
    gap = text[previous.end : token.start]
    if previous.initial:
        gap = gap.replace(".", "", 1)
    return bool(gap.strip()) or gap.count("\n") > 1


def _is_patronymic(
    tokens: Sequence[Token],
    number: int,
    candidates: tuple[str, ...],
    known: bool,
    name_around: bool,
) -> bool:
    """A patronymic-shaped word right after a given name.

    Сергей Леонидович Тихановский and Тихановский Сергей Леонидович have one;
    in "Mikalai Statkevich said" the registered surname only looks like one:
    a registered surname is a patronymic only with a name on its other side
    too (a surname after it, or a registered name before the given name).
    """
    if number == 0 or not any(is_patronymic(key) for key in candidates):
        return False
    previous = tokens[number - 1]
    if not previous.capitalised or not any(
        given_key(key) for key in candidate_keys(previous.text)
    ):
        return False
    return not known or name_around


def _reason(
    pattern: _Pattern,
    mentioned: str,
    variant: str,
    namesakes: int,
    chosen_by: str,
    basis: str = "",
) -> str:
    """Why a mention was linked, in words for the documenter."""
    parts = {
        FULL: "given name and surname",
        INITIALS: "initials and surname",
        SURNAME: "surname alone, after a fuller mention",
    }[pattern.kind]
    if pattern.kind == FULL and pattern.length >= 3:
        parts = "given name, patronymic and surname"
    notes = [basis or parts]
    if _normalized(mentioned) != _normalized(variant):
        notes.append(f"as {variant!r} in another spelling or case form")
    if namesakes and chosen_by.startswith("the same name"):
        notes.append(f"chosen among {namesakes + 1} namesakes as {chosen_by}")
    elif namesakes and chosen_by:
        notes.append(
            f"chosen among {namesakes + 1} namesakes: the record has {chosen_by}"
        )
    elif namesakes:
        notes.append(f"{namesakes} namesake(s) in the register: check")
    return "; ".join(notes)


def _after_title(text: str, tokens: Sequence[Token], number: int) -> bool:
    """Whether word `number` follows a title (Mr, Mr., пан, г-жа)."""
    if number == 0:
        return False
    previous = tokens[number - 1]
    gap = text[previous.end : tokens[number].start]
    return previous.text.lower() in TITLES and gap.strip() in ("", ".")


def _one_letter_off(key: str, surnames: set[str]) -> str | None:
    """The registered surname key one edit from `key` (None if none or many)."""
    if len(key) < _NEARBY_MIN_LENGTH:
        return None
    found = [
        surname
        for surname in surnames
        if abs(len(surname) - len(key)) <= 1 and OSA.distance(key, surname) == 1
    ]
    return found[0] if len(found) == 1 else None


def _covered(tokens: Sequence[Token], mentions: Sequence[Mention[K]]) -> set[int]:
    """Where the words inside mentions start."""
    starts = [token.start for token in tokens]
    covered: set[int] = set()
    for mention in mentions:
        i = bisect.bisect_left(starts, mention.start)
        while i < len(starts) and starts[i] < mention.end:
            covered.add(starts[i])
            i += 1
    return covered
