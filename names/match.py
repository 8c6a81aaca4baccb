"""Scoring whether two full names belong to the same person.

Both names are parsed into tokens (`names.tokenize`). Every way of pairing the
tokens of the shorter name with tokens of the longer one is tried, so word
order does not matter. Each pair gets a similarity in [0, 1]:

* given name ↔ given name: by the equivalence groups (same 1.0, short form
  0.95, partial 0.35 — Алесь ~ Аляксандр — different 0.05);
* initial ↔ word: 0.9 when the initial can start any spelling of that name;
* surname ↔ surname: by the phonetic skeleton (equal → 1.0, one typo → 0.9,
  male vs female form → 0.6);
* given name ↔ surname: at most 0.6 × skeleton similarity, so "Andrei
  Aliaksandrau" does not match "Aliaksandr Andreeu".

The pair similarities are combined as a weighted geometric mean (surnames
weigh more), so one clear mismatch pulls the whole score down, and then
corrected for missing parts (surname only, extra middle name, different
patronymics).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from names.given import Equivalence, _relation, load_given_names
from names.normalize import normalize
from names.tokenize import ParsedName, Role, Token, parse_name
from names.translit import SCHEMES, to_cyrillic, transliterate

__all__ = [
    "DUPLICATE_MIN_SCORE",
    "SEARCH_MIN_SCORE",
    "Hit",
    "Match",
    "best_matches",
    "explain",
    "score",
]

#: Show a candidate to an editor searching for a name.
SEARCH_MIN_SCORE = 0.6
#: Propose two records as probable duplicates of one person.
DUPLICATE_MIN_SCORE = 0.8

K = TypeVar("K")

_SURNAME_WEIGHT = 1.3
_GIVEN_WEIGHT = 1.0
_INITIAL_WEIGHT = 0.6
_EXTRA_TOKEN = 0.92
_SURNAME_ONLY = 0.75
_GIVEN_ONLY = 0.5
_SEX_FORM = 0.6


@dataclass(frozen=True)
class Match:
    """The score of a name pair and the human-readable reasons behind it."""

    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Hit(Generic[K]):
    """One search result: the record key, its best-matching name and why."""

    key: K
    name: str
    score: float
    matched: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Pair:
    similarity: float
    weight: float
    reasons: tuple[str, ...] = ()
    sex_form: bool = False


def score(a: str, b: str) -> float:
    """Return how likely names `a` and `b` denote the same person, in [0, 1].

    >>> score("Алесь Бяляцкі", "Ales Bialiatski") >= DUPLICATE_MIN_SCORE
    True
    """
    return _compare(a, b).score


def explain(a: str, b: str) -> Match:
    """Return the score of `a` vs `b` with the reasons, for editors and tests."""
    match = _compare(a, b)
    return Match(match.score, _add_scheme_reasons(a, b, match.reasons))


@lru_cache(maxsize=100_000)
def _compare(a: str, b: str) -> Match:
    """Score a pair in a fixed order so that the result is symmetric."""
    first, second = sorted((a, b))
    return _score_parsed(parse_name(first), parse_name(second))


def _score_parsed(a: ParsedName, b: ParsedName) -> Match:
    """Try every token alignment and keep the best."""
    if not a.tokens or not b.tokens:
        return Match(0.0, ("nothing to compare",))
    shorter, longer = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    best = Match(0.0, ())
    for order in itertools.permutations(range(len(longer.tokens)), len(shorter.tokens)):
        candidate = _score_alignment(shorter, longer, order)
        if candidate.score > best.score:
            best = candidate
            if best.score >= 1.0:
                break  # nothing can beat it
    return best


def _score_alignment(
    shorter: ParsedName, longer: ParsedName, order: Sequence[int]
) -> Match:
    """Score one pairing of the shorter name's tokens with the longer's."""
    pairs = [
        _pair(x, longer.tokens[j]) for x, j in zip(shorter.tokens, order, strict=True)
    ]
    total_weight = sum(p.weight for p in pairs)
    value = 1.0
    for p in pairs:
        value *= p.similarity ** (p.weight / total_weight)
    reasons = [r for p in pairs for r in p.reasons]
    value *= _coverage(shorter, longer, order, reasons)
    if any(p.sex_form for p in pairs):
        value *= _SEX_FORM
    if list(order) != sorted(order):
        reasons.append("word order reversed")
    value *= _patronymic_factor(shorter, longer, reasons)
    return Match(round(min(max(value, 0.0), 1.0), 4), tuple(reasons))


def _coverage(
    shorter: ParsedName, longer: ParsedName, order: Sequence[int], reasons: list[str]
) -> float:
    """Penalise tokens of the longer name left without a partner."""
    unmatched = [t for j, t in enumerate(longer.tokens) if j not in order]
    if not unmatched:
        return 1.0
    if len(shorter.tokens) == 1:
        only = shorter.tokens[0]
        if only.role is Role.GIVEN and longer.tokens[order[0]].role is Role.GIVEN:
            reasons.append("only a given name on one side")
            return _GIVEN_ONLY
        reasons.append("only the surname on one side")
        return _SURNAME_ONLY
    reasons.append(
        f"extra word on one side: {', '.join(_display(t) for t in unmatched)}"
    )
    return _EXTRA_TOKEN ** len(unmatched)


def _patronymic_factor(a: ParsedName, b: ParsedName, reasons: list[str]) -> float:
    """Compare patronymics when both names have one."""
    if not a.patronymics or not b.patronymics:
        if a.patronymics or b.patronymics:
            reasons.append("patronymic on one side only")
        return 1.0
    x, y = a.patronymics[0], b.patronymics[0]
    similarity = _skeleton_similarity(x.skeleton, y.skeleton)
    if similarity >= 0.8:
        reasons.append(f"same patronymic: {_display(x)} ~ {_display(y)}")
        return 1.0
    reasons.append(f"different patronymics: {_display(x)} / {_display(y)}")
    return 0.5


@lru_cache(maxsize=500_000)
def _pair(x: Token, y: Token) -> _Pair:
    """Similarity of two tokens given their roles."""
    if x.role is Role.INITIAL or y.role is Role.INITIAL:
        return _initial_pair(x, y)
    if x.groups and y.groups:
        return _given_pair(x, y)
    if x.groups or y.groups:
        return _cross_pair(x, y)
    return _surname_pair(x, y)


def _given_pair(x: Token, y: Token) -> _Pair:
    """Two words that are both listed given names."""
    relation = _relation(x.normalized, x.groups, y.normalized, y.groups)
    names = f"{_display(x)} ~ {_display(y)}"
    if x.skeleton == y.skeleton and relation is not Equivalence.SHORT_FORM:
        relation = Equivalence.SAME
    if relation is Equivalence.SAME:
        typo = " (one typo)" if x.typo or y.typo else ""
        return _Pair(
            0.9 if typo else 1.0,
            _GIVEN_WEIGHT,
            (f"given names equivalent: {names}{typo}",),
        )
    if relation is Equivalence.SHORT_FORM:
        return _Pair(
            0.95, _GIVEN_WEIGHT, (f"given names equivalent: {names} (short form)",)
        )
    if relation is Equivalence.PARTIAL:
        reason = f"given names only partly equivalent: {names} (also a separate name)"
        return _Pair(0.35, _GIVEN_WEIGHT, (reason,))
    return _Pair(
        0.05, _GIVEN_WEIGHT, (f"different given names: {_display(x)} / {_display(y)}",)
    )


def _cross_pair(x: Token, y: Token) -> _Pair:
    """A listed given name against a word that is not one (likely a surname)."""
    similarity = 0.6 * _skeleton_similarity(x.skeleton, y.skeleton)
    return _Pair(similarity, _GIVEN_WEIGHT, ())


def _initial_pair(x: Token, y: Token) -> _Pair:
    """An initial against an initial or a full word."""
    initial, word = (x, y) if x.role is Role.INITIAL else (y, x)
    if not _initials(initial) & _initials(word):
        return _Pair(0.02, _INITIAL_WEIGHT, ())
    if word.role is Role.INITIAL:
        return _Pair(
            0.8, _INITIAL_WEIGHT, (f"initials match: {_display(x)} ~ {_display(y)}",)
        )
    if word.role is Role.GIVEN:
        return _Pair(
            0.9,
            _INITIAL_WEIGHT,
            (f"initial {_display(initial)}. matches {_display(word)}",),
        )
    return _Pair(
        0.6,
        _INITIAL_WEIGHT,
        (f"initial {_display(initial)}. matches {_display(word)}",),
    )


def _surname_pair(x: Token, y: Token) -> _Pair:
    """Two words neither of which is a given name: compare skeletons."""
    if x.skeleton == y.skeleton:
        return _Pair(1.0, _SURNAME_WEIGHT, (_same_surname_reason(x, y),))
    if _sex_forms(x.skeleton, y.skeleton):
        reason = f"male and female forms of the surname: {_display(x)} / {_display(y)}"
        return _Pair(0.9, _SURNAME_WEIGHT, (reason,), sex_form=True)
    part = _double_surname_part(x, y)
    if part:
        return part
    similarity = _surname_similarity(x.skeleton, y.skeleton)
    if similarity < _TRANSPOSED and _one_transposition(x.normalized, y.normalized):
        # Two neighbouring letters typed in the wrong order: the commonest
        # typo, which the skeleton can turn into two or three edits.
        reason = f"1 typo (letters swapped) in surname: {_display(x)} ~ {_display(y)}"
        return _Pair(_TRANSPOSED, _SURNAME_WEIGHT, (reason,))
    if _prothetic_v(x.skeleton, y.skeleton):
        reason = f"Belarusian prothetic V in the surname: {_display(x)} ~ {_display(y)}"
        return _Pair(similarity, _SURNAME_WEIGHT, (reason,))
    if similarity < _TYPO_MIN:
        reasons = (f"different surnames: {_display(x)} / {_display(y)}",)
    else:
        distance = OSA.distance(x.skeleton, y.skeleton)
        reasons = (
            f"{distance} typo{'s' if distance > 1 else ''} in surname: "
            f"{_display(x)} ~ {_display(y)}",
        )
    return _Pair(similarity, _SURNAME_WEIGHT, reasons)


_TRANSPOSED = 0.9


def _one_transposition(a: str, b: str) -> bool:
    """Whether `b` is `a` with two neighbouring letters swapped (long words)."""
    if len(a) != len(b) or len(a) < 5 or a == b:
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and a[differ[1]] == b[differ[0]]
    )


def _double_surname_part(x: Token, y: Token) -> _Pair | None:
    """Sharenda-Panasiuk vs Sharenda: one part of a double surname."""
    parts_x, parts_y = x.skeleton.split("-"), y.skeleton.split("-")
    if len(parts_x) == len(parts_y) or not set(parts_x) & set(parts_y):
        return None
    reason = f"part of a double surname: {_display(x)} ~ {_display(y)}"
    return _Pair(0.92, _SURNAME_WEIGHT, (reason,))


@lru_cache(maxsize=200_000)
def _skeleton_similarity(a: str, b: str) -> float:
    """Similarity of two skeletons: 1 − edits / length, lenient on one typo."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    distance = OSA.distance(a, b)
    similarity = 1 - distance / longest
    if distance == 1 and longest >= 5:
        return max(similarity, 0.9)
    if distance == 2 and longest >= 9:
        return max(similarity, 0.8)
    # Three or more edits is usually another surname (Tsikhanouski/Tsikhanau).
    return similarity if distance <= 2 else similarity * 0.7


