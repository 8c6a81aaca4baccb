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

The reads that must agree take `one_reading`, which on SQLite can also lend
them more connections fixed on the same state (`lend_helper`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any

from django.conf import settings
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


# The connections, not lent at the moment, that read the state of the
# register the current `one_reading` block reads (see `one_reading`).
_helpers: ContextVar[list[Any] | None] = ContextVar("reading_helpers", default=None)


def free_helpers() -> int:
    """How many connections `lend_helper` can lend now."""
    return len(_helpers.get() or ())


def lend_helper() -> Any | None:
    """A raw database connection that sees exactly what this thread's
    connection sees, for reads run beside it on another thread, until given
    back (`give_back`); None unless inside `one_reading(parallel=True)`, the
    database allowed it and one is free."""
    free = _helpers.get()
    return free.pop() if free else None


def give_back(helper: Any) -> None:
    """Return a connection from `lend_helper` when its reads are done."""
    free = _helpers.get()
    if free is not None:
        free.append(helper)


@contextmanager
def one_reading(parallel: bool = False) -> Iterator[None]:
    """Every read in the block sees the register as it stood at its first,
    without holding anyone's writes back.

    On SQLite, a deferred transaction: its first read fixes what the block
    sees (WAL keeps that state for it), where the IMMEDIATE transactions
    Rollcall writes in would take the write lock and make every editor wait
    for the whole block. On PostgreSQL, a REPEATABLE READ transaction. Only
    reads belong in the block (and temporary tables of its own). Inside a
    transaction already (a test's), the block is part of it.

    With `parallel`, more connections to a SQLite file read the same state
    (`lend_helper`, ROLLCALL_READ_CONNECTIONS in all), so that a figure
    can be read in parts on several cores: SQLite has no parallel query of
    its own (PostgreSQL plans one itself, and gets no helpers). They are
    pinned to the block's state while the write lock is held for an
    instant, so no write can come between them; when a write holds the lock
    already, the block reads on its own connection alone rather than wait.
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
            count = settings.ROLLCALL_READ_CONNECTIONS - 1 if parallel else 0
            with pinned_helpers(count) as found:
                token = _helpers.set(list(found))
                try:
                    yield
                finally:
                    _helpers.reset(token)
    finally:
        sqlite.transaction_mode = mode


def _connect(params: dict[str, Any]) -> Any:
    """A raw SQLite connection as Django makes its own, managed by hand."""
    raw = connection.get_new_connection(params)
    raw.isolation_level = None  # BEGIN and ROLLBACK are ours
    return raw


def _first_read(raw: Any) -> None:
    """Start `raw`'s read transaction: its first read fixes its state."""
    raw.execute("BEGIN DEFERRED")
    raw.execute("SELECT COUNT(*) FROM sqlite_schema").fetchall()


@contextmanager
def pinned_helpers(count: int) -> Iterator[tuple[Any, ...]]:
    """`count` connections reading the state this connection's transaction
    (begun, nothing read yet) is about to read; none for an in-memory
    database or while another connection writes."""
    sqlite: Any = connection
    if count <= 0 or sqlite.is_in_memory_db():
        yield ()
        return
    mode, commands = sqlite.transaction_mode, sqlite.init_commands
    try:
        params = connection.get_connection_params()
    finally:  # (reading the parameters resets both)
        sqlite.transaction_mode, sqlite.init_commands = mode, commands
    found: list[Any] = []
    holder = _connect({**params, "timeout": 0})
    try:
        try:
            # No write can commit while this is held: every connection
            # started now reads the same state.
            holder.execute("BEGIN IMMEDIATE")
            locked = True
        except sqlite3.OperationalError:  # a write under way: read alone
            locked = False
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM sqlite_schema")
                cursor.fetchall()
            for _ in range(count):
                found.append(_connect(params))
                _first_read(found[-1])
            holder.execute("ROLLBACK")
        holder.close()
        yield tuple(found)
    finally:
        holder.close()
        for raw in found:
            with suppress(sqlite3.Error):
                raw.execute("ROLLBACK")
            raw.close()
