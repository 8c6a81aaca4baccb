"""The record every import reads into and every export writes from, declared once.

A person's record is a `PersonRecord` holding scalar fields and groups of
facts (names, detentions, recognitions, cases, events, health notes, and the
details of the sources they cite). `PERSON` and `GROUPS` below declare every
field once: its attribute (which is also its JSON key), its CSV column, how
a cell is read and written, and whether it is a list. The CSV and JSON
readers and writers, the loader's merge of partial input and the JSON Schema
are all derived from this declaration, so a field added here travels
everywhere.

Parsing is pure: readers turn cells into these dataclasses or collect
`Problem`s; nothing here touches the database.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

import iso3166

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
# How a case ended in court (registry.models.Verdict); empty: unknown.
VERDICTS = ("convicted", "acquitted", "dropped", "pending")
HEALTH = ("serious_illness", "disability", "mental_disorder", "other")
VERIFICATION = ("reported", "partially_verified", "corroborated", "documented")
RELIABILITY = ("high", "medium", "low", "unknown")
ARTICLE = re.compile(
    r"([A-Z]{2}-[A-Z]{2,10}) ([0-9]{1,4}(?:-[0-9]{1,2})?)(?:\.([0-9]{1,2}))?"
)
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


# The facts. `pk` is the row the fact was read from (exports only) and
# `present` the fields an input gave (None: all of them); neither is part of
# what the fact says, so neither is compared nor fingerprinted.


@dataclass(frozen=True)
class NameRecord:
    value: str
    kind: str = "other"
    system: str = ""
    pk: int | None = field(default=None, compare=False, repr=False)
    present: frozenset[str] | None = field(default=None, compare=False, repr=False)


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
    pk: int | None = field(default=None, compare=False, repr=False)
    present: frozenset[str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class RecognitionRecord:
    start: PartialDate | None = None
    end: PartialDate | None = None
    organisation: str = ""
    criteria: str = ""
    verification: str = "reported"
    sources: tuple[str, ...] = ()
    pk: int | None = field(default=None, compare=False, repr=False)
    present: frozenset[str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, order=True)
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
    court: str = ""
    verdict: str = ""
    verification: str = "reported"
    sources: tuple[str, ...] = ()
    pk: int | None = field(default=None, compare=False, repr=False)
    present: frozenset[str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class EventRecord:
    type: str
    date: PartialDate | None = None
    place: str = ""
    description: str = ""
    event_id: str = ""
    verification: str = "reported"
    sources: tuple[str, ...] = ()
    pk: int | None = field(default=None, compare=False, repr=False)
    present: frozenset[str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class HealthRecord:
    condition: str
    note: str = ""
    verification: str = "reported"
    pk: int | None = field(default=None, compare=False, repr=False)
    present: frozenset[str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class SourceRecord:
    """What the register knows of a source that the record cites."""

    url: str
    title: str = ""
    publisher: str = ""
    published_on: PartialDate | None = None
    reliability: str = "unknown"
    content_hash: str = ""
    pk: int | None = field(default=None, compare=False, repr=False)
    present: frozenset[str] | None = field(default=None, compare=False, repr=False)


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
    visibility: str = "restricted"
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
    source_details: tuple[SourceRecord, ...] = ()
    # Where the record was read from (FILE:LINE), for errors found on load.
    origin: str = field(default="", compare=False, repr=False)
    # The fields the input gave (None: all); see `Field` and `merge_into`.
    present: frozenset[str] | None = field(default=None, compare=False, repr=False)


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
        value = PartialDate.parse(raw)
    except DateError as error:
        raise Invalid(str(error)) from None
    if value.first_day() > date.today():
        raise Invalid(f"{raw.strip()!r} is after today")
    return value


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
    if not re.fullmatch(r"[0-9]{1,4}", value):
        raise Invalid(f"{value!r} is not a whole number of months")
    return int(value)


def items(raw: str) -> tuple[str, ...]:
    """A list cell: items separated by `;`, spaces around them ignored."""
    return tuple(item for item in (text(part) for part in raw.split(";")) if item)


def country(raw: str) -> str:
    value = raw.strip()
    if value and value not in iso3166.countries_by_alpha2:
        raise Invalid(f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. BY)")
    return value


DOCUMENT = "document:"


def url(raw: str) -> str:
    """A source: its URL, or `document:` and the reference of a document."""
    value = text(raw)
    if value.startswith(DOCUMENT) and 0 < len(value) - len(DOCUMENT) <= 300:
        if ";" not in value:
            return value
    elif re.fullmatch(r"https?://[^\s;]+", value) and len(value) <= 2000:
        return value
    raise Invalid(
        f"{value[:60]!r} is not a URL (http:// or https://) or a document "
        "reference (document:REFERENCE)"
    )


def source_key(url: str, document: str) -> str:
    """How records cite a source: its URL, else its document reference."""
    return url or f"{DOCUMENT}{document}"


# A register cites a few hundred articles in hundreds of thousands of charges.
@functools.lru_cache(maxsize=4096)
def article(raw: str) -> ArticleRef:
    match = ARTICLE.fullmatch(raw.strip())
    if not match:
        raise Invalid(f"{raw.strip()!r} is not a charge (CODE ARTICLE[.PART])")
    code, number, part = match.groups()
    return ArticleRef(code, number, part or "")


def record_id(raw: str) -> str:
    value = raw.strip()
    if not value:
        raise Invalid("is empty (every row needs a record_id)")
    if len(value) > 100 or not re.fullmatch(r"[\w.:/-]+", value, re.ASCII):
        raise Invalid(f"{value[:40]!r} is not a record id (letters, digits, . : / - _)")
    return value


def content_hash(raw: str) -> str:
    value = raw.strip().lower()
    if value and not re.fullmatch(r"[0-9a-f]{64}", value):
        raise Invalid(f"{value[:70]!r} is not a SHA-256 digest (64 hex digits)")
    return value


# Cell writers


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


# The declaration


@dataclass(frozen=True)
class Field:
    """One field of a record: its JSON key (= attribute), CSV column, reader.

    `kind` is its JSON type (`string`, `boolean`, `integer`); `many` makes it
    a list (a `;`-separated cell, a JSON array of strings). `grade` marks a
    visibility or disclosure grade, where an empty cell means "unsaid".
    A fact's field with no `column` travels in JSON only: CSV and XLSX
    files neither write nor read it, so their imports leave it unchanged.
    """

    name: str
    column: str
    read: Callable[[str], Any]
    kind: str = "string"
    many: bool = False
    required: bool = False
    grade: bool = False
    description: str = ""

    def read_cell(self, raw: str) -> Any:
        if self.many:
            return tuple(self.read(item) for item in items(raw))
        return self.read(raw)

    def write_cell(self, value: Any) -> str:
        if type(value) is str:
            return value  # most cells: checked first
        if self.many:
            return "; ".join(shown(item) for item in value)
        return shown(value)

    @property
    def empty(self) -> Any:
        """What an empty cell reads as (its default; "" for a required field)."""
        if self.many:
            return ()
        return "" if self.required else self.read("")


@dataclass(frozen=True)
class Group:
    """A kind of fact a person has several of, as a list of records."""

    name: str
    record: type[Any]
    fields: tuple[Field, ...]
    # The fields that say which stored fact an incoming fact is (see `key`).
    key_fields: tuple[str, ...]
    # Dated facts are ordered by this field (chronology), others by value.
    date_field: str = ""
    # A field that, when set, alone says which fact it is (an event's id).
    id_field: str = ""
    # Whether a fact's kind leads the canonical order (names: by NAME_KINDS).
    order_first: bool = False

    def key(self, fact: Any, present: frozenset[str] | None = None) -> tuple[Any, ...]:
        """Which fact this is, from the key fields the input gave."""
        if self.id_field and getattr(fact, self.id_field):
            return (self.id_field, getattr(fact, self.id_field))
        names = [n for n in self.key_fields if present is None or n in present]
        return tuple((n, getattr(fact, n)) for n in names)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def values(self, fact: Any) -> tuple[Any, ...]:
        """What a fact says, field by field."""
        getter = _getters.get(self.name)
        if getter is None:
            getter = _getters[self.name] = operator.attrgetter(
                *(f.name for f in self.fields)
            )
        values: tuple[Any, ...] = getter(fact)
        return values


_getters: dict[str, Callable[[Any], Any]] = {}

VERIFY = Field("verification", "verification", choice(VERIFICATION, default="reported"))
SOURCES = Field("sources", "sources", url, many=True)


def _fact_fields(prefix: str, *fields_: Field) -> tuple[Field, ...]:
    """Fields of a fact, with the shared verification and sources columns."""
    return (
        *fields_,
        replace(VERIFY, column=f"{prefix}_verification"),
        replace(SOURCES, column=f"{prefix}_sources"),
    )


PERSON: tuple[Field, ...] = (
    Field("record_id", "record_id", record_id, required=True),
    Field("name", "name", text),
    Field("sex", "sex", choice(SEX)),
    Field("birth_date", "birth_date", partial_date),
    Field("country", "country", country),
    Field("region", "region", text),
    Field("locality", "locality", text),
    Field("visibility", "visibility", choice(VISIBILITY), grade=True),
    Field("name_disclosure", "name_disclosure", choice(NAME_DISCLOSURE), grade=True),
    Field("place_disclosure", "place_disclosure", choice(PLACE_DISCLOSURE), grade=True),
    Field("died_on", "died_on", partial_date),
    Field("died_in_custody", "died_in_custody", boolean, kind="boolean"),
    Field("notes", "notes", text),
    SOURCES,
)

NAMES = Group(
    "names",
    NameRecord,
    (
        Field("value", "", text, required=True),
        Field("kind", "", choice(NAME_KINDS, default="other")),
        Field("system", "", text),
    ),
    key_fields=("kind", "value"),
    order_first=True,
)
DETENTIONS = Group(
    "detentions",
    DetentionRecord,
    (
        Field("kind", "detention_kind", choice((*DETENTION_KINDS, "unknown"))),
        Field("start", "detained_on", partial_date),
        Field("end", "released_on", partial_date),
        Field("facility", "facility", text),
        Field("facility_address", "facility_address", text),
        Field("release_reason", "release_reason", choice(RELEASE_REASONS)),
        replace(VERIFY, column="detention_verification"),
        replace(SOURCES, column="detention_sources"),
    ),
    key_fields=("start",),
    date_field="start",
)
RECOGNITIONS = Group(
    "recognitions",
    RecognitionRecord,
    (
        Field("start", "recognized_on", partial_date),
        Field("end", "recognition_ended_on", partial_date),
        Field("organisation", "recognized_by", text),
        Field("criteria", "recognition_criteria", text),
        replace(VERIFY, column="recognition_verification"),
        replace(SOURCES, column="recognition_sources"),
    ),
    key_fields=("organisation", "start"),
    date_field="start",
)
CASES = Group(
    "cases",
    CaseRecord,
    (
        Field("articles", "articles", article, many=True),
        Field("sentence", "sentence", text),
        Field("sentence_months", "sentence_months", months, kind="integer"),
        Field("sentenced_on", "sentenced_on", partial_date),
        Field("in_absentia", "in_absentia", boolean, kind="boolean"),
        # JSON only: the registry CSV format (a fixed spec) has no such
        # columns, so a CSV import leaves them as they are.
        Field("court", "", text),
        Field("verdict", "", choice(VERDICTS)),
        replace(VERIFY, column="case_verification"),
        replace(SOURCES, column="case_sources"),
    ),
    key_fields=("articles",),
    date_field="sentenced_on",
)
EVENTS = Group(
    "events",
    EventRecord,
    (
        Field("type", "event_type", text, required=True),
        Field("date", "event_date", partial_date),
        Field("place", "event_place", text),
        Field("description", "event_description", text),
        Field("event_id", "event_id", text),
        replace(VERIFY, column="event_verification"),
        replace(SOURCES, column="event_sources"),
    ),
    key_fields=("type", "date"),
    date_field="date",
    id_field="event_id",
)
HEALTH_NOTES = Group(
    "health",
    HealthRecord,
    (
        Field("condition", "health", choice(HEALTH), required=True),
        Field("note", "health_note", text),
        replace(VERIFY, column="health_verification"),
    ),
    key_fields=("condition",),
)
SOURCE_DETAILS = Group(
    "source_details",
    SourceRecord,
    (
        Field("url", "source_url", url, required=True),
        Field("title", "source_title", text),
        Field("publisher", "source_publisher", text),
        Field("published_on", "source_published_on", partial_date),
        Field("reliability", "source_reliability", choice(RELIABILITY)),
        Field("content_hash", "source_hash", content_hash),
    ),
    key_fields=("url",),
)
GROUPS: tuple[Group, ...] = (
    NAMES,
    DETENTIONS,
    RECOGNITIONS,
    CASES,
    EVENTS,
    HEALTH_NOTES,
    SOURCE_DETAILS,
)
GROUP = {group.name: group for group in GROUPS}


# Canonical order: the same record always has its facts in the same order,
# whatever order a file listed them in, so equal records compare equal and
# an export is the same bytes from any database.


def date_key(value: PartialDate | None) -> tuple[Any, ...]:
    if value is None:
        return (0, date.min, "")
    return (1, value.first_day(), value.precision)


def _optional_key(value: Any) -> tuple[bool, Any]:
    """A boolean or number that may be unknown: unknown first."""
    return (value is not None, value or 0)


def _identity(value: Any) -> Any:
    return value


def _sort_converters(group: Group) -> tuple[Callable[[Any], Any], ...]:
    """How each field of a group's facts is compared (types never mix)."""
    converters: list[Callable[[Any], Any]] = []
    for f in group.fields:
        if f.read is partial_date:
            converters.append(date_key)
        elif f.kind in ("boolean", "integer"):
            converters.append(_optional_key)
        else:
            converters.append(_identity)  # text, or a tuple of texts/articles
    return tuple(converters)


