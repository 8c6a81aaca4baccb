"""The public JSON API, version 1 (documented in docs/api.md).

Every answer is read from the published database (public/store.py) and
built from an explicit schema: a field that is not listed here cannot reach
the public, whatever the publication holds.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Schema, Swagger
from ninja.errors import HttpError, Throttled
from pydantic import BeforeValidator, Field

from public.limits import ClientRateThrottle, too_many_requests
from public.store import Filters, NotPublished, reading

api = NinjaAPI(
    title="Rollcall public API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    # Swagger UI from the project's own static files ("ninja" is an installed
    # app), without the badge that sends the schema to an online validator.
    docs=Swagger(settings={"validatorUrl": None}),
    # Per client address, ROLLCALL_API_RATE (public/limits.py).
    throttle=[ClientRateThrottle()],
)

STATUS_PATTERN = "^(|held|released|deceased)$"
SEX_PATTERN = "^(|m|f)$"
AGE_BAND_PATTERN = "^(|under 18|18-29|30-39|40-49|50-59|60\\+)$"
KIND_PATTERN = (
    "^(|pretrial|prison|colony|open_facility|psychiatric|house_arrest|unknown)$"
)
HEALTH_PATTERN = "^(|serious_illness|disability|mental_disorder|other)$"


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    return too_many_requests(request, error, api)


@api.exception_handler(NotPublished)
def not_published(request: HttpRequest, error: NotPublished) -> HttpResponse:
    return api.create_response(request, {"detail": "nothing published yet"}, status=503)


class ErrorOut(Schema):
    detail: str


class TooManyOut(Schema):
    detail: str
    retry_after: int
    limit: str


class InvalidItem(Schema):
    type: str
    loc: list[str | int]
    msg: str


class InvalidOut(Schema):
    detail: list[InvalidItem]


# Every operation may answer these besides its own.
ERRORS: dict[int, Any] = {422: InvalidOut, 429: TooManyOut, 503: ErrorOut}


class PersonItem(Schema):
    record_id: str
    name: str
    sex: str
    birth_year: int | None
    region: str
    locality: str
    status: str


class PersonList(Schema):
    count: int
    page: int
    per_page: int
    items: list[PersonItem]


class PersonsQuery(Schema):
    q: str = Field("", max_length=500)
    status: str = Field("", pattern=STATUS_PATTERN)
    region: str = Field("", max_length=200)
    sex: str = Field("", pattern=SEX_PATTERN)
    year: int | None = Field(None, ge=1900, le=2999)
    facility: str = Field("", max_length=300)
    age_band: str = Field("", pattern=AGE_BAND_PATTERN)
    kind: str = Field("", pattern=KIND_PATTERN)
    article: str = Field("", max_length=100)
    health: str = Field("", pattern=HEALTH_PATTERN)
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(50, ge=1, le=200)


ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_day(value: object) -> object:
    """A day written YYYY-MM-DD, nothing else (pydantic alone would also
    take a number of seconds since 1970, which the schema does not allow)."""
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(iso_day)]


class EventsQuery(Schema):
    type: str = Field("", max_length=100)
    start: Day | None = Field(None, alias="from")
    end: Day | None = Field(None, alias="to")
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(50, ge=1, le=200)


class EventItem(Schema):
    record_id: str
    name: str
    type: str
    date: str | None
    place: str
    description: str


class EventList(Schema):
    count: int
    page: int
    per_page: int
    items: list[EventItem]


class NameOut(Schema):
    value: str
    kind: str
    system: str


class DetentionOut(Schema):
    kind: str
    start: str | None
    end: str | None
    release_reason: str
    facility_id: str | None
    facility: str | None
    postal_address: str | None


class CaseOut(Schema):
    articles: str
    sentence: str
    sentence_months: int | None
    sentenced_on: str | None
    in_absentia: bool | None
    court: str
    verdict: str


class EventOut(Schema):
    type: str
    date: str | None
    place: str
    description: str


class SourceOut(Schema):
    url: str
    title: str
    publisher: str
    published_on: str | None


class PersonOut(Schema):
    record_id: str
    name: str
    sex: str
    birth_year: int | None
    country: str
    region: str
    locality: str
    status: str
    detained_on: str | None
    released_on: str | None
    died_on: str | None
    died_in_custody: bool | None
    facility_id: str | None
    birth_date: str | None
    age_band: str
    detention_kind: str
    recognised_on: str | None
    names: list[NameOut]
    detentions: list[DetentionOut]
    cases: list[CaseOut]
    events: list[EventOut]
    sources: list[SourceOut]


class FacilityOut(Schema):
    facility_id: str
    name: str
    postal_address: str
    held_now: int
    letter_rules: str


class FacilityList(Schema):
    count: int
    items: list[FacilityOut]


class CellOut(Schema):
    value: str | None
    label: str
    count: int | None
    suppressed: str | None = None
    shown: str | None = None


class FiguresOut(Schema):
    on: date
    count: int | None
    count_shown: str
    suppression_threshold: int | None
    breakdowns: dict[str, list[CellOut]]


class DaysOut(Schema):
    days: list[date]


class SeriesOut(Schema):
    start: date = Field(alias="from")
    end: date = Field(alias="to")
    every: str
    dates: list[date]
    total: list[int | None]


class SearchResult(Schema):
    record_id: str
    name: str
    score: float
    matched: str


class SearchAnswer(Schema):
    query: str
    results: list[SearchResult]


class SearchQuery(Schema):
    q: str = Field("", max_length=500)
    limit: int = Field(10, ge=1, le=50)


class CountAnswer(Schema):
    on: date
    count: int | None
    rule: str


COUNT_RULE = (
    "persons with a recognition active on the day and a deprivation of "
    "liberty active on the day, who had not died before it"
)


def filters_of(query: PersonsQuery) -> Filters:
    return Filters(
        q=query.q,
        status=query.status,
        region=query.region,
        sex=query.sex,
        year=query.year,
        facility=query.facility,
        age_band=query.age_band,
        kind=query.kind,
        article=query.article,
        health=query.health,
    )


@api.get("/persons", response={200: PersonList, **ERRORS})
def persons(request: HttpRequest, query: Query[PersonsQuery]) -> dict[str, Any]:
    """Public persons, filtered; best match first with `q`, else by surname."""
    offset = (query.page - 1) * query.per_page
    with reading() as reader:
        count, items = reader.persons(
            filters_of(query), offset=offset, limit=query.per_page
        )
    return {
        "count": count,
        "page": query.page,
        "per_page": query.per_page,
        "items": items,
    }


@api.get("/persons/{record_id}", response={200: PersonOut, 404: ErrorOut, **ERRORS})
def person(request: HttpRequest, record_id: str) -> dict[str, Any]:
    """One public person with their facts; 404 for anyone not published."""
    with reading() as reader:
        found = reader.person(record_id[:200])
    if found is None:
        raise HttpError(404, "no such person")
    return found


@api.get("/events", response={200: EventList, **ERRORS}, url_name="events")
def events(request: HttpRequest, query: Query[EventsQuery]) -> dict[str, Any]:
    """Events of public persons, the latest first, filtered by type and dates."""
    with reading() as reader:
        count, items = reader.events(
            type=query.type,
            start=query.start.isoformat() if query.start else "",
            end=query.end.isoformat() if query.end else "",
            offset=(query.page - 1) * query.per_page,
            limit=query.per_page,
        )
    return {
        "count": count,
        "page": query.page,
        "per_page": query.per_page,
        "items": items,
    }


@api.get("/facilities", response={200: FacilityList, **ERRORS})
def facilities(request: HttpRequest) -> dict[str, Any]:
    """Facilities named by public persons' detentions, with addresses for letters."""
    with reading() as reader:
        items = reader.facilities()
    return {"count": len(items), "items": items}


