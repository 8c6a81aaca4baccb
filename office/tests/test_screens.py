"""The office's screens as a documenter and an editor use them: the duplicates
queue and a pair's page, a merge's page and its Undo, the persons list, the
office's own frame and styles, publishing, and the audit of accounts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from office.testing import sign_in, staff
from registry import models as m
from registry.actions import pair_defer, person_merge
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db


def editor(client: Client) -> Client:
    return sign_in(client, staff("editor"))


def page_of(client: Client, url: str, **params: Any) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def pair_url(first: str = "a", second: str = "b") -> str:
    """A pair's page, by the record ids of its two persons."""
    persons = m.Person.objects.in_bulk([first, second], field_name="record_id")
    return reverse(
        "admin:registry_person_pair", args=[persons[first].pk, persons[second].pk]
    )


def test_the_queue_shows_names_facts_and_a_way_to_each_pair(
    client: Client, register: None
) -> None:
    sign_in(client, staff("documenter"))
    page = page_of(client, reverse("admin:registry_person_duplicates"))
    assert "Maryia Kalesnikava" in page and "Maria Kolesnikova" in page
    assert "1978" in page and "Homel" in page
    assert pair_url("a", "b") in page or pair_url("b", "a") in page
    assert "Only an editor decides" in page
    assert "Bialiatski" not in page  # not a candidate pair


def test_the_pair_page_puts_both_records_side_by_side_with_differences_marked(
    client: Client, register: None
) -> None:
    editor(client)
    page = page_of(client, pair_url(), score="0.93")
    for spelling in ("Maryia Kalesnikava", "Марыя Калеснікава", "Мария Колесникова"):
        assert spelling in page  # every spelling of record A
    assert "Maria Kolesnikova" in page
    assert "Homel" in page and "Minsk" in page
    assert "Penal colony No. 4" in page and "11 years" in page
    assert "https://example.org/another" in page
    assert "Viasna" in page
    place = re.search(r'<tr class="differs">\s*<th scope="row">Region', page)
    assert place, "the differing region is marked"
    assert '<li class="only-here">https://example.org/another</li>' in page
    # Three decisions, each with its own reason box and its own wording.
    assert page.count("<textarea") == 3
    for question in (
        "Why are they one person?",
        "Why are they different people?",
        "Why put the decision off",
    ):
        assert question in page
    assert 'value="a" required checked' in page and 'value="b"' in page


def test_a_decision_without_a_reason_is_refused_and_changes_nothing(
    client: Client, register: None
) -> None:
    editor(client)
    pair = {"first": "a", "second": "b", "reason": "  "}
    for name in ("merge", "distinct", "defer"):
        url = reverse(f"admin:registry_person_{name}")
        response = client.post(url, {**pair, "keep": "a"}, follow=True)
        assert response.redirect_chain[-1][0] == pair_url()
        assert "errornote" in response.content.decode() or response.context["messages"]
    assert m.Person.objects.filter(merged_into__isnull=False).count() == 0
    assert not m.NotDuplicate.objects.exists()
    assert not m.PairDeferral.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="pair.").exists()


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("defer", "Decision put off; the pair stays in the queue."),
        ("distinct", "Marked as different people."),
        ("merge", "a merged into b."),
    ],
)
def test_each_decision_says_what_it_did_and_goes_back_to_the_queue(
    client: Client, register: None, name: str, said: str
) -> None:
    editor(client)
    pair = {"first": "a", "second": "b", "keep": "b", "reason": "court papers"}
    url = reverse(f"admin:registry_person_{name}")
    response = client.post(url, pair, follow=True)
    assert response.redirect_chain == [
        (reverse("admin:registry_person_duplicates"), 302)
    ]
    assert [str(message) for message in response.context["messages"]] == [said]


def test_keep_must_be_one_of_the_two_records(client: Client, register: None) -> None:
    editor(client)
    client.post(
        reverse("admin:registry_person_merge"),
        {"first": "a", "second": "b", "keep": "c", "reason": "same"},
    )
    assert m.Person.objects.filter(merged_into__isnull=False).count() == 0


