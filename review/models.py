"""The editorial workflow's records: versions of a person, and where review stands.

A `PersonVersion` is a person's whole record (the lossless JSON record form
of `ingest`) as it stood at one version: kept when the record is saved in
the office, approved, or reverted. The approved one the `PersonReview` row
points at is what `rollcall publish` writes; nothing else of the register
reaches the public side.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import Person


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("in review")
    SENT_BACK = "sent_back", _("sent back")
    APPROVED = "approved", _("approved")


class PersonVersion(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    record = models.JSONField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["person", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "number"], name="one_snapshot_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} v{self.number}"


class PersonReview(models.Model):
    """Where a person's review stands, for the version `version`.

    A record changed since (its version is higher) is a draft again,
    whatever this row says; `approved` stays the published version.
    """

    person = models.OneToOneField(
        Person, primary_key=True, on_delete=models.CASCADE, related_name="review"
    )
    state = models.CharField(
        max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    version = models.PositiveIntegerField(default=0)
    comment = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.ForeignKey(
        PersonVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"{self.person_id}: {self.state} v{self.version}"

    def state_of(self, person: Person) -> str:
        """The state of `person` as it stands now (a later change is a draft)."""
        return self.state if self.version == person.version else ReviewState.DRAFT
