"""Small-cell suppression for public figures.

Anonymous and restricted persons are counted in every figure but must not be
singled out. So in a public breakdown:

* **primary**: a cell with fewer than the threshold
  (`ROLLCALL_SUPPRESSION_THRESHOLD`, default 5) persons, at least one of
  them restricted or anonymous, is shown as "< 5" (the total too);
* **secondary**: then, while any hidden cell could still be worked out
  exactly from the total and the other cells, the smallest shown non-zero
  cell is hidden as well (shown as "[c]"), else a zero cell, and as a last
  resort the total.

"Worked out" assumes a reader who knows these rules: a "< 5" cell holds 1
to 4 persons, a "[c]" cell any number, and the cells of a single-valued
breakdown add up to the total. A cell is safe when those facts leave it
more than one possible value. Multi-valued breakdowns (a person in several
cells) get the same treatment, which hides at least as much as needed.
Staff outputs are exact and never pass through here.

A series adds the **change rule** (`changed_small`): the change of a line
between two published points is made by the persons who entered or left
it in between; when fewer than the threshold movements make it and one of
them is a restricted or anonymous person's, one of the two points is
hidden too ("[c]"), so that the change cannot be had by subtraction
(stats.reports.series_report).

For the count (the total line) the rule is decided day by day, whatever
the output (`changes_exposed`): a day's count is hidden when some later day
differs from it by fewer than the threshold movements, one of them a hidden
person's. Then no two counts any public outputs show (a daily series, a
monthly one, the figures of one day, a fact sheet) differ by such a change,
so none can be subtracted from another to single out a hidden person.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from django.conf import settings

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass(frozen=True)
class Shown:
    """A published cell: its count, or None when suppressed (and why)."""

    value: str | None
    count: int | None
    suppressed: str | None = None

    def text(self, threshold: int) -> str:
        if self.suppressed == PRIMARY:
            return f"< {threshold}"
        if self.suppressed == SECONDARY:
            return "[c]"
        return str(self.count)


def threshold() -> int:
    return int(settings.ROLLCALL_SUPPRESSION_THRESHOLD)


def small(count: int, hidden: int, limit: int) -> bool:
    """Primary rule: a small cell that includes a restricted or anonymous person."""
    return 0 < count < limit and hidden > 0


@dataclass
class Table:
    """A total and its cells while suppression is decided."""

    total: int
    cells: list[int]
    limit: int
    total_state: str | None = None
    states: list[str | None] | None = None

    def bounds(self, state: str | None, count: int) -> tuple[float, float]:
        """What a reader knows of a cell: its value, or a range."""
        if state == PRIMARY:
            return 1.0, float(self.limit - 1)
        if state == SECONDARY:
            return 0.0, math.inf
        return float(count), float(count)

    def determined(self) -> bool:
        """Whether a hidden cell (or total) can be worked out exactly."""
        assert self.states is not None
        cells = [
            self.bounds(s, c) for s, c in zip(self.states, self.cells, strict=True)
        ]
        total = self.bounds(self.total_state, self.total)
        for i, state in enumerate(self.states):
            if state is None:
                continue
            others = cells[:i] + cells[i + 1 :]
            # This cell = total - the others.
            lowest = max(cells[i][0], total[0] - sum(high for _, high in others))
            highest = min(cells[i][1], total[1] - sum(low for low, _ in others))
            if lowest >= highest:
                return True
        if self.total_state is not None:
            lowest = max(total[0], sum(low for low, _ in cells))
            highest = min(total[1], sum(high for _, high in cells))
            if lowest >= highest:
                return True
        return False

    def hide_one_more(self) -> bool:
        """Hide the smallest shown non-zero cell, else a zero one, else the total.

        A non-zero cell is preferred: hidden beside a "< N" cell it leaves that
        cell at least two possible values. False when nothing is left to hide.
        """
        assert self.states is not None
        candidates = [
            (count == 0, count, i)
            for i, (count, state) in enumerate(
                zip(self.cells, self.states, strict=True)
            )
            if state is None
        ]
        if candidates:
            self.states[min(candidates)[2]] = SECONDARY
            return True
        if self.total_state is None and self.total > 0:
            self.total_state = SECONDARY
            return True
        return False


def suppress(
    total: tuple[int, int],
    cells: list[tuple[int, int]],
    limit: int,
    total_state: str | None = None,
    forced: list[str | None] | None = None,
) -> tuple[str | None, list[str | None]]:
    """Decide which of `cells` ((count, hidden) each) and the total to hide.

    `total_state` is the total's state decided elsewhere (the headline count
    is shared by every breakdown); `forced`, cells already hidden for another
    reason (a series' change rule). Returns the states of the total and cells.
    """
    table = Table(total[0], [count for count, _ in cells], limit)
    if total_state is None and small(total[0], total[1], limit):
        total_state = PRIMARY
    table.total_state = total_state
    table.states = [
        PRIMARY if small(c, h, limit) else (forced[i] if forced else None)
        for i, (c, h) in enumerate(cells)
    ]
    while table.determined():
        if not table.hide_one_more():
            # Even with everything hidden the "< N" cells give themselves
            # away (say four cells of one person each under a total "< 5"):
            # then no cell says more than "[c]".
            table.states = [SECONDARY for _ in cells]
            break
    return table.total_state, table.states


def changed_small(moves: int, hidden_moves: int, limit: int) -> bool:
    """Change rule: a change between two published points made by fewer
    than `limit` movements, one of them a restricted or anonymous person's."""
    return 0 < moves < limit and hidden_moves > 0


def changes_exposed(
    moves: Sequence[int], hidden_moves: Sequence[int], limit: int
) -> list[bool]:
    """For each day of daily movements (of everyone; of hidden persons),
    whether the count of that day would expose a change (the change rule,
    `changed_small`) beside the count of some later day of the sequence.

    The movements between day i and day k add up as k grows; the first day
    by which `limit` have accumulated ends the search (from there on every
    change is large). The day is exposed when a hidden person's movement
    comes before it. One pass: that end only moves forward as i does.
    """
    everyone, hidden = list(accumulate(moves)), list(accumulate(hidden_moves))
    exposed: list[bool] = []
    end = 0
    for day in range(len(everyone)):
        end = max(end, day)
        while end + 1 < len(everyone) and everyone[end + 1] - everyone[day] < limit:
            end += 1
        exposed.append(hidden[end] > hidden[day])
    return exposed


def hidden_among_first(
    days: Iterable[tuple[int, ...]], limit: int, open_ended: bool
) -> bool | None:
    """The change rule from one day on: whether, of the daily movements
    after it in order (those that surely move the figure, those of hidden
    persons), a hidden one comes before the threshold's worth have (a day
    that reaches it makes a change large enough, whoever made it). None
    when undecided and more days may follow (`open_ended`). What
    `changes_exposed` decides for its first day."""
    moved = 0
    for moves, hidden in days:
        moved += moves
        if moved >= limit:
            return False
        if hidden:
            return True
    return None if open_ended else False


def period_cell(
    value: str | None, count: int, hidden: int, changed: bool, limit: int
) -> Shown:
    """A figure of a period (`hidden`: how many of its `count` are a
    restricted or anonymous person's) as a public output shows it: "< 5" by
    the primary rule, "[c]" where the change rule for periods hides it
    (`changed`, stats.periods)."""
    if small(count, hidden, limit):
        return Shown(value, None, PRIMARY)
    if changed:
        return Shown(value, None, SECONDARY)
    return Shown(value, count)
