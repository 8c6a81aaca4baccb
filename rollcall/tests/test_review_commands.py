"""`rollcall import --approve`, `rollcall review` and `rollcall approve`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.models import AuditAction, AuditEntry
from registry.models import Person
from registry.tests.builders import make_row, write_csv
from review.models import ReviewState
from review.queries import state_of
from rollcall.cli import main

pytestmark = pytest.mark.django_db


def rollcall(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_an_import_is_a_draft_until_approved_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", [make_row(), make_row(record_id="t-0002")])
    assert rollcall(capsys, "import", str(path), "--match", "off")[0] == 0
    status, out, _ = rollcall(capsys, "review", "--json")
    listed = json.loads(out)
    assert [(r["record_id"], r["state"]) for r in listed] == [
        ("t-0001", "draft"),
        ("t-0002", "draft"),
    ]
    status, out, _ = rollcall(
        capsys, "approve", "t-0002", "--reason", "sources checked", "--actor", "olga"
    )
    assert (status, out) == (0, "t-0002: version 1 approved\n")
    assert state_of(Person.objects.get(record_id="t-0002")) == ReviewState.APPROVED
    entry = AuditEntry.objects.get(action=AuditAction.PERSON_APPROVE)
    assert entry.actor == "cli:olga"


def test_import_with_approve_approves_every_person_of_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", [make_row()])
    status, out, _ = rollcall(capsys, "import", str(path), "--approve", "--quiet")
    assert status == 0
    assert "1 created, 0 updated, 0 unchanged, 1 approved" in out
    assert rollcall(capsys, "review", "--json")[1].strip() == "[]"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("approve", "nobody", "--reason", "x"), "no such record: nobody"),
        (("approve", "t-0001", "--reason", " "), "an approval needs a reason"),
    ],
)
def test_a_bad_approval_is_one_line_and_status_1(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    args: tuple[str, ...],
    message: str,
) -> None:
    rollcall(capsys, "import", str(write_csv(tmp_path / "a.csv", [make_row()])))
    status, _, err = rollcall(capsys, *args)
    assert status == 1
    assert err.strip().endswith(message)
    assert len(err.strip().splitlines()) == 1
    assert state_of(Person.objects.get()) == ReviewState.DRAFT
