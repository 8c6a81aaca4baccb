"""The typed environment helpers of config/settings.py refuse bad values."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool, env_int, env_secret


@pytest.mark.parametrize(
    ("raw", "value"),
    [("true", True), ("Yes", True), ("1", True), (" on ", True), ("false", False),
     ("NO", False), ("0", False), ("off", False), ("", False)],
)  # fmt: skip
def test_booleans_are_read_in_their_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, value: bool
) -> None:
    monkeypatch.setenv("ROLLCALL_TEST", raw)
    assert env_bool("ROLLCALL_TEST") is value


@pytest.mark.parametrize("raw", ["2", "ja", "truee", "y e s"])
def test_anything_else_is_not_a_boolean(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("ROLLCALL_TEST", raw)
    with pytest.raises(ImproperlyConfigured, match="ROLLCALL_TEST=.* is not a boolean"):
        env_bool("ROLLCALL_TEST")


def test_an_unset_variable_gives_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ROLLCALL_TEST", raising=False)
    assert env_bool("ROLLCALL_TEST", True) is True
    assert env_int("ROLLCALL_TEST", 7) == 7
    assert env_secret("ROLLCALL_TEST") == ""


@pytest.mark.parametrize(("raw", "value"), [("3600", 3600), (" 12 ", 12), ("-1", -1)])
def test_integers_are_read(
    monkeypatch: pytest.MonkeyPatch, raw: str, value: int
) -> None:
    monkeypatch.setenv("ROLLCALL_TEST", raw)
    assert env_int("ROLLCALL_TEST", 0) == value


@pytest.mark.parametrize("raw", ["1.5", "1e6", "256MB", "1_000", "٣", "0x10", "one"])
def test_anything_else_is_not_an_integer(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("ROLLCALL_TEST", raw)
    with pytest.raises(ImproperlyConfigured, match="is not an integer"):
        env_int("ROLLCALL_TEST", 0)


def test_a_secret_is_read_from_its_variable_or_its_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ROLLCALL_TEST", "from-the-variable")
    assert env_secret("ROLLCALL_TEST") == "from-the-variable"
    monkeypatch.delenv("ROLLCALL_TEST")
    (tmp_path / "secret").write_text("from-the-file\n")
    monkeypatch.setenv("ROLLCALL_TEST_FILE", str(tmp_path / "secret"))
    assert env_secret("ROLLCALL_TEST") == "from-the-file"


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "No such file"), (b"  \n", "is empty"), (b"\xff\xfe", "not UTF-8")],
)
def test_a_secret_file_that_is_missing_empty_or_not_text_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "secret"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.delenv("ROLLCALL_TEST", raising=False)
    monkeypatch.setenv("ROLLCALL_TEST_FILE", str(path))
    with pytest.raises(ImproperlyConfigured, match=message):
        env_secret("ROLLCALL_TEST")


def test_a_secret_given_twice_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "secret").write_text("one")
    monkeypatch.setenv("ROLLCALL_TEST", "two")
    monkeypatch.setenv("ROLLCALL_TEST_FILE", str(tmp_path / "secret"))
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_secret("ROLLCALL_TEST")
