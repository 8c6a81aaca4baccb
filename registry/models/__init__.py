"""The register's models, split by part of the domain and re-exported here."""

from registry.models.case import Article, Case, Charge, Verdict
from registry.models.common import (
    Fact,
    NameDisclosure,
    PlaceDisclosure,
    Precision,
    Verification,
    Visibility,
)
from registry.models.detention import (
    Detention,
    DetentionKind,
    Facility,
    Organisation,
    Recognition,
    ReleaseReason,
)
from registry.models.event import EVENT_TYPES, Event, EventPerson, EventType
from registry.models.merge import Merge, NotDuplicate, PairDeferral
from registry.models.person import (
    HealthCondition,
    HealthNote,
    NameKind,
    NameVariant,
    Person,
    Script,
    Sex,
)
from registry.models.source import Citation, Reliability, Source

__all__ = [
    "EVENT_TYPES",
    "Article",
    "Case",
    "Charge",
    "Verdict",
    "Citation",
    "Detention",
    "DetentionKind",
    "Event",
    "EventPerson",
    "EventType",
    "Facility",
    "Fact",
    "HealthCondition",
    "HealthNote",
    "Merge",
    "NameDisclosure",
    "NameKind",
    "NameVariant",
    "NotDuplicate",
    "Organisation",
    "PairDeferral",
    "Person",
    "PlaceDisclosure",
    "Precision",
    "Recognition",
    "ReleaseReason",
    "Reliability",
    "Script",
    "Sex",
    "Source",
    "Verification",
    "Visibility",
]
