"""The values a public breakdown may name.

A breakdown by region, facility, organisation or article names a value of
every person counted, hidden ones too; a value that no public person shows
(say, the home region of a restricted person alone) would tell that such a
person exists there. Every public output folds those values into one
`other` cell before suppression, and so names only what it shows anyway.
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


def shown_places(register: Register) -> dict[str, frozenset[str]]:
    """The values of NAMED that public persons of `register` show, by the
    disclosure rule (publish.disclosure): the region unless their places
    are withheld; the facilities they were held in, the organisations that
    recognised them and the articles they were charged under, always.

    A publication takes them from the records it writes (publish.database,
    `Writer.shown_places`); the outputs made from the register itself
    (`--public`), from here. A test holds the two to the same answer.
    """
    # (a record merged into another is no one's page)
    shown = "p.visibility = 'public' AND p.merged_into_id IS NULL"
    public = f"SELECT p.id FROM {{person}} AS p WHERE {shown}"
    rows = register.rows(
        "SELECT 'region', p.region FROM {person} AS p "
        f"WHERE {shown} AND p.place_disclosure <> 'none' AND p.region <> '' "
        "UNION SELECT 'facility', f.name FROM {detention} AS d "
        "JOIN {facility} AS f ON f.id = d.facility_id "
        f"WHERE d.person_id IN ({public}) "
        "UNION SELECT 'organisation', o.name FROM {recognition} AS r "
        "JOIN {organisation} AS o ON o.id = r.organisation_id "
        f"WHERE r.person_id IN ({public}) "
        "UNION SELECT 'article', a.code || ' ' || a.number FROM {case} AS c "
        "JOIN {charge} AS ch ON ch.case_id = c.id "
        "JOIN {article} AS a ON a.id = ch.article_id "
        f"WHERE c.person_id IN ({public})",
        {},
    )
    found: dict[str, set[str]] = {field: set() for field in NAMED}
    for field, value in rows:
        found[field].add(value)
    return {field: frozenset(values) for field, values in found.items()}
