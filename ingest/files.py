"""Import and export of whole files: the functions behind the command line."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction

from audit.actions import audit_record
from audit.models import AuditAction
from ingest import csv_format, json_format
from ingest.export import person_records
from ingest.load import LoadError, LoadSummary, load
from ingest.records import PersonRecord, Problem
from names import DUPLICATE_MIN_SCORE
from registry.actions import command_line_actor, person_merge
from registry.errors import UserError
from registry.grades import GRADES
from registry.locking import lock_register
from registry.matching import Evidence, Probable, probable_person
from registry.memory import no_cyclic_gc
from registry.models import Person

FORMATS = {".csv": "csv", ".json": "json", ".xlsx": "xlsx"}


class ImportProblems(UserError):
    """Every bad row of a file; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        shown = "\n".join(str(p) for p in problems[:1000])
        more = len(problems) - 1000
        if more > 0:
            shown += f"\n... and {more} more"
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{shown}\n{count}; nothing was imported")
        self.problems = problems


def max_bytes() -> int:
    """The largest import (checked at start-up: rollcall.E003)."""
    return int(settings.ROLLCALL_IMPORT_MAX_BYTES)


def read_file(path: Path) -> bytes:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise UserError(f"{path}: unknown file type (expected .csv, .json or .xlsx)")
    try:
        size = path.stat().st_size
        if size > max_bytes():
            raise UserError(
                f"{path}: the file is {size / 2**20:,.0f} MB; the largest import is "
                f"{max_bytes() / 2**20:,.0f} MB (ROLLCALL_IMPORT_MAX_BYTES)"
            )
        return path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: {error.strerror}") from None


def parse_file(path: Path) -> tuple[list[PersonRecord], list[Problem]]:
    """Parse a CSV, JSON or XLSX file by its extension."""
    return parse_data(read_file(path), path)


def parse_data(data: bytes, path: Path) -> tuple[list[PersonRecord], list[Problem]]:
    """Parse the bytes of a file named `path` by its extension."""
    label = path.name
    kind = FORMATS[path.suffix.lower()]
    if kind == "json":
        return json_format.parse_json(data, label)
    if kind == "xlsx":
        from ingest.xlsx_format import xlsx_rows

        try:
            rows = list(xlsx_rows(data, label))
        except csv_format.BadFile as error:
            return [], [error.problem]
        return csv_format.read_rows(rows, label)
    return csv_format.parse_csv(data, label)


def import_file(
    path: Path,
    *,
    dry_run: bool,
    progress: bool,
    actor: Any = None,
    actor_name: str | None = None,
    match: str = "report",
    min_score: float | None = None,
    replace_facts: bool = False,
    allow_more_visible: bool = False,
    recorded_on: date | None = None,
    approve: bool = False,
) -> LoadSummary:
    """Import a file all-or-nothing; raise ImportProblems listing every bad row.

    What an import creates or changes is a draft, as an edit in the office
    is; with `approve` the actor also approves the current version of every
    person the file names (the next publication shows them).

    The whole file is read and checked before the write transaction starts,
    so the database is locked only while the import writes.

    `match` says what happens to a record with a new record_id whose person
    probably is in the register already: `report` lists them and imports
    nothing, `link` imports them and merges each into that person (undoably;
    never across visibility or disclosure grades, which are listed for
    review instead), `off` imports them as new persons.

    `actor_name` records the import under a command-line account
    (`cli:NAME`) instead of `actor`. The account is created inside the
    import's transaction: a refused or dry-run import leaves none behind.
    """
    data = read_file(path)
    records, problems = parse_data(data, path)
    if problems:
        raise ImportProblems(problems)
    with no_cyclic_gc(), transaction.atomic():
        lock_register()
        if actor_name is not None:
            actor = command_line_actor(name=actor_name)
        probable = []
        if match != "off":
            threshold = min_score if min_score is not None else DUPLICATE_MIN_SCORE
            probable = probable_duplicates(records, threshold, progress=progress)
        if probable and match == "report":
            raise ImportProblems([problem for _, _, problem in probable])
        summary = load_records(
            records,
            path,
            actor=actor,
            dry_run=dry_run,
            progress=progress,
            replace_facts=replace_facts,
            allow_more_visible=allow_more_visible,
            recorded_on=recorded_on,
        )
        if probable and not dry_run:
            summary.review += link(
                probable, actor=actor, reason=f"linked on import of {path.name}"
            )
        if not dry_run:
            audit_import(path, data, summary, actor=actor, probable=len(probable))
        if approve and not dry_run:
            summary.approved = approve_imported(records, path, actor=actor)
        if dry_run:
            # load() rolled its writes back; the account goes with them.
            transaction.set_rollback(True)
        return summary


