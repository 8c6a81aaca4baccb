from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import dates
from registry.models.common import Fact, Precision
from registry.models.person import Person


class Article(models.Model):
    """An article of a criminal code, e.g. BY-CC 342 (the charge vocabulary)."""

    code = models.CharField(max_length=20, help_text="e.g. BY-CC")
    number = models.CharField(max_length=20, help_text="e.g. 342 or 361-1")
    title_en = models.CharField(max_length=300, blank=True)
    title_be = models.CharField(max_length=300, blank=True)
    title_ru = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    sources = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["code", "number"], name="unique_article")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.number}"


class Verdict(models.TextChoices):
    """How a case ended in court; blank when it is not known."""

    CONVICTED = "convicted", _("convicted")
    ACQUITTED = "acquitted", _("acquitted")
    DROPPED = "dropped", _("charges dropped")
    PENDING = "pending", _("pending (no verdict yet)")


class Case(Fact):
    """A prosecution: charges, court, verdict and sentence."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cases")
    court = models.CharField(max_length=300, blank=True, help_text="the trial court")
    verdict = models.CharField(
        max_length=20, choices=Verdict.choices, blank=True, help_text="blank: unknown"
    )
    sentence = models.CharField(max_length=300, blank=True)
    sentence_months = models.PositiveIntegerField(null=True, blank=True)
    sentenced_on = models.DateField(null=True, blank=True)
    sentenced_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    in_absentia = models.BooleanField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "id"]

    def __str__(self) -> str:
        return self.sentence or f"case of {self.person}"

    @property
    def sentenced_date(self) -> str:
        return dates.shown(self.sentenced_on, self.sentenced_precision)


class Charge(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="charges")
    article = models.ForeignKey(Article, on_delete=models.PROTECT)
    part = models.CharField(max_length=10, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.article}.{self.part}" if self.part else str(self.article)
