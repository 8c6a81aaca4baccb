"""The register as it stood at a moment keeps today's requests for anonymity."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from registry import models as m
from registry.actions import person_merge
from registry.grades import strictest
from stats.factsheet import factsheet, factsheet_json
from stats.flow_reports import flows_json, flows_report
from stats.flows import flows
from stats.sheets import factsheet_html
from stats.tables import Register, approved_grades
from stats.tests.registers import approve_all, event, prisoner

pytestmark = pytest.mark.django_db

GRADES = "p.visibility, p.name_disclosure, p.place_disclosure"


def grades_at(moment: datetime) -> dict[str, tuple[str, str, str]]:
    rows = Register(moment).rows(
        f"SELECT p.record_id, {GRADES} FROM {{person}} AS p", {}
    )
    return {record_id: tuple(grades) for record_id, *grades in rows}


def changed(who: m.Person, **grades: str) -> None:
    """Change a person's grades as every write path does: a new version
    (a draft, until approved)."""
    who.refresh_from_db()
    for grade, value in grades.items():
        setattr(who, grade, value)
    who.version += 1
    who.save()


def test_grades_as_known_before_are_the_strictest_of_then_and_now() -> None:
    hidden_since = prisoner("hidden-since", "2021-01-01")
    shown_since = prisoner("shown-since", "2021-01-01", visibility="anonymous")
    initials_since = prisoner("initials-since", "2021-01-01")
    prisoner("unchanged", "2021-01-01", disclosure="initials")
    moment = timezone.now()
    changed(hidden_since, visibility="restricted")
    changed(shown_since, visibility="public", name_disclosure="full")
    changed(initials_since, name_disclosure="initials", place_disclosure="none")
    found = grades_at(moment)
    assert found["hidden-since"][0] == "restricted"
    assert found["shown-since"][0] == "anonymous"  # (shown now: then it was not)
    assert found["initials-since"][1:] == ("initials", "none")
    assert found["unchanged"][1] == "initials"
    assert grades_at(timezone.now()) == {
        record_id: tuple(grades)
        for record_id, *grades in m.Person.objects.values_list(
            "record_id", "visibility", "name_disclosure", "place_disclosure"
        )
    }


def test_a_record_since_merged_takes_the_grades_of_what_it_is_part_of_now() -> None:
    keep = prisoner("keep", "2021-01-01", visibility="restricted")
    middle = prisoner("middle", "2021-01-01")
    merged = prisoner("merged", "2021-01-01")
    moment = timezone.now()
    actor = None
    person_merge(keep=middle, merge=merged, actor=actor, reason="same person")
    person_merge(keep=keep, merge=middle, actor=actor, reason="same person")
    # (the merge gave `middle` the public grades it had; `keep`'s are stricter)
    found = grades_at(moment)
    assert found["merged"][0] == found["middle"][0] == "restricted"


def test_a_record_since_deleted_is_restricted_as_known_before() -> None:
    gone = prisoner("gone", "2021-01-01")
    moment = timezone.now()
    gone.delete()
    assert grades_at(moment)["gone"] == ("restricted", "none", "none")


def test_public_figures_as_known_before_do_not_name_who_is_hidden_now() -> None:
    """The whole path: a family asks for anonymity today; the public fact
    sheet and flows of every earlier day stop naming the person."""
    who = prisoner(
        "zqid", "2021-01-01", "2022-06-01", name="Zqname Person", reason="served"
    )
    event("search", "2021-03-01", who)
    died = prisoner(
        "zqdead", "2021-01-01", name="Zqdead Person", died="2022-02-02", in_custody=True
    )
    approve_all()
    moment = timezone.now()
    changed(who, visibility="anonymous")
    changed(died, visibility="restricted")
    on, since = date(2022, 6, 1), date(2020, 12, 1)
    sheet = factsheet(on=on, since=since, known_on=on, moment=moment, public=True)
    register = Register(moment)
    moved = flows_json(flows_report(flows(since, on, register=register), public=True))
    texts = [factsheet_html(sheet), str(factsheet_json(sheet)), str(moved)]
    for text in texts:
        for marker in ("Zqname", "Zqdead", "zqid", "zqdead"):
            assert marker not in text


VISIBILITIES = ("public", "anonymous", "restricted")
NAMINGS = ("full", "initials", "none")
# A routine change of a person made after the day the figures are known on:
# new grades (a family's request, or a person shown again), a merge into
# another record, a deletion.
changes = st.lists(
    st.one_of(
        st.tuples(
            st.just("grades"),
            st.integers(0, 4),
            st.sampled_from(VISIBILITIES),
            st.sampled_from(NAMINGS),
        ),
        st.tuples(st.just("merge"), st.integers(0, 4), st.integers(0, 4)),
        st.tuples(st.just("delete"), st.integers(0, 4)),
    ),
    max_size=5,
)


def name(i: int) -> str:
    return f"Zq{i}name Zq{i}surname"


@settings(max_examples=30)
@given(
    st.lists(
        st.tuples(st.sampled_from(VISIBILITIES), st.sampled_from(NAMINGS)),
        min_size=2,
        max_size=5,
    ),
    changes,
)
# (once found on CI: a grade changed and changed back binds nothing)
@example(
    grades=[("public", "full"), ("public", "full")],
    steps=[("grades", 0, "public", "initials"), ("grades", 0, "public", "full")],
)
def test_no_public_figure_as_known_before_names_whom_a_later_change_hides(
    grades: list[tuple[str, str]], steps: list[tuple[Any, ...]]
) -> None:
    """Whatever was changed since, a public fact sheet and flows as known
    before name a person only as the strictest of their grades then, now
    and those of every record they are part of now allow."""
    with transaction.atomic():
        persons = []
        for i, (visibility, naming) in enumerate(grades):
            who = prisoner(
                f"zq{i}id",
                "2021-01-01",
                "2022-06-01" if i % 2 else None,
                name=name(i),
                visibility=visibility,
                disclosure=naming,
                died="2022-02-02" if i == 2 else None,
                in_custody=True if i == 2 else None,
                reason="served",
            )
            event("search", "2021-03-01", who)
            persons.append(who)
        approve_all()
        moment = timezone.now()
        # Each person's grades then, and each change since.
        shown = [[grade] for grade in grades]
        into: dict[int, int] = {}
        for kind, i, *more in steps:
            if i >= len(persons) or i in into or persons[i].pk is None:
                continue
            if kind == "grades":
                changed(persons[i], visibility=more[0], name_disclosure=more[1])
                shown[i].append((more[0], more[1]))
            elif kind == "merge" and more[0] < len(persons) and more[0] != i:
                keep = more[0]
                while keep in into:
                    keep = into[keep]
                if keep == i or persons[keep].pk is None:
                    continue
                person_merge(
                    keep=persons[keep], merge=persons[i], actor=None, reason="x"
                )
                into[i] = keep
                persons[keep].refresh_from_db()
                shown[keep].append(
                    (persons[keep].visibility, persons[keep].name_disclosure)
                )
            elif kind == "delete" and i not in into.values():
                persons[i].delete()
                shown[i].append(("restricted", "none"))
        # Then, now, and now of every record each is part of now (a grade
        # changed and changed back in between binds nothing).
        now = [seen[-1] for seen in shown]
        for i in range(len(persons)):
            shown[i], at = [shown[i][0], now[i]], i
            while at in into:
                at = into[at]
                shown[i].append(now[at])
        on, since = date(2022, 6, 1), date(2020, 12, 1)
        sheet = factsheet(on=on, since=since, known_on=on, moment=moment, public=True)
        moved = flows(since, on, register=Register(moment))
        texts = [
            factsheet_html(sheet),
            json.dumps(factsheet_json(sheet), ensure_ascii=False),
            json.dumps(
                flows_json(flows_report(moved, public=True)), ensure_ascii=False
            ),
        ]
        for i, seen in enumerate(shown):
            visibility = strictest("visibility", *(v for v, _ in seen))
            naming = strictest("name_disclosure", *(n for _, n in seen))
            hidden = [f"zq{i}id"] if visibility != "public" else []
            if visibility != "public" or naming != "full":
                hidden.append(f"Zq{i}name")
            for text in texts:
                assert not [marker for marker in hidden if marker in text], (i, seen)
        transaction.set_rollback(True)


def approved(who: m.Person) -> None:
    from django.contrib.auth import get_user_model

    from review.actions import person_approve

    editor = get_user_model().objects.get_or_create(username="editor")[0]
    person_approve(actor=editor, person=who, reason="checked")


def test_public_reads_give_no_one_looser_grades_than_approved() -> None:
    who = prisoner("shown-in-draft", "2021-01-01", visibility="restricted")
    approved(who)
    moment = timezone.now()
    # A draft: a new version, not approved
    changed(who, visibility="public", name_disclosure="full")
    live = f"SELECT {GRADES} FROM {{person}} AS p"
    assert Register().rows(live, {}) == [("public", "full", "locality")]
    with approved_grades():
        assert Register().rows(live, {}) == [("restricted", "full", "locality")]
        assert grades_at(moment)["shown-in-draft"][0] == "restricted"
        assert grades_at(timezone.now())["shown-in-draft"][0] == "restricted"
    assert Register().rows(live, {}) == [("public", "full", "locality")]
    approved(who)
    with approved_grades():
        assert Register().rows(live, {}) == [("public", "full", "locality")]
    prisoner("never-approved", "2021-01-01")
    with approved_grades():
        assert grades_at(timezone.now())["never-approved"][0] == "restricted"
        assert Register().rows(f"{live} WHERE p.record_id = 'never-approved'", {}) == [
            ("restricted", "none", "none")
        ]


def test_no_public_output_names_whom_no_editor_approved_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A person approved restricted, then made public in a draft, and one
    never approved: every `--public` figure keeps them hidden, read on one
    connection."""
    from rollcall.cli import main

    who = prisoner(
        "zqdraft",
        "2021-01-01",
        "2022-06-01",
        name="Zqdraft Person",
        visibility="restricted",
        region="Zqregion",
        reason="served",
    )
    event("zqtype", "2021-03-01", who)
    approved(who)
    changed(who, visibility="public")
    # A person no editor has approved yet: counted, never named.
    never = prisoner(
        "zqnever", "2021-01-01", "2022-06-01", name="Zqnever Person", reason="served"
    )
    never.region = "Zqneverland"
    never.save()
    event("zqnevertype", "2021-03-01", never)

    def lent() -> None:
        raise AssertionError("a helper read the register without its grades")

    monkeypatch.setattr("stats.tables.lend_helper", lent)
    commands = [
        ["factsheet", "--public", "--on", "2022-06-01", "--since", "2020-12-01"],
        ["factsheet", "--public", "--format", "html", "--on", "2022-06-01"],
        ["factsheet", "--public", "--format", "json", "--on", "2022-06-01"],
        ["stats", "--public", "--flows", "--from", "2020-12-01", "--to", "2022-06-01"],
        ["stats", "--public", "--on", "2022-01-01", "--by", "region"],
        ["series", "--public", "--from", "2021-01-01", "--to", "2022-06-01"],
    ]
    for args in commands:
        assert main(args) == 0
        out = capsys.readouterr().out
        for marker in ("Zqdraft", "zqdraft", "Zqregion", "zqtype", "Zqnever"):
            assert marker not in out, (args, marker)
