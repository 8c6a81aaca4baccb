"""Flows between two days and cumulative figures as staff and public outputs.

`rollcall stats --from S --to D --flows` and `rollcall stats --cumulative`
print these. Staff outputs list record ids and exact counts. Public ones
pass every count through stats.suppression (a small flow that includes a
restricted or anonymous person is shown as "< 5"; the releases by reason add
up to the releases, so they get secondary suppression too), except the deaths
in custody, which are listed one by one; they list persons only by the name
their disclosure allows, never a record id.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from registry import models as m
from stats.figures import Figures, figures, recognised_until
from stats.flows import Flows, Listed, flows_changed
from stats.periods import Line
from stats.reports import (
    label,
    public_day_report,
    public_report,
    shown_json,
    staff_report,
)
from stats.series import TOTAL
from stats.suppression import (
    PRIMARY,
    SECONDARY,
    Shown,
    hidden_among_first,
    period_cell,
    small,
    suppress,
    threshold,
)
from stats.tables import Register, as_date, day_param

FLOWS = ("detained", "recognised", "released", "died")
FLOW_LABELS = {
    "detained": "newly detained",
    "recognised": "newly recognised",
    "released": "released",
    "died": "died in custody",
}
REASON_LABELS = {str(value): str(text) for value, text in m.ReleaseReason.choices}


@dataclass(frozen=True)
class FlowLine:
    """One flow (or one reason of release) ready to print."""

    flow: str
    reason: str | None
    shown: Shown
    persons: tuple[str, ...]  # record ids (staff) or public names (public)


@dataclass(frozen=True)
class FlowsReport:
    since: date
    until: date
    known_on: datetime | None
    public: bool
    threshold: int
    lines: tuple[FlowLine, ...]


def flows_report(
    result: Flows,
    *,
    public: bool,
    register: Register | None = None,
    changed: frozenset[Line] | None = None,
) -> FlowsReport:
    """The flows of a period, exact (staff) or suppressed (public: the
    point rule, then the change rule for periods: the lines it hides,
    `changed` if the caller has them (stats.flows.period_changed), else
    stats.flows.flows_changed read from `register` if given, else from the
    register as known then)."""
    persons = result.names  # every person of the flows, named by stats.flows
    limit = threshold()
    if not public:
        changed = frozenset()
    elif changed is None:
        changed = flows_changed(
            result.period.since,
            result.period.until,
            register or Register(result.known_on),
        )
    tallies = result.tallies()
    lines = []
    for flow in FLOWS:
        if flow == "released":
            released = {
                reason: tally
                for (line, reason), tally in tallies.items()
                if line == "released"
            }
            lines += released_lines(
                released, result.released, persons, public, limit, changed
            )
            continue
        # Deaths in custody are listed one by one in public too, a person who
        # cannot be named as such (stats.flows.deaths_in_custody): their
        # number is no secret, and "< 5" beside that list would say nothing.
        shown = counted(
            tallies[flow, None],
            public and flow != "died",
            limit,
            (flow, None) in changed,
        )
        records: list[str] = getattr(result, flow)
        listed = () if shown.suppressed else named(records, persons, public)
        lines.append(FlowLine(flow, None, shown, listed))
    return FlowsReport(
        result.period.since,
        result.period.until,
        result.known_on,
        public,
        limit,
        tuple(lines),
    )


def counted(
    tally: tuple[int, int], public: bool, limit: int, changed: bool = False
) -> Shown:
    """A flow's count (of its `tally`: persons, hidden), exact (staff) or as
    stats.suppression.period_cell shows it (public)."""
    if public:
        return period_cell(None, *tally, changed, limit)
    return Shown(None, tally[0])


def named(
    records: list[str], persons: dict[str, Listed], public: bool
) -> tuple[str, ...]:
    """Record ids (staff), or the names the public may see (public)."""
    if not public:
        return tuple(records)
    names = (persons[r].name for r in records if r in persons)
    return tuple(sorted(name for name in names if name is not None))


def released_lines(
    tallies: dict[str | None, tuple[int, int]],
    released: dict[str | None, list[str]],
    persons: dict[str, Listed],
    public: bool,
    limit: int,
    changed: frozenset[Line] = frozenset(),
) -> list[FlowLine]:
    """The releases in total, then by reason (unknown last), from each
    reason's `tallies` (persons, hidden) and, where read, its `released`
    persons; in public, those the change rule for periods hides (`changed`)
    hidden first."""
    reasons = sorted(tallies, key=lambda r: (r is None, r or ""))
    cells = [tallies[r] for r in reasons]
    # (each released person has one reason: that of their last release)
    total = (sum(count for count, _ in cells), sum(hidden for _, hidden in cells))
    everyone = [r for reason in reasons for r in released.get(reason, [])]
    total_state: str | None = None
    states: list[str | None] = []
    if public:
        if small(*total, limit):
            total_state = PRIMARY
        elif ("released", None) in changed:
            total_state = SECONDARY
        hidden = [
            SECONDARY if ("reason", r or "") in changed else None for r in reasons
        ]
        total_state, states = suppress(total, cells, limit, total_state, hidden)
    lines = [
        FlowLine(
            "released",
            None,
            Shown(None, None if total_state else total[0], total_state),
            () if total_state else named(sorted(everyone), persons, public),
        )
    ]
    for i, reason in enumerate(reasons):
        state = states[i] if public else None
        lines.append(
            FlowLine(
                "released",
                reason or "unknown",
                Shown(reason, None if state else tallies[reason][0], state),
                () if state else named(released.get(reason, []), persons, public),
            )
        )
    return lines


def flow_label(line: FlowLine) -> str:
    if line.reason is None:
        return FLOW_LABELS[line.flow]
    return f"  {REASON_LABELS.get(line.reason, line.reason)}"


def flows_json(report: FlowsReport) -> dict[str, Any]:
    """The documented JSON shape of `rollcall stats --flows --json` (docs/stats.md)."""
    key = "names" if report.public else "records"
    return {
        "from": report.since.isoformat(),
        "to": report.until.isoformat(),
        "known_on": known_iso(report.known_on),
        "public": report.public,
        "suppression_threshold": report.threshold if report.public else None,
        "flows": [
            {
                "flow": line.flow,
                "reason": line.reason,
                **shown_json(line.shown, report.threshold),
                key: list(line.persons),
            }
            for line in report.lines
        ],
    }


def known_iso(moment: datetime | None) -> str | None:
    from stats.reports import known_day

    day = known_day(moment)
    return None if day is None else day.isoformat()


def flows_csv(report: FlowsReport) -> str:
    """One row per flow and reason: count (empty when suppressed), shown, persons."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["flow", "reason", "count", "shown", "names" if report.public else "records"]
    )
    for line in report.lines:
        writer.writerow(
            [
                line.flow,
                line.reason or "",
                "" if line.shown.count is None else line.shown.count,
                line.shown.text(report.threshold),
                "; ".join(line.persons),
            ]
        )
    return out.getvalue()


