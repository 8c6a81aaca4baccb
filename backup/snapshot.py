"""The logical snapshot of every table: written as gzipped JSON lines, read
back into an empty database in one transaction.

A backup holds a header line (format, when, the migrations applied), then
for each table a line naming its model and columns followed by one line per
row, then an end line with the counts and a last line with the SHA-256 of
every line before it: a file cut short or changed is refused. Rows keep
their ids, so every reference (and the audit chain) comes back as it was.
Sessions are left out: a restored database starts with nobody signed in.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import secrets
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from uuid import UUID

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_string

from audit.actions import audit_record
from audit.models import AuditAction
from backup.crypto import (
    BackupError,
    DecryptingReader,
    EncryptingWriter,
    is_encrypted,
)
from registry.locking import lock_register

FORMAT = "rollcall-backup"
VERSION = 1
SKIPPED = {"sessions.session"}
SNAPSHOT = "rollcall_backup_snapshot"
BATCH = 1000
# Columns whose values JSON carries as they are.
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "FloatField",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "EmailField",
    "URLField",
}


@dataclass(frozen=True)
class Summary:
    """What a backup wrote or a restore brought back."""

    persons: int
    rows: int
    tables: int


def backed_up_models() -> list[type[models.Model]]:
    """Every table of every app (many-to-many tables too), but sessions."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in SKIPPED
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[alias])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def encode(value: Any) -> Any:
    """A column's value as JSON; restore turns it back by the column's type."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_string(value)
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


@contextmanager
def snapshot() -> Iterator[str]:
    """A database alias that reads one consistent state of the register.

    SQLite: a copy made by SQLite's backup API into memory (one step, so
    no write lands half-way). PostgreSQL: a second connection in a
    REPEATABLE READ, READ ONLY transaction, which sees one state throughout
    while writers go on.
    """
    default = connections[DEFAULT_DB_ALIAS]
    settings = dict(default.settings_dict)
    keeper = None
    if default.vendor == "sqlite":
        name = f"file:rollcall-snapshot-{secrets.token_hex(8)}?mode=memory&cache=shared"
        keeper = sqlite3.connect(name, uri=True)
        default.ensure_connection()
        default.connection.backup(keeper)
        settings.update(NAME=name, OPTIONS={})
    connections.settings[SNAPSHOT] = settings
    try:
        with transaction.atomic(using=SNAPSHOT):
            if default.vendor == "postgresql":
                with connections[SNAPSHOT].cursor() as cursor:
                    cursor.execute(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                    )
            yield SNAPSHOT
    finally:
        # Django keeps in-memory databases open on close(); this one must go.
        BaseDatabaseWrapper.close(connections[SNAPSHOT])
        del connections[SNAPSHOT]
        del connections.settings[SNAPSHOT]
        if keeper is not None:
            keeper.close()


class Lines:
    """Writes JSON lines to a binary stream and hashes them as it goes."""

    def __init__(self, out: Any) -> None:
        self.out, self.digest = out, hashlib.sha256()

    def write(self, value: Any) -> None:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        line = data.encode("utf-8") + b"\n"
        self.digest.update(line)
        self.out.write(line)


def dump(out: Any) -> Summary:
    """Write every table, read from one consistent state, as JSON lines."""
    lines, counts = Lines(out), {}
    with snapshot() as alias:
        lines.write(
            {
                "format": FORMAT,
                "version": VERSION,
                "taken_at": timezone.now().isoformat(),
                "vendor": connections[DEFAULT_DB_ALIAS].vendor,
                "migrations": applied_migrations(alias),
            }
        )
        for model in backed_up_models():
            counts[model._meta.label_lower] = _dump_table(model, alias, lines)
    lines.write({"end": True, "counts": counts})
    out.write(json.dumps({"sha256": lines.digest.hexdigest()}).encode() + b"\n")
    persons = counts.get("registry.person", 0)
    return Summary(persons=persons, rows=sum(counts.values()), tables=len(counts))


def _dump_table(model: type[models.Model], alias: str, lines: Lines) -> int:
    columns = [field.attname for field in model._meta.concrete_fields]
    lines.write({"model": model._meta.label_lower, "columns": columns})
    rows = model._base_manager.using(alias).order_by("pk").values_list(*columns)
    count = 0
    for row in rows.iterator(chunk_size=2000):
        lines.write([encode(value) for value in row])
        count += 1
    return count


def write_backup(path: Path, *, passphrase: bytes | None) -> Summary:
    """Write a backup file (encrypted when a passphrase is given).

    It is written beside `path` under a temporary name, readable by its
    owner only, and renamed into place when complete; an existing file is
    never overwritten.
    """
    if path.exists():
        raise BackupError(f"{path}: the file exists; give a new name")
    part = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise BackupError(f"{path}: {error.strerror}") from None
    try:
        with open(descriptor, "wb") as raw:
            summary = _write(raw, passphrase)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(part, path)
    except OSError as error:
        raise BackupError(f"{path}: {error.strerror}; no backup written") from None
    finally:
        part.unlink(missing_ok=True)
    return summary


def _write(raw: BinaryIO, passphrase: bytes | None) -> Summary:
    sink: Any = EncryptingWriter(raw, passphrase) if passphrase else raw
    with gzip.GzipFile(fileobj=sink, mode="wb", mtime=0) as zipped:
        summary = dump(zipped)
    if passphrase:
        sink.close()
    return summary


def file_sha256(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


# Restoring


def damaged(detail: str) -> BackupError:
    return BackupError(f"the backup is damaged ({detail}); nothing was changed")


def read_lines(stream: Any) -> Iterator[Any]:
    """The backup's lines, parsed; the last one's hash checked against them."""
    digest = hashlib.sha256()
    try:
        for line in stream:
            if line.startswith(b'{"sha256":'):
                if json.loads(line)["sha256"] != digest.hexdigest():
                    raise damaged("its content does not match its hash")
                if stream.read(1):
                    raise damaged("data after its end")
                return
            digest.update(line)
            yield json.loads(line)
    except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError):
        raise damaged("it cannot be read") from None
    raise damaged("it was cut short")


@contextmanager
def open_backup(path: Path, passphrase: bytes | None) -> Iterator[Iterator[Any]]:
    """The lines of a backup file, decrypted when it is encrypted."""
    try:
        file = open(path, "rb")
    except OSError as error:
        raise BackupError(f"{path}: {error.strerror}") from None
    with file:
        encrypted = is_encrypted(file.read(64))
        file.seek(0)
        if encrypted and passphrase is None:
            raise BackupError(f"{path}: the backup is encrypted: --passphrase-file")
        if not encrypted and passphrase is not None:
            raise BackupError(f"{path}: the backup is not encrypted: no passphrase")
        source: Any = file
        if encrypted:
            assert passphrase is not None
            source = io.BufferedReader(DecryptingReader(file, passphrase), 1 << 20)
        elif file.read(2) != b"\x1f\x8b":
            raise BackupError(f"{path}: not a Rollcall backup")
        else:
            file.seek(0)
        yield read_lines(gzip.GzipFile(fileobj=source, mode="rb"))


def restore_backup(
    path: Path, *, passphrase: bytes | None, force: bool, actor: str = ""
) -> Summary:
    """Bring a backup back into this database, in one transaction.

    Refuses a database that holds any person unless `force` (which replaces
    everything in it, accounts included). A wrong passphrase, a damaged
    file or a backup of another schema changes nothing.
    """
    with open_backup(path, passphrase) as lines:
        header = next(lines, None)
        _check_header(header)
        with transaction.atomic():
            # An import or a merge under way finishes first, and none starts
            # until the restore is done: what either wrote would otherwise
            # survive beside the restored register, or refer to rows the
            # restore removed.
            lock_register()
            replaced = _refuse_unless_empty(force=force)
            _clear()
            try:
                counts = _load(lines)
            except BackupError:
                # A damaged file can still decompress, into rows of another
                # shape, before its hash at the end says it is damaged: read
                # on, so that it is reported as damaged (raised by read_lines).
                for _ in lines:
                    pass
                raise
            # The last line's hash (and gzip's CRC) are checked only once the
            # file is read to its end: before the transaction commits.
            for _ in lines:
                raise damaged("data after its end")
            _advance_sequences()
            rows = sum(counts.values())
            audit_record(
                action=AuditAction.RESTORE,
                actor=actor,
                details={"file": path.name, "rows": rows, "replaced_persons": replaced},
            )
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    persons = counts.get("registry.person", 0)
    return Summary(persons=persons, rows=rows, tables=len(counts))


def _check_header(header: Any) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise damaged("no backup header")
    if header.get("version") != VERSION:
        raise BackupError(f"backup format {header.get('version')} is not known here")
    if header.get("migrations") != applied_migrations():
        raise BackupError(
            "the backup was taken with another version of Rollcall (its "
            "migrations differ from this database's): restore it with that "
            "version, then upgrade; nothing was changed"
        )


def _refuse_unless_empty(*, force: bool) -> int:
    from registry.models import Person

    persons = Person._base_manager.count()
    if persons and not force:
        raise BackupError(
            f"the database holds {persons} persons: restore into an empty database "
            "(rollcall init), or give --force to replace everything in it"
        )
    return persons


def _clear() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    tables = [model._meta.db_table for model in backed_up_models()]
    with connection.cursor() as cursor:
        # Foreign keys are checked at commit, so the order does not matter.
        for table in [*tables, "django_session"]:
            cursor.execute(f"DELETE FROM {quote(table)}")


def _load(lines: Iterator[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    known = {model._meta.label_lower: model for model in backed_up_models()}
    table: _Table | None = None
    for line in lines:
        if isinstance(line, list):
            if table is None:
                raise damaged("a row outside any table")
            table.add(line)
        elif isinstance(line, dict) and "model" in line:
            if table is not None:
                counts[table.label] = table.flush()
            table = _Table(known, line)
        elif isinstance(line, dict) and line.get("end"):
            if table is not None:
                counts[table.label] = table.flush()
            if line.get("counts") != counts:
                raise damaged("its row counts do not match")
            return counts
        else:
            raise damaged("a line of unknown kind")
    raise damaged("it was cut short")


class _Table:
    """Inserts one table's rows, in batches, converting them by column type."""

    def __init__(self, known: dict[str, type[models.Model]], line: Any) -> None:
        self.label = str(line.get("model"))
        model = known.get(self.label)
        if model is None:
            raise BackupError(f"the backup has a table unknown here: {self.label}")
        fields = {field.attname: field for field in model._meta.concrete_fields}
        columns = line.get("columns")
        if not isinstance(columns, list) or sorted(columns) != sorted(fields):
            raise BackupError(f"the backup's {self.label} has other columns than here")
        self.connection = connections[DEFAULT_DB_ALIAS]
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(str(fields[column].column)) for column in columns)
        marks = ", ".join(["%s"] * len(columns))
        table = quote(model._meta.db_table)
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        self.convert = [self._converter(fields[column]) for column in columns]
        self.batch: list[list[Any]] = []
        self.count = 0

    def _converter(self, field: models.Field[Any, Any]) -> Callable[[Any], Any]:
        target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
        if target.get_internal_type() in PLAIN_TYPES:
            return lambda value: value
        connection = self.connection

        def convert(value: Any) -> Any:
            if value is None:
                return None
            return field.get_db_prep_save(field.to_python(value), connection)

        return convert

    def add(self, row: list[Any]) -> None:
        if len(row) != len(self.convert):
            raise damaged(f"a row of {self.label} has the wrong length")
        pairs = zip(self.convert, row, strict=True)
        self.batch.append([convert(value) for convert, value in pairs])
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> int:
        if self.batch:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.sql, self.batch)
            self.count += len(self.batch)
            self.batch = []
        return self.count


def _advance_sequences() -> None:
    """Move each id sequence past the restored rows' ids, never back.

    PostgreSQL does not undo `setval` when a transaction rolls back: a
    sequence moved back by a restore that then fails (killed before its
    commit) would hand out ids already in use. Only ever raised, it leaves a
    gap at worst. SQLite keeps its counters in a table, rolled back with
    the rest, and sets them from the rows it holds.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in backed_up_models():
            for field in model._meta.local_fields:
                if isinstance(field, models.AutoField):
                    table, column = quote(model._meta.db_table), str(field.column)
                    cursor.execute(
                        "SELECT setval(s.seq, m.top) FROM "
                        "(SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) s, "
                        f"(SELECT MAX({quote(column)}) AS top FROM {table}) m "
                        "WHERE m.top > COALESCE(pg_sequence_last_value(s.seq), 0)",
                        [table, column],
                    )
                    break
