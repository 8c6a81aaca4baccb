"""Sign-ins and failed sign-ins, from Django's authentication signals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed

from audit.actions import audit_record
from audit.models import AuditAction


def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.SIGN_IN, actor=user, target=user)


def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Only the name tried: Django masks the password, and it is never read.
    from django.contrib.auth import get_user_model

    field = get_user_model().USERNAME_FIELD
    username = str(credentials.get(field, ""))[:150]
    audit_record(action=AuditAction.SIGN_IN_FAILED, details={"username": username})


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="audit.signed_in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit.sign_in_failed")
