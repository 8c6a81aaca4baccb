"""The register's tables as they stand now, or as they stood at a moment.

Every figure in `stats` is one SQL text written against table names such as
`{detention}`; `Register` fills them in either with the live tables or with
the state of each table at a moment, read from the kept history
(django-simple-history). The same query therefore answers "on day D" and "on
day D as the register stood on day K", and history rows dated by an import
(`--recorded-on`) are honoured like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model

from registry import models as m

# Tables that change with the register's history, by the name used in SQL.
KEPT: dict[str, type[Model]] = {
    "person": m.Person,
    "detention": m.Detention,
    "recognition": m.Recognition,
    "case": m.Case,
    "charge": m.Charge,
    "healthnote": m.HealthNote,
    "event": m.Event,
    "eventperson": m.EventPerson,
}
# Vocabularies: read as they are now (a renamed facility is the same place).
VOCABULARY: dict[str, type[Model]] = {
    "facility": m.Facility,
    "organisation": m.Organisation,
    "article": m.Article,
    "eventtype": m.EventType,
}

# The state of a table at a moment: for each row id, its latest historical
# version written before that moment, unless that version is a deletion.
# History ids grow with history dates, so the latest version is the one with
# the largest history id (see stats.counting).
_STATE_AT = """(
    SELECT version.* FROM {table} AS version
    JOIN (
        SELECT MAX(history_id) AS latest FROM {table}
        WHERE history_date < %(moment)s GROUP BY id
    ) AS latest ON version.history_id = latest.latest
    WHERE version.history_type <> '-'
)"""


@dataclass(frozen=True)
class Register:
    """The live register (`moment` None) or the register as it stood at `moment`."""

    moment: datetime | None = None

    def tables(self) -> dict[str, str]:
        """SQL for each table name, to be used as `FROM {detention} AS d`."""
        names = {key: model._meta.db_table for key, model in VOCABULARY.items()}
        for key, model in KEPT.items():
            if self.moment is None:
                names[key] = model._meta.db_table
            else:
                history = model.history.model._meta.db_table  # type: ignore[attr-defined]
                names[key] = _STATE_AT.format(table=history)
        return names

    def params(self) -> dict[str, Any]:
        if self.moment is None:
            return {}
        return {"moment": connection.ops.adapt_datetimefield_value(self.moment)}

    def rows(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """Run `sql` with its table names filled in; all rows."""
        with connection.cursor() as cursor:
            cursor.execute(sql.format(**self.tables()), {**self.params(), **params})
            return [tuple(row) for row in cursor.fetchall()]


def counted_kinds() -> list[str]:
    return list(settings.ROLLCALL_COUNTED_DETENTION_KINDS)


def in_list(name: str, values: list[Any]) -> tuple[str, dict[str, Any]]:
    """`(%(name0)s, %(name1)s, …)` and its parameters (never empty)."""
    if not values:
        return "(NULL)", {}
    keys = [f"{name}{i}" for i in range(len(values))]
    return "(" + ", ".join(f"%({key})s" for key in keys) + ")", dict(
        zip(keys, values, strict=True)
    )


def day_param(value: date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def as_date(value: Any) -> date | None:
    """A date column as a date (SQLite gives text through a raw cursor)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def chunks(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
