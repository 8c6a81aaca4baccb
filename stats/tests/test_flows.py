from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from publish.disclosure import initials
from registry import models as m
from stats.flows import (
    CANNOT_BE_NAMED,
    EventCount,
    deaths_in_custody,
    events,
    flow_tallies,
    flows,
    shown_name,
)
from stats.tests.flow_oracle import flows_by_definition
from stats.tests.registers import detention, event, person, prisoner, recognition
from stats.tests.strategies import build, day_texts, register_specs

pytestmark = pytest.mark.django_db

SINCE, UNTIL = date(2021, 5, 21), date(2024, 5, 21)


def test_flows_list_the_records_behind_each_figure() -> None:
    prisoner("in", "2022-01-10")
    prisoner("before", "2021-05-21")  # on the first day: not "since" it
    prisoner("out", "2021-01-01", "2023-03-01", reason="pardon")
    prisoner("served", "2021-01-01", "2024-05-21", reason="served")
    prisoner("dead", "2021-01-01", died="2024-05-21", in_custody=True)
    result = flows(SINCE, UNTIL)
    assert result.detained == ["in"]
    assert result.recognised == ["in"]
    assert result.released == {"pardon": ["out"], "served": ["served"]}
    assert result.died == ["dead"]


def test_a_transfer_is_not_a_release() -> None:
    who = person("a")
    detention(who, "2021-01-01", "2022-06-01", kind="pretrial", reason="other")
    detention(who, "2022-06-01", kind="colony")
    recognition(who, "2021-01-01")
    assert flows(SINCE, UNTIL).released == {}


def test_a_renewed_recognition_is_newly_recognised_again() -> None:
    who = person("a")
    detention(who, "2021-01-01")
    recognition(who, "2021-01-01", "2022-01-01")
    recognition(who, "2023-01-01", by="BAJ")
    assert flows(SINCE, UNTIL).recognised == ["a"]
    assert flows(date(2021, 1, 1), date(2022, 12, 31)).recognised == []


def test_deaths_are_named_as_disclosure_allows() -> None:
    prisoner(
        "full",
        "2021-01-01",
        name="Vitold Ashurak",
        died="2021-05-21",
        in_custody=True,
        place="Colony 17",
    )
    prisoner(
        "named",
        "2021-01-01",
        name="Ales Pushkin",
        died="2023-07-11",
        in_custody=True,
        place="Colony 17",
    )
    prisoner(
        "short",
        "2021-01-01",
        name="Mikalai Klimovich",
        died="2023-05",
        in_custody=True,
        disclosure="initials",
    )
    prisoner(
        "hidden",
        "2021-01-01",
        name="Secret Person",
        died="2024-05-21",
        in_custody=True,
        visibility="anonymous",
        place="SIZO-1",
    )
    prisoner("free", "2021-01-01", "2021-02-01", died="2022-01-01", in_custody=False)
    deaths = deaths_in_custody(SINCE, UNTIL)
    assert [(d.name, d.died_on, d.facility) for d in deaths] == [
        ("M. K.", "2023-05", None),
        ("Ales Pushkin", "2023-07-11", "Colony 17"),
        (CANNOT_BE_NAMED, "2024-05-21", "SIZO-1"),
    ]
    assert [d.nameable for d in deaths] == [True, True, False]


def test_events_count_events_and_distinct_persons() -> None:
    # Made in this order, b is read before a: each event's records are sorted.
    b, a = person("b", visibility="anonymous"), person("a")
    ids = {
        "search": [
            event("search", "2022-01-01", a, b).id,
            event("search", "2022-02-01", a).id,
        ],
        "property_seizure": [event("property_seizure", "2023-01-01", b).id],
    }
    event("search", "2021-05-21", a)  # the first day is not in the period
    listed = events(SINCE, UNTIL, listing=True)
    counted = {
        c.type: (c.events, c.persons, c.records, c.hidden, c.hidden_events)
        for c in listed
    }
    assert counted == {
        "search": (2, 2, ("a", "b"), 1, 1),
        "property_seizure": (1, 1, ("b",), 1, 1),
    }
    assert [c.listing for c in listed] == [
        (
            f"2022-01-01 #{ids['search'][0]}: a, b",
            f"2022-02-01 #{ids['search'][1]}: a",
        ),
        (f"2023-01-01 #{ids['property_seizure'][0]}: b",),
    ]

    # Without the lists, the same counts from one grouped query.
    def counts(found: list[EventCount]) -> list[tuple[Any, ...]]:
        return [(c.type, c.events, c.persons, c.hidden, c.hidden_events) for c in found]

    assert counts(events(SINCE, UNTIL)) == counts(listed)


