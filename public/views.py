"""The public site: persons, a person's page, facilities; from the publication only.

Every view reads through public/store.py, which opens the published
database and nothing else. Filters live in the URL, so a list can be
bookmarked and shared.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.http import condition, require_GET

from public.labels import STATUS_LABELS
from public.store import Filters, NotPublished, publication_id, reading

PER_PAGE = 50
# The status filter's values and their words, in the current language.
STATUSES = tuple(STATUS_LABELS.items())

View = Callable[..., HttpResponse]


def publication_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
    return publication_id()


def published(view: View) -> View:
    """ETag and cache headers tied to the publication; a page when none exists."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except NotPublished:
            return render(request, "public/unpublished.html", status=503)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=60)
        return response

    return condition(etag_func=publication_etag)(wrapped)


def filters_from(request: HttpRequest) -> Filters:
    """The list's filters from the query string; bad values are ignored."""
    get = request.GET
    year = get.get("year", "")
    return Filters(
        q=get.get("q", "")[:500],
        status=get.get("status", "") if get.get("status") in dict(STATUSES) else "",
        region=get.get("region", "")[:200],
        sex=get.get("sex", "") if get.get("sex") in ("m", "f") else "",
        year=int(year)
        if year.isascii() and year.isdigit() and len(year) == 4
        else None,
        facility=get.get("facility", "")[:300],
    )


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 else 1


@require_GET
@published
def person_list(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request)
    number = max(page_number(request), 1)
    with reading() as reader:
        count, rows = reader.persons(
            filters, offset=(number - 1) * PER_PAGE, limit=PER_PAGE
        )
        regions = reader.facets("region")
        today = reader.figure("today")
        publication = reader.publication()
    pages = Paginator(range(count), PER_PAGE).get_page(number)
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "public/person_list.html",
        {
            "filters": filters,
            "query": filters.q,
            "count": count,
            "rows": rows,
            "page": pages,
            "kept": kept.urlencode(),
            "regions": regions,
            "statuses": STATUSES,
            "today": today,
            "publication": publication,
        },
    )


@require_GET
@published
def person_page(request: HttpRequest, record_id: str) -> HttpResponse:
    with reading() as reader:
        person = reader.person(record_id[:200])
    if person is None:
        raise Http404(gettext("No such person."))
    return render(request, "public/person.html", {"person": person})


@require_GET
@published
def facility_list(request: HttpRequest) -> HttpResponse:
    with reading() as reader:
        facilities = reader.facilities()
    return render(request, "public/facility_list.html", {"facilities": facilities})


@require_GET
@published
def facility_page(request: HttpRequest, facility_id: str) -> HttpResponse:
    with reading() as reader:
        facility = reader.facility(facility_id[:300])
        if facility is None:
            raise Http404(gettext("No such facility."))
        _, held = reader.persons(
            Filters(status="held", facility=facility_id), offset=0, limit=1000
        )
    return render(request, "public/facility.html", {"facility": facility, "held": held})
