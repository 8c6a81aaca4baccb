"""The count per day, week or month over a range: a running sum of changes.

The rows of the range are read once (detentions, recognitions, persons); for
each person the days they count are worked out as spans (`counted_spans`,
pure), each span adds +1 on its first day and -1 the day after its last, and
one running sum over the range gives every day's count. No query per day.

The rules are the count's (stats.counting) and the breakdowns' (stats.figures):
a span holds while a counted detention and a recognition are both active and
the person is alive; on a day with two detentions the one that started last
places the person.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any, TypeVar

from registry.memory import no_cyclic_gc
from stats import ages
from stats.figures import FIELDS, VULNERABLE_CONDITIONS, Figures
from stats.places import Places, fold
from stats.suppression import changes_exposed, hidden_among_first, threshold
from stats.tables import (
    Register,
    as_date,
    counted_kinds,
    day_param,
    days_after,
    in_list,
    read_from,
)

Day = TypeVar("Day", date, int)
ONE_DAY = timedelta(days=1)
# How far after today (or a series' last day) the change rule looks.
HORIZON_AFTER = timedelta(days=366)

EVERY = ("day", "week", "month")
TOTAL = "total"
# Not a breakdown: the cases of the persons counted (each person weighs as
# many cases as their record holds), as stats.figures counts them on a day.
CASES = "cases"
Counts = dict[str | None, tuple[int, ...]]
Risky = dict[str | None, tuple[bool, ...]]


@dataclass(frozen=True)
class Stay:
    """A counted detention."""

    id: int
    start: date | None
    end: date | None
    kind: str = "unknown"
    facility: str | None = None


@dataclass(frozen=True)
class Claim:
    """A recognition."""

    start: date | None
    end: date | None
    organisation: str | None = None


@dataclass(frozen=True)
class Span:
    """Days `start`..`end` on which a person counts, and what places them."""

    start: date
    end: date
    stay: Stay
    organisations: frozenset[str | None] = frozenset()


@dataclass
class Person:
    """What a series needs to know of a person."""

    id: int
    died_on: date | None = None
    sex: str | None = None
    region: str | None = None
    birth_on: date | None = None
    birth_precision: str = "day"
    articles: frozenset[str | None] = frozenset({None})
    conditions: frozenset[str | None] = frozenset({None})
    hidden: bool = False  # restricted or anonymous
    cases: int = 0  # read only for the CASES series
    stays: list[Stay] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


@dataclass(frozen=True)
class Series:
    """Counts at `points`; `counts[value]` for each cell of `by` (or TOTAL)."""

    start: date
    end: date
    every: str
    known_on: datetime | None
    by: str | None
    points: tuple[date, ...]
    counts: dict[str | None, tuple[int, ...]]
    # The same for restricted and anonymous persons only (for suppression).
    hidden: dict[str | None, tuple[int, ...]] = field(default_factory=dict)
    # The total at each point (equal to counts[TOTAL] without a breakdown).
    totals: tuple[int, ...] = ()
    hidden_totals: tuple[int, ...] = ()
    # Public series: whether the count of each line (keyed like `counts`,
    # and TOTAL for the total) at each point would expose a change beside a
    # later day's count (stats.suppression.changes_exposed; movements: a
    # person entering or leaving the line, on a span's first day and the
    # day after its last), whatever points this series has: every public
    # output hides the same days.
    risky: Risky = field(default_factory=dict)


def holds(start: date | None, end: date | None, day: date) -> bool:
    return (start is None or start <= day) and (end is None or end >= day)


def counted_spans(
    stays: list[Stay],
    claims: list[Claim],
    died_on: date | None,
    first: date,
    last: date,
) -> list[Span]:
    """The spans within `first`..`last` on which one person counts."""
    points = {first, last + timedelta(days=1)}
    for start, end in [(s.start, s.end) for s in stays] + [
        (c.start, c.end) for c in claims
    ]:
        if start is not None and first < start <= last:
            points.add(start)
        if end is not None and first <= end < last:
            points.add(end + timedelta(days=1))
    if died_on is not None and first <= died_on < last:
        points.add(died_on + timedelta(days=1))
    bounds = sorted(points)
    spans: list[Span] = []
    for begin, after in zip(bounds, bounds[1:], strict=False):
        span = span_at(stays, claims, died_on, begin, after - timedelta(days=1))
        if span is None:
            continue
        if spans and joinable(spans[-1], span):
            spans[-1] = Span(spans[-1].start, span.end, span.stay, span.organisations)
        else:
            spans.append(span)
    return spans


def span_at(
    stays: list[Stay], claims: list[Claim], died_on: date | None, begin: date, end: date
) -> Span | None:
    """The span `begin`..`end` (on which nothing changes), if the person counts."""
    if died_on is not None and died_on < begin:
        return None
    held = [s for s in stays if holds(s.start, s.end, begin)]
    recognised = [c for c in claims if holds(c.start, c.end, begin)]
    if not held or not recognised:
        return None
    stay = max(held, key=lambda s: (s.start is not None, s.start or date.min, s.id))
    return Span(begin, end, stay, frozenset(c.organisation for c in recognised))


def joinable(before: Span, after: Span) -> bool:
    return (
        before.end + timedelta(days=1) == after.start
        and before.stay == after.stay
        and before.organisations == after.organisations
    )


def points_of(start: date, end: date, every: str, closed: bool = False) -> list[date]:
    """The days sampled: `start`, then each week later or each first of a
    month; and `end` too when `closed`."""
    if every not in EVERY:
        raise ValueError(f"--every must be one of {', '.join(EVERY)}")
    points, day = [], start
    while day <= end:
        points.append(day)
        if every == "day":
            day += timedelta(days=1)
        elif every == "week":
            day += timedelta(days=7)
        else:
            days = calendar.monthrange(day.year, day.month)[1]
            day = day.replace(day=1) + timedelta(days=days)
    if closed and points[-1] != end:
        points.append(end)
    return points


def pieces(
    person: Person, span: Span, by: str | None
) -> Iterator[tuple[date, date, frozenset[str | None]]]:
    """The parts of a span with the cells of `by` they count in."""
    if by is None or by == CASES:
        yield span.start, span.end, frozenset({TOTAL})
        return
    if by in ("age", "vulnerable"):
        yield from aged_pieces(person, span, by)
        return
    yield span.start, span.end, constant_cells(person, span, by)


def constant_cells(person: Person, span: Span, by: str) -> frozenset[str | None]:
    values: dict[str, frozenset[str | None]] = {
        "sex": frozenset({person.sex}),
        "region": frozenset({person.region}),
        "kind": frozenset({span.stay.kind}),
        "facility": frozenset({span.stay.facility}),
        "organisation": span.organisations,
        "article": person.articles,
        "health": person.conditions,
    }
    return values[by]


VULNERABLE_NAMES = frozenset(str(condition) for condition in VULNERABLE_CONDITIONS)


def aged_pieces(
    person: Person, span: Span, by: str
) -> Iterator[tuple[date, date, frozenset[str | None]]]:
    """Split a span on the days the person enters a new age band."""
    ill = bool(person.conditions & VULNERABLE_NAMES)
    if by == "vulnerable" and ill:
        yield span.start, span.end, frozenset({"yes"})  # at any age
        return
    old = ages.BANDS[0][1]

    def cell(band: str | None) -> frozenset[str | None]:
        if by == "age":
            return frozenset({band})
        return frozenset({"yes" if band == old else "no"})

    begin, band = span.start, None
    for day, entered in ages.bands_entered(person.birth_on, person.birth_precision):
        if day <= span.start:
            band = entered
        elif day <= span.end:
            yield begin, day - ONE_DAY, cell(band)
            begin, band = day, entered
    yield begin, span.end, cell(band)


LineSums = dict[
    str | None,
    tuple[
        dict[str | None, list[int]],
        dict[str | None, list[int]],
        dict[str | None, list[int]],
        dict[str | None, list[int]],
    ],
]


def line_sums(
    persons: Iterable[Person], start: date, last: date, fields: tuple[str | None, ...]
) -> LineSums:
    """For each of `fields`, by cell and by day from `start` to the day after
    `last`: the changes of the count, the same of hidden persons, and the
    movements in or out of the cell, of everyone and of hidden persons."""
    length = (last - start).days + 2

    def zeros() -> dict[str | None, list[int]]:
        return defaultdict(lambda: [0] * length)

    sums = {by: (zeros(), zeros(), zeros(), zeros()) for by in fields}
    for person in persons:
        spans = counted_spans(person.stays, person.claims, person.died_on, start, last)
        for by in fields:
            changes, hidden, moves, hidden_moves = sums[by]
            weight = person.cases if by == CASES else 1
            # A person's days in each cell, touching ranges joined: two spans
            # that meet are no movement (counting one would weaken the change
            # rule).
            days: dict[str | None, list[tuple[date, date]]] = defaultdict(list)
            for span in spans:
                for begin, finish, cells in pieces(person, span, by):
                    for cell in cells:
                        days[cell].append((begin, finish))
            for cell, ranges in days.items():
                for begin, finish in merged(ranges):
                    first, after = (begin - start).days, (finish - start).days + 1
                    for diff, moved in (
                        (
                            (changes[cell], moves[cell]),
                            (hidden[cell], hidden_moves[cell]),
                        )
                        if person.hidden
                        else ((changes[cell], moves[cell]),)
                    ):
                        diff[first] += weight
                        diff[after] -= weight
                        moved[first] += 1
                        moved[after] += 1
    return sums


def running_counts_by(
    persons: Iterable[Person],
    start: date,
    end: date,
    every: str,
    fields: tuple[str | None, ...],
    closed: bool = False,
    horizon: date | None = None,
) -> dict[str | None, tuple[list[date], Counts, Counts, Risky]]:
    """`running_counts` by each of `fields`, each person's spans worked out
    once; with a `horizon`, also whether each line's count at each point
    would expose a change (as `total_counts`: the persons read up to it)."""
    points = points_of(start, end, every, closed)
    sums = line_sums(persons, start, horizon or end, fields)
    indexes = [(point - start).days for point in points]
    result = {}
    for by, (changes, hidden, moves, hidden_moves) in sums.items():
        if by is None or by == CASES:
            changes[TOTAL]
            hidden[TOTAL]
        result[by] = (
            points,
            sampled(changes, indexes),
            sampled(hidden, indexes),
            exposed(moves, hidden_moves, indexes) if horizon else {},
        )
    return result


def sampled(
    changes: dict[str | None, list[int]], indexes: list[int]
) -> dict[str | None, tuple[int, ...]]:
    counts = {}
    for cell, diff in changes.items():
        daily = list(accumulate(diff))
        counts[cell] = tuple(daily[i] for i in indexes)
    return counts


@no_cyclic_gc()
def series(
    start: date,
    end: date,
    *,
    every: str = "day",
    by: str | None = None,
    known_on: datetime | None = None,
    public: bool = False,
    closed: bool = False,
    register: Register | None = None,
    shown: Places | None = None,
) -> Series:
    """The count on each day (week, month) of `start`..`end`, as known at `known_on`.

    `public` reads every person's visibility too, for suppression; `closed`
    makes `end` a point too (a fact sheet's chart ends on its day);
    `register` reads a register prepared by the caller instead (such as the
    approved one a publication counts), with no `known_on`; `shown` folds
    the values of a breakdown it names that it does not hold into one line
    (stats.places).
    """
    if end < start:
        raise ValueError("the end of a series comes before its start")
    if by is not None:
        if by not in FIELDS:
            raise ValueError(f"no breakdown by {by!r} (one of: {', '.join(FIELDS)})")
        return series_by_fields(
            start,
            end,
            (by,),
            every=every,
            known_on=known_on,
            public=public,
            closed=closed,
            register=register,
            shown=shown,
        )[by]
    register = read_from(register, known_on)
    horizon = last_movement(register, end) if public else None
    points, total, total_hidden, _, _, risky = total_counts(
        register, start, end, every, closed, horizon=horizon
    )
    return Series(
        start,
        end,
        every,
        known_on,
        None,
        tuple(points),
        total,
        total_hidden,
        total[TOTAL],
        total_hidden[TOTAL],
        risky,
    )


@no_cyclic_gc()
def series_by_fields(
    start: date,
    end: date,
    fields: tuple[str, ...],
    *,
    every: str = "day",
    known_on: datetime | None = None,
    public: bool = False,
    closed: bool = False,
    register: Register | None = None,
    shown: Places | None = None,
) -> dict[str, Series]:
    """`series(..., by=field)` for each of `fields`, the register read once
    (CASES among them: the cases of the persons counted, in `counts[TOTAL]`)."""
    if end < start:
        raise ValueError("the end of a series comes before its start")
    for by in fields:
        if by not in FIELDS and by != CASES:
            raise ValueError(f"no breakdown by {by!r} (one of: {', '.join(FIELDS)})")
    register = read_from(register, known_on)
    horizon = last_movement(register, end) if public else None
    _, total, total_hidden, _, _, risky = total_counts(
        register, start, end, every, closed, horizon=horizon
    )
    persons = load_persons(register, start, horizon or end, fields, everyone=public)
    if shown:
        persons = [folded_person(person, shown) for person in persons]
    found = running_counts_by(persons, start, end, every, fields, closed, horizon)
    return {
        by: Series(
            start,
            end,
            every,
            known_on,
            by,
            tuple(points),
            counts,
            hidden,
            total[TOTAL],
            total_hidden[TOTAL],
            {**cell_risky, **risky},
        )
        for by, (points, counts, hidden, cell_risky) in found.items()
        if by is not None
    }


def exposed_on(day: date, known_on: datetime | None = None) -> bool:
    """Whether a public output must hide the count of `day`, as a public
    series with that day among its points hides it (Series.risky).

    The movements of the week after the day usually decide it (the rule
    looks no further than the threshold's worth of them); else the register
    is read up to its last movement.
    """
    register = read_from(None, known_on)
    _, _, _, moves, hidden_moves, _ = total_counts(
        register, day, day + timedelta(days=7), "day", closed=True
    )
    everyone, hidden = moves[TOTAL], hidden_moves[TOTAL]
    # (daily again, with the place after the week that `first_exposed` drops)
    daily = [b - a for a, b in zip((0, *everyone), everyone, strict=False)]
    secret = [b - a for a, b in zip((0, *hidden), hidden, strict=False)]
    found = first_exposed([*daily, 0], [*secret, 0], threshold(), open_ended=True)
    if found is not None:
        return found
    *_, risky = total_counts(
        register, day, day, "day", closed=True, horizon=last_movement(register, day)
    )
    return risky[TOTAL][0]


# How far after a day the change rule looks for the movements of the day's
# cells, from the nearest: most cells are decided in the first.
CELLS_WITHIN = (timedelta(days=31), timedelta(days=366))


def cells_exposed_on(
    result: Figures, shown: Places | None = None
) -> dict[str, list[bool]]:
    """For each cell of each breakdown of `result` (a day's figures), whether
    a public output must hide it, as a public series by that field with the
    day among its points hides it (the change rule per cell, Series.risky);
    `shown`, as the series and `result` fold their values (stats.places).

    Only the persons who may enter or leave a cell after the day are read
    (`load_persons(moving=True)`), first up to a month after it, then a
    year, then the register's last movement: a cell is decided as soon as
    a hidden person's movement comes among its first ones, or the
    threshold's worth have come; only the fields with a cell still
    undecided are read again further.
    """
    if not result.breakdowns:
        return {}
    register = read_from(None, result.known_on)
    day, horizon = result.on, last_movement(register, result.on)
    decided: dict[str, list[bool | None]] = {}
    unsure = list(result.breakdowns)
    for within in (*CELLS_WITHIN, None):
        last = horizon if within is None else min(day + within, horizon)
        open_ended = last < horizon
        fields = tuple(b.field for b in unsure)
        found = cells_risky(register, day, last, fields, open_ended, shown)
        for b in unsure:
            # (a cell missing had no movement up to `last`)
            missing = None if open_ended else False
            decided[b.field] = [found[b.field].get(c.value, missing) for c in b.cells]
        unsure = [b for b in unsure if None in decided[b.field]]
        if not unsure or not open_ended:
            break
    return {field: [bool(risky) for risky in cells] for field, cells in decided.items()}


def cells_risky(
    register: Register,
    day: date,
    last: date,
    fields: tuple[str, ...],
    open_ended: bool,
    shown: Places | None = None,
) -> dict[str, dict[str | None, bool | None]]:
    """Whether each cell of `fields` is exposed on `day`, from the movements
    after it up to `last`, for the cells someone enters or leaves; None
    (undecided) when the register goes on after `last` (`open_ended`) and
    the cell had neither a hidden movement nor the threshold's worth by
    then."""
    limit = threshold()
    persons = load_persons(register, day, last, fields, everyone=True, moving=True)
    if shown:
        persons = [folded_person(person, shown) for person in persons]
    sums = line_sums(persons, day, last, fields)
    return {
        str(by): {
            cell: first_exposed(
                daily, hidden_moves.get(cell) or [0] * len(daily), limit, open_ended
            )
            for cell, daily in moves.items()
        }
        for by, (_, _, moves, hidden_moves) in sums.items()
    }


def first_exposed(
    moves: list[int], hidden_moves: list[int], limit: int, open_ended: bool
) -> bool | None:
    """Whether a line's count on the first day of `moves` (daily movements,
    whose last place only marks the ends of spans that go on after them)
    would expose a change beside a later day's; None (undecided) when the
    register goes on after them (`open_ended`) and they hold neither a
    hidden movement among the first nor the threshold's worth."""
    # (the first day's own place holds no movement after it)
    after = zip(moves[1:-1], hidden_moves[1:-1], strict=True)
    return hidden_among_first(after, limit, open_ended)


def nearest_shown(
    points: list[date],
    counts: list[int | None],
    day: date,
    after: date = date.min,
    before: date = date.max,
) -> list[tuple[date, int]]:
    """The nearest points before and after `day` (one of `points`) whose
    count is shown (not None), strictly between `after` and `before`, with
    their counts: where a public series hides a day, the days it shows
    beside it give away nothing it does not."""
    here = points.index(day)
    found = []
    for step in (-1, 1):
        i = here + step
        while 0 <= i < len(points) and counts[i] is None:
            i += step
        if 0 <= i < len(points) and after < points[i] < before:
            count = counts[i]
            assert count is not None
            found.append((points[i], count))
    return found


def total_of(found: Series) -> Series:
    """The series of the total alone, as `series` gives it, from a series by
    a field (which carries its totals and their movements)."""
    return replace(
        found,
        by=None,
        counts={TOTAL: found.totals},
        hidden={TOTAL: found.hidden_totals},
        risky={TOTAL: found.risky[TOTAL]} if found.risky else {},
    )


def earliest(*columns: str) -> str:
    """SQL: the earliest of nullable dates, NULL (ongoing) only if all are."""
    first, *rest = columns
    for column in rest:
        first = (
            f"CASE WHEN {first} IS NULL THEN {column} WHEN {column} IS NULL "
            f"THEN {first} WHEN {first} < {column} THEN {first} ELSE {column} END"
        )
    return first


def latest(first: str, second: str) -> str:
    """SQL: the later of two nullable starts, NULL (unknown) only if both are."""
    return (
        f"CASE WHEN {first} IS NULL THEN {second} WHEN {second} IS NULL THEN {first} "
        f"WHEN {first} > {second} THEN {first} ELSE {second} END"
    )


def total_counts(
    register: Register,
    start: date,
    end: date,
    every: str,
    closed: bool = False,
    *,
    horizon: date | None = None,
) -> tuple[list[date], Counts, Counts, Counts, Counts, Risky]:
    """The total series without a breakdown: the fast path.

    SQL gives each (detention, recognition) pair's common days, cut at the
    death, as numbers of days after `start` (no date is parsed here); only
    the persons with several such pieces are merged here.

    With a `horizon` (`last_movement`), also whether each point's count
    would expose a change beside a later day's up to it
    (stats.suppression.changes_exposed).
    """
    kinds, params = in_list("kind", counted_kinds())
    params.update(first=day_param(start), last=day_param(horizon or end))
    begins = days_after(latest("d.start_on", "r.start_on"), "first")
    ends = days_after(earliest("d.end_on", "r.end_on", "p.died_on"), "first")
    rows = register.rows(
        f"SELECT d.person_id, {begins}, {ends}, "
        "CASE WHEN p.visibility = 'public' THEN 0 ELSE 1 END "
        "FROM {detention} AS d "
        "JOIN {recognition} AS r ON r.person_id = d.person_id "
        "JOIN {person} AS p ON p.id = d.person_id "
        f"WHERE d.kind IN {kinds} AND {overlapping('d')} AND {overlapping('r')}",
        params,
    )
    pieces: dict[int, list[tuple[int, int]]] = defaultdict(list)
    hidden: set[int] = set()
    final = ((horizon or end) - start).days
    for person_id, begin, finish, in_hidden in rows:
        first = 0 if begin is None or begin < 0 else begin
        last = final if finish is None or finish > final else finish
        if first <= last:
            pieces[person_id].append((first, last))
            if in_hidden:
                hidden.add(person_id)
    length = final + 2
    changes, moves = [0] * length, [0] * length
    hidden_changes, hidden_moves = [0] * length, [0] * length
    for person_id, found in pieces.items():
        for begin, last in merged(found, 1):
            after = last + 1
            for diff, moved in (
                ((changes, moves), (hidden_changes, hidden_moves))
                if person_id in hidden
                else ((changes, moves),)
            ):
                diff[begin] += 1
                diff[after] -= 1
                moved[begin] += 1
                moved[after] += 1
    points = points_of(start, end, every, closed)
    indexes = [(point - start).days for point in points]
    return (
        points,
        sampled({TOTAL: changes}, indexes),
        sampled({TOTAL: hidden_changes}, indexes),
        sampled({TOTAL: moves}, indexes),
        sampled({TOTAL: hidden_moves}, indexes),
        exposed({TOTAL: moves}, {TOTAL: hidden_moves}, indexes) if horizon else {},
    )


def exposed(
    moves: dict[str | None, list[int]],
    hidden_moves: dict[str | None, list[int]],
    indexes: list[int],
) -> Risky:
    """For each line, whether its count at each point would expose a change
    beside a later day's, from daily movements up to the horizon (their last
    place only marks the ends of spans that go on after it)."""
    limit = threshold()
    risky = {}
    for line, daily in moves.items():
        hidden = hidden_moves.get(line) or [0] * len(daily)
        found = changes_exposed(daily[:-1], hidden[:-1], limit)
        risky[line] = tuple(found[i] for i in indexes)
    return risky


def last_movement(register: Register, end: date) -> date:
    """The horizon of the change rule: the day after the last day anything
    counted starts or ends, but no more than a year after today or `end`,
    and no earlier than either (no output shows a day after today but one
    asked for; a mistyped year must not make every series centuries long)."""
    ((*found,),) = register.rows(
        "SELECT (SELECT MAX(d.start_on) FROM {detention} AS d), "
        "(SELECT MAX(d.end_on) FROM {detention} AS d), "
        "(SELECT MAX(r.start_on) FROM {recognition} AS r), "
        "(SELECT MAX(r.end_on) FROM {recognition} AS r), "
        "(SELECT MAX(p.died_on) FROM {person} AS p)",
        {},
    )
    days = [day + ONE_DAY for day in map(as_date, found) if day is not None]
    shown = max(end, date.today())
    return min(max([shown, *days]), shown + HORIZON_AFTER)


def merged(pieces: list[tuple[Day, Day]], one: Any = ONE_DAY) -> list[tuple[Day, Day]]:
    """Overlapping or touching day ranges joined into one (days as dates, or
    as numbers with `one` 1)."""
    if len(pieces) == 1:
        return pieces
    pieces.sort()
    out = [pieces[0]]
    for first, last in pieces[1:]:
        if first <= out[-1][1] + one:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def overlapping(alias: str) -> str:
    return (
        f"({alias}.start_on IS NULL OR {alias}.start_on <= %(last)s) "
        f"AND ({alias}.end_on IS NULL OR {alias}.end_on >= %(first)s)"
    )


def load_persons(
    register: Register,
    start: date,
    end: date,
    by: str | None | tuple[str, ...],
    *,
    everyone: bool = False,
    moving: bool = False,
) -> list[Person]:
    """The persons who may count in `start`..`end` (by one breakdown or
    several), in five queries at most; with `moving`, only those who may
    enter or leave a cell after `start` (`moved_sql`): the others make no
    movement the change rule reads there."""
    fields = by if isinstance(by, tuple) else (by,) if by else ()
    kinds, params = in_list("kind", counted_kinds())
    params.update(first=day_param(start), last=day_param(end))
    recognised = "SELECT r.person_id FROM {recognition} AS r WHERE " + overlapping("r")
    if moving:
        moved, more = moved_sql(start, end, fields)
        recognised += f" AND r.person_id IN ({moved})"
        params.update(more)
    persons: dict[int, Person] = {}
    stays = register.rows(
        "SELECT d.person_id, d.id, d.start_on, d.end_on, d.kind, f.name "
        "FROM {detention} AS d LEFT JOIN {facility} AS f ON f.id = d.facility_id "
        f"WHERE d.kind IN {kinds} AND {overlapping('d')} "
        f"AND d.person_id IN ({recognised})",
        params,
    )
    for person_id, id, begin, finish, kind, place in stays:
        persons.setdefault(person_id, Person(person_id)).stays.append(
            Stay(id, as_date(begin), as_date(finish), kind, place)
        )
    claims = register.rows(
        "SELECT r.person_id, r.start_on, r.end_on, o.name FROM {recognition} AS r "
        "LEFT JOIN {organisation} AS o ON o.id = r.organisation_id "
        f"WHERE {overlapping('r')}",
        params,
    )
    for person_id, begin, finish, organisation in claims:
        if person_id in persons:
            persons[person_id].claims.append(
                Claim(as_date(begin), as_date(finish), organisation)
            )
    held = f"SELECT d.person_id FROM {{detention}} AS d WHERE {overlapping('d')}"
    # Without a breakdown only deaths matter: the few persons who died.
    only_deaths = "" if fields or everyone else " AND p.died_on <= %(last)s"
    for row in register.rows(
        "SELECT p.id, p.died_on, NULLIF(p.sex, ''), NULLIF(p.region, ''), "
        "p.birth_on, p.birth_precision, p.visibility "
        f"FROM {{person}} AS p WHERE p.id IN ({held})" + only_deaths,
        params,
    ):
        if row[0] in persons:
            fill(persons[row[0]], row)
    if "article" in fields:
        add_sets(register, persons, "article", params, held)
    if {"health", "vulnerable"} & set(fields):
        add_sets(register, persons, "health", params, held)
    if CASES in fields:
        for person_id, cases in register.rows(
            "SELECT c.person_id, COUNT(*) FROM {case} AS c "
            f"WHERE c.person_id IN ({held}) GROUP BY c.person_id",
            params,
        ):
            if person_id in persons:
                persons[person_id].cases = int(cases)
    return list(persons.values())


def folded_person(person: Person, shown: Places) -> Person:
    """The person with each value of a breakdown of `shown` that it does not
    hold folded (stats.places.fold)."""
    if "region" in shown:
        person.region = fold(person.region, shown["region"])
    if "facility" in shown:
        places = shown["facility"]
        person.stays = [
            replace(s, facility=fold(s.facility, places)) for s in person.stays
        ]
    if "organisation" in shown:
        names = shown["organisation"]
        person.claims = [
            replace(c, organisation=fold(c.organisation, names)) for c in person.claims
        ]
    if "article" in shown:
        person.articles = frozenset(fold(a, shown["article"]) for a in person.articles)
    return person


def moved_sql(
    start: date, end: date, fields: tuple[str, ...]
) -> tuple[str, dict[str, Any]]:
    """SQL: the persons with a detention, a recognition or a life that
    starts or ends after `start` up to `end`, or (by age) a birthday that
    may take them into another band then; a day more each side, and a year
    for a birth date known to the year."""
    params = {"moved_from": day_param(start - ONE_DAY), "moved_to": day_param(end)}
    within = "({0} >= %(moved_from)s AND {0} <= %(moved_to)s)"
    either = f"{within.format('{0}.start_on')} OR {within.format('{0}.end_on')}"
    lives = [within.format("p.died_on")]
    ages_read = [age for age, _ in ages.BANDS if age > 0] if "age" in fields else []
    if "vulnerable" in fields:
        ages_read.append(ages.OLD_AGE)
    for age in sorted(set(ages_read)):
        # A band changes on the birthday of the birth record's last day,
        # at most a year after the stored (first) day.
        low = ages.years_before(start, age) - timedelta(days=367)
        high = ages.years_before(end, age) + ONE_DAY
        params[f"born_after_{age}"], params[f"born_by_{age}"] = map(
            day_param, (low, high)
        )
        lives.append(
            f"(p.birth_on >= %(born_after_{age})s AND p.birth_on <= %(born_by_{age})s)"
        )
    parts = [
        f"SELECT d.person_id FROM {{detention}} AS d WHERE {either.format('d')}",
        f"SELECT r.person_id FROM {{recognition}} AS r WHERE {either.format('r')}",
        f"SELECT p.id FROM {{person}} AS p WHERE {' OR '.join(lives)}",
    ]
    return " UNION ".join(parts), params


def fill(person: Person, row: tuple[Any, ...]) -> None:
    person.died_on = as_date(row[1])
    person.sex, person.region = row[2], row[3]
    person.birth_on, person.birth_precision = as_date(row[4]), row[5]
    person.hidden = row[6] != "public"


def add_sets(
    register: Register,
    persons: dict[int, Person],
    by: str,
    params: dict[str, Any],
    held: str,
) -> None:
    """Articles charged, or health conditions recorded, per person."""
    if by == "article":
        sql = (
            "SELECT c.person_id, a.code || ' ' || a.number FROM {case} AS c "
            "JOIN {charge} AS ch ON ch.case_id = c.id "
            "JOIN {article} AS a ON a.id = ch.article_id "
            f"WHERE c.person_id IN ({held})"
        )
    else:
        sql = (
            "SELECT h.person_id, h.condition FROM {healthnote} AS h "
            f"WHERE h.person_id IN ({held})"
        )
    found: dict[int, set[str | None]] = defaultdict(set)
    for person_id, value in register.rows(sql, params):
        found[person_id].add(value)
    for person_id, values in found.items():
        if person_id not in persons:
            continue
        if by == "article":
            persons[person_id].articles = frozenset(values)
        else:
            persons[person_id].conditions = frozenset(values)
