"""The editorial workflow end to end: only approved versions are published."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from audit.models import AuditAction, AuditEntry
from office.testing import staff
from publish.export import export_public
from publish.publishing import publish
from registry.actions import ActionError, StaleVersion
from registry.models import Person
from registry.tests.builders import import_rows, make_row
from review.actions import person_approve, person_revert, person_send_back
from review.models import PersonVersion, ReviewState
from review.queries import awaiting_review, state_of

pytestmark = pytest.mark.django_db
MARKER = "Zzmarkerr"


@pytest.fixture(autouse=True)
def _public_dir(settings: Any, tmp_path: Path) -> None:
    settings.ROLLCALL_PUBLIC_DIR = tmp_path / "public"


def published() -> list[tuple[str, str]]:
    with sqlite3.connect(publish().path) as db:
        return db.execute("SELECT record_id, name FROM persons").fetchall()


def person(record_id: str = "t-0001") -> Person:
    return Person.objects.get(record_id=record_id)


def test_a_change_is_public_only_once_approved(tmp_path: Path) -> None:
    editor = staff("editor")
    import_rows(tmp_path / "a.csv", [make_row()])
    assert published() == []
    assert state_of(person()) == ReviewState.DRAFT
    person_approve(actor=editor, person=person(), reason="checked the sources")
    assert published() == [("t-0001", "Maryia Kalesnikava")]
    import_rows(tmp_path / "b.csv", [make_row(name="Maryia Kalesnikava-Changed")])
    assert state_of(person()) == ReviewState.DRAFT
    assert published() == [("t-0001", "Maryia Kalesnikava")]
    person_approve(actor=editor, person=person(), reason="confirmed")
    assert published() == [("t-0001", "Maryia Kalesnikava-Changed")]
    assert state_of(person()) == ReviewState.APPROVED
    assert list(awaiting_review()) == []
    approvals = AuditEntry.objects.filter(action=AuditAction.PERSON_APPROVE)
    assert [e.details["version"] for e in approvals] == [1, 2]


def test_an_import_with_approve_is_published_at_once(tmp_path: Path) -> None:
    import_rows(tmp_path / "a.csv", [make_row()], approve=True)
    assert published() == [("t-0001", "Maryia Kalesnikava")]
    version = PersonVersion.objects.get()
    assert version.approval_reason == "approved on import of a.csv"


def test_an_unapproved_change_that_shows_more_never_reaches_the_public(
    tmp_path: Path,
) -> None:
    editor = staff("editor")
    rows = [
        make_row(name_disclosure="initials"),
        make_row(record_id="t-0002", name="Ales Hidden", visibility="restricted"),
    ]
    import_rows(tmp_path / "a.csv", rows, approve=True)
    wider = [
        make_row(name_disclosure="full", notes=MARKER, name=f"Maryia {MARKER}"),
        make_row(
            record_id="t-0002",
            name=f"Ales {MARKER}",
            visibility="public",
            notes=MARKER,
        ),
    ]
    path = tmp_path / "b.csv"
    from ingest.files import import_file
    from registry.tests.builders import write_csv

    import_file(
        write_csv(path, wider), dry_run=False, progress=False, allow_more_visible=True
    )
    assert published() == [("t-0001", "M. K.")]
    file = publish().path.read_bytes()
    assert MARKER.encode() not in file
    for format in ("csv", "json"):
        out = io.StringIO()
        export_public(out, format=format)
        assert MARKER not in out.getvalue()
    # Hiding someone needs no approval: it takes effect at once.
    Person.objects.filter(record_id="t-0001").update(visibility="restricted")
    assert published() == []
    assert editor is not None


def test_an_approval_of_a_version_no_longer_current_is_refused(tmp_path: Path) -> None:
    import_rows(tmp_path / "a.csv", [make_row()])
    seen = person().version
    import_rows(tmp_path / "b.csv", [make_row(notes="later")])
    with pytest.raises(StaleVersion):
        person_approve(
            actor=staff("editor"), person=person(), reason="ok", version=seen
        )
    assert published() == []


def test_sending_back_needs_a_comment_and_is_recorded(tmp_path: Path) -> None:
    editor = staff("editor")
    import_rows(tmp_path / "a.csv", [make_row()])
    with pytest.raises(ActionError):
        person_send_back(actor=editor, person=person(), comment=" ")
    person_send_back(actor=editor, person=person(), comment="cite the court ruling")
    assert state_of(person()) == ReviewState.SENT_BACK
    assert AuditEntry.objects.filter(action=AuditAction.PERSON_SEND_BACK).count() == 1


def test_revert_makes_a_new_draft_version_with_the_old_content(tmp_path: Path) -> None:
    editor = staff("editor")
    import_rows(tmp_path / "a.csv", [make_row()])
    person_approve(actor=editor, person=person(), reason="first")
    import_rows(
        tmp_path / "b.csv",
        [make_row(name="Wrong Name", detained_on="2021-01-01", notes="mistake")],
    )
    before = person().version
    person_approve(actor=editor, person=person(), reason="by mistake")
    reverted = person_revert(actor=editor, person=person(), to=1, reason="bad import")
    assert reverted.number == before + 1
    assert reverted.reason == "revert to version 1: bad import"
    assert reverted.record == PersonVersion.objects.get(number=1).record
    assert person().display_name == "Maryia Kalesnikava"
    assert state_of(person()) == ReviewState.DRAFT
    assert published() == [("t-0001", "Wrong Name")]
    assert AuditEntry.objects.filter(action=AuditAction.PERSON_REVERT).count() == 1


def test_a_documenter_cannot_revert_to_a_more_visible_version(tmp_path: Path) -> None:
    import_rows(tmp_path / "a.csv", [make_row()])
    person_approve(actor=staff("editor"), person=person(), reason="first")
    Person.objects.filter(pk=person().pk).update(visibility="restricted", version=2)
    with pytest.raises(ActionError, match="shown more"):
        person_revert(actor=staff("documenter"), person=person(), to=1, reason="undo")
    assert person().visibility == "restricted"


def test_a_revert_to_what_the_record_already_says_is_refused(tmp_path: Path) -> None:
    import_rows(tmp_path / "a.csv", [make_row()])
    person_approve(actor=staff("editor"), person=person(), reason="first")
    with pytest.raises(ActionError, match="already as it was at version 1"):
        person_revert(actor=staff("documenter"), person=person(), to=1, reason="x")
    assert person().version == 1
