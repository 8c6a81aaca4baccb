"""The data dictionary of the public downloads, generated from the export's
own column list (`ingest.csv_format.COLUMNS`).

Every column the CSV download has is described here; a test fails when the
export gains a column this dictionary does not describe. The JSON download
holds the same fields under the keys of docs/json-format.md.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ingest.csv_format import COLUMNS

VERIFICATION = _(
    "how well the fact is established: reported, partially_verified, "
    "corroborated or documented"
)
SYSTEM = _("the romanisation system of the spelling in the matching name column")

DESCRIPTIONS: dict[str, Promise] = {
    "record_id": _(
        "the publisher's stable id of the person; counted-only persons are "
        "numbered anonymous-NNNNN"
    ),
    "name": _(
        "the name as disclosed: in full, initials only, “(name withheld)” or "
        "“(anonymous)”"
    ),
    "name_be": _("the name in Belarusian Cyrillic"),
    "name_ru": _("the name in Russian Cyrillic"),
    "name_uk": _("the name in Ukrainian Cyrillic"),
    "name_latin": _("a Latin spelling of the name"),
    "other_names": _("aliases, maiden names and other spellings, one per row"),
    "display_names": _("other display names of the person"),
    "sex": _("m, f or empty"),
    "birth_date": _("date of birth (only when the name is published in full)"),
    "country": _("ISO 3166-1 alpha-2 code of the state holding the person"),
    "region": _("region, unless places are withheld"),
    "locality": _("town or village, only when places are published to the locality"),
    "visibility": _("public, or anonymous for a person counted but never named"),
    "name_disclosure": _("full, initials or none: how much of the name is published"),
    "place_disclosure": _(
        "locality, region or none: how much of the place is published"
    ),
    "detained_on": _("start of the deprivation of liberty of the row"),
    "detention_kind": _(
        "pretrial, prison, colony, open_facility, psychiatric, house_arrest or unknown"
    ),
    "released_on": _("end of that deprivation of liberty; empty while it goes on"),
    "release_reason": _(
        "served, pardon, acquitted, charges_dropped, deported, exchanged, died or other"
    ),
    "facility": _("name of the place of detention"),
    "facility_address": _("postal address of the place of detention, for letters"),
    "detention_verification": VERIFICATION,
    "detention_sources": _("URLs the detention cites"),
    "recognized_on": _("date of recognition as a political prisoner"),
    "recognition_ended_on": _("date the recognition ended"),
    "recognized_by": _("the organisation that recognised the person"),
    "recognition_criteria": _("the criteria the organisation applied"),
    "recognition_verification": VERIFICATION,
    "recognition_sources": _("URLs the recognition cites"),
    "articles": _("articles charged, as CODE ARTICLE[.PART], ;-separated"),
    "sentence": _("the sentence as published"),
    "sentence_months": _("the term of the sentence in months"),
    "sentenced_on": _("date of the verdict"),
    "in_absentia": _("true when tried in absentia"),
    "case_verification": VERIFICATION,
    "case_sources": _("URLs the case cites"),
    "event_type": _("the kind of event (arrest, search, transfer, ...)"),
    "event_date": _("date of the event"),
    "event_place": _("where it happened, as the place grade allows"),
    "event_description": _("what happened (only when the name is published in full)"),
    "event_id": _("an id shared by the persons of one event"),
    "event_verification": VERIFICATION,
    "event_sources": _("URLs the event cites"),
    "health": _("serious_illness, disability, mental_disorder or other"),
    "health_note": _(
        "a note on the condition (only when the name is published in full)"
    ),
    "health_verification": VERIFICATION,
    "died_on": _("date of death"),
    "died_in_custody": _("true when the person died in custody"),
    "sources": _("URLs the person's record cites"),
    "notes": _("free text (only when the name is published in full)"),
    "source_url": _("a URL the record cites, described by the next columns"),
    "source_title": _("its title"),
    "source_publisher": _("who published it"),
    "source_published_on": _("when it was published"),
    "source_reliability": _("high, medium, low or unknown"),
    "source_hash": _("SHA-256 of the stored copy"),
}


def description(column: str) -> Promise | None:
    if column.endswith("_system"):
        return SYSTEM
    return DESCRIPTIONS.get(column)


def columns() -> list[tuple[str, Promise | None]]:
    """(column, its description) of every column of the CSV download."""
    return [(column, description(column)) for column in COLUMNS]