def test_a_deferred_pair_stays_in_the_queue_with_who_and_why(
    client: Client, register: None
) -> None:
    editor(client)
    response = client.post(
        reverse("admin:registry_person_defer"),
        {"first": "a", "second": "b", "reason": "waiting for the court papers"},
    )
    assert response["Location"] == reverse("admin:registry_person_duplicates")
    page = page_of(client, reverse("admin:registry_person_duplicates"))
    assert "put off by editor" in page and "waiting for the court papers" in page
    pair = page_of(client, pair_url())
    assert "Put off by editor" in pair
    entry = AuditEntry.objects.get(action="pair.defer")
    assert entry.details == {"first": "a", "second": "b"}
    assert entry.actor == "editor"


def merged(reason: str = "same person, same birth year") -> m.Merge:
    return person_merge(
        keep=m.Person.objects.get(record_id="a"),
        merge=m.Person.objects.get(record_id="b"),
        actor=User.objects.get(username="editor"),
        reason=reason,
        score=0.93,
    )


def test_a_merge_page_is_readable_and_has_no_save_buttons(
    client: Client, register: None
) -> None:
    editor(client)
    done = merged()
    page = page_of(client, reverse("admin:registry_merge_change", args=[done.pk]))
    assert "Maria Kolesnikova merged into Maryia Kalesnikava" in page
    assert "same person, same birth year" in page and "editor" in page
    assert "Penal colony No. 4" in page  # what moved, in words
    assert "registry.detention" not in page and '{"' not in page  # no raw JSON
    assert 'name="_save"' not in page and 'name="_continue"' not in page
    assert "Undo this merge" in page


def test_undo_on_the_merge_page_needs_a_reason_and_restores_both_records(
    client: Client, register: None
) -> None:
    editor(client)
    done = merged()
    moved = m.Detention.objects.filter(person__record_id="a").count()
    undo = reverse("admin:registry_merge_undo", args=[done.pk])
    response = client.post(undo, {"reason": ""}, follow=True)
    assert "Undoing a merge needs a reason" in response.content.decode()
    done.refresh_from_db()
    assert done.undone_at is None
    client.post(undo, {"reason": "a namesake from Homel"})
    done.refresh_from_db()
    assert done.undo_reason == "a namesake from Homel"
    assert m.Person.objects.get(record_id="b").merged_into is None
    assert m.Detention.objects.filter(person__record_id="a").count() == moved - 1
    assert AuditEntry.objects.filter(action="person.unmerge").count() == 1
    page = page_of(client, reverse("admin:registry_merge_change", args=[done.pk]))
    assert "Undone by editor" in page and "Undo this merge" not in page
    assert client.get(undo).status_code == 405


def test_the_persons_list_shows_and_filters_by_status(
    client: Client, register: None
) -> None:
    sign_in(client, staff("documenter"))
    m.Detention.objects.filter(person__record_id="c").update(end_on="2021-01-01")
    url = reverse("admin:registry_person_changelist")
    page = page_of(client, url)
    assert "column-person_status" in page
    assert ">held<" in page and ">released<" in page and ">deceased<" in page
    held = page_of(client, url, status="held")
    assert "Maryia Kalesnikava" in held and "Bialiatski" not in held
    assert "Ashurak" not in held  # died: deceased, not held
    released = page_of(client, url, status="released")
    assert "Bialiatski" in released and "Kalesnikava" not in released
    deceased = page_of(client, url, status="deceased")
    assert "Ashurak" in deceased and "Bialiatski" not in deceased


def test_the_persons_list_asks_as_many_queries_for_many_rows_as_for_few(
    client: Client, register: None, tmp_path: Path
) -> None:
    """The status column is read from the rows, not asked person by person."""
    sign_in(client, staff("documenter"))
    url = reverse("admin:registry_person_changelist")

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert ">held<" in page_of(client, url)
        return [query["sql"] for query in captured.captured_queries]

    few = queries()
    more = [
        make_row(record_id=f"more-{n}", name=f"Person {n}", name_be="", name_ru="")
        for n in range(10)
    ]
    import_rows(tmp_path / "more.csv", more)
    assert m.Person.objects.count() == 14
    assert len(queries()) == len(few)


