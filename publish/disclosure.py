"""The one disclosure rule: what of a person may be shown in public.

Every public output (pages, the API, public exports, the published
database) receives persons only through `disclose`, never the full record.

* `restricted` persons are not shown at all;
* `anonymous` persons are counted and nothing else: their detentions and
  recognitions (kind and dates, for the figures) without any name, place,
  facility, note, source or link to another person;
* `public` persons are shown as their grades allow. A name not published in
  full (`initials`, `none`) also loses the birth date, notes, descriptions,
  sources and event ids: each of those can name a person in passing, and an
  event id ties them to the co-accused who are named. A place graded
  `region` keeps the region only, `none` no place at all, and event places
  follow the same grade (an event's place is usually the home town). A
  case's court is usually the home district's too, and court announcements
  name the defendants of each day: it is kept only with the name in full
  and places graded `locality`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace

from ingest.json_format import person_to_json
from ingest.records import PersonRecord, cited

ANONYMOUS_NAME = "(anonymous)"
WITHHELD_NAME = "(name withheld)"


def disclose(record: PersonRecord) -> PersonRecord | None:
    """What of this person may be public (None: nothing at all)."""
    if record.visibility == "public":
        return disclosed(record)
    if record.visibility == "anonymous":
        return counted_only(record)
    return None


def public_records(
    records: Iterable[PersonRecord], *, unnamed_in: Counter[str] | None = None
) -> Iterator[PersonRecord]:
    """The public part of a register: public persons as disclosed, anonymous
    ones as counted rows numbered in an order that reveals nothing.

    With `unnamed_in`, each anonymous person is counted there under the id of
    every event they share with others (event id -> persons), so that an
    event's page can say how many took part who cannot be named. The ids
    stay in the publishing process: the publication holds only each shown
    event's count, suppressed (publish.figures.suppressed).
    """
    anonymous = []
    for record in records:
        shown = disclose(record)
        if shown is None:
            continue
        if record.visibility == "anonymous":
            if unnamed_in is not None:
                unnamed_in.update({e.event_id for e in record.events if e.event_id})
            anonymous.append(shown)
        else:
            yield shown
    # Numbered in an order that reveals nothing of the register's own ids
    # or of the order in which records were entered.
    anonymous.sort(key=lambda record: repr(person_to_json(record)))
    for number, record in enumerate(anonymous, start=1):
        yield replace(record, record_id=f"anonymous-{number:05d}")


def counted_only(record: PersonRecord) -> PersonRecord:
    """The facts a count needs and nothing that identifies the person."""
    return PersonRecord(
        record_id="anonymous",
        name=ANONYMOUS_NAME,
        visibility="anonymous",
        name_disclosure="none",
        place_disclosure="none",
        detentions=tuple(
            replace(d, facility="", facility_address="", sources=(), release_reason="")
            for d in record.detentions
        ),
        recognitions=tuple(
            replace(g, sources=(), criteria="") for g in record.recognitions
        ),
    )


def initials(name: str) -> str:
    return " ".join(f"{word[0]}." for word in name.split() if word[:1].isalpha())


def without_identifying_text(record: PersonRecord) -> PersonRecord:
    """Drop what may name a person in passing or tie them to others."""
    return replace(
        record,
        names=(),
        birth_date=None,
        notes="",
        sources=(),
        detentions=tuple(replace(d, sources=()) for d in record.detentions),
        recognitions=tuple(replace(g, sources=()) for g in record.recognitions),
        cases=tuple(replace(c, sources=(), court="") for c in record.cases),
        events=tuple(
            replace(e, description="", sources=(), event_id="") for e in record.events
        ),
        health=tuple(replace(h, note="") for h in record.health),
    )


def disclosed(record: PersonRecord) -> PersonRecord:
    """A public record reduced to what its disclosure grades allow."""
    if record.name_disclosure == "initials":
        record = replace(without_identifying_text(record), name=initials(record.name))
    elif record.name_disclosure == "none":
        record = replace(without_identifying_text(record), name=WITHHELD_NAME)
    if record.place_disclosure != "locality":
        record = replace(
            record,
            locality="",
            cases=tuple(replace(c, court="") for c in record.cases),
            events=tuple(replace(e, place="") for e in record.events),
        )
    if record.place_disclosure == "none":
        record = replace(record, region="")
    still_cited = cited(record)
    kept = tuple(s for s in record.source_details if s.url in still_cited)
    if len(kept) == len(record.source_details):
        return record
    return replace(record, source_details=kept)
