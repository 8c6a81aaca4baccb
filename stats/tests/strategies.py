"""Hypothesis strategies: small registers around January 2021."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from registry import models as m
from stats.tests import registers

BASE = date(2021, 1, 1)
FIRST, LAST = date(2020, 12, 25), date(2021, 2, 10)

day_texts = st.integers(-10, 40).map(lambda n: (BASE + timedelta(days=n)).isoformat())
date_texts = st.one_of(
    day_texts, st.sampled_from(["2020-12", "2021-01", "2021-02", "2021", None])
)


@dataclass
class Interval:
    start: str | None
    end: str | None


@st.composite
def intervals(draw: Any) -> Interval:
    start, end = draw(date_texts), draw(date_texts)
    if start and end:
        first = registers.start(start)["start_on"]
        last = registers.end(end)["end_on"]
        if last < first:
            start, end = end, start
            first, last = (
                registers.start(start)["start_on"],
                registers.end(end)["end_on"],
            )
            if last < first:
                end = None
    return Interval(start, end)


@dataclass
class PersonSpec:
    sex: str
    born: str | None
    region: str
    visibility: str
    died: str | None
    detentions: list[tuple[Interval, str, str | None]]
    recognitions: list[tuple[Interval, str]]
    conditions: list[str]
    articles: list[str]


persons = st.builds(
    PersonSpec,
    sex=st.sampled_from(["m", "f", ""]),
    born=st.sampled_from([None, "1960", "1960-12", "1961-01-15", "2003", "2002-12-31"]),
    region=st.sampled_from(["Minsk", "Homel", ""]),
    visibility=st.sampled_from(["public", "public", "restricted", "anonymous"]),
    died=st.one_of(st.none(), day_texts),
    detentions=st.lists(
        st.tuples(
            intervals(),
            st.sampled_from(["colony", "pretrial", "house_arrest"]),
            st.sampled_from([None, "SIZO-1", "Colony 4"]),
        ),
        max_size=3,
    ),
    recognitions=st.lists(
        st.tuples(intervals(), st.sampled_from(["Viasna", "BAJ"])), max_size=2
    ),
    conditions=st.lists(
        st.sampled_from([c.value for c in m.HealthCondition]), max_size=2
    ),
    articles=st.lists(st.sampled_from(["BY-CC 342", "BY-CC 361"]), max_size=2),
)
register_specs = st.lists(persons, max_size=6)


def build(specs: list[PersonSpec], prefix: str = "p") -> list[m.Person]:
    made = []
    for i, spec in enumerate(specs):
        who = registers.person(
            f"{prefix}{i}",
            sex=spec.sex,
            born=spec.born,
            region=spec.region,
            visibility=spec.visibility,
            died=spec.died,
            in_custody=bool(spec.died),
        )
        for interval, kind, place in spec.detentions:
            registers.detention(
                who, interval.start, interval.end, kind=kind, place=place
            )
        for interval, by in spec.recognitions:
            registers.recognition(who, interval.start, interval.end, by=by)
        for condition in spec.conditions:
            registers.health(who, condition)
        if spec.articles:
            registers.case(who, *spec.articles)
        made.append(who)
    return made


def change_later(made: list[m.Person], after: list[PersonSpec]) -> None:
    """Changes to a register built from specs: new persons, every other
    person's recognitions withdrawn and the others' detention dates unset
    (for the figures "as known on" a moment before them)."""
    build(after, prefix="later")
    for who in made[::2]:
        m.Recognition.objects.filter(person=who).delete()
    for stay in m.Detention.objects.filter(person__in=made[1::2]):
        stay.start_on, stay.end_on = None, None
        stay.save()
