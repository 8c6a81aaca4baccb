from __future__ import annotations

import io
from pathlib import Path

import pytest

from publish.export import export_public
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db

SECRET_NOTE = "family asked for anonymity"


@pytest.fixture
def register(tmp_path: Path) -> None:
    rows = [
        make_row(record_id="pub-1", notes="public note"),
        make_row(
            record_id="anon-secret-id",
            name="Hanna Secretava",
            name_be="Ганна Сакрэтава",
            name_ru="Анна Секретова",
            birth_date="1975-01-02",
            locality="Biaroza",
            notes=SECRET_NOTE,
            visibility="anonymous",
            sources="https://example.org/secret",
        ),
        make_row(
            record_id="restricted-1",
            name="Pavel Restrictau",
            visibility="restricted",
            notes=SECRET_NOTE,
        ),
    ]
    import_rows(tmp_path / "people.csv", rows, approve=True)


@pytest.mark.parametrize("format", ["csv", "json"])
def test_public_export_leaves_out_everything_not_public(
    register: None, format: str
) -> None:
    out = io.StringIO()
    export_public(out, format=format)
    text = out.getvalue()
    for secret in (
        "Secretava",
        "Сакрэтава",
        "Секретова",
        "anon-secret-id",
        "1975",
        "Biaroza",
        SECRET_NOTE,
        "example.org/secret",
        "Restrictau",
        "restricted-1",
    ):
        assert secret not in text
    assert "Maryia Kalesnikava" in text and "public note" in text
    assert "anonymous-00001" in text  # counted, with no identifying field


def test_a_person_published_by_initials_keeps_no_text_that_names_them(
    tmp_path: Path,
) -> None:
    from registry.models import Person

    row = make_row(
        record_id="init-1",
        notes="Maryia Kalesnikava was moved",
        sources="https://example.org/kalesnikava-news",
    )
    import_rows(tmp_path / "p.csv", [row], approve=True)
    Person.objects.update(name_disclosure="initials")
    out = io.StringIO()
    export_public(out, format="json")
    text = out.getvalue()
    assert "M. K." in text
    for secret in ("Kalesnikava", "Калеснікава", "Колесникова", "1982"):
        assert secret not in text, secret
