"""The records every import reads into and every export writes from.

Parsing is pure: `parse_*` functions turn cells into these dataclasses or
collect `Problem`s; nothing here touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from registry.dates import DateError, PartialDate

VISIBILITY = ("public", "restricted", "anonymous")
NAME_DISCLOSURE = ("full", "initials", "none")
PLACE_DISCLOSURE = ("locality", "region", "none")
SEX = ("m", "f")
NAME_KINDS = ("display", "be", "ru", "uk", "latin", "other")
DETENTION_KINDS = (
    "pretrial",
    "prison",
    "colony",
    "open_facility",
    "psychiatric",
    "house_arrest",
)
RELEASE_REASONS = (
    "served",
    "pardon",
    "acquitted",
    "charges_dropped",
    "deported",
    "exchanged",
    "died",
    "other",
)
HEALTH = ("serious_illness", "disability", "mental_disorder", "other")
VERIFICATION = ("reported", "partially_verified", "corroborated", "documented")
ARTICLE = re.compile(r"([A-Z]{2}-[A-Z]{2,10}) (\d{1,4}(?:-\d{1,2})?)(?:\.(\d{1,2}))?")
MAX_TEXT = 10_000


@dataclass(frozen=True)
class Problem:
    """One bad cell: where it is and what was expected."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class Invalid(Exception):
    """A cell that cannot be read; the caller adds where it is."""


@dataclass(frozen=True)
class NameRecord:
    value: str
    kind: str
    system: str = ""


@dataclass(frozen=True)
class DetentionRecord:
    kind: str = "unknown"
    start: PartialDate | None = None
    end: PartialDate | None = None
    facility: str = ""
    facility_address: str = ""
    release_reason: str = ""
    verification: str = "reported"
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecognitionRecord:
    start: PartialDate | None = None
    end: PartialDate | None = None
    organisation: str = ""
    criteria: str = ""
    verification: str = "reported"
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleRef:
    code: str
    number: str
    part: str = ""

    def __str__(self) -> str:
        text = f"{self.code} {self.number}"
        return f"{text}.{self.part}" if self.part else text


@dataclass(frozen=True)
class CaseRecord:
    articles: tuple[ArticleRef, ...] = ()
    sentence: str = ""
    sentence_months: int | None = None
    sentenced_on: PartialDate | None = None
    in_absentia: bool | None = None
    verification: str = "reported"
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventRecord:
    type: str
    date: PartialDate | None = None
    place: str = ""
    description: str = ""
    event_id: str = ""
    verification: str = "reported"
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class HealthRecord:
    condition: str
    note: str = ""
    verification: str = "reported"


@dataclass(frozen=True)
class PersonRecord:
    """One person with every fact the register keeps about them."""

    record_id: str
    name: str = ""
    names: tuple[NameRecord, ...] = ()
    sex: str = ""
    birth_date: PartialDate | None = None
    country: str = ""
    region: str = ""
    locality: str = ""
    visibility: str = "public"
    name_disclosure: str = "full"
    place_disclosure: str = "locality"
    died_on: PartialDate | None = None
    died_in_custody: bool | None = None
    notes: str = ""
    sources: tuple[str, ...] = ()
    detentions: tuple[DetentionRecord, ...] = ()
    recognitions: tuple[RecognitionRecord, ...] = ()
    cases: tuple[CaseRecord, ...] = ()
    events: tuple[EventRecord, ...] = ()
    health: tuple[HealthRecord, ...] = ()
    # Where the record was read from (FILE:LINE), for errors found on load.
    origin: str = field(default="", compare=False, repr=False)


# Cell readers: each takes the raw text and returns a value or raises Invalid.


def text(raw: str) -> str:
    value = raw.strip()
    if len(value) > MAX_TEXT:
        raise Invalid(f"is longer than {MAX_TEXT:,} characters")
    if "\x00" in value:
        raise Invalid("contains a NUL character")
    return value


def partial_date(raw: str) -> PartialDate | None:
    if not raw.strip():
        return None
    try:
        return PartialDate.parse(raw)
    except DateError as error:
        raise Invalid(str(error)) from None


def choice(options: tuple[str, ...], *, default: str = "") -> ChoiceReader:
    return ChoiceReader(options, default)


@dataclass(frozen=True)
class ChoiceReader:
    options: tuple[str, ...]
    default: str

    def __call__(self, raw: str) -> str:
        value = raw.strip()
        if not value:
            return self.default
        if value not in self.options:
            expected = ", ".join(self.options)
            raise Invalid(f"{value!r} is not one of: {expected}")
        return value


def boolean(raw: str) -> bool | None:
    value = raw.strip().lower()
    if not value:
        return None
    if value in ("true", "false"):
        return value == "true"
    raise Invalid(f"{raw.strip()!r} is not true or false")


def months(raw: str) -> int | None:
    value = raw.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 4:
        raise Invalid(f"{value!r} is not a whole number of months")
    return int(value)


def items(raw: str) -> tuple[str, ...]:
    """A list cell: items separated by `;`, spaces around them ignored."""
    return tuple(item for item in (text(part) for part in raw.split(";")) if item)


def country(raw: str) -> str:
    value = raw.strip()
    if value and not re.fullmatch(r"[A-Z]{2}", value):
        raise Invalid(f"{value!r} is not an ISO 3166-1 alpha-2 code (e.g. BY)")
    return value


def url(raw: str) -> str:
    value = text(raw)
    if not re.fullmatch(r"https?://[^\s]+", value) or len(value) > 2000:
        raise Invalid(f"{value!r} is not a URL (http:// or https://)")
    return value


def urls(raw: str) -> tuple[str, ...]:
    return tuple(url(item) for item in items(raw))


def article(raw: str) -> ArticleRef:
    match = ARTICLE.fullmatch(raw.strip())
    if not match:
        raise Invalid(f"{raw.strip()!r} is not a charge (CODE ARTICLE[.PART])")
    code, number, part = match.groups()
    return ArticleRef(code, number, part or "")


def articles(raw: str) -> tuple[ArticleRef, ...]:
    return tuple(article(item) for item in items(raw))


def record_id(raw: str) -> str:
    value = raw.strip()
    if not value:
        raise Invalid("is empty (every row needs a record_id)")
    if len(value) > 100 or not re.fullmatch(r"[\w.:/-]+", value):
        raise Invalid(f"{value[:40]!r} is not a record id (letters, digits, . : / - _)")
    return value


def ends_before_start(start: PartialDate | None, end: PartialDate | None) -> bool:
    return bool(start and end and end.last_day() < start.first_day())


def check_record(person: PersonRecord) -> Iterator[tuple[str, str]]:
    """Rules across cells of one record, as (CSV column, message) pairs."""
    if not person.name and not person.names:
        yield "name", "every person needs a name (name or one of name_*)"
    for detention in person.detentions:
        if ends_before_start(detention.start, detention.end):
            yield "released_on", "is before detained_on"
    for recognition in person.recognitions:
        if ends_before_start(recognition.start, recognition.end):
            yield "recognition_ended_on", "is before recognized_on"