def approve_imported(records: list[PersonRecord], path: Path, *, actor: Any) -> int:
    """Approve the persons a file names, as they stand after its import."""
    from review.actions import persons_approve

    wanted = {record.record_id for record in records}
    known = Person.objects.active().values_list("record_id", "pk")
    person_ids = sorted(pk for record_id, pk in known if record_id in wanted)
    return persons_approve(
        person_ids=person_ids, actor=actor, reason=f"approved on import of {path.name}"
    )


def audit_import(
    path: Path, data: bytes, summary: LoadSummary, *, actor: Any, probable: int
) -> None:
    """One audit entry per import: the file's name and hash, who, the counts."""
    audit_record(
        action=AuditAction.REGISTER_IMPORT,
        actor=actor,
        details={
            "file": path.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "records": summary.created + summary.updated + summary.unchanged,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "probable_duplicates": probable,
        },
    )


def load_records(
    records: list[PersonRecord],
    path: Path,
    *,
    actor: Any,
    dry_run: bool,
    progress: bool,
    replace_facts: bool,
    allow_more_visible: bool,
    recorded_on: date | None,
) -> LoadSummary:
    bar = make_bar(len(records), path.name) if progress else None
    try:
        return load(
            records,
            actor=actor,
            reason=f"import of {path.name}",
            dry_run=dry_run,
            replace_facts=replace_facts,
            allow_more_visible=allow_more_visible,
            recorded_on=recorded_on,
            progress=(lambda done: bar.update(done - bar.n)) if bar else None,
        )
    except LoadError as error:
        raise ImportProblems(error.problems) from None
    finally:
        if bar:
            bar.close()


def probable_duplicates(
    records: list[PersonRecord], min_score: float, *, progress: bool
) -> list[tuple[PersonRecord, Probable, Problem]]:
    """New records (unknown record_id) whose person is probably registered."""
    known = set(Person.objects.values_list("record_id", flat=True))
    fresh = [record for record in records if record.record_id not in known]
    if not known or not fresh:
        return []
    found = []
    for record in make_bar(fresh, "matching") if progress else fresh:
        spellings = [record.name, *(name.value for name in record.names)]
        probable = probable_person(
            [s for s in spellings if s], record_evidence(record), min_score=min_score
        )
        if probable is not None:
            message = (
                f"record_id {record.record_id!r} ({record.name}) is probably "
                f"{probable.record_id!r} ({probable.name}), score "
                f"{probable.score:.2f}: {'; '.join(probable.reasons)}. Use --match "
                "link to link it, or --match off to import it as a new person"
            )
            found.append((record, probable, Problem(record.origin, message)))
    return found


def record_evidence(record: PersonRecord) -> Evidence:
    birth = record.birth_date
    return Evidence(
        birth=(birth.first_day(), birth.precision) if birth else (None, "day"),
        region=record.region,
        detained=frozenset(d.start.first_day() for d in record.detentions if d.start),
    )


def link(
    probable: list[tuple[PersonRecord, Probable, Problem]], *, actor: Any, reason: str
) -> list[str]:
    """Merge each newly imported record into the person it probably is.

    A pair whose visibility or disclosure grades differ is not merged (a
    merge would decide how visible the person is): it is returned for review.
    """
    review = []
    for record, match, _ in probable:
        keep = Person.objects.get(pk=match.pk)
        merge = Person.objects.get(record_id=record.record_id)
        grades = [g for g in GRADES if getattr(keep, g) != getattr(merge, g)]
        if grades:
            review.append(
                f"{record.record_id} is probably {match.record_id} (score "
                f"{match.score:.2f}) but their {', '.join(grades)} differ: "
                "imported as a new person; review the pair in the office"
            )
            continue
        person_merge(
            keep=keep,
            merge=merge,
            actor=actor,
            reason=f"{reason} (score {match.score:.2f})",
            score=match.score,
        )
    return review


def make_bar(total: Any, label: str) -> Any:
    """A progress bar over a count, or over an iterable."""
    from tqdm import tqdm

    if isinstance(total, int):
        return tqdm(total=total, desc=label, unit=" persons")
    return tqdm(total, desc=label, unit=" persons")


def export(
    out: TextIO, *, format: str, records: Iterable[PersonRecord] | None = None
) -> int:
    """Write the register (or the records given) as CSV or JSON."""
    if records is None:
        records = person_records()
    if format == "json":
        return json_format.write_json(records, out)
    return csv_format.write_csv(records, out)
