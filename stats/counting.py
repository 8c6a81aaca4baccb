"""Political prisoners on a day, as the register stood at a moment.

The definition (DESIGN.md): a person counts on day D when they have a
recognition active on D and a deprivation of liberty of a counted kind
(`ROLLCALL_COUNTED_DETENTION_KINDS`) active on D, and had not died before D
(a record may leave the detention of a person who died in custody open).
Partial dates follow `registry.dates`: an interval counts on every day its
record allows; an unknown start means "before any day asked about", a missing
end "ongoing".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from registry import models as m


@dataclass(frozen=True)
class Count:
    on: date
    known_on: datetime | None
    count: int


def active_on(day: date) -> Q:
    """Intervals (detentions, recognitions) that hold on `day`."""
    started = Q(start_on__isnull=True) | Q(start_on__lte=day)
    not_ended = Q(end_on__isnull=True) | Q(end_on__gte=day)
    return started & not_ended


def held_on(day: date) -> QuerySet[m.Detention]:
    kinds = settings.ROLLCALL_COUNTED_DETENTION_KINDS
    recognised = m.Recognition.objects.filter(active_on(day), person=OuterRef("person"))
    return (
        m.Detention.objects.filter(active_on(day), kind__in=kinds)
        .exclude(person__died_on__lt=day)
        .filter(Exists(recognised))
    )


def political_prisoners_on(day: date) -> int:
    """How many political prisoners there were on `day`, by today's register."""
    return held_on(day).values("person").distinct().count()


# The state of a table at a moment: for each row id, its latest historical
# version written before that moment, unless that version is a deletion.
_STATE_AT = """
    SELECT person_id, {columns} start_on, end_on FROM (
        SELECT person_id, {columns} start_on, end_on, history_type,
               ROW_NUMBER() OVER (
                   PARTITION BY id ORDER BY history_date DESC, history_id DESC
               ) AS version
        FROM {table} WHERE history_date < %(moment)s
    ) AS states
    WHERE version = 1 AND history_type <> '-'
      AND (start_on IS NULL OR start_on <= %(day)s)
      AND (end_on IS NULL OR end_on >= %(day)s)
"""

_DIED_BEFORE = """
    SELECT id FROM (
        SELECT id, died_on, history_type,
               ROW_NUMBER() OVER (
                   PARTITION BY id ORDER BY history_date DESC, history_id DESC
               ) AS version
        FROM {table} WHERE history_date < %(moment)s
    ) AS states
    WHERE version = 1 AND history_type <> '-' AND died_on < %(day)s
"""


def political_prisoners_known_on(day: date, moment: datetime) -> int:
    """How many political prisoners on `day`, as the register stood at `moment`.

    Answered from the kept history of detentions and recognitions, not from a
    snapshot, so a revision of an old figure can be explained record by record.
    """
    kinds = list(settings.ROLLCALL_COUNTED_DETENTION_KINDS)
    detentions = _STATE_AT.format(
        table=m.Detention.history.model._meta.db_table, columns="kind,"
    )
    persons = m.Person.history.model._meta.db_table
    recognitions = _STATE_AT.format(
        table=m.Recognition.history.model._meta.db_table, columns=""
    )
    placeholders = ", ".join(f"%(kind{i})s" for i in range(len(kinds)))
    sql = (
        f"SELECT COUNT(DISTINCT held.person_id) FROM ({detentions}) AS held "
        f"WHERE held.kind IN ({placeholders}) "
        f"AND held.person_id IN (SELECT person_id FROM ({recognitions}) AS recognised) "
        f"AND held.person_id NOT IN ({_DIED_BEFORE.format(table=persons)})"
    )
    params: dict[str, Any] = {
        "moment": connection.ops.adapt_datetimefield_value(moment),
        "day": connection.ops.adapt_datefield_value(day),
        **{f"kind{i}": kind for i, kind in enumerate(kinds)},
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (count,) = cursor.fetchone()
    return int(count)


def count(on: date, known_on: datetime | None = None) -> Count:
    """The count on `on`, from the live register or as it stood at `known_on`."""
    if known_on is None:
        return Count(on, None, political_prisoners_on(on))
    return Count(on, known_on, political_prisoners_known_on(on, known_on))
