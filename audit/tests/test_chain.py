"""The chain: every entry carries the hash of the one before, and `rollcall
audit verify` names the first entry edited or deleted behind its back."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from audit.actions import audit_record, entry_hash, verify_chain
from audit.models import AuditAction, AuditEntry
from rollcall.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def five() -> list[AuditEntry]:
    return [
        audit_record(
            action=AuditAction.REGISTER_EXPORT, actor="cli:tester", details={"n": n}
        )
        for n in range(5)
    ]


def sql(statement: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["audit", "verify", *args])
    out, err = capsys.readouterr()
    return status, (out + err).strip()


def test_each_entry_carries_its_own_hash_and_the_one_before(
    five: list[AuditEntry],
) -> None:
    assert [entry.seq for entry in five] == [1, 2, 3, 4, 5]
    assert five[0].previous_hash == "0" * 64
    for before, entry in zip(five, five[1:], strict=False):
        assert entry.previous_hash == before.hash
    for entry in AuditEntry.objects.all():
        assert entry.hash == entry_hash(entry)


def test_an_intact_chain_verifies_with_exit_status_0(
    five: list[AuditEntry], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = verify(capsys)
    assert status == 0
    assert out == f"audit log intact: 5 entries; last entry 5 {five[-1].hash}"


def test_an_entry_edited_with_raw_sql_is_named(
    five: list[AuditEntry], capsys: pytest.CaptureFixture[str]
) -> None:
    sql("UPDATE audit_auditentry SET actor = %s WHERE seq = 3", "someone else")
    status, out = verify(capsys)
    assert status == 1
    assert out == (
        "rollcall: error: audit log broken: entry 3 was changed "
        "(its content does not match its hash)"
    )


def test_an_entry_deleted_with_raw_sql_is_named(
    five: list[AuditEntry], capsys: pytest.CaptureFixture[str]
) -> None:
    sql("DELETE FROM audit_auditentry WHERE seq = 2")
    assert verify(capsys) == (
        1,
        "rollcall: error: audit log broken: entry 2 is missing (deleted)",
    )


def test_the_last_entries_deleted_are_seen_from_the_head(
    five: list[AuditEntry], capsys: pytest.CaptureFixture[str]
) -> None:
    sql("DELETE FROM audit_auditentry WHERE seq >= 4")
    status, out = verify(capsys)
    assert status == 1 and "entry 4 is missing (deleted): the log ended at 5" in out


def test_an_entry_rewritten_with_a_fresh_hash_breaks_the_next_link(
    five: list[AuditEntry], capsys: pytest.CaptureFixture[str]
) -> None:
    entry = AuditEntry.objects.get(seq=2)
    entry.details = {"n": 99}
    sql(
        "UPDATE audit_auditentry SET details = %s, hash = %s WHERE seq = 2",
        json.dumps(entry.details),
        entry_hash(entry),
    )
    status, out = verify(capsys)
    assert status == 1 and "entry 3 does not follow entry 2" in out


def test_a_rewritten_tail_is_caught_by_a_hash_written_down_before(
    five: list[AuditEntry], capsys: pytest.CaptureFixture[str]
) -> None:
    written_down = f"5:{five[-1].hash}"
    last = AuditEntry.objects.get(seq=5)
    last.actor = "forger"
    forged = entry_hash(last)
    sql("UPDATE audit_auditentry SET actor = 'forger', hash = %s WHERE seq = 5", forged)
    sql("UPDATE audit_audithead SET hash = %s", forged)
    assert verify(capsys)[0] == 0
    status, out = verify(capsys, "--expect", written_down)
    assert status == 1 and "entry 5: its hash is not the one written down" in out


def test_the_log_cannot_be_changed_or_deleted_through_the_models(
    five: list[AuditEntry],
) -> None:
    entry = AuditEntry.objects.get(seq=1)
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(seq=1).update(actor="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert verify_chain().broken is None


def test_details_hold_only_plain_json() -> None:
    with pytest.raises(TypeError, match="float is not allowed"):
        audit_record(action=AuditAction.PERSON_MERGE, details={"score": 0.9})


def test_audit_list_gives_json_since_a_day(
    five: list[AuditEntry], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "list", "--json", "--since", "2000-01-01"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [entry["seq"] for entry in listed] == [1, 2, 3, 4, 5]
    assert set(listed[0]) == {
        "seq",
        "at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "details",
        "previous_hash",
        "hash",
    }
    assert main(["audit", "list", "--json", "--since", "2999-01-01"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["audit", "list", "--action", "nonsense"]) == 1
