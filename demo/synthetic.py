"""A seeded generator of synthetic registers of Belarusian political prisoners.

Everything this module makes is invented. The demo loads about 2,000 made-up
persons so that the site can be shown without exposing anybody; the tests use
a few dozen; the benchmarks use 10k and 100k to measure import, statistics and
name matching at scale. What is synthetic, and how it is made realistic:

* **Names.** Real Belarusian given names and surname patterns (see
  `demo/synthetic_data.py`) combined at random, so a name may belong to a real
  person by chance but no record describes one. Each person carries the
  Belarusian and the Russian form (akanne, yakanne, tsekanne, -оў/-ов,
  -скі/-ский ... are in the tables), Latin spellings in several systems made by
  the small transliterators below (Belarusian passport practice, Łacinka,
  Russian ICAO and English-press forms, Polish-style), sometimes a Russian
  patronymic, a maiden name or a Belarusian short form.
* **Histories.** Arrest dates, charges (only articles present in
  `registry/data/criminal_code_articles.csv`), sentence lengths, facilities (the
  real ones of `registry/data/facilities.csv`), transfers, pardon and
  deportation waves of 2024-2025, deaths in custody, recognitions by Viasna
  (sometimes also BAJ or Belarusian PEN) follow rough public proportions.
* **Sources** are `https://example.org/synthetic/...` URLs and notes say
  "Synthetic record", so nothing can be mistaken for real data.
* **Planted duplicates.** With `duplicate_rate`, some persons appear twice, the
  second time as another source would write them (Russian spelling only, a
  typo, reversed order, initials, the birth year only). The pairs are returned
  so that a matcher can be scored on them. The spellings are made here,
  independently of the `names` package whose matcher is evaluated on them.

Same arguments give the same register: one `random.Random(seed)` drives every
choice and no set or hash order is ever iterated.
"""

from __future__ import annotations

import bisect
import csv
import io
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Generic, TypeVar

from demo import synthetic_data as data
from demo.synthetic_data import Profile
from registry.memory import no_cyclic_gc

__all__ = ["SyntheticRegister", "generate"]

Json = dict[str, object]
T = TypeVar("T")

START = date(2020, 5, 1)
TODAY = date(2026, 11, 1)
DEATH_RATE = 0.0045
IN_ABSENTIA_RATE = 0.025
RECOGNISED_RATE = 0.88


@dataclass(frozen=True)
class SyntheticRegister:
    persons: list[dict[str, object]]
    duplicates: list[tuple[str, str]]


def generate(
    count: int,
    *,
    seed: int = 2020,
    today: date | None = None,
    duplicate_rate: float = 0.0,
) -> SyntheticRegister:
    """`count` synthetic person records (planted duplicates included)."""
    today = today or TODAY
    if count < 0:
        raise ValueError("count must not be negative")
    if not 0.0 <= duplicate_rate <= 0.5:
        raise ValueError("duplicate_rate must be between 0 and 0.5")
    if today < START + timedelta(days=120):
        raise ValueError(f"today must be after {START + timedelta(days=120)}")
    with no_cyclic_gc():
        return _Generator(random.Random(seed), today).register(count, duplicate_rate)


# Weighted choice --------------------------------------------------------------


@dataclass(frozen=True)
class Weighted(Generic[T]):
    """Items with cumulative weights, for fast repeated weighted choice."""

    items: tuple[T, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[T, float]]) -> Weighted[T]:
        items: list[T] = []
        cumulative: list[float] = []
        total = 0.0
        for item, weight in pairs:
            total += weight
            items.append(item)
            cumulative.append(total)
        if not items or total <= 0:
            raise ValueError("nothing to choose from")
        return cls(tuple(items), tuple(cumulative))

    def pick(self, rng: random.Random) -> T:
        point = rng.random() * self.cumulative[-1]
        index = bisect.bisect_right(self.cumulative, point)
        return self.items[min(index, len(self.items) - 1)]


# Reference tables ---------------------------------------------------------------


@dataclass(frozen=True)
class GivenName:
    sex: str
    be: str
    ru: str
    news: tuple[str, ...]
    polish: tuple[str, ...]
    short: str
    weight: float


@dataclass(frozen=True)
class Surname:
    be: str
    ru: str

    def be_form(self, sex: str) -> str:
        """Belarusian form for the sex: Ціханоўская, Быкава, Пушкіна."""
        if sex != "f":
            return self.be
        if self.be.endswith("кі"):
            return self.be[:-1] + "ая"
        if self.be.endswith("ў"):
            return self.be[:-1] + "ва"
        return self.be + "а" if self.be.endswith(("ін", "ын")) else self.be

    def ru_form(self, sex: str) -> str:
        """Russian form for the sex: Тихановская, Быкова, Пушкина."""
        if sex != "f":
            return self.ru
        if self.ru.endswith("кий"):
            return self.ru[:-2] + "ая"
        endings = ("ов", "ев", "ёв", "ин", "ын")
        return self.ru + "а" if self.ru.endswith(endings) else self.ru


@dataclass(frozen=True)
class Facility:
    name: str
    kind: str
    sex: str
    regimes: tuple[str, ...]
    place: str
    region: str
    address: str


@cache
def given_names() -> tuple[GivenName, ...]:
    names = []
    for line in data.GIVEN_NAMES.strip().splitlines():
        sex, be, ru, news, polish, short, weight = line.split("|")
        news_forms, polish_forms = tuple(news.split()), tuple(polish.split())
        names.append(
            GivenName(sex, be, ru, news_forms, polish_forms, short, float(weight))
        )
    return tuple(names)


@cache
def surnames() -> tuple[Surname, ...]:
    words = data.SURNAMES.split()
    pairs = zip(words[::2], words[1::2], strict=True)
    return tuple(Surname(be, ru) for be, ru in pairs)


def _reference_rows(filename: str) -> list[dict[str, str]]:
    text = (resources.files("registry") / "data" / filename).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def facilities() -> tuple[Facility, ...]:
    """The real facilities of registry/data/facilities.csv."""
    return tuple(
        Facility(
            name=row["name_en"].strip(),
            kind=row["kind"].strip(),
            sex=row["sex"].strip(),
            regimes=tuple(r.strip() for r in row["regime"].split(";") if r.strip()),
            place=row["locality"].split("(")[0].strip(),
            region=row["region"].strip(),
            address=row["postal_address"].strip(),
        )
        for row in _reference_rows("facilities.csv")
    )


