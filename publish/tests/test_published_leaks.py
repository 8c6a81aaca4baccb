"""Publishing shows nothing hidden, and the public side reads only the publication.

A register holds a person for every combination of visibility, name
disclosure and place disclosure, with a marker string in every field. After
`publish`, every public URL and API endpoint (lists, filters, searches for
each marker, pages, 404s) is requested with Django's database access
blocked — so the public side provably never touches the register — and
neither the answers nor the bytes of the published file may carry a marker
the person's grades hide.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import astuple
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse
from django.utils.text import slugify

from ingest.files import import_file
from ingest.json_format import FORMAT, VERSION
from publish.downloads import FORMATS, download_path
from publish.publishing import publish
from publish.tests.test_routine_operations import Spec, hidden, markers
from registry.models import Facility, Person

SPECS = [
    Spec(*grades)
    for grades in itertools.product(
        ("public", "anonymous", "restricted"),
        ("full", "initials", "none"),
        ("locality", "region", "none"),
    )
]


def record_id(i: int) -> str:
    return f"zqid{i}x"


def died(i: int) -> bool:
    """Every fourth person died in custody (the in memoriam page lists them)."""
    return i % 4 == 3


def person(i: int, spec: Spec) -> dict[str, Any]:
    marks = markers(i)
    day = f"2021-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
    # Birthdays known to the day, within the next two weeks: the "write a
    # letter" page lists the public ones whose names may be shown.
    birthday = date.today() + timedelta(days=i % 10)
    deaths = {"died_on": "2022-03-04", "died_in_custody": True} if died(i) else {}
    return {
        "record_id": record_id(i),
        "name": marks["name"],
        "names": [{"value": marks["latin"], "kind": "latin", "system": "x"}],
        "sex": "f" if i % 2 else "m",
        "birth_date": f"{1950 + i}-{birthday:%m-%d}",
        "country": "BY",
        "region": marks["region"],
        "locality": marks["locality"],
        "visibility": spec.visibility,
        "name_disclosure": spec.name_disclosure,
        "place_disclosure": spec.place_disclosure,
        "notes": marks["notes"],
        "sources": [marks["source"]],
        "detentions": [
            {
                "kind": "colony",
                "start": day,
                "facility": marks["facility"],
                "facility_address": marks["facility"] + " street",
            }
        ],
        "cases": [
            {
                "articles": ["BY-CC 342.1"],
                "sentence": "3 years",
                "court": marks["court"],
                "verdict": "convicted",
            }
        ],
        "recognitions": [
            {"start": day, "organisation": "Viasna", "criteria": marks["criteria"]}
        ],
        "events": [
            {
                "type": "search",
                "date": day,
                "place": marks["event_place"],
                "description": marks["event_description"],
                "event_id": marks["event_id"],
            },
            # One event shared by everyone: the events page joins the named
            # persons in it and counts the anonymous ones.
            {"type": "arrest", "date": "2021-01-02", "event_id": "zqshared"},
        ],
        "health": [{"condition": "serious_illness", "note": marks["health"]}],
        **deaths,
    }


def hidden_markers() -> set[str]:
    found: set[str] = set()
    for i, spec in enumerate(SPECS):
        found |= hidden(i, spec)
        if spec.visibility != "public":
            found.add(record_id(i))
    return found


pytestmark = pytest.mark.django_db


def import_register(folder: Path) -> None:
    """A person of each of SPECS, imported and approved."""
    path = folder / "register.json"
    persons = [person(i, spec) for i, spec in enumerate(SPECS)]
    document = {"format": FORMAT, "version": VERSION, "persons": persons}
    path.write_text(json.dumps(document), encoding="utf-8")
    import_file(path, dry_run=False, progress=False, approve=True)


@pytest.fixture
def publication(
    tmp_path: Path, settings: Any, django_db_blocker: Any
) -> Iterator[Path]:
    """The register published into a folder of its own.

    While the test runs, Django's database access is blocked: any use of the
    register by the public side raises.
    """
    settings.ROLLCALL_PUBLIC_DIR = tmp_path / "public"
    import_register(tmp_path)
    # Every facility has its own rules for letters, naming it: the rules of
    # a facility only hidden persons name must not be published either.
    for facility in Facility.objects.all():
        facility.letter_rules = f"Rules of {facility.name}"
        facility.save()
    published = publish().path
    with django_db_blocker.block():
        yield published


def downloads(publication: Path) -> list[Path]:
    return [download_path(publication, format) for format in FORMATS]


def urls() -> Iterator[tuple[str, str]]:
    """(URL, the query it echoes) for every public route."""
    people = reverse("person_list")
    api = "/api/v1"
    yield from (
        (url, "")
        for url in (
            reverse("home"),
            f"{reverse('home')}?status=held",
            people,
            f"{people}?status=held",
            f"{people}?status=released&sex=f&year=2021",
            f"{people}?page=2",
            f"{people}?age_band=60%2B&kind=colony&article=BY-CC+342&health=disability",
            f"{people}?health=serious_illness&status=held",
            reverse("facility_list"),
            reverse("facility_page", args=["nowhere"]),
            reverse("person_page", args=["nobody"]),
            reverse("memoriam"),
            reverse("letters"),
            reverse("figures"),
            f"{reverse('figures')}?on=2021-06-01",
            f"{reverse('figures')}?on=nonsense",
            f"{reverse('figures')}?on=2021-03-15",
            f"{reverse('figures')}?on=2021-01-01",
            f"{reverse('figures')}?on=1900-01-01",
            reverse("factsheet"),
            f"{reverse('factsheet')}?since=2020-01-01",
            f"{reverse('factsheet')}?on=2021-06-01&since=2021-01-01",
            f"{reverse('factsheet')}?on=nonsense",
            reverse("events"),
            f"{reverse('events')}?type=search&from=2021-01-01&to=2021-12-31",
            f"{reverse('events')}?type=arrest&page=2",
            f"{reverse('events')}?from=nonsense",
            reverse("downloads"),
            reverse("download", args=["csv"]),
            reverse("download", args=["json"]),
            reverse("download", args=["xml"]),
            reverse("dictionary"),
            reverse("feed"),
            "/nowhere",
            f"{api}/persons",
            f"{api}/persons?status=held&per_page=200",
            f"{api}/persons?health=serious_illness&kind=colony&article=BY-CC+342",
            f"{api}/persons/nobody",
            f"{api}/events",
            f"{api}/events?type=search&from=2021-01-01&to=2021-12-31&per_page=200",
            f"{api}/facilities",
            f"{api}/facilities/nowhere",
            f"{api}/figures",
            f"{api}/figures?on=2021-06-01",
            f"{api}/figures?on=2021-03-15",
            f"{api}/figures/days",
            f"{api}/figures/series",
            f"{api}/count",
            f"{api}/openapi.json",
            f"{api}/docs",
        )
    )
    for i in range(len(SPECS)):
        yield reverse("person_page", args=[record_id(i)]), ""
        yield f"{api}/persons/{record_id(i)}", ""
        yield (
            f"{api}/events?type={quote_plus(markers(i)['event_id'])}",
            markers(i)["event_id"],
        )
        yield (
            f"{reverse('events')}?type={quote_plus(markers(i)['event_id'])}",
            markers(i)["event_id"],
        )
        for marker in markers(i).values():
            yield f"{people}?q={quote_plus(marker)}", marker
            yield f"{people}?region={quote_plus(marker)}", marker
            yield f"{people}?article={quote_plus(marker)}", marker
            yield reverse("facility_page", args=[slugify(marker)]), marker
            yield f"{api}/persons?q={quote_plus(marker)}", marker
            yield f"{api}/search?q={quote_plus(marker)}", marker


def test_no_public_answer_carries_a_hidden_marker_nor_touches_the_register(
    publication: Path,
) -> None:
    # Django's database access is blocked (see `publication`): every answer
    # below comes from the published file alone.
    with pytest.raises(RuntimeError, match="Database access not allowed"):
        Person.objects.count()
    client = Client(raise_request_exception=True)
    secret = hidden_markers()
    for url, echoed in urls():
        response = client.get(url)
        assert response.status_code in (200, 301, 400, 404), url
        text = body(response).decode()
        for echo in (echoed, quote(echoed), quote_plus(echoed), json.dumps(echoed)):
            if echo and echo != '""':
                text = text.replace(echo, "")
        leaked = [marker for marker in secret if marker in text]
        assert not leaked, (url, leaked)


def body(response: HttpResponseBase) -> bytes:
    """The whole body, also of a streamed download (closed after reading).

    Closing it sends `request_finished`, whose handler checks Django's
    database connections; the test client unhooks it the same way, and the
    register stays out of reach.
    """
    if not response.streaming:
        return response.content  # type: ignore[attr-defined, no-any-return]
    try:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    finally:
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)


def test_the_published_file_holds_no_hidden_marker_in_any_table(
    publication: Path,
) -> None:
    for path in (publication, *downloads(publication)):
        data = path.read_bytes()
        leaked = [m for m in hidden_markers() if m.encode() in data]
        assert not leaked, path
    with sqlite3.connect(publication) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master")]
        dump = "\n".join(db.iterdump())
    assert tables and not [m for m in hidden_markers() if m in dump]


def test_only_public_persons_are_rows_and_each_has_a_page(publication: Path) -> None:
    public = {record_id(i) for i, s in enumerate(SPECS) if s.visibility == "public"}
    with sqlite3.connect(publication) as db:
        rows = {r[0] for r in db.execute("SELECT record_id FROM persons")}
    assert rows == public
    client = Client()
    for i, spec in enumerate(SPECS):
        status = client.get(f"/api/v1/persons/{record_id(i)}").status_code
        assert status == (200 if spec.visibility == "public" else 404)


def test_anonymous_persons_are_counted_in_the_figures(publication: Path) -> None:
    figures = Client().get("/api/v1/figures").json()
    alive = sum(1 for i in range(len(SPECS)) if not died(i))
    counted = sum(1 for s in SPECS if s.visibility != "restricted")
    assert figures["count"] == alive >= counted - len(SPECS) // 4


def test_full_names_are_found_and_withheld_ones_are_not(publication: Path) -> None:
    client = Client()
    named = {
        record_id(i)
        for i, s in enumerate(SPECS)
        if s.visibility == "public" and s.name_disclosure == "full"
    }
    for i in range(len(SPECS)):
        found = client.get("/api/v1/persons", {"q": markers(i)["name"]}).json()
        ids = [item["record_id"] for item in found["items"]]
        assert set(ids) <= named
        if record_id(i) in named:
            assert ids[0] == record_id(i)


def test_the_shared_event_joins_named_persons_and_counts_anonymous_ones(
    publication: Path,
) -> None:
    named = {
        record_id(i)
        for i, s in enumerate(SPECS)
        if s.visibility == "public" and s.name_disclosure == "full"
    }
    anonymous = sum(1 for s in SPECS if s.visibility == "anonymous")
    page = Client().get(reverse("events"), {"type": "arrest"}).content.decode()
    shared = [
        item for item in page.split("<li>") if "persons who cannot be named:" in item
    ]
    assert len(shared) == 1
    linked = set(re.findall(r'href="[^"]*/persons/([^/"]+)/"', shared[0]))
    assert linked == named
    assert f"persons who cannot be named: {anonymous}" in shared[0]


def test_a_rollback_never_shows_whom_the_register_hides_now(
    tmp_path: Path, settings: Any
) -> None:
    """Every public person fully shown is made anonymous (their families
    asked) and published again: the rollback to the publication before is
    refused, and no public answer carries what the grades now hide. One
    shown more since a publication does not hold a rollback back."""
    from publish.publishing import current_file, rollback
    from registry.errors import UserError

    settings.ROLLCALL_PUBLIC_DIR = tmp_path / "public"
    import_register(tmp_path)
    publish()
    secret = hidden_markers()
    for i, spec in enumerate(SPECS):
        if (spec.visibility, spec.name_disclosure) == ("public", "full"):
            who = Person.objects.get(record_id=record_id(i))
            who.visibility = "anonymous"
            who.save()
            secret |= hidden(i, Spec("anonymous", *astuple(spec)[1:]))
    hidden_now = publish().path
    with pytest.raises(UserError, match="hidden further"):
        rollback()
    assert current_file() == hidden_now
    shown_more = Person.objects.get(record_id=record_id(len(SPECS) - 1))
    assert shown_more.visibility == "restricted"
    shown_more.visibility = "anonymous"
    shown_more.save()
    publish()
    assert rollback() == hidden_now
    client = Client(raise_request_exception=True)
    for url, echoed in urls():
        if echoed:  # (the searches for each marker: the other test's)
            continue
        text = body(client.get(url)).decode()
        leaked = [marker for marker in secret if marker in text]
        assert not leaked, (url, leaked)
