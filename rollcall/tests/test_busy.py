"""Two writers at once on the embedded database: the second says so in one line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from registry.tests.builders import make_row, write_csv


def rollcall(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rollcall", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_an_import_that_cannot_get_the_write_lock_fails_in_one_line(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "ROLLCALL_VAR_DIR": str(tmp_path),
        "ROLLCALL_DB_BUSY_TIMEOUT": "1",
    }
    env.pop("DATABASE_URL", None)
    assert rollcall("init", env=env).returncode == 0
    path = write_csv(tmp_path / "a.csv", [make_row()])
    other = sqlite3.connect(tmp_path / "rollcall.sqlite3")
    other.execute("BEGIN IMMEDIATE")  # another write in progress
    try:
        done = rollcall("import", str(path), env=env)
    finally:
        other.rollback()
        other.close()
    assert done.returncode == 1
    assert done.stderr.startswith("rollcall: error: the database is busy")
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    assert rollcall("import", str(path), env=env).returncode == 0
