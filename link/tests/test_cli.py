from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from registry import models as m
from rollcall.cli import main

pytestmark = pytest.mark.django_db


def person(record_id: str, *names: str, visibility: str = "public") -> m.Person:
    found = m.Person.objects.create(
        record_id=record_id, display_name=names[0], visibility=visibility
    )
    for value in names:
        script = "Cyrl" if any("а" <= c <= "я" for c in value.lower()) else "Latn"
        m.NameVariant.objects.create(
            person=found, value=value, kind="other", script=script
        )
    return found


@pytest.fixture
def register() -> None:
    person("vs-1", "Алесь Бяляцкі", "Ales Bialiatski", "Алесь Беляцкий")
    person("vs-2", "Марыя Калеснікава", "Мария Колесникова")
    person("vs-3", "Andrzej Poczobut", "Андрэй Пачобут", visibility="restricted")
    person("vs-4", "Ihar Losik", "Ігар Лосік", visibility="anonymous")


def rollcall(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_link_json_lists_mentions_and_unknown_names(
    register: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "news.txt"
    path.write_text(
        "Адвокат Марии Колесниковой сообщил 12 мая 2023 года, что её перевели. "
        "Sąd skazał Andrzeja Poczobuta. Иван Петров задержан.",
        encoding="utf-8",
    )
    status, out, _ = rollcall(capsys, "link", str(path), "--json")
    assert status == 0
    document = json.loads(out)
    first = document["mentions"][0]
    assert {key: first[key] for key in ("start", "end", "text", "record_id")} == {
        "start": 8,
        "end": 26,
        "text": "Марии Колесниковой",
        "record_id": "vs-2",
    }
    assert first["name"] == "Марыя Калеснікава"
    assert first["score"] == 0.95 and first["reason"]
    assert [(h["kind"], h["value"]) for h in first["hints"]] == [
        ("date", "2023-05-12"),
        ("event", "transferred"),
    ]
    assert [m["record_id"] for m in document["mentions"]] == ["vs-2", "vs-3"]
    assert document["unknown_names"] == [
        {
            "start": 101,
            "end": 112,
            "text": "Иван Петров",
            "reason": "a known given name with a capitalised word",
        }
    ]


def test_anonymous_persons_are_never_linked(
    register: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "news.txt"
    path.write_text("Ihar Losik was sentenced.", encoding="utf-8")
    status, out, _ = rollcall(capsys, "link", str(path), "--json")
    assert json.loads(out)["mentions"] == []


def test_link_reads_html_and_prints_one_line_per_mention(
    register: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><script>var x='Ales Bialiatski'</script>"
        "<p>Ales <b>Bialiatski</b>'s appeal</p></body></html>",
        encoding="utf-8",
    )
    status, out, err = rollcall(capsys, "link", str(path))
    assert status == 0
    (line,) = out.splitlines()
    assert "vs-1" in line and "Ales Bialiatski's" in line
    assert err.strip().startswith("1 mentions, 0 unknown names")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02binary", "is a binary file"),
        ("Алесь".encode("cp1251"), "is not UTF-8 text"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "input"
    path.write_bytes(content)
    status, out, err = rollcall(capsys, "link", str(path))
    assert (status, out) == (1, "")
    assert err == f"rollcall: error: {path}: {message}" + err.split(message)[1]
    assert err.count("\n") == 1


def test_a_missing_file_or_a_directory_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = rollcall(capsys, "link", str(tmp_path / "nope.txt"))
    assert status == 1 and "No such file or directory" in err
    status, _, err = rollcall(capsys, "link", str(tmp_path))
    assert status == 1 and "is a directory" in err


def test_a_huge_file_is_refused_without_reading_it_all(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as file:
        file.truncate(100 * 2**20)  # 100 MiB, sparse
    status, _, err = rollcall(capsys, "link", str(path))
    assert status == 1 and "is too large" in err


def test_link_reads_standard_input(
    register: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Stdin:
        buffer = io.BytesIO(b"Ales Bialiatski was sentenced.")

    monkeypatch.setattr(sys, "stdin", Stdin())
    status, out, _ = rollcall(capsys, "link", "-", "--json")
    assert status == 0
    assert [m["record_id"] for m in json.loads(out)["mentions"]] == ["vs-1"]


def test_an_unknown_language_is_an_argument_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["link", "-", "--lang", "fr"])
    assert caught.value.code == 1
    assert "invalid choice" in capsys.readouterr().err