def test_every_office_page_carries_the_offices_own_header_and_stylesheet(
    client: Client, register: None
) -> None:
    login = client.get(reverse("admin:login")).content.decode()
    assert "Rollcall back office" in login
    editor(client)
    person = m.Person.objects.get(record_id="a")
    done = merged()
    urls = [
        reverse("admin:index"),
        reverse("admin:registry_person_duplicates"),
        pair_url("c", "d"),
        reverse("admin:registry_person_change", args=[person.pk]),
        reverse("admin:registry_merge_change", args=[done.pk]),
        reverse("admin:office_publish"),
        reverse("admin:link_storedcopy_link"),
    ]
    for url in urls:
        page = page_of(client, url)
        assert "Django administration" not in page, url
        assert "Rollcall back office" in page, url
        assert "office/office.css" in page, url
    css = client.get("/static/office/office.css")
    assert css.status_code == 200
    assert b".inline-group .tabular" in b"".join(css.streaming_content)


def test_the_publish_page_says_what_was_published_and_when(
    client: Client, register: None, tmp_path: Path, settings: Any, monkeypatch: Any
) -> None:
    from publish.publishing import publish

    settings.ROLLCALL_PUBLIC_DIR = tmp_path / "public"
    monkeypatch.setattr("office.publishing.run_in_background", lambda work: work())
    editor(client)
    url = reverse("admin:office_publish")
    assert "Nothing is published yet" in page_of(client, url)
    assert "no previous publication" in page_of(client, url)
    first = publish(settings.ROLLCALL_PUBLIC_DIR)
    page = page_of(client, url)
    assert first.path.stem in page and "Persons" in page
    response = client.post(reverse("admin:office_publish_now"), {}, follow=True)
    assert "Tick the box" in response.content.decode()
    response = client.post(
        reverse("admin:office_publish_now"), {"confirm": "yes"}, follow=True
    )
    page = response.content.decode()
    assert "Done: public-" in page and "published by editor" in page
    assert f"The previous publication is {first.path.stem}" in page


def test_account_changes_in_the_office_are_audited(client: Client) -> None:
    sign_in(client, staff("administrator", "olga"))
    client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "ivan",
            "password1": "a long and unusual pass phrase",
            "password2": "a long and unusual pass phrase",
            "usable_password": "true",
        },
    )
    ivan = User.objects.get(username="ivan")
    added = AuditEntry.objects.get(action="office.add", target_type="auth.user")
    assert (added.actor, added.target_id) == ("olga", str(ivan.pk))
    change = reverse("admin:auth_user_change", args=[ivan.pk])
    form = client.get(change).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "groups", "user_permissions")
    }
    data.update(
        groups=[Group.objects.get(name="editor").pk],
        is_staff="on",
        is_active="on",
        last_login_0="",
        last_login_1="",
        date_joined_0="2026-01-01",
        date_joined_1="10:00:00",
    )
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    role = AuditEntry.objects.filter(action="office.change", target_type="auth.user")
    assert any(
        "Groups" in part.get("fields", [])
        for entry in role
        for part in entry.details["changes"]
    )
    response = client.post(
        reverse("admin:auth_user_password_change", args=[ivan.pk]),
        {
            "password1": "another long pass phrase here",
            "password2": "another long pass phrase here",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert role.all().count() == 2
    assert "pass phrase" not in str(list(AuditEntry.objects.values("details")))
    client.post(reverse("admin:auth_user_delete", args=[ivan.pk]), {"post": "yes"})
    assert not User.objects.filter(username="ivan").exists()
    deleted = AuditEntry.objects.get(action="office.delete", target_type="auth.user")
    assert deleted.target_id == str(ivan.pk)


def test_sign_out_everywhere_is_audited(client: Client) -> None:
    sign_in(client, staff("administrator", "olga"))
    ivan = staff("documenter", "ivan")
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "sign_out_everywhere", "_selected_action": [ivan.pk]},
    )
    entry = AuditEntry.objects.get(action="office.change", target_id=str(ivan.pk))
    assert entry.details == {"action": "sign_out_everywhere"}


