"""A fact edited on its own page (a detention, an event) by two people at once:
the second save is refused with the first one's change shown, and nothing is
overwritten; the same for the same fact in two stale person's forms."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from office.testing import change_form_data, sign_in, staff
from registry import models as m
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tmp_path: Path) -> m.Person:
    import_rows(tmp_path / "p.csv", [make_row()])
    return m.Person.objects.get()


@pytest.fixture
def two() -> tuple[Client, Client]:
    first, second = Client(), Client()
    sign_in(first, staff("documenter", "first"))
    sign_in(second, staff("editor", "second"))
    return first, second


def detention_page(person: m.Person) -> str:
    detention = m.Detention.objects.get(person=person)
    return reverse("admin:registry_detention_change", args=[detention.pk])


def person_page(person: m.Person) -> str:
    return reverse("admin:registry_person_change", args=[person.pk])


def ends(data: dict[str, Any], day: str, reason: str) -> dict[str, Any]:
    return {**data, "end_on": day, "release_reason": "", "change_reason": reason}


def test_a_second_save_of_the_same_detention_is_refused_and_shows_the_first(
    person: m.Person, two: tuple[Client, Client]
) -> None:
    first, second = two
    page = detention_page(person)
    one, other = change_form_data(first.get(page)), change_form_data(second.get(page))
    assert one["person_version"] == other["person_version"] == 1
    saved = first.post(page, ends(one, "2024-03-01", "released, says the family"))
    assert saved.status_code == 302
    refusal = second.post(page, ends(other, "2024-05-09", "court record"))
    assert refusal.status_code == 409
    html = refusal.content.decode()
    assert "2024-03-01" in html and "<ins>" in html
    assert f'<a href="{page}">' in html
    detention = m.Detention.objects.get(person=person)
    assert detention.end_on == datetime.date(2024, 3, 1)
    assert detention.history.latest().history_change_reason == (
        "released, says the family"
    )
    person.refresh_from_db()
    assert person.version == 2


def test_a_detentions_page_opened_before_a_save_of_the_persons_form_is_stale(
    person: m.Person, two: tuple[Client, Client]
) -> None:
    first, second = two
    fact = change_form_data(second.get(detention_page(person)))
    form = change_form_data(first.get(person_page(person)))
    form.update(locality="Homel", change_reason="letter from the family")
    assert first.post(person_page(person), form).status_code == 302
    refusal = second.post(detention_page(person), ends(fact, "2024-05-09", "court"))
    assert refusal.status_code == 409
    assert "<ins>Homel</ins>" in refusal.content.decode()
    assert m.Detention.objects.get(person=person).end_on is None


def test_a_fact_saved_without_the_version_it_was_opened_at_is_refused(
    person: m.Person, two: tuple[Client, Client]
) -> None:
    first, _ = two
    data = change_form_data(first.get(detention_page(person)))
    del data["person_version"]
    assert (
        first.post(detention_page(person), ends(data, "2024-05-09", "x")).status_code
        == 409
    )
    assert m.Detention.objects.get(person=person).end_on is None


def test_a_fact_saved_on_its_own_page_is_a_kept_version_of_its_person(
    person: m.Person, two: tuple[Client, Client]
) -> None:
    first, _ = two
    data = change_form_data(first.get(detention_page(person)))
    first.post(detention_page(person), ends(data, "2024-03-01", "released"))
    person.refresh_from_db()
    kept = person.versions.get(number=person.version)
    assert kept.record["detentions"][0]["end"] == "2024-03-01"
    assert kept.reason == "released"


def test_the_same_detention_in_two_stale_persons_forms_is_not_overwritten(
    person: m.Person, two: tuple[Client, Client]
) -> None:
    first, second = two
    page = person_page(person)
    one, other = change_form_data(first.get(page)), change_form_data(second.get(page))
    # The detention is the first of the form's detentions (still open).
    assert one["detentions-0-id"] == m.Detention.objects.get(person=person).pk
    field = "detentions-0-end_on"
    one.update({field: "2024-03-01", "change_reason": "released, says the family"})
    other.update({field: "2024-05-09", "change_reason": "court record"})
    assert first.post(page, one).status_code == 302
    assert second.post(page, other).status_code == 409
    detention = m.Detention.objects.get(person=person)
    assert detention.end_on == datetime.date(2024, 3, 1)


@pytest.fixture
def event(person: m.Person, tmp_path: Path) -> m.Event:
    import_rows(
        tmp_path / "q.csv",
        [make_row(record_id="t-0002", name="Ihar Losik", birth_date="1992-09-01")],
    )
    kind, _ = m.EventType.objects.get_or_create(
        code="search", defaults={"label": "search"}
    )
    event = m.Event.objects.create(type=kind, place="Minsk")
    for each in m.Person.objects.all():
        m.EventPerson.objects.create(event=event, person=each)
    return event


def test_a_second_save_of_the_same_event_is_refused_and_nothing_overwritten(
    event: m.Event, two: tuple[Client, Client]
) -> None:
    first, second = two
    page = reverse("admin:registry_event_change", args=[event.pk])
    one, other = change_form_data(first.get(page)), change_form_data(second.get(page))
    one.update(place="Homel", change_reason="the family's account")
    other.update(place="Brest", change_reason="a news report")
    assert first.post(page, one).status_code == 302
    refusal = second.post(page, other)
    assert refusal.status_code == 409
    assert "Homel" in refusal.content.decode()
    event.refresh_from_db()
    assert event.place == "Homel"
    # The event is in the records of both its persons: a new version of each.
    assert sorted(m.Person.objects.values_list("version", flat=True)) == [2, 2]


def test_an_events_page_opened_before_a_person_was_linked_to_it_is_stale(
    event: m.Event, person: m.Person, two: tuple[Client, Client], tmp_path: Path
) -> None:
    first, _ = two
    page = reverse("admin:registry_event_change", args=[event.pk])
    opened = change_form_data(first.get(page))
    import_rows(
        tmp_path / "r.csv",
        [make_row(record_id="t-0003", name="Ales Bialiatski", birth_date="1962")],
    )
    m.EventPerson.objects.create(
        event=event, person=m.Person.objects.get(record_id="t-0003")
    )
    opened.update(place="Brest", change_reason="a news report")
    assert first.post(page, opened).status_code == 409
    event.refresh_from_db()
    assert event.place == "Minsk"