@cache
def known_articles() -> tuple[str, ...]:
    """Article numbers of registry/data/criminal_code_articles.csv."""
    rows = _reference_rows("criminal_code_articles.csv")
    return tuple(row["article"].strip() for row in rows)


# Transliteration ----------------------------------------------------------------
# Small, self-contained versions of the systems a register meets in practice.

_BE_VOWELS = "аеёіоуыэюяи"
_RU_VOWELS = "аеёиоуыэюя"
_HUSHING = "жшчщц"
_IOTATED = {"е": "e", "ё": "o", "ю": "u", "я": "a"}
_SOFTENED = {"s": "ś", "z": "ź", "n": "ń", "c": "ć"}
# fmt: off
_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "з": "z",
    "і": "i", "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "ы": "y",
    "э": "e", "ь": "", "ъ": "", "'": "",
}
_BE_PASSPORT = {
    **_COMMON, "г": "h", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "ў": "u",
}
_BE_LACINKA = {
    **_COMMON, "г": "h", "ж": "ž", "х": "ch", "ц": "c", "ч": "č", "ш": "š",
    "ў": "ŭ", "й": "j",
}
_RU_ICAO = {
    **_COMMON, "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "е": "e", "ё": "e", "й": "i", "ъ": "ie", "ю": "iu", "я": "ia",
}
_RU_POLISH = {
    **_COMMON, "в": "w", "ж": "ż", "х": "ch", "ц": "c", "ч": "cz", "ш": "sz",
    "щ": "szcz", "й": "j",
}
_POLISH_ENDINGS = (
    ("цкий", "cki"), ("ский", "ski"), ("цкая", "cka"), ("ская", "ska"),
    ("ий", "ij"), ("ый", "yj"),
)
# fmt: on


def _words(text: str, word: Callable[[str], str]) -> str:
    """Apply a one-word transliterator to each word, capitalised."""
    out = (word(w.lower().replace("’", "'")) for w in text.split())
    return " ".join(w[:1].upper() + w[1:] for w in out)


def _after_consonant(prev: str, vowels: str = _BE_VOWELS) -> bool:
    return bool(prev) and prev not in vowels and prev not in "ь'ъ"


def _soften(out: list[str]) -> None:
    """A soft sign: ś ź ń ć on the letter before, nothing otherwise."""
    if out:
        out[-1] = out[-1][:-1] + _SOFTENED.get(out[-1][-1:], out[-1][-1:])


@cache
def be_passport(text: str) -> str:
    """Belarusian passport practice: Siarhei Tsikhanouski, Maryia, Yauhen."""
    return _words(text, _be_passport_word)


def _be_passport_word(word: str) -> str:
    word = word.replace("цц", "ц")
    out = []
    for i, ch in enumerate(word):
        prev, last = word[i - 1] if i else "", i == len(word) - 1
        if ch == "е":
            out.append("e" if _after_consonant(prev) else "ye")
        elif ch in "ёюя":
            soft = _after_consonant(prev) or prev == "ы"
            out.append(("i" if soft else "y") + _IOTATED[ch])
        elif ch == "й":
            out.append("" if last and prev in "ыі" else "i")
        else:
            out.append(_BE_PASSPORT.get(ch, ch))
    return "".join(out)


@cache
def be_lacinka(text: str) -> str:
    """Łacinka: Siarhiej Cichanoŭski, Aleś Bialacki, Uładzimir."""
    return _words(text, _be_lacinka_word)


