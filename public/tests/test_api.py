from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from public import api
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db
SCHEMAS = (
    api.PersonList,
    api.PersonItem,
    api.PersonOut,
    api.NameOut,
    api.DetentionOut,
    api.CaseOut,
    api.EventOut,
    api.SourceOut,
    api.FacilityList,
    api.FacilityOut,
    api.FiguresOut,
    api.CellOut,
    api.SeriesOut,
    api.SearchAnswer,
    api.SearchResult,
    api.CountAnswer,
    api.EventList,
    api.EventItem,
    api.ErrorOut,
    api.TooManyOut,
    api.InvalidOut,
    api.InvalidItem,
)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


@pytest.fixture
def register(tmp_path: Path, publish_now: Any) -> None:
    rows = [
        make_row(record_id="pub-1"),
        make_row(record_id="anon-1", name="Hanna Kalesnikava", visibility="anonymous"),
        make_row(
            record_id="restr-1",
            name="Maryia Kalesnikava-Restr",
            visibility="restricted",
        ),
    ]
    import_rows(tmp_path / "people.csv", rows)
    publish_now()


def test_search_finds_public_persons_by_any_spelling(
    client: Client, register: None
) -> None:
    response = client.get("/api/v1/search", {"q": "Колесникова Мария"})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "Колесникова Мария"
    assert [r["record_id"] for r in body["results"]] == ["pub-1"]
    assert set(body["results"][0]) == {"record_id", "name", "score", "matched"}


def test_search_never_answers_with_hidden_persons(
    client: Client, register: None
) -> None:
    for query in ("Hanna Kalesnikava", "Kalesnikava-Restr", "anon-1", "restr-1"):
        results = client.get("/api/v1/search", {"q": query}).json()["results"]
        assert all(r["record_id"] == "pub-1" for r in results), query


def test_a_small_count_with_hidden_persons_is_suppressed_and_names_nobody(
    client: Client, register: None
) -> None:
    body = client.get("/api/v1/count").json()
    assert body["count"] is None and body["on"] == date.today().isoformat()
    assert client.get("/api/v1/figures").json()["count_shown"] == "< 5"
    assert "Hanna" not in str(body)


@pytest.mark.parametrize(
    "params", [{"q": "x", "limit": "0"}, {"q": "x", "limit": "500"}, {"q": "x" * 501}]
)
def test_bad_search_parameters_are_422(client: Client, params: dict[str, str]) -> None:
    assert client.get("/api/v1/search", params).status_code == 422


def test_a_day_other_than_the_publication_day_is_400(
    client: Client, register: None
) -> None:
    assert client.get("/api/v1/count", {"on": "2022-01-01"}).status_code == 400


def test_figures_of_an_earlier_day_are_those_the_publication_holds(
    client: Client, register: None
) -> None:
    days = client.get("/api/v1/figures/days").json()["days"]
    assert days[-1] == date.today().isoformat() and len(days) > 1
    first = client.get("/api/v1/figures", {"on": days[0]})
    assert first.status_code == 200 and first.json()["on"] == days[0]
    assert set(first.json()["breakdowns"]) == set(
        client.get("/api/v1/figures").json()["breakdowns"]
    )
    assert "Hanna" not in first.content.decode()
    assert client.get("/api/v1/figures", {"on": "1999-01-02"}).status_code == 404


def test_a_bad_date_is_422(client: Client) -> None:
    assert client.get("/api/v1/count", {"on": "2021-02-30"}).status_code == 422


def test_the_site_search_page_shows_only_public_matches(
    client: Client, register: None
) -> None:
    page = client.get(reverse("person_list"), {"q": "Kalesnikava"}).content.decode()
    assert "Maryia Kalesnikava" in page
    assert "Hanna" not in page and "Restr" not in page


def documented_fields(schema: str) -> set[str]:
    """The fields in the table under `### <schema>` in docs/api.md."""
    section = DOCS.read_text().split(f"\n### {schema}\n", 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda schema: schema.__name__)
def test_every_api_schema_is_documented_field_for_field(schema: Any) -> None:
    fields = {f.alias or name for name, f in schema.model_fields.items()}
    assert fields == documented_fields(schema.__name__)


@pytest.fixture
def three(tmp_path: Path, publish_now: Any) -> None:
    rows = [
        make_row(record_id="a-1", name="Ales Bialiatski", name_be="", name_ru="",
                 sex="m", region="Minsk", detained_on="2021-07-14"),
        make_row(record_id="a-2", name="Maryia Kalesnikava", sex="f",
                 region="Minsk", detained_on="2020-09-07"),
        make_row(record_id="a-3", name="Ihar Losik", name_be="", name_ru="",
                 sex="m", region="Brest Region", detained_on="2020-06-25",
                 released_on="2025-02-12", release_reason="pardon"),
    ]  # fmt: skip
    import_rows(tmp_path / "people.csv", rows)
    publish_now()


def ids(client: Client, **params: Any) -> list[str]:
    body = client.get("/api/v1/persons", params).json()
    return [item["record_id"] for item in body["items"]]


def test_persons_are_sorted_by_surname_and_filtered(
    client: Client, three: None
) -> None:
    assert ids(client) == ["a-1", "a-2", "a-3"]  # Bialiatski, Kalesnikava, Losik
    assert ids(client, status="held") == ["a-1", "a-2"]
    assert ids(client, status="released") == ["a-3"]
    assert ids(client, region="Minsk", sex="m") == ["a-1"]
    assert ids(client, year=2020) == ["a-2", "a-3"]


def test_persons_are_paginated_with_the_count_of_all(
    client: Client, three: None
) -> None:
    body = client.get("/api/v1/persons", {"per_page": 2, "page": 2}).json()
    assert (body["count"], body["page"], body["per_page"]) == (3, 2, 2)
    assert [item["record_id"] for item in body["items"]] == ["a-3"]


def test_a_search_puts_the_best_match_first_and_keeps_the_filters(
    client: Client, three: None
) -> None:
    assert ids(client, q="Беляцкий Алесь")[0] == "a-1"
    assert ids(client, q="Беляцкий Алесь", status="released") == []


def test_a_person_has_their_facts_and_the_facility_its_address(
    client: Client, three: None
) -> None:
    body = client.get("/api/v1/persons/a-2").json()
    assert body["name"] == "Maryia Kalesnikava" and body["status"] == "held"
    assert {n["value"] for n in body["names"]} >= {"Мария Колесникова"}
    assert body["cases"][0]["articles"] == "BY-CC 357; BY-CC 361.3"
    assert body["detentions"][0]["facility"] == "Penal colony No. 4, Homel (women)"
    facilities = client.get("/api/v1/facilities").json()
    assert facilities["count"] == 1 and facilities["items"][0]["held_now"] == 2


def test_the_site_keeps_filters_in_the_url_and_links_each_person(
    client: Client, three: None
) -> None:
    page = client.get(
        reverse("person_list"), {"status": "held", "region": "Minsk"}
    ).content.decode()
    assert '<option value="held" selected>' in page
    assert (
        f'href="{reverse("person_page", args=["a-1"])}"' in page and "Losik" not in page
    )
    person = client.get(reverse("person_page", args=["a-3"])).content.decode()
    assert "Ihar Losik" in person and "released Feb. 12, 2025" in person
