"""The public JSON API, version 1 (documented in docs/api.md).

Every answer is built from an explicit schema: a field that is not listed
here cannot reach the public, whatever the models hold.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema, Swagger
from ninja.errors import HttpError
from pydantic import Field

from registry.matching import PUBLIC, search
from stats.counting import count

api = NinjaAPI(
    title="Rollcall public API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    # Swagger UI from the project's own static files ("ninja" is an installed
    # app), without the badge that sends the schema to an online validator.
    docs=Swagger(settings={"validatorUrl": None}),
)


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
    count: int
    rule: str


COUNT_RULE = (
    "persons with a recognition active on the day and a deprivation of "
    "liberty active on the day, who had not died before it"
)


@api.get("/search", response=SearchAnswer)
def search_persons(request: HttpRequest, query: Query[SearchQuery]) -> SearchAnswer:
    """Public persons whose names match `q` in any script or spelling."""
    found = search(query.q, scope=PUBLIC, limit=query.limit)
    return SearchAnswer(
        query=query.q,
        results=[SearchResult(**result.as_json()) for result in found],
    )


@api.get("/count", response=CountAnswer)
def political_prisoners(request: HttpRequest, on: date | None = None) -> CountAnswer:
    """Political prisoners on a day (default today)."""
    day = on or date.today()
    if day.year < 1900:
        raise HttpError(400, "on: a date from 1900 on")
    return CountAnswer(on=day, count=count(day).count, rule=COUNT_RULE)
