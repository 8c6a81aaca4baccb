"""The public pages of issue 8: home, in memoriam, write a letter, figures,
downloads, the data dictionary, the feed, events and the list's filters."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from ingest.csv_format import COLUMNS
from public.dictionary import columns
from public.pages import next_days
from publish.downloads import download_path
from publish.export import export_public
from publish.publishing import current_file, rollback
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(days_from_today: int, *, year: int | None = None) -> str:
    when = TODAY + timedelta(days=days_from_today)
    return f"{year or when.year}-{when:%m-%d}"


@pytest.fixture
def register(tmp_path: Path, publish_now: Any) -> Path:
    rows = [
        # Held, named in full, birthday in three days, recognised lately.
        make_row(record_id="p-1", birth_date=day(3, year=1980),
                 facility_address="Homel, Sauhasnaja 4", recognized_on=day(-2),
                 health="serious_illness", event_type="search",
                 event_date="2021-05-06", event_place="Minsk",
                 event_description="Home searched"),
        # Held, initials only: no birthday, no description of the event.
        make_row(record_id="p-2", name="Ales Bialiatski", name_be="", name_ru="",
                 name_disclosure="initials", birth_date=day(1, year=1962),
                 articles="BY-CC 228", event_type="search",
                 event_date="2022-01-02", event_description="Searched at night"),
        # Released lately; birthday in a week but no longer held.
        make_row(record_id="p-3", name="Ihar Losik", name_be="", name_ru="",
                 birth_date=day(7, year=1992), released_on=day(-5),
                 release_reason="pardon", detention_kind="prison"),
        # Died in custody.
        make_row(record_id="p-4", name="Vitold Ashurak", name_be="", name_ru="",
                 name_latin="Vitold Ashurak", birth_date="1970",
                 died_on=day(-10), died_in_custody="true", region="Hrodna Region",
                 locality="Biaroza", place_disclosure="region"),
        # Birthday outside the 14 days.
        make_row(record_id="p-5", name="Mikalai Statkevich", name_be="",
                 name_ru="", birth_date=day(20, year=1956)),
        # Anonymous: recognised lately and died in custody; never named.
        make_row(record_id="anon-1", name="Zqanon Hidden", visibility="anonymous",
                 recognized_on=day(-1), died_on=day(-3), died_in_custody="true",
                 birth_date=day(2, year=1990)),
    ]  # fmt: skip
    import_rows(tmp_path / "people.csv", rows)
    return publish_now()


def html(client: Client, name: str, *args: str, **params: Any) -> str:
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_home_has_the_count_a_chart_the_latest_and_a_search(
    client: Client, register: Path
) -> None:
    page = html(client, "home")
    assert "Held today" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert '<title id="chart-title">Political prisoners held' in page
    assert "{{" not in page
    assert f'action="{reverse("person_list")}"' in page and 'for="q"' in page
    assert "Maryia Kalesnikava" in page  # recognised lately
    assert "Ihar Losik" in page and "Vitold Ashurak" in page
    assert "Zqanon" not in page and "anon-1" not in page
    # The anonymous person is counted, suppressed: "< 5" persons not named.
    assert "&lt; 5 persons who cannot be named" in page


def test_an_old_link_to_the_list_at_home_goes_to_the_list(
    client: Client, register: Path
) -> None:
    response = client.get(reverse("home"), {"q": "Losik", "status": "released"})
    assert response.status_code == 301
    assert response["Location"].startswith(reverse("person_list") + "?")
    assert "Ihar Losik" in client.get(response["Location"]).content.decode()


def test_in_memoriam_lists_deaths_in_custody_with_dates_and_places(
    client: Client, register: Path
) -> None:
    page = html(client, "memoriam")
    died = formats.date_format(date.fromisoformat(day(-10)), "DATE_FORMAT")
    assert "Vitold Ashurak" in page and died in page
    assert "Hrodna Region" in page and "Biaroza" not in page  # place grade
    assert "Maryia Kalesnikava" not in page
    assert "Zqanon" not in page and "&lt; 5 persons who cannot be named" in page


def test_write_a_letter_lists_birthdays_of_the_next_14_days_of_held_persons(
    client: Client, register: Path
) -> None:
    page = html(client, "letters")
    assert "Maryia Kalesnikava" in page and "г. Гомель" in page
    assert "A. B." not in page  # initials: no birth date published
    assert "Ihar Losik" not in page  # released
    assert "Statkevich" not in page  # in 20 days
    assert "Zqanon" not in page
    assert "Rules for letters" in page


def test_the_figures_page_shows_any_day_of_the_series_and_the_breakdowns(
    client: Client, register: Path
) -> None:
    page = html(client, "figures", on=TODAY.isoformat())
    assert "Political prisoners held on" in page and "By sex" in page
    outside = client.get(reverse("figures"), {"on": "1900-01-01"})
    assert outside.status_code == 400
    assert "holds the daily count from" in outside.content.decode()
    for bad in ("nonsense", "2021-02-30", "20210601", "2021-06-01T00:00"):
        response = client.get(reverse("figures"), {"on": bad})
        assert response.status_code == 400, bad
        assert "not a date" in response.content.decode(), bad
    # An empty day (the form sent without one) is the publication day.
    assert "By sex" in html(client, "figures", on="")


def test_the_fact_sheet_gives_a_period_from_the_publication(
    client: Client, register: Path
) -> None:
    page = html(client, "factsheet")  # the publication day, since a year before
    assert "Vitold Ashurak" in page  # died in custody ten days ago
    assert "seriously ill" in page and "Events since" in page
    first = client.get("/api/v1/figures/series").json()["from"]
    page = html(client, "factsheet", since=first)
    link = re.search(r'href="([^"]*type=search[^"]*)">(\d+)</a>', page)
    assert link is not None
    url, shown = link.group(1).replace("&amp;", "&"), int(link.group(2))
    query = dict(part.split("=") for part in url.split("?")[1].split("&"))
    listed = client.get("/api/v1/events", query).json()["count"]
    assert shown == listed == 2
    assert "Searched at night" not in page and "Zq" not in page
    for bad in (
        {"on": "nonsense"},
        {"since": TODAY.isoformat()},  # not before the day
        {"on": "1900-01-01"},
        {"on": "0001-01-01"},  # (a year before it is no date)
    ):
        response = client.get(reverse("factsheet"), bad)
        assert response.status_code == 400, bad
        assert "Choose two days" in response.content.decode()


def shown_day(iso: str) -> str:
    return str(formats.date_format(date.fromisoformat(iso), "DATE_FORMAT"))


def test_a_day_the_fact_sheet_may_not_show_points_to_the_nearest_days_shown(
    client: Client, tmp_path: Path, publish_now: Any
) -> None:
    """The count of a day beside a restricted person's detention is hidden
    (the change rule); the page says why and links the days around it,
    whose counts the series publishes anyway."""
    rows = [
        make_row(record_id=f"p-{i}", name=f"Person Number{i}", name_be="",
                 name_ru="", detained_on=f"2021-0{1 + i}-10",
                 recognized_on="2021-01-01")
        for i in range(6)
    ] + [
        # Five arrivals on one day: the days before it are far enough from
        # the restricted person's detention to be shown.
        make_row(record_id=f"q-{i}", name=f"Person Other{i}", name_be="",
                 name_ru="", detained_on="2021-02-01", recognized_on="2021-01-01")
        for i in range(5)
    ] + [
        make_row(record_id="r-1", name="Zqrestricted Person", name_be="",
                 name_ru="", visibility="restricted", detained_on="2021-03-20",
                 recognized_on="2021-01-01"),
    ]  # fmt: skip
    import_rows(tmp_path / "people.csv", rows)
    publish_now()
    series = client.get("/api/v1/figures/series").json()
    dates, totals = series["dates"], series["total"]
    hidden = [i for i, total in enumerate(totals) if total is None and 0 < i]
    assert hidden, "the register has a day the series hides"
    i = hidden[-1]
    page = html(client, "factsheet", on=dates[i], since=dates[0])
    assert "count is not shown when it changed so little" in page
    assert (
        f"Political prisoners on {shown_day(dates[i])}: <strong>not shown</strong>"
        in page
    )
    assert "Zqrestricted" not in page and "r-1" not in page
    before = max(j for j in range(i) if totals[j] is not None)
    after = [j for j in range(i + 1, len(dates)) if totals[j] is not None]
    for j in [before, *after[:1]]:
        assert f"?on={dates[j]}&amp;since={dates[0]}" in page
        assert f"({totals[j]:,})" in page
    shown = html(client, "factsheet", on=dates[before], since=dates[0])
    assert "Nearest days shown to" not in shown
    # The first day of the period hidden: the days around it, up to the last.
    page = html(client, "factsheet", on=dates[-1], since=dates[i])
    assert f"?on={dates[-1]}&amp;since={dates[before]}" in page


def test_downloads_are_the_public_export_and_roll_back_with_the_database(
    client: Client, register: Path, publish_now: Any
) -> None:
    expected = {}
    for format in ("csv", "json"):
        exported = io.StringIO()
        export_public(exported, format=format)
        expected[format] = exported.getvalue()
        assert download_path(register, format).read_bytes().decode() == expected[format]
    document = json.loads(download_path(register, "json").read_text())
    assert "Zqanon" not in json.dumps(document)
    assert client.get(reverse("download", args=["xml"])).status_code == 404
    page = html(client, "downloads")
    assert "CC BY 4.0" in page and reverse("dictionary") in page
    second = publish_now()
    assert download_path(second, "csv").exists()
    assert rollback() == register and current_file() == register
    assert download_path(register, "csv").exists()
    for format, content in expected.items():
        response = client.get(reverse("download", args=[format]))
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        # Read to its end, a streamed answer closes itself (and its file).
        assert b"".join(response.streaming_content) == content.encode()  # type: ignore[attr-defined]


def test_the_data_dictionary_describes_every_exported_column(
    client: Client, register: Path
) -> None:
    described = dict(columns())
    assert list(described) == list(COLUMNS)
    assert [c for c, meaning in described.items() if not meaning] == []
    page = html(client, "dictionary")
    assert all(f"<code>{column}</code>" in page for column in COLUMNS)


def test_the_feed_is_atom_of_public_recognitions_releases_and_deaths(
    client: Client, register: Path
) -> None:
    response = client.get(reverse("feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Recognised as a political prisoner: Maryia Kalesnikava" in feed
    assert "Released: Ihar Losik" in feed and "Died: Vitold Ashurak" in feed
    assert "Zqanon" not in feed and "anon-1" not in feed


def test_events_are_filtered_paginated_and_disclosed(
    client: Client, register: Path
) -> None:
    body = client.get("/api/v1/events").json()
    assert body["count"] == 2 and body["page"] == 1
    assert [e["record_id"] for e in body["items"]] == ["p-2", "p-1"]  # latest first
    by_id = {e["record_id"]: e for e in body["items"]}
    assert by_id["p-1"]["description"] == "Home searched"
    assert by_id["p-2"]["description"] == "" and by_id["p-2"]["name"] == "A. B."
    dated = client.get("/api/v1/events", {"from": "2021-01-01", "to": "2021-12-31"})
    assert [e["record_id"] for e in dated.json()["items"]] == ["p-1"]
    assert client.get("/api/v1/events", {"type": "arrest"}).json()["count"] == 0
    paged = client.get("/api/v1/events", {"per_page": 1, "page": 2}).json()
    assert [e["record_id"] for e in paged["items"]] == ["p-1"]
    assert client.get("/api/v1/events", {"from": "soon"}).status_code == 422
    # Only YYYY-MM-DD: not a number of seconds since 1970 (found by schemathesis).
    assert client.get("/api/v1/events", {"to": "0"}).status_code == 422
    assert client.get("/api/v1/events", {"to": "2021-1-1"}).status_code == 422


def api_ids(client: Client, **params: Any) -> list[str]:
    body = client.get("/api/v1/persons", params).json()
    return [item["record_id"] for item in body["items"]]


def test_the_new_filters_combine_in_the_api_and_on_the_list(
    client: Client, register: Path
) -> None:
    assert api_ids(client, health="serious_illness") == ["p-1"]
    assert api_ids(client, article="BY-CC 228") == ["p-2"]
    assert api_ids(client, kind="prison") == ["p-3"]
    assert api_ids(client, age_band="60+", status="held") == ["p-5"]
    assert api_ids(client, kind="colony", health="serious_illness") == ["p-1"]
    assert client.get("/api/v1/persons", {"kind": "boat"}).status_code == 422
    page = html(client, "person_list", health="serious_illness", kind="colony")
    assert '<option value="serious_illness" selected>serious illness (1)' in page
    assert '<option value="colony" selected>penal colony' in page
    assert 'for="f-article"' in page and "BY-CC 228 (1)" in page
    assert "Maryia Kalesnikava" in page and "Losik" not in page


def test_names_are_shown_in_the_language_of_the_page(
    client: Client, register: Path
) -> None:
    with translation.override("ru"):
        url = reverse("person_list")
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert "Мария Колесникова" in page
        person = html(client, "person_page", "p-1")
        assert "<h1>Мария Колесникова</h1>" in person
    with translation.override("be"):
        assert "<h1>Марыя Калеснікава</h1>" in html(client, "person_page", "p-1")
    assert "<h1>Maryia Kalesnikava</h1>" in html(client, "person_page", "p-1")


def test_a_person_page_has_every_item_the_issue_lists(
    client: Client, register: Path
) -> None:
    page = html(client, "person_page", "p-1")
    for text in (
        "Марыя Калеснікава",  # every spelling
        "Мария Колесникова",
        "Age",
        "Minsk",
        "detained Sept. 7, 2020",
        "Timeline",
        "Penal colony No. 4, Homel (women)",
        "BY-CC 357; BY-CC 361.3",
        "verdict of Sept. 6, 2021",
        "sentence: 11 years",
        "Home searched",
        "https://example.org/kalesnikava",
        "Where to write",
        "г. Гомель",
        "Rules for letters",
        "Birthday",
    ):
        assert text in page, text
    withheld = html(client, "person_page", "p-2")
    assert "Birthday" not in withheld and "Searched at night" not in withheld


def test_the_timeline_runs_in_the_order_of_its_days(
    client: Client, register: Path
) -> None:
    """Detained 2020-09-07, searched 2021-05-06, sentenced 2021-09-06: one list,
    in that order, whatever kind each entry is."""
    page = html(client, "person_page", "p-1")
    timeline = page[page.index('<ol class="timeline">') :]
    timeline = timeline[: timeline.index("</ol>")]
    positions = [
        timeline.index(text)
        for text in ("Penal colony No. 4, Homel (women)", "Home searched", "BY-CC 357")
    ]
    assert positions == sorted(positions)


def test_birthdays_of_the_next_days_run_over_the_new_year() -> None:
    days = next_days(date(2026, 12, 25), 14)
    assert days[0] == "12-25" and days[-1] == "01-07" and len(days) == 14
    assert "02-29" in next_days(date(2028, 2, 20), 14)


@pytest.fixture
def tried(tmp_path: Path, publish_now: Any) -> Path:
    """Two persons with a court and verdict; the second named by initials."""
    from registry import models as m

    rows = [
        make_row(record_id="t-1"),
        make_row(record_id="t-2", name="Ales Bialiatski", name_be="", name_ru="",
                 name_disclosure="initials"),
    ]  # fmt: skip
    import_rows(tmp_path / "people.csv", rows)
    m.Case.objects.update(court="Minsk Regional Court", verdict="convicted")
    return publish_now()


def test_a_case_shows_its_court_and_verdict_as_disclosure_allows(
    client: Client, tried: Path
) -> None:
    page = html(client, "person_page", "t-1")
    assert "court: Minsk Regional Court" in page and "verdict: convicted" in page
    case = client.get("/api/v1/persons/t-1").json()["cases"][0]
    assert (case["court"], case["verdict"]) == ("Minsk Regional Court", "convicted")
    # Initials only: the verdict is shown, the court (which names the
    # defendants of each day) is not.
    page = html(client, "person_page", "t-2")
    assert "verdict: convicted" in page and "Minsk Regional Court" not in page
    case = client.get("/api/v1/persons/t-2").json()["cases"][0]
    assert (case["court"], case["verdict"]) == ("", "convicted")
    with translation.override("be"):
        page = html(client, "person_page", "t-1")
    assert "Minsk Regional Court" in page and "verdict: convicted" not in page


@pytest.fixture
def shared(tmp_path: Path, publish_now: Any) -> Path:
    """One search shared by two named persons, an anonymous one and one named
    by initials (not joined to it), and an arrest of another person."""
    search = {
        "event_type": "search",
        "event_date": "2021-05-06",
        "event_place": "Zqplace",
        "event_id": "ev-1",
    }
    rows = [
        make_row(record_id="e-1", **search),
        make_row(record_id="e-2", name="Ihar Losik", name_be="", name_ru="",
                 place_disclosure="region", **search),
        make_row(record_id="e-3", name="Zqanon Hidden", visibility="anonymous",
                 **search),
        make_row(record_id="e-4", name="Ales Bialiatski", name_be="", name_ru="",
                 name_disclosure="initials", **search),
        make_row(record_id="e-5", name="Mikalai Statkevich", name_be="",
                 name_ru="", event_type="arrest", event_date="2022-01-02",
                 event_place="Hrodna", event_id="ev-2"),
        make_row(record_id="e-6", name="Zqrestr Hidden", visibility="restricted",
                 event_type="arrest", event_date="2022-01-02",
                 event_place="Hrodna", event_id="ev-2"),
    ]  # fmt: skip
    import_rows(tmp_path / "people.csv", rows)
    return publish_now()


def items(page: str) -> list[str]:
    """The page's events, one text per event."""
    return (
        page.split('<ol class="events">', 1)[1].split("</ol>", 1)[0].split("<li>")[1:]
    )


