"""The account commands, as an administrator types them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from office.roles import role_of
from office.testing import sign_in
from rollcall.cli import main

pytestmark = pytest.mark.django_db


def rollcall(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exit:  # argparse's refusal of bad arguments
        status = int(exit.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_createuser_prints_password_key_and_recovery_codes_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = rollcall(capsys, "createuser", "ana", "--role", "documenter")
    assert status == 0
    lines = out.splitlines()
    password = re.search(r"password '([^']+)' \(shown only now\)", lines[0])
    assert password is not None and len(password.group(1)) >= 20
    assert lines[1].startswith("authenticator app (scan as a QR code or paste): ")
    assert "otpauth://totp/Rollcall%3Aana?secret=" in lines[1]
    codes = lines[2].split(": ", 1)[1].split()
    assert len(codes) == 10
    user = User.objects.get(username="ana")
    assert user.check_password(password.group(1))
    assert role_of(user) == "documenter" and user.is_staff
    assert not user.is_superuser
    assert password.group(1) not in user.password  # only its hash is kept


def test_createuser_takes_a_password_from_a_file_and_refuses_a_weak_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    weak = tmp_path / "weak"
    weak.write_text("password123\n")
    status, out, err = rollcall(
        capsys, "createuser", "ana", "--role", "editor", "--password-file", str(weak)
    )
    assert (status, out) == (1, "")
    assert err.startswith("rollcall: error: password refused: This password is too")
    assert not User.objects.filter(username="ana").exists()
    strong = tmp_path / "strong"
    strong.write_text("correct horse battery staple\n")
    status, out, _ = rollcall(
        capsys, "createuser", "ana", "--role", "editor", "--password-file", str(strong)
    )
    assert status == 0 and "password as given" in out
    assert User.objects.get(username="ana").check_password(
        "correct horse battery staple"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["createuser", "ana", "--role", "boss"], "invalid choice: 'boss'"),
        (["createuser", "", "--role", "editor"], "an account needs a name"),
        (["createuser", " ", "--role", "editor"], "an account needs a name"),
        (
            ["createuser", "ana maria", "--role", "editor"],
            "'ana maria': Enter a valid username",
        ),
        (
            ["createuser", "a" * 151, "--role", "editor"],
            "at most 150 characters",
        ),
        (["role", "nobody", "editor"], "no account called 'nobody'"),
        (["enrol", "nobody"], "no account called 'nobody'"),
        (["signout", "nobody"], "no account called 'nobody'"),
        (
            ["createuser", "ana", "--role", "editor", "--password-file", "/no/such"],
            "/no/such: No such file or directory",
        ),
    ],
)
def test_bad_account_commands_say_why_in_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, _, err = rollcall(capsys, *args)
    assert status == 1
    assert message in err
    assert "Traceback" not in err


def test_createuser_refuses_a_name_that_exists(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert rollcall(capsys, "createuser", "ana", "--role", "editor")[0] == 0
    status, _, err = rollcall(capsys, "createuser", "ana", "--role", "analyst")
    assert status == 1 and "exists already" in err


def test_role_changes_what_an_account_may_do(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rollcall(capsys, "createuser", "ana", "--role", "documenter")
    user = User.objects.get(username="ana")
    assert not user.has_perm("registry.merge_person")
    assert rollcall(capsys, "role", "ana", "editor")[1] == "ana: role editor\n"
    user = User.objects.get(username="ana")
    assert user.has_perm("registry.merge_person") and role_of(user) == "editor"
    rollcall(capsys, "role", "ana", "administrator")
    assert User.objects.get(username="ana").is_superuser
    rollcall(capsys, "role", "ana", "none")
    user = User.objects.get(username="ana")
    assert not user.is_staff and not user.is_superuser and role_of(user) == ""


def test_signout_and_enrol_end_the_accounts_sessions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rollcall(capsys, "createuser", "ana", "--role", "editor")
    browser = sign_in(Client(), User.objects.get(username="ana"))
    assert browser.get("/office/").status_code == 200
    status, out, _ = rollcall(capsys, "signout", "ana")
    assert (status, out) == (0, "ana: signed out of 1 session(s)\n")
    assert browser.get("/office/").status_code == 302
    browser = sign_in(Client(), User.objects.get(username="ana"))
    status, out, _ = rollcall(capsys, "enrol", "ana")
    assert status == 0 and "1 session(s) ended" in out
    assert browser.get("/office/").status_code == 302


def fail_signing_in(username: str, times: int = 6) -> None:
    client = Client()
    for n in range(times):
        client.post(
            "/office/login/",
            {"username": username, "password": f"wrong {n}", "otp_token": "123456"},
        )


@pytest.mark.parametrize("account", [True, False], ids=["account", "no account"])
def test_unlock_clears_the_failed_sign_ins(
    capsys: pytest.CaptureFixture[str], account: bool
) -> None:
    """Sign-ins fail under names no account has too: those are cleared."""
    if account:
        rollcall(capsys, "createuser", "ana", "--role", "editor")
    fail_signing_in("ana")
    status, out, _ = rollcall(capsys, "unlock", "ana")
    assert status == 0 and out.startswith("ana: 1 failed sign-in record")
    status, out, err = rollcall(capsys, "unlock", "ana")
    if account:
        assert status == 0 and out.startswith("ana: 0 failed sign-in record")
    else:  # (nothing left to clear, no account: a mistyped name, most likely)
        assert status == 1 and "no account called 'ana'" in err


def test_unlock_refuses_a_name_with_no_account_nor_failed_sign_in(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = rollcall(capsys, "unlock", "nobody")
    assert status == 1 and out == ""
    assert "no account called 'nobody'" in err and "Traceback" not in err
