"""Vocabularies and the abstract base shared by every fact."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry import dates


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted (staff only)")
    ANONYMOUS = "anonymous", _("anonymous (counted, never named)")


class NameDisclosure(models.TextChoices):
    FULL = "full", _("name in full")
    INITIALS = "initials", _("initials only")
    NONE = "none", _("not at all")


class PlaceDisclosure(models.TextChoices):
    LOCALITY = "locality", _("down to the locality")
    REGION = "region", _("down to the region")
    NONE = "none", _("not at all")


class Precision(models.TextChoices):
    DAY = dates.DAY, _("day")
    MONTH = dates.MONTH, _("month")
    YEAR = dates.YEAR, _("year")


class Verification(models.TextChoices):
    REPORTED = "reported", _("reported")
    PARTIALLY_VERIFIED = "partially_verified", _("partially verified")
    CORROBORATED = "corroborated", _("corroborated")
    DOCUMENTED = "documented", _("documented")


class Fact(models.Model):
    """A fact about a person: it has a verification level and may cite sources."""

    verification = models.CharField(
        max_length=20, choices=Verification.choices, default=Verification.REPORTED
    )

    class Meta:
        abstract = True
