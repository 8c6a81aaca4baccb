from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from ingest.files import ImportProblems, import_file
from registry import models as m

pytestmark = pytest.mark.django_db


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_with_the_csv_columns_imports(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "people.xlsx",
        [
            ["record_id", "name", "detained_on", "recognized_on", "sentence_months"],
            ["x-1", "Ihar Losik", datetime(2020, 6, 25), "2020-06-26", 180],
        ],
    )
    assert str(import_file(path, dry_run=False, progress=False)).startswith("1 created")
    person = m.Person.objects.get(record_id="x-1")
    assert person.detentions.get().start_date == "2020-06-25"


def test_bad_xlsx_cells_are_named_by_row_and_column(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "people.xlsx",
        [["record_id", "name", "sex"], ["x-1", "A", "m"], ["x-2", "B", "male"]],
    )
    with pytest.raises(ImportProblems) as caught:
        import_file(path, dry_run=False, progress=False)
    assert [str(p) for p in caught.value.problems] == [
        "people.xlsx:3:sex: 'male' is not one of: m, f"
    ]


def test_a_file_that_is_not_a_workbook_is_named(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    path.write_text("record_id,name\n")
    with pytest.raises(ImportProblems) as caught:
        import_file(path, dry_run=False, progress=False)
    assert str(caught.value.problems[0]).startswith(
        "people.xlsx: is not an XLSX workbook"
    )


def test_a_workbook_damaged_inside_its_sheet_is_named_not_a_traceback(
    tmp_path: Path,
) -> None:
    """The sheet is unzipped as it is read: a bad byte there failed in zlib."""
    rows: list[list[object]] = [["record_id", "name"]]
    rows += [[f"x-{i}", f"Person {i}"] for i in range(50)]
    data = workbook(tmp_path / "good.xlsx", rows).read_bytes()
    start = data.index(b"xl/worksheets/sheet1.xml") + 40
    for at in range(start, start + 20):
        path = tmp_path / "people.xlsx"
        path.write_bytes(data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1 :])
        try:
            import_file(path, dry_run=False, progress=False)
        except ImportProblems as caught:
            (problem,) = caught.problems
            assert str(problem).startswith("people.xlsx"), problem
            assert "\n" not in str(problem)
        assert m.Person.objects.count() in (0, 50)
        m.Person.objects.all().delete()
