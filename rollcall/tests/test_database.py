"""SQLite is migrated by every command; PostgreSQL only by `rollcall init`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rollcall import database
from rollcall.cli import main

pytestmark = pytest.mark.django_db


class Migrations:
    """Pretends that migrations are pending and records whether they ran."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, vendor: str) -> None:
        self.ran = False
        monkeypatch.setattr(database, "vendor", lambda: vendor)
        monkeypatch.setattr(database, "pending_migrations", lambda: not self.ran)
        monkeypatch.setattr(database, "call_command", self.migrate)

    def migrate(self, name: str, **options: object) -> None:
        assert name == "migrate"
        self.ran = True


def test_an_unmigrated_sqlite_database_is_migrated_by_any_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    migrations = Migrations(monkeypatch, "sqlite")
    assert main(["list", "--json"]) == 0
    assert migrations.ran


def test_an_unmigrated_postgresql_database_asks_for_rollcall_init(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    migrations = Migrations(monkeypatch, "postgresql")
    assert main(["list", "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("rollcall: error: the database ")
    assert "is not migrated: run rollcall init" in err
    assert not migrations.ran


def test_rollcall_init_migrates_a_postgresql_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    migrations = Migrations(monkeypatch, "postgresql")
    assert main(["init"]) == 0
    assert migrations.ran
    assert capsys.readouterr().out.startswith("database ready: ")


def test_a_migrated_database_is_left_alone_by_every_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(database, "call_command", pytest.fail)
    assert not database.pending_migrations()
    assert main(["list", "--json"]) == 0
    assert main(["init"]) == 0


def test_the_vendor_is_the_configured_database_engine() -> None:
    from django.db import connection

    assert database.vendor() == connection.vendor in ("sqlite", "postgresql")


@pytest.fixture
def empty_postgresql_database() -> Iterator[str]:
    """A URL of a new, empty PostgreSQL database next to the test database."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_unmigrated"
    server = {
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    user = f"{params['USER']}@" if params["USER"] else ""
    host = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    try:
        yield f"postgresql://{user}{host}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_a_new_postgresql_database_is_used_only_after_rollcall_init(
    empty_postgresql_database: str, tmp_path: Path
) -> None:
    env = {
        "DATABASE_URL": empty_postgresql_database,
        "ROLLCALL_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }

    def rollcall(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "rollcall", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    refused = rollcall("count", "--json")
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.strip().endswith("is not migrated: run rollcall init")
    assert refused.stderr.count("\n") == 1
    assert rollcall("init").returncode == 0
    counted = rollcall("count", "--json")
    assert counted.returncode == 0, counted.stderr
    assert json.loads(counted.stdout)["count"] == 0
