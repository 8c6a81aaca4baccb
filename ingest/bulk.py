"""Fast bulk inserts that keep the same history as simple-history does.

The ORM's `bulk_create` spends most of an import compiling SQL value by
value; an import of 100k persons writes millions of rows. Here ids are
allocated up front (so children can point at parents without reading
anything back), rows go in with one `executemany` per table, and the
historical rows are copied by one `INSERT ... SELECT` per table: the kept
history is the same as the ORM path would write, with who, when and why.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import DateField, DateTimeField, Model
from django.utils import timezone


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """Reserve `count` primary keys for rows about to be inserted."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the import holds the write lock (an IMMEDIATE transaction),
        # so nobody else can take ids between this read and the insert.
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')
        (last,) = cursor.fetchone()
        return list(range(last + 1, last + 1 + count))


def _adapter(field: Any) -> Any:
    if isinstance(field, DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, DateField):
        return connection.ops.adapt_datefield_value
    return None


class Table:
    """The columns of one model's table and of its historical table."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        fields = [f for f in model._meta.concrete_fields]
        self.attnames = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        self.adapters = [_adapter(f) for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields}
        # itemgetter of one name gives a value, of several a tuple.
        assert len(self.attnames) > 1, "a table with an id and at least one field"
        self.getter = operator.itemgetter(*self.attnames)
        self.dates = [(i, a) for i, a in enumerate(self.adapters) if a is not None]
        history = getattr(model, "history", None)
        self.history = history.model if history is not None else None

    def rows(self, values: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
        """Rows as tuples in column order, defaults filled, dates adapted."""
        defaults, getter, dates = self.defaults, self.getter, self.dates
        out = []
        for value in values:
            row = getter({**defaults, **value})
            if dates:
                cells = list(row)
                for i, adapt in dates:
                    if isinstance(cells[i], date):
                        cells[i] = adapt(cells[i])
                row = tuple(cells)
            out.append(row)
        return out

    def insert(
        self,
        values: Sequence[dict[str, Any]],
        *,
        user_id: int | None,
        reason: str,
        when: datetime | None = None,
    ) -> None:
        """Insert rows (each with its `id` set) and their '+' history rows."""
        if not values:
            return
        table = self.model._meta.db_table
        names = ", ".join(f'"{c}"' for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f'INSERT INTO "{table}" ({names}) VALUES ({marks})', self.rows(values)
            )
            if self.history is not None:
                ids = [v["id"] for v in values]
                self.copy_history(cursor, ids, user_id, reason, when or timezone.now())

    def copy_history(
        self,
        cursor: Any,
        ids: list[int],
        user_id: int | None,
        reason: str,
        when: datetime,
    ) -> None:
        assert self.history is not None
        history_table = self.history._meta.db_table
        names = ", ".join(f'"{c}"' for c in self.columns)
        extra = '"history_date", "history_change_reason", "history_type", '
        extra += '"history_user_id"'
        stamp = connection.ops.adapt_datetimefield_value(when)
        select = (
            f'INSERT INTO "{history_table}" ({names}, {extra}) '
            f"SELECT {names}, %s, %s, '+', %s FROM \"{self.model._meta.db_table}\" "
        )
        if connection.vendor == "postgresql":
            cursor.execute(
                select + 'WHERE "id" = ANY(%s)', [stamp, reason, user_id, ids]
            )
            return
        # SQLite ids of one insert are contiguous (allocate_ids).
        cursor.execute(
            select + 'WHERE "id" BETWEEN %s AND %s',
            [stamp, reason, user_id, min(ids), max(ids)],
        )


_tables: dict[type[Model], Table] = {}


def table(model: type[Model]) -> Table:
    if model not in _tables:
        _tables[model] = Table(model)
    return _tables[model]
