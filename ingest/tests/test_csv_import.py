from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.files import ImportProblems, import_file
from registry import models as m
from registry.tests.builders import csv_text, make_row, write_csv

pytestmark = pytest.mark.django_db


def run(path: Path, *, dry_run: bool = False) -> str:
    return str(import_file(path, dry_run=dry_run, progress=False))


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        run(path)
    return [str(p) for p in caught.value.problems]


def test_sample_file_imports_every_fact(samples: Path) -> None:
    assert run(samples / "people.csv") == "2 created, 0 updated, 0 unchanged"
    person = m.Person.objects.get(record_id="vs-00123")
    assert person.display_name == "Vitold Ashurak"
    assert person.birth_date == "1970"
    assert sorted(person.names.values_list("kind", "value")) == [
        ("be", "Вітольд Ашурак"),
        ("ru", "Витольд Ашурок"),
    ]
    detention = person.detentions.get()
    assert (detention.kind, detention.start_date, detention.end_on) == (
        "colony",
        "2020-09-18",
        None,
    )
    assert detention.facility.postal_address == ""  # Shklou has none on record
    organisations = person.recognitions.values_list("organisation__name", flat=True)
    assert sorted(organisations) == ["BAJ", "Viasna"]
    case = person.cases.get()
    assert [str(c) for c in case.charges.all()] == ["BY-CC 342.1", "BY-CC 364"]
    assert case.sentence_months == 60
    assert person.health_notes.get().condition == "serious_illness"
    assert person.died_in_custody is True
    assert m.Citation.objects.filter(object_id=person.pk).count() == 2


def test_importing_the_same_file_twice_changes_nothing(samples: Path) -> None:
    run(samples / "people.csv")
    history = m.Person.history.count() + m.Detention.history.count()
    assert run(samples / "people.csv") == "0 created, 0 updated, 2 unchanged"
    assert m.Person.history.count() + m.Detention.history.count() == history


def test_changed_row_updates_the_record_and_keeps_history(tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", [make_row()])
    run(tmp_path / "a.csv")
    write_csv(
        tmp_path / "a.csv",
        [make_row(released_on="2025-02-01", release_reason="pardon")],
    )
    assert run(tmp_path / "a.csv") == "0 created, 1 updated, 0 unchanged"
    detention = m.Detention.objects.get()
    assert detention.end_date == "2025-02-01"
    assert detention.release_reason == "pardon"
    reasons = set(
        m.Detention.history.values_list("history_type", "history_change_reason")
    )
    assert ("+", "import of a.csv") in reasons
    assert ("-", "import of a.csv") in reasons


def test_a_later_detention_in_a_changed_row_keeps_the_earlier_one(
    tmp_path: Path,
) -> None:
    write_csv(tmp_path / "a.csv", [make_row(released_on="2021-01-01")])
    run(tmp_path / "a.csv")
    write_csv(tmp_path / "a.csv", [make_row(detained_on="2023-05-01")])
    run(tmp_path / "a.csv")
    starts = m.Detention.objects.order_by("start_on").values_list("start_on", flat=True)
    assert [str(d) for d in starts] == ["2020-09-07", "2023-05-01"]


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    rows = [
        make_row(record_id="ok-1"),
        make_row(record_id="bad-1", birth_date="31.02.1970"),
        make_row(record_id="bad-2", detention_kind="gulag", sex="x"),
        make_row(record_id="ok-1"),
    ]
    assert problems_of(write_csv(tmp_path / "people.csv", rows)) == [
        "people.csv:3:birth_date: '31.02.1970' is not a date "
        "(YYYY, YYYY-MM or YYYY-MM-DD)",
        "people.csv:4:sex: 'x' is not one of: m, f",
        "people.csv:4:detention_kind: 'gulag' is not one of: pretrial, prison, "
        "colony, open_facility, psychiatric, house_arrest, unknown",
        "people.csv:5:name: record_id 'ok-1' starts on line 2: its further rows "
        "carry facts only, person fields go on its first row",
    ]
    assert m.Person.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "people.csv:1: the file is empty (expected a header row)"),
        (b"record_id,nmae\nx,y\n", "people.csv:1: unknown column 'nmae'"),
        (b"name\nx\n", "people.csv:1: the required column 'record_id' is missing"),
        (b"record_id,name\nx,\xff\n", "people.csv:2: is not UTF-8 text (byte 0xff)"),
        (b"record_id,name\nx,y,z\n", "people.csv:2: has 3 cells, the header has 2"),
        (b'record_id,name\nx,"y\n', "people.csv:2: not valid CSV"),
        (b"\x00\x01\x02record_id\nx\n", "people.csv:1: is a binary file"),
        (b"record_id,name\nx,y\x00\n", "people.csv:2:name: contains a NUL character"),
    ],
)
def test_malformed_files_are_named_and_change_nothing(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(content)
    problems = problems_of(path)
    assert problems[0].startswith(expected), problems
    assert m.Person.objects.count() == 0


def test_a_file_larger_than_the_limit_is_refused(tmp_path: Path, settings: Any) -> None:
    settings.ROLLCALL_IMPORT_MAX_BYTES = 100
    path = tmp_path / "big.csv"
    path.write_text(csv_text([make_row()]), encoding="utf-8")
    with pytest.raises(ImportProblems.__mro__[1], match="largest import is"):
        run(path)


def test_a_1_gb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as file:
        file.truncate(2**30)  # sparse: costs no disk
    with pytest.raises(ImportProblems.__mro__[1], match="the file is 1,024 MB"):
        run(path)
    assert m.Person.objects.count() == 0


def test_a_bom_and_any_column_order_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("\ufeffname,record_id\nAles Bialiatski,vs-1\n".encode())
    assert run(path) == "1 created, 0 updated, 0 unchanged"


def test_dry_run_checks_and_writes_nothing(samples: Path) -> None:
    assert (
        run(samples / "people.csv", dry_run=True) == "2 created, 0 updated, 0 unchanged"
    )
    assert m.Person.objects.count() == 0
    assert m.Person.history.count() == 0


def test_an_unknown_file_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.txt"
    path.write_text("x")
    with pytest.raises(ImportProblems.__mro__[1], match="unknown file type"):
        run(path)
