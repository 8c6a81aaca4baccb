"""The fact sheet: one page a press officer can quote, with its records.

It gathers the count on D and its change since S, persons and cases, the
vulnerable, the deaths in custody and the events since S, a chart of the
count over time, the "as known on" stamp and a methodology paragraph written
from the settings in force. Public fact sheets pass through suppression and
name persons only as their disclosure allows; staff ones are exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from registry.memory import no_cyclic_gc
from stats import ages
from stats.figures import HeldPerson, figures_of, held_people
from stats.flow_reports import FlowLine, flows_report
from stats.flows import (
    Death,
    EventCount,
    Flows,
    deaths_in_custody,
    events,
    flow_tallies,
    flows,
    period_changed,
    public_event_count,
    public_event_persons,
    shown_name,
)
from stats.periods import Line
from stats.places import shown_places
from stats.reports import public_day_report, series_report, staff_report
from stats.series import TOTAL, Series, nearest_shown, series
from stats.suppression import (
    SECONDARY,
    Shown,
    changed_small,
    threshold,
)
from stats.tables import Beside, Done, Register, alongside, approved_grades

VULNERABLE = (
    ("serious_illness", "health", "serious_illness"),
    ("disability", "health", "disability"),
    ("mental_disorder", "health", "mental_disorder"),
    ("aged_60_plus", "age", ages.BANDS[0][1]),
    ("any", "vulnerable", "yes"),
)


@dataclass(frozen=True)
class Number:
    """A figure on the sheet and the records behind it (an anchor and a list)."""

    key: str
    shown: Shown
    records: tuple[str, ...] = ()
    # How many each record stands for, when not one (cases: "p1 (2)").
    weights: tuple[int, ...] = ()

    def text(self, limit: int) -> str:
        return self.shown.text(limit)

    @property
    def size(self) -> int:
        """The figure the listed records add up to."""
        return sum(self.weights) if self.weights else len(self.records)


@dataclass
class Factsheet:
    on: date
    since: date
    known_on: date | None
    public: bool
    threshold: int
    count: Number
    count_since: Number
    cases: Number
    vulnerable: dict[str, Number]
    deaths: list[Death]
    events: list[EventCount]
    # Newly detained, newly recognised, released (in all and by reason),
    # died in custody, between `since` and `on`.
    flows: tuple[FlowLine, ...]
    series: Series
    trend: list[int | None]  # the count at each point of the series (None: hidden)
    methodology: str
    made_on: date = field(default_factory=date.today)
    # Public: for each of its two days ("on", "since") whose count is
    # hidden, the nearest days a public daily series shows beside it.
    nearest: dict[str, list[tuple[date, int]]] = field(default_factory=dict)
    # Public: the figures of events the change rule for periods hides.
    changed: frozenset[Line] = frozenset()

    def event_count(self, event: EventCount) -> Shown:
        """Events of a type, as stats.flows.public_event_count shows them
        in public."""
        if self.public:
            return public_event_count(event, self.changed, self.threshold)
        return Shown(event.type, event.events)

    def event_persons(self, event: EventCount) -> Shown:
        """Distinct persons of an event type, as
        stats.flows.public_event_persons shows them in public."""
        if self.public:
            return public_event_persons(event, self.changed, self.threshold)
        return Shown(event.type, event.persons)

    @property
    def change(self) -> int | None:
        if self.count.shown.count is None or self.count_since.shown.count is None:
            return None
        return self.count.shown.count - self.count_since.shown.count


@no_cyclic_gc()
def factsheet(
    *,
    on: date,
    since: date,
    known_on: date | None,
    moment: datetime | None,
    public: bool,
    listing: bool = True,
) -> Factsheet:
    """Build the fact sheet of day `on`, with changes since `since`.

    `listing` (the HTML form) also lists each event behind an event count;
    the other forms leave the lists of records to it.
    """
    graded = approved_grades() if public else nullcontext()
    with graded, alongside() as beside:
        # The change rule for the period's figures (public) and, where the
        # sheet lists nothing, its events and flows are mostly SQLite's work,
        # a few rows to hand back: where one_reading(parallel=True) lends a
        # connection, they are read there, beside the rest (a listing is
        # Python's work, read here: a thread would wait for the interpreter).
        aside = beside(period_read, since, on, moment, public, listing)
        return assembled(on, since, known_on, moment, public, listing, aside)


class PeriodRead(NamedTuple):
    """What `factsheet` reads beside the rest: the lines of the period the
    change rule hides (public); unless the sheet lists them (then None),
    the events by type and the flows' tallies."""

    changed: frozenset[Line]
    events: list[EventCount] | None
    flows: Flows | None


