"""Import and export of whole files: the functions behind the command line."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from ingest import csv_format, json_format
from ingest.export import person_records
from ingest.load import LoadError, LoadSummary, load
from ingest.records import PersonRecord, Problem
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


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is read and written.

    An import allocates millions of small objects and no cycles; the
    collector's repeated full scans of them cost a third of the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_file(path: Path, *, dry_run: bool, progress: bool) -> LoadSummary:
    """Import a file all-or-nothing; raise ImportProblems listing every bad row."""
    with no_cyclic_gc():
        return _import_file(path, dry_run=dry_run, progress=progress)


def _import_file(path: Path, *, dry_run: bool, progress: bool) -> LoadSummary:
    records, problems = parse_file(path)
    if problems:
        raise ImportProblems(problems)
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


def make_bar(total: int, label: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit=" persons")


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


def disclosed(record: PersonRecord) -> PersonRecord:
    """A public record reduced to what its disclosure settings allow."""
    if record.name_disclosure == "initials":
        record = replace(record, name=initials(record.name), names=(), birth_date=None)
    elif record.name_disclosure == "none":
        record = replace(record, name="(name withheld)", names=(), birth_date=None)
    if record.place_disclosure == "region":
        record = replace(record, locality="")
    elif record.place_disclosure == "none":
        record = replace(record, region="", locality="")
    return record
