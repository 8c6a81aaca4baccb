from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(tmp_path: Path) -> None:
    rows = [
        make_row(record_id="pub-1", name="Maryia Kalesnikava"),
        make_row(
            record_id="pub-2",
            name="Ihar Losik",
            locality="Baranavichy",
            region="Brest Region",
        ),
        make_row(record_id="init-1", name="Aliaksandr Aaronau"),
        make_row(record_id="anon-1", name="Hanna Secretava", visibility="anonymous"),
        make_row(record_id="restr-1", name="Pavel Restrictau", visibility="restricted"),
    ]
    import_rows(tmp_path / "people.csv", rows)
    from registry.models import Person

    Person.objects.filter(record_id="init-1").update(name_disclosure="initials")
    Person.objects.filter(record_id="pub-2").update(place_disclosure="region")


def test_the_public_list_shows_only_public_persons_as_disclosed(
    client: Client, register: None, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Maryia Kalesnikava" in page and "Ihar Losik" in page
    assert "A. A." in page and "Aaronau" not in page
    assert "Brest Region" in page and "Baranavichy" not in page
    assert "Secretava" not in page and "Restrictau" not in page


def test_persons_not_named_in_full_are_not_placed_among_the_names(
    client: Client, register: None
) -> None:
    page = client.get("/").content.decode()
    # By name, "Aliaksandr Aaronau" would come first and give away its initial.
    assert page.index("Maryia Kalesnikava") < page.index("A. A.")
    assert page.index("Ihar Losik") < page.index("A. A.")


def test_the_public_list_sends_security_headers(client: Client) -> None:
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_office_needs_a_login(client: Client) -> None:
    response = client.get("/office/registry/person/")
    assert response.status_code == 302
    assert "/office/login/" in response["Location"]


def test_the_public_list_refuses_writes(client: Client) -> None:
    assert client.post("/").status_code == 405
