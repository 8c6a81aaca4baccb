"""Every office URL tried as anonymous and as each role: only what the role
allows succeeds, by status code and by what is in the database afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from office.testing import change_form_data, form_data, sign_in, staff
from registry import models as m

pytestmark = pytest.mark.django_db
ROLES = [None, "documenter", "editor", "analyst", "administrator"]
QUEUE = "/office/registry/person/duplicates/"
MERGE = "/office/registry/person/duplicates/merge/"
DISTINCT = "/office/registry/person/duplicates/distinct/"
LINK = "/office/link/storedcopy/link/"
ACCEPT = "/office/link/storedcopy/link/accept/"
LOGIN = "/office/login/?next="


def pair_page() -> str:
    """The page of the pair a, b (the fixture's one person entered twice)."""
    persons = m.Person.objects.in_bulk(["a", "b"], field_name="record_id")
    return reverse(
        "admin:registry_person_pair", args=[persons["a"].pk, persons["b"].pk]
    )


def as_role(client: Client, role: str | None) -> Client:
    if role is not None:
        sign_in(client, staff(role))
    return client


def refused(response: Any, role: str | None) -> bool:
    """Anonymous is sent to sign in; a signed-in role without the right, 403."""
    if role is None:
        return response.status_code == 302 and response["Location"].startswith(LOGIN)
    return response.status_code == 403


def office_models() -> list[type]:
    return [
        model
        for model in admin.site._registry
        if model._meta.app_label in ("registry", "link")
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_every_list_and_record_and_anonymous_nothing(
    client: Client, register: None, role: str | None
) -> None:
    as_role(client, role)
    urls = [
        "/office/",
        QUEUE,
        LINK,
        pair_page(),
    ]
    for model in office_models():
        base = f"/office/{model._meta.app_label}/{model._meta.model_name}/"
        urls.append(base)
        first = model.objects.first()
        if first is not None:
            urls += [f"{base}{first.pk}/change/", f"{base}{first.pk}/history/"]
    for url in urls:
        response = client.get(url)
        if role is None:
            assert refused(response, role), url
        else:
            assert response.status_code == 200, (url, response.status_code)


# Who may open the pages that make something new, or manage accounts.
ADD_PAGES = {
    "/office/registry/person/add/": {"documenter", "editor", "administrator"},
    "/office/registry/detention/add/": {"documenter", "editor", "administrator"},
    # "Different people" is decided on a pair's page, with a reason.
    "/office/registry/notduplicate/add/": set(),
    "/office/auth/user/": {"administrator"},
    "/office/auth/group/": {"administrator"},
    "/office/axes/accessattempt/": {"administrator"},
    "/office/otp_totp/totpdevice/": {"administrator"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", sorted(ADD_PAGES))
def test_pages_that_add_or_manage_accounts_open_only_to_their_roles(
    client: Client, register: None, role: str | None, url: str
) -> None:
    response = as_role(client, role).get(url)
    if role in ADD_PAGES[url]:
        assert response.status_code == 200
    else:
        assert refused(response, role)


def person_form(client: Client, record_id: str) -> tuple[str, dict[str, Any]]:
    person = m.Person.objects.get(record_id=record_id)
    url = f"/office/registry/person/{person.pk}/change/"
    return url, change_form_data(client.get(url))


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_record_is_for_documenters_editors_and_administrators(
    client: Client, register: None, role: str | None
) -> None:
    as_role(client, role)
    person = m.Person.objects.get(record_id="a")
    url = f"/office/registry/person/{person.pk}/change/"
    data = change_form_data(client.get(url)) if role else {}
    data.update(locality="Homel", change_reason="letter from the family")
    response = client.post(url, data)
    person.refresh_from_db()
    if role in ("documenter", "editor", "administrator"):
        assert response.status_code == 302
        assert person.locality == "Homel"
    else:
        assert refused(response, role)
        assert person.locality == "Minsk"


@pytest.mark.parametrize("role", ["documenter", "editor", "administrator"])
def test_visibility_and_disclosure_are_an_editors_decision(
    client: Client, register: None, role: str
) -> None:
    as_role(client, role)
    url, data = person_form(client, "b")
    page = client.get(url).content.decode()
    assert ('name="visibility"' in page) == (role != "documenter")
    data.update(
        visibility="public",
        name_disclosure="initials",
        place_disclosure="none",
        change_reason="the family agreed",
    )
    assert client.post(url, data).status_code == 302
    person = m.Person.objects.get(record_id="b")
    if role == "documenter":
        assert (person.visibility, person.name_disclosure) == ("restricted", "full")
    else:
        assert (person.visibility, person.name_disclosure) == ("public", "initials")


def test_a_documenters_new_record_is_restricted_whatever_the_form_says(
    client: Client, register: None
) -> None:
    as_role(client, "documenter")
    url = "/office/registry/person/add/"
    data = change_form_data(client.get(url))
    data.update(
        record_id="new-1",
        display_name="Ivan Ivanau",
        visibility="public",
        change_reason="new case",
    )
    assert client.post(url, data).status_code == 302
    assert m.Person.objects.get(record_id="new-1").visibility == "restricted"


def test_a_documenter_cannot_make_a_record_public_by_reverting_its_history(
    client: Client, register: None
) -> None:
    person = m.Person.objects.get(record_id="b")
    old_version = person.history.earliest()
    old_version.visibility = "public"
    old_version.save()
    as_role(client, "documenter")
    url = f"/office/registry/person/{person.pk}/history/{old_version.history_id}/"
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.context["adminform"].form)
    data.update(change_reason="revert")
    # A revert of one row is closed: it is made from the Versions page.
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{person.pk}/versions/")
    assert m.Person.objects.get(record_id="b").visibility == "restricted"


def audited(*actions: str) -> list[str]:
    """The audit log's actions among `actions`, oldest first."""
    return list(
        AuditEntry.objects.filter(action__in=actions).values_list("action", flat=True)
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_pair_page_opens_to_every_role_and_its_forms_only_to_editors(
    client: Client, register: None, role: str | None
) -> None:
    as_role(client, role)
    response = client.get(pair_page())
    if role is None:
        assert refused(response, role)
        return
    assert response.status_code == 200
    page = response.content.decode()
    allowed = role in ("editor", "administrator")
    assert ('name="keep"' in page) == allowed
    assert page.count('name="reason"') == (3 if allowed else 0)


@pytest.mark.parametrize("role", ROLES)
def test_deciding_on_a_pair_is_for_editors_and_each_decision_is_audited(
    client: Client, register: None, role: str | None
) -> None:
    as_role(client, role)
    allowed = role in ("editor", "administrator")
    pair = {"first": "a", "second": "b"}
    response = client.post(DISTINCT, {**pair, "reason": "different birth places"})
    assert (response.status_code == 302 and not refused(response, role)) == allowed
    decision = m.NotDuplicate.objects.first()
    assert (decision is not None) == allowed
    if decision is not None:
        assert decision.reason == "different birth places"
    m.NotDuplicate.objects.all().delete()
    response = client.post(
        reverse("admin:registry_person_defer"), {**pair, "reason": "ask Viasna"}
    )
    assert refused(response, role) != allowed
    assert list(m.PairDeferral.objects.values_list("reason", flat=True)) == (
        ["ask Viasna"] if allowed else []
    )
    # Keep B this time: the merge goes either way.
    response = client.post(MERGE, {**pair, "keep": "b", "reason": "same person"})
    assert refused(response, role) != allowed
    merged = m.Person.objects.get(record_id="a").merged_into
    assert (merged.record_id if merged else None) == ("b" if allowed else None)
    assert m.Person.objects.get(record_id="b").merged_into is None
    expected = ["pair.distinct", "pair.defer", "person.merge"] if allowed else []
    assert audited("pair.distinct", "pair.defer", "person.merge") == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_merge_page_opens_to_every_role_and_undo_only_to_editors(
    client: Client, register: None, role: str | None
) -> None:
    from registry.actions import person_merge

    done = person_merge(
        keep=m.Person.objects.get(record_id="a"),
        merge=m.Person.objects.get(record_id="b"),
        actor=None,
        reason="same person",
    )
    as_role(client, role)
    allowed = role in ("editor", "administrator")
    response = client.get(reverse("admin:registry_merge_change", args=[done.pk]))
    if role is None:
        assert refused(response, role)
    else:
        assert response.status_code == 200
        assert ('name="reason"' in response.content.decode()) == allowed
    undo = reverse("admin:registry_merge_undo", args=[done.pk])
    response = client.post(undo, {"reason": "two women of the same name"})
    done.refresh_from_db()
    assert (done.undone_at is not None) == allowed
    if allowed:
        assert done.undo_reason == "two women of the same name"
        assert m.Person.objects.get(record_id="b").merged_into is None
        assert audited("person.unmerge") == ["person.unmerge"]
    else:
        assert refused(response, role)
        assert audited("person.unmerge") == []


@pytest.fixture
def publications(tmp_path: Path, settings: Any, monkeypatch: Any) -> Path:
    """A folder of its own, and the background publication run at once."""
    settings.ROLLCALL_PUBLIC_DIR = tmp_path / "public"
    monkeypatch.setattr("office.publishing.run_in_background", lambda work: work())
    return settings.ROLLCALL_PUBLIC_DIR  # type: ignore[no-any-return]


@pytest.mark.parametrize("role", ROLES)
def test_publishing_and_rolling_back_from_the_office_is_for_editors(
    client: Client, register: None, publications: Path, role: str | None
) -> None:
    from publish.publishing import current_file, publish

    as_role(client, role)
    allowed = role in ("editor", "administrator")
    response = client.get(reverse("admin:office_publish"))
    assert (response.status_code == 200) == allowed
    if not allowed:
        assert refused(response, role)
    response = client.post(reverse("admin:office_publish_now"), {"confirm": "yes"})
    assert refused(response, role) != allowed
    first = current_file(publications)
    assert (first is not None) == allowed
    assert audited("register.publish") == (["register.publish"] if allowed else [])
    if not allowed:
        first = publish(publications).path
    second = publish(publications).path
    assert current_file(publications) == second
    response = client.post(reverse("admin:office_publish_rollback"), {"confirm": "yes"})
    assert refused(response, role) != allowed
    assert current_file(publications) == (first if allowed else second)
    rolled_back = audited("register.publish_rollback")
    assert rolled_back == (["register.publish_rollback"] if allowed else [])


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_person_is_for_editors(
    client: Client, register: None, role: str | None
) -> None:
    as_role(client, role)
    person = m.Person.objects.get(record_id="a")
    response = client.post(
        f"/office/registry/person/{person.pk}/delete/", {"post": "yes"}
    )
    gone = not m.Person.objects.filter(record_id="a").exists()
    assert gone == (role in ("editor", "administrator"))
    if not gone:
        assert refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_accepting_links_from_a_text_is_for_those_who_edit(
    client: Client, register: None, role: str | None
) -> None:
    text = "Maryia Kalesnikava was sentenced."
    as_role(client, role)
    choices = ["a:0:18"]
    if role is not None:
        analysed = client.post(LINK, {"text": text, "language": "auto"})
        choices = [
            c for c, _ in analysed.context["accept_form"].fields["accept"].choices
        ]
    before = m.Source.objects.count()
    response = client.post(
        ACCEPT,
        {"text": text, "published_on": "2023-03-03", "accept": choices[:1]},
    )
    stored = m.Source.objects.count() - before
    if role in ("documenter", "editor", "administrator"):
        assert response.status_code == 302 and stored == 1
        entry = AuditEntry.objects.get(action="link.accept")
        linked = choices[0].split(":")[0]
        assert entry.details == {"record_ids": [linked], "citations_added": 1}
    else:
        assert refused(response, role) and stored == 0
        assert not AuditEntry.objects.filter(action="link.accept").exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_an_administrator_creates_accounts_in_the_office(
    client: Client, register: None, role: str | None
) -> None:
    from django.contrib.auth.models import User

    as_role(client, role)
    before = User.objects.count()
    response = client.post(
        "/office/auth/user/add/",
        {
            "username": "intruder",
            "password1": "a long and unusual pass phrase",
            "password2": "a long and unusual pass phrase",
            "usable_password": "true",
        },
    )
    created = User.objects.count() - before
    if role == "administrator":
        assert created == 1
    else:
        assert created == 0 and refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_the_bulk_delete_action_deletes_only_for_editors(
    client: Client, register: None, role: str | None
) -> None:
    as_role(client, role)
    ids = list(m.Person.objects.values_list("pk", flat=True))
    client.post(
        "/office/registry/person/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    remaining = m.Person.objects.count()
    assert remaining == (0 if role in ("editor", "administrator") else len(ids))
