from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import dates
from registry.models.common import Precision


class Reliability(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")
    UNKNOWN = "unknown", _("not graded")


class Source(models.Model):
    """A URL or a document that a fact is taken from."""

    url = models.URLField(max_length=2000, blank=True)
    document = models.CharField(
        max_length=300, blank=True, help_text="a document's reference, if no URL"
    )
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the stored copy"
    )
    reliability = models.CharField(
        max_length=10, choices=Reliability.choices, default=Reliability.UNKNOWN
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["url", "document"]
        indexes = [models.Index(fields=["url"])]

    def __str__(self) -> str:
        return self.url or self.document or self.title

    @property
    def published_date(self) -> str:
        return dates.shown(self.published_on, self.published_precision)


class Citation(models.Model):
    """A fact (any row of the register) citing a source."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    fact = GenericForeignKey("content_type", "object_id")
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.fact} cites {self.source}"
