"""The values a public breakdown may name.

A breakdown by region, facility, organisation or article names a value of
every person counted, hidden ones too; a value that no public person shows
(say, the home region of a restricted person alone) would tell that such a
person exists there. Every public output folds those values into one
`other` cell before suppression, and so names only what it shows anyway.
An event type, likewise, is named in public only when a public person's
event is of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import replace

from stats.figures import Breakdown, Cell, Figures
from stats.tables import Register

OTHER = "other"
# The breakdowns whose values are the register's own words.
NAMED = ("region", "facility", "organisation", "article")
# For each of NAMED, the values public outputs show anyway.
Places = Mapping[str, Set[str]]


def folded(breakdown: Breakdown, shown: Set[str]) -> Breakdown:
    """The breakdown with every value not in `shown` folded into `other`."""
    kept = [c for c in breakdown.cells if c.value is None or c.value in shown]
    rest = [c for c in breakdown.cells if c.value is not None and c.value not in shown]
    if rest:
        other = Cell(OTHER, sum(c.count for c in rest), sum(c.hidden for c in rest))
        kept.append(other)
    return replace(breakdown, cells=tuple(kept))


def publishable(result: Figures, shown: Places) -> Figures:
    """The figures with each breakdown of `shown` folded."""
    breakdowns = tuple(
        folded(b, shown[b.field]) if b.field in shown else b for b in result.breakdowns
    )
    return replace(result, breakdowns=breakdowns)


def fold(value: str | None, shown: Set[str]) -> str | None:
    """A value as a public breakdown names it."""
    return value if value is None or value in shown else OTHER


def shown_places(
    register: Register, fields: tuple[str, ...] = NAMED
) -> dict[str, frozenset[str]]:
    """The values of `fields` (some of NAMED, or "event") that public
    persons of `register` show, by the disclosure rule (publish.disclosure):
    the region unless their places are withheld; the facilities they were
    held in, the organisations that recognised them, the articles they were
    charged under and the types of their events (codes), always.

    A publication takes them from the records it writes (publish.database,
    `Writer.shown_places`); the outputs made from the register itself
    (`--public`), from here. A test holds the two to the same answer.
    """
    # (a record merged into another is no one's page)
    public = "p.visibility = 'public' AND p.merged_into_id IS NULL"
    # Each facility, organisation and article is looked up until its first
    # public person: a few hundred short searches, not a scan of the facts.
    queries = {
        "region": "SELECT DISTINCT p.region FROM {person} AS p "
        f"WHERE {public} AND p.place_disclosure <> 'none' AND p.region <> ''",
        "facility": "SELECT f.name FROM {facility} AS f WHERE EXISTS ("
        "SELECT 1 FROM {detention} AS d JOIN {person} AS p ON p.id = d.person_id "
        f"WHERE d.facility_id = f.id AND {public})",
        "organisation": "SELECT o.name FROM {organisation} AS o WHERE EXISTS ("
        "SELECT 1 FROM {recognition} AS r JOIN {person} AS p ON p.id = r.person_id "
        f"WHERE r.organisation_id = o.id AND {public})",
        "article": "SELECT a.code || ' ' || a.number FROM {article} AS a "
        "WHERE EXISTS (SELECT 1 FROM {charge} AS ch "
        "JOIN {case} AS c ON c.id = ch.case_id "
        "JOIN {person} AS p ON p.id = c.person_id "
        f"WHERE ch.article_id = a.id AND {public})",
        # (CROSS JOIN: SQLite reads the type's events first, not every
        # public person's events in search of the type: 2 ms, not 400)
        "event": "SELECT t.code FROM {eventtype} AS t WHERE EXISTS ("
        "SELECT 1 FROM {event} AS e CROSS JOIN {eventperson} AS ep "
        "CROSS JOIN {person} AS p WHERE e.type_id = t.id "
        f"AND ep.event_id = e.id AND p.id = ep.person_id AND {public})",
    }
    return {
        field: frozenset(value for (value,) in register.rows(queries[field], {}))
        for field in fields
    }
