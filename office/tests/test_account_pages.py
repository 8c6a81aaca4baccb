"""The administrator's account actions in the office."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken

from office.testing import sign_in, staff

pytestmark = pytest.mark.django_db
USERS = "/office/auth/user/"


def test_the_accounts_list_shows_each_role(client: Client) -> None:
    staff("documenter", "ana")
    sign_in(client, staff("administrator", "olga"))
    page = client.get(USERS).content.decode()
    assert "documenter" in page and "administrator" in page


def test_an_administrator_signs_an_account_out_everywhere(client: Client) -> None:
    ana = staff("editor", "ana")
    browser = sign_in(Client(), ana)
    sign_in(client, staff("administrator", "olga"))
    action = {"action": "sign_out_everywhere", "_selected_action": [ana.pk]}
    assert client.post(USERS, action).status_code == 302
    assert browser.get("/office/").status_code == 302
    assert client.get("/office/").status_code == 200  # the administrator stays


def test_an_administrator_gives_an_account_new_codes_shown_once(
    client: Client,
) -> None:
    ana = staff("editor", "ana")
    sign_in(client, staff("administrator", "olga"))
    action = {"action": "new_second_factor", "_selected_action": [ana.pk]}
    response = client.post(USERS, action)
    page = response.content.decode()
    assert response.status_code == 200
    assert "otpauth://totp/Rollcall%3Aana" in page
    codes = StaticToken.objects.filter(device__user=ana)
    assert codes.count() == 10 and all(c.token in page for c in codes)
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize("role", ["documenter", "editor", "analyst"])
def test_no_other_role_may_touch_accounts(client: Client, role: str) -> None:
    ana = staff("editor", "ana")
    sign_in(client, staff(role, "someone"))
    for name in ("sign_out_everywhere", "new_second_factor"):
        response = client.post(USERS, {"action": name, "_selected_action": [ana.pk]})
        assert response.status_code == 403
    assert not StaticToken.objects.filter(device__user=ana).exists()
    assert User.objects.get(pk=ana.pk).is_staff


def test_the_office_never_shows_a_second_factors_secrets(client: Client) -> None:
    """Not to an administrator either: an authenticator key or a recovery
    code read there would let its reader sign in as the account unseen."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from office.accounts import device_enrol

    enrolment = device_enrol(user=staff("editor", "ana"))
    sign_in(client, staff("administrator", "olga"))
    totp = TOTPDevice.objects.get(user__username="ana")
    static = StaticDevice.objects.get(user__username="ana")
    pages = [
        "/office/otp_totp/totpdevice/",
        f"/office/otp_totp/totpdevice/{totp.pk}/change/",
        "/office/otp_static/staticdevice/",
        f"/office/otp_static/staticdevice/{static.pk}/change/",
    ]
    for url in pages:
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert totp.key not in page and "otpauth://" not in page, url
        assert not any(code in page for code in enrolment.recovery_codes), url
    for url in (
        f"/office/otp_totp/totpdevice/{totp.pk}/config/",
        f"/office/otp_totp/totpdevice/{totp.pk}/qrcode/",
        "/office/otp_totp/totpdevice/99999/config/",  # (was a server error)
    ):
        assert client.get(url).status_code == 403, url