def flows_text(report: FlowsReport) -> str:
    """A plain listing for the terminal, with the records behind each flow."""
    stamp = known_iso(report.known_on)
    head = f"from {report.since} (not included) to {report.until}"
    lines = [head + (f", as known on {stamp}" if stamp else "") + ":"]
    for line in report.lines:
        text = line.shown.text(report.threshold)
        lines.append(f"{flow_label(line):<24} {text:>7}")
        if line.persons:
            lines.append("    " + ", ".join(line.persons))
    return "\n".join(lines)


@dataclass(frozen=True)
class Cumulative:
    """Persons ever recognised up to a day, beside those held on it, by sex."""

    on: date
    known_on: datetime | None
    ever: Figures
    held: Figures


def cumulative(on: date, known_on: datetime | None = None) -> Cumulative:
    """ "3,200 recognised since 2020, of them 572 women; 1,374 held now, …"."""
    sexes = recognised_until(on, known_on)
    ever = Figures(
        on,
        known_on,
        sum(cell.count for cell in sexes.cells),
        sum(cell.hidden for cell in sexes.cells),
        0,
        (sexes,),
    )
    return Cumulative(on, known_on, ever, figures(on, known_on, by=("sex",)))


def recognised_exposed(
    on: date, known_on: datetime | None = None
) -> dict[str | None, bool]:
    """Whether a public output must hide the count of persons ever recognised
    up to `on` (TOTAL) and each of its cells by sex: the change rule
    (stats.suppression.hidden_among_first) over the days after `on` on which
    persons are first recognised. The count only grows, so its movements
    are those first recognitions; a count whose next few hold a hidden
    person's would give that person's day away beside a later count."""
    rows = Register(known_on).rows(
        "SELECT NULLIF(p.sex, ''), CASE WHEN p.visibility = 'public' THEN 0 ELSE 1 "
        "END, MIN(r.start_on) FROM {recognition} AS r "
        "JOIN {person} AS p ON p.id = r.person_id GROUP BY p.id, p.sex, p.visibility "
        "HAVING COUNT(*) = COUNT(r.start_on) AND MIN(r.start_on) > %(day)s",
        {"day": day_param(on)},
    )
    firsts = [(sex, bool(hidden), as_date(first) or on) for sex, hidden, first in rows]
    last = max((first for _, _, first in firsts), default=on)
    length = (last - on).days + 1
    lines: dict[str | None, tuple[list[int], list[int]]] = {
        TOTAL: ([0] * length, [0] * length)
    }
    for sex, hidden, first in firsts:
        for line in (TOTAL, sex):
            moves, hidden_moves = lines.setdefault(line, ([0] * length, [0] * length))
            moves[(first - on).days] += 1
            hidden_moves[(first - on).days] += hidden
    limit = threshold()
    return {
        line: bool(
            hidden_among_first(zip(moves[1:], hidden[1:], strict=True), limit, False)
        )
        for line, (moves, hidden) in lines.items()
    }


