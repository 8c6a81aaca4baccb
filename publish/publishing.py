"""`rollcall publish`: write a new published database and switch to it at once.

A publication is written to a temporary file in the publication folder
(`ROLLCALL_PUBLIC_DIR`), renamed to `public-<timestamp>.sqlite3` when it is
complete, and then made current by replacing the `current` symlink in one
`rename` — a reader opens either the old file or the new one, never half of
each. The previous publication stays (the `previous` symlink) for
`rollcall publish --rollback`; older ones are removed.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from audit.actions import audit_record
from audit.models import AuditAction
from ingest.export import CHUNK, person_records
from ingest.records import PersonRecord
from publish.database import Writer
from publish.disclosure import public_records
from publish.figures import published_figures
from registry.errors import UserError
from registry.models import Person

CURRENT = "current"
PREVIOUS = "previous"


@dataclass(frozen=True)
class Publication:
    path: Path
    persons: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"published {self.persons} persons to {self.path.name} "
            f"in {self.seconds:.1f} s"
        )


def public_dir() -> Path:
    return Path(settings.ROLLCALL_PUBLIC_DIR)


def current_file(folder: Path | None = None) -> Path | None:
    """The current publication, or None when nothing is published yet."""
    link = (folder or public_dir()) / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().exists() else None


def public_person_records() -> Iterator[PersonRecord]:
    """Records of public persons only, by record id, read a chunk at a time.

    Restricted persons have no place in the file and anonymous ones no row
    (the figures count them from the register), so neither is even read.
    """
    persons = Person.objects.active().public().order_by("record_id")
    ids = list(persons.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield from person_records(ids[start : start + CHUNK])


def write_publication(path: Path, *, now: datetime) -> int:
    """Write the whole published database to `path`; returns the persons written."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        writer = Writer(db)
        for record in public_records(public_person_records()):
            writer.add(record)
        today = now.date()
        writer.write_figures(published_figures(today, writer.shown_places()))
        writer.finish(
            publication_id=path.stem,
            published_at=now.isoformat(timespec="seconds"),
            on=today,
            synthetic=Person.objects.public().filter(is_synthetic=True).exists(),
        )
        db.commit()
        db.execute("VACUUM")
    finally:
        db.close()
    return writer.persons


def point(folder: Path, name: str, target: Path) -> None:
    """Make `folder/name` a symlink to `target`, atomically (rename over it)."""
    temporary = folder / f".{name}.{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target.name)
    os.replace(temporary, folder / name)


def publish(
    folder: Path | None = None, *, now: datetime | None = None, actor: Any = None
) -> Publication:
    """Publish the register: a new file, then one switch of `current`.

    The audit log records who published which file (`actor`: a user, or a
    name such as "cli:olga").
    """
    folder = folder or public_dir()
    now = now or datetime.now(UTC)
    started = datetime.now(UTC)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create {folder}: {error.strerror}") from None
    path = folder / f"public-{now:%Y%m%dT%H%M%S%fZ}.sqlite3"
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    try:
        persons = write_publication(partial, now=now)
        os.chmod(partial, 0o444)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    before = current_file(folder)
    point(folder, CURRENT, path)
    if before is not None and before != path:
        point(folder, PREVIOUS, before)
    prune(folder)
    seconds = (datetime.now(UTC) - started).total_seconds()
    audit_record(
        action=AuditAction.PUBLISH,
        actor=actor,
        details={"publication": path.name, "persons": persons},
    )
    return Publication(path, persons, seconds)


def prune(folder: Path) -> None:
    """Remove publications that are neither current nor previous."""
    kept = {(folder / name).resolve() for name in (CURRENT, PREVIOUS)}
    for old in folder.glob("public-*.sqlite3"):
        if old.resolve() not in kept:
            old.unlink(missing_ok=True)


def rollback(folder: Path | None = None, *, actor: Any = None) -> Path:
    """Make the previous publication current again (and the current previous)."""
    folder = folder or public_dir()
    current, previous = current_file(folder), folder / PREVIOUS
    if not previous.is_symlink() or not previous.resolve().exists():
        raise UserError("no previous publication to roll back to")
    target = previous.resolve()
    point(folder, CURRENT, target)
    if current is not None:
        point(folder, PREVIOUS, current)
    audit_record(
        action=AuditAction.PUBLISH_ROLLBACK,
        actor=actor,
        details={
            "publication": target.name,
            "replaced": current.name if current is not None else "",
        },
    )
    return target


def previous_file(folder: Path | None = None) -> Path | None:
    """The publication a rollback would make current, or None."""
    link = (folder or public_dir()) / PREVIOUS
    return link.resolve() if link.is_symlink() and link.resolve().exists() else None


def publication_of(path: Path) -> dict[str, Any]:
    """A publication's own row: its id, when it was published, how many persons."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = db.execute(
            "SELECT publication_id, published_at, persons FROM publication"
        ).fetchone()
    except sqlite3.Error:
        row = None
    finally:
        db.close()
    if row is None:
        return {"publication_id": path.stem, "published_at": "", "persons": None}
    return {"publication_id": row[0], "published_at": row[1], "persons": row[2]}
