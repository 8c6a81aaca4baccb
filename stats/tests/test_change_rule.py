"""The change rule: no public output lets a hidden person's change be had by
subtracting two published figures (stats.suppression, stats.reports).

Checked against a day-by-day count of who is in each line, person by person,
on generated registers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import accumulate, combinations
from typing import Any

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from stats.factsheet import VULNERABLE, factsheet
from stats.figures import figures, held_people, held_records
from stats.flow_reports import cumulative, cumulative_json
from stats.reports import public_day_report, series_report
from stats.series import TOTAL, cells_exposed_on, exposed_on, series
from stats.suppression import threshold
from stats.tests.registers import approve_all
from stats.tests.strategies import FIRST, LAST, build, change_later, register_specs

pytestmark = pytest.mark.django_db
VULNERABLE_FIELDS = ("health", "age", "vulnerable")
EVERY_DAY = [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]


def members(day: date, by: str | None, value: str | None) -> set[str]:
    """Record ids in a line on a day (the total, or one cell of `by`)."""
    if by is None or value == TOTAL:
        return {p.record_id for p in held_people(day)}
    return set(held_records(day, by=by, value=value))


def movements(
    days: list[date], line: dict[date, set[str]], hidden: set[str]
) -> tuple[int, int]:
    """Entries and exits of the line over `days` (each compared with the day
    before it), of everyone and of hidden persons."""
    moves = hidden_moves = 0
    for day in days:
        changed = line[day] ^ line[day - timedelta(days=1)]
        moves += len(changed)
        hidden_moves += len(changed & hidden)
    return moves, hidden_moves


@settings(max_examples=25, deadline=None)
@given(specs=register_specs, by=st.sampled_from((None, "sex", "kind")))
def test_no_published_change_singles_out_a_hidden_person(
    specs: list, by: str | None
) -> None:
    limit = threshold()
    with transaction.atomic():
        persons = build(specs)
        hidden = {p.record_id for p in persons if p.visibility != "public"}
        result = series(FIRST, LAST, by=by, public=True)
        report = series_report(result, public=True)
        shown = {TOTAL: report.totals, **report.lines}
        for value, points in shown.items():
            line = {
                day: members(day, by, value)
                for day in [FIRST - timedelta(days=1), *EVERY_DAY]
            }
            published = [i for i, point in enumerate(points) if point.count is not None]
            for earlier, later in zip(published, published[1:], strict=False):
                days = EVERY_DAY[earlier + 1 : later + 1]
                moves, hidden_moves = movements(days, line, hidden)
                assert not (0 < moves < limit and hidden_moves), (value, days)
                # And the published figures are the line's.
                assert points[later].count == len(line[EVERY_DAY[later]])
        transaction.set_rollback(True)


@settings(max_examples=25, deadline=None)
@given(specs=register_specs, step=st.integers(1, 6))
def test_no_two_public_outputs_give_a_hidden_change_away(
    specs: list, step: int
) -> None:
    """The counts shown by a daily series, a weekly and a monthly one over
    other ranges, the figures of single days (with `--cumulative` too) and
    a fact sheet: no two of
    them, from whichever outputs, differ by a small change a hidden person
    makes (each output alone keeps its own points apart: not enough)."""
    with transaction.atomic():
        persons = build(specs)
        hidden = {p.record_id for p in persons if p.visibility != "public"}
        shown: dict[date, int] = {}

        def show(day: date, count: int | None) -> None:
            if count is not None:
                assert shown.setdefault(day, count) == count, day

        ranges = (("day", FIRST), ("week", FIRST + timedelta(days=step)))
        for every, start in (*ranges, ("month", FIRST + timedelta(days=2 * step))):
            report = series_report(
                series(start, LAST, every=every, public=True), public=True
            )
            for day, point in zip(report.series.points, report.totals, strict=True):
                show(day, point.count)
        for day in EVERY_DAY[::step]:
            show(day, public_day_report(figures(day)).count.count)
            both = cumulative_json(cumulative(day), public=True)
            show(day, both["held"]["count"])
        on, since = EVERY_DAY[-step], EVERY_DAY[step]
        sheet = factsheet(on=on, since=since, known_on=None, moment=None, public=True)
        show(on, sheet.count.shown.count)
        show(since, sheet.count_since.shown.count)
        apart_safely(shown, None, TOTAL, hidden)
        transaction.set_rollback(True)


@settings(max_examples=20, deadline=None)
@given(
    specs=register_specs,
    step=st.integers(1, 6),
    by=st.sampled_from(("sex", "kind", "age", "health")),
)
def test_no_two_public_outputs_give_a_hidden_change_in_a_cell_away(
    specs: list, step: int, by: str
) -> None:
    """The cells of a daily, a weekly and a monthly series over other
    ranges and of the figures of single days: no two shown counts of a
    cell, from whichever outputs, differ by a small change a hidden person
    makes."""
    with transaction.atomic():
        persons = build(specs)
        hidden = {p.record_id for p in persons if p.visibility != "public"}
        shown: dict[str | None, dict[date, int]] = {}

        def show(value: str | None, day: date, count: int | None) -> None:
            if count is not None:
                cell = shown.setdefault(value, {})
                assert cell.setdefault(day, count) == count, (value, day)

        ranges = (("day", FIRST), ("week", FIRST + timedelta(days=step)))
        for every, start in (*ranges, ("month", FIRST + timedelta(days=2 * step))):
            found = series(start, LAST, every=every, by=by, public=True)
            report = series_report(found, public=True)
            for value, points in report.lines.items():
                for day, point in zip(found.points, points, strict=True):
                    show(value, day, point.count)
        for day in EVERY_DAY[::step]:
            for cell in public_day_report(figures(day, by=(by,))).breakdowns[by]:
                show(cell.value, day, cell.count)
        for value, days in shown.items():
            apart_safely(days, by, value, hidden)
        transaction.set_rollback(True)


@settings(max_examples=20, deadline=None)
@given(
    specs=register_specs,
    step=st.integers(1, 6),
    by=st.sampled_from(("kind", "age", "vulnerable", "organisation")),
)
def test_a_day_hides_each_cell_as_the_series_hides_it(
    specs: list, step: int, by: str
) -> None:
    """`cells_exposed_on` reads only the persons who move after the day,
    and at first only a month of them; it decides each cell as a daily
    series by the field (which reads everyone, to the register's end)."""
    with transaction.atomic():
        build(specs)
        found = series(FIRST, LAST, by=by, public=True)
        for i, day in list(enumerate(found.points))[::step]:
            result = figures(day, by=(by,))
            decided = cells_exposed_on(result)[by]
            cells = result.breakdowns[0].cells
            expected = [found.risky[cell.value][i] for cell in cells]
            assert decided == expected, (day, [c.value for c in cells])
        transaction.set_rollback(True)


def test_a_birthday_is_a_movement_between_age_bands() -> None:
    """A hidden person held throughout, who turns 60 soon after the day,
    leaves the 50-59 cell: the only movement of it, so the day hides that
    cell as the series does, though nothing of theirs starts or ends."""
    from stats.tests.registers import prisoner

    for i in range(6):
        prisoner(f"p{i}", "2020-01-01", born="1980")
    prisoner("anon", "2020-01-01", born="1960-06-15", visibility="anonymous")
    day = date(2020, 6, 10)
    result = figures(day, by=("age",))
    cells = [cell.value for cell in result.breakdowns[0].cells]
    decided = dict(zip(cells, cells_exposed_on(result)["age"], strict=True))
    assert decided == {"30-39": False, "50-59": True}
    risky = series(day, day, by="age", public=True).risky
    assert risky["50-59"] == (True,) and risky["30-39"] == (False,)


@settings(max_examples=25, deadline=None)
@given(specs=register_specs, step=st.integers(1, 6))
def test_no_two_counts_ever_recognised_give_a_hidden_recognition_away(
    specs: list, step: int
) -> None:
    """`stats --cumulative --public` on any days: no two counts it shows of
    persons ever recognised (in all, or of one sex) differ by fewer than
    the threshold first recognitions, one of them a hidden person's."""
    from stats.tests.registers import prisoner

    with transaction.atomic():
        # Counts large enough to show, of each sex, before the changes.
        base = [prisoner(f"b{i}", "2020-01-01", sex="mf"[i % 2]) for i in range(12)]
        persons = base + build(specs)
        hidden = {p.record_id for p in persons if p.visibility != "public"}
        sexes = {p.record_id: p.sex or None for p in persons}
        shown: dict[str | None, dict[date, int]] = {}
        for day in EVERY_DAY[::step]:
            ever = cumulative_json(cumulative(day), public=True)["recognised_ever"]
            lines = [(TOTAL, ever["count"])]
            lines += [(cell["value"], cell["count"]) for cell in ever["by_sex"]]
            for line, count in lines:
                if count is not None:
                    shown.setdefault(line, {})[day] = count
        for line, days in shown.items():
            members = {
                day: {
                    r for r in recognised_ever(day) if line == TOTAL or sexes[r] == line
                }
                for day in days
            }
            for day, count in days.items():
                assert count == len(members[day]), (line, day)
            # (the persons ever recognised only grow: apart, those who came)
            apart_enough(members, hidden, line)
        transaction.set_rollback(True)


def recognised_ever(day: date) -> set[str]:
    """Record ids of the persons with a recognition starting by `day`."""
    from django.db.models import Q

    from registry import models as m

    found = m.Recognition.objects.filter(
        Q(start_on__isnull=True) | Q(start_on__lte=day)
    )
    return set(found.values_list("person__record_id", flat=True))


@settings(max_examples=50, deadline=None)
@given(
    before=register_specs,
    after=register_specs,
    day=st.sampled_from(EVERY_DAY),
    by=st.sampled_from(("sex", "kind", "age", "health")),
)
def test_a_public_day_known_on_k_ignores_every_later_change(
    before: list, after: list, day: date, by: str
) -> None:
    """The change rule reads the register as known on K too: the count and
    the cells `stats --public --known-on K` hides are those it hid on K,
    whatever is recorded later (the persons who move after the day are
    read from the tables as they stood then)."""
    import time_machine

    from stats.flow_reports import recognised_exposed

    first, known, later = (
        datetime(2024, 1, 10, tzinfo=UTC),
        datetime(2024, 6, 1, tzinfo=UTC),
        datetime(2025, 1, 10, tzinfo=UTC),
    )
    with transaction.atomic():
        with time_machine.travel(first, tick=False):
            made = build(before)
            result = figures(day, by=(by,))
            decided = (exposed_on(day), cells_exposed_on(result))
            expected = public_day_report(result)
            recognised = recognised_exposed(day)
        with time_machine.travel(later, tick=False):
            change_later(made, after)
        # (read today, with the horizon of today's register)
        result = figures(day, known, by=(by,))
        assert (exposed_on(day, known), cells_exposed_on(result)) == decided
        assert recognised_exposed(day, known) == recognised
        found = public_day_report(result)
        assert found.count == expected.count
        assert found.cases == expected.cases
        assert found.breakdowns == expected.breakdowns
        transaction.set_rollback(True)


def apart_safely(
    shown: dict[date, int], by: str | None, value: str | None, hidden: set[str]
) -> None:
    """The counts `shown` of a line are its counts, and no two of them
    differ by fewer than the threshold movements, one a hidden person's."""
    line = {
        day: members(day, by, value) for day in [FIRST - timedelta(days=1), *EVERY_DAY]
    }
    daily = [movements([day], line, hidden) for day in EVERY_DAY]
    moves = list(accumulate(m for m, _ in daily))
    hidden_moves = list(accumulate(h for _, h in daily))
    index = {day: i for i, day in enumerate(EVERY_DAY)}
    for day, count in shown.items():
        assert count == len(line[day]), (value, day)
    for earlier, later in combinations(sorted(shown), 2):
        apart = moves[index[later]] - moves[index[earlier]]
        secret = hidden_moves[index[later]] - hidden_moves[index[earlier]]
        assert not (0 < apart < threshold() and secret), (value, earlier, later)


@settings(max_examples=25, deadline=None)
@given(specs=register_specs)
def test_the_public_fact_sheet_keeps_its_change_and_chart_safe(specs: list) -> None:
    limit = threshold()
    on, since = LAST, FIRST + timedelta(days=3)
    with transaction.atomic():
        persons = build(specs)
        hidden = {p.record_id for p in persons if p.visibility != "public"}
        sheet = factsheet(on=on, since=since, known_on=None, moment=None, public=True)
        # The chart's ends are the two counts: shown or hidden together.
        assert sheet.trend[0] == sheet.count_since.shown.count
        assert sheet.trend[-1] == sheet.count.shown.count
        if sheet.change is not None:
            now = {p.record_id for p in held_people(on)}
            then = {p.record_id for p in held_people(since)}
            moved = now ^ then
            assert not (0 < len(moved) < limit and moved & hidden)
        transaction.set_rollback(True)


@settings(max_examples=20, deadline=None)
@given(specs=register_specs, step=st.integers(1, 20))
def test_a_public_fact_sheet_shows_of_its_days_only_what_stats_shows(
    specs: list, step: int
) -> None:
    """The count, the cases and the vulnerable cells a public fact sheet
    shows of its day are those `rollcall stats --public --by health --by
    age --by vulnerable` shows, and its count of the first day is never one
    `stats --public` hides (the sheet may hide it for the change between
    its days). Else a cell shown beside a hidden count gives the count
    back, and with it a change."""
    with transaction.atomic():
        build(specs)
        approve_all()  # (a public sheet names only what was approved)
        on, since = LAST - timedelta(days=step), FIRST + timedelta(days=step)
        sheet = factsheet(on=on, since=since, known_on=None, moment=None, public=True)
        before = public_day_report(figures(since))
        assert sheet.count_since.shown.count in (None, before.count.count)
        report = public_day_report(figures(on, by=VULNERABLE_FIELDS))
        assert sheet.count.shown.count == report.count.count
        assert sheet.cases.shown.count == report.cases.count
        for key, by, value in VULNERABLE:
            cells = [c for c in report.breakdowns[by] if c.value == value]
            expected = cells[0].count if cells else 0
            assert sheet.vulnerable[key].shown.count == expected, key
        transaction.set_rollback(True)


def test_a_hidden_arrival_among_few_is_not_given_away() -> None:
    """One anonymous person detained on a quiet day: the day's point hides."""
    from stats.tests.registers import prisoner

    for i in range(8):
        prisoner(f"p{i}", "2020-01-01")
    prisoner("anon", "2021-01-05", visibility="anonymous")
    result = series(date(2021, 1, 1), date(2021, 1, 10), public=True)
    report = series_report(result, public=True)
    counts = [shown.count for shown in report.totals]
    assert counts[-1] == 9  # the latest figure is kept
    assert counts[:4] == [None] * 4  # the days before the arrival are hidden
    assert counts[4:] == [9] * 6
    staff = series_report(result, public=False)
    assert [s.count for s in staff.totals] == [8] * 4 + [9] * 6


def test_a_day_is_hidden_alone_as_the_series_hides_it() -> None:
    """`exposed_on` (the figures of one day) decides as a public series
    does, from the week after the day when it holds enough movements and
    from the rest of the register when it does not."""
    from stats.series import exposed_on
    from stats.tests.registers import prisoner

    for i in range(8):
        prisoner(f"p{i}", "2020-01-01")
    for i in range(5):
        prisoner(f"a{i}", "2021-01-02")
        prisoner(f"b{i}", "2021-01-04", "2021-01-20")
    prisoner("anon", "2021-01-03", visibility="anonymous")
    start, end = date(2020, 12, 28), date(2021, 1, 25)
    risky = series(start, end, public=True).risky[TOTAL]
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    alone = [exposed_on(day) for day in days]
    assert alone == list(risky)
    # Only the day before the arrival: five arrivals stand between it and
    # every earlier day, and every later day sees no hidden movement.
    assert [day for day, hidden in zip(days, alone, strict=True) if hidden] == [
        date(2021, 1, 2)
    ]


def test_the_rule_looks_a_year_past_today_at_most() -> None:
    """A mistyped year of release does not make a public series centuries
    long: the change rule reads movements up to a year after today."""
    from stats.series import HORIZON_AFTER, last_movement
    from stats.tables import Register
    from stats.tests.registers import prisoner

    for i in range(3):
        prisoner(f"p{i}", "2020-01-01")
    today = date.today()
    assert last_movement(Register(), date(2020, 6, 1)) == today
    prisoner("typo", "2020-02-01", "2999-01-01", visibility="anonymous")
    assert last_movement(Register(), date(2020, 6, 1)) == today + HORIZON_AFTER
    result = series(date(2020, 1, 1), date(2020, 3, 1), public=True)
    assert len(result.risky[TOTAL]) == len(result.points)
    # The anonymous arrival is among the few movements after January.
    assert series_report(result, public=True).totals[0].count is None


EVENT_DAY = date(2022, 3, 1)
# Events over a fortnight, mostly of one type (a few days between two
# periods' ends hold some, a hidden person's among them), and the ends of
# periods every other day.
event_specs = st.lists(
    st.tuples(
        st.sampled_from(["search", "search", "search", "arrest"]),
        st.integers(0, 14),  # the event's day, from EVENT_DAY
        st.lists(st.integers(0, 5), max_size=2, unique=True),  # its persons
    ),
    min_size=12,
    max_size=30,
)
PERIOD_ENDS = [EVENT_DAY + timedelta(days=n) for n in range(-1, 16, 2)]


@settings(max_examples=25, deadline=None)
@given(made=event_specs, hidden=st.sets(st.integers(0, 5), max_size=3))
def test_no_two_periods_give_a_hidden_event_away(
    made: list[tuple[str, int, list[int]]], hidden: set[int]
) -> None:
    """A public fact sheet of any period: no two figures of events of a type
    it shows (its events, its persons; of two periods) differ by fewer than
    the threshold events or persons, one of them a hidden person's; each
    figure shown is what it counts."""
    from stats.flows import (
        events,
        events_changed,
        public_event_count,
        public_event_persons,
    )
    from stats.tables import Register
    from stats.tests.registers import event, person

    limit = threshold()
    with transaction.atomic():
        persons = [
            person(f"e{i}", visibility="anonymous" if i in hidden else "public")
            for i in range(6)
        ]
        found: list[tuple[str, date, list[int]]] = []  # type, day, persons
        for code, day, who in made:
            on = EVENT_DAY + timedelta(days=day)
            event(code, on.isoformat(), *(persons[i] for i in who))
            found.append((code, on, who))
        shown: dict[tuple[str, str], dict[tuple[date, date], int]] = {}
        for since, until in combinations(PERIOD_ENDS, 2):
            changed = events_changed(since, until, Register())
            # (a type without events in the period is not listed: 0)
            counts = {(kind, code): 0 for code, _, _ in made for kind in KINDS}
            for count in events(since, until):
                for kind, public in zip(
                    KINDS,
                    (
                        public_event_count(count, changed, limit),
                        public_event_persons(count, changed, limit),
                    ),
                    strict=True,
                ):
                    counts[kind, count.type] = public.count
            for line, value in counts.items():
                if value is not None:
                    shown.setdefault(line, {})[since, until] = value
        for (kind, code), periods in shown.items():
            # The events (by index) or the persons of the type in a period.
            within = {
                (since, until): {
                    key
                    for i, (of, day, who) in enumerate(found)
                    if of == code and since < day <= until
                    for key in ([("e", i)] if kind == "events" else who)
                }
                for since, until in periods
            }
            secret = {
                ("e", i) for i, (_, _, who) in enumerate(found) if hidden & set(who)
            }
            secret |= hidden
            for period, count in periods.items():
                assert count == len(within[period]), (kind, code, period)
            apart_enough(within, secret, (kind, code))
        transaction.set_rollback(True)


def apart_enough(members: dict[Any, set[Any]], hidden: set[Any], line: Any) -> None:
    """No two of the shown figures of `line` (their members by period)
    differ by fewer than the threshold members, one of them `hidden`."""
    for one, other in combinations(members, 2):
        apart = members[one] ^ members[other]
        assert not (0 < len(apart) < threshold() and apart & hidden), (line, one, other)


KINDS = ("events", "persons")
FLOW_ENDS = EVERY_DAY[::5]


@settings(max_examples=20, deadline=None)
@given(
    specs=register_specs,
    reasons=st.lists(st.sampled_from(["", "served", "pardon"]), min_size=18),
    once=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 20)), max_size=8),
    again=st.lists(st.tuples(st.integers(0, 20), st.integers(1, 20)), max_size=8),
)
def test_no_two_periods_give_a_hidden_flow_away(
    specs: list,
    reasons: list[str],
    once: list[tuple[int, int]],
    again: list[tuple[int, int]],
) -> None:
    """`rollcall stats --flows --public` of any period: no two counts it
    shows of a flow (newly detained, newly recognised, released in all or
    by reason; of two periods) differ by fewer than the threshold persons,
    one of them hidden; each count shown is its persons'. Public persons
    held once (who surely differ) and twice (who may be in both periods),
    beside generated ones held up to three times, a detention or
    recognition of a person ending where another starts."""
    from registry import models as m
    from stats.flow_reports import flows_report
    from stats.flows import flows, period_changed
    from stats.tables import Register
    from stats.tests.registers import detention, prisoner

    with transaction.atomic():
        for i, (start, days) in enumerate(once):
            first = FIRST + timedelta(days=start)
            prisoner(
                f"once{i}",
                first.isoformat(),
                (first + timedelta(days=days)).isoformat(),
            )
        for i, (start, gap) in enumerate(again):
            first = FIRST + timedelta(days=start)
            second = first + timedelta(days=gap + 2)
            twice = prisoner(
                f"again{i}", first.isoformat(), (first + timedelta(days=1)).isoformat()
            )
            detention(
                twice, second.isoformat(), (second + timedelta(days=1)).isoformat()
            )
        made = build(specs)
        hidden = {p.record_id for p in made if p.visibility != "public"}
        for stay, reason in zip(
            m.Detention.objects.order_by("id"), reasons, strict=False
        ):
            m.Detention.objects.filter(pk=stay.pk).update(release_reason=reason)
        shown: dict[tuple[str, str | None], dict[tuple[date, date], set[str]]] = {}
        for since, until in combinations(FLOW_ENDS, 2):
            staff = flows(since, until)
            members: dict[tuple[str, str | None], set[str]] = {
                ("detained", None): set(staff.detained),
                ("recognised", None): set(staff.recognised),
                ("released", None): {r for rs in staff.released.values() for r in rs},
            }
            for reason, records in staff.released.items():
                members["released", reason or "unknown"] = set(records)
            report = flows_report(staff, public=True)
            # As a fact sheet decides them, beside its events (stats.factsheet)
            changed = period_changed(since, until, Register())
            assert flows_report(staff, public=True, changed=changed) == report
            for line in report.lines:
                key = (line.flow, line.reason)
                if line.flow != "died" and line.shown.count is not None:
                    assert line.shown.count == len(members[key]), (key, since, until)
                    shown.setdefault(key, {})[since, until] = members[key]
        for key, periods in shown.items():
            apart_enough(periods, hidden, key)
        transaction.set_rollback(True)
