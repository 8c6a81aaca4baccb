"""The one write of mention linking: an accepted text becomes a cited Source.

It lives here rather than in `registry/actions.py` only because that file
was being rewritten at the same time; it follows its rules (keyword-only
arguments, `actor=`, one transaction, history by django-simple-history).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from audit.actions import audit_record
from audit.models import AuditAction
from link.models import StoredCopy
from registry import models as m
from registry.history import attribute

__all__ = ["AcceptedMention", "content_hash", "source_cite_mentions"]


@dataclass(frozen=True)
class AcceptedMention:
    """A link an editor accepted: the person and the words that name them."""

    person: m.Person
    text: str


def content_hash(text: str) -> str:
    """SHA-256 of the text as stored (UTF-8), in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def source_cite_mentions(
    *,
    text: str,
    title: str,
    url: str,
    published_on: date,
    accepted: Sequence[AcceptedMention],
    actor: Any,
) -> tuple[m.Source, int]:
    """Store `text` as a Source cited by each accepted person's record.

    The same text (same hash) is one Source: linking it again adds only the
    citations it lacks. Returns the source and the number of new citations.
    """
    digest = content_hash(text)
    source = m.Source.objects.filter(content_hash=digest).first()
    if source is None:
        source = m.Source(
            url=url,
            document="" if url else f"linked text {digest[:12]}",
            title=title[:300],
            published_on=published_on,
            content_hash=digest,
        )
        attribute(source, actor=actor, reason="text linked in the back office")
        source.full_clean()
        source.save()
        StoredCopy.objects.create(source=source, text=text)
    person_type = ContentType.objects.get_for_model(m.Person)
    added = 0
    for person in {mention.person.pk: mention.person for mention in accepted}.values():
        named = sorted({a.text for a in accepted if a.person.pk == person.pk})
        _, created = m.Citation.objects.get_or_create(
            source=source,
            content_type=person_type,
            object_id=person.pk,
            defaults={"note": f"named as {', '.join(named)}"[:300]},
        )
        added += created
    # Record ids and counts only: the text itself may name a hidden person.
    audit_record(
        action=AuditAction.LINK_ACCEPT,
        actor=actor,
        target=source,
        details={
            "record_ids": sorted({mention.person.record_id for mention in accepted}),
            "citations_added": added,
        },
    )
    return source, added
