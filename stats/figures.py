"""People held on a day, as known on a day, with breakdowns and cases.

One SQL statement answers a request: the persons held on day D (the count's
definition, see stats.counting) are selected once, one row per person, and
every breakdown is a GROUP BY over that selection, joined by UNION ALL. So
three breakdowns at 100k persons cost about one count, on SQLite and on
PostgreSQL alike.

Rules written once here:

* detention kind and facility: a person held under two overlapping
  detentions on D (a transfer day) is counted under the one that started
  last (then the later record);
* single-valued breakdowns (sex, age, region, kind, facility, vulnerable)
  put every person in exactly one cell, unknown included, so the cells sum
  to the total;
* multi-valued ones (article, organisation, health) count a person once in
  every cell that applies, and in the "none recorded" cell when none does;
* "vulnerable": a serious illness, a disability or a mental disorder
  recorded, or certainly 60 or over on D (stats.ages);
* cases: the prosecutions recorded for the persons held on D.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from registry import dates
from registry import models as m
from stats import ages
from stats.tables import Register, counted_kinds, day_param, in_list

VULNERABLE_CONDITIONS = (
    m.HealthCondition.SERIOUS_ILLNESS,
    m.HealthCondition.DISABILITY,
    m.HealthCondition.MENTAL_DISORDER,
)
SINGLE = ("sex", "age", "region", "kind", "facility", "vulnerable")
MULTIPLE = ("article", "organisation", "health")
FIELDS = SINGLE + MULTIPLE


@dataclass(frozen=True)
class Cell:
    """One cell of a breakdown: a value (None: unknown or none recorded)."""

    value: str | None
    count: int
    # How many of the persons in the cell are restricted or anonymous: a
    # small cell with any of them is suppressed in public (stats.suppression).
    hidden: int = 0


@dataclass(frozen=True)
class Breakdown:
    field: str
    cells: tuple[Cell, ...]

    @property
    def additive(self) -> bool:
        """Whether every person is in exactly one cell (cells sum to the total)."""
        return self.field in SINGLE

    def cell(self, value: str | None) -> Cell:
        for cell in self.cells:
            if cell.value == value:
                return cell
        return Cell(value, 0)


@dataclass(frozen=True)
class Figures:
    """People held on `on` as known at `known_on` (None: the live register)."""

    on: date
    known_on: datetime | None
    count: int
    hidden: int
    cases: int
    breakdowns: tuple[Breakdown, ...] = field(default=())

    def breakdown(self, name: str) -> Breakdown:
        for breakdown in self.breakdowns:
            if breakdown.field == name:
                return breakdown
        raise KeyError(name)


def active(alias: str) -> str:
    """SQL: the interval row `alias` holds on %(day)s."""
    return (
        f"({alias}.start_on IS NULL OR {alias}.start_on <= %(day)s) "
        f"AND ({alias}.end_on IS NULL OR {alias}.end_on >= %(day)s)"
    )


# One row per person held on %(day)s, with the detention that places them.
HELD = """
    SELECT ranked.person_id, ranked.kind, ranked.facility_id FROM (
        SELECT d.person_id, d.kind, d.facility_id, ROW_NUMBER() OVER (
            PARTITION BY d.person_id
            ORDER BY (d.start_on IS NULL), d.start_on DESC, d.id DESC
        ) AS pick
        FROM {{detention}} AS d
        WHERE {active_d} AND d.kind IN {kinds}
        AND d.person_id IN (
            SELECT r.person_id FROM {{recognition}} AS r WHERE {active_r}
        )
        AND d.person_id NOT IN (
            SELECT p.id FROM {{person}} AS p WHERE p.died_on < %(day)s
        )
    ) AS ranked WHERE ranked.pick = 1
"""

PEOPLE = """
    SELECT held.person_id, held.kind, held.facility_id, p.sex, p.region,
        p.birth_on, p.birth_precision,
        CASE WHEN p.visibility = 'public' THEN 0 ELSE 1 END AS hidden
    FROM ({held}) AS held JOIN {{person}} AS p ON p.id = held.person_id