def period_read(
    since: date, on: date, moment: datetime | None, public: bool, listing: bool
) -> PeriodRead:
    changed = period_changed(since, on, Register(moment)) if public else frozenset()
    if listing:
        return PeriodRead(changed, None, None)
    register = Register(moment)
    found = events(since, on, public=public, register=register)
    return PeriodRead(changed, found, flow_tallies(since, on, register))


def assembled(
    on: date,
    since: date,
    known_on: date | None,
    moment: datetime | None,
    public: bool,
    listing: bool,
    aside: Beside | Done,
) -> Factsheet:
    """The fact sheet of `factsheet`, with what `period_read` read in
    `aside`."""
    held, held_before = held_people(on, moment), held_people(since, moment)
    every = "month" if (on - since).days > 120 else "day"
    trend = series(since, on, every=every, known_on=moment, public=public, closed=True)
    if public:
        # The figures of both days as `rollcall stats --public` shows them:
        # the change rule decided for the chart's ends (the same days) hides
        # each day's count, its cases and the cells they would give away.
        exposed = trend.risky[TOTAL]
        today = public_day_report(figures_of(on, moment, held), exposed[-1])
        # (only the count of `since` is shown: no cell of it to decide)
        before = public_day_report(
            replace(figures_of(since, moment, held_before), breakdowns=()), exposed[0]
        )
    else:
        today = staff_report(figures_of(on, moment, held))
        before = staff_report(figures_of(since, moment, held_before))
    vulnerable = {
        key: Number(
            key,
            cell_of(today.breakdowns[field], value),
            listed(public, [p for p in held if belongs(p, field, value)]),
        )
        for key, field, value in VULNERABLE
    }
    everyone = listed(public, held)
    shown_trend = series_report(trend, public=public).totals
    count, count_since = today.count, before.count
    nearest: dict[str, list[tuple[date, int]]] = {}
    if public:
        count, count_since, shown_trend = changes_protected(
            held, held_before, count, count_since, shown_trend
        )
        hidden_ends = {
            end
            for end, shown in (("on", count), ("since", count_since))
            if shown.count is None
        }
        if hidden_ends:
            nearest = nearest_days(on, since, known_on, moment, hidden_ends)
    deaths = deaths_in_custody(since, on, moment)
    # One state of the register for the lists, which read its persons once.
    register = Register(moment)
    changed, found, moved = aside.result()
    if found is None:
        found = events(since, on, listing=True, public=public, register=register)
    if moved is None:
        moved = flows(since, on, register=register)
    if public:
        deaths = [public_death(death) for death in deaths]
    flowing = flows_report(moved, public=public, changed=changed)
    return Factsheet(
        on=on,
        since=since,
        known_on=known_on,
        public=public,
        threshold=threshold(),
        count=Number("count", count, everyone),
        count_since=Number("count_since", count_since, listed(public, held_before)),
        cases=cases_of(public, held, today.cases),
        vulnerable=vulnerable,
        deaths=deaths,
        events=found,
        flows=flowing.lines,
        series=trend,
        trend=[shown.count for shown in shown_trend],
        methodology=methodology(public, register),
        nearest=nearest,
        changed=changed,
    )


def changes_protected(
    held: list[HeldPerson],
    held_before: list[HeldPerson],
    count: Shown,
    count_since: Shown,
    trend: list[Shown],
) -> tuple[Shown, Shown, list[Shown]]:
    """The count, the count since and the chart's points, so that no change
    between two of them gives away a hidden person (the change rule,
    stats.suppression): the change since S is counted exactly, person by
    person; the chart's first and last points are the two counts, so each
    is hidden wherever the other is."""
    hidden = SECONDARY
    if count.count is None or trend[-1].count is None:
        count = count if count.count is None else Shown(None, None, hidden)
        trend = [*trend[:-1], Shown(None, None, count.suppressed or hidden)]
    now = {p.record_id: p.hidden for p in held}
    then = {p.record_id: p.hidden for p in held_before}
    moved = now.keys() ^ then.keys()
    hidden_moved = sum(1 for r in moved if now.get(r, then.get(r)))
    if count.count is not None and changed_small(len(moved), hidden_moved, threshold()):
        count_since = Shown(None, None, hidden)
    if count_since.count is None or trend[0].count is None:
        if count_since.count is not None:
            count_since = Shown(None, None, hidden)
        trend = [Shown(None, None, count_since.suppressed or hidden), *trend[1:]]
    return count, count_since, trend


