from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stats.suppression import PRIMARY, SECONDARY, Shown, small, suppress

cells_strategy = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 3)).map(
        lambda pair: (pair[0], min(pair[0], pair[1]))
    ),
    min_size=1,
    max_size=6,
)


def feasible_values(
    index: int, states: list[str | None], values: list[int], limit: int, cap: int
) -> set[int]:
    """Values variable `index` can take given what a reader sees.

    Variables 0..n-1 are the cells, n is the total; a shown one is fixed.
    The reader knows: cells sum to the total, "< N" is 1..N-1, "[c]" is >= 0.
    """

    def bounds(i: int) -> tuple[int, int]:
        if states[i] == PRIMARY:
            return 1, limit - 1
        if states[i] == SECONDARY:
            return 0, cap
        return values[i], values[i]

    n = len(values) - 1
    found = set()
    low, high = bounds(index)
    for value in range(low, high + 1):
        others = [bounds(i) for i in range(n) if i != index]
        if index == n:
            target_low, target_high = value, value
        else:
            total_low, total_high = bounds(n)
            target_low, target_high = total_low - value, total_high - value
        # The other cells' sum must meet the target range.
        if (
            sum(lo for lo, _ in others) <= target_high
            and sum(hi for _, hi in others) >= target_low
        ):
            found.add(value)
    return found


@settings(max_examples=1000)
@given(cells=cells_strategy, limit=st.integers(3, 8))
def test_no_suppressed_cell_can_be_recomputed(
    cells: list[tuple[int, int]], limit: int
) -> None:
    total = (sum(c for c, _ in cells), sum(h for _, h in cells))
    total_state, states = suppress(total, cells, limit)
    values = [c for c, _ in cells] + [total[0]]
    every = [*states, total_state]
    cap = total[0] + 2 * limit
    for i, state in enumerate(every):
        if state is not None:
            options = feasible_values(i, every, values, limit, cap)
            assert values[i] in options
            assert len(options) >= 2, (i, every, values)
    for (count, hidden), state in zip(cells, states, strict=True):
        if small(count, hidden, limit):
            assert state is not None


def test_a_small_cell_with_an_anonymous_person_is_hidden_with_another() -> None:
    total_state, states = suppress((20, 1), [(2, 1), (10, 0), (8, 0)], 5)
    assert total_state is None
    assert states == [PRIMARY, None, SECONDARY]


def test_a_small_cell_of_public_persons_is_shown() -> None:
    assert suppress((12, 0), [(2, 0), (10, 0)], 5) == (None, [None, None])


def test_shown_cells_read_as_the_public_sees_them() -> None:
    assert Shown("a", None, PRIMARY).text(5) == "< 5"
    assert Shown("a", None, SECONDARY).text(5) == "[c]"
    assert Shown("a", 7).text(5) == "7"
