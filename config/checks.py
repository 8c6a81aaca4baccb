"""Settings checked at start-up as Django system checks (`manage.py check`).

A setting that would make Rollcall count or import wrongly stops it before it
serves or writes anything: `manage.py check`, `runserver`, the WSGI
application and every `rollcall` command run these checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core import checks

TAG = "rollcall_settings"


@checks.register(TAG)
def counted_detention_kinds(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Every counted kind must be a detention kind the register knows."""
    from registry.models import DetentionKind

    kinds = settings.ROLLCALL_COUNTED_DETENTION_KINDS
    known = list(DetentionKind.values)
    hint = (
        "ROLLCALL_COUNTED_DETENTION_KINDS is a comma-separated list of: "
        + ", ".join(known)
    )
    if not isinstance(kinds, list | tuple) or not kinds:
        return [
            checks.Error(
                "ROLLCALL_COUNTED_DETENTION_KINDS is empty: nobody would be counted",
                hint=hint,
                id="rollcall.E001",
            )
        ]
    unknown = [kind for kind in kinds if kind not in known]
    if unknown:
        return [
            checks.Error(
                "ROLLCALL_COUNTED_DETENTION_KINDS names unknown detention kinds: "
                + ", ".join(repr(kind) for kind in unknown),
                hint=hint,
                id="rollcall.E002",
            )
        ]
    return []


@checks.register(TAG)
def import_max_bytes(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """The largest import must be a positive number of bytes."""
    limit = settings.ROLLCALL_IMPORT_MAX_BYTES
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        return []
    return [
        checks.Error(
            f"ROLLCALL_IMPORT_MAX_BYTES={limit!r} is not a positive number of bytes",
            hint="for example 268435456 (256 MiB), the default",
            id="rollcall.E003",
        )
    ]


@checks.register(TAG)
def suppression_threshold(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Below 3 a suppressed cell shown as "< N" would give its value away."""
    threshold = settings.ROLLCALL_SUPPRESSION_THRESHOLD
    if isinstance(threshold, int) and threshold >= 3:
        return []
    return [
        checks.Error(
            f"ROLLCALL_SUPPRESSION_THRESHOLD={threshold!r} is below 3",
            hint="public cells below it are shown as '< N'; the default is 5",
            id="rollcall.E004",
        )
    ]


@checks.register(TAG)
def default_visibility(
    app_configs: Sequence[Any] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """A new person's default visibility must be one the register knows."""
    value = settings.ROLLCALL_DEFAULT_VISIBILITY
    if value in ("public", "anonymous", "restricted"):
        return []
    return [
        checks.Error(
            f"ROLLCALL_DEFAULT_VISIBILITY={value!r} is not a visibility",
            hint="restricted (the default), anonymous or public",
            id="rollcall.E005",
        )
    ]


def configuration_errors() -> list[str]:
    """The settings errors, each as one line with its id and hint."""
    found = checks.run_checks(tags=[TAG])
    return [
        f"{message.msg} ({message.id}; {message.hint})"
        for message in found
        if message.is_serious()
    ]
