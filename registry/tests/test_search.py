from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from registry import models as m
from registry.matching import PUBLIC, duplicates, search
from registry.tests.builders import import_rows, make_row
from rollcall.cli import main

pytestmark = pytest.mark.django_db

ROWS = [
    make_row(
        record_id="ashurak",
        name="Vitold Ashurak",
        name_be="Вітольд Ашурак",
        name_ru="Витольд Ашурок",
        name_latin="Vitold Ashurok",
        birth_date="1970",
    ),
    make_row(
        record_id="bialiatski",
        name="Ales Bialiatski",
        name_be="Алесь Бяляцкі",
        name_ru="Алесь Беляцкий",
        birth_date="1962-09-25",
    ),
    make_row(
        record_id="tsikhanouski",
        name="Siarhei Tsikhanouski",
        name_be="Сяргей Ціханоўскі",
        name_ru="Сергей Тихановский",
        birth_date="1978",
    ),
    make_row(
        record_id="pushkin",
        name="Ales Pushkin",
        name_be="Алесь Пушкін",
        name_ru="Алесь Пушкин",
        birth_date="1965",
    ),
    make_row(
        record_id="hidden",
        name="Hanna Secretava",
        name_be="Ганна Сакрэтава",
        name_ru="",
        visibility="anonymous",
    ),
    make_row(
        record_id="staff-only",
        name="Pavel Restrictau",
        name_ru="",
        name_be="",
        visibility="restricted",
    ),
    make_row(
        record_id="dup",
        name="Sergei Tikhanovsky",
        name_be="",
        name_ru="",
        birth_date="1978",
        region="Minsk",
    ),
]


@pytest.fixture
def register(tmp_path: Path) -> None:
    import_rows(tmp_path / "p.csv", ROWS)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Вітольд Ашурак", "ashurak"),
        ("Витольд Ашурок", "ashurak"),
        ("Vitold Ashurak", "ashurak"),
        ("Witold Aszurak", "ashurak"),
        ("Ashurok", "ashurak"),
        ("A. Bialiatski", "bialiatski"),
        ("Беляцкий Алесь", "bialiatski"),
        ("Ales Bialatski", "bialiatski"),
        ("Ales Bialaitski", "bialiatski"),  # two letters swapped
        ("Вітольд Ашруак", "ashurak"),
        ("Siarhiej Cichanoŭski", "tsikhanouski"),
        ("Тихановский Сергей Леонидович", "tsikhanouski"),
    ],
)
def test_any_spelling_finds_the_person_first(
    register: None, query: str, expected: str
) -> None:
    results = search(query)
    assert results, query
    assert results[0].record_id in (
        expected,
        "dup" if expected == "tsikhanouski" else expected,
    )


@pytest.mark.parametrize(
    "query", ["", "   ", "!!!", "🙂🙂", "שלום", "x" * 10_000, "\x00"]
)
def test_strange_queries_give_an_answer_not_an_exception(
    register: None, query: str
) -> None:
    assert isinstance(search(query), list)


def test_the_public_scope_never_finds_hidden_persons(register: None) -> None:
    assert search("Hanna Secretava")[0].record_id == "hidden"  # staff sees it
    assert search("Hanna Secretava", scope=PUBLIC) == []
    assert search("Pavel Restrictau", scope=PUBLIC) == []
    assert search("Vitold Ashurak", scope=PUBLIC)[0].record_id == "ashurak"


def test_the_index_follows_changes_to_the_register(register: None) -> None:
    assert search("Ihar Losik") == []
    person = m.Person.objects.get(record_id="pushkin")
    m.NameVariant.objects.create(
        person=person, value="Ihar Losik", kind="other", script="Latn"
    )
    assert search("Ihar Losik")[0].record_id == "pushkin"


def test_dedupe_finds_the_same_person_entered_twice(register: None) -> None:
    pairs = [(d.a, d.b) for d in duplicates()]
    assert pairs == [("tsikhanouski", "dup")] or pairs == [("dup", "tsikhanouski")]
    reasons = " ".join(duplicates()[0].reasons)
    assert "same birth year 1978" in reasons


def test_search_command_json_and_batch(
    register: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["search", "Бяляцкі", "--json", "--limit", "1"]) == 0
    [hit] = json.loads(capsys.readouterr().out)
    assert hit["record_id"] == "bialiatski" and set(hit) == {
        "record_id",
        "name",
        "score",
        "matched",
    }
    monkeypatch.setattr("sys.stdin", io.StringIO("Vitold Ashurak\n\nAles Pushkin\n"))
    assert main(["search", "--batch", "-"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["query"] for line in lines] == ["Vitold Ashurak", "Ales Pushkin"]
    assert lines[1]["results"][0]["record_id"] == "pushkin"
    # Standard input is read as bytes, as a file is, whatever the locale.
    broken = io.TextIOWrapper(io.BytesIO("Ales\nАлесь ".encode() + b"\xff\n"))
    monkeypatch.setattr("sys.stdin", broken)
    assert main(["search", "--batch", "-"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "rollcall: error: standard input: line 2, column 7: is not UTF-8 text"
    )


def test_dedupe_command_lists_pairs_as_json(
    register: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dedupe", "--json"]) == 0
    [pair] = json.loads(capsys.readouterr().out)
    assert {pair["a"], pair["b"]} == {"tsikhanouski", "dup"} and pair["score"] >= 0.8
    with pytest.raises(SystemExit) as caught:
        main(["dedupe", "--min-score", "2"])
    assert caught.value.code == 1
