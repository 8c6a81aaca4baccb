"""Signing in to the office: password and second factor, lock-out, sessions."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from office.accounts import (
    account_create,
    device_enrol,
    lockout_reset,
    sessions_end,
)
from office.site import NO_DEVICE
from office.testing import sign_in, staff

pytestmark = pytest.mark.django_db
LOGIN = "/office/login/"
PASSWORD = "a long and unusual pass phrase"


@pytest.fixture
def editor() -> tuple[User, Any]:
    user, _, enrolment = account_create(
        username="ana", role="editor", password=PASSWORD
    )
    return user, enrolment


def code_now(user: User) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def sign_in_with(client: Client, password: str, code: str = "") -> Any:
    data = {"username": "ana", "password": password, "otp_token": code}
    return client.post(LOGIN, {**data, "next": "/office/"})


def in_office(client: Client) -> bool:
    return client.get("/office/").status_code == 200


def test_the_password_and_a_code_from_the_app_open_the_office(
    client: Client, editor: tuple[User, Any]
) -> None:
    user, _ = editor
    response = sign_in_with(client, PASSWORD, code_now(user))
    assert response.status_code == 302 and response["Location"] == "/office/"
    assert in_office(client)


def test_the_password_alone_does_not_open_the_office(
    client: Client, editor: tuple[User, Any]
) -> None:
    response = sign_in_with(client, PASSWORD)
    assert response.status_code == 200
    assert "Please enter your OTP token" in response.content.decode()
    assert not in_office(client)
    assert sign_in_with(client, PASSWORD, "000000").status_code == 200
    assert not in_office(client)


def test_a_password_login_without_the_code_is_not_staff_even_when_forced(
    client: Client, editor: tuple[User, Any]
) -> None:
    user, _ = editor
    client.force_login(user)
    response = client.get("/office/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_recovery_code_opens_the_office_once(
    client: Client, editor: tuple[User, Any]
) -> None:
    _, enrolment = editor
    code = enrolment.recovery_codes[0]
    assert sign_in_with(client, PASSWORD, code).status_code == 302
    assert in_office(client)
    again = Client()
    assert sign_in_with(again, PASSWORD, code).status_code == 200
    assert not in_office(again)


def test_an_account_without_a_device_is_told_how_to_get_one(client: Client) -> None:
    user = staff("editor", "ana")
    user.set_password(PASSWORD)
    user.save()
    response = sign_in_with(client, PASSWORD, "123456")
    assert NO_DEVICE.split(".")[0] in response.content.decode()
    assert not in_office(client)


def test_a_new_enrolment_revokes_the_old_codes(
    client: Client, editor: tuple[User, Any]
) -> None:
    user, old = editor
    new = device_enrol(user=user)
    assert new.totp_uri != old.totp_uri
    assert sign_in_with(Client(), PASSWORD, new.recovery_codes[0]).status_code == 302
    assert sign_in_with(client, PASSWORD, old.recovery_codes[0]).status_code == 200
    assert not in_office(client)


def test_wrong_codes_slow_down_the_next_try(
    client: Client, editor: tuple[User, Any]
) -> None:
    _, enrolment = editor
    assert sign_in_with(client, PASSWORD, "wrongcode1").status_code == 200
    # django-otp refuses the device for a while after a failure, right code
    # or not: guessing codes is slowed down as guessing passwords is.
    response = sign_in_with(client, PASSWORD, enrolment.recovery_codes[0])
    assert "Verification temporarily disabled" in response.content.decode()


def test_thirty_wrong_passwords_are_refused_and_the_right_one_then_too(
    client: Client, editor: tuple[User, Any]
) -> None:
    user, _ = editor
    statuses = [
        sign_in_with(client, f"wrong guess {n}", "123456").status_code
        for n in range(30)
    ]
    assert statuses[:4] == [200] * 4  # the form again, "please enter a correct…"
    assert set(statuses[4:]) == {429}  # the fifth failure locks the account
    response = sign_in_with(client, PASSWORD, code_now(user))
    assert response.status_code == 429
    assert not in_office(client)


def test_a_lock_out_holds_for_another_address_and_unlock_lifts_it(
    editor: tuple[User, Any],
) -> None:
    user, _ = editor
    for n in range(5):
        sign_in_with(Client(REMOTE_ADDR="10.0.0.1"), f"wrong guess {n}")
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert sign_in_with(other, PASSWORD, code_now(user)).status_code == 429
    assert lockout_reset(username="ana") >= 1
    assert sign_in_with(other, PASSWORD, code_now(user)).status_code == 302


@pytest.mark.parametrize(
    "password",
    ["short-pw1", "password12345", "123456789012345", "ana-ana-ana-ana"],
    ids=["too short", "common", "numeric", "like the user name"],
)
def test_weak_passwords_are_refused(password: str) -> None:
    from django.contrib.auth.password_validation import validate_password

    with pytest.raises(ValidationError):
        validate_password(password, User(username="ana-ana-ana-ana"))


def test_sessions_last_a_working_day_and_end_with_the_browser(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_signing_out_everywhere_ends_every_session_of_that_account_only(
    editor: tuple[User, Any],
) -> None:
    user, _ = editor
    browsers = [sign_in(Client(), user) for _ in range(3)]
    other = sign_in(Client(), staff("analyst"))
    assert all(in_office(b) for b in browsers)
    assert sessions_end(user=user) == 3
    assert not any(in_office(b) for b in browsers)
    assert in_office(other)
    assert Session.objects.count() == 1


def test_the_session_cookie_is_secure_unless_the_site_is_only_on_this_machine() -> None:
    from config.settings import loopback_only

    assert loopback_only(["127.0.0.1", "localhost"])
    assert not loopback_only(["rollcall.example.org"])
    assert not loopback_only(["127.0.0.1", "rollcall.example.org"])
    assert not loopback_only([])


def test_the_demo_administrator_signs_in_with_what_make_run_prints(
    client: Client,
) -> None:
    from demo.loader import DEMO_USER, ensure_demo_user

    printed = ensure_demo_user()
    password = printed.split("password '", 1)[1].split("'", 1)[0]
    codes = printed.split("recovery codes, each works once: ", 1)[1]
    first_code = codes.split()[0]
    response = client.post(
        LOGIN,
        {"username": DEMO_USER, "password": password, "otp_token": first_code},
    )
    assert response.status_code == 302
    assert client.get("/office/auth/user/").status_code == 200
    assert ensure_demo_user() == ""  # shown once only


@pytest.mark.parametrize(
    ("environment", "secure"),
    [
        ({"ALLOWED_HOSTS": "127.0.0.1,localhost"}, False),  # make run, plain http
        ({"ALLOWED_HOSTS": "rollcall.example.org"}, True),
        ({"ALLOWED_HOSTS": "rollcall.example.org", "SECURE_COOKIES": "false"}, False),
        ({"ALLOWED_HOSTS": "127.0.0.1", "SECURE_COOKIES": "true"}, True),
    ],
)
def test_cookies_are_secure_by_default_on_a_real_host_name(
    environment: dict[str, str], secure: bool, tmp_path: Any
) -> None:
    import os
    import subprocess
    import sys

    env = {
        **{k: v for k, v in os.environ.items() if k != "SECURE_COOKIES"},
        "ROLLCALL_VAR_DIR": str(tmp_path),
        **environment,
    }
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert shown == [str(secure), str(secure)]
