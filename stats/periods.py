"""The change rule for the figures of a period (flows, events by type).

A period's figure counts what happened in it: events, or the persons with
a detention, a recognition, a release or an event in it. Two periods whose
ends are a few days apart give, by subtraction, what happened on those days;
when a hidden (restricted or anonymous) person's detention or event is among
a few, that would single it out. So a public output hides a period's figure
("[c]") when, from either end of the period, a hidden person's occurrence
comes among the first after it, before the threshold's worth of others have
come: from its end (a later end would add it) and from its start (a later
start would take it away).

Then two figures shown differ by the threshold's worth or by nothing of a
hidden person's: whichever end of a period moves, the figure it moves from
has looked past it (stats.suppression.changes_exposed does the same for the
count of a day, along one line of days). Only what surely changes a figure,
whatever the other period, counts towards that worth: each event; a person
by their first occurrence after the start (from the end), or when all
theirs are after the start, by their last (from the start). A person with
several can leave a period by its start and come back by its end. The
readers (stats.flows) say which rows surely move a figure and which hidden
ones may; docs/stats.md has the argument case by case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from stats.suppression import hidden_among_first, threshold

# How far the rule reads from each end of a period at first, then next;
# undecided, up to the period's end (from its start) or without end.
WITHIN = (timedelta(days=31), timedelta(days=366), None)

# A figure of a period: a flow ("detained", None), the releases of a reason
# ("reason", the reason, "" unknown), or ("events" or "persons", an event
# type's code).
Line = tuple[str, str | None]
# Occurrences as a reader gives them: their line, after the period's end
# (else after its start), their day, how many of them surely move the figure
# (count towards the threshold), how many are a hidden person's.
Occurrence = tuple[Line, bool, date, int, int]
# Occurrences (after the start, up to `first`; after the end, up to `last`,
# or without end if None) of the lines asked for.
Reader = Callable[[date, date | None, list[Line]], Iterable[Occurrence]]


def changed_lines(
    since: date, until: date, lines: Iterable[Line], read: Reader
) -> frozenset[Line]:
    """The lines whose figure of the period (`since`, `until`] a public
    output must hide. Read a month from each end, then a year, then on,
    each time only for the lines still undecided."""
    limit = threshold()
    # Each line's decision at its start and at its end: True (hide), False,
    # None (read on).
    decided: dict[Line, list[bool | None]] = {line: [None, None] for line in lines}
    for within in WITHIN:
        unsure = [line for line, ends in decided.items() if None in ends]
        if not unsure:
            break
        first = until if within is None else min(since + within, until)
        last = None if within is None else until + within
        days: dict[tuple[Line, bool], dict[date, list[int]]] = defaultdict(dict)
        for line, later, day, moves, hidden in read(first, last, unsure):
            found = days[line, later].setdefault(day, [0, 0])
            found[0] += moves
            found[1] += hidden
        for line in unsure:
            ends = decided[line]
            for end, open_ended in ((False, first < until), (True, last is not None)):
                if ends[end] is None:
                    moved = [
                        tuple(days[line, end][day]) for day in sorted(days[line, end])
                    ]
                    ends[end] = hidden_among_first(moved, limit, open_ended)
    return frozenset(line for line, ends in decided.items() if any(ends))
