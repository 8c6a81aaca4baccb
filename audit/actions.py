"""The one way into the audit log (`audit_record`) and the check of its chain.

Each entry's hash is SHA-256 over the canonical JSON (sorted keys, no spaces,
UTF-8) of its number, time, actor, action, target, details and the previous
entry's hash; so editing, deleting or reordering any entry breaks the chain
from there on, and `verify_chain` names the first broken entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from audit.models import AuditAction, AuditEntry, AuditHead

GENESIS = "0" * 64
HEAD_ID = 1


def canonical(content: Mapping[str, Any]) -> bytes:
    """The canonical JSON of an entry's content: the bytes that are hashed."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def entry_content(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "details": entry.details,
        "previous_hash": entry.previous_hash,
    }


def entry_hash(entry: AuditEntry) -> str:
    """The hash an entry must carry, computed from its content."""
    return hashlib.sha256(canonical(entry_content(entry))).hexdigest()


def _plain(value: Any, where: str = "details") -> None:
    """Details hold only JSON that survives both databases unchanged."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: keys must be strings")
            _plain(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for item in value:
            _plain(item, where)
    elif not isinstance(value, str | int | bool | None):
        # A float may come back from jsonb written differently.
        raise TypeError(f"{where}: {type(value).__name__} is not allowed")


def actor_name(actor: Any) -> str:
    """A user's username, a name given as text, or "" for nobody."""
    if actor is None:
        return ""
    if isinstance(actor, str):
        return actor[:150]
    if getattr(actor, "is_anonymous", False):
        return ""
    return str(actor.get_username())[:150]


def _head() -> AuditHead:
    """The locked head row; rebuilt from the last entry if it is missing."""
    head = AuditHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is not None:
        return head
    last = AuditEntry.objects.order_by("-seq").first()
    AuditHead.objects.get_or_create(
        pk=HEAD_ID,
        defaults={"seq": last.seq, "hash": last.hash} if last else {},
    )
    return AuditHead.objects.select_for_update().get(pk=HEAD_ID)


def audit_record(
    *,
    action: AuditAction,
    actor: Any = None,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: object = "",
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log, chained to the last one.

    `details` holds ids, record ids, field names and counts, never a
    restricted value. Called inside a caller's transaction, the entry is
    kept only if that transaction commits (a change rolled back is no
    change); call it last in a transaction, as the chain's head stays locked
    until the end of the transaction.
    """
    content = dict(details or {})
    _plain(content)
    if target is not None:
        target_type, target_id = target._meta.label_lower, target.pk
    with transaction.atomic():
        head = _head()
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor_name(actor),
            action=action,
            target_type=target_type,
            target_id=str(target_id if target_id is not None else ""),
            details=content,
            previous_hash=head.hash,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the chain: `broken` is None when intact."""

    entries: int
    head_seq: int
    head_hash: str
    broken: str | None = None


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)


def verify_chain(*, expect: tuple[int, str] | None = None) -> ChainReport:
    """Check every entry's hash and link, and the head; name the first break.

    `expect` is a (number, hash) written down earlier (from a previous
    verify): it catches a chain rewritten from its start or cut back.
    """
    previous, count, last_seq = GENESIS, 0, 0
    for entry in _entries():
        count += 1
        problem = _problem(entry, last_seq + 1, previous)
        if problem:
            return ChainReport(count, last_seq, previous, problem)
        if expect and entry.seq == expect[0] and entry.hash != expect[1]:
            return ChainReport(
                count,
                last_seq,
                previous,
                f"entry {entry.seq}: its hash is not the one written down "
                f"({expect[1][:16]}…): the log was rewritten",
            )
        previous, last_seq = entry.hash, entry.seq
    broken = _tail_problem(last_seq, previous, expect)
    return ChainReport(count, last_seq, previous, broken)


def _problem(entry: AuditEntry, seq: int, previous: str) -> str | None:
    if entry.seq != seq:
        missing = f"{seq}" if entry.seq == seq + 1 else f"{seq} to {entry.seq - 1}"
        return f"entry {missing} is missing (deleted)"
    if entry.previous_hash != previous:
        return f"entry {entry.seq} does not follow entry {seq - 1} (chain broken)"
    if entry.hash != entry_hash(entry):
        return f"entry {entry.seq} was changed (its content does not match its hash)"
    return None


def _tail_problem(
    last_seq: int, last_hash: str, expect: tuple[int, str] | None
) -> str | None:
    head = AuditHead.objects.filter(pk=HEAD_ID).first()
    if head is not None and head.seq > last_seq:
        first = last_seq + 1
        return f"entry {first} is missing (deleted): the log ended at {head.seq}"
    if head is not None and (head.seq, head.hash) != (last_seq, last_hash):
        return f"entry {last_seq}: the head of the chain does not match it"
    if expect and expect[0] > last_seq:
        return f"entry {last_seq + 1} is missing: entry {expect[0]} was written down"
    return None


def entries_since(since: datetime | None = None) -> models.QuerySet[AuditEntry]:
    """The log from a moment on (all of it without one), oldest first."""
    entries = AuditEntry.objects.order_by("seq")
    return entries.filter(at__gte=since) if since else entries


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    """An entry as the documented JSON object (its content and hash)."""
    return {**entry_content(entry), "hash": entry.hash}
