"""Shared fixtures: users of every role and the sample files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Property tests explore new examples on every run, on a developer's machine
# and on CI alike: a derandomized CI would try the same examples for ever and
# never find the rare case a local run stumbles on. So that a red CI can be
# replayed, the CI profile prints the blob of a failing example
# (`@reproduce_failure(...)`) and keeps no example database between runs.
settings.register_profile(
    "rollcall",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "ci",
    parent=settings.get_profile("rollcall"),
    derandomize=False,
    print_blob=True,
    database=None,
)
ON_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
settings.load_profile("ci" if ON_CI else "rollcall")
# The fuzzing tests (ingest/tests/test_fuzz.py, public/tests/test_fuzz_search.py)
# try thousands of broken inputs on CI, a tenth of that on a developer's run.
settings.register_profile(
    "fuzz",
    parent=settings.get_profile("ci" if ON_CI else "rollcall"),
    max_examples=2000 if ON_CI else 200,
)


def pytest_configure(config: Any) -> None:
    """Compile stale translation catalogs once, before any worker starts."""
    if hasattr(config, "workerinput"):
        return
    from config.catalogs import compile_stale

    compile_stale()


SAMPLES = Path(__file__).resolve().parent / "ingest" / "tests" / "samples"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def _english_at_the_start() -> None:
    """Each test starts in English. A request in another language leaves it
    active in the thread (LocaleMiddleware), and reverse() would follow it."""
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_api_rate_limit(settings: Any) -> None:
    """Tests ask the API many times from one address; the limit has its own
    tests (public/tests/test_serving.py)."""
    settings.ROLLCALL_API_RATE = ""


@pytest.fixture
def publish_now(settings: Any, tmp_path: Path) -> Any:
    """Publish the test register and point the public side at it; returns it.

    The register is taken as reviewed: every record's current version is
    approved first (`approve=False` publishes only what was approved).
    """
    from publish.publishing import publish
    from review.testing import approve_all

    settings.ROLLCALL_PUBLIC_DIR = tmp_path / "public"

    def run(*, approve: bool = True) -> Path:
        if approve:
            approve_all()
        return publish().path

    return run


@pytest.fixture
def fresh_database(tmp_path: Path, django_db_setup: Any) -> Any:
    """A new database, outside the test's transaction, for `rollcall` run in
    subprocesses: a function of a name giving its environment (SQLite in
    its own directory, or a new PostgreSQL database beside the test one).
    The databases are created empty, not migrated, and dropped afterwards."""
    from django.db import connection

    made: list[str] = []
    params = connection.settings_dict

    def server() -> dict[str, Any]:
        return {
            "host": params["HOST"] or None,
            "port": params["PORT"] or None,
            "user": params["USER"] or None,
            "password": params["PASSWORD"] or None,
        }

    def make(name: str) -> dict[str, str]:
        env = {**os.environ, "ROLLCALL_VAR_DIR": str(tmp_path / name)}
        env.pop("DATABASE_URL", None)
        if connection.vendor != "postgresql":
            return env
        import psycopg

        # Each xdist worker its own: two workers making "source" at once
        # would drop each other's database.
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        database = f"{params['NAME']}_{worker}_{name}"
        with psycopg.connect(dbname="postgres", autocommit=True, **server()) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{database}"')
        made.append(database)
        user = f"{params['USER']}@" if params["USER"] else ""
        host = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
        env["DATABASE_URL"] = f"postgresql://{user}{host}/{database}"
        return env

    yield make
    if made:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **server()) as admin:
            for database in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(scope="session")
def subprocess_databases(tmp_path_factory: Any, django_db_setup: Any) -> Any:
    """Migrated databases for `rollcall` subprocesses (rollcall/tests/processes.py)."""
    from rollcall.tests.processes import databases

    yield from databases(tmp_path_factory.mktemp("databases"))
