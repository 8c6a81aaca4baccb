from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from public import api
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


@pytest.fixture
def register(tmp_path: Path) -> None:
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


def test_count_includes_anonymous_persons_but_names_nobody(
    client: Client, register: None
) -> None:
    body = client.get("/api/v1/count", {"on": "2022-01-01"}).json()
    assert body["count"] == 3 and body["on"] == "2022-01-01"
    assert "Hanna" not in str(body)


@pytest.mark.parametrize(
    "params", [{"q": "x", "limit": "0"}, {"q": "x", "limit": "500"}, {"q": "x" * 501}]
)
def test_bad_search_parameters_are_422(client: Client, params: dict[str, str]) -> None:
    assert client.get("/api/v1/search", params).status_code == 422


def test_a_bad_date_is_422(client: Client) -> None:
    assert client.get("/api/v1/count", {"on": "2021-02-30"}).status_code == 422


def test_the_site_search_page_shows_only_public_matches(
    client: Client, register: None
) -> None:
    page = client.get("/", {"q": "Kalesnikava"}).content.decode()
    assert "Maryia Kalesnikava" in page
    assert "Hanna" not in page and "Restr" not in page


def test_every_api_field_is_documented() -> None:
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", DOCS.read_text(), re.M))
    fields = set()
    for schema in (api.SearchAnswer, api.SearchResult, api.CountAnswer):
        fields |= set(schema.model_fields)
    assert fields <= documented, fields - documented