@given(
    specs=register_specs,
    days=st.tuples(day_texts, day_texts),
    in_custody=st.lists(st.booleans(), min_size=6, max_size=6),
    reasons=st.lists(st.sampled_from(["", "served", "pardon"]), min_size=18),
)
def test_the_flows_follow_their_definition_person_by_person(
    specs: list, days: tuple[str, str], in_custody: list[bool], reasons: list[str]
) -> None:
    """The SQL of `flows` against the definitions applied person by person
    (stats/tests/flow_oracle.py): detentions, recognitions and deaths of
    every kind of partial date, touching and overlapping, in or out of the
    period, with a reason or none; and the tallies counted in the database
    against those of the persons listed."""
    since, until = sorted(date.fromisoformat(day) for day in days)
    with transaction.atomic():
        made = build(specs)
        for who, died_there in zip(made, in_custody, strict=False):
            m.Person.objects.filter(pk=who.pk).update(died_in_custody=died_there)
        for stay, reason in zip(
            m.Detention.objects.order_by("id"), reasons, strict=False
        ):
            m.Detention.objects.filter(pk=stay.pk).update(release_reason=reason)
        expected = flows_by_definition(since, until)
        got = flows(since, until)
        assert (got.detained, got.recognised, got.died) == (
            expected.detained,
            expected.recognised,
            expected.died,
        )
        assert got.released == expected.released
        # Counted in the database, as an output that lists no one reads them
        assert flow_tallies(since, until).tallies() == got.tallies()
        transaction.set_rollback(True)


def test_a_count_of_events_is_hidden_beside_a_hidden_event_among_the_next() -> None:
    """The change rule for a period's events and their persons, at either
    end, read further than a month or a year when the events around it are
    few."""
    from stats.flows import events_changed
    from stats.tables import Register

    public, secret = person("pub"), person("sec", visibility="restricted")
    for day in range(1, 11):  # ten searches in the period, of a public person
        event("search", f"2022-01-{day:02}", public)

    def changed() -> frozenset[tuple[str, str | None]]:
        return events_changed(SINCE, UNTIL, Register())

    searches = {("events", "search"), ("persons", "search")}
    assert changed() == frozenset()
    # Two searches after its end, the second more than a year later and a
    # hidden person's: a period ending then would differ by two, one hidden.
    event("search", "2024-07-01", public)
    event("search", "2025-08-01", secret)
    assert changed() == searches
    # Five before it: the events differ by the threshold's worth whatever.
    # Not the persons: the one person searched again and again might be in
    # both periods, and only the hidden one differ.
    for day in range(2, 6):
        event("search", f"2024-07-{day:02}", public)
    assert changed() == {("persons", "search")}
    # Five persons searched once each before it: they surely differ.
    for day in range(2, 7):
        event("search", f"2024-07-{day:02}", person(f"once{day}"))
    assert changed() == frozenset()
    # After its start: a later start would take the hidden search away.
    event("search", "2021-06-01", secret)
    assert changed() == searches
    # The types are decided apart: a seizure of a public person alone.
    event("property_seizure", "2022-01-01", public)
    assert changed() == searches


def test_persons_held_again_do_not_hide_a_hidden_person_between_two_periods() -> None:
    """Five public persons detained in both of two periods, and a hidden one
    in the first only: the counts differ by the hidden person alone. Those
    five leave the first period by its start and come back by its end, so
    they do not count as a change that hides one."""
    from stats.tests.registers import detention

    for i in range(5):
        again = prisoner(f"u{i}", "2022-01-05", "2022-01-10")
        detention(again, "2022-03-15", "2022-03-20")
    prisoner("h", "2022-01-20", visibility="anonymous")
    first = (date(2022, 1, 1), date(2022, 3, 1))
    second = (date(2022, 2, 1), date(2022, 4, 1))
    assert [flows(*first).detained, flows(*second).detained] == [
        ["h", "u0", "u1", "u2", "u3", "u4"],
        ["u0", "u1", "u2", "u3", "u4"],
    ]
    assert None in [public_flow(period, "detained") for period in (first, second)]