"""


def held_sql(day: date) -> tuple[str, dict[str, Any]]:
    """SQL (tables still to fill in) of one row per person held on `day`."""
    kinds, params = in_list("kind", counted_kinds())
    sql = HELD.format(active_d=active("d"), active_r=active("r"), kinds=kinds)
    return PEOPLE.format(held=sql), {**params, "day": day_param(day)}


def reached_sql(
    age: int, day: date, alias: str = "people"
) -> tuple[str, dict[str, Any]]:
    """SQL: the person had certainly reached `age` on `day` (stats.ages)."""
    cutoff = ages.years_before(day, age)
    parts, params = [], {}
    for precision in (dates.YEAR, dates.MONTH, dates.DAY):
        key = f"age{age}_{precision}"
        params[key] = day_param(ages.stored_cutoff(cutoff, precision))
        test = (
            f"{alias}.birth_precision = '{precision}'"
            if precision != dates.DAY
            else f"{alias}.birth_precision NOT IN ('year', 'month')"
        )
        parts.append(f"({test} AND {alias}.birth_on <= %({key})s)")
    return "(" + " OR ".join(parts) + ")", params


def age_sql(day: date) -> tuple[str, dict[str, Any]]:
    whens, params = [], {}
    for age, band in ages.BANDS[:-1]:
        test, more = reached_sql(age, day)
        whens.append(f"WHEN {test} THEN '{band}'")
        params.update(more)
    sql = (
        "CASE WHEN people.birth_on IS NULL THEN NULL "
        + " ".join(whens)
        + f" ELSE '{ages.BANDS[-1][1]}' END"
    )
    return sql, params


def vulnerable_sql(day: date) -> tuple[str, dict[str, Any]]:
    old, params = reached_sql(ages.OLD_AGE, day)
    conditions, more = in_list("condition", [str(c) for c in VULNERABLE_CONDITIONS])
    sql = (
        f"CASE WHEN {old} OR people.person_id IN (SELECT h.person_id "
        f"FROM {{healthnote}} AS h WHERE h.condition IN {conditions}) "
        "THEN 'yes' ELSE 'no' END"
    )
    return sql, {**params, **more}


def cell_sql(name: str, day: date) -> tuple[str, str, dict[str, Any]]:
    """(value expression, joins, parameters) of breakdown `name` over `people`."""
    if name == "sex":
        return "NULLIF(people.sex, '')", "", {}
    if name == "region":
        return "NULLIF(people.region, '')", "", {}
    if name == "kind":
        return "people.kind", "", {}
    if name == "facility":
        join = "LEFT JOIN {facility} AS f ON f.id = people.facility_id"
        return "f.name", join, {}
    if name == "age":
        sql, params = age_sql(day)
        return sql, "", params
    if name == "vulnerable":
        sql, params = vulnerable_sql(day)
        return sql, "", params
    if name == "article":
        join = (
            "LEFT JOIN {case} AS c ON c.person_id = people.person_id "
            "LEFT JOIN {charge} AS ch ON ch.case_id = c.id "
            "LEFT JOIN {article} AS a ON a.id = ch.article_id"
        )
        return "a.code || ' ' || a.number", join, {}
    if name == "organisation":
        join = (
            "LEFT JOIN {recognition} AS r ON r.person_id = people.person_id "
            f"AND {active('r')} "
            "LEFT JOIN {organisation} AS o ON o.id = r.organisation_id"
        )
        return "o.name", join, {}
    if name == "health":
        join = "LEFT JOIN {healthnote} AS h ON h.person_id = people.person_id"
        return "h.condition", join, {}
    raise ValueError(f"no breakdown by {name!r} (one of: {', '.join(FIELDS)})")


def breakdown_sql(name: str, day: date) -> tuple[str, dict[str, Any]]:
    value, joins, params = cell_sql(name, day)
    if name in SINGLE:
        counts = "COUNT(*), SUM(people.hidden)"
    else:
        counts = (
            "COUNT(DISTINCT people.person_id), "
            "COUNT(DISTINCT CASE WHEN people.hidden = 1 THEN people.person_id END)"
        )
    sql = f"SELECT '{name}', {value}, {counts} FROM people {joins} GROUP BY 2"
    return sql, params


def figures(
    on: date, known_on: datetime | None = None, by: tuple[str, ...] = ()
) -> Figures:
    """People held on `on` as known at `known_on`, with breakdowns `by`."""
    people, params = held_sql(on)
    parts = [
        "SELECT 'total', NULL, COUNT(*), SUM(people.hidden) FROM people",
        "SELECT 'cases', NULL, COUNT(*), 0 FROM people "
        "JOIN {case} AS c ON c.person_id = people.person_id",
    ]
    for name in by:
        sql, more = breakdown_sql(name, on)
        parts.append(sql)
        params.update(more)
    union = " UNION ALL ".join(f"SELECT * FROM ({part}) AS part" for part in parts)
    rows = Register(known_on).rows(f"WITH people AS ({people}) {union}", params)
    return assemble(on, known_on, by, rows)


def assemble(
    on: date,
    known_on: datetime | None,
    by: tuple[str, ...],
    rows: list[tuple[Any, ...]],
) -> Figures:
    """Figures from (part, value, count, hidden) rows."""
    cells: dict[str, list[Cell]] = {name: [] for name in by}
    total = hidden = cases = 0
    for part, value, count, in_hidden in rows:
        if part == "total":
            total, hidden = int(count), int(in_hidden or 0)
        elif part == "cases":
            cases = int(count)
        else:
            cells[part].append(Cell(value, int(count), int(in_hidden or 0)))
    breakdowns = tuple(
        Breakdown(name, tuple(sorted(cells[name], key=cell_order(name)))) for name in by
    )
    return Figures(on, known_on, total, hidden, cases, breakdowns)


def cell_order(name: str) -> Any:
    """Cells in a stable order: bands by age, others by size; unknown last."""

    def key(cell: Cell) -> tuple[int, int, str]:
        if cell.value is None:
            return (1, 0, "")
        if name == "age":
            return (0, ages.BAND_ORDER.index(cell.value), "")
        return (0, -cell.count, cell.value)

    return key


def held_records(
    on: date,
    known_on: datetime | None = None,
    *,
    by: str | None = None,
    value: str | None = None,
) -> list[str]:
    """The record ids behind a figure: everyone held, or one cell of `by`."""
    people, params = held_sql(on)
    where = ""
    joins = ""
    if by is not None:
        expression, joins, more = cell_sql(by, on)
        params.update(more)
        if value is None:
            where = f"WHERE {expression} IS NULL"
        else:
            where = f"WHERE {expression} = %(cell)s"
            params["cell"] = value
    sql = (
        f"WITH people AS ({people}) SELECT DISTINCT p.record_id FROM people {joins} "
        f"JOIN {{person}} AS p ON p.id = people.person_id {where} ORDER BY p.record_id"
    )
    return [row[0] for row in Register(known_on).rows(sql, params)]


def recognised_until(on: date, known_on: datetime | None = None) -> Breakdown:
    """Persons ever recognised up to `on` (cumulative), by sex."""
    sql = """
        SELECT 'sex', NULLIF(p.sex, ''), COUNT(*),
            SUM(CASE WHEN p.visibility = 'public' THEN 0 ELSE 1 END)
        FROM {person} AS p WHERE p.id IN (
            SELECT r.person_id FROM {recognition} AS r
            WHERE r.start_on IS NULL OR r.start_on <= %(day)s
        ) GROUP BY 2
    """
    rows = Register(known_on).rows(sql, {"day": day_param(on)})
    return assemble(on, known_on, ("sex",), rows).breakdown("sex")