_converters: dict[str, tuple[Callable[[Any], Any], ...]] = {}


def fact_key(group: Group, fact: Any) -> tuple[Any, ...]:
    """Chronological where the fact is dated, then by everything it says.

    A name leads with its kind, in the order of NAME_KINDS.
    """
    leading: tuple[Any, ...] = ()
    if group.order_first:
        leading = (NAME_KINDS.index(fact.kind),)
    if group.date_field:
        leading += date_key(getattr(fact, group.date_field))
    converters = _converters.get(group.name)
    if converters is None:
        converters = _converters[group.name] = _sort_converters(group)
    values = group.values(fact)
    return (*leading, *(c(v) for c, v in zip(converters, values, strict=True)))


def _sorted_lists(fact: Any, group: Group) -> Any:
    """A fact with its sources (and a case's articles) in order, once each."""
    changes: dict[str, Any] = {}
    sources = getattr(fact, "sources", ())
    if len(sources) > 1:
        changes["sources"] = tuple(sorted(set(sources)))
    if group is CASES and len(fact.articles) > 1:
        changes["articles"] = tuple(sorted(set(fact.articles)))
    return replace(fact, **changes) if changes else fact


def canonical(record: PersonRecord, *, order_facts: bool = True) -> PersonRecord:
    """The record with its facts, lists and sources in canonical order.

    Without `order_facts` only the lists inside facts are put in order: such
    records compare by `same`, whatever order their facts are in.
    """
    changes: dict[str, Any] = {"sources": tuple(sorted(set(record.sources)))}
    for group in GROUPS:
        facts = [_sorted_lists(fact, group) for fact in getattr(record, group.name)]
        if order_facts and len(facts) > 1:
            facts.sort(key=lambda f: fact_key(group, f))
        changes[group.name] = tuple(facts)
    return replace(record, **changes)