def test_a_release_is_looked_for_though_its_person_later_died_in_custody() -> None:
    """A hidden person released between two periods' ends, who died in
    custody after both (so counted released in each period containing the
    release): the first period's releases are hidden beside the second's."""
    dead_after_release(("2022-01-05", "2022-01-10"), "2022-01-01", "2022-02-10")
    periods = [
        (date(2022, 1, 1), date(2022, 2, 1)),
        (date(2022, 1, 1), date(2022, 2, 12)),
    ]
    assert [sorted(flows(*period).released[None]) for period in periods] == [
        ["u0", "u1", "u2", "u3", "u4", "u5"],
        ["h", "u0", "u1", "u2", "u3", "u4", "u5"],
    ]
    assert None in [public_flow(period, "released") for period in periods]


def test_a_transfer_is_not_a_new_detention() -> None:
    """Pre-trial detention, then a colony from the next day: detained once,
    when first held; held again after a month at liberty: detained anew."""
    from stats.tests.registers import detention

    moved = prisoner("moved", "2021-01-10", "2022-03-01", kind="pretrial")
    detention(moved, "2022-03-02", "2023-01-01", kind="colony")
    again = prisoner("again", "2021-01-10", "2022-03-01", kind="pretrial")
    detention(again, "2022-04-01", None, kind="colony")
    assert flows(SINCE, UNTIL).detained == ["again"]
    assert flows(date(2021, 1, 1), UNTIL).detained == ["again", "moved"]
    assert flows(SINCE, UNTIL).released == {None: ["again", "moved"]}


def test_a_hidden_death_in_custody_moves_the_releases() -> None:
    """A hidden person released, held again and dead in custody a few days
    later: released in a period that ends before the death, not in one that
    takes it in (the death takes their releases out), so the first period's
    releases are hidden beside the second's."""
    dead_after_release(("2021-06-01", "2021-06-05"), "2021-06-02", "2022-01-02")
    periods = [(SINCE, date(2022, 1, 4)), (SINCE, date(2022, 1, 9))]
    assert [sorted(flows(*period).released[None]) for period in periods] == [
        ["h", "u0", "u1", "u2", "u3", "u4", "u5"],
        ["u0", "u1", "u2", "u3", "u4", "u5"],
    ]
    assert None in [public_flow(period, "released") for period in periods]


def public_flow(period: tuple[date, date], flow: str) -> int | None:
    """The count of a flow (in all) of a period as a public output shows it."""
    from stats.flow_reports import flows_report

    lines = flows_report(flows(*period), public=True).lines
    return next(x.shown.count for x in lines if x.flow == flow and x.reason is None)


def dead_after_release(public: tuple[str, str], held: str, released: str) -> None:
    """Six public persons held over `public` (then released), and "h",
    anonymous, held from `held` to `released`, held again three days later
    and dead in custody four days after the release."""
    from stats.tests.registers import detention

    for i in range(6):
        prisoner(f"u{i}", *public)
    out = date.fromisoformat(released)
    secret = prisoner(
        "h",
        held,
        released,
        visibility="anonymous",
        died=(out + timedelta(days=4)).isoformat(),
        in_custody=True,
    )
    detention(secret, (out + timedelta(days=3)).isoformat(), None)


def test_a_name_given_by_initials_reads_as_on_the_site() -> None:
    """Every public output gives initials by the disclosure rule's own
    function: a fact sheet once made "I. (. P." of what the site shows as
    "I. P."."""
    for name in ("Ivan (Vanya) Petrov", "«Юрый» Кулік", "Anna-Maria  O'Neil", "- X"):
        assert shown_name(name, "public", "initials") == initials(name)
    assert shown_name("Ivan (Vanya) Petrov", "public", "initials") == "I. P."