def test_the_events_page_lists_events_with_their_persons_as_disclosed(
    client: Client, shared: Path
) -> None:
    page = html(client, "events")
    assert "3 events." in page and "Zqanon" not in page and "Zqrestr" not in page
    arrest, search, alone = items(page)
    assert "Jan. 2, 2022: arrest" in arrest and "Hrodna" in arrest
    assert "Mikalai Statkevich" in arrest and "cannot be named" not in arrest
    # The shared search: both named persons, the anonymous one counted; no
    # place, since one of the two has places graded `region`.
    assert "May 6, 2021: search" in search
    assert reverse("person_page", args=["e-1"]) in search
    assert reverse("person_page", args=["e-2"]) in search
    assert "persons who cannot be named: &lt; 5" in search
    assert "Zqplace" not in search
    # Initials only: the event is theirs alone, not tied to the others.
    assert "A. B." in alone and "Maryia" not in alone and "cannot be named" not in alone
    assert f'<a href="{reverse("events")}">' in page  # in the site's navigation


def test_the_events_page_filters_by_type_and_period_and_pages(
    client: Client, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arrests = html(client, "events", type="arrest")
    assert "1 event." in arrests and '<option value="arrest" selected>' in arrests
    later = items(html(client, "events", **{"from": "2022-01-01"}))
    assert len(later) == 1 and "arrest" in later[0]
    earlier = items(html(client, "events", to="2021-12-31"))
    assert len(earlier) == 2 and all("search" in item for item in earlier)
    monkeypatch.setattr("public.pages.PER_PAGE", 1)
    second = html(client, "events", page="2")
    assert len(items(second)) == 1 and "Page 2 of 3" in second
    assert "page=3" in second and "page=1" in second


def test_events_are_read_a_page_at_a_time_off_their_indexes(
    client: Client, tmp_path: Path, publish_now: Any
) -> None:
    """The events page reads a page of the publication's list of events, and
    the API a page of event rows, off their indexes: grouping every event's
    rows and sorting them took 650 and 175 ms a request at 100k persons. The
    public fact sheet counts each type's persons in index order (a set of
    persons per type took 350 ms over four years). A partial date sorts as
    its first day, an undated event after every day."""
    from public.store import reading

    rows = [
        make_row(record_id=f"u-{number}", event_type="search", event_date=day,
                 event_place="Minsk")
        for number, day in enumerate(["", "2022", "2022-01-02", "2021-05"])
    ]  # fmt: skip
    import_rows(tmp_path / "people.csv", rows)
    publish_now()
    listed = [item.split("</strong>")[0] for item in items(html(client, "events"))]
    assert listed == ["<p><strong>Jan. 2, 2022: search", "<p><strong>2022: search",
                      "<p><strong>May 2021: search", "<p><strong>search"]  # fmt: skip
    answer = client.get("/api/v1/events").json()
    assert [item["date"] for item in answer["items"]] == [
        "2022-01-02", "2022", "2021-05", None
    ]  # fmt: skip
    with reading() as reader:
        page = {"start": "", "end": "", "offset": 0, "limit": 2}
        (count, found), plan = plan_of(
            reader, lambda r: r.event_groups(type="", **page), "LIMIT"
        )
        assert count == 4 and [e["date"] for e in found] == ["2022-01-02", "2022"]
        assert "SCAN e USING INDEX event_list_latest" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
        _, plan = plan_of(
            reader, lambda r: r.event_groups(type="search", **page), "LIMIT"
        )
        assert "event_list_type" in plan and "TEMP B-TREE" not in plan, plan
        _, plan = plan_of(reader, lambda r: r.events(type="", **page), "LIMIT")
        assert "events_latest" in plan and "TEMP B-TREE" not in plan, plan
        counts, plan = plan_of(
            reader, lambda r: r.event_counts(start="2021-06-01", end=""), "record_id"
        )
        assert counts == [{"type": "search", "events": 2, "persons": 2}]
        assert "SCAN e USING COVERING INDEX events_type_person" in plan, plan
        assert "DISTINCT" not in plan, plan
        types, plan = plan_of(reader, lambda r: r.event_types(), "found")
        assert types == ["search"] and "SCAN event_list" not in plan, plan
        assert "SEARCH event_list USING COVERING INDEX event_list_type" in plan, plan


@pytest.mark.parametrize(
    "params", [{"from": "soon"}, {"to": "2021-02-30"}, {"from": "20210101"},
               {"from": "2022-01-01", "to": "2021-01-01"}]
)  # fmt: skip
def test_a_bad_period_on_the_events_page_is_400_with_a_message(
    client: Client, shared: Path, params: dict[str, str]
) -> None:
    response = client.get(reverse("events"), params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_the_events_page_speaks_the_page_language(client: Client, shared: Path) -> None:
    with translation.override("ru"):
        page = html(client, "events")
    assert "обыск" in page and ">search<" not in page and ": search" not in page


HOMEL = "Penal colony No. 4, Homel (women)"


@pytest.fixture
def ruled(tmp_path: Path, publish_now: Any) -> Path:
    """Two held persons with birthdays soon, one in a facility with its own
    rules for letters."""
    from registry import models as m

    rows = [
        make_row(record_id="r-1", birth_date=day(3, year=1980)),
        make_row(record_id="r-2", name="Ihar Losik", name_be="", name_ru="",
                 birth_date=day(2, year=1992),
                 facility="Pre-trial detention centre No. 1, Minsk"),
    ]  # fmt: skip
    import_rows(tmp_path / "people.csv", rows)
    m.Facility.objects.filter(name=HOMEL).update(
        letter_rules="Letters in Russian only.\nNo photographs."
    )
    return publish_now()


def facility_id(client: Client, name: str) -> str:
    items = client.get("/api/v1/facilities").json()["items"]
    return next(f["facility_id"] for f in items if f["name"] == name)


def test_a_facility_s_own_rules_for_letters_replace_the_general_ones(
    client: Client, ruled: Path
) -> None:
    general = "Write in Belarusian or Russian"
    homel = html(client, "facility_page", facility_id(client, HOMEL))
    assert "This facility's rules for letters" in homel
    assert "<p>Letters in Russian only.<br>No photographs.</p>" in homel
    assert general not in homel
    minsk = html(
        client,
        "facility_page",
        facility_id(client, "Pre-trial detention centre No. 1, Minsk"),
    )
    assert general in minsk and "Letters in Russian only" not in minsk
    person = html(client, "person_page", "r-1")
    assert "Letters in Russian only." in person and general not in person
    assert general in html(client, "person_page", "r-2")
    letters = html(client, "letters")
    assert f"Rules for letters: {HOMEL}" in letters
    assert "Letters in Russian only." in letters and general in letters
    api = client.get(f"/api/v1/facilities/{facility_id(client, HOMEL)}").json()
    assert api["letter_rules"] == "Letters in Russian only.\nNo photographs."


@pytest.fixture
def months(tmp_path: Path, publish_now: Any) -> Path:
    """Six men held in Minsk since January 2021, and an anonymous woman held
    there from 10 February: the figures of every day."""
    rows = [
        make_row(record_id=f"m-{i}", name=f"Ales Surname{'abcdef'[i]}", name_be="",
                 name_ru="", sex="m", detained_on="2021-01-01",
                 recognized_on="2021-01-02")
        for i in range(6)
    ] + [
        make_row(record_id="anon-1", name="Zqanon Hidden", name_be="", name_ru="",
                 visibility="anonymous", sex="f", detained_on="2021-02-10",
                 recognized_on="2021-01-02"),
    ]  # fmt: skip
    import_rows(tmp_path / "people.csv", rows)
    return publish_now()


def table(page: str, caption: str) -> str:
    return page.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]


def test_the_figures_page_shows_the_suppressed_breakdowns_of_an_earlier_day(
    client: Client, months: Path
) -> None:
    page = html(client, "figures", on="2021-03-01")
    assert "Breakdowns on March 1, 2021" in page
    assert "Political prisoners held on March 1, 2021: <strong>7</strong>" in page
    # The anonymous woman alone: "< 5", and the men hidden with her, since
    # they would give her away (7 - 6).
    by_sex = table(page, "By sex")
    assert "&lt; 5" in by_sex and "[c]" in by_sex and ">6<" not in by_sex
    assert "Zqanon" not in page


def test_a_change_made_by_a_hidden_person_alone_hides_the_earlier_days(
    client: Client, months: Path
) -> None:
    # Minsk held 6 on 1 February and 7 on 1 March: the one more is the
    # anonymous woman, so 1 February's Minsk cell (and count) are hidden.
    page = html(client, "figures", on="2021-02-01")
    assert "Breakdowns on Feb. 1, 2021" in page
    by_region = table(page, "By region")
    assert "Minsk" in by_region and ">6<" not in by_region and "[c]" in by_region
    assert ">7<" in table(html(client, "figures", on="2021-03-01"), "By region")


def test_any_day_of_the_series_has_its_breakdowns(client: Client, months: Path) -> None:
    page = html(client, "figures", on="2021-03-15")
    assert "Political prisoners held on March 15, 2021: <strong>7</strong>" in page
    assert "Breakdowns on March 15, 2021" in page
    assert "&lt; 5" in table(page, "By sex") and "Zqanon" not in page
    # The day before the anonymous woman's first counted day: its Minsk
    # cell would give her away (7 - 6), as the first of February's would.
    before = table(html(client, "figures", on="2021-02-09"), "By region")
    assert ">6<" not in before and "[c]" in before


def plan_of(reader: Any, run: Any, word: str) -> tuple[Any, str]:
    """What `run(reader)` returns, and SQLite's plan of its query naming `word`."""
    said: list[str] = []
    reader.db.set_trace_callback(said.append)
    try:
        found = run(reader)
    finally:
        reader.db.set_trace_callback(None)
    (sql,) = [text for text in said if word in text]
    plan = reader.db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    return found, " ".join(str(row[-1]) for row in plan)


def test_the_home_and_letters_pages_read_few_persons_off_their_indexes(
    register: Path,
) -> None:
    """The latest releases walk the index of release days from the latest and
    stop, and the birthdays are found by the birthday index: by the status
    index, each page walked every released or held person (80 and 100 ms at
    100k persons)."""
    from public.store import reading

    with reading() as reader:
        latest, plan = plan_of(
            reader, lambda r: r.latest("released_on", limit=5), "released_on"
        )
        assert "persons_released" in plan and "persons_status" not in plan
        assert [person["record_id"] for person in latest] == ["p-3"]
        days = next_days(date.today(), 14)
        born, plan = plan_of(reader, lambda r: r.birthdays(days), "birthday IN")
        assert "persons_birthday" in plan and "persons_status" not in plan
        assert [person["record_id"] for person in born] == ["p-1"]
