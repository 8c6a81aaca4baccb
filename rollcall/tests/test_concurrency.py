"""Two imports and a merge on the same records at once, in real transactions.

Import A is held inside its transaction (rollcall/tests/faulty.py) right
after it read the stored records it changes; import B and a merge are
started on the same records; A goes on once they are written or waiting
(PostgreSQL: waiting on a lock, seen in pg_stat_activity). On SQLite every
write transaction holds the database's write lock from its start, so B and
the merge can only wait for A. Whatever the order, nothing is lost, nobody
is registered twice and the kept history has every change.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from registry.tests.builders import csv_text, make_row, write_csv
from rollcall.tests.processes import Databases, Rollcall, on_postgres


def partial(path: Path, rows: list[dict[str, str]]) -> Path:
    """A file of only the columns its rows give: the others stay as stored."""
    columns = tuple(dict.fromkeys(column for row in rows for column in row))
    path.write_text(csv_text(rows, columns), encoding="utf-8")
    return path


def settled(db: Rollcall, others: list[Any]) -> bool:
    """Whether every other command has finished or waits on a lock."""
    running = [c for c in others if c.process.poll() is None]
    if not on_postgres():
        return True
    name = db.url.rsplit("/", 1)[1] if db.url else ""
    (waiting,) = db.query(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
        "AND wait_event_type = 'Lock'",
        (name,),
    )[0]
    return waiting == len(running)


def test_two_imports_and_a_merge_at_once_lose_nothing_and_register_nobody_twice(
    subprocess_databases: Databases, tmp_path: Path
) -> None:
    db = subprocess_databases.new("concurrency")
    base = [
        make_row(record_id="p-1", name="Ales Bialiatski", name_be="", name_ru=""),
        make_row(
            record_id="q-1",
            name="Viktar Babaryka",
            name_be="",
            name_ru="",
            detained_on="2020-06-18",
        ),
    ]
    db.run("import", str(write_csv(tmp_path / "base.csv", base)), "--match", "off")
    ales = {"record_id": "p-1", "name": "Ales Bialiatski"}
    new = {"record_id": "new-1", "name": "Maria Rabkova"}
    a = partial(
        tmp_path / "a.csv",
        [
            {**ales, "notes": "from a", "other_names": "Ales A"},
            {**new, "notes": "new from a"},
        ],
    )
    b = partial(
        tmp_path / "b.csv",
        [
            {**ales, "locality": "Pinsk", "other_names": "Ales B"},
            {**new, "locality": "Brest"},
        ],
    )
    first = db.paused("ingest.load:Writer.compare", "import", str(a), "--match", "off")
    others = [
        db.start("import", str(b), "--match", "off"),
        db.start("merge", "p-1", "q-1", "--reason", "one person"),
    ]
    deadline = time.monotonic() + 120
    while not settled(db, others):
        assert time.monotonic() < deadline, "the other writers never got going"
        time.sleep(0.05)
    for command in [first, *others]:
        done = command.go_on()
        assert done.returncode == 0, done.stderr

    person = db.query(
        "SELECT id, notes, locality, merged_into_id FROM registry_person "
        "WHERE record_id = %s",
        ("p-1",),
    )
    pk, notes, locality, merged_into = person[0]
    assert (notes, locality, merged_into) == ("from a", "Pinsk", None)
    names = {
        value
        for (value,) in db.query(
            "SELECT value FROM registry_namevariant WHERE person_id = %s", (pk,)
        )
    }
    assert {"Ales A", "Ales B", "Viktar Babaryka"} <= names
    detentions = db.query(
        "SELECT start_on FROM registry_detention WHERE person_id = %s", (pk,)
    )
    assert len(detentions) == 2  # q-1's moved to p-1
    (merged,) = db.query(
        "SELECT merged_into_id FROM registry_person WHERE record_id = 'q-1'"
    )
    assert merged == (pk,)
    assert db.query(
        "SELECT notes, locality FROM registry_person WHERE record_id = 'new-1'"
    ) == [("new from a", "Brest")]
    assert db.query("SELECT count(*) FROM registry_person") == [(3,)]

    reasons = [
        reason
        for (reason,) in db.query(
            "SELECT history_change_reason FROM registry_historicalperson "
            "WHERE id = %s ORDER BY history_id",
            (pk,),
        )
    ]
    assert reasons[0] == "import of base.csv"
    assert sorted(reasons[1:]) == ["import of a.csv", "import of b.csv", "one person"]
    kinds = db.query(
        "SELECT history_type FROM registry_historicalperson h JOIN registry_person p "
        "ON p.id = h.id WHERE p.record_id = 'new-1' ORDER BY history_id"
    )
    assert kinds == [("+",), ("~",)]
    assert "audit log intact: " in db.run("audit", "verify").stdout


def test_an_export_reads_one_state_while_the_register_is_written(
    subprocess_databases: Databases, tmp_path: Path
) -> None:
    """The export has read the persons and their sources when every
    recognition is withdrawn (straight into the database): the file still
    holds the register as it stood at its first read, and the withdrawal
    is not held back."""
    db = subprocess_databases.new("export-state")
    db.run("import", str(write_csv(tmp_path / "one.csv", [make_row()])))
    exporting = db.paused(
        "ingest.export:Loader.load_citations", "export", "--format", "json"
    )
    db.query("DELETE FROM registry_recognition")
    done = exporting.go_on()
    assert done.returncode == 0, done.stderr
    (person,) = json.loads(done.stdout)["persons"]
    assert [g["organisation"] for g in person["recognitions"]] == ["Viasna"]
    assert db.query("SELECT COUNT(*) FROM registry_recognition") == [(0,)]


def test_the_audit_log_is_verified_in_one_state_while_the_office_writes(
    subprocess_databases: Databases, tmp_path: Path
) -> None:
    """An entry appended after the verification read the first entry, and
    before it read the head of the chain, is not taken for a deleted one."""
    db = subprocess_databases.new("audit-state")
    db.run("import", str(write_csv(tmp_path / "one.csv", [make_row()])))
    # Paused when the first entry is checked.
    verifying = db.paused("audit.actions:_problem", "audit", "verify")
    db.run("export", "--format", "json", "-o", str(tmp_path / "out.json"))
    done = verifying.go_on()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("audit log intact: ")
    assert "audit log intact: " in db.run("audit", "verify").stdout


def test_a_restore_waits_for_an_import_under_way_then_replaces_everything(
    subprocess_databases: Databases, tmp_path: Path
) -> None:
    """A restore started while an import is under way waits for it, then
    replaces the register: the import's new person does not survive beside
    the restored ones (on PostgreSQL it did, the restore not waiting)."""
    source = subprocess_databases.new("restore-source")
    kept = write_csv(tmp_path / "kept.csv", [make_row(record_id="kept")])
    source.run("import", str(kept), "--match", "off")
    backup = tmp_path / "register.backup"
    source.run("backup", str(backup))
    expected = source.export()

    db = subprocess_databases.new("restore-target")
    old = write_csv(tmp_path / "old.csv", [make_row(record_id="old")])
    db.run("import", str(old), "--match", "off")
    during = write_csv(tmp_path / "during.csv", [make_row(record_id="during")])
    importing = db.paused(
        "ingest.load:Writer.compare", "import", str(during), "--match", "off"
    )
    restoring = db.start("restore", str(backup), "--force")
    deadline = time.monotonic() + 120
    while not settled(db, [restoring]):
        assert time.monotonic() < deadline, "the restore never got going"
        time.sleep(0.05)
    done = importing.go_on()
    assert done.returncode == 0, done.stderr
    restored = restoring.go_on()
    assert restored.returncode == 0, restored.stderr
    assert db.export() == expected
    assert db.query("SELECT record_id FROM registry_person") == [("kept",)]


def various(count: int) -> list[dict[str, str]]:
    """Persons held on 2024-05-21 in every cell of the breakdowns (sexes,
    ages, regions, kinds, articles), two of them restricted."""
    regions = ("Minsk", "Brest", "Homel", "")
    kinds = ("colony", "pretrial", "prison")
    return [
        make_row(
            record_id=f"v-{i:03}",
            name=f"Person Number{i}",
            name_be="",
            name_ru="",
            sex="mf"[i % 2],
            birth_date=f"{1950 + i % 50}-0{1 + i % 9}-1{i % 10}",
            region=regions[i % 4],
            detention_kind=kinds[i % 3],
            articles=("BY-CC 342", "BY-CC 361.3; BY-CC 357", "")[i % 3],
            visibility="restricted" if i in (3, 17) else "public",
        )
        for i in range(count)
    ]


STATS = (
    *("stats", "--on", "2024-05-21", "--json"),
    *("--by", "sex", "--by", "age", "--by", "region", "--by", "kind"),
    *("--by", "article", "--by", "organisation", "--by", "vulnerable"),
)


def test_a_figure_read_on_two_connections_reads_one_state(
    subprocess_databases: Databases, tmp_path: Path
) -> None:
    """`rollcall stats` reads the persons in two parts at once, on two
    connections (SQLite; PostgreSQL plans its own parallel query). Every
    recognition is withdrawn (straight into the database) once the parts
    are planned and before they are read (PostgreSQL: once the first query
    has fixed the state read): both parts still read the register as it
    stood, and the figures are those of one connection."""
    db = subprocess_databases.new("parts-state")
    db.run("import", str(write_csv(tmp_path / "many.csv", various(40))))
    alone = Rollcall({**db.env, "ROLLCALL_READ_CONNECTIONS": "1"})
    two = Rollcall({**db.env, "ROLLCALL_READ_CONNECTIONS": "2"})
    before = json.loads(alone.run(*STATS).stdout)
    assert before["count"] == 40 and len(before["breakdowns"]["region"]) == 4
    assert json.loads(two.run(*STATS).stdout) == before
    if not on_postgres():
        # The second connection is lent: it is fixed on the state read.
        lent = two.paused("registry.locking:_first_read", *STATS)
        assert json.loads(lent.go_on().stdout) == before
    planned = "rows_in_parts" if on_postgres() else "parts"
    reading = two.paused(f"stats.tables:Register.{planned}", *STATS)
    db.query("DELETE FROM registry_recognition")
    done = reading.go_on()
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == before
    assert json.loads(two.run(*STATS).stdout)["count"] == 0


def test_a_figure_does_not_wait_for_a_write_under_way(
    subprocess_databases: Databases, tmp_path: Path
) -> None:
    """An import holds the register's write lock: `rollcall stats` reads
    what is committed on one connection at once, rather than wait for the
    lock to lend it a second one."""
    db = subprocess_databases.new("parts-busy")
    db.run("import", str(write_csv(tmp_path / "many.csv", various(10))))
    patient = Rollcall(
        {**db.env, "ROLLCALL_READ_CONNECTIONS": "2", "ROLLCALL_DB_BUSY_TIMEOUT": "600"}
    )
    importing = patient.paused(
        "ingest.load:Writer.compare",
        "import",
        str(write_csv(tmp_path / "more.csv", various(12))),
    )
    reading = patient.start(*STATS)
    out, err = reading.process.communicate(timeout=120)
    assert reading.process.returncode == 0, err
    assert json.loads(out)["count"] == 10
    assert importing.go_on().returncode == 0
    assert json.loads(patient.run(*STATS).stdout)["count"] == 12