def test_a_deferral_needs_a_reason_in_the_action_too(register: None) -> None:
    from registry.actions import ActionError

    a, b = m.Person.objects.get(record_id="a"), m.Person.objects.get(record_id="b")
    with pytest.raises(ActionError, match="needs a reason"):
        pair_defer(first=a, second=b, actor=None, reason=" ")
    with pytest.raises(ActionError, match="same person as itself"):
        pair_defer(first=a, second=a, actor=None, reason="x")


def test_one_publication_at_a_time_and_a_failure_is_said(
    client: Client, register: None, tmp_path: Path, settings: Any, monkeypatch: Any
) -> None:
    from office import publishing
    from registry.errors import UserError

    folder = settings.ROLLCALL_PUBLIC_DIR = tmp_path / "public"
    monkeypatch.setattr(publishing, "run_in_background", lambda work: work())
    editor(client)
    url = reverse("admin:office_publish")
    held = publishing.lock_take(folder)  # another worker is publishing
    assert held is not None
    publishing.status_write(folder, state="running", actor="olga", started_at="t0")
    try:
        response = client.get(url)
        assert response["Refresh"] == "5"
        assert "Being written: started by olga" in response.content.decode()
        response = client.post(
            reverse("admin:office_publish_now"), {"confirm": "yes"}, follow=True
        )
        assert "already being written" in response.content.decode()
        response = client.post(
            reverse("admin:office_publish_rollback"), {"confirm": "yes"}, follow=True
        )
        assert "wait for it" in response.content.decode()
    finally:
        publishing.lock_release(held)
    assert not list(folder.glob("public-*.sqlite3"))

    def broken(*args: Any, **kwargs: Any) -> None:
        raise UserError("cannot create var/public: No space left on device")

    monkeypatch.setattr(publishing, "publish", broken)
    response = client.post(
        reverse("admin:office_publish_now"), {"confirm": "yes"}, follow=True
    )
    page = response.content.decode()
    assert "Failed (started by editor" in page and "No space left" in page
    assert not AuditEntry.objects.filter(action="register.publish").exists()
    assert not publishing.running(folder)  # the lock was given back


def test_the_background_runner_runs_the_work_in_another_thread() -> None:
    import threading

    from office.publishing import run_in_background

    ran: list[str] = []
    thread = run_in_background(lambda: ran.append(threading.current_thread().name))
    thread.join(timeout=30)
    assert ran == ["office-publish"]


def test_record_ids_with_slashes_and_question_marks_work_in_the_queue(
    client: Client, register: None
) -> None:
    m.Person.objects.filter(record_id="b").update(record_id="viasna/12?x=1")
    editor(client)
    page = page_of(client, reverse("admin:registry_person_duplicates"))
    link = re.search(r'href="(/office/registry/person/duplicates/\d+/\d+/)', page)
    assert link is not None
    assert "viasna/12?x=1" in page_of(client, link.group(1))
    response = client.post(
        reverse("admin:registry_person_defer"),
        {"first": "a", "second": "viasna/12?x=1", "reason": ""},
    )
    assert response["Location"] == pair_url("a", "viasna/12?x=1")


def test_a_rollback_that_would_show_someone_hidden_since_is_refused_and_said(
    client: Client, register: None, tmp_path: Path, settings: Any
) -> None:
    from publish.publishing import current_file, publish

    folder = settings.ROLLCALL_PUBLIC_DIR = tmp_path / "public"
    first = publish(folder).path
    hidden = m.Person.objects.get(record_id="a")
    hidden.visibility = "anonymous"  # the family asked
    hidden.save()
    second = publish(folder).path
    editor(client)
    response = client.post(
        reverse("admin:office_publish_rollback"), {"confirm": "yes"}, follow=True
    )
    page = response.content.decode()
    assert f"publication, {first.name}, was made before 1 person(s) were" in page
    assert current_file(folder) == second
    assert not AuditEntry.objects.filter(action="register.publish_rollback").exists()
