"""One lock for the writes that read many records before they write them,
and one state of the register for the reads that must agree (a publication).

An import reads the stored records it changes and then writes them whole; a
merge reads two records and moves their facts. Two such writes at once on
PostgreSQL (READ COMMITTED) would each write over what the other did: an
import undoing the other's change, two imports both creating one new
record_id (the second then fails on the unique key), a merge moving facts
to a record an import is rewriting. So each takes this lock first and holds
it to the end of its transaction; the next waits, then reads what the first
committed. On SQLite every write transaction already holds the database's
write lock from its start (transaction_mode IMMEDIATE), so there is nothing
to add.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

# pg_advisory_xact_lock's key: any number no other advisory lock uses.
REGISTER_WRITE = 0x526F6C6C  # "Roll"


def lock_register() -> None:
    """Wait for other imports and merges; hold the lock until commit."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_register() outside a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTER_WRITE])


@contextmanager
def one_reading() -> Iterator[None]:
    """Every read in the block sees the register as it stood at its first,
    without holding anyone's writes back.

    On SQLite, a deferred transaction: its first read fixes what the block
    sees (WAL keeps that state for it), where the IMMEDIATE transactions
    Rollcall writes in would take the write lock and make every editor wait
    for the whole block. On PostgreSQL, a REPEATABLE READ transaction. Only
    reads belong in the block (and temporary tables of its own). Inside a
    transaction already (a test's), the block is part of it.
    """
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor != "sqlite":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield
        return
    connection.ensure_connection()  # connecting sets the mode from the settings
    sqlite: Any = connection
    mode = sqlite.transaction_mode
    sqlite.transaction_mode = "DEFERRED"
    try:
        with transaction.atomic():
            sqlite.transaction_mode = mode
            yield
    finally:
        sqlite.transaction_mode = mode
