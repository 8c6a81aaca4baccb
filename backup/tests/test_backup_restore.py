"""`rollcall backup` and `rollcall restore`, run as a user would, on SQLite
and on PostgreSQL: the register comes back byte for byte, and a wrong
passphrase, a damaged file or a restore killed part-way changes nothing."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from registry.tests.builders import make_row, write_csv
from rollcall.tests.processes import Databases, Rollcall

MARKER = "Zhygimont Markeryshka"
PASSPHRASE = "correct horse battery staple"
TESTS = itertools.count()


def register(path: Path, count: int = 3) -> Path:
    """Public, anonymous and restricted persons, the hidden ones named
    MARKER; from the fourth on, named only by initials, then not named, and
    their place not shown (grades a restore must keep as they were)."""
    grades = ("public", "anonymous", "restricted")
    names, places = ("full", "initials", "none"), ("locality", "region", "none")
    rows = [
        make_row(
            record_id=f"b-{i:05d}",
            name=f"{MARKER} {i}" if i % 3 else f"Public Person {i}",
            name_be="",
            name_ru="",
            visibility=grades[i % 3],
            name_disclosure=names[i // 3 % 3],
            place_disclosure=places[i // 3 % 3],
            notes=f"{MARKER} notes" if i % 3 else "",
        )
        for i in range(count)
    ]
    return write_csv(path, rows)


@pytest.fixture
def databases(subprocess_databases: Databases) -> Callable[[str], Rollcall]:
    """Empty registers, named apart from every other test's."""
    test = next(TESTS)
    return lambda name: subprocess_databases.new(f"backup{test}-{name}")


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n")
    path.chmod(0o600)
    return path


def flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x10]) + data[middle + 1 :]


def test_a_value_changed_inside_the_backup_is_found_by_its_hash(
    tmp_path: Path,
) -> None:
    """A change that still parses (a digit, a letter) is caught by the hash."""
    import gzip

    from backup.snapshot import BackupError, read_lines

    lines = [b'{"format":"rollcall-backup"}\n', b'[1,"Ales"]\n']
    digest = hashlib.sha256(b"".join(lines)).hexdigest()
    lines.append(json.dumps({"sha256": digest}).encode() + b"\n")
    good = gzip.compress(b"".join(lines))
    assert len(list(read_lines(gzip.GzipFile(fileobj=io.BytesIO(good))))) == 2
    changed = gzip.compress(b"".join(lines).replace(b"Ales", b"Alex"))
    with pytest.raises(BackupError, match="does not match its hash"):
        list(read_lines(gzip.GzipFile(fileobj=io.BytesIO(changed))))


