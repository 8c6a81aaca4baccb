"""Property-based: broken input is always named, never half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.csv_format import parse_csv
from ingest.files import ImportProblems, import_file
from ingest.json_format import parse_json
from registry import models as m
from registry.tests.builders import csv_text, make_row

BAD_VALUES = {
    "birth_date": st.sampled_from(
        ["31.02.1970", "1970-13", "2021-02-30", "19", "soon"]
    ),
    "detained_on": st.from_regex(r"[0-9]{1,3}-[0-9]{2}", fullmatch=True),
    "detention_kind": st.text(min_size=1).filter(
        lambda s: s.strip() and s.strip() not in ("pretrial", "prison", "colony")
    ),
    "sex": st.sampled_from(["male", "F", "x", "?"]),
    "visibility": st.sampled_from(["secret", "Public", "hidden"]),
    "in_absentia": st.sampled_from(["yes", "no", "1", "maybe"]),
    "sentence_months": st.sampled_from(["-1", "five", "1.5", "12 months"]),
    "sources": st.sampled_from(["example.org", "ftp://x", "javascript:alert(1)"]),
    "articles": st.sampled_from(["342", "BY-CC", "by-cc 342", "BY-CC 342,1"]),
    "country": st.sampled_from(["Belarus", "by", "BLR"]),
}


@pytest.mark.django_db
@given(
    bad_line=st.integers(min_value=0, max_value=4),
    column=st.sampled_from(sorted(BAD_VALUES)),
    data=st.data(),
)
def test_a_broken_cell_is_named_and_nothing_changes(
    tmp_path: Path, bad_line: int, column: str, data: st.DataObject
) -> None:
    rows = [make_row(record_id=f"r-{i}") for i in range(5)]
    value = data.draw(BAD_VALUES[column])
    rows[bad_line][column] = value
    path = tmp_path / "people.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    with pytest.raises(ImportProblems) as caught:
        import_file(path, dry_run=False, progress=False)
    where = [p.where for p in caught.value.problems]
    assert f"people.csv:{bad_line + 2}:{column}" in where
    assert m.Person.objects.count() == 0
    assert m.Person.history.count() == 0


@given(st.binary(max_size=300))
def test_any_bytes_give_records_or_problems_never_an_exception(data: bytes) -> None:
    records, problems = parse_csv(data, "x.csv")
    assert records or problems or data.strip() == b"" or b"record_id" in data
    parse_json(data, "x.json")


@given(st.text(max_size=200))
def test_any_text_in_any_cell_is_read_or_named(value: str) -> None:
    for column in ("name", "birth_date", "health", "other_names", "recognized_by"):
        text = csv_text([make_row(**{column: value})]).encode()
        records, problems = parse_csv(text, "x.csv")
        assert len(records) + len(problems) >= 1 or not value.strip() or "\r" in value
