from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine

from ingest.files import import_file
from registry.tests.builders import import_rows, make_row
from stats.counting import count

pytestmark = pytest.mark.django_db


def load(tmp_path: Path, rows: list[dict[str, str]]) -> None:
    import_rows(tmp_path / "people.csv", rows)


def on(day: str, known_on: datetime | None = None) -> int:
    return count(date.fromisoformat(day), known_on).count


def test_a_recognised_person_in_custody_counts(tmp_path: Path) -> None:
    load(tmp_path, [make_row(released_on="2025-02-01")])
    assert on("2020-09-06") == 0  # before the detention
    assert on("2020-09-08") == 0  # held, not yet recognised
    assert on("2020-09-09") == 1
    assert on("2025-02-01") == 1  # the day of release still counts
    assert on("2025-02-02") == 0


def test_partial_dates_count_every_day_the_record_allows(tmp_path: Path) -> None:
    rows = [
        make_row(detained_on="2021-05", recognized_on="2021", released_on="2022-03")
    ]
    load(tmp_path, rows)
    assert on("2021-04-30") == 0
    assert on("2021-05-01") == 1
    assert on("2022-03-31") == 1
    assert on("2022-04-01") == 0


def test_uncounted_kinds_and_unrecognised_persons_do_not_count(
    tmp_path: Path, settings: object
) -> None:
    load(
        tmp_path,
        [
            make_row(record_id="a", detention_kind="house_arrest"),
            make_row(record_id="b", recognized_on="", recognized_by=""),
        ],
    )
    assert on("2022-01-01") == 1
    settings.ROLLCALL_COUNTED_DETENTION_KINDS = ["colony"]  # type: ignore[attr-defined]
    assert on("2022-01-01") == 0


def test_a_person_who_died_no_longer_counts(tmp_path: Path) -> None:
    load(tmp_path, [make_row(died_on="2023-05-10", died_in_custody="true")])
    assert on("2023-05-10") == 1
    assert on("2023-05-11") == 0


def test_known_on_answers_from_the_kept_history(tmp_path: Path) -> None:
    with time_machine.travel(datetime(2024, 1, 10, tzinfo=UTC), tick=False):
        load(tmp_path, [make_row()])
    with time_machine.travel(datetime(2025, 3, 1, tzinfo=UTC), tick=False):
        load(tmp_path, [make_row(released_on="2023-12-31")])
    day = "2024-06-01"
    assert on(day) == 0
    assert on(day, datetime(2025, 1, 1, tzinfo=UTC)) == 1
    assert on(day, datetime(2024, 1, 1, tzinfo=UTC)) == 0  # not yet entered
    assert on(day, datetime(2026, 1, 1, tzinfo=UTC)) == 0


def test_known_on_now_agrees_with_the_live_count(tmp_path: Path) -> None:
    rows = [
        make_row(record_id=f"p{i}", detained_on=f"202{i % 5}-0{1 + i % 9}")
        for i in range(12)
    ]
    load(tmp_path, rows)
    for day in ("2020-06-01", "2022-02-15", "2024-12-31"):
        assert on(day, datetime(2100, 1, 1, tzinfo=UTC)) == on(day)


def test_overlapping_detentions_count_a_person_once(tmp_path: Path) -> None:
    import json

    document = {
        "format": "rollcall-registry",
        "version": 1,
        "persons": [
            {
                "record_id": "p1",
                "name": "Ihar Losik",
                "detentions": [
                    {"kind": "pretrial", "start": "2020-06-25", "end": "2021-12-15"},
                    {"kind": "colony", "start": "2021-12-15"},
                ],
                "recognitions": [
                    {"start": "2020-06-26", "organisation": "Viasna"},
                    {"start": "2020-07-01", "organisation": "BAJ"},
                ],
            }
        ],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(document))
    import_file(path, dry_run=False, progress=False)
    assert on("2021-12-15") == 1
    assert on("2021-12-15", datetime(2100, 1, 1, tzinfo=UTC)) == 1
