"""One lock for the writes that read many records before they write them.

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

from django.db import connection

# pg_advisory_xact_lock's key: any number no other advisory lock uses.
REGISTER_WRITE = 0x526F6C6C  # "Roll"


def lock_register() -> None:
    """Wait for other imports and merges; hold the lock until commit."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_register() outside a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTER_WRITE])
