from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client

from office.testing import change_form_data, sign_in
from registry import models as m
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client: Client, tmp_path: Path) -> Client:
    import_rows(tmp_path / "p.csv", [make_row()])
    sign_in(client, User.objects.create_superuser("admin", password="x"))
    return client


def registry_models() -> list[type]:
    return [
        model for model in admin.site._registry if model._meta.app_label == "registry"
    ]


@pytest.mark.parametrize("model", registry_models(), ids=lambda model: model.__name__)
def test_every_model_has_working_office_pages(office: Client, model: type) -> None:
    name = f"/office/registry/{model._meta.model_name}/"
    assert office.get(name).status_code == 200
    assert office.get(name, {"q": "Kalesnikava"}).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        assert office.get(f"{name}{obj.pk}/change/").status_code == 200
        assert office.get(f"{name}{obj.pk}/history/").status_code == 200


@pytest.mark.parametrize("model", registry_models(), ids=lambda model: model.__name__)
def test_a_history_page_of_no_row_is_not_found(office: Client, model: type) -> None:
    """Addresses typed or cut wrong: no key, or no version's key (they
    were server errors). Not found, or Django's way for a missing row: back
    to the office's start, saying so."""
    name = f"/office/registry/{model._meta.model_name}/"
    obj = model.objects.first()
    real = obj.pk if obj is not None else 1
    for address in (
        f"{name}abc/history/",
        f"{name}%00/history/",
        f"{name}{real}/change/history/abc/",
        f"{name}abc/history/1/",
        f"{name}{real}/history/abc/",
        f"{name}-1/history/",
        f"{name}99999999999999999999/history/",  # past the database's range
    ):
        assert office.get(address).status_code in (302, 404), address
        # (a version's form sent back: only the person's page sends it away)
        assert office.post(address).status_code in (302, 404), address


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda model: model._meta.label
)
def test_a_list_filtered_past_the_databases_range_shows_the_whole_list(
    office: Client, model: type
) -> None:
    """Every office list, its libraries' included: an address filtering by
    a number SQLite cannot hold (it was a server error there) goes back to
    the whole list, as for any filter Django cannot apply; PostgreSQL finds
    nothing, or the same."""
    name = f"/office/{model._meta.app_label}/{model._meta.model_name}/"
    for query in ({"id__in": "99999999999999999999"}, {"id": "-99999999999999999999"}):
        response = office.get(name, query, follow=True)
        assert response.status_code == 200, query


@pytest.mark.parametrize("facility", ["x", "99999999999999999999"])
def test_a_form_sent_back_with_no_key_in_a_searched_field_says_so(
    office: Client, facility: str
) -> None:
    """A facility chosen by search (an autocomplete field) sent back as no
    facility's key: the form is shown again with the error (it was a server
    error), on the fact's page and in the person's table of facts."""
    stay = m.Detention.objects.get()
    url = f"/office/registry/detention/{stay.pk}/change/"
    data = {**change_form_data(office.get(url)), "change_reason": "a typo"}
    response = office.post(url, {**data, "facility": facility})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    person = stay.person
    url = f"/office/registry/person/{person.pk}/change/"
    data = {**change_form_data(office.get(url)), "change_reason": "a typo"}
    response = office.post(url, {**data, "detentions-0-facility": facility})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert m.Detention.objects.get().facility_id == stay.facility_id


def test_the_person_page_shows_every_kind_of_fact_together(office: Client) -> None:
    person = m.Person.objects.get()
    page = office.get(f"/office/registry/person/{person.pk}/change/").content.decode()
    for heading in (
        "Name variants",
        "Detentions",
        "Recognitions",
        "Cases",
        "Health notes",
        "Citations",
    ):
        assert heading in page, heading


# A field of an inline's row (names-0-value), not a hidden one.
ROW_FIELD = re.compile(
    r'<(?:input|select|textarea)\b(?![^>]*type="hidden")[^>]*name="[a-z_-]+-\d+-[^"]+"[^>]*>'
)


@pytest.mark.parametrize("language", ["en", "be"])
def test_every_field_of_the_persons_inline_tables_is_named_for_a_screen_reader(
    office: Client, language: str
) -> None:
    person = m.Person.objects.get()
    page = office.get(
        f"/office/registry/person/{person.pk}/change/",
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    fields = ROW_FIELD.findall(page)
    assert len(fields) > 20
    assert [field for field in fields if "aria-label=" not in field] == []
    facility = next(f for f in fields if 'name="detentions-0-facility"' in f)
    deleted = next(f for f in fields if 'name="detentions-0-DELETE"' in f)
    if language == "be":
        assert 'aria-label="Установа"' in facility and "Выдаліць" in deleted
    else:
        assert 'aria-label="Facility"' in facility and "Delete" in deleted


def test_an_edit_in_the_office_is_kept_with_its_author_and_reason(
    office: Client,
) -> None:
    person = m.Person.objects.get()
    url = f"/office/registry/person/{person.pk}/change/"
    data = change_form_data(office.get(url))
    data.update(locality="Homel", change_reason="letter from the family")
    response = office.post(url, data)
    assert response.status_code == 302
    latest = person.history.latest()
    assert latest.locality == "Homel"
    assert latest.history_user.username == "admin"
    assert latest.history_change_reason == "letter from the family"


def test_an_office_edit_without_a_reason_is_refused(office: Client) -> None:
    person = m.Person.objects.get()
    url = f"/office/registry/person/{person.pk}/change/"
    data = change_form_data(office.get(url))
    data.update(visibility="restricted", change_reason="")
    response = office.post(url, data)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    person.refresh_from_db()
    assert person.visibility == "public"
