from __future__ import annotations

from pathlib import Path

import pytest

from ingest.files import ImportProblems, import_file
from registry import models as m
from registry.tests.builders import import_rows, make_row, write_csv

pytestmark = pytest.mark.django_db

SECOND_SOURCE = make_row(
    record_id="other-77",
    name="Maria Kolesnikova",
    name_be="",
    name_ru="Колесникова Мария Александровна",
    sources="https://example.org/other",
)


@pytest.fixture
def registered(tmp_path: Path) -> Path:
    import_rows(tmp_path / "a.csv", [make_row()])
    return write_csv(
        tmp_path / "b.csv",
        [
            SECOND_SOURCE,
            make_row(
                record_id="new-1",
                name="Ihar Losik",
                name_be="Ігар Лосік",
                name_ru="Игорь Лосик",
                birth_date="1992",
            ),
        ],
    )


def test_a_probable_duplicate_is_reported_and_nothing_imported(
    registered: Path,
) -> None:
    with pytest.raises(ImportProblems) as caught:
        import_file(registered, dry_run=False, progress=False)
    [problem] = caught.value.problems
    assert problem.where == "b.csv:2"
    assert (
        "'other-77' (Maria Kolesnikova) is probably 't-0001' (Maryia Kalesnikava)"
        in problem.message
    )
    assert m.Person.objects.count() == 1


def test_link_merges_the_new_record_into_the_registered_person(
    registered: Path,
) -> None:
    summary = import_file(registered, dry_run=False, progress=False, match="link")
    assert str(summary) == "2 created, 0 updated, 0 unchanged"
    kept = m.Person.objects.get(record_id="t-0001")
    assert m.Person.objects.get(record_id="other-77").merged_into == kept
    assert "Колесникова Мария Александровна" in kept.names.values_list(
        "value", flat=True
    )
    assert m.Merge.objects.get().reason.startswith("linked on import of b.csv (score")
    assert m.Person.objects.active().count() == 2


def test_match_off_imports_as_new_persons(registered: Path) -> None:
    import_file(registered, dry_run=False, progress=False, match="off")
    assert m.Person.objects.active().count() == 3


def test_a_namesake_born_in_another_year_is_not_a_duplicate(tmp_path: Path) -> None:
    import_rows(tmp_path / "a.csv", [make_row()])
    namesake = {**SECOND_SOURCE, "birth_date": "1961", "detained_on": "2023-01-01"}
    import_rows(tmp_path / "b.csv", [namesake])
    assert m.Person.objects.active().count() == 2


def test_a_changed_row_of_a_merged_record_is_refused(
    registered: Path, tmp_path: Path
) -> None:
    import_file(registered, dry_run=False, progress=False, match="link")
    changed = {**SECOND_SOURCE, "notes": "moved to another colony"}
    path = write_csv(tmp_path / "c.csv", [changed])
    with pytest.raises(ImportProblems) as caught:
        import_file(path, dry_run=False, progress=False)
    assert [str(p) for p in caught.value.problems] == [
        "c.csv:2: record_id 'other-77' was merged into 't-0001': "
        "update that record, or undo the merge first"
    ]
