"""Vocabularies and the abstract base shared by every fact."""

from __future__ import annotations

from django.db import models

from registry import dates


class Visibility(models.TextChoices):
    PUBLIC = "public", "public"
    RESTRICTED = "restricted", "restricted (staff only)"
    ANONYMOUS = "anonymous", "anonymous (counted, never named)"


class NameDisclosure(models.TextChoices):
    FULL = "full", "name in full"
    INITIALS = "initials", "initials only"
    NONE = "none", "not at all"


class PlaceDisclosure(models.TextChoices):
    LOCALITY = "locality", "down to the locality"
    REGION = "region", "down to the region"
    NONE = "none", "not at all"


class Precision(models.TextChoices):
    DAY = dates.DAY, "day"
    MONTH = dates.MONTH, "month"
    YEAR = dates.YEAR, "year"


class Verification(models.TextChoices):
    REPORTED = "reported", "reported"
    PARTIALLY_VERIFIED = "partially_verified", "partially verified"
    CORROBORATED = "corroborated", "corroborated"
    DOCUMENTED = "documented", "documented"


class Fact(models.Model):
    """A fact about a person: it has a verification level and may cite sources."""

    verification = models.CharField(
        max_length=20, choices=Verification.choices, default=Verification.REPORTED
    )

    class Meta:
        abstract = True
