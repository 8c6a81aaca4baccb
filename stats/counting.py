"""Political prisoners on a day, as the register stood at a moment.

The definition (docs/design.md): a person counts on day D when they have a
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
    """Counted detentions on `day` of recognised persons alive on `day`.

    Detentions are scanned once (most of them match a day, so no date index
    helps) and each is probed against the covering index of recognitions.
    """
    kinds = settings.ROLLCALL_COUNTED_DETENTION_KINDS
    recognised = m.Recognition.objects.filter(active_on(day), person=OuterRef("person"))
    died = m.Person.objects.filter(pk=OuterRef("person"), died_on__lt=day)
    return (
        m.Detention.objects.filter(active_on(day), kind__in=kinds)
        .filter(Exists(recognised))
        .exclude(Exists(died))
    )


def political_prisoners_on(day: date) -> int:
    """How many political prisoners there were on `day`, by today's register."""
    return held_on(day).order_by().values("person").distinct().count()


# The state of a table at a moment: for each row id, its latest historical
# version written before that moment, unless that version is a deletion.
# History ids grow with history dates, so the latest version is the one with
# the largest history id; GROUP BY on it is several times faster than a
# window function on both SQLite and PostgreSQL.
_STATE_AT = """
    SELECT version.person_id FROM {table} AS version
    JOIN (
        SELECT MAX(history_id) AS latest FROM {table}
        WHERE history_date < %(moment)s GROUP BY id
    ) AS latest ON version.history_id = latest.latest
    WHERE version.history_type <> '-' {condition}
"""
_ACTIVE = """
    AND (version.start_on IS NULL OR version.start_on <= %(day)s)
    AND (version.end_on IS NULL OR version.end_on >= %(day)s)
"""


def political_prisoners_known_on(day: date, moment: datetime) -> int:
    """How many political prisoners on `day`, as the register stood at `moment`.

    Answered from the kept history of detentions, recognitions and persons,
    not from a snapshot, so a revision of an old figure can be explained
    record by record.
    """
    kinds = list(settings.ROLLCALL_COUNTED_DETENTION_KINDS)
    placeholders = ", ".join(f"%(kind{i})s" for i in range(len(kinds)))
    held = _STATE_AT.format(
        table=m.Detention.history.model._meta.db_table,
        condition=f"{_ACTIVE} AND version.kind IN ({placeholders})",
    )
    recognised = _STATE_AT.format(
        table=m.Recognition.history.model._meta.db_table, condition=_ACTIVE
    )
    died = _STATE_AT.format(
        table=m.Person.history.model._meta.db_table,
        condition="AND version.died_on < %(day)s",
    ).replace("SELECT version.person_id", "SELECT version.id")
    sql = (
        f"SELECT COUNT(DISTINCT held.person_id) FROM ({held}) AS held "
        f"WHERE held.person_id IN ({recognised}) "
        f"AND held.person_id NOT IN ({died})"
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
