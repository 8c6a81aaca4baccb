from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry import dates
from registry.models.common import (
    Fact,
    NameDisclosure,
    PlaceDisclosure,
    Precision,
    Visibility,
)


class Sex(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> PersonQuerySet:
        """Persons that were not merged into another record."""
        return self.filter(merged_into__isnull=True)

    def public(self) -> PersonQuerySet:
        """The only rule for what may be named in public."""
        return self.active().filter(visibility=Visibility.PUBLIC)


class Person(models.Model):
    record_id = models.CharField(max_length=100, unique=True)
    display_name = models.CharField(max_length=300, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    birth_on = models.DateField(null=True, blank=True)
    birth_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1")
    region = models.CharField(max_length=200, blank=True)
    locality = models.CharField(max_length=200, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    name_disclosure = models.CharField(
        max_length=10, choices=NameDisclosure.choices, default=NameDisclosure.FULL
    )
    place_disclosure = models.CharField(
        max_length=10, choices=PlaceDisclosure.choices, default=PlaceDisclosure.LOCALITY
    )
    died_on = models.DateField(null=True, blank=True)
    died_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    died_in_custody = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_synthetic = models.BooleanField(
        default=False, help_text="Made up by the demo generator, not a real person."
    )
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "record_id"]
        indexes = [models.Index(fields=["visibility"])]

    def __str__(self) -> str:
        return self.display_name or self.record_id

    @property
    def birth_date(self) -> str:
        return dates.shown(self.birth_on, self.birth_precision)

    @property
    def died_date(self) -> str:
        return dates.shown(self.died_on, self.died_precision)


class Script(models.TextChoices):
    CYRILLIC = "Cyrl", _("Cyrillic")
    LATIN = "Latn", _("Latin")
    OTHER = "Zyyy", _("other")

    @classmethod
    def of(cls, value: str) -> Script:
        """The script most of a name's letters are in."""
        letters = sum(ch.isalpha() for ch in value)
        if not letters:
            return cls.OTHER
        if len(_CYRILLIC.findall(value)) * 2 >= letters:
            return cls.CYRILLIC
        if len(_LATIN.findall(value)) == letters:
            return cls.LATIN
        return cls.OTHER


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


class NameKind(models.TextChoices):
    DISPLAY = "display", _("display name")
    BELARUSIAN = "be", _("Belarusian")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    LATIN = "latin", _("Latin spelling")
    OTHER = "other", _("alias or other spelling")


class NameVariant(Fact):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    value = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=NameKind.choices)
    script = models.CharField(max_length=4, choices=Script.choices)
    language = models.CharField(max_length=10, blank=True)
    system = models.CharField(
        max_length=40, blank=True, help_text="romanisation system, if known"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "id"]

    def __str__(self) -> str:
        return self.value


class HealthCondition(models.TextChoices):
    SERIOUS_ILLNESS = "serious_illness", _("serious illness")
    DISABILITY = "disability", _("disability")
    MENTAL_DISORDER = "mental_disorder", _("mental disorder")
    OTHER = "other", _("other")


class HealthNote(Fact):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="health_notes"
    )
    condition = models.CharField(max_length=20, choices=HealthCondition.choices)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "id"]

    def __str__(self) -> str:
        return self.get_condition_display()
