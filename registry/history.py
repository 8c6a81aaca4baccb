"""What the kept history says of a write: who, why and, for a dated import, when."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def attribute(
    obj: Any, *, actor: Any, reason: str, when: datetime | None = None
) -> None:
    """Mark a row about to be saved or deleted with who changes it and why.

    django-simple-history reads these attributes when it writes the row's
    historical copy; `when` dates the change (`rollcall import --recorded-on`).
    """
    obj._change_reason = reason
    obj._history_user = actor
    if when is not None:
        obj._history_date = when
