"""`rollcall` in subprocesses on databases of their own, for tests that break it.

A migrated template is made once per test process (`rollcall init` is slow on
a busy machine); each database is a copy of it: a file copy on SQLite, a
`CREATE DATABASE ... TEMPLATE` on PostgreSQL. `fingerprint` reads every row
of every table straight from the database, so "the database is exactly as
before" is checked on everything, not only on what an export shows.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SQLITE_FILE = "rollcall.sqlite3"


def server() -> dict[str, Any]:
    from django.db import connection

    params = connection.settings_dict
    return {
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
    }


def on_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def admin() -> Any:
    import psycopg

    return psycopg.connect(dbname="postgres", autocommit=True, **server())


class Rollcall:
    """`rollcall` in a subprocess, on one database."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    @property
    def url(self) -> str | None:
        return self.env.get("DATABASE_URL")

    def command(self, args: tuple[str, ...], faults: tuple[str, ...]) -> list[str]:
        if faults:
            return [sys.executable, "-m", "rollcall.tests.faulty", *faults, "--", *args]
        return [sys.executable, "-m", "rollcall", *args]

    def run(
        self, *args: str, ok: bool = True, faults: tuple[str, ...] = ()
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            self.command(args, faults),
            capture_output=True,
            text=True,
            env=self.env,
            cwd=ROOT,
            timeout=300,
            check=False,
        )
        if ok:
            assert done.returncode == 0, done.stderr
        return done

    def start(self, *args: str, faults: tuple[str, ...] = ()) -> Paused:
        return Paused(
            subprocess.Popen(
                self.command(args, faults),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=self.env,
                cwd=ROOT,
            )
        )

    def paused(self, point: str, *args: str) -> Paused:
        """`rollcall ARGS` started and paused after the function `point`
        (`module:qualified.name`), with its database backend's pid."""
        started = self.start(*args, faults=("--pause-after", point))
        started.backend = started.wait_for_pause()
        return started

    def export(self) -> str:
        return self.run("export", "--format", "json").stdout

    def connect(self) -> Any:
        if self.url:
            import psycopg

            return psycopg.connect(self.url, autocommit=True)
        return sqlite3.connect(Path(self.env["ROLLCALL_VAR_DIR"]) / SQLITE_FILE)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of one statement, committed, from a connection of the test's
        own (a write straight into the database, beside a paused command)."""
        if not self.url:
            sql = sql.replace("%s", "?")
        db = self.connect()
        try:
            cursor = db.execute(sql, params)
            rows = [] if cursor.description is None else list(cursor.fetchall())
            db.commit()
            return rows
        finally:
            db.close()

    def fingerprint(self) -> dict[str, str]:
        """Every table's rows (in any order), hashed: equal only if equal."""
        if self.url:
            listing = (
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"
            )
        else:
            listing = (
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        db = self.connect()
        try:
            tables = [row[0] for row in db.execute(listing).fetchall()]
            return {
                table: hashlib.sha256(
                    "\n".join(
                        sorted(
                            repr(row)
                            for row in db.execute(f'SELECT * FROM "{table}"').fetchall()
                        )
                    ).encode()
                ).hexdigest()
                for table in tables
            }
        finally:
            db.close()


class Paused:
    """A command started with `--pause-after`: wait for its pause, then decide."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.backend = 0  # the pid of its database backend, once paused

    def wait_for_pause(self) -> int:
        """Block until the command pauses; its database backend's pid."""
        assert self.process.stderr is not None
        said = []
        for line in self.process.stderr:
            if line.startswith("paused "):
                return int(line.split()[1])
            said.append(line)
        rest = self.process.communicate(timeout=60)[1]
        raise AssertionError(f"the command never paused: {''.join(said)}{rest}")

    def go_on(self) -> subprocess.CompletedProcess[str]:
        out, err = self.process.communicate("\n", timeout=300)
        return subprocess.CompletedProcess(
            self.process.args, self.process.returncode, out, err
        )

    def kill(self) -> None:
        self.process.kill()
        self.process.communicate(timeout=60)


class Databases:
    """Databases for `rollcall` subprocesses, copied from one migrated template."""

    def __init__(self, folder: Path, prefix: str) -> None:
        self.folder = folder
        self.prefix = prefix
        self.template: Rollcall | None = None
        self.made: list[str] = []

    def environment(self, name: str) -> dict[str, str]:
        env = {**os.environ, "ROLLCALL_VAR_DIR": str(self.folder / name)}
        env.pop("DATABASE_URL", None)
        if not on_postgres():
            return env
        database = f"{self.prefix}_{name}"
        params = server()
        user = f"{params['user']}@" if params["user"] else ""
        host = f"{params['host'] or '127.0.0.1'}:{params['port'] or 5432}"
        env["DATABASE_URL"] = f"postgresql://{user}{host}/{database}"
        return env

    def new(self, name: str) -> Rollcall:
        """A migrated, empty register (as `rollcall init` leaves it)."""
        if self.template is None:
            self.template = self.create("template", copy_of=None)
            self.template.run("init")
        return self.create(name, copy_of=self.template)

    def create(self, name: str, *, copy_of: Rollcall | None) -> Rollcall:
        env = self.environment(name)
        rollcall = Rollcall(env)
        if not on_postgres():
            folder = Path(env["ROLLCALL_VAR_DIR"])
            if copy_of is not None:
                shutil.copytree(copy_of.env["ROLLCALL_VAR_DIR"], folder)
            return rollcall
        database = f"{self.prefix}_{name}"
        template = f" TEMPLATE {self.prefix}_template" if copy_of else ""
        with admin() as db:
            db.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{database}"{template}')
        self.made.append(database)
        return rollcall

    def drop(self) -> None:
        if self.made:
            with admin() as db:
                for database in self.made:
                    db.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def databases(folder: Path) -> Iterator[Databases]:
    """A fixture's body: databases named after this test process's own."""
    from django.db import connection

    # Each xdist worker its own: two workers making the same template at
    # once would drop each other's database.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    made = Databases(folder, f"{connection.settings_dict['NAME']}_{worker}_x")
    try:
        yield made
    finally:
        made.drop()