# How far from a hidden day the public sheet looks for the nearest days shown.
NEAREST_WITHIN = timedelta(days=31)


def nearest_days(
    on: date,
    since: date,
    known_on: date | None,
    moment: datetime | None,
    ends: set[str],
) -> dict[str, list[tuple[date, int]]]:
    """The nearest days a public daily series shows beside each of `ends`
    of the period ("on", "since"), within a month and up to the day the
    figures are known on (already public, they give away nothing): what a
    press officer can quote where the sheet's own day is hidden."""
    last = max(on, min(on + NEAREST_WITHIN, known_on or date.today()))
    daily = series(
        since - NEAREST_WITHIN, last, every="day", known_on=moment, public=True
    )
    counts = [shown.count for shown in series_report(daily, public=True).totals]
    points = list(daily.points)
    found = {}
    if "on" in ends:
        found["on"] = nearest_shown(points, counts, on, after=since)
    if "since" in ends:
        found["since"] = nearest_shown(points, counts, since, before=on)
    return {end: days for end, days in found.items() if days}


def cell_of(cells: list[Shown], value: str) -> Shown:
    for cell in cells:
        if cell.value == value:
            return cell
    return Shown(value, 0)


def belongs(person: HeldPerson, field: str, value: str) -> bool:
    """Whether a held person is in the cell `value` of breakdown `field`."""
    if field == "health":
        return value in person.conditions
    if field == "age":
        return person.age == value
    return person.vulnerable


def listed(public: bool, persons: list[HeldPerson]) -> tuple[str, ...]:
    """Record ids (staff), or the names the public may see (public)."""
    if not public:
        return tuple(person.record_id for person in persons)
    names = (shown_name(p.name, p.visibility, p.disclosure) for p in persons)
    return tuple(sorted(name for name in names if name is not None))


def cases_of(public: bool, persons: list[HeldPerson], shown: Shown) -> Number:
    """The cases figure and its records: each person with cases, and how many."""
    held = [p for p in persons if p.cases]
    if public:
        names = [(shown_name(p.name, p.visibility, p.disclosure), p) for p in held]
        pairs = sorted((name, p.cases) for name, p in names if name is not None)
    else:
        pairs = [(p.record_id, p.cases) for p in held]
    return Number(
        "cases",
        shown,
        tuple(f"{name} ({count})" for name, count in pairs),
        tuple(count for _, count in pairs),
    )


def death_name(death: Death) -> str:
    """The name shown for a death, translated when the person cannot be named."""
    return death.name if death.nameable else _("a person who cannot be named")


def public_death(death: Death) -> Death:
    """A death as the public may see it: an unnamed person has no id or place."""
    if death.nameable:
        return death
    return Death("", death.name, False, death.died_on, None)


# The initial event types (registry.models.EVENT_TYPES); a type added in the
# back office is shown by the label it was given.
EVENT_LABELS = {
    "arrest": pgettext_lazy("fact sheet", "arrest"),
    "search": pgettext_lazy("fact sheet", "search"),
    "property_seizure": pgettext_lazy("fact sheet", "seizure of property"),
    "ill_treatment": pgettext_lazy("fact sheet", "ill-treatment"),
    "denial_of_medical_care": pgettext_lazy("fact sheet", "denial of medical care"),
    "incommunicado": pgettext_lazy("fact sheet", "held incommunicado"),
    "death_in_custody": pgettext_lazy("fact sheet", "death in custody"),
    "in_absentia_trial": pgettext_lazy("fact sheet", "trial in absentia"),
    "added_to_wanted_list": pgettext_lazy("fact sheet", "added to the wanted list"),
    "added_to_extremist_list": pgettext_lazy(
        "fact sheet", "added to the 'extremist' list"
    ),
    "transfer": pgettext_lazy("fact sheet", "transfer"),
    "release": pgettext_lazy("fact sheet", "release"),
    "pardon": pgettext_lazy("fact sheet", "pardon"),
}


