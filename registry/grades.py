"""Visibility and disclosure grades, and which of two values hides more."""

from __future__ import annotations

# Grades from the most to the least public: a change towards the end of a
# tuple hides more, towards its start shows more. Restricted hides more than
# anonymous: an anonymous person is still counted in public figures.
GRADES: dict[str, tuple[str, ...]] = {
    "visibility": ("public", "anonymous", "restricted"),
    "name_disclosure": ("full", "initials", "none"),
    "place_disclosure": ("locality", "region", "none"),
}
# The most hiding value of each grade, in the order of GRADES.
MOST_HIDING: tuple[str, ...] = tuple(values[-1] for values in GRADES.values())


def rank(grade: str, value: str) -> int:
    """How hidden a grade value is: higher hides more."""
    return GRADES[grade].index(value)


def strictest(grade: str, *values: str) -> str:
    """The most hiding of several values of a grade."""
    return max(values, key=lambda value: rank(grade, value))


def strictest_of(values: list[tuple[str, ...]]) -> tuple[str, ...]:
    """Grade by grade, the most hiding of several (visibility, name
    disclosure, place disclosure), each in the order of GRADES."""
    return tuple(
        strictest(grade, *(value[i] for value in values))
        for i, grade in enumerate(GRADES)
    )
