from __future__ import annotations

from django.conf import settings
from django.db import models

from registry.models.person import Person


class Merge(models.Model):
    """A reviewed merge of one person's record into another, and how to undo it.

    Facts keep their own ids when they move, so the history of both records
    stays whole; `moved` lists what moved (by model label), `added` what the
    merge created and `filled` the blank fields of the kept record it filled.
    """

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField()
    score = models.FloatField(null=True, blank=True)
    moved = models.JSONField(default=dict)
    added = models.JSONField(default=dict)
    filled = models.JSONField(default=dict)
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged.record_id} merged into {self.kept.record_id}"


class PairDecision(models.Model):
    """A decision on a pair of possible duplicates: which pair, and whose.

    The pair is stored in order (`first` has the lower id), so a pair has
    one spelling whichever way round it was decided.
    """

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class NotDuplicate(PairDecision):
    """An editor's decision that two similar records are different people."""

    reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_pair"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="ordered_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} is not {self.second}"


class PairDeferral(PairDecision):
    """A decision on a possible duplicate put off: who, when and why.

    The pair stays in the queue, after the undecided ones, with the reason
    shown; a later merge or "different people" decides it.
    """

    reason = models.TextField()
    deferred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deferred_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")),
                name="ordered_deferred_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} / {self.second} deferred"
