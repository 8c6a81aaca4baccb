"""Creating or upgrading the database schema.

The embedded SQLite database belongs to Rollcall alone, so every command
brings its schema up to date by itself. A PostgreSQL database is shared and
administered: it is migrated only by `rollcall init`, a deliberate step, and
any other command on an unmigrated one stops with one line saying so.
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor

from registry.errors import UserError


def pending_migrations() -> bool:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return bool(executor.migration_plan(targets))


def vendor() -> str:
    """The database engine: "sqlite" or "postgresql"."""
    return connections[DEFAULT_DB_ALIAS].vendor


def ensure_schema(*, init: bool = False) -> None:
    """Apply missing migrations on SQLite, or on any database when `init`.

    Idempotent and quiet when nothing is missing; an unmigrated PostgreSQL
    database outside `rollcall init` is a user error.
    """
    try:
        if not pending_migrations():
            return
        if init or vendor() == "sqlite":
            call_command("migrate", interactive=False, verbosity=0)
            return
    except OperationalError as error:
        reason = " ".join(str(error).split())
        raise UserError(f"cannot open the database: {reason}") from None
    name = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    raise UserError(f"the database {name!r} is not migrated: run rollcall init")
