"""The registry CSV format, version 2 (docs/registry-csv.md), and XLSX rows.

Columns come from the declaration in `ingest.records`. A person's first row
is their version 1 row (person fields, the latest detention, recognition and
case); further rows with the same `record_id` carry further facts, one of
each kind per row, so that the file holds everything the register does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from ingest import records as r
from ingest.records import GROUPS, NAMES, PERSON, Field, Group, Invalid, Problem

# Names travel in one column per kind, as in version 1, each with the
# romanisation system of the names in it.
NAME_KIND_OF_COLUMN = {
    "name_be": "be",
    "name_ru": "ru",
    "name_uk": "uk",
    "name_latin": "latin",
    "other_names": "other",
    "display_names": "display",
}
NAME_COLUMN_OF_KIND = {kind: column for column, kind in NAME_KIND_OF_COLUMN.items()}
SYSTEM_SUFFIX = "_system"
# Version 1 wrote several organisations, and several health conditions, in
# one cell: such a cell still reads as several facts.
SPREAD = {"recognitions": "organisation", "health": "condition"}
FACT_GROUPS = tuple(group for group in GROUPS if group is not NAMES)
# Cells a spreadsheet would run as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")

VERSION_1 = (
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


def _all_columns() -> tuple[str, ...]:
    columns = [f.column for f in PERSON]
    columns += [*NAME_KIND_OF_COLUMN, *(c + SYSTEM_SUFFIX for c in NAME_KIND_OF_COLUMN)]
    columns += [f.column for group in FACT_GROUPS for f in group.fields if f.column]
    later = [c for c in columns if c not in VERSION_1]
    return (*VERSION_1, *later)


COLUMNS = _all_columns()
PERSON_COLUMN = {f.column: f for f in PERSON}
GROUP_COLUMN: dict[str, tuple[Group, Field]] = {
    f.column: (group, f) for group in FACT_GROUPS for f in group.fields if f.column
}


def escape(value: str) -> str:
    """Neutralise a cell a spreadsheet would run; `unescape` gives it back."""
    return "'" + value if value.startswith(FORMULA_START) else value


def unescape(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def check_header(header: list[str], where: str) -> list[Problem]:
    """Unknown, repeated or missing columns are errors: typos must not pass."""
    problems = []
    seen: set[str] = set()
    for column in header:
        if column not in COLUMNS:
            problems.append(Problem(where, f"unknown column {column!r}"))
        elif column in seen:
            problems.append(Problem(where, f"column {column!r} appears twice"))
        seen.add(column)
    if "record_id" not in seen:
        problems.append(Problem(where, "the required column 'record_id' is missing"))
    return problems


def column_reader(column: str) -> Field:
    """The field that reads a column's cells."""
    if column in NAME_KIND_OF_COLUMN:
        many = column in ("other_names", "display_names")
        return Field(column, column, r.text, many=many)
    if column in PERSON_COLUMN:
        return PERSON_COLUMN[column]
    if column.endswith(SYSTEM_SUFFIX):
        return Field(column, column, r.text)
    group, field = GROUP_COLUMN[column]
    if SPREAD.get(group.name) == field.name:
        return replace(field, many=True)
    return field


READER = {column: column_reader(column) for column in COLUMNS}
# What an empty cell reads as, per column (None: an empty cell is an error).
EMPTY: dict[str, Any] = {
    column: None if field.required and column in PERSON_COLUMN else field.empty
    for column, field in READER.items()
}


class Layout:
    """What a header says: which fields the file gives (worked out once)."""

    def __init__(self, header: tuple[str, ...]) -> None:
        self.header = header
        self.given = given = set(header)
        present = {PERSON_COLUMN[c].name for c in header if c in PERSON_COLUMN}
        present |= {GROUP_COLUMN[c][0].name for c in header if c in GROUP_COLUMN}
        if given & NAME_KIND_OF_COLUMN.keys():
            present.add("names")
        self.person_present = frozenset(present)
        self.fact_present = {
            group.name: frozenset(f.name for f in group.fields if f.column in given)
            for group in FACT_GROUPS
        }
        self.fact_columns = {
            group.name: [f.column for f in group.fields if f.column in given]
            for group in FACT_GROUPS
        }
        # A name's system is given only where its system column is.
        self.name_present = {
            column: frozenset(("value", "kind", "system"))
            if column + SYSTEM_SUFFIX in given
            else frozenset(("value", "kind"))
            for column in NAME_KIND_OF_COLUMN
        }


def read_cells(
    cells: dict[str, str], where: str
) -> tuple[dict[str, Any], list[Problem]]:
    """The non-empty cells read by their columns' readers (empty: see EMPTY)."""
    values: dict[str, Any] = {}
    problems = []
    for column, raw in cells.items():
        try:
            if raw and not raw.isspace():
                values[column] = READER[column].read_cell(unescape(raw))
            elif EMPTY[column] is None:
                READER[column].read(raw)  # a required cell: says why it is needed
        except Invalid as error:
            problems.append(Problem(f"{where}:{column}", str(error)))
    return values, problems


