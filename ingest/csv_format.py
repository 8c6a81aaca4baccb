"""The registry CSV format, version 1 (spec: registry-csv.md), and XLSX rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ingest import records as r
from ingest.records import Invalid, PersonRecord, Problem

COLUMNS = (
    "record_id",
    "name",
    "name_be",
    "name_ru",
    "name_uk",
    "name_latin",
    "other_names",
    "sex",
    "birth_date",
    "country",
    "region",
    "locality",
    "visibility",
    "detained_on",
    "detention_kind",
    "released_on",
    "release_reason",
    "facility",
    "facility_address",
    "recognized_on",
    "recognition_ended_on",
    "recognized_by",
    "articles",
    "sentence",
    "sentence_months",
    "sentenced_on",
    "in_absentia",
    "health",
    "died_on",
    "died_in_custody",
    "sources",
    "notes",
)
NAME_COLUMNS = ("name", "name_be", "name_ru", "name_uk", "name_latin")
NAME_KIND_OF_COLUMN = {
    "name_be": "be",
    "name_ru": "ru",
    "name_uk": "uk",
    "name_latin": "latin",
}


def health(raw: str) -> tuple[str, ...]:
    reader = r.choice(r.HEALTH)
    return tuple(reader(item) for item in r.items(raw))


READERS: dict[str, Callable[[str], Any]] = {
    "record_id": r.record_id,
    "name": r.text,
    "name_be": r.text,
    "name_ru": r.text,
    "name_uk": r.text,
    "name_latin": r.text,
    "other_names": r.items,
    "sex": r.choice(r.SEX),
    "birth_date": r.partial_date,
    "country": r.country,
    "region": r.text,
    "locality": r.text,
    "visibility": r.choice(r.VISIBILITY, default="public"),
    "detained_on": r.partial_date,
    "detention_kind": r.choice(r.DETENTION_KINDS),
    "released_on": r.partial_date,
    "release_reason": r.choice(r.RELEASE_REASONS),
    "facility": r.text,
    "facility_address": r.text,
    "recognized_on": r.partial_date,
    "recognition_ended_on": r.partial_date,
    "recognized_by": r.items,
    "articles": r.articles,
    "sentence": r.text,
    "sentence_months": r.months,
    "sentenced_on": r.partial_date,
    "in_absentia": r.boolean,
    "health": health,
    "died_on": r.partial_date,
    "died_in_custody": r.boolean,
    "sources": r.urls,
    "notes": r.text,
}


def _empty_values() -> dict[str, Any]:
    """What each column reads as when its cell is empty (most cells are)."""
    empty = {}
    for column, reader in READERS.items():
        try:
            empty[column] = reader("")
        except Invalid:
            pass  # required: an empty cell is an error
    return empty


EMPTY = _empty_values()


def check_header(header: list[str], where: str) -> list[Problem]:
    """Unknown, repeated or missing columns are errors: typos must not pass."""
    problems = []
    seen: set[str] = set()
    for column in header:
        if column not in READERS:
            problems.append(Problem(where, f"unknown column {column!r}"))
        elif column in seen:
            problems.append(Problem(where, f"column {column!r} appears twice"))
        seen.add(column)
    if "record_id" not in seen:
        problems.append(Problem(where, "the required column 'record_id' is missing"))
    if not seen & set(NAME_COLUMNS):
        problems.append(Problem(where, "no name column (name or name_be, ...)"))
    return problems


def read_row(
    cells: dict[str, str], where: str
) -> tuple[PersonRecord | None, list[Problem]]:
    """Read one row's cells into a record, or report every bad cell."""
    values: dict[str, Any] = {}
    problems = []
    for column, raw in cells.items():
        if not raw and column in EMPTY:
            values[column] = EMPTY[column]
            continue
        try:
            values[column] = READERS[column](raw)
        except Invalid as error:
            problems.append(Problem(f"{where}:{column}", str(error)))
    if problems:
        return None, problems
    record = build_record(values, origin=where)
    for column, message in r.check_record(record):
        problems.append(Problem(f"{where}:{column}", message))
    return (None if problems else record), problems


def build_record(values: dict[str, Any], *, origin: str) -> PersonRecord:
    get = values.get
    names = [
        r.NameRecord(values[column], kind)
        for column, kind in NAME_KIND_OF_COLUMN.items()
        if values.get(column)
    ]
    names += [r.NameRecord(value, "other") for value in get("other_names", ())]
    detentions: tuple[r.DetentionRecord, ...] = ()
    if any(get(c) for c in ("detained_on", "detention_kind", "released_on")):
        detentions = (
            r.DetentionRecord(
                kind=get("detention_kind") or "unknown",
                start=get("detained_on"),
                end=get("released_on"),
                facility=get("facility", ""),
                facility_address=get("facility_address", ""),
                release_reason=get("release_reason", ""),
            ),
        )
    recognitions = tuple(
        r.RecognitionRecord(
            start=get("recognized_on"),
            end=get("recognition_ended_on"),
            organisation=organisation,
        )
        for organisation in (get("recognized_by") or ("",))
        if get("recognized_on") or organisation
    )
    cases: tuple[r.CaseRecord, ...] = ()
    case_columns = ("articles", "sentence", "sentence_months", "sentenced_on")
    if any(get(c) for c in case_columns) or get("in_absentia") is not None:
        cases = (
            r.CaseRecord(
                articles=get("articles", ()),
                sentence=get("sentence", ""),
                sentence_months=get("sentence_months"),
                sentenced_on=get("sentenced_on"),
                in_absentia=get("in_absentia"),
            ),
        )
    return PersonRecord(
        record_id=values["record_id"],
        name=get("name", ""),
        names=tuple(names),
        sex=get("sex", ""),
        birth_date=get("birth_date"),
        country=get("country", ""),
        region=get("region", ""),
        locality=get("locality", ""),
        visibility=get("visibility") or "public",
        died_on=get("died_on"),
        died_in_custody=get("died_in_custody"),
        notes=get("notes", ""),
        sources=get("sources", ()),
        detentions=detentions,
        recognitions=recognitions,
        cases=cases,
        health=tuple(r.HealthRecord(c) for c in get("health", ())),
        origin=origin,
    )


