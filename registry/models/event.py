from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from registry import dates
from registry.models.common import Fact, Precision
from registry.models.person import Person

# The initial event vocabulary; administrators add more in the back office.
EVENT_TYPES = [
    ("arrest", "arrest"),
    ("search", "search"),
    ("property_seizure", "seizure of property"),
    ("ill_treatment", "ill-treatment"),
    ("denial_of_medical_care", "denial of medical care"),
    ("incommunicado", "held incommunicado"),
    ("death_in_custody", "death in custody"),
    ("in_absentia_trial", "trial in absentia"),
    ("added_to_wanted_list", "added to the wanted list"),
    ("added_to_extremist_list", "added to the 'extremist' list"),
    ("transfer", "transfer"),
    ("release", "release"),
    ("pardon", "pardon"),
]


class EventType(models.Model):
    code = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label


class Event(Fact):
    type = models.ForeignKey(EventType, on_delete=models.PROTECT)
    occurred_on = models.DateField(null=True, blank=True)
    occurred_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    place = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    external_id = models.CharField(
        max_length=100, blank=True, db_index=True, help_text="event_id in imports"
    )
    persons = models.ManyToManyField(
        Person, through="EventPerson", related_name="events"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["occurred_on", "id"]
        # Events in a period by type (the fact sheet): a range scan of this
        # index alone instead of a pass over every event; with the precision,
        # the fact sheet's list of events reads no event row (a quarter of
        # its query at 100k persons).
        indexes = [
            models.Index(
                fields=["occurred_on", "type", "occurred_precision"],
                name="event_occurred_type_precision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} on {self.occurred_date or '?'}"

    @property
    def occurred_date(self) -> str:
        return dates.shown(self.occurred_on, self.occurred_precision)


class EventPerson(models.Model):
    """A person involved in an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], name="unique_event_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.event}"
