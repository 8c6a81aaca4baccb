"""Test helpers: staff accounts of each role, signed in with a second factor.

`client.force_login(user)` alone no longer opens the office: the office
asks for a verified second factor (office/site.py). `sign_in` logs the user
in as a real sign-in with a code would. `change_form_data` is what a browser
posts back from a change form it was given, unchanged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from office.roles import role_assign


def staff(role: str, username: str | None = None) -> Any:
    """A new account holding `role` (documenter, editor, analyst, administrator)."""
    user = get_user_model().objects.create_user(username or role, password="x")
    role_assign(user=user, role=role)
    return get_user_model().objects.get(pk=user.pk)


def sign_in(client: Client, user: Any) -> Client:
    """Log `user` in on `client`, verified by a TOTP device in the session."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def form_data(form: Any) -> dict[str, Any]:
    """What a browser would post back for a rendered form, unchanged."""
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = "on" if value is True else value
    return data


def change_form_data(response: Any) -> dict[str, Any]:
    """A change page's form and its inlines' forms, as a browser posts them."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data
