"""What is written to the audit log, and that no restricted value is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client

from audit.admin import AuditedAdmin, AuditEntryAdmin
from audit.models import AuditAction, AuditEntry
from ingest.files import import_file
from office.testing import sign_in
from registry import models as m
from registry.actions import pair_mark_distinct, person_merge, person_unmerge
from registry.tests.builders import make_row, write_csv
from review.testing import approve_all
from rollcall.cli import main

pytestmark = pytest.mark.django_db

MARKER = "Zhygimont Markeryshka"


def log_text() -> str:
    """Everything the log holds, as one text to search for leaks."""
    return json.dumps(
        list(AuditEntry.objects.values()), ensure_ascii=False, default=str
    )


def actions() -> list[str]:
    return list(AuditEntry.objects.values_list("action", flat=True))


@pytest.fixture
def hidden_pair(tmp_path: Path) -> tuple[m.Person, m.Person]:
    rows = [
        make_row(record_id="h-1", name=MARKER, visibility="restricted"),
        make_row(record_id="h-2", name=f"{MARKER}a", visibility="anonymous"),
    ]
    import_file(
        write_csv(tmp_path / "hidden.csv", rows),
        dry_run=False,
        progress=False,
        match="off",
    )
    return m.Person.objects.get(record_id="h-1"), m.Person.objects.get(record_id="h-2")


@pytest.fixture
def staff() -> User:
    return User.objects.create_superuser("editor", password="right-password-1")


def test_an_import_writes_one_entry_with_its_file_hash_and_counts(
    hidden_pair: Any, tmp_path: Path
) -> None:
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.REGISTER_IMPORT
    data = (tmp_path / "hidden.csv").read_bytes()
    import hashlib

    assert entry.details == {
        "file": "hidden.csv",
        "sha256": hashlib.sha256(data).hexdigest(),
        "records": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "probable_duplicates": 0,
    }
    import_file(tmp_path / "hidden.csv", dry_run=True, progress=False, match="off")
    assert AuditEntry.objects.count() == 1  # a dry run changes nothing


def test_merge_unmerge_and_different_people_are_recorded_by_ids_only(
    hidden_pair: tuple[m.Person, m.Person], staff: User
) -> None:
    keep, merge = hidden_pair
    done = person_merge(
        keep=keep, merge=merge, actor=staff, reason=f"{MARKER} is the same"
    )
    person_unmerge(merge=done, actor=staff, reason=f"{MARKER} undo")
    pair_mark_distinct(first=keep, second=merge, actor=staff, reason=MARKER)
    assert actions()[1:] == [
        AuditAction.PERSON_MERGE,
        AuditAction.PERSON_UNMERGE,
        AuditAction.PAIR_DISTINCT,
    ]
    merged = AuditEntry.objects.get(action=AuditAction.PERSON_MERGE)
    assert (merged.actor, merged.target_type, merged.target_id) == (
        "editor",
        "registry.person",
        str(keep.pk),
    )
    assert merged.details["merge"] == done.pk
    assert merged.details["kept"] == "h-1" and merged.details["merged"] == "h-2"
    assert "Markeryshka" not in log_text()


def test_an_export_is_recorded_public_or_not(
    hidden_pair: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    approve_all()  # the public export holds approved versions only
    out = tmp_path / "out.json"
    assert main(["export", "--format", "json", "-o", str(out)]) == 0
    assert main(["export", "--public", "--format", "csv"]) == 0
    exports = AuditEntry.objects.filter(action=AuditAction.REGISTER_EXPORT)
    assert [entry.details for entry in exports] == [
        {"public": False, "format": "json", "file": "out.json", "persons": 2},
        {"public": True, "format": "csv", "file": "", "persons": 1},
    ]
    assert exports[0].actor.startswith("cli:")


def test_sign_ins_and_failed_sign_ins_are_recorded_without_the_password(
    client: Client, staff: User
) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    client.post(
        "/office/login/",
        {"username": "editor", "password": "wrong-password-9", "otp_token": code},
    )
    client.post(
        "/office/login/",
        {"username": "editor", "password": "right-password-1", "otp_token": code},
    )
    failed, signed_in = AuditEntry.objects.all()
    assert failed.action == AuditAction.SIGN_IN_FAILED
    assert failed.details == {"username": "editor"} and failed.actor == ""
    assert (signed_in.action, signed_in.actor) == (AuditAction.SIGN_IN, "editor")
    assert "password" not in log_text()


def test_an_office_save_is_recorded_with_field_names_not_values(
    client: Client, staff: User, hidden_pair: tuple[m.Person, m.Person]
) -> None:
    from office.testing import change_form_data

    sign_in(client, staff)
    person = hidden_pair[0]
    url = f"/office/registry/person/{person.pk}/change/"
    data = change_form_data(client.get(url))
    data.update(locality=f"{MARKER} village", change_reason=f"{MARKER} moved")
    # The log names the fields in English whatever the editor's language.
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302, response.content[:2000]
    change = AuditEntry.objects.get(action=AuditAction.OFFICE_CHANGE)
    assert (change.actor, change.target_id) == ("editor", str(person.pk))
    assert change.details == {
        "changes": [
            {"kind": "changed", "model": "", "fields": ["Locality", "Change reason"]}
        ]
    }
    assert "Markeryshka" not in log_text()


def test_viewing_a_restricted_or_anonymous_person_is_recorded_a_public_one_not(
    client: Client, staff: User, hidden_pair: tuple[m.Person, m.Person], tmp_path: Path
) -> None:
    import_file(
        write_csv(tmp_path / "public.csv", [make_row(record_id="p-1")]),
        dry_run=False,
        progress=False,
        match="off",
    )
    public = m.Person.objects.get(record_id="p-1")
    sign_in(client, staff)
    for person in (*hidden_pair, public):
        page = client.get(f"/office/registry/person/{person.pk}/change/")
        assert page.status_code == 200
    client.get(f"/office/registry/person/{hidden_pair[0].pk}/history/")
    views = AuditEntry.objects.filter(action=AuditAction.OFFICE_VIEW)
    assert [(v.target_id, v.details) for v in views] == [
        (
            str(hidden_pair[0].pk),
            {"record_id": "h-1", "visibility": "restricted", "page": "change"},
        ),
        (
            str(hidden_pair[1].pk),
            {"record_id": "h-2", "visibility": "anonymous", "page": "change"},
        ),
        (
            str(hidden_pair[0].pk),
            {"record_id": "h-1", "visibility": "restricted", "page": "history"},
        ),
    ]
    assert all(view.actor == "editor" for view in views)


def test_the_office_log_page_is_read_only_and_exports_json(
    client: Client, staff: User, hidden_pair: Any
) -> None:
    sign_in(client, staff)
    entry = AuditEntry.objects.get(action=AuditAction.REGISTER_IMPORT)
    base = "/office/audit/auditentry/"
    assert client.get(base).status_code == 200
    assert client.get(base, {"q": "cli:"}).status_code == 200
    assert client.get(f"{base}add/").status_code == 403
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    page = client.get(f"{base}{entry.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    exported = client.post(
        base, {"action": "export_json", "_selected_action": [entry.pk]}
    )
    assert exported["Content-Type"].startswith("application/json")
    assert json.loads(exported.content)[0]["hash"] == entry.hash
    assert AuditEntry.objects.last().action == AuditAction.AUDIT_EXPORT


def test_a_user_without_the_permission_cannot_see_the_log(client: Client) -> None:
    clerk = User.objects.create_user("clerk", password="x", is_staff=True)
    sign_in(client, clerk)
    assert client.get("/office/audit/auditentry/").status_code == 403


def test_every_office_page_of_the_project_records_its_saves() -> None:
    ours = {"registry", "link", "audit"}
    unaudited = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ours
        and not isinstance(model_admin, AuditedAdmin | AuditEntryAdmin)
    ]
    assert unaudited == []