def cumulative_json(result: Cumulative, *, public: bool) -> dict[str, Any]:
    """The documented JSON shape of `rollcall stats --cumulative --json`."""
    if public:
        # Hidden where the change rule hides them: the count held on the
        # day as `stats --public` has it, the count ever recognised where
        # the next first recognitions hold a hidden person's.
        exposed = recognised_exposed(result.on, result.known_on)
        cells = result.ever.breakdowns[0].cells
        parts = {
            "recognised_ever": public_report(
                result.ever,
                total_forced=SECONDARY if exposed[TOTAL] else None,
                forced={
                    "sex": [SECONDARY if exposed.get(c.value) else None for c in cells]
                },
            ),
            "held": public_day_report(result.held),
        }
    else:
        parts = {
            "recognised_ever": staff_report(result.ever),
            "held": staff_report(result.held),
        }
    limit = threshold()
    return {
        "on": result.on.isoformat(),
        "known_on": known_iso(result.known_on),
        "public": public,
        "suppression_threshold": limit if public else None,
        **{
            key: {
                **shown_json(part.count, limit),
                "by_sex": [
                    {
                        "value": cell.value,
                        "label": label("sex", cell.value),
                        **shown_json(cell, limit),
                    }
                    for cell in part.breakdowns["sex"]
                ],
            }
            for key, part in parts.items()
        },
    }


def cumulative_csv(result: Cumulative, *, public: bool) -> str:
    """One row per figure and sex: count (empty when suppressed) and shown."""
    data = cumulative_json(result, public=public)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["figure", "sex", "label", "count", "shown"])
    for key in ("recognised_ever", "held"):
        part = data[key]
        writer.writerow([key, "", "total", blank(part["count"]), shown_of(part)])
        for cell in part["by_sex"]:
            writer.writerow(
                [
                    key,
                    cell["value"] or "",
                    cell["label"],
                    blank(cell["count"]),
                    shown_of(cell),
                ]
            )
    return out.getvalue()


def cumulative_text(result: Cumulative, *, public: bool) -> str:
    data = cumulative_json(result, public=public)
    stamp = f", as known on {data['known_on']}" if data["known_on"] else ""
    titles = {
        "recognised_ever": f"persons ever recognised up to {result.on}{stamp}",
        "held": f"political prisoners on {result.on}{stamp}",
    }
    lines = []
    for key, title in titles.items():
        lines.append(f"{title}: {shown_of(data[key])}")
        for cell in data[key]["by_sex"]:
            lines.append(f"  {cell['label']:<10} {shown_of(cell):>7}")
    return "\n".join(lines)


def blank(count: int | None) -> str:
    return "" if count is None else str(count)


def shown_of(value: dict[str, Any]) -> str:
    return str(value.get("shown", value["count"]))