def one_line_error(done: subprocess.CompletedProcess[str], text: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("rollcall: error: ") and text in done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


def test_an_encrypted_backup_restored_into_a_new_database_exports_the_same_bytes(
    databases: Any, tmp_path: Path, passphrase_file: Path
) -> None:
    source = databases("source")
    source.run("import", str(register(tmp_path / "r.csv", 6)), "--match", "off")
    before = source.export()
    assert MARKER in before and "initials" in before
    backup = tmp_path / "register.backup"
    done = source.run("backup", str(backup), "--passphrase-file", str(passphrase_file))
    assert "(encrypted): 6 persons" in done.stdout
    data = backup.read_bytes()
    assert MARKER.encode() not in data and b"Markeryshka" not in data
    assert oct(backup.stat().st_mode & 0o777) == "0o600"

    target = databases("target")
    target.run("restore", str(backup), "--passphrase-file", str(passphrase_file))
    assert target.export() == before
    assert "audit log intact" in target.run("audit", "verify").stdout
    actions = target.run("audit", "list").stdout
    assert "register.import" in actions and "system.restore" in actions
    # Ids continue after the restored ones (sequences were reset).
    more = write_csv(tmp_path / "more.csv", [make_row(record_id="after-restore")])
    assert "1 created" in target.run("import", str(more)).stdout


def test_a_wrong_passphrase_or_a_damaged_file_is_one_line_and_changes_nothing(
    databases: Any, tmp_path: Path, passphrase_file: Path
) -> None:
    source = databases("source")
    source.run("import", str(register(tmp_path / "r.csv")), "--match", "off")
    encrypted, plain = tmp_path / "a.backup", tmp_path / "b.backup"
    source.run("backup", str(encrypted), "--passphrase-file", str(passphrase_file))
    source.run("backup", str(plain))
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all\n")

    target = databases("target")
    target.run("import", str(write_csv(tmp_path / "t.csv", [make_row()])))
    before = target.export()
    with_wrong = ["--passphrase-file", str(wrong), "--force"]
    one_line_error(
        target.run("restore", str(encrypted), *with_wrong, ok=False),
        "wrong passphrase",
    )
    one_line_error(
        target.run("restore", str(encrypted), "--force", ok=False), "is encrypted"
    )
    for name, damage in {
        "flipped.backup": flipped,
        "cut.backup": lambda data: data[: len(data) // 2],
    }.items():
        for original in (encrypted, plain):
            damaged = tmp_path / f"{original.stem}-{name}"
            damaged.write_bytes(damage(original.read_bytes()))
            args = ["restore", str(damaged), "--force"]
            if original is encrypted:
                args += ["--passphrase-file", str(passphrase_file)]
            one_line_error(target.run(*args, ok=False), "damaged")
    assert target.export() == before
    assert target.run("audit", "verify").returncode == 0


def test_a_damaged_file_whose_rows_still_read_is_reported_as_damaged(
    databases: Any, tmp_path: Path
) -> None:
    """A flipped bit can decompress into a table of other columns: the file
    is read to its hash, which says it is damaged (not "other columns")."""
    import gzip

    source = databases("source")
    source.run("import", str(register(tmp_path / "r.csv")), "--match", "off")
    plain = tmp_path / "plain.backup"
    source.run("backup", str(plain))
    data = gzip.decompress(plain.read_bytes())
    assert b'"start_on"' in data
    renamed = tmp_path / "renamed.backup"
    renamed.write_bytes(gzip.compress(data.replace(b'"start_on"', b'"start_ox"')))
    target = databases("target")
    before = target.export()
    one_line_error(target.run("restore", str(renamed), ok=False), "damaged")
    assert target.export() == before


def test_restore_refuses_a_database_holding_persons_unless_forced(
    databases: Any, tmp_path: Path
) -> None:
    source = databases("source")
    source.run("import", str(register(tmp_path / "r.csv")), "--match", "off")
    backup = tmp_path / "r.backup"
    source.run("backup", str(backup))
    one_line_error(source.run("backup", str(backup), ok=False), "the file exists")
    before = source.export()
    source.run("import", str(write_csv(tmp_path / "t.csv", [make_row()])))
    one_line_error(
        source.run("restore", str(backup), ok=False), "the database holds 4 persons"
    )
    assert "restored" in source.run("restore", str(backup), "--force").stdout
    assert source.export() == before


@pytest.mark.parametrize(
    "point",
    [
        # The first batch of the first table is written.
        "backup.snapshot:_Table.flush",
        # Every row is written and the file read to its end: only the audit
        # entry and the commit are left.
        "backup.snapshot:_advance_sequences",
    ],
)
def test_a_restore_killed_part_way_leaves_the_database_as_it_was(
    databases: Any, tmp_path: Path, point: str
) -> None:
    source = databases("source")
    source.run("import", str(register(tmp_path / "r.csv", 30)), "--match", "off")
    backup = tmp_path / "r.backup"
    source.run("backup", str(backup))
    target = databases("target")
    target.run("import", str(write_csv(tmp_path / "t.csv", [make_row()])))
    export = target.export()  # audited: before the fingerprint
    before = target.fingerprint()

    restore = target.paused(point, "restore", str(backup), "--force")
    restore.kill()
    assert restore.process.returncode == -signal.SIGKILL

    after = target.fingerprint()
    assert [table for table in before if before[table] != after.get(table)] == []
    assert target.export() == export
    assert target.run("audit", "verify").returncode == 0
