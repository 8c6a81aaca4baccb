from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from ingest.export import person_records
from registry import models as m
from registry.actions import ActionError, person_merge, person_unmerge
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(tmp_path: Path) -> tuple[m.Person, m.Person]:
    rows = [
        make_row(record_id="a", sources="https://example.org/a", health="disability"),
        make_row(
            record_id="b",
            name="Maria Kolesnikova",
            name_be="",
            name_ru="Колесникова Мария Александровна",
            birth_date="",
            region="",
            detained_on="2020-09-07",
            articles="BY-CC 361.1",
            sources="https://example.org/b",
            recognized_by="BAJ",
        ),
    ]
    import_rows(tmp_path / "p.csv", rows)
    return m.Person.objects.get(record_id="a"), m.Person.objects.get(record_id="b")


def facts(person: m.Person) -> dict[str, object]:
    record = next(person_records([person.pk]))
    return {
        "names": sorted(n.value for n in record.names),
        "detentions": len(record.detentions),
        "recognitions": len(record.recognitions),
        "cases": len(record.cases),
        "health": len(record.health),
        "sources": sorted(record.sources),
        "birth": record.birth_date,
        "region": record.region,
    }


def test_merge_keeps_everything_and_unmerge_restores_both(
    pair: tuple[m.Person, m.Person],
) -> None:
    keep, merge = pair
    editor = User.objects.create_user("editor")
    before = facts(keep), facts(merge)
    done = person_merge(keep=keep, merge=merge, actor=editor, reason="same person")
    after = facts(keep)
    assert (
        after["detentions"] == 2 and after["cases"] == 2 and after["recognitions"] == 2
    )
    assert after["sources"] == ["https://example.org/a", "https://example.org/b"]
    assert "Колесникова Мария Александровна" in after["names"]
    assert "Maria Kolesnikova" in after["names"]  # the merged display name
    merge.refresh_from_db()
    assert merge.merged_into == keep
    assert m.Person.history.filter(
        history_user=editor, history_change_reason="same person"
    ).exists()
    assert m.Person.objects.active().count() == 1

    person_unmerge(merge=done, actor=editor, reason="different people after all")
    keep.refresh_from_db()
    merge.refresh_from_db()
    assert (facts(keep), facts(merge)) == before
    assert merge.merged_into is None
    done.refresh_from_db()
    assert done.undone_by == editor
    with pytest.raises(ActionError, match="already undone"):
        person_unmerge(merge=done, actor=editor, reason="again")


def test_merge_fills_blank_fields_and_unmerge_clears_them(
    pair: tuple[m.Person, m.Person],
) -> None:
    keep, merge = pair
    done = person_merge(keep=merge, merge=keep, actor=None, reason="same")
    merge.refresh_from_db()
    assert merge.birth_date == "1982-04-24" and merge.region == "Minsk"
    person_unmerge(merge=done, actor=None, reason="undo")
    merge.refresh_from_db()
    assert merge.birth_on is None and merge.region == ""


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("self", "into itself"),
        ("no reason", "needs a reason"),
        ("merged", "must be active"),
    ],
)
def test_merges_that_make_no_sense_are_refused(
    pair: tuple[m.Person, m.Person], case: str, message: str
) -> None:
    keep, merge = pair
    if case == "merged":
        person_merge(keep=keep, merge=merge, actor=None, reason="x")
    with pytest.raises(ActionError, match=message):
        person_merge(
            keep=keep,
            merge=keep if case == "self" else merge,
            actor=None,
            reason="" if case == "no reason" else "x",
        )


def test_a_merged_person_is_counted_once(pair: tuple[m.Person, m.Person]) -> None:
    from datetime import date

    from stats.counting import count

    assert count(date(2022, 1, 1)).count == 2
    person_merge(keep=pair[0], merge=pair[1], actor=None, reason="same")
    assert count(date(2022, 1, 1)).count == 1


def test_different_people_needs_a_reason(tmp_path: Path) -> None:
    from registry.actions import pair_mark_distinct

    import_rows(
        tmp_path / "p.csv",
        [make_row(record_id="d-1"), make_row(record_id="d-2", name="Other Person")],
    )
    first, second = m.Person.objects.order_by("pk")
    with pytest.raises(ActionError, match="needs a reason"):
        pair_mark_distinct(first=first, second=second, actor=None, reason=" ")
