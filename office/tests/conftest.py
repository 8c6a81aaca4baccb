"""The register the office's tests work on, one for all of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.tests.builders import import_rows, make_row


@pytest.fixture
def register(tmp_path: Path) -> None:
    """One person entered twice (a, b) with different facts, and two others.

    a is public; b, the same woman spelled another way, is restricted, born
    the same year, from another region and cited by another source; c is
    no candidate pair of anyone; d died in custody.
    """
    rows = [
        make_row(record_id="a", birth_date="1978"),
        make_row(
            record_id="b",
            name="Maria Kolesnikova",
            name_be="",
            name_ru="",
            birth_date="1978",
            region="Homel",
            detained_on="2020-09-07",
            sources="https://example.org/another",
            visibility="restricted",
        ),
        make_row(
            record_id="c",
            name="Ales Bialiatski",
            name_be="Алесь Бяляцкі",
            name_ru="Алесь Беляцкий",
            birth_date="1962-09-25",
        ),
        make_row(
            record_id="d",
            name="Vitold Ashurak",
            name_be="Вітольд Ашурак",
            name_ru="Витольд Ашурок",
            birth_date="1970-05-20",
            died_on="2021-05-21",
        ),
    ]
    import_rows(tmp_path / "p.csv", rows)
