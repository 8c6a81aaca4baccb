"""Done when: a statement naming the demo's prisoners who died in custody, in
several spellings and grammatical cases, links every one of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from names import transliterate
from registry import models as m
from rollcall.cli import main

pytestmark = pytest.mark.django_db

_SOFT = "кгхжшщч"


def russian_genitive(given: str, surname: str, sex: str) -> str:
    """A test helper: the genitive of a Russian name (Алексея Фролова)."""
    return f"{_given_genitive(given)} {_surname_genitive(surname, sex)}"


def _given_genitive(given: str) -> str:
    if given.endswith(("й", "ь")):
        return given[:-1] + "я"
    if given.endswith("я"):
        return given[:-1] + "и"
    if given.endswith("а"):
        return given[:-1] + ("и" if given[-2] in _SOFT else "ы")
    return given + "а"


def _surname_genitive(surname: str, sex: str) -> str:
    if sex == "f":
        if surname.endswith("ая"):
            return surname[:-2] + "ой"
        if surname.endswith(("ова", "ева", "ина")):
            return surname[:-1] + "ой"
        return surname
    if surname.endswith(("ий", "ый", "ой")):
        return surname[:-2] + "ого"
    if surname.endswith(("о", "их", "ых")):
        return surname
    if surname.endswith("а"):
        return surname[:-1] + ("и" if surname[-2] in _SOFT else "ы")
    return surname + "а"


def statement(persons: list[m.Person]) -> str:
    """A human-rights group's statement naming each person four ways."""
    lines = [
        "Statement on deaths in custody.",
        "",
        "We mourn the political prisoners who died behind bars.",
    ]
    for person in persons:
        names = {n.kind: n.value for n in person.names.all()}
        be, ru = names["be"], names["ru"]
        given, surname = _russian_given_and_surname(ru)
        lines += [
            f"{transliterate(be, 'be_national_2007')} died in custody on "
            f"{person.died_on:%d %B %Y}.",
            f"Смерть {russian_genitive(given, surname, person.sex)} в колонии "
            "так и не расследована.",
            f"{be} памёр за кратамі.",
            f"{transliterate(be, 'be_bgn_pcgn')}'s family was not told.",
        ]
    return "\n".join(lines)


def _russian_given_and_surname(ru: str) -> tuple[str, str]:
    """The register writes Russian names as "Surname Given Patronymic" or
    "Given Surname"."""
    words = ru.split()
    if len(words) == 3:
        return words[1], words[0]
    return words[0], words[1]


def test_every_demo_prisoner_who_died_in_custody_is_found_whatever_the_spelling(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["demo", "--persons", "600", "--quiet"]) == 0
    died = list(
        m.Person.objects.filter(died_in_custody=True)
        .exclude(visibility=m.Visibility.ANONYMOUS)
        .order_by("record_id")
    )
    assert died, "the demo register has deaths in custody"
    path = tmp_path / "statement.txt"
    path.write_text(statement(died), encoding="utf-8")
    capsys.readouterr()
    assert main(["link", str(path), "--json"]) == 0
    mentions = json.loads(capsys.readouterr().out)["mentions"]
    expected = {person.record_id for person in died}
    assert {mention["record_id"] for mention in mentions} == expected
    for person in died:
        found = [m for m in mentions if m["record_id"] == person.record_id]
        assert len(found) == 4, (person.record_id, [m["text"] for m in found])
