"""The audit log: append-only entries, each chained to the one before by hash.

An entry holds who did what to which record, never a restricted value: ids,
record ids, field names and counts only (see audit.actions.audit_record).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models


class AuditAction(models.TextChoices):
    PERSON_MERGE = "person.merge", "merge"
    PERSON_UNMERGE = "person.unmerge", "merge undone"
    PAIR_DISTINCT = "pair.distinct", "marked different people"
    PERSON_SUBMIT = "person.submit", "submitted for review"
    PERSON_APPROVE = "person.approve", "approved for publication"
    PERSON_SEND_BACK = "person.send_back", "sent back"
    PERSON_REVERT = "person.revert", "reverted to an earlier version"
    PAIR_DEFER = "pair.defer", "duplicate decision deferred"
    LINK_ACCEPT = "link.accept", "links from a text accepted"
    PUBLISH = "register.publish", "published"
    PUBLISH_ROLLBACK = "register.publish_rollback", "publication rolled back"
    REGISTER_IMPORT = "register.import", "import"
    REGISTER_EXPORT = "register.export", "export"
    SIGN_IN = "auth.sign_in", "sign-in"
    SIGN_IN_FAILED = "auth.sign_in_failed", "failed sign-in"
    OFFICE_ADD = "office.add", "office: added"
    OFFICE_CHANGE = "office.change", "office: changed"
    OFFICE_DELETE = "office.delete", "office: deleted"
    OFFICE_VIEW = "office.view", "office: viewed a restricted page"
    AUDIT_EXPORT = "audit.export", "audit log exported"
    BACKUP = "system.backup", "backup taken"
    RESTORE = "system.restore", "backup restored"


class AppendOnly(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("the audit log is append-only")

    def delete(self) -> NoReturn:
        raise PermissionError("the audit log is append-only")


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnly.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit log"
        indexes = [
            models.Index(fields=["at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("the audit log is append-only")


class AuditHead(models.Model):
    """One row: the number and hash of the last entry.

    Appends lock this row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's
    write transactions already run one at a time), so two writers never
    chain onto the same entry; verify compares it with the last entry, so a
    deleted tail is seen.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.seq}"