def row_facts(
    values: dict[str, Any], raw: dict[str, str], layout: Layout, where: str
) -> tuple[dict[str, list[Any]], list[Problem]]:
    """The facts one row carries, by group, or what is missing from them."""
    facts: dict[str, list[Any]] = {"names": []}
    for column, kind in NAME_KIND_OF_COLUMN.items():
        found = values.get(column)
        if not found:
            continue
        present = layout.name_present[column]
        system = values.get(column + SYSTEM_SUFFIX, "")
        for value in (found,) if isinstance(found, str) else found:
            facts["names"].append(r.NameRecord(value, kind, system, present=present))
    problems = []
    for group in FACT_GROUPS:
        columns = layout.fact_columns[group.name]
        if not any(c in values for c in columns):
            continue
        given = {
            f.name: values.get(f.column, EMPTY[f.column])
            for f in group.fields
            if f.column in layout.given
        }
        missing = [
            f.column for f in group.fields if f.required and not given.get(f.name)
        ]
        if missing:
            message = f"is needed with the other {group.name} cells of the row"
            problems.append(Problem(f"{where}:{missing[0]}", message))
            continue
        present = layout.fact_present[group.name]
        spread = SPREAD.get(group.name)
        if spread and len(given.get(spread) or ()) > 0:
            options = given.pop(spread)
            facts[group.name] = [
                group.record(**given, **{spread: one}, present=present)
                for one in options
            ]
        else:
            if spread:
                given[spread] = ""
            facts[group.name] = [group.record(**given, present=present)]
    return facts, problems


@dataclass
class Pending:
    """A record being read from its rows."""

    first_line: int
    values: dict[str, Any]
    facts: dict[str, list[Any]]

    def add(self, facts: dict[str, list[Any]]) -> None:
        for name, found in facts.items():
            self.facts.setdefault(name, []).extend(found)


def read_rows(
    rows: Iterable[tuple[int, list[str]]], label: str
) -> tuple[list[r.PersonRecord], list[Problem]]:
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
    layout = Layout(tuple(header))
    pending: dict[str, Pending] = {}
    for line, cells in iterator:
        if not any(cell.strip() for cell in cells):
            continue
        where = f"{label}:{line}"
        if len(cells) != len(header):
            message = f"has {len(cells)} cells, the header has {len(header)}"
            problems.append(Problem(where, message))
            continue
        raw = dict(zip(header, cells, strict=True))
        values, row_problems = read_cells(raw, where)
        problems += row_problems
        if row_problems:
            continue
        problems += add_row(pending, values, raw, layout, line, where)
    records = []
    for pending_record in pending.values():
        record, record_problems = build(pending_record, layout, label)
        problems += record_problems
        if record is not None:
            records.append(record)
    return records, problems


def add_row(
    pending: dict[str, Pending],
    values: dict[str, Any],
    raw: dict[str, str],
    layout: Layout,
    line: int,
    where: str,
) -> list[Problem]:
    record_id = values["record_id"]
    facts, problems = row_facts(values, raw, layout, where)
    if problems:
        return problems
    earlier = pending.get(record_id)
    if earlier is None:
        pending[record_id] = Pending(line, values, facts)
        return []
    # A further row of a record carries facts only.
    said = [c for c in PERSON_COLUMN if c != "record_id" and c in values]
    if said:
        message = (
            f"record_id {record_id!r} starts on line {earlier.first_line}: "
            "its further rows carry facts only, person fields go on its first row"
        )
        return [Problem(f"{where}:{said[0]}", message)]
    earlier.add(facts)
    return []


def build(
    pending: Pending, layout: Layout, label: str
) -> tuple[r.PersonRecord | None, list[Problem]]:
    values = pending.values
    where = f"{label}:{pending.first_line}"
    person: dict[str, Any] = {
        f.name: values.get(f.column, EMPTY[f.column])
        for f in PERSON
        if f.column in layout.given
    }
    person.update({name: tuple(found) for name, found in pending.facts.items()})
    record = r.PersonRecord(
        **person,
        origin=where,
        present=layout.person_present,
    )
    problems = [
        Problem(f"{where}:{column}", message)
        for column, message in r.check_record(record)
    ]
    return (None if problems else record), problems


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


def parse_csv(data: bytes, label: str) -> tuple[list[r.PersonRecord], list[Problem]]:
    """Parse a registry CSV file: records, or every problem found."""
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


def record_rows(person: r.PersonRecord) -> list[list[str]]:
    """The rows of a record, their cells in the order of COLUMNS: person
    fields and the latest facts first."""
    columns: dict[str, list[str]] = {}
    for f in PERSON:
        columns[f.column] = [f.write_cell(getattr(person, f.name))]
    for column, kind in NAME_KIND_OF_COLUMN.items():
        names = [n for n in person.names if n.kind == kind]
        columns[column] = [n.value for n in names]
        columns[column + SYSTEM_SUFFIX] = [n.system for n in names]
    for group in FACT_GROUPS:
        facts = list(getattr(person, group.name))
        if group.date_field:
            facts.reverse()
        for f in group.fields:
            if f.column:  # a field without a column travels in JSON only
                columns[f.column] = [
                    f.write_cell(getattr(fact, f.name)) for fact in facts
                ]
    depth = max(1, *(len(cells) for cells in columns.values()))
    columns["record_id"] *= depth
    ordered = [columns.get(column, []) for column in COLUMNS]
    return [
        [escape(cells[row]) if row < len(cells) else "" for cells in ordered]
        for row in range(depth)
    ]


def csv_writer(out: Any) -> Any:
    """A writer of the registry CSV format on `out`, its header written."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    return writer


def write_csv(persons: Iterable[r.PersonRecord], out: Any) -> int:
    writer = csv_writer(out)
    count = 0
    for person in persons:
        writer.writerows(record_rows(person))
        count += 1
    return count