def _be_lacinka_word(word: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(word):
        prev, ahead = word[i - 1] if i else "", word[i + 1 : i + 3]
        if ch == "л":
            soft = ahead[:1] in ("е", "ё", "ю", "я", "і", "ь") or (
                ahead[:1] == "л" and ahead[1:2] in ("е", "ё", "ю", "я", "і")
            )
            out.append("l" if soft else "ł")
        elif ch in _IOTATED:
            if prev == "л":
                out.append(_IOTATED[ch])
            else:
                out.append(("i" if _after_consonant(prev) else "j") + _IOTATED[ch])
        elif ch == "ь":
            _soften(out)
        else:
            out.append(_BE_LACINKA.get(ch, ch))
    return "".join(out)


@cache
def ru_icao(text: str) -> str:
    """Russian passports (ICAO 9303): Sergei Tikhanovskii, Mariia."""
    return _words(text, lambda w: "".join(_RU_ICAO.get(ch, ch) for ch in w))


@cache
def ru_news(text: str, short_i: str = "y") -> str:
    """English-press forms of Russian: Sergey Tikhanovsky, Kovalyov."""
    return _words(text, lambda w: _ru_news_word(w, short_i))


def _ru_news_word(word: str, short_i: str) -> str:
    suffix = ""
    if len(word) > 3 and word.endswith(("ий", "ый")):
        word, suffix = word[:-2], "y"
    out = []
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else ""
        if ch == "е":
            out.append("e" if _after_consonant(prev, _RU_VOWELS) else "ye")
        elif ch == "ё":
            out.append("o" if prev and prev in _HUSHING else "yo")
        elif ch in "юя":
            out.append("y" + _IOTATED[ch])
        elif ch == "й":
            out.append(short_i)
        elif ch == "ъ":
            out.append("")
        else:
            out.append(_RU_ICAO.get(ch, ch))
    return "".join(out) + suffix


@cache
def ru_polish(text: str) -> str:
    """Polish press transcription of Russian: Siergiej Tichanowski."""
    return _words(text, _ru_polish_word)


def _ru_polish_word(word: str) -> str:
    suffix = ""
    for ending, latin in _POLISH_ENDINGS:
        if len(word) > len(ending) + 1 and word.endswith(ending):
            word, suffix = word[: -len(ending)], latin
            break
    out: list[str] = []
    for i, ch in enumerate(word):
        prev, nxt = word[i - 1] if i else "", word[i + 1 : i + 2]
        if ch == "л":
            out.append("l" if nxt and nxt in "еёюяиь" else "ł")
        elif ch in _IOTATED and prev and prev in "л" + _HUSHING:
            out.append(_IOTATED[ch])
        elif ch in _IOTATED:
            soft = _after_consonant(prev, _RU_VOWELS)
            out.append(("i" if soft else "j") + _IOTATED[ch])
        elif ch == "и":
            out.append("y" if prev and prev in _HUSHING else "i")
        elif ch == "ь":
            _soften(out)
        else:
            out.append(_RU_POLISH.get(ch, ch))
    return "".join(out) + suffix


_PATRONYMIC_STEMS = {
    "Дмитрий": "Дмитриев",
    "Георгий": "Георгиев",
    "Павел": "Павлов",
    "Пётр": "Петров",
    "Михаил": "Михайлов",
    "Яков": "Яковлев",
    "Данила": "Данилов",
    "Илья": "Ильинич",
    "Никита": "Никитич",
}


def patronymic(father: str, sex: str) -> str:
    """The Russian patronymic from the father's Russian given name."""
    stem = _PATRONYMIC_STEMS.get(father)
    if stem is None:
        if father.endswith(("ей", "ай")):
            stem = father[:-1] + "ев"
        elif father.endswith("ий"):
            stem = father[:-2] + "ьев"
        elif father.endswith("ь") or father[-1] in _HUSHING:
            stem = father.rstrip("ь") + "ев"
        else:
            stem = father + "ов"
    if stem.endswith("ич"):  # Ильич / Ильинична, Никитич / Никитична
        return ("Ильич" if stem == "Ильинич" else stem) if sex == "m" else stem + "на"
    return stem + ("ич" if sex == "m" else "на")


def typo(rng: random.Random, word: str) -> str:
    """One plausible slip: swapped, dropped or doubled letter, or a vowel."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    swaps = {"a": "o", "o": "a", "e": "i", "i": "y", "y": "i", "u": "o"}
    for j in range(i, len(word)):
        if word[j] in swaps:
            return word[:j] + swaps[word[j]] + word[j + 1 :]
    return word


# Dates ------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _between(rng: random.Random, low: date, high: date) -> date:
    if high <= low:
        return low
    return low + timedelta(days=rng.randint(0, (high - low).days))


def _days(low: int, high: int, rng: random.Random) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def _term(months: int) -> str:
    """3 years; 1 year 6 months; 8 months."""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year" + ("s" if years > 1 else ""))
    if rest:
        parts.append(f"{rest} month" + ("s" if rest > 1 else ""))
    return " ".join(parts)


# The generator ----------------------------------------------------------------

VERIFICATION = Weighted.of(
    [
        ("reported", 30),
        ("partially_verified", 20),
        ("corroborated", 25),
        ("documented", 25),
    ]
)
AGES = Weighted.of(
    [((17, 24), 14), ((25, 34), 26), ((35, 44), 26), ((45, 59), 22), ((60, 80), 12)]
)
HEALTH = Weighted.of(
    [
        ("serious_illness", 50),
        ("disability", 20),
        ("mental_disorder", 12),
        ("other", 18),
    ]
)
LATIN_SHARES = (("ru_news", 0.55), ("ru_icao", 0.25), ("be_lacinka", 0.1), ("pl", 0.05))
DUPLICATE_STYLES = ("russian", "russian", "lacinka", "reversed", "initials", "typo")
RELEASE_TEXT = {
    "served": ("release", "Released after serving the sentence."),
    "pardon": ("pardon", "Released under a pardon."),
    "deported": ("release", "Released and taken across the border to Lithuania."),
    "exchanged": ("release", "Released in a prisoner exchange."),
    "charges_dropped": ("release", "Released; charges dropped."),
    "acquitted": ("release", "Released after acquittal."),
    "other": ("release", "Released early."),
}


@dataclass(frozen=True)
class Identity:
    """Who a record is about, kept to spell the person again for a duplicate."""

    given: GivenName
    surname: Surname
    sex: str
    patronymic: str
    maiden: Surname | None


@dataclass(frozen=True)
class Group:
    """A shared event: several persons arrested together."""

    event_id: str
    day: date
    region: str
    locality: str
    description: str


@dataclass(frozen=True)
class Segment:
    """One place of custody, held from `start` until the next one begins."""

    kind: str
    start: date
    facility: Facility | None


@dataclass(frozen=True)
class Plan:
    """Custody from the arrest on: places, verdict, case and term."""

    segments: list[Segment]
    case: Json
    verdict: date | None = None
    months: int | None = None
    dropped: bool = False


@dataclass
class Draft:
    """A person being made: identity, then the record's facts."""

    identity: Identity
    region: str
    locality: str
    birth: date
    record: Json = field(default_factory=dict)
    detentions: list[Json] = field(default_factory=list)
    recognitions: list[Json] = field(default_factory=list)
    cases: list[Json] = field(default_factory=list)
    events: list[tuple[date, Json]] = field(default_factory=list)
    health: list[Json] = field(default_factory=list)
    died_on: date | None = None
    died_in_custody: bool = False


class _Generator:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.latest = today - timedelta(days=21)  # last possible arrest
        self.waves = [
            (date.fromisoformat(day), reason, share)
            for day, reason, share in data.RELEASE_WAVES
            if date.fromisoformat(day) <= today
        ]
        self.men = Weighted.of((g, g.weight) for g in given_names() if g.sex == "m")
        self.women = Weighted.of((g, g.weight) for g in given_names() if g.sex == "f")
        self.regions = Weighted.of((r, w) for r, (w, _) in data.REGIONS.items())
        self.profiles = Weighted.of((p, p.weight) for p in data.PROFILES)
        self.charges = {p.name: self._charges(p) for p in data.PROFILES}
        self.terms = {
            p.name: Weighted.of(((lo, hi), w) for lo, hi, w in p.months)
            for p in data.PROFILES
        }
        self.years = {
            p.name: Weighted.of((y, w) for y, w in p.years.items() if y <= today.year)
            for p in data.PROFILES
            if any(y <= today.year for y in p.years)
        }
        self._pretrial: dict[tuple[str, bool], Weighted[Facility] | None] = {}

    # The register -------------------------------------------------------------

    def register(self, count: int, duplicate_rate: float) -> SyntheticRegister:
        planted = min(round(count * duplicate_rate), count // 2)
        drafts = self._drafts(count - planted)
        copies = self.rng.sample(range(len(drafts)), planted)
        order = [(i, False) for i in range(len(drafts))] + [(i, True) for i in copies]
        self.rng.shuffle(order)
        ids = {item: f"syn-{n:06d}" for n, item in enumerate(order, start=1)}
        persons: list[Json] = []
        duplicates: list[tuple[str, str]] = []
        for index, is_copy in order:
            record_id = ids[(index, is_copy)]
            draft = drafts[index]
            facts = self._duplicate(draft) if is_copy else draft.record
            persons.append({"record_id": record_id, **facts})
            if is_copy:
                duplicates.append((ids[(index, False)], record_id))
        return SyntheticRegister(persons, duplicates)

    def _drafts(self, count: int) -> list[Draft]:
        groups = self._groups(count)
        return [self._person(groups.get(i)) for i in range(count)]

    def _groups(self, count: int) -> dict[int, Group]:
        """Assign a few persons to group arrests (shared events)."""
        rng = self.rng
        number = count // 250 + (1 if count >= 40 else 0)
        sizes = [rng.randint(2, 5) for _ in range(number)]
        members = rng.sample(range(count), min(sum(sizes), count // 2))
        assigned: dict[int, Group] = {}
        for n, size in enumerate(sizes, start=1):
            region = self.regions.pick(rng)
            group = Group(
                event_id=f"syn-ev-{n:04d}",
                day=_between(rng, date(2020, 8, 9), self.latest),
                region=region,
                locality=self._locality(region),
                description=rng.choice(data.GROUP_ARRESTS),
            )
            for index in members[:size]:
                assigned[index] = group
            members = members[size:]
        return assigned

    # One person ---------------------------------------------------------------

    def _person(self, group: Group | None) -> Draft:
        rng = self.rng
        profile = self._profile(group)
        arrest = group.day if group else self._arrest_day(profile)
        low, high = AGES.pick(rng)
        birth = arrest - timedelta(
            days=rng.randint(low, high) * 365 + rng.randint(0, 364)
        )
        region = group.region if group else self.regions.pick(rng)
        locality = group.locality if group else self._locality(region)
        draft = Draft(self._identity(birth, arrest), region, locality, birth)
        if group is None and rng.random() < IN_ABSENTIA_RATE:
            self._in_absentia(draft, profile)
        else:
            self._custody(draft, profile, arrest, group)
        self._health(draft)
        draft.record = self._record(draft)
        return draft

    def _profile(self, group: Group | None) -> Profile:
        if group is None:
            return self.profiles.pick(self.rng)
        name = "protest" if group.day < date(2021, 7, 1) else "extremism"
        return next(p for p in data.PROFILES if p.name == name)

    def _locality(self, region: str) -> str:
        towns = data.REGIONS[region][1]
        return towns[0] if self.rng.random() < 0.45 else self.rng.choice(towns)

    def _arrest_day(self, profile: Profile) -> date:
        years = self.years.get(profile.name)
        year = years.pick(self.rng) if years else self.latest.year
        low = max(date(year, 1, 1), date.fromisoformat(profile.earliest), START)
        high = min(date(year, 12, 31), self.latest)
        if high < low:
            low, high = START, self.latest
        return _between(self.rng, low, high)

    def _identity(self, birth: date, arrest: date) -> Identity:
        rng = self.rng
        sex = "f" if rng.random() < 0.16 else "m"
        given = (self.women if sex == "f" else self.men).pick(rng)
        father = patronymic(self.men.pick(rng).ru, sex) if rng.random() < 0.3 else ""
        married = sex == "f" and (arrest - birth).days > 25 * 365
        maiden = rng.choice(surnames()) if married and rng.random() < 0.3 else None
        return Identity(given, rng.choice(surnames()), sex, father, maiden)

    # Histories ----------------------------------------------------------------

    def _in_absentia(self, draft: Draft, profile: Profile) -> None:
        """Tried in absentia abroad: a case and events, no detention."""
        rng = self.rng
        sentenced = _between(rng, date(2021, 6, 1), self.latest)
        months = rng.randint(8, 25) * 12
        text = f"{_term(months)}, reinforced-regime colony"
        draft.cases.append(self._case(profile, text, months, sentenced, True))
        wanted = max(START, sentenced - _days(90, 400, rng))
        self._event(draft, "added_to_wanted_list", wanted, "", "")
        self._event(draft, "in_absentia_trial", sentenced, draft.locality, "")
        if rng.random() < 0.7:
            self._extremist_list(draft, sentenced + _days(20, 120, rng))

    def _custody(
        self, draft: Draft, profile: Profile, arrest: date, group: Group | None
    ) -> None:
        rng = self.rng
        adult = _add_months(draft.birth, 12 * 18)
        earliest = max(START, adult)
        if group is None and (arrest - earliest).days > 200 and rng.random() < 0.1:
            self._earlier_episode(draft, earliest, arrest)
        plan = self._plan(draft, profile, arrest)
        end, reason = self._release(plan, arrest)
        arrest_text = self._close(draft, plan.segments, end, reason, group is None)
        draft.cases.append(plan.case)
        self._arrest_events(draft, arrest, arrest_text, group)
        self._custody_events(draft, plan.segments, arrest, end, reason)
        listing = 0.6 if profile.name == "extremism" else 0.25
        if plan.verdict is not None and rng.random() < listing:
            limit = end if reason == "died" else None
            self._extremist_list(draft, plan.verdict + _days(20, 200, rng), limit)
        self._recognise(draft, arrest, None if reason == "died" else end)
        if reason == "died":
            draft.died_on, draft.died_in_custody = end, True
        elif end is not None:
            self._maybe_died_later(draft, end)

    def _earlier_episode(self, draft: Draft, earliest: date, arrest: date) -> None:
        """A short earlier detention: charges dropped, or 3 months of arrest."""
        rng = self.rng
        start = _between(rng, earliest, arrest - timedelta(days=150))
        served = rng.random() < 0.3
        end = start + timedelta(days=90 if served else rng.randint(10, 75))
        reason = "served" if served else rng.choice(("charges_dropped", "other"))
        facility = self._pretrial_facility(draft.region, grave=False)
        self._close(draft, [Segment("pretrial", start, facility)], end, reason, False)
        description = rng.choice(data.ARREST_PLACES)
        self._event(draft, "arrest", start, draft.locality, description)
        kind, text = RELEASE_TEXT[reason]
        self._event(draft, kind, end, facility.place if facility else "", text)
        if served and "342" in known_articles():
            sentenced = start + timedelta(days=20)
            case = self._case_of(["BY-CC 342.1"], "3 months of arrest", 3, sentenced)
            draft.cases.append(case)

    def _plan(self, draft: Draft, profile: Profile, arrest: date) -> Plan:
        """Where the person is held from the arrest on, and the case."""
        rng = self.rng
        grave = profile.name == "grave"
        house = not grave and rng.random() < 0.06
        facility = None if house else self._pretrial_facility(draft.region, grave)
        first = Segment("house_arrest" if house else "pretrial", arrest, facility)
        verdict = arrest + (_days(150, 420, rng) if grave else _days(50, 240, rng))
        if verdict > self.today or rng.random() < 0.01:
            dropped = verdict <= self.today or rng.random() < 0.03
            return Plan([first], self._case(profile, "", None, None), dropped=dropped)
        months = self._months(profile)
        outcome = self._outcome(profile)
        sentence = self._sentence(outcome, months, draft, verdict)
        case = self._case(profile, sentence, months, verdict)
        if outcome == "home":
            return Plan([first], case, verdict, months)
        if outcome == "psychiatric":
            case["sentence_months"] = None
        transfer = verdict + _days(15, 60, rng)
        place = self._facility_for(outcome, draft, verdict, str(case["sentence"]))
        segments = [first, Segment(outcome, transfer, place)]
        switch_ok = outcome == "colony" and months >= 30 and not draft.detentions
        if switch_ok and rng.random() < 0.07:
            switch = transfer + _days(180, 900, rng)
            segments.append(Segment("prison", switch, self._any("prison")))
        return Plan(segments, case, verdict, months)

    def _outcome(self, profile: Profile) -> str:
        roll = self.rng.random() - 0.015
        if roll < 0:
            return "psychiatric"
        if roll < profile.home_share:
            return "home"
        if roll < profile.home_share + profile.open_share:
            return "open_facility"
        return "colony"

    def _sentence(self, outcome: str, months: int, draft: Draft, verdict: date) -> str:
        term = _term(months)
        if outcome == "psychiatric":
            return "Compulsory psychiatric treatment"
        if outcome == "home":
            return f"{term} of restricted freedom at home (no open-type facility)"
        if outcome == "open_facility":
            return f"{term} of restricted freedom in an open-type facility"
        if verdict < _add_months(draft.birth, 12 * 18):
            return f"{term}, educational colony for minors"
        return f"{term}, {self._regime(months, draft.identity.sex)}-regime colony"

    def _release(self, plan: Plan, arrest: date) -> tuple[date | None, str]:
        """When and why the custody ends (None: still held on `today`)."""
        rng, segments = self.rng, plan.segments
        if plan.verdict is None:
            if not plan.dropped:
                return None, ""
            low = arrest + timedelta(days=30)
            if low > self.today:
                return None, ""
            return _between(rng, low, self.today), "charges_dropped"
        if len(segments) == 1:  # restricted freedom at home: freed at the verdict
            return plan.verdict, "other"
        custody = segments[1]
        if custody.kind == "psychiatric":
            due = custody.start + _days(300, 1200, rng)
        else:
            due = max(_add_months(arrest, plan.months or 0), plan.verdict)
        if custody.kind == "colony" and rng.random() < DEATH_RATE:
            died = self._death_day(custody.start, due)
            if died is not None:
                return died, "died"
        for day, reason, share in self.waves:
            if custody.start < day < due and rng.random() < share:
                return day, reason
        months = plan.months or 0
        if months >= 24 and rng.random() < 0.04:
            parole = _add_months(arrest, months * 2 // 3)
            if custody.start < parole <= self.today:
                return parole, "other"
        return (due, "served") if due <= self.today else (None, "")

    def _death_day(self, start: date, due: date) -> date | None:
        latest = min(due, self.today) - timedelta(days=1)
        earliest = start + timedelta(days=30)
        return _between(self.rng, earliest, latest) if earliest < latest else None

    def _close(
        self,
        draft: Draft,
        segments: list[Segment],
        end: date | None,
        reason: str,
        vague_start: bool,
    ) -> str:
        """Write the detentions begun by the end (and by today).

        Returns the first detention's start as written (sometimes only the
        month is known)."""
        horizon = min(end or self.today, self.today)
        kept = [s for s in segments if s.start <= horizon]
        first = kept[0].start.isoformat()
        if vague_start and self.rng.random() < 0.05:
            first = first[:7]
        for i, segment in enumerate(kept):
            final = i == len(kept) - 1
            stop = end if final else kept[i + 1].start
            place = segment.facility
            draft.detentions.append(
                {
                    "kind": segment.kind,
                    "start": first if i == 0 else _iso(segment.start),
                    "end": _iso(stop),
                    "facility": place.name if place else "",
                    "facility_address": place.address if place else "",
                    "release_reason": reason if final and end else "",
                    "verification": VERIFICATION.pick(self.rng),
                    "sources": self._sources(0.4),
                }
            )
        return first

    def _arrest_events(
        self, draft: Draft, arrest: date, written: str, group: Group | None
    ) -> None:
        rng = self.rng
        if group:
            self._event(draft, "arrest", arrest, group.locality, group.description)
            shared = draft.events[-1][1]
            shared.update(event_id=group.event_id, verification="corroborated")
            shared["sources"] = []
        else:
            description = rng.choice(data.ARREST_PLACES)
            self._event(draft, "arrest", arrest, draft.locality, description)
            draft.events[-1][1]["date"] = written
        if rng.random() < 0.65:
            searched = max(START, arrest - timedelta(days=rng.choice((0, 0, 0, 1, 2))))
            self._event(draft, "search", searched, draft.locality, "")
        if rng.random() < 0.15:
            seized = min(self.today, arrest + _days(5, 90, rng))
            self._event(draft, "property_seizure", seized, draft.locality, "")

    def _custody_events(
        self,
        draft: Draft,
        segments: list[Segment],
        arrest: date,
        end: date | None,
        reason: str,
    ) -> None:
        """Transfers, hardship, and the release or death that ends custody."""
        held_until = min(end or self.today, self.today)
        for segment in segments[1:]:
            if segment.start <= held_until and segment.facility:
                text = f"Transferred to {segment.facility.name}."
                place = segment.facility.place
                self._event(draft, "transfer", segment.start, place, text)
        self._hardship(draft, arrest, held_until)
        if end is None:
            return
        held = [s for s in segments if s.facility and s.start <= end]
        place = held[-1].facility.place if held and held[-1].facility else ""
        if reason == "died":
            text = "Died in custody; the official cause is disputed."
            self._event(draft, "death_in_custody", end, place, text)
        else:
            kind, text = RELEASE_TEXT[reason]
            self._event(draft, kind, end, place, text)

    def _hardship(self, draft: Draft, arrest: date, held_until: date) -> None:
        """Ill-treatment, denied medical care, months without news."""
        rng = self.rng
        if (held_until - arrest).days < 30:
            return
        if rng.random() < 0.06:
            day = _between(rng, arrest, held_until)
            text = rng.choice(data.ILL_TREATMENT)
            self._event(draft, "ill_treatment", day, "", text)
        if rng.random() < 0.04:
            day = _between(rng, arrest + timedelta(days=10), held_until)
            text = rng.choice(data.MEDICAL_DENIAL)
            self._event(draft, "denial_of_medical_care", day, "", text)
        if (held_until - arrest).days > 700 and rng.random() < 0.06:
            low, high = arrest + timedelta(days=200), held_until - timedelta(days=60)
            day = _between(rng, low, high)
            months = min(rng.randint(3, 24), max(2, (held_until - day).days // 30))
            pronoun = "her" if draft.identity.sex == "f" else "him"
            text = f"No news from {pronoun} for about {months} months."
            self._event(draft, "incommunicado", day, "", text)

    def _extremist_list(
        self, draft: Draft, day: date, limit: date | None = None
    ) -> None:
        if day <= min(limit or self.today, self.today):
            text = "Added to the list of persons involved in extremist activity."
            self._event(draft, "added_to_extremist_list", day, "", text)

    def _recognise(self, draft: Draft, arrest: date, released: date | None) -> None:
        """Viasna's recognition a few weeks in, sometimes BAJ's or PEN's too."""
        rng = self.rng
        start = arrest + _days(10, 60, rng)
        if rng.random() > RECOGNISED_RATE or start > self.today:
            return
        if released is not None and released < start:
            return
        end = None
        if released is not None and rng.random() < 0.5:
            end = min(self.today, released + _days(0, 20, rng))
        draft.recognitions.append(self._recognition(start, end, "Viasna"))
        second = start + _days(0, 30, rng)
        if rng.random() < 0.08 and second <= min(end or self.today, self.today):
            organisation = rng.choice(data.SECOND_RECOGNISERS)
            draft.recognitions.append(self._recognition(second, end, organisation))

    def _maybe_died_later(self, draft: Draft, released: date) -> None:
        """A few older persons die after release (not in custody)."""
        if (released - draft.birth).days < 55 * 365 or self.rng.random() >= 0.02:
            return
        last = max([released, *(day for day, _ in draft.events)])
        died = last + _days(30, 700, self.rng)
        if died <= self.today:
            draft.died_on = died

    def _health(self, draft: Draft) -> None:
        """One or two health notes, more often for older persons."""
        rng = self.rng
        age = (self.today - draft.birth).days // 365
        share = 0.30 if age >= 60 else 0.13 if age >= 40 else 0.07
        if rng.random() >= share:
            return
        conditions = [HEALTH.pick(rng)]
        other = HEALTH.pick(rng)
        if rng.random() < 0.25 and other != conditions[0]:
            conditions.append(other)
        for condition in conditions:
            note = rng.choice(data.HEALTH_NOTES[condition])
            verification = VERIFICATION.pick(rng)
            draft.health.append(
                {"condition": condition, "note": note, "verification": verification}
            )
        if draft.detentions and rng.random() < 0.25:
            self._denied_care(draft)

    def _denied_care(self, draft: Draft) -> None:
        last = draft.detentions[-1]
        start = date.fromisoformat(str(last["start"])[:7] + "-01") + timedelta(days=31)
        end = date.fromisoformat(str(last["end"])) if last["end"] else self.today
        if start < end and (draft.died_on is None or start < draft.died_on):
            day = _between(self.rng, start, min(end, draft.died_on or end))
            text = self.rng.choice(data.MEDICAL_DENIAL)
            self._event(draft, "denial_of_medical_care", day, "", text)

    # Pieces of records --------------------------------------------------------

    def _charges(self, profile: Profile) -> Weighted[tuple[str, tuple[str, ...]]]:
        known = known_articles()
        usable = [(a, parts, w) for a, parts, w in profile.articles if a in known]
        return Weighted.of(((a, parts), w) for a, parts, w in usable)

    def _articles(self, profile: Profile) -> list[str]:
        """One to three charges as `BY-CC 342.1`, no article twice."""
        rng, charges = self.rng, self.charges[profile.name]
        chosen: list[str] = []
        numbers: list[str] = []
        for _ in range(1 + (rng.random() < 0.3) + (rng.random() < 0.1)):
            number, parts = charges.pick(rng)
            if number not in numbers:
                numbers.append(number)
                part = rng.choice(parts)
                chosen.append(f"BY-CC {number}" + (f".{part}" if part else ""))
        return chosen

    def _months(self, profile: Profile) -> int:
        low, high = self.terms[profile.name].pick(self.rng)
        months = self.rng.randint(low, high)
        return months if months < 24 else months - months % 6

    def _regime(self, months: int, sex: str) -> str:
        roll = self.rng.random()
        if sex == "f":
            return "strict" if months > 96 and roll < 0.4 else "general"
        if months <= 36:
            return "general" if roll < 0.7 else "reinforced"
        if months <= 96:
            return (
                "general" if roll < 0.4 else "reinforced" if roll < 0.85 else "strict"
            )
        return "reinforced" if roll < 0.5 else "strict" if roll < 0.95 else "special"

    def _case(
        self,
        profile: Profile,
        sentence: str,
        months: int | None,
        sentenced: date | None,
        in_absentia: bool = False,
    ) -> Json:
        articles = self._articles(profile)
        return self._case_of(articles, sentence, months, sentenced, in_absentia)

    def _case_of(
        self,
        articles: Sequence[str],
        sentence: str,
        months: int | None,
        sentenced: date | None,
        in_absentia: bool = False,
    ) -> Json:
        return {
            "articles": list(articles),
            "sentence": sentence,
            "sentence_months": months,
            "sentenced_on": _iso(sentenced),
            "in_absentia": in_absentia,
            "verification": VERIFICATION.pick(self.rng),
            "sources": self._sources(0.5, "court"),
        }

    def _recognition(self, start: date, end: date | None, organisation: str) -> Json:
        return {
            "start": _iso(start),
            "end": _iso(end),
            "organisation": organisation,
            "criteria": data.CRITERIA,
            "verification": VERIFICATION.pick(self.rng),
            "sources": self._sources(0.5, "statement"),
        }

    def _event(
        self, draft: Draft, kind: str, day: date, place: str, description: str
    ) -> None:
        event: Json = {
            "type": kind,
            "date": _iso(day),
            "place": place,
            "description": description,
            "event_id": "",
            "verification": VERIFICATION.pick(self.rng),
            "sources": self._sources(0.3),
        }
        draft.events.append((day, event))

    def _sources(self, share: float, kind: str = "news") -> list[str]:
        if self.rng.random() >= share:
            return []
        number = self.rng.randrange(10000, 100000)
        return [f"https://example.org/synthetic/{kind}/{number}"]

    # Facilities ---------------------------------------------------------------

    def _pretrial_facility(self, region: str, grave: bool) -> Facility | None:
        """A remand prison of the region (or of Minsk next door)."""
        key = (region, grave)
        if key not in self._pretrial:
            self._pretrial[key] = _remand_prisons(region, grave)
        choices = self._pretrial[key]
        return choices.pick(self.rng) if choices else None

    def _facility_for(
        self, outcome: str, draft: Draft, verdict: date, sentence: str
    ) -> Facility | None:
        if outcome in ("psychiatric", "prison"):
            return self._any(outcome)
        if outcome != "colony":
            return None
        colonies = [f for f in facilities() if f.kind == "colony"]
        young = [f for f in colonies if "Juvenile" in f.name]
        if young and (verdict - draft.birth).days < 18 * 365:
            return young[0]
        wanted = "women" if draft.identity.sex == "f" else "men"
        for_sex = [f for f in colonies if f.sex == wanted] or colonies
        regime = sentence.split(", ")[-1].split("-")[0]
        matching = [f for f in for_sex if regime in f.regimes or not f.regimes]
        return self.rng.choice(matching or for_sex) if for_sex else None

    def _any(self, kind: str) -> Facility | None:
        options = [f for f in facilities() if f.kind == kind]
        return self.rng.choice(options) if options else None

    # Rendering ----------------------------------------------------------------

    def _record(self, draft: Draft) -> Json:
        rng = self.rng
        name, names = self._names(draft.identity)
        visibility = self._visibility()
        name_disclosure, place_disclosure = self._disclosure(visibility)
        draft.events.sort(key=lambda pair: pair[0])
        return {
            "name": name,
            "names": names,
            "sex": draft.identity.sex,
            "birth_date": self._birth_text(draft.birth),
            "country": "BY",
            "region": draft.region,
            "locality": draft.locality,
            "visibility": visibility,
            "name_disclosure": name_disclosure,
            "place_disclosure": place_disclosure,
            "died_on": _iso(draft.died_on),
            "died_in_custody": draft.died_in_custody,
            "notes": rng.choice(data.NOTES) if rng.random() < 0.25 else "",
            "sources": self._person_sources(),
            "detentions": draft.detentions,
            "recognitions": draft.recognitions,
            "cases": [self._with_verdict(case, draft) for case in draft.cases],
            "events": [event for _, event in draft.events],
            "health": draft.health,
        }

    @staticmethod
    def _with_verdict(case: Json, draft: Draft) -> Json:
        """A sentenced case was tried by the home town's court; an unsentenced
        one awaits its verdict (no draw from the generator: the same seed
        still gives the same register as before these fields)."""
        if not case["sentenced_on"]:
            return {**case, "court": "", "verdict": "pending"}
        court = f"{draft.locality} District Court"
        return {**case, "court": court, "verdict": "convicted"}

    def _visibility(self) -> str:
        roll = self.rng.random()
        return "public" if roll < 0.85 else "restricted" if roll < 0.9 else "anonymous"

    def _disclosure(self, visibility: str) -> tuple[str, str]:
        rng = self.rng
        if visibility == "anonymous":
            return "none", rng.choice(("region", "none"))
        name = (
            "initials" if visibility == "restricted" or rng.random() < 0.1 else "full"
        )
        roll = rng.random()
        place = "locality" if roll < 0.85 else "region" if roll < 0.97 else "none"
        return name, place

    def _birth_text(self, birth: date) -> str:
        roll = self.rng.random()
        if roll < 0.85:
            return birth.isoformat()
        return str(birth.year) if roll < 0.95 else birth.isoformat()[:7]

    def _person_sources(self) -> list[str]:
        kinds = ("news", "prisoner", "news", "letter")
        return [
            f"https://example.org/synthetic/{self.rng.choice(kinds)}/"
            f"{self.rng.randrange(10000, 100000)}"
            for _ in range(self.rng.choice((1, 1, 2, 2, 3)))
        ]

    def _names(self, who: Identity) -> tuple[str, list[Json]]:
        """Display name and every known spelling of an original record."""
        rng = self.rng
        be = f"{who.given.be} {who.surname.be_form(who.sex)}"
        ru = f"{who.given.ru} {who.surname.ru_form(who.sex)}"
        ru_full = ru
        if who.patronymic:
            ru_full = f"{who.surname.ru_form(who.sex)} {who.given.ru} {who.patronymic}"
        passport = self._latin(who, "be_passport")
        latin = [passport]
        latin += [
            self._latin(who, s) for s, share in LATIN_SHARES if rng.random() < share
        ]
        names = [_name(be, "be"), _name(ru_full, "ru"), *_unique_latin(latin)]
        names += self._other_names(who)
        roll = rng.random()
        display = " ".join(passport[:2]) if roll < 0.85 else be if roll < 0.94 else ru
        return display, names

    def _latin(self, who: Identity, system: str) -> tuple[str, str, str]:
        """(given, surname, system) in one Latin system."""
        rng, sex = self.rng, who.sex
        be_surname, ru_surname = who.surname.be_form(sex), who.surname.ru_form(sex)
        if system == "be_passport":
            return be_passport(who.given.be), be_passport(be_surname), system
        if system == "be_lacinka":
            return be_lacinka(who.given.be), be_lacinka(be_surname), system
        if system == "ru_icao":
            return ru_icao(who.given.ru), ru_icao(ru_surname), system
        if system == "pl":
            polish = who.given.polish
            given = rng.choice(polish) if polish else ru_polish(who.given.ru)
            return given, ru_polish(ru_surname), system
        news = who.given.news
        given = rng.choice(news) if news else ru_news(who.given.ru)
        return given, ru_news(ru_surname, "i" if rng.random() < 0.4 else "y"), system

    def _other_names(self, who: Identity) -> list[Json]:
        """A maiden name, a Belarusian short form (Zmitser, Ales)."""
        rng, others = self.rng, []
        pairs = []
        if who.maiden is not None:
            pairs.append((who.given.be, who.maiden.be_form("f")))
        if who.given.short and rng.random() < 0.15:
            pairs.append((who.given.short, who.surname.be_form(who.sex)))
        for given, surname in pairs:
            value = f"{given} {surname}"
            if rng.random() < 0.5:
                value = f"{be_passport(given)} {be_passport(surname)}"
            others.append(_name(value, "other"))
        return others

    # Planted duplicates -------------------------------------------------------

    def _duplicate(self, draft: Draft) -> Json:
        """The same person as a second source would have entered them."""
        rng, original = self.rng, draft.record
        name, names = self._duplicate_names(draft.identity)
        detentions, events = self._retold_custody(original)
        return {
            "name": name,
            "names": names,
            "sex": draft.identity.sex if rng.random() < 0.85 else "",
            "birth_date": self._vaguer_birth(draft.birth),
            "country": "BY",
            "region": draft.region,
            "locality": draft.locality if rng.random() < 0.7 else "",
            "visibility": original["visibility"],
            "name_disclosure": original["name_disclosure"],
            "place_disclosure": original["place_disclosure"],
            "died_on": original["died_on"],
            "died_in_custody": original["died_in_custody"],
            "notes": rng.choice(data.NOTES) if rng.random() < 0.2 else "",
            "sources": self._person_sources(),
            "detentions": detentions,
            "recognitions": self._some(original["recognitions"], 0.3),
            "cases": self._some(original["cases"], 0.2),
            "events": events,
            "health": self._some(original["health"], 0.8),
        }

    def _some(self, items: object, drop: float) -> list[Json]:
        """All the items, or the first only, or none (with chance `drop`)."""
        listed = _dicts(items)
        roll = self.rng.random()
        if roll < drop:
            return []
        return listed if roll < (1 + drop) / 2 else listed[:1]

    def _retold_custody(self, original: Json) -> tuple[list[Json], list[Json]]:
        """Detentions and arrest events as a second source knew them: the
        first start a few days off or known to the month, later ones missing,
        the release not yet known."""
        rng = self.rng
        detentions = [self._retold(d) for d in self._some(original["detentions"], 0.1)]
        events = [
            e
            for e in _dicts(original["events"])
            if e["type"] in ("arrest", "in_absentia_trial") or e["event_id"]
        ]
        if detentions:
            first = detentions[0]
            old, first["start"] = first["start"], self._moved_start(first)
            for event in events:
                if event["date"] == old and not event["event_id"]:
                    event["date"] = first["start"]
            if detentions[-1]["end"] and rng.random() < 0.15:
                detentions[-1]["end"], detentions[-1]["release_reason"] = None, ""
        return detentions, events

    def _retold(self, detention: Json) -> Json:
        copy = dict(detention)
        copy["sources"] = self._sources(0.4)
        copy["verification"] = VERIFICATION.pick(self.rng)
        if self.rng.random() < 0.3:
            copy["facility"], copy["facility_address"] = "", ""
        return copy

    def _moved_start(self, detention: Json) -> str:
        rng, start, end = self.rng, str(detention["start"]), detention["end"]
        if len(start) < 10 or rng.random() < 0.4:
            return start
        if rng.random() < 0.3:
            return start[:7]
        day = date.fromisoformat(start) + timedelta(days=rng.randint(-3, 3))
        limit = date.fromisoformat(str(end)) if end else self.today
        return min(max(day, START), limit).isoformat()

    def _vaguer_birth(self, birth: date) -> str | None:
        roll = self.rng.random()
        if roll < 0.4:
            return str(birth.year)
        if roll < 0.7:
            return birth.isoformat()
        return None if roll < 0.85 else birth.isoformat()[:7]

    def _duplicate_names(self, who: Identity) -> tuple[str, list[Json]]:
        """Spell the person as another source would: Russian-based and so on."""
        rng = self.rng
        style = rng.choice(DUPLICATE_STYLES)
        ru_surname = who.surname.ru_form(who.sex)
        ru = f"{who.given.ru} {ru_surname}"
        if who.patronymic and rng.random() < 0.5:
            ru = f"{ru_surname} {who.given.ru} {who.patronymic}"
        if style == "lacinka":
            given, last, system = self._latin(who, "be_lacinka")
            be = f"{who.given.be} {who.surname.be_form(who.sex)}"
            value = f"{given} {last}"
            return value, [_name(be, "be"), _name(value, "latin", system)]
        system = "ru_news" if rng.random() < 0.6 else "ru_icao"
        if style == "typo" and rng.random() < 0.5:
            system = "be_passport"
        given, last, system = self._latin(who, system)
        if style == "typo" or rng.random() < 0.2:
            last = typo(rng, last)
        if style == "initials":
            value = f"{given[0]}. {last}"
            names = [_name(value, "latin", system)]
            if rng.random() < 0.4:
                names.append(_name(f"{ru_surname} {who.given.ru[0]}.", "ru"))
            return value, names
        value = f"{last} {given}" if style == "reversed" else f"{given} {last}"
        names = [_name(ru, "ru"), _name(value, "latin", system)]
        return (value if rng.random() < 0.7 else ru), names


def _remand_prisons(region: str, grave: bool) -> Weighted[Facility] | None:
    """Remand prisons for a region, weighted: SIZO 3, prison 2, Minsk nearby."""
    near = {"Minsk": "Minsk Region", "Minsk Region": "Minsk"}.get(region, "")
    pairs = []
    for f in facilities():
        kgb = "KGB" in f.name
        if f.kind not in ("pretrial", "prison") or (kgb and not grave):
            continue
        weight = (3.0 if f.kind == "pretrial" else 2.0) * (2 if kgb else 1)
        share = 1.0 if f.region == region else 0.5 if f.region == near else 0.0
        if share:
            pairs.append((f, weight * share))
    if not pairs:
        pairs = [(f, 1.0) for f in facilities() if f.kind == "pretrial"]
    return Weighted.of(pairs) if pairs else None


def _name(value: str, kind: str, system: str = "") -> Json:
    return {"value": value, "kind": kind, "system": system}


def _unique_latin(spellings: list[tuple[str, str, str]]) -> list[Json]:
    seen: list[str] = []
    out = []
    for given, surname, system in spellings:
        value = f"{given} {surname}"
        if value not in seen:
            seen.append(value)
            out.append(_name(value, "latin", system))
    return out


def _dicts(items: object) -> list[Json]:
    assert isinstance(items, list)
    return [dict(item) for item in items]