def event_label(event: EventCount) -> str:
    """An event type's name in the sheet's language."""
    found = EVENT_LABELS.get(event.type)
    return event.label if found is None else str(found)


KIND_LABELS = {
    "pretrial": gettext_lazy("pre-trial detention"),
    "prison": gettext_lazy("prison"),
    "colony": gettext_lazy("penal colony"),
    "open_facility": gettext_lazy("open-type facility"),
    "psychiatric": gettext_lazy("psychiatric hospital"),
    "house_arrest": gettext_lazy("house arrest"),
    "unknown": gettext_lazy("unknown"),
}


def methodology(public: bool, register: Register) -> str:
    """The counting rules, written from the settings in force and the
    organisations that recognise persons in `register`: in public, those
    a public person's record names (stats.places), lest the name of one
    that recognised only hidden persons tell that they exist."""
    kinds = ", ".join(
        str(KIND_LABELS.get(kind, kind))
        for kind in settings.ROLLCALL_COUNTED_DETENTION_KINDS
    )
    if public:
        found: Iterable[str] = shown_places(register, ("organisation",))["organisation"]
    else:
        found = (
            name
            for (name,) in register.rows(
                "SELECT DISTINCT o.name FROM {organisation} AS o "
                "JOIN {recognition} AS r ON r.organisation_id = o.id",
                {},
            )
        )
    organisations = ", ".join(sorted(found)) or _("none recorded")
    text = _(
        "A person is counted as a political prisoner on a day when a recognition "
        "by a named organisation (%(organisations)s) is active on that day and a "
        "deprivation of liberty of a counted kind (%(kinds)s) is active on that "
        "day, and the person had not died before it. A date known only to the "
        "month or year counts on every day its record allows. Ages are the age "
        "certainly reached on the day. Periods run from the day after their "
        "first date up to and including their last. Figures are computed from "
        "the register as it stood on the stamped day, from its kept history. "
        "Cases are the prosecutions recorded for the persons counted."
    ) % {"organisations": organisations, "kinds": kinds}
    if public:
        text += " " + _(
            "Cells of fewer than %(threshold)s persons that include a person who "
            "cannot be named are shown as “< %(threshold)s”, and further "
            "cells as “[c]”, so that no hidden cell can be worked out "
            "from the others."
        ) % {"threshold": threshold()}
        text += " " + _(
            "An event type is listed only where a person the public may see "
            "has an event of it."
        )
    return text


def factsheet_json(sheet: Factsheet) -> dict[str, Any]:
    """The documented JSON shape (docs/factsheet.md, docs/factsheet.schema.json)."""
    limit = sheet.threshold
    return {
        "on": sheet.on.isoformat(),
        "since": sheet.since.isoformat(),
        "known_on": sheet.known_on.isoformat() if sheet.known_on else None,
        "made_on": sheet.made_on.isoformat(),
        "public": sheet.public,
        "suppression_threshold": limit if sheet.public else None,
        "count": sheet.count.shown.count,
        "count_since": sheet.count_since.shown.count,
        "change": sheet.change,
        "cases": sheet.cases.shown.count,
        "shown": {
            number.key: number.text(limit)
            for number in [sheet.count, sheet.count_since, sheet.cases]
        },
        "vulnerable": {
            key: number.shown.count for key, number in sheet.vulnerable.items()
        },
        "vulnerable_shown": {
            key: number.text(limit) for key, number in sheet.vulnerable.items()
        },
        "deaths_in_custody": [
            {
                "record_id": death.record_id or None,
                "name": death_name(death),
                "died_on": death.died_on,
                "facility": death.facility,
            }
            for death in sheet.deaths
        ],
        "events": {
            event.type: {
                "label": event_label(event),
                "events": sheet.event_count(event).count,
                "persons": sheet.event_persons(event).count,
            }
            for event in sheet.events
        },
        "flows": [
            {
                "flow": line.flow,
                "reason": line.reason,
                "count": line.shown.count,
                "shown": line.shown.text(limit),
            }
            for line in sheet.flows
        ],
        "series": {
            "every": sheet.series.every,
            "dates": [point.isoformat() for point in sheet.series.points],
            "counts": sheet.trend,
        },
        "methodology": sheet.methodology,
        "nearest_shown": {
            end: [{"day": day.isoformat(), "count": count} for day, count in days]
            for end, days in sheet.nearest.items()
        },
    }