def same(a: PersonRecord, b: PersonRecord) -> bool:
    """Whether two records say the same, whatever the order of their facts."""
    return all(getattr(a, f.name) == getattr(b, f.name) for f in PERSON) and all(
        Counter(getattr(a, group.name)) == Counter(getattr(b, group.name))
        for group in GROUPS
    )


def cited(record: PersonRecord) -> set[str]:
    """Every source URL the record cites, on any of its facts."""
    urls = set(record.sources)
    for group in GROUPS:
        for fact in getattr(record, group.name):
            urls.update(getattr(fact, "sources", ()))
    return urls


def ends_before_start(start: PartialDate | None, end: PartialDate | None) -> bool:
    return bool(start and end and end.last_day() < start.first_day())


def check_record(person: PersonRecord) -> Iterator[tuple[str, str]]:
    """Rules across cells of one record, as (CSV column, message) pairs."""
    for detention in person.detentions:
        if ends_before_start(detention.start, detention.end):
            yield "released_on", "is before detained_on"
    for recognition in person.recognitions:
        if ends_before_start(recognition.start, recognition.end):
            yield "recognition_ended_on", "is before recognized_on"


def record_fields(record_type: type[Any]) -> tuple[str, ...]:
    """The fields a fact says (not where it came from)."""
    return tuple(f.name for f in fields(record_type) if f.compare)
