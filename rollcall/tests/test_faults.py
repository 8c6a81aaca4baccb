"""Faults part-way through a write: the register is exactly as it was.

Each command runs in a subprocess with a fault planted at a known point
(rollcall/tests/faulty.py): killed by SIGKILL inside its transaction after
rows were written, writing to a full disk, or losing its database
connection. Every table is compared row by row before and after, and the
full export too.
"""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest

from registry.tests.builders import make_row, write_csv
from rollcall.tests.processes import Databases, Rollcall, on_postgres

PERSONS = 120


def rows(start: int, count: int, **overrides: str) -> list[dict[str, str]]:
    return [
        make_row(
            record_id=f"f-{i:04d}",
            name=f"Ales Testavich{i}",
            name_be="",
            name_ru="",
            detained_on=f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}",
            **overrides,
        )
        for i in range(start, start + count)
    ]


@pytest.fixture(scope="module")
def register(
    subprocess_databases: Databases, tmp_path_factory: Any
) -> tuple[Rollcall, str, Path]:
    """A register of PERSONS persons, its export, and a file that changes it:
    half of it updated, as many persons new."""
    folder = tmp_path_factory.mktemp("faults")
    db = subprocess_databases.new("faults")
    db.run("import", str(write_csv(folder / "base.csv", rows(0, PERSONS))))
    change = rows(PERSONS // 2, PERSONS, notes="changed", region="Homel")
    return db, db.export(), write_csv(folder / "change.csv", change)


def one_line_error(done: Any, *words: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("rollcall: error: "), done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr


def unchanged(db: Rollcall, before: dict[str, str], export: str) -> None:
    after = db.fingerprint()
    assert [t for t in before if before[t] != after.get(t)] == []
    assert db.export() == export


@pytest.mark.parametrize(
    "point",
    [
        # The new persons and their facts are written, no update yet.
        "ingest.load:Writer.create_persons",
        # Everything is written, the audit entry too: only the commit is left.
        "ingest.files:audit_import",
    ],
)
def test_an_import_killed_part_way_leaves_the_database_as_it_was(
    register: tuple[Rollcall, str, Path], point: str
) -> None:
    db, export, change = register
    before = db.fingerprint()
    command = db.paused(point, "import", str(change), "--match", "off")
    command.kill()
    assert command.process.returncode == -9
    unchanged(db, before, export)


def test_a_merge_killed_part_way_leaves_the_database_as_it_was(
    register: tuple[Rollcall, str, Path],
) -> None:
    db, export, _ = register
    before = db.fingerprint()
    # The facts have moved to the kept record; the records are not saved yet.
    command = db.paused(
        "registry.actions:_move_facts",
        *("merge", "f-0001", "f-0002", "--reason", "killed"),
    )
    command.kill()
    unchanged(db, before, export)


def test_a_full_disk_is_one_line_and_changes_nothing(
    register: tuple[Rollcall, str, Path],
) -> None:
    db, export, change = register
    before = db.fingerprint()
    if on_postgres():
        # The server's own full disk cannot be made from here: a trigger
        # answers the first write exactly as PostgreSQL does (SQLSTATE 53100).
        db.query(FULL_DISK)
        try:
            done = db.run("import", str(change), "--match", "off", ok=False)
        finally:
            db.query("DROP TRIGGER full_disk ON registry_person")
        one_line_error(done, "No space left on device", "is the disk full?")
    else:
        # No write may go past 64 KiB into any file (the WAL, the database).
        limit = ("--file-size-limit", str(64 * 1024))
        done = db.run("import", str(change), "--match", "off", ok=False, faults=limit)
        one_line_error(done, "disk I/O error", "is the disk full?")
    unchanged(db, before, export)


FULL_DISK = """
CREATE OR REPLACE FUNCTION full_disk() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'could not extend file "base/1/2": No space left on device'
    USING ERRCODE = 'disk_full', HINT = 'Check free disk space.';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER full_disk BEFORE INSERT ON registry_person
  FOR EACH STATEMENT EXECUTE FUNCTION full_disk();
"""


def test_a_lost_database_connection_is_one_line_and_changes_nothing(
    register: tuple[Rollcall, str, Path],
) -> None:
    if not on_postgres():
        pytest.skip(
            "SQLite has no connection to lose: it is a file the process reads "
            "itself; a failing disk is the full-disk test"
        )
    db, export, change = register
    before = db.fingerprint()
    command = db.paused(
        "ingest.load:Writer.write", "import", str(change), "--match", "off"
    )
    terminated = db.query("SELECT pg_terminate_backend(%s)", (command.backend,))
    assert terminated == [(True,)]
    done = command.go_on()
    one_line_error(done, "connection to the database was lost", "nothing was changed")
    unchanged(db, before, export)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("export", "--format", "json", "-o"), "register.json"),
        (("factsheet", "--since", "2021-01-01", "--format", "html", "-o"), "s.html"),
        (("series", "--from", "2020-01-01", "--to", "2024-01-01", "--chart"), "c.svg"),
    ],
)
def test_an_output_cut_short_by_a_full_disk_leaves_the_file_as_it_was(
    register: tuple[Rollcall, str, Path],
    tmp_path: Path,
    args: tuple[str, ...],
    name: str,
) -> None:
    """Written under a temporary name and renamed once complete: a full
    disk part-way is one line, and neither a partial file nor a changed
    one is left (export wrote half a file over the old one, with a
    traceback)."""
    db = register[0]
    out = tmp_path / name
    # Once in full first, so that what a command writes on its first run
    # (matplotlib's font cache) is there before the disk is "full".
    db.run(*args, str(out))
    assert out.stat().st_size > 40 * 1024
    out.write_text("the file as it was")
    # Past the 32 KiB of SQLite's shared memory file, short of each output.
    limit = ("--file-size-limit", str(40 * 1024))
    done = db.run(*args, str(out), ok=False, faults=limit)
    one_line_error(done, f"{out}: File too large")
    assert out.read_text() == "the file as it was"
    assert [path.name for path in tmp_path.iterdir()] == [name]


def test_a_command_stopped_by_kill_ends_as_ctrl_c_does(
    register: tuple[Rollcall, str, Path], tmp_path: Path
) -> None:
    """SIGTERM (`kill`, a service manager stopping it) part-way through an
    export: one line, status 1, and no partial file left beside the output
    (the default action ended the process on the spot and left it)."""
    db, export, _ = register
    out = tmp_path / "register.json"
    command = db.paused(
        "ingest.export:Loader.load_citations",
        *("export", "--format", "json", "-o", str(out)),
    )
    assert [path.name for path in tmp_path.iterdir()] != []  # being written
    command.process.send_signal(signal.SIGTERM)
    _, err = command.process.communicate(timeout=60)
    assert (command.process.returncode, err) == (
        1,
        "rollcall: interrupted; nothing was changed\n",
    )
    assert list(tmp_path.iterdir()) == []
    assert db.export() == export
