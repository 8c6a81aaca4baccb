from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from office.testing import sign_in
from registry import models as m

pytestmark = pytest.mark.django_db
QUEUE = "/office/registry/person/duplicates/"
MERGE = "/office/registry/person/duplicates/merge/"
DISTINCT = "/office/registry/person/duplicates/distinct/"


def user(name: str, *perms: str) -> User:
    person = User.objects.create_user(name, password="x", is_staff=bool(perms))
    for perm in perms:
        person.user_permissions.add(Permission.objects.get(codename=perm))
    return person


@pytest.mark.parametrize(
    ("who", "queue", "merge"),
    [
        (None, 302, 302),  # anonymous: to the login page
        ("outsider", 302, 302),  # not staff: to the login page
        ("reader", 200, 403),  # may look, may not merge
        ("editor", 200, 302),  # merges, then back to the queue
    ],
)
def test_duplicate_queue_permissions(
    client: Client, register: None, who: str | None, queue: int, merge: int
) -> None:
    perms = {
        "outsider": (),
        "reader": ("view_person",),
        "editor": ("view_person", "merge_person"),
    }
    if who:
        sign_in(client, user(who, *perms[who]))
    response = client.get(QUEUE)
    assert response.status_code == queue
    if queue == 200:
        page = response.content.decode()
        assert "Maryia Kalesnikava" in page and "Maria Kolesnikova" in page
        persons = m.Person.objects.in_bulk(["a", "b"], field_name="record_id")
        pair_page = f"{QUEUE}{persons['a'].pk}/{persons['b'].pk}/"
        pair = client.get(pair_page).content.decode()
        assert ('name="keep"' in pair) == (who == "editor")  # only editors get forms
    response = client.post(
        MERGE, {"first": "a", "second": "b", "keep": "a", "reason": "same person"}
    )
    assert response.status_code == merge
    merged = m.Person.objects.get(record_id="b").merged_into
    assert (merged is not None) == (who == "editor")


def test_marking_a_pair_distinct_takes_it_off_the_queue(
    client: Client, register: None
) -> None:
    sign_in(client, user("editor", "view_person", "merge_person"))
    assert "Compare and decide" in client.get(QUEUE).content.decode()
    client.post(DISTINCT, {"first": "a", "second": "b", "reason": "other parents"})
    assert "Compare and decide" not in client.get(QUEUE).content.decode()
    assert m.NotDuplicate.objects.count() == 1


def test_the_office_search_finds_other_spellings(
    client: Client, register: None
) -> None:
    sign_in(client, User.objects.create_superuser("admin", password="x"))
    page = client.get("/office/registry/person/", {"q": "Колесникова"}).content.decode()
    assert "/office/registry/person/" in page and "Kolesnikova" in page
