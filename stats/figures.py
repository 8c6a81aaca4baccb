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

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from registry import dates
from registry import models as m
from stats import ages
from stats.tables import Register, counted_kinds, day_param, in_list, in_part

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
# Placing costs a window function; it is only paid for the breakdowns that
# need it (kind, facility).
PLACED = """
    SELECT ranked.person_id, ranked.kind, ranked.facility_id FROM (
        SELECT d.person_id, d.kind, d.facility_id, ROW_NUMBER() OVER (
            PARTITION BY d.person_id
            ORDER BY (d.start_on IS NULL), d.start_on DESC, d.id DESC
        ) AS pick
        FROM {{detention}} AS d
        WHERE {held}
    ) AS ranked WHERE ranked.pick = 1
"""
UNPLACED = """
    SELECT DISTINCT d.person_id, NULL AS kind, NULL AS facility_id
    FROM {{detention}} AS d WHERE {held}
"""
HELD = """
    {active_d} AND d.kind IN {kinds}{part_d}
    AND d.person_id IN (
        SELECT r.person_id FROM {{recognition}} AS r WHERE {active_r}{part_r}
    )
"""
PLACING = ("kind", "facility")

# The persons held, alive on the day, with what the breakdowns read. Only
# narrow columns: on PostgreSQL a wide row makes the hash join on persons
# spill to disk. Cases are not counted per person here (a correlated count
# per row costs PostgreSQL a probe per person and, by its cost estimate, a
# JIT compilation longer than the query): see CASES.
PEOPLE = """
    SELECT held.person_id, held.kind, held.facility_id, p.sex, p.region,
        p.birth_on, p.birth_precision,
        CASE WHEN p.visibility = 'public' THEN 0 ELSE 1 END AS hidden{extra}
    FROM ({held}) AS held JOIN {{person}} AS p ON p.id = held.person_id
    WHERE p.died_on IS NULL OR p.died_on >= %(day)s
"""
# What held_people needs besides: the name as the person's disclosure allows.
NAMED = ", p.record_id, p.display_name, p.visibility, p.name_disclosure"
# The cases of the persons in `people`. A join, not IN (…): `people` has one
# row per person, and PostgreSQL, which guesses 200 distinct values for
# IN (SELECT … FROM a CTE), would probe the cases' index once per person
# instead of hashing.
CASES = "SELECT COUNT(*) FROM {case} AS c JOIN people ON people.person_id = c.person_id"


