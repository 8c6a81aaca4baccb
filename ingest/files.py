"""Import and export of whole files: the functions behind the command line."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction

from ingest import csv_format, json_format
from ingest.export import person_records
from ingest.load import LoadError, LoadSummary, load
from ingest.memory import no_cyclic_gc
from ingest.records import PersonRecord, Problem
from names import DUPLICATE_MIN_SCORE
from registry.actions import person_merge
from registry.matching import Evidence, Probable, probable_person
from registry.models import Person
from rollcall.cli import UserError

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
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
    raw = os.environ.get("ROLLCALL_IMPORT_MAX_BYTES", "")
    return int(raw) if raw.isdigit() else DEFAULT_MAX_BYTES


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
    data = read_file(path)
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
    match: str = "report",
    min_score: float | None = None,
) -> LoadSummary:
    """Import a file all-or-nothing; raise ImportProblems listing every bad row.

    `match` says what happens to a record with a new record_id whose person
    probably is in the register already: `report` lists them and imports
    nothing, `link` imports them and merges each into that person (undoably),
    `off` imports them as new persons.
    """
    with no_cyclic_gc(), transaction.atomic():
        records, problems = parse_file(path)
        if problems:
            raise ImportProblems(problems)
        probable = []
        if match != "off":
            threshold = min_score if min_score is not None else DUPLICATE_MIN_SCORE
            probable = probable_duplicates(records, threshold, progress=progress)
        if probable and match == "report":
            raise ImportProblems([problem for _, _, problem in probable])
        summary = load_records(records, path, dry_run=dry_run, progress=progress)
        if probable and not dry_run:
            link(probable, reason=f"linked on import of {path.name}")
        return summary


def load_records(
    records: list[PersonRecord], path: Path, *, dry_run: bool, progress: bool
) -> LoadSummary:
    bar = make_bar(len(records), path.name) if progress else None
    try:
        return load(
            records,
            actor=None,
            reason=f"import of {path.name}",
            dry_run=dry_run,
            full_history=path.suffix.lower() == ".json",
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
    probable: list[tuple[PersonRecord, Probable, Problem]], *, reason: str
) -> None:
    """Merge each newly imported record into the person it probably is."""
    for record, match, _ in probable:
        person_merge(
            keep=Person.objects.get(pk=match.pk),
            merge=Person.objects.get(record_id=record.record_id),
            actor=None,
            reason=f"{reason} (score {match.score:.2f})",
            score=match.score,
        )


def make_bar(total: Any, label: str) -> Any:
    """A progress bar over a count, or over an iterable."""
    from tqdm import tqdm

    if isinstance(total, int):
        return tqdm(total=total, desc=label, unit=" persons")
    return tqdm(total, desc=label, unit=" persons")


def export(out: TextIO, *, format: str, public: bool) -> int:
    """Write the register (or its public part) as CSV or JSON."""
    records: Iterable[PersonRecord] = person_records()
    if public:
        records = public_records(records)
    if format == "json":
        return json_format.write_json(records, out)
    return csv_format.write_csv(records, out)


def public_records(records: Iterable[PersonRecord]) -> Iterator[PersonRecord]:
    """What may be published: public persons as disclosed, anonymous ones only
    as counted rows, restricted ones not at all."""
    anonymous = []
    for record in records:
        if record.visibility == "public":
            yield disclosed(record)
        elif record.visibility == "anonymous":
            anonymous.append(counted_only(record))
    # Anonymous rows are numbered in an order that reveals nothing of the
    # register's own ids or of the order in which records were entered.
    anonymous.sort(key=lambda record: json_format.person_to_json(record).__repr__())
    for number, record in enumerate(anonymous, start=1):
        yield replace(record, record_id=f"anonymous-{number:05d}")


def counted_only(record: PersonRecord) -> PersonRecord:
    """The facts a count needs and nothing that identifies the person."""
    return PersonRecord(
        record_id="anonymous",
        name="(anonymous)",
        visibility="anonymous",
        name_disclosure="none",
        place_disclosure="none",
        detentions=tuple(
            replace(d, facility="", facility_address="", sources=(), release_reason="")
            for d in record.detentions
        ),
        recognitions=tuple(
            replace(g, sources=(), criteria="") for g in record.recognitions
        ),
    )


def initials(name: str) -> str:
    return " ".join(f"{word[0]}." for word in name.split() if word[:1].isalpha())


def without_free_text(record: PersonRecord) -> PersonRecord:
    """Drop what may name a person in passing: notes, descriptions, sources."""
    return replace(
        record,
        birth_date=None,
        notes="",
        sources=(),
        detentions=tuple(replace(d, sources=()) for d in record.detentions),
        recognitions=tuple(replace(g, sources=()) for g in record.recognitions),
        cases=tuple(replace(c, sources=()) for c in record.cases),
        events=tuple(replace(e, description="", sources=()) for e in record.events),
        health=tuple(replace(h, note="") for h in record.health),
    )


def disclosed(record: PersonRecord) -> PersonRecord:
    """A public record reduced to what its disclosure settings allow.

    A person whose name is not published in full keeps no free text and no
    sources either: a note or a news link would name them.
    """
    if record.name_disclosure == "initials":
        record = replace(
            without_free_text(record), name=initials(record.name), names=()
        )
    elif record.name_disclosure == "none":
        record = replace(without_free_text(record), name="(name withheld)", names=())
    if record.place_disclosure == "region":
        record = replace(record, locality="")
    elif record.place_disclosure == "none":
        record = replace(record, region="", locality="")
    return record
