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
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from audit.actions import audit_record
from audit.models import AuditAction
from ingest.records import PersonRecord
from publish.chart import count_chart
from publish.database import Writer
from publish.disclosure import public_records
from publish.downloads import FORMATS, Aside
from publish.figures import published_figures, suppressed
from registry.errors import UserError
from registry.locking import one_reading
from registry.memory import no_cyclic_gc
from registry.models import Facility
from review.approved import approved_register
from review.queries import approved_records
from stats.tables import Register

# A publication's name (and id): the moment it began, in UTC.
NAME = "public-%Y%m%dT%H%M%S%fZ"
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
    for _ in range(3):
        if not link.is_symlink():
            return None
        target = link.resolve()
        if target.exists():
            return target
        # Pruned by two publications since the link was read (a request
        # thread waiting its turn under load): read the link again.
    return None


def public_person_records() -> Iterator[PersonRecord]:
    """The last approved version of each public or anonymous person, by
    record id.

    An editor's approval decides what is published (review/actions.py): a
    change not approved yet, and a person never approved, are not read.
    Restricted persons have no place in any public output, so they are not
    even read. Anonymous ones have no row in the database (the figures count
    them from the register) but are counted rows of the downloads.
    """
    return approved_records(("public", "anonymous"))


def letter_rules(names: Iterable[str]) -> dict[str, str]:
    """Each named facility's own rules for letters, where the office wrote any.

    Only facilities that public persons' detentions name are published, and
    the rules say nothing of any person: staff write them for the public.
    """
    return dict(
        Facility.objects.filter(name__in=list(names))
        .exclude(letter_rules="")
        .values_list("name", "letter_rules")
    )


@no_cyclic_gc()
def write_publication(path: Path, *, now: datetime, publication: Path) -> int:
    """Write the whole published database to `path` and the downloads of
    `publication` beside it; returns the persons written.

    With the cyclic collector paused: the records of a register make millions
    of objects and few cycles, and its scans of them cost a fifth of a
    publication at 100k (44 s to 35 s, for 13 % more memory at the peak)."""
    unnamed_in: Counter[str] = Counter()
    records = list(public_records(public_person_records(), unnamed_in=unnamed_in))
    with Aside(publication, records) as downloads:
        db = sqlite3.connect(path)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            persons = write_database(db, publication.stem, now, records, unnamed_in)
            db.commit()
            db.execute("VACUUM")
        finally:
            db.close()
        downloads.finish()
    return persons


def write_database(
    db: sqlite3.Connection,
    publication_id: str,
    now: datetime,
    records: list[PersonRecord],
    unnamed_in: Counter[str],
) -> int:
    """The persons, events, figures and documents of a publication; returns
    the persons written."""
    today = now.date()
    writer = Writer(db, on=today)
    for record in records:
        writer.add(record)
    writer.write_unnamed_in_events(
        {event_id: suppressed(count) for event_id, count in unnamed_in.items()}
    )
    # Counted from the approved register, as the persons are written
    # from their approved versions: an unapproved change moves nothing.
    # No figure here reads events (they are the records' own).
    with approved_register(events=False) as register:
        figures = dict(
            published_figures(today, writer.shown_places(), register=register)
        )
        # The banner "demonstration data" speaks of the persons shown.
        synthetic = register.rows(
            "SELECT 1 FROM {person} AS p "
            "WHERE p.is_synthetic = %(yes)s AND p.visibility = 'public' LIMIT 1",
            {"yes": True},
        )
    writer.write_figures(figures.items())
    writer.write_documents(
        [("chart.svg", "image/svg+xml", count_chart(figures["series"]))]
    )
    writer.finish(
        publication_id=publication_id,
        published_at=now.isoformat(timespec="seconds"),
        on=today,
        synthetic=bool(synthetic),
        letter_rules=letter_rules(writer.facilities.ids),
    )
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
    path = folder / f"{now:{NAME}}.sqlite3"
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    try:
        # The persons and the figures from one state of the register, while
        # editors go on writing.
        with one_reading():
            persons = write_publication(partial, now=now, publication=path)
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
    """Remove publications (and their downloads) neither current nor previous."""
    kept = {(folder / name).resolve().stem for name in (CURRENT, PREVIOUS)}
    for suffix in (".sqlite3", *(f".{f}" for f in FORMATS)):
        for old in folder.glob(f"public-*{suffix}"):
            if old.stem not in kept:
                old.unlink(missing_ok=True)


def rollback(folder: Path | None = None, *, actor: Any = None) -> Path:
    """Make the previous publication current again (and the current previous)."""
    folder = folder or public_dir()
    current, previous = current_file(folder), folder / PREVIOUS
    if not previous.is_symlink() or not previous.resolve().exists():
        raise UserError("no previous publication to roll back to")
    target = previous.resolve()
    refuse_showing_more(target)
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


def refuse_showing_more(publication: Path) -> None:
    """Refuse to make `publication` current again if anyone was hidden
    further since it began (stricter grades, a merge into a stricter
    record, a deletion: stats.tables.graded_now): it would show them as
    they may no longer be shown."""
    try:
        # (its name is the moment it began, before it read the register)
        began = datetime.strptime(publication.stem, NAME).replace(tzinfo=UTC)
    except ValueError:
        raise UserError(
            f"cannot tell when the previous publication, {publication.name}, "
            "was made: publish anew instead"
        ) from None
    hidden = Register(began).regraded()
    if hidden:
        raise UserError(
            f"the previous publication, {publication.name}, was made before "
            f"{hidden} person(s) were hidden further (a stricter visibility or "
            "disclosure, a merge, a deletion): rolling back would show them "
            "again; publish anew instead"
        )


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
