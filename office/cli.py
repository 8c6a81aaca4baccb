"""Account commands: `rollcall createuser`, `role`, `enrol`, `signout`, `unlock`.

What an account's holder needs (password, authenticator key, recovery
codes) is printed once and kept nowhere in clear: hand it over in person or
by an end-to-end encrypted channel (docs/office.md).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rollcall.cli import fail


def enrolment_lines(enrolment: Any) -> list[str]:
    """The lines that give the account's holder a second factor."""
    return [
        f"authenticator app (scan as a QR code or paste): {enrolment.totp_uri}",
        "recovery codes, each works once: " + " ".join(enrolment.recovery_codes),
    ]


def password_from(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{path}: {getattr(error, 'strerror', None) or 'not UTF-8 text'}")
    if not text:
        fail(f"{path}: is empty")
    return text


def cmd_createuser(args: argparse.Namespace) -> None:
    from office.accounts import AccountError, account_create

    given = password_from(args.password_file)
    try:
        user, password, enrolment = account_create(
            username=args.username, role=args.role, password=given, email=args.email
        )
    except AccountError as error:
        fail(str(error))
    shown = "as given" if given else f"{password!r} (shown only now)"
    print(f"account {user.username!r} created: role {args.role}, password {shown}")
    for line in enrolment_lines(enrolment):
        print(line)


def cmd_role(args: argparse.Namespace) -> None:
    from office.accounts import AccountError, user_named
    from office.roles import role_assign

    try:
        user = user_named(args.username)
        role_assign(user=user, role=args.role)
    except AccountError as error:
        fail(str(error))
    print(f"{args.username}: role {args.role}")


def cmd_enrol(args: argparse.Namespace) -> None:
    from office.accounts import AccountError, device_enrol, sessions_end, user_named

    try:
        user = user_named(args.username)
    except AccountError as error:
        fail(str(error))
    enrolment = device_enrol(user=user)
    ended = sessions_end(user=user)
    print(
        f"{args.username}: new second factor, the old ones no longer work; "
        f"{ended} session(s) ended"
    )
    for line in enrolment_lines(enrolment):
        print(line)


def cmd_signout(args: argparse.Namespace) -> None:
    from office.accounts import AccountError, sessions_end, user_named

    try:
        ended = sessions_end(user=user_named(args.username))
    except AccountError as error:
        fail(str(error))
    print(f"{args.username}: signed out of {ended} session(s)")


def cmd_unlock(args: argparse.Namespace) -> None:
    from office.accounts import AccountError, lockout_reset, user_named

    lifted = lockout_reset(username=args.username)
    if not lifted:
        # (sign-ins fail under names no account has too: their records are
        # cleared above; a name with neither is most likely mistyped)
        try:
            user_named(args.username)
        except AccountError as error:
            fail(f"{error}, and no failed sign-in recorded under that name")
    print(f"{args.username}: {lifted} failed sign-in record(s) cleared")


def add_commands(command: Callable[..., Any]) -> None:
    """Add the account commands to the `rollcall` parser."""
    from office.roles import ROLES

    sub = command(
        "createuser",
        cmd_createuser,
        "create a staff account with a role and two-factor sign-in",
    )
    sub.add_argument("username")
    sub.add_argument("--role", required=True, choices=ROLES)
    sub.add_argument("--email", default="")
    sub.add_argument(
        "--password-file",
        metavar="FILE",
        help="the password (default: a random one, printed once)",
    )
    sub = command("role", cmd_role, "give an account its role (none: no office)")
    sub.add_argument("username")
    sub.add_argument("role", choices=(*ROLES, "none"))
    sub = command(
        "enrol",
        cmd_enrol,
        "give an account a new authenticator key and recovery codes",
    )
    sub.add_argument("username")
    sub = command("signout", cmd_signout, "end every session of an account")
    sub.add_argument("username")
    sub = command("unlock", cmd_unlock, "lift a lock-out after failed sign-ins")
    sub.add_argument("username")
