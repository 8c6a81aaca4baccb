"""Staff accounts: creating them, their second factor, their sessions."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from office.roles import role_assign

RECOVERY_CODES = 10


class AccountError(Exception):
    """A request about an account that cannot be carried out, said in one line."""


@dataclass(frozen=True)
class Enrolment:
    """What the account's holder needs once: shown, never stored in clear."""

    username: str
    totp_uri: str
    recovery_codes: list[str]


def user_named(username: str) -> Any:
    """The account called `username`, or AccountError."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise AccountError(f"no account called {username!r}")
    return user


def new_password() -> str:
    """A password of 20 random URL-safe characters (about 120 bits)."""
    return secrets.token_urlsafe(15)


@transaction.atomic
def account_create(
    *, username: str, role: str, password: str | None = None, email: str = ""
) -> tuple[Any, str, Enrolment]:
    """Create a staff account with a role and a second factor.

    Returns the account, its password (the one given, or a new random one)
    and its enrolment, to be handed to its holder once.
    """
    model = get_user_model()
    users = model.objects
    if not username.strip():
        raise AccountError("an account needs a name")
    field = model._meta.get_field(model.USERNAME_FIELD)
    try:
        if isinstance(field, Field):  # (always: the name is a column)
            field.run_validators(username)
    except ValidationError as error:
        raise AccountError(f"{username!r}: {' '.join(error.messages)}") from None
    if users.filter(username=username).exists():
        raise AccountError(f"an account called {username!r} exists already")
    user = users.create_user(username, email=email)
    password = password or new_password()
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise AccountError("password refused: " + " ".join(error.messages)) from None
    user.set_password(password)
    user.save()
    try:
        role_assign(user=user, role=role)
    except ValueError as error:
        raise AccountError(str(error)) from None
    return user, password, device_enrol(user=user)


@transaction.atomic
def device_enrol(*, user: Any) -> Enrolment:
    """Give the account a new authenticator key and new recovery codes.

    Any device it had before stops working: this is also how a lost phone
    or used-up recovery codes are replaced.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    totp = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [recovery_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=code) for code in codes]
    )
    return Enrolment(user.get_username(), totp.config_url, codes)


def recovery_code() -> str:
    """Ten lower-case letters and digits, unlike a six-digit app code."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def sessions_end(*, user: Any) -> int:
    """Sign the account out everywhere: delete every session that is its own."""
    key = str(user.pk)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            session.delete()
            ended += 1
    return ended


def lockout_reset(*, username: str) -> int:
    """Lift a sign-in lock-out on the user name (django-axes); how many lifted."""
    from axes.utils import reset

    return int(reset(username=username))
