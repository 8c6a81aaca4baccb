"""The public site's other pages: home, in memoriam, write a letter, figures,
downloads and the data dictionary; all from the publication only.

Whatever these pages show was computed at publish time (publish/database.py,
publish/figures.py) through the disclosure rule; nothing here reads the
register, and hidden persons appear only as the suppressed counts the
publication holds.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from public.dictionary import columns
from public.store import download_file, reading
from public.views import (
    PER_PAGE,
    page_number,
    published,
    published_daily,
    with_names,
)
from publish.chart import DESC, TITLE, count_chart
from stats import series as stats_series

LATEST = 5
BIRTHDAY_DAYS = 14
CHANGE_DAYS = 30
# Query parameters of the persons' list: a link to the old list at `/` with
# any of them goes to the list's own page.
LIST_PARAMETERS = (
    "q",
    "status",
    "region",
    "sex",
    "year",
    "facility",
    "page",
    "age_band",
    "kind",
    "article",
    "health",
)
DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", "rollcall-public.csv"),
    "json": ("application/json", "rollcall-public.json"),
}


def value_on(series: dict[str, Any] | None, day: date) -> tuple[bool, int | None]:
    """(whether the series holds `day`, its count: None when suppressed)."""
    if not series:
        return False, None
    try:
        i = series["dates"].index(day.isoformat())
    except ValueError:
        return False, None
    return True, series["total"][i]


def nearest_shown(
    series: dict[str, Any], day: date, after: date = date.min, before: date = date.max
) -> list[tuple[date, int]]:
    """The nearest days before and after `day` (a day of the series) whose
    count the series shows, strictly between `after` and `before`."""
    points = [date.fromisoformat(text) for text in series["dates"]]
    return stats_series.nearest_shown(points, series["total"], day, after, before)


def nearest_periods(
    series: dict[str, Any],
    on: date,
    since: date,
    count: int | None,
    before: int | None,
) -> list[tuple[date, list[tuple[date, int, date, date]]]]:
    """For each end of the period whose count is hidden, the nearest days
    shown beside it: (day, count, and the period `on`, `since` with that
    day in its place)."""
    ends = []
    if count is None:
        days = nearest_shown(series, on, after=since)
        ends.append((on, [(day, shown, day, since) for day, shown in days]))
    if before is None:
        days = nearest_shown(series, since, before=on)
        ends.append((since, [(day, shown, on, day) for day, shown in days]))
    return [(end, links) for end, links in ends if links]


def change(series: dict[str, Any] | None, on: date) -> dict[str, Any] | None:
    """The count on `on`, CHANGE_DAYS earlier, and the difference (if shown)."""
    held_now, now = value_on(series, on)
    before_day = on - timedelta(days=CHANGE_DAYS)
    held_before, before = value_on(series, before_day)
    if not (held_now and held_before):
        return None
    difference = None if now is None or before is None else now - before
    return {"since": before_day, "before": before, "difference": difference}


def chart(svg: str | None, series: dict[str, Any] | None) -> str:
    """The stored chart with its title and description in the page's language."""
    if not svg or not series or not series.get("dates"):
        return ""
    shown = [v for v in series["total"] if v is not None]
    title = _("Political prisoners held, day by day")
    desc = _(
        "The number of political prisoners held each day from %(first)s to "
        "%(last)s: %(start)s on the first day, %(end)s on the last, at most "
        "%(most)s. Days whose count is suppressed are gaps in the line."
    ) % {
        "first": series["dates"][0],
        "last": series["dates"][-1],
        "start": shown_count(series["total"][0]),
        "end": shown_count(series["total"][-1]),
        "most": max(shown, default=0),
    }
    text = svg.replace(TITLE, str(escape(title))).replace(DESC, str(escape(desc)))
    return mark_safe(text)  # noqa: S308 - drawn at publish time from numbers only


def shown_count(value: int | None) -> str:
    return _("not shown") if value is None else str(value)


@require_GET
@published
def home(request: HttpRequest) -> HttpResponse:
    if any(name in request.GET for name in LIST_PARAMETERS):
        url = f"{reverse('person_list')}?{request.GET.urlencode()}"
        return redirect(url, permanent=True)
    with reading() as reader:
        today = reader.figure("today")
        series = reader.figure("series")
        unnamed = reader.figure("unnamed") or {}
        svg = reader.document("chart.svg")
        latest = {
            column: with_names(reader.latest(column, limit=LATEST))
            for column in ("recognised_on", "released_on", "died_on")
        }
        publication = reader.publication()
    on = date.fromisoformat(today["on"]) if today else None
    return render(
        request,
        "public/home.html",
        {
            "today": today,
            "change": change(series, on) if on else None,
            "chart": chart(svg, series),
            "recognised": latest["recognised_on"],
            "released": latest["released_on"],
            "died": latest["died_on"],
            "unnamed": unnamed,
            "publication": publication,
        },
    )


