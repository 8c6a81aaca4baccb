"""The fact sheet in Belarusian and Russian (Django i18n, stats/locale/)."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from stats.factsheet import factsheet, factsheet_json
from stats.sheets import factsheet_md
from stats.tests.registers import approve_all, event, person, prisoner

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def entries(language: str) -> dict[tuple[str | None, str], str]:
    """(msgctxt, msgid) -> msgstr of a .po file (its header left out)."""
    found: dict[tuple[str | None, str], str] = {}
    key = value = context = None
    for line in (
        (LOCALE / language / "LC_MESSAGES" / "django.po").read_text().splitlines()
    ):
        if line.startswith("msgctxt "):
            context = ast.literal_eval(line[8:])
        elif line.startswith("msgid "):
            key, value = ast.literal_eval(line[6:]), None
        elif line.startswith("msgstr "):
            value = ast.literal_eval(line[7:])
        elif line.startswith('"'):
            if value is None and key is not None:
                key += ast.literal_eval(line)
            elif value is not None:
                value += ast.literal_eval(line)
        elif not line.strip() and key:
            found[(context, key)] = value or ""
            key = value = context = None
    if key:
        found[(context, key)] = value or ""
    return found


@pytest.mark.parametrize("language", ["be", "ru"])
def test_every_string_is_translated_and_compiled(language: str) -> None:
    table = entries(language)
    assert len(table) > 40
    with translation.override(language):
        for (context, msgid), msgstr in table.items():
            assert msgstr, msgid
            found = pgettext(context, msgid) if context else gettext(msgid)
            assert found == msgstr, msgid


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "unnamed", "search"),
    [
        ("be", "Палітвязні на 2024-05-21", "асоба, якую нельга назваць", "ператрус"),
        (
            "ru",
            "Политзаключённые на 2024-05-21",
            "лицо, которое нельзя назвать",
            "обыск",
        ),
    ],
)
def test_the_fact_sheet_speaks_the_language_asked(
    language: str, title: str, unnamed: str, search: str
) -> None:
    who = prisoner(
        "a", "2021-01-01", died="2023-01-01", in_custody=True, visibility="anonymous"
    )
    event("search", "2022-01-01", who)
    # (a type is named in public where a public person's event is of it)
    event("search", "2020-01-01", person("p"))
    approve_all()
    with translation.override(language):
        sheet = factsheet(
            on=date(2024, 5, 21),
            since=date(2021, 5, 21),
            known_on=None,
            moment=None,
            public=True,
        )
        assert factsheet_md(sheet).startswith(f"# {title}")
        assert factsheet_json(sheet)["deaths_in_custody"][0]["name"] == unnamed
        assert factsheet_json(sheet)["events"]["search"]["label"] == search
        assert f"| {search} | < 5 | < 5 |" in factsheet_md(sheet)