def read_rows(
    rows: Iterable[tuple[int, list[str]]], label: str
) -> tuple[list[PersonRecord], list[Problem]]:
    """Read (line number, cells) rows, the first being the header."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return [], [Problem(f"{label}:1", "the file is empty (expected a header row)")]
    header_line, header = first
    header = [column.strip() for column in header]
    problems = check_header(header, f"{label}:{header_line}")
    if problems:
        return [], problems
    records: list[PersonRecord] = []
    first_line_of: dict[str, int] = {}
    for line, cells in iterator:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            message = f"has {len(cells)} cells, the header has {len(header)}"
            problems.append(Problem(f"{label}:{line}", message))
            continue
        record, row_problems = read_row(
            dict(zip(header, cells, strict=True)), f"{label}:{line}"
        )
        problems += row_problems
        if record is None:
            continue
        if record.record_id in first_line_of:
            message = (
                f"record_id {record.record_id!r} already appears on line "
                f"{first_line_of[record.record_id]}"
            )
            problems.append(Problem(f"{label}:{line}:record_id", message))
            continue
        first_line_of[record.record_id] = line
        records.append(record)
    return records, problems


def csv_rows(content: str, label: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        problem = Problem(f"{label}:{reader.line_num}", f"not valid CSV: {error}")
        raise BadFile(problem) from None


class BadFile(Exception):
    """A file that cannot be read at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def decode(data: bytes, label: str) -> str:
    """UTF-8 (a BOM is accepted); anything else is named with its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        message = f"is not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8"
        raise BadFile(Problem(f"{label}:{line}", message)) from None


def parse_csv(data: bytes, label: str) -> tuple[list[PersonRecord], list[Problem]]:
    """Parse a registry CSV v1 file: records, or every problem found."""
    try:
        content = decode(data, label)
        # NUL in the header means a binary file; in a cell, the cell is named.
        if "\x00" in content.partition("\n")[0]:
            raise BadFile(Problem(f"{label}:1", "is a binary file, not CSV text"))
        rows = list(csv_rows(content, label))
    except BadFile as error:
        return [], [error.problem]
    return read_rows(rows, label)


# Export


def record_to_row(person: PersonRecord) -> dict[str, str]:
    """The CSV cells of a record: its current (or last) detention and case."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        record_id=person.record_id,
        name=person.name,
        sex=person.sex,
        birth_date=str(person.birth_date or ""),
        country=person.country,
        region=person.region,
        locality=person.locality,
        visibility=person.visibility,
        died_on=str(person.died_on or ""),
        died_in_custody=flag(person.died_in_custody),
        sources="; ".join(person.sources),
        notes=person.notes,
        health="; ".join(h.condition for h in person.health),
    )
    row.update(names_cells(person.names))
    if person.detentions:
        row.update(detention_cells(person.detentions[-1]))
    row.update(recognition_cells(person.recognitions))
    if person.cases:
        row.update(case_cells(person.cases[-1]))
    return row


def flag(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def names_cells(names: Iterable[r.NameRecord]) -> dict[str, str]:
    cells: dict[str, str] = {}
    others = []
    column_of_kind = {kind: column for column, kind in NAME_KIND_OF_COLUMN.items()}
    for name in names:
        column = column_of_kind.get(name.kind)
        if column and column not in cells:
            cells[column] = name.value
        else:
            others.append(name.value)
    cells["other_names"] = "; ".join(others)
    return cells


def detention_cells(detention: r.DetentionRecord) -> dict[str, str]:
    return {
        "detained_on": str(detention.start or ""),
        "detention_kind": "" if detention.kind == "unknown" else detention.kind,
        "released_on": str(detention.end or ""),
        "release_reason": detention.release_reason,
        "facility": detention.facility,
        "facility_address": detention.facility_address,
    }


def recognition_cells(recognitions: tuple[r.RecognitionRecord, ...]) -> dict[str, str]:
    if not recognitions:
        return {}
    last = recognitions[-1]
    same = [g for g in recognitions if (g.start, g.end) == (last.start, last.end)]
    return {
        "recognized_on": str(last.start or ""),
        "recognition_ended_on": str(last.end or ""),
        "recognized_by": "; ".join(g.organisation for g in same if g.organisation),
    }


def case_cells(case: r.CaseRecord) -> dict[str, str]:
    return {
        "articles": "; ".join(str(a) for a in case.articles),
        "sentence": case.sentence,
        "sentence_months": ""
        if case.sentence_months is None
        else str(case.sentence_months),
        "sentenced_on": str(case.sentenced_on or ""),
        "in_absentia": flag(case.in_absentia),
    }


def write_csv(persons: Iterable[PersonRecord], out: Any) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for person in persons:
        writer.writerow(record_to_row(person))
        count += 1
    return count
