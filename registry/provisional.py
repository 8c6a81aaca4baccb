"""Things built from the rows a transaction reads, trusted once it commits.

On SQLite a rolled-back row's id goes to the next row, so a cache keyed by
the highest history ids (registry.matching's name index, link's automaton)
could meet its key again with other rows behind it. What is built inside a
transaction is therefore used only inside that transaction until it
commits; a rollback (of the transaction or of the savepoint it was built
in) drops the transaction's on-commit callbacks, and with them the cache's
claim to be current.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction


class Provisional:
    """Whether something built now may be used: always once its transaction
    commits (`then` runs then, e.g. to keep it on disk), until then only
    inside that transaction. Outside a transaction it is committed at once."""

    _pending: Callable[[], None] | None

    def __init__(self, *, then: Callable[[], None] | None = None) -> None:
        def committed() -> None:
            self._pending = None
            if then is not None:
                then()

        self._pending = committed
        transaction.on_commit(committed)

    @property
    def committed(self) -> bool:
        return self._pending is None

    def usable(self) -> bool:
        """Committed, or built in the transaction still open on this thread."""
        if self._pending is None:
            return True
        return any(entry[1] is self._pending for entry in connection.run_on_commit)
