"""The workflow's office pages: who may do what, a stale save refused with
the other's change shown, two real concurrent saves, revert."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditAction, AuditEntry
from office.testing import change_form_data, sign_in, staff
from registry import models as m
from registry.tests.builders import import_rows, make_row, write_csv
from review.models import PersonVersion, ReviewState
from review.queries import state_of

pytestmark = pytest.mark.django_db
ROLES = [None, "documenter", "editor", "analyst", "administrator"]


@pytest.fixture
def person(tmp_path: Path) -> m.Person:
    import_rows(tmp_path / "p.csv", [make_row()])
    return m.Person.objects.get()


def as_role(client: Client, role: str | None) -> Client:
    if role is not None:
        sign_in(client, staff(role))
    return client


def refused(response: Any, role: str | None) -> bool:
    if role is None:
        return response.status_code == 302 and "/login/" in response["Location"]
    return response.status_code == 403


def url(name: str, person: m.Person | None = None) -> str:
    args = [person.pk] if person is not None else []
    return reverse(f"admin:registry_person_{name}", args=args)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_queue_review_and_versions_pages(
    client: Client, person: m.Person, role: str | None
) -> None:
    as_role(client, role)
    for page in (url("queue"), url("review", person), url("versions", person)):
        response = client.get(page)
        if role is None:
            assert refused(response, role), page
        else:
            assert response.status_code == 200, page
            assert "Kalesnikava" in response.content.decode()


# Who may make each decision, and what it leaves behind when allowed.
DECISIONS = {
    "submit": ({"documenter", "editor", "administrator"}, ReviewState.SUBMITTED),
    "approve": ({"editor", "administrator"}, ReviewState.APPROVED),
    "send_back": ({"editor", "administrator"}, ReviewState.SENT_BACK),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("decision", sorted(DECISIONS))
def test_each_decision_is_open_only_to_its_roles(
    client: Client, person: m.Person, role: str | None, decision: str
) -> None:
    allowed, state = DECISIONS[decision]
    as_role(client, role)
    data = {"version": person.version, "reason": "checked against the ruling"}
    response = client.post(url(decision, person), data)
    if role in allowed:
        assert response.status_code == 302
        assert state_of(person) == state
    else:
        assert refused(response, role)
        assert state_of(person) == ReviewState.DRAFT


@pytest.mark.parametrize("decision", ["approve", "send_back"])
def test_a_decision_without_a_reason_changes_nothing(
    client: Client, person: m.Person, decision: str
) -> None:
    as_role(client, "editor")
    response = client.post(url(decision, person), {"version": person.version})
    assert response.status_code == 302
    assert state_of(person) == ReviewState.DRAFT
    assert "needs a reason" in client.get(url("review", person)).content.decode()


def test_the_review_page_shows_the_change_against_the_published_version(
    client: Client, person: m.Person, tmp_path: Path
) -> None:
    as_role(client, "editor")
    client.post(url("approve", person), {"version": 1, "reason": "sources checked"})
    import_rows(tmp_path / "q.csv", [make_row(locality="Homel")])
    page = client.get(url("review", person)).content.decode()
    assert "<del>Minsk</del>" in page and "<ins>Homel</ins>" in page
    assert [p.pk for p in m.Person.objects.filter(pk=person.pk)] == [person.pk]
    queue = client.get(url("queue")).content.decode()
    assert "t-0001" in queue


def test_a_second_save_from_the_same_version_is_refused_and_shows_the_first(
    person: m.Person,
) -> None:
    first, second = Client(), Client()
    sign_in(first, staff("documenter", "first"))
    sign_in(second, staff("editor", "second"))
    change = url("change", person)
    one, two = change_form_data(first.get(change)), change_form_data(second.get(change))
    one.update(locality="Homel", change_reason="letter from the family")
    two.update(locality="Brest", change_reason="court record")
    assert first.post(change, one).status_code == 302
    refusal = second.post(change, two)
    assert refusal.status_code == 409
    page = refusal.content.decode()
    assert "<del>Minsk</del>" in page and "<ins>Homel</ins>" in page
    person.refresh_from_db()
    assert (person.locality, person.version) == ("Homel", 2)
    assert person.history.latest().history_change_reason == "letter from the family"


def test_a_fact_changed_on_its_own_page_makes_the_persons_form_stale(
    person: m.Person,
) -> None:
    client = Client()
    sign_in(client, staff("editor"))
    change = url("change", person)
    opened = change_form_data(client.get(change))
    detention = m.Detention.objects.get(person=person)
    fact = reverse("admin:registry_detention_change", args=[detention.pk])
    data = change_form_data(client.get(fact))
    data.update(change_reason="the colony's number was wrong")
    assert client.post(fact, data).status_code == 302
    opened.update(locality="Brest", change_reason="court record")
    assert client.post(change, opened).status_code == 409


def test_revert_from_the_versions_page_is_a_recorded_draft(
    client: Client, person: m.Person
) -> None:
    as_role(client, "editor")
    change = url("change", person)
    data = change_form_data(client.get(change))
    data.update(locality="Homel", change_reason="letter")
    assert client.post(change, data).status_code == 302
    versions = client.get(url("versions", person)).content.decode()
    assert "Revert to version 1" in versions
    response = client.post(
        url("revert", person), {"version": 2, "to": 1, "reason": "letter was forged"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.locality, person.version) == ("Minsk", 3)
    kept = PersonVersion.objects.get(person=person, number=3)
    assert kept.reason == "revert to version 1: letter was forged"
    assert AuditEntry.objects.filter(action=AuditAction.PERSON_REVERT).count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_revert_is_for_those_who_edit(
    client: Client, person: m.Person, role: str | None
) -> None:
    client.get("/")  # a session for anonymous too
    PersonVersion.objects.create(person=person, number=1, record={})
    as_role(client, role)
    response = client.post(url("revert", person), {"version": 1, "to": 1})
    if role in ("documenter", "editor", "administrator"):
        assert response.status_code == 302  # the missing reason is said there
    else:
        assert refused(response, role)


WRITER = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.db import transaction
from registry.actions import StaleVersion, person_version_claim
from registry.history import attribute
from registry.models import Person
person = Person.objects.get(record_id="t-0001")  # the form opened at version 1
person.locality = sys.argv[1]
try:
    with transaction.atomic():
        person.version = person_version_claim(person_id=person.pk, expected=1)
        attribute(person, actor=None, reason=sys.argv[1])
        person.save()
except StaleVersion:
    print("refused")
else:
    print("saved")
"""
CHECK = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from registry.models import Person
person = Person.objects.get(record_id="t-0001")
print(person.locality, person.version, person.history.count())
"""


def test_two_concurrent_saves_one_wins_the_other_is_refused(
    fresh_database: Callable[[str], dict[str, str]], tmp_path: Path
) -> None:
    env = fresh_database("editors")
    rollcall = [sys.executable, "-m", "rollcall"]
    csv = write_csv(tmp_path / "one.csv", [make_row()])
    subprocess.run([*rollcall, "init"], env=env, check=True, capture_output=True)
    subprocess.run(
        [*rollcall, "import", str(csv), "--quiet"],
        env=env,
        check=True,
        capture_output=True,
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, place],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for place in ("Homel", "Brest")
    ]
    outcomes = {}
    for place, writer in zip(("Homel", "Brest"), writers, strict=True):
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        outcomes[place] = out.strip()
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(place for place, said in outcomes.items() if said == "saved")
    state = subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True
    )
    # One import row, one saved change: nothing overwritten, nothing lost.
    assert state.stdout.split() == [winner, "2", "2"]


def test_a_record_sent_back_shows_the_editors_comment_to_the_documenter(
    person: m.Person,
) -> None:
    editor, documenter = Client(), Client()
    sign_in(editor, staff("editor"))
    sign_in(documenter, staff("documenter"))
    comment = {"version": 1, "reason": "cite the court ruling"}
    assert editor.post(url("send_back", person), comment).status_code == 302
    page = documenter.get(url("review", person)).content.decode()
    assert "cite the court ruling" in page
    assert 'action="{}"'.format(url("approve", person)) not in page