@require_GET
@published
def memoriam(request: HttpRequest) -> HttpResponse:
    with reading() as reader:
        deaths = with_names(reader.deaths_in_custody())
        unnamed = reader.figure("unnamed") or {}
    return render(
        request,
        "public/memoriam.html",
        {"deaths": deaths, "unnamed": unnamed.get("died_in_custody")},
    )


def next_days(today: date, days: int) -> list[str]:
    """MM-DD of `today` and the days after it (29 February when it comes)."""
    return [f"{today + timedelta(days=i):%m-%d}" for i in range(days)]


@require_GET
@published_daily
def letters(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    with reading() as reader:
        persons = with_names(reader.birthdays(next_days(today, BIRTHDAY_DAYS)))
    own_rules: dict[str, dict[str, Any]] = {}
    for person in persons:
        month, day = person["birthday"].split("-")
        person["birthday_date"] = date(2000, int(month), int(day))
        if person["letter_rules"]:
            own_rules.setdefault(person["facility_id"], person)
    return render(
        request,
        "public/letters.html",
        {
            "persons": persons,
            "today": today,
            "days": BIRTHDAY_DAYS,
            # The rules of the facilities listed that have their own, by name.
            "own_rules": sorted(own_rules.values(), key=lambda p: p["facility"]),
            "facilities_url": reverse("facility_list"),
        },
    )


ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parsed_day(raw: str) -> date | None:
    """A day written YYYY-MM-DD (nothing else), None for anything else."""
    if not ISO_DAY.fullmatch(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


@require_GET
@published
def events(request: HttpRequest) -> HttpResponse:
    """Events of public persons by type and period, each with its persons."""
    get = request.GET
    kind = get.get("type", "")[:100]
    start, end = parsed_day(get.get("from", "")), parsed_day(get.get("to", ""))
    bad = [
        name
        for name, day in (("from", start), ("to", end))
        if get.get(name) and day is None
    ]
    reversed_period = bool(start and end and end < start)
    number = page_number(request)
    rows: list[dict[str, Any]]
    with reading() as reader:
        types = reader.event_types()
        count, rows = 0, []
        if not bad and not reversed_period:
            count, rows = reader.event_groups(
                type=kind,
                start=start.isoformat() if start else "",
                end=end.isoformat() if end else "",
                offset=(number - 1) * PER_PAGE,
                limit=PER_PAGE,
            )
    for event in rows:
        event["persons"] = with_names(event["persons"])
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "public/events.html",
        {
            "types": types,
            "kind": kind,
            "start": get.get("from", "")[:10] if start or bad else "",
            "end": get.get("to", "")[:10] if end or bad else "",
            "bad": bad,
            "reversed_period": reversed_period,
            "count": count,
            "events": rows,
            "page": Paginator(range(count), PER_PAGE).get_page(number),
            "kept": kept.urlencode(),
        },
        status=400 if bad or reversed_period else 200,
    )


@require_GET
@published
def figures(request: HttpRequest) -> HttpResponse:
    """The count and breakdowns of the publication day, or of a day asked
    (`?on=YYYY-MM-DD`): its count from the daily series and its breakdowns
    (the publication holds them for every day of the series); 400 for a day
    that is not a date or not in the series."""
    raw = request.GET.get("on", "")
    asked = parsed_day(raw) if raw else None
    with reading() as reader:
        today = reader.figure("today")
        series = reader.figure("series") or {}
        held, count = value_on(series, asked) if asked else (False, None)
        breakdowns = today
        if asked and today and asked.isoformat() != today["on"]:
            breakdowns = reader.figure(f"on:{asked.isoformat()}")
    dates = series.get("dates", [])
    bad_date = bool(raw) and asked is None
    out_of_range = asked is not None and not held
    if bad_date or out_of_range:
        breakdowns = today
    return render(
        request,
        "public/figures.html",
        {
            "today": today,
            "breakdowns": breakdowns,
            "series": series,
            "first": dates[0] if dates else "",
            "last": dates[-1] if dates else "",
            "asked": asked,
            "asked_held": held,
            "asked_count": count,
            "bad_date": bad_date,
            "out_of_range": out_of_range,
            "monthly": monthly_points(series),
        },
        status=400 if bad_date or out_of_range else 200,
    )


# The vulnerable figures of a fact sheet: (breakdown, cell) of a day's figures.
VULNERABLE = (
    ("serious_illness", "health", "serious_illness"),
    ("disability", "health", "disability"),
    ("mental_disorder", "health", "mental_disorder"),
    ("aged_60_plus", "age", "60+"),
    ("any", "vulnerable", "yes"),
)


@require_GET
@published
def factsheet(request: HttpRequest) -> HttpResponse:
    """The fact sheet of a day (`on`, default the publication day) since an
    earlier one (`since`, default a year before), from the publication: the
    count and its change, the vulnerable and the cases where the day has
    breakdowns, deaths in custody and events of the period, the chart. 400
    for a day that is not a date, not in the series, or a period backwards."""
    with reading() as reader:
        today = reader.figure("today")
        series = reader.figure("series") or {}
        dates = series.get("dates", [])
        on = day_asked(request, "on", today["on"] if today else None)
        a_year_before = None
        if on and dates:
            # (shifted so that no day before the calendar's first is made)
            year = timedelta(days=365)
            a_year_before = max(on, date.fromisoformat(dates[0]) + year) - year
        since = day_asked(
            request, "since", a_year_before.isoformat() if a_year_before else None
        )
        held = bool(
            on
            and since
            and since < on
            and value_on(series, on)[0]
            and value_on(series, since)[0]
        )
        context: dict[str, Any] = {
            "on": on,
            "since": since,
            "first": dates[0] if dates else "",
            "last": dates[-1] if dates else "",
            "valid": held,
            "today": today,
        }
        if held and on and since and today:
            breakdowns = (
                today
                if on.isoformat() == today["on"]
                else reader.figure(f"on:{on.isoformat()}")
            )
            after = (since + timedelta(days=1)).isoformat()
            context.update(
                count=value_on(series, on)[1],
                count_since=value_on(series, since)[1],
                breakdowns=breakdowns,
                vulnerable=vulnerable_cells(breakdowns),
                deaths=[
                    death
                    for death in with_names(reader.deaths_in_custody())
                    if since.isoformat() < str(death["died_on"]) <= on.isoformat()
                ],
                events=reader.event_counts(start=after, end=on.isoformat()),
                events_from=after,
                chart=period_chart(series, since, on),
                publication=reader.publication(),
            )
    if held:
        count, before = context["count"], context["count_since"]
        context["change"] = None if count is None or before is None else count - before
        if on and since:
            context["nearest"] = nearest_periods(series, on, since, count, before)
    return render(
        request, "public/factsheet.html", context, status=200 if held else 400
    )


def day_asked(request: HttpRequest, name: str, default: str | None) -> date | None:
    """The day a parameter names (YYYY-MM-DD), or its default; None if bad."""
    raw = request.GET.get(name, "") or default or ""
    return parsed_day(raw)


def vulnerable_cells(breakdowns: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The vulnerable figures of a day's breakdowns, as shown (suppressed)."""
    if not breakdowns:
        return []
    found = []
    for key, field, value in VULNERABLE:
        cells = breakdowns["breakdowns"].get(field, [])
        cell = next((c for c in cells if c["value"] == value), None)
        shown = "0" if cell is None else cell.get("shown") or str(cell["count"])
        found.append({"key": key, "shown": shown})
    return found


def period_chart(series: dict[str, Any], since: date, on: date) -> str:
    """The chart of the count from `since` to `on`, drawn from the series."""
    dates = series["dates"]
    first, last = dates.index(since.isoformat()), dates.index(on.isoformat())
    part = {
        "dates": dates[first : last + 1],
        "total": series["total"][first : last + 1],
    }
    return chart(count_chart(part), part)


def monthly_points(series: dict[str, Any]) -> list[dict[str, Any]]:
    """The count on each first of a month and on the publication day."""
    dates = series.get("dates", [])
    return [
        {"day": day, "count": series["total"][i]}
        for i, day in enumerate(dates)
        if day.endswith("-01") or i == len(dates) - 1
    ]


@require_GET
@published
def downloads(request: HttpRequest) -> HttpResponse:
    files = []
    for format in DOWNLOADS:
        path = download_file(format)
        if path is not None:
            files.append({"format": format, "size": path.stat().st_size})
    with reading() as reader:
        publication = reader.publication()
    return render(
        request,
        "public/downloads.html",
        {"files": files, "publication": publication},
    )


@require_GET
@published
def download(request: HttpRequest, format: str) -> HttpResponseBase:
    if format not in DOWNLOADS:
        raise Http404("no such download")
    path = download_file(format)
    if path is None:
        raise Http404("no such download")
    content_type, filename = DOWNLOADS[format]
    response = FileResponse(path.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = content_type
    return response


@require_GET
@published
def dictionary(request: HttpRequest) -> HttpResponse:
    return render(request, "public/dictionary.html", {"columns": columns()})