def held_sql(
    day: date, placed: bool = True, named: bool = False, parted: bool = False
) -> tuple[str, dict[str, Any]]:
    """SQL (tables still to fill in) of one row per person held on `day`.

    `placed` fills in the kind and facility of the detention that places
    each person (else they are NULL); `named` adds the record id, name,
    visibility and name disclosure; `parted` keeps to the persons of a part
    (stats.tables.in_part).
    """
    kinds, params = in_list("kind", counted_kinds())
    held = HELD.format(
        active_d=active("d"),
        active_r=active("r"),
        kinds=kinds,
        part_d=f" AND {in_part('d.person_id')}" if parted else "",
        part_r=f" AND {in_part('r.person_id')}" if parted else "",
    )
    sql = (PLACED if placed else UNPLACED).format(held=held)
    extra = NAMED if named else ""
    return PEOPLE.format(held=sql, extra=extra), {**params, "day": day_param(day)}


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
    """SQL: the age band on `day`; one CASE per precision, so few comparisons."""
    branches, params = [], {}
    for precision in (dates.YEAR, dates.MONTH, dates.DAY):
        whens = []
        for age, band in ages.BANDS[:-1]:
            key = f"band{age}_{precision}"
            cutoff = ages.stored_cutoff(ages.years_before(day, age), precision)
            params[key] = day_param(cutoff)
            whens.append(f"WHEN people.birth_on <= %({key})s THEN '{band}'")
        branches.append(f"CASE {' '.join(whens)} ELSE '{ages.BANDS[-1][1]}' END")
    sql = (
        "CASE WHEN people.birth_on IS NULL THEN NULL "
        f"WHEN people.birth_precision = '{dates.YEAR}' THEN {branches[0]} "
        f"WHEN people.birth_precision = '{dates.MONTH}' THEN {branches[1]} "
        f"ELSE {branches[2]} END"
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
    """People held on `on` as known at `known_on`, with breakdowns `by`.

    The single-valued breakdowns come from one GROUP BY over all of them at
    once (a few hundred groups), summed here into each breakdown's cells;
    each multi-valued one takes a query of its own. Inside
    `one_reading(parallel=True)`, each query is read in parts of the
    persons at once (Register.parts), whose rows add up as one's would.
    """
    register = Register(known_on)
    parts = register.parts()
    people, params = held_sql(
        on, placed=any(name in PLACING for name in by), parted=parts != [None]
    )
    single = [name for name in by if name in SINGLE]
    values, joins = [], []
    for name in single:
        value, join, more = cell_sql(name, on)
        values.append(value)
        joins.append(join)
        params.update(more)
    columns = [*values, "people.hidden"]
    groups = ", ".join(str(i + 1) for i in range(len(columns)))
    # The last row (every value NULL, hidden NULL) is the count of cases.
    rows = register.rows_in_parts(
        f"WITH people AS ({people}) SELECT {', '.join(columns)}, COUNT(*) "
        f"FROM people {' '.join(joins)} GROUP BY {groups} "
        f"UNION ALL SELECT {', '.join(['NULL'] * len(columns))}, ({CASES})",
        params,
        parts,
    )
    total, hidden, cases, counted = marginals(single, rows)
    for name in by:
        if name not in SINGLE:
            sql, more = breakdown_sql(name, on)
            found = counted[name] = Counter()
            for _, value, count, in_hidden in register.rows_in_parts(
                f"WITH people AS ({people}) {sql}", {**params, **more}, parts
            ):
                found[value, True] += int(in_hidden or 0)
                found[value, False] += int(count) - int(in_hidden or 0)
    breakdowns = tuple(Breakdown(name, cells_of(name, counted[name])) for name in by)
    return Figures(on, known_on, total, hidden, cases, breakdowns)


# Persons by (a breakdown's value, whether hidden).
Counted = Counter[tuple[str | None, bool]]


def marginals(
    single: list[str], rows: list[tuple[Any, ...]]
) -> tuple[int, int, int, dict[str, Counted]]:
    """Total, hidden, cases and each breakdown's persons by (value, hidden)
    from the joint groups (and the count of cases, the row whose `hidden` is
    NULL)."""
    total = hidden = cases = 0
    counted: dict[str, Counted] = {name: Counter() for name in single}
    for row in rows:
        if row[-2] is None:
            cases += int(row[-1])
            continue
        in_hidden, count = int(row[-2]), int(row[-1])
        total += count
        hidden += count * in_hidden
        for name, value in zip(single, row, strict=False):
            counted[name][value, bool(in_hidden)] += count
    return total, hidden, cases, counted


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
    people, params = held_sql(on, placed=by in PLACING)
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


class HeldPerson(NamedTuple):
    """A person held on a day, with what the fact sheet's lists need.

    A named tuple: tens of thousands are made per fact sheet, and a frozen
    dataclass costs ten times as much to build.
    """

    record_id: str
    name: str
    visibility: str
    disclosure: str
    age: str | None
    vulnerable: bool
    conditions: frozenset[str]
    cases: int = 0

    @property
    def hidden(self) -> bool:
        return self.visibility != m.Visibility.PUBLIC


NONE_RECORDED: frozenset[str] = frozenset()


def held_people(on: date, known_on: datetime | None = None) -> list[HeldPerson]:
    """Everyone held on `on` in two queries (the records behind many figures)."""
    register = Register(known_on)
    people, params = held_sql(on, placed=False, named=True)
    age, more = age_sql(on)
    params.update(more)
    # The rows without a record id are each person's count of cases.
    rows = register.rows(
        f"WITH people AS ({people}) SELECT people.person_id, people.record_id, "
        "people.display_name, people.visibility, people.name_disclosure, "
        f"{age}, 0 FROM people UNION ALL "
        "SELECT c.person_id, NULL, NULL, NULL, NULL, NULL, COUNT(*) "
        "FROM {case} AS c JOIN people ON people.person_id = c.person_id "
        "GROUP BY c.person_id",
        params,
    )
    cases = {row[0]: int(row[-1]) for row in rows if row[1] is None}
    # Health notes are few: reading them all beats selecting the held again.
    noted: dict[int, set[str]] = defaultdict(set)
    for person_id, condition in register.rows(
        "SELECT h.person_id, h.condition FROM {healthnote} AS h", {}
    ):
        noted[person_id].add(condition)
    conditions = {person_id: frozenset(found) for person_id, found in noted.items()}
    # "Vulnerable" as vulnerable_sql has it: the 60+ band is "certainly 60".
    ill = frozenset(str(condition) for condition in VULNERABLE_CONDITIONS)
    old = ages.BANDS[0][1]
    held = [
        HeldPerson(
            record_id,
            name,
            seen,
            disclosure,
            band,
            band == old or not ill.isdisjoint(conditions.get(person_id, ())),
            conditions.get(person_id, NONE_RECORDED),
            cases.get(person_id, 0),
        )
        for person_id, record_id, name, seen, disclosure, band, _ in rows
        if record_id is not None
    ]
    held.sort(key=lambda person: person.record_id)
    return held


LISTED = ("age", "vulnerable", "health")


def figures_of(
    on: date, known_on: datetime | None, persons: list[HeldPerson]
) -> Figures:
    """The figures of `held_people` by age, vulnerable and health (no query)."""
    public = m.Visibility.PUBLIC
    ages: Counted = Counter()
    vulnerable: Counted = Counter()
    health: Counted = Counter()
    for person in persons:
        hidden = person.visibility != public
        ages[person.age, hidden] += 1
        vulnerable["yes" if person.vulnerable else "no", hidden] += 1
        for condition in person.conditions or (None,):
            health[condition, hidden] += 1
    counted = {"age": ages, "vulnerable": vulnerable, "health": health}
    return Figures(
        on,
        known_on,
        len(persons),
        sum(count for (_, hidden), count in ages.items() if hidden),
        sum(p.cases for p in persons),
        tuple(Breakdown(name, cells_of(name, counted[name])) for name in LISTED),
    )


def cells_of(name: str, counted: Counted) -> tuple[Cell, ...]:
    """The cells of breakdown `name` from its persons by (value, hidden), in
    the order of `cell_order`."""
    cells: dict[str | None, list[int]] = {}
    for (value, hidden), count in counted.items():
        cell = cells.setdefault(value, [0, 0])
        cell[0] += count
        cell[1] += count if hidden else 0
    found = (
        Cell(value, count, in_hidden) for value, (count, in_hidden) in cells.items()
    )
    return tuple(sorted(found, key=cell_order(name)))


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
    cells = [
        Cell(value, int(count), int(hidden or 0)) for _, value, count, hidden in rows
    ]
    return Breakdown("sex", tuple(sorted(cells, key=cell_order("sex"))))
