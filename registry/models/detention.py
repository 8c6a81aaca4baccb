from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import dates
from registry.models.common import Fact, Precision
from registry.models.person import Person


class DetentionKind(models.TextChoices):
    PRETRIAL = "pretrial", _("pre-trial detention")
    PRISON = "prison", _("prison")
    COLONY = "colony", _("penal colony")
    OPEN_FACILITY = "open_facility", _("open-type facility")
    PSYCHIATRIC = "psychiatric", _("psychiatric hospital")
    HOUSE_ARREST = "house_arrest", _("house arrest")
    UNKNOWN = "unknown", _("unknown")


class ReleaseReason(models.TextChoices):
    SERVED = "served", _("sentence served")
    PARDON = "pardon", _("pardon")
    ACQUITTED = "acquitted", _("acquitted")
    CHARGES_DROPPED = "charges_dropped", _("charges dropped")
    DEPORTED = "deported", _("deported")
    EXCHANGED = "exchanged", _("exchanged")
    DIED = "died", _("died")
    OTHER = "other", _("other")


class Facility(models.Model):
    name = models.CharField(max_length=300, unique=True)
    name_be = models.CharField(max_length=300, blank=True)
    name_ru = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=DetentionKind.choices, blank=True)
    regime = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True)
    region = models.CharField(max_length=200, blank=True)
    locality = models.CharField(max_length=200, blank=True)
    postal_address = models.TextField(blank=True)
    letter_rules = models.TextField(
        blank=True,
        help_text="what this facility allows in letters (published on its page; "
        "blank: the general rules are shown)",
    )
    sources = models.TextField(blank=True, help_text="where these facts come from")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "facilities"

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    url = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Interval(Fact):
    """A fact that holds from a start to an end (see registry.dates)."""

    start_on = models.DateField(null=True, blank=True)
    start_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    end_on = models.DateField(null=True, blank=True)
    end_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True)
                | models.Q(start_on__isnull=True)
                | models.Q(end_on__gte=models.F("start_on")),
                name="%(class)s_ends_after_start",
            )
        ]

    @property
    def start_date(self) -> str:
        return dates.shown(self.start_on, self.start_precision)

    @property
    def end_date(self) -> str:
        return dates.shown(self.end_on, self.end_precision)


class Detention(Interval):
    """A deprivation of liberty: from detention to release (or ongoing)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="detentions"
    )
    kind = models.CharField(
        max_length=20, choices=DetentionKind.choices, default=DetentionKind.UNKNOWN
    )
    facility = models.ForeignKey(
        Facility, null=True, blank=True, on_delete=models.PROTECT
    )
    release_reason = models.CharField(
        max_length=20, choices=ReleaseReason.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta(Interval.Meta):
        ordering = ["person", "start_on", "id"]
        # Covers the count's "is this person held on day D" probe: the
        # detention's row is not read (stats.figures, stats.series).
        indexes = [
            models.Index(
                fields=["person", "start_on", "end_on", "kind"],
                name="detention_person_dates_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date or '?'}"

    @property
    def is_ongoing(self) -> bool:
        return self.end_on is None


class Recognition(Interval):
    """A named organisation's recognition of a person as a political prisoner."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="recognitions"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT
    )
    criteria = models.CharField(
        max_length=300,
        blank=True,
        help_text="e.g. Guidelines on the definition of political prisoners (2012)",
    )
    history = HistoricalRecords()

    class Meta(Interval.Meta):
        ordering = ["person", "start_on", "id"]
        # Covers the count's "is this person recognised on day D" probe.
        indexes = [
            models.Index(
                fields=["person", "start_on", "end_on"], name="recognition_person_dates"
            )
        ]

    def __str__(self) -> str:
        by = self.organisation or "unknown organisation"
        return f"recognised by {by} on {self.start_date or '?'}"
