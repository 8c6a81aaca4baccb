"""Creating or upgrading the database, as every command does by itself."""

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


def ensure_schema() -> None:
    """Apply missing migrations (idempotent; quiet when nothing is missing)."""
    try:
        if pending_migrations():
            call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as error:
        raise UserError(f"cannot open the database: {error}") from None