_TYPO_MIN = 0.6  # below: the surnames are called different
_DIFFERENT = 0.45  # a surname that differs in a telling place
# Endings that make another surname, not a typo: Vaskovich/Vaskevich.
_ENDINGS = ("viC", "vna", "v", "va", "vski", "vska", "nka", "nk", "k")


@lru_cache(maxsize=200_000)
def _surname_similarity(a: str, b: str) -> float:
    """Similarity of two surname skeletons that are not equal.

    The skeleton already absorbs the Belarusian↔Russian and romanisation
    differences, so what remains is a typo or another surname. A typo is
    believed only away from the first letter, in a long enough word, and
    not where it changes a derivational ending (Александров vs Аляксандровіч,
    Tikhonova vs Tikhanovskaya, Vaskovich vs Vaskevich). Short surnames get
    little tolerance: one letter is most of what tells Zhuk from Zhak.
    """
    if a == b:
        return 1.0
    if _prothetic_v(a, b):
        return 0.95
    longest = max(len(a), len(b))
    distance = OSA.distance(a, b)
    if distance > 2:
        return min(_DIFFERENT, (1 - distance / longest) * 0.7)
    shorter, longer = sorted((a, b), key=len)
    common = _common_prefix(a, b)
    if _spelling_only(a, b, common):
        return 0.9
    if common == 0:
        return _DIFFERENT if distance == 1 and longest >= 7 else 0.35
    if distance == 2 and common >= len(shorter) - 1:
        return 0.3  # one surname derived from the other: -ов/-овіч, -ова/-оўская
    if distance == 1:
        if _changes_ending(a, b, common):
            return _DIFFERENT
        if _other_consonant(a, b, common):
            return 0.8 if longest >= 7 else _DIFFERENT
        if longest >= 7:
            return 0.9
        return {6: 0.8, 5: 0.7}.get(longest, _DIFFERENT)
    if longest >= 9:
        return 0.75
    return 0.55 if longest >= 7 else 0.4