@api.get(
    "/facilities/{facility_id}", response={200: FacilityOut, 404: ErrorOut, **ERRORS}
)
def facility(request: HttpRequest, facility_id: str) -> dict[str, Any]:
    """One facility."""
    with reading() as reader:
        found = reader.facility(facility_id[:300])
    if found is None:
        raise HttpError(404, "no such facility")
    return found


@api.get(
    "/figures",
    response={200: FiguresOut, 404: ErrorOut, **ERRORS},
    url_name="figures",
)
def figures(request: HttpRequest, on: date | None = None) -> Any:
    """The count and breakdowns on the publication day, or on `on`: one of
    the days `/figures/days` lists (every day of the series), suppressed as
    the publication day's are."""
    with reading() as reader:
        today = reader.figure("today")
        if on is None or on.isoformat() == today["on"]:
            return today
        found = reader.figure(f"on:{on.isoformat()}")
    if found is None:
        raise HttpError(
            404, "on: breakdowns are published for the days /api/v1/figures/days lists"
        )
    return found


@api.get(
    "/figures/days",
    response={200: DaysOut, **ERRORS},
    url_name="figures_days",
)
def figures_days(request: HttpRequest) -> Any:
    """The days whose breakdowns the publication holds, the publication day last."""
    with reading() as reader:
        today = reader.figure("today")
        days = reader.figure("days") or []
    return {"days": [*days, today["on"]]}


@api.get(
    "/figures/series",
    response={200: SeriesOut, **ERRORS},
    by_alias=True,
    url_name="figures_series",
)
def figures_series(request: HttpRequest) -> Any:
    """The daily count up to the publication day (null: suppressed)."""
    with reading() as reader:
        return reader.figure("series")


@api.get("/search", response={200: SearchAnswer, **ERRORS})
def search_persons(request: HttpRequest, query: Query[SearchQuery]) -> SearchAnswer:
    """Public persons whose names match `q` in any script or spelling."""
    results = []
    if query.q.strip():
        with reading() as reader:
            hits = reader.index().search(query.q, limit=query.limit)
        results = [
            SearchResult(
                record_id=hit.key,
                name=hit.name,
                score=round(hit.score, 3),
                matched=hit.matched,
            )
            for hit in hits
        ]
    return SearchAnswer(query=query.q, results=results)


@api.get("/count", response={200: CountAnswer, 400: ErrorOut, **ERRORS})
def political_prisoners(request: HttpRequest, on: date | None = None) -> CountAnswer:
    """Political prisoners on the publication day (the only day published)."""
    with reading() as reader:
        today = reader.figure("today")
    published_on = date.fromisoformat(today["on"])
    if on is not None and on != published_on:
        raise HttpError(400, f"on: figures are published for {published_on} only")
    return CountAnswer(on=published_on, count=today["count"], rule=COUNT_RULE)
