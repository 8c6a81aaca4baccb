"""The public site: persons, a person's page, facilities; from the publication only.

Every view reads through public/store.py, which opens the published
database and nothing else. Filters live in the URL, so a list can be
bookmarked and shared.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_GET

from public.store import Filters, NotPublished, publication_id, reading, shown_name

PER_PAGE = 50
STATUSES = (
    ("", _("all")),
    ("held", _("held (political prisoners)")),
    ("released", _("released")),
    ("deceased", _("deceased")),
)
SEXES = {"f": _("women"), "m": _("men")}
KINDS = {
    "pretrial": _("pre-trial detention"),
    "prison": _("prison"),
    "colony": _("penal colony"),
    "open_facility": _("open facility"),
    "psychiatric": _("psychiatric hospital"),
    "house_arrest": _("house arrest"),
    "unknown": _("unknown"),
}
VERDICTS = {
    "convicted": _("convicted"),
    "acquitted": _("acquitted"),
    "dropped": _("charges dropped"),
    "pending": _("pending (no verdict yet)"),
}
HEALTH = {
    "serious_illness": _("serious illness"),
    "disability": _("disability"),
    "mental_disorder": _("mental disorder"),
    "other": _("other health condition"),
}
AGE_BANDS = ("under 18", "18-29", "30-39", "40-49", "50-59", "60+")
# The list's select filters: (field, facet, labels of values or None).
SELECTS: tuple[tuple[str, str, dict[str, Any] | None], ...] = (
    ("region", "region", None),
    ("age_band", "age_band", None),
    ("kind", "detention_kind", KINDS),
    ("article", "article", None),
    ("health", "health", HEALTH),
)

View = Callable[..., HttpResponseBase]


def publication_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
    return publication_id()


def daily_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
    """The publication and today's date: for pages that change with the day."""
    found = publication_id()
    return None if found is None else f"{found}-{timezone.localdate():%Y%m%d}"


def cached(etag: Callable[..., str | None]) -> Callable[[View], View]:
    """ETag and cache headers tied to `etag`; a page when nothing is published."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            try:
                response = view(request, *args, **kwargs)
            except NotPublished:
                return render(request, "public/unpublished.html", status=503)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=60)
            return response

        return condition(etag_func=etag)(wrapped)

    return decorate


published = cached(publication_etag)
published_daily = cached(daily_etag)


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
        age_band=get.get("age_band", "") if get.get("age_band") in AGE_BANDS else "",
        kind=get.get("kind", "") if get.get("kind") in KINDS else "",
        article=get.get("article", "")[:100],
        health=get.get("health", "") if get.get("health") in HEALTH else "",
    )


def with_names(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with `shown`: its name in the page's language and script."""
    language = get_language()
    return [{**row, "shown": shown_name(row, language)} for row in rows]


def facet_options(
    facets: list[dict[str, Any]], labels: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Options of a filter: value, label and the number of persons."""
    order = list(labels or {})
    options = [
        {**facet, "label": (labels or {}).get(facet["value"], facet["value"])}
        for facet in facets
    ]
    if order:
        options.sort(
            key=lambda o: order.index(o["value"]) if o["value"] in order else 99
        )
    elif facets and facets[0]["value"] in AGE_BANDS:
        options.sort(key=lambda o: AGE_BANDS.index(o["value"]))
    return options


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
        status_counts = {f["value"]: f["count"] for f in reader.facets("status")}
        sex_counts = {f["value"]: f["count"] for f in reader.facets("sex")}
        selects = [
            {
                "field": field,
                "value": getattr(filters, field),
                "options": facet_options(reader.facets(facet), labels),
            }
            for field, facet, labels in SELECTS
        ]
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
            "rows": with_names(rows),
            "page": pages,
            "kept": kept.urlencode(),
            "selects": selects,
            "statuses": [
                (value, label, status_counts.get(value)) for value, label in STATUSES
            ],
            "sexes": [(v, label, sex_counts.get(v, 0)) for v, label in SEXES.items()],
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
        raise Http404("no such person")
    person["shown"] = shown_name(person, get_language())
    for detention in person["detentions"]:
        detention["kind_label"] = KINDS.get(detention["kind"], detention["kind"])
    for case in person["cases"]:
        case["verdict_label"] = VERDICTS.get(case["verdict"], case["verdict"])
    timeline = timeline_of(person)
    writing = next(
        (
            d
            for d in person["detentions"]
            if person["status"] == "held"
            and not d["end"]
            and d["facility_id"]
            and d["facility_id"] == person["facility_id"]
        ),
        None,
    )
    return render(
        request,
        "public/person.html",
        {
            "person": person,
            "timeline": timeline,
            "writing": writing,
            "birthday": birthday_of(person),
        },
    )


def timeline_of(person: dict[str, Any]) -> list[dict[str, Any]]:
    """Detentions (and so transfers), cases and events in the order of their
    days (a detention by its start, a case by its verdict); undated last,
    each kind in its recorded order."""
    entries = [
        *(
            {"kind": "detention", "day": d["start"], "item": d}
            for d in person["detentions"]
        ),
        *(
            {"kind": "case", "day": c["sentenced_on"], "item": c}
            for c in person["cases"]
        ),
        *({"kind": "event", "day": e["date"], "item": e} for e in person["events"]),
    ]
    # Partial dates (YYYY, YYYY-MM, YYYY-MM-DD) sort as text; sorted() keeps
    # the recorded order of entries of the same day.
    return sorted(entries, key=lambda entry: (not entry["day"], entry["day"] or ""))


def birthday_of(person: dict[str, Any]) -> date | None:
    """The birthday (day and month) as a date of a leap year, for formatting."""
    value = person.get("birthday")
    if not value:
        return None
    month, day = value.split("-")
    return date(2000, int(month), int(day))


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
            raise Http404("no such facility")
        _, held = reader.persons(
            Filters(status="held", facility=facility_id), offset=0, limit=1000
        )
    return render(
        request,
        "public/facility.html",
        {"facility": facility, "held": with_names(held)},
    )