def _common_prefix(a: str, b: str) -> int:
    """Length of the common beginning of two strings."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _spelling_only(a: str, b: str, common: int) -> bool:
    """One letter that spelling, not the name, changes: Špak/Spak, Lasica/Ласіца."""
    if len(a) != len(b) or a[common + 1 :] != b[common + 1 :]:
        return False
    return {a[common], b[common]} in _SPELLING_PAIRS


def _prothetic_v(a: str, b: str) -> bool:
    """Belarusian prothetic в before у/о: Вус = Ус, Вострыкаў = Остриков."""
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 2 and longer == "v" + shorter and shorter[0] in "ua"


# Latin c is ц or к (Lasica), š/ž lose their marks (Spak): spelling, not typos.
_SPELLING_PAIRS = ({"S", "s"}, {"Z", "z"}, {"k", "t"}, {"C", "t"})


def _other_consonant(a: str, b: str, common: int) -> bool:
    """One consonant replaced by another (Марчанка/Мамчанка), not a vowel slip."""
    if len(a) != len(b) or a[common + 1 :] != b[common + 1 :]:
        return False
    pair = {a[common], b[common]}
    return not pair & set("aeiouv") and pair not in _SPELLING_PAIRS


def _changes_ending(a: str, b: str, common: int) -> bool:
    """One a/e swap right before an ending: -овіч/-евіч, -оў/-еў are two names."""
    if len(a) != len(b) or {a[common], b[common]} != {"a", "e"}:
        return False
    return a[common + 1 :] in _ENDINGS


_MALE_FEMALE = (
    ("ski", "ska"),
    ("av", "ava"),
    ("ev", "eva"),
    ("in", "ina"),
    ("i", "aia"),
)


def _sex_forms(a: str, b: str) -> bool:
    """Whether two skeletons are the male and female form of one surname."""
    for male, female in _MALE_FEMALE:
        for x, y in ((a, b), (b, a)):
            if x.endswith(male) and y.endswith(female):
                if x.removesuffix(male) == y.removesuffix(female) and len(x) > 3:
                    return True
    return False


def _same_surname_reason(x: Token, y: Token) -> str:
    """Say why two different spellings have the same skeleton."""
    if x.normalized == y.normalized:
        return f"same surname: {_display(x)}"
    if x.is_cyrillic and y.is_cyrillic:
        return (
            "Belarusian and Russian forms of the same surname: "
            f"{_display(x)} ~ {_display(y)}"
        )
    if x.is_cyrillic != y.is_cyrillic:
        return f"same surname in another script: {_display(x)} ~ {_display(y)}"
    return f"same surname in another romanisation: {_display(x)} ~ {_display(y)}"


_CYRILLIC_INITIALS = {
    "е": "eyij", "я": "yija", "ю": "yiju", "ё": "yijo", "є": "yie", "ї": "yi",
    "х": "khc", "ц": "tc", "ч": "c", "ш": "s", "щ": "s", "ж": "z", "г": "hg",
    "ў": "uw", "й": "yij", "і": "i", "и": "i", "ы": "y", "э": "e",
}  # fmt: skip


@lru_cache(maxsize=50_000)
def _initials(token: Token) -> frozenset[str]:
    """Every letter the word (or any spelling of its given name) can start with."""
    firsts = {token.normalized[:1]}
    groups = load_given_names()
    for group_id in token.groups:
        firsts.update(normalize(form)[:1] for form in groups[group_id].forms)
    latin = {_latin_first(c) for c in firsts}
    return frozenset(firsts | {c for letters in latin for c in letters})


def _latin_first(char: str) -> str:
    """Latin letters a Cyrillic initial can be romanised with."""
    if char in _CYRILLIC_INITIALS:
        return _CYRILLIC_INITIALS[char]
    return transliterate(char, "be_passport")[:1]


def _add_scheme_reasons(a: str, b: str, reasons: tuple[str, ...]) -> tuple[str, ...]:
    """Name the romanisation systems behind a Latin/Latin or Cyrillic/Latin match."""
    added = []
    for x in parse_name(a).surnames:
        for y in parse_name(b).surnames:
            if x.skeleton == y.skeleton and x.normalized != y.normalized:
                added.append(_scheme_note(x, y))
    return reasons + tuple(note for note in added if note)


def _scheme_note(x: Token, y: Token) -> str:
    """Describe which schemes spell the surname, e.g. "BGN vs national 2007"."""
    if x.is_cyrillic and y.is_cyrillic:
        return ""
    if x.is_cyrillic or y.is_cyrillic:
        cyrillic, latin = (x, y) if x.is_cyrillic else (y, x)
        schemes = _schemes_of(latin.normalized, [cyrillic.text])
        if not schemes:
            return ""
        return (
            f"{_display(latin)} is the {', '.join(schemes)} "
            f"romanisation of {_display(cyrillic)}"
        )
    schemes_x = _schemes_of(x.normalized, to_cyrillic(x.text))
    schemes_y = _schemes_of(y.normalized, to_cyrillic(y.text))
    if not schemes_x or not schemes_y or set(schemes_x) & set(schemes_y):
        return ""
    return (
        f"same surname under {', '.join(schemes_x)} ({_display(x)}) "
        f"vs {', '.join(schemes_y)} ({_display(y)}) romanisation"
    )


def _schemes_of(latin: str, cyrillic_forms: Iterable[str]) -> list[str]:
    """Schemes that turn one of `cyrillic_forms` into `latin` (normalised)."""
    found: list[str] = []
    for cyrillic in cyrillic_forms:
        language = _language(cyrillic)
        for scheme in SCHEMES:
            if language in (None, scheme[:2]) and scheme not in found:
                if normalize(transliterate(cyrillic, scheme)) == latin:
                    found.append(scheme)
    return found


def _language(cyrillic: str) -> str | None:
    """Guess be/ru/uk from letters only one of the languages uses."""
    text = cyrillic.lower()
    if any(c in text for c in "їєґ"):
        return "uk"
    if "ў" in text or ("і" in text and "и" not in text):
        return "be"
    if any(c in text for c in "ыэъё"):
        return "ru" if "и" in text or "ъ" in text else "be"
    return "ru" if "и" in text or "щ" in text else None


def _display(token: Token) -> str:
    """Capitalise each part of a (possibly hyphenated) word for reasons."""
    return "-".join(part[:1].upper() + part[1:] for part in token.text.split("-"))


def best_matches(
    query: str,
    candidates: Iterable[tuple[K, str]],
    limit: int = 10,
    min_score: float = SEARCH_MIN_SCORE,
) -> list[Hit[K]]:
    """Rank `(key, name)` candidates against `query`, one hit per key.

    Scores every candidate; for more than a few thousand use `NameIndex`.
    """
    best: dict[K, Hit[K]] = {}
    primary: dict[K, str] = {}
    for key, name in candidates:
        primary.setdefault(key, name)
        match = _compare(query, name)
        if match.score >= min_score and _improves(query, match, name, best.get(key)):
            best[key] = Hit(key, primary[key], match.score, name, match.reasons)
    ranked = sorted(best.values(), key=lambda hit: (-hit.score, hit.name))
    return ranked[:limit]


def _improves(query: str, match: Match, name: str, current: Hit[K] | None) -> bool:
    """Whether `name` beats the key's current hit; ties go to the closer spelling."""
    if current is None or match.score != current.score:
        return current is None or match.score > current.score
    query_form = normalize(query)
    return fuzz.ratio(query_form, normalize(name)) > fuzz.ratio(
        query_form, normalize(current.matched)
    )
