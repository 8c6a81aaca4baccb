"""Bad settings are errors at start-up, with an id and a hint."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from config.checks import TAG, configuration_errors
from rollcall.cli import main


def errors() -> list[tuple[str, str, str]]:
    return [
        (message.id or "", message.msg, message.hint or "")
        for message in checks.run_checks(tags=[TAG])
    ]


def test_the_default_settings_pass() -> None:
    assert errors() == []
    assert configuration_errors() == []


def test_an_unknown_counted_detention_kind_is_an_error(settings: Any) -> None:
    settings.ROLLCALL_COUNTED_DETENTION_KINDS = ["colony", "jail"]
    [(id, message, hint)] = errors()
    assert id == "rollcall.E002"
    assert "'jail'" in message and "colony" not in message
    assert "pretrial, prison, colony" in hint


def test_no_counted_detention_kind_is_an_error(settings: Any) -> None:
    settings.ROLLCALL_COUNTED_DETENTION_KINDS = []
    assert [id for id, _, _ in errors()] == ["rollcall.E001"]


@pytest.mark.parametrize("limit", [0, -1, "big", "1000", None, True, 1.5])
def test_a_bad_import_size_limit_is_an_error(settings: Any, limit: object) -> None:
    settings.ROLLCALL_IMPORT_MAX_BYTES = limit
    [(id, message, hint)] = errors()
    assert id == "rollcall.E003"
    assert repr(limit) in message and "268435456" in hint


def test_manage_py_check_fails_on_a_bad_setting(settings: Any) -> None:
    settings.ROLLCALL_IMPORT_MAX_BYTES = 0
    with pytest.raises(SystemCheckError, match="rollcall.E003"):
        call_command("check")


@pytest.mark.django_db
def test_every_command_stops_in_one_line_on_a_bad_setting(
    settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.ROLLCALL_COUNTED_DETENTION_KINDS = ["jail"]
    assert main(["count", "--on", "2022-01-01"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("rollcall: error: configuration: ")
    assert "rollcall.E002" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "value", "check_id"),
    [
        ("ROLLCALL_SUPPRESSION_THRESHOLD", 2, "rollcall.E004"),
        ("ROLLCALL_DEFAULT_VISIBILITY", "secret", "rollcall.E005"),
    ],
)
def test_unsafe_privacy_settings_are_start_up_errors(
    settings: Any, name: str, value: object, check_id: str
) -> None:
    from django.core import checks

    setattr(settings, name, value)
    ids = [message.id for message in checks.run_checks(tags=["rollcall_settings"])]
    assert ids == [check_id]
