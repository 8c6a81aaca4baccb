"""The stored copy of a text whose mentions an editor accepted."""

from __future__ import annotations

from django.db import models

from registry.models import Source


class StoredCopy(models.Model):
    """The text of a Source as it was linked; its SHA-256 is the source's hash."""

    source = models.OneToOneField(
        Source, on_delete=models.PROTECT, related_name="stored_copy"
    )
    text = models.TextField()
    stored_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "stored copies"

    def __str__(self) -> str:
        return f"copy of {self.source}"
