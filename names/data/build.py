"""Check and tidy `given_names.csv` (run after editing it by hand).

    .venv/bin/python -m names.data.build [--check]

Makes "partial" links symmetric, removes duplicate spellings inside a row,
rejects unknown ids, Latin letters in Cyrillic columns, rows without sources
or with unknown source tags, and any spelling (full or short form, compared as
`names.normalize` compares them) that sits in two groups unless every group
holding it lists it in its `shared` column, the ambiguity mark (see
`names/data/README.md`). With --check nothing is written and the exit status
says whether the file is tidy. Either way one line reports how many rows are
not reviewed yet.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

from names.normalize import normalize

PATH = Path(__file__).with_name("given_names.csv")
COLUMNS = (
    "id", "sex", "be", "ru", "uk", "pl", "en", "latin", "short", "partial", "shared",
    "sources",
)  # fmt: skip
MULTI = ("be", "ru", "uk", "pl", "en", "latin", "short", "partial", "shared", "sources")
CYRILLIC_COLUMNS = ("be", "ru", "uk")
SPELLING_COLUMNS = ("be", "ru", "uk", "pl", "en", "latin", "short")
REVIEWED = "reviewed"
_SOURCE = re.compile(r"ref:\d+|wiki|reviewed")


def tidy(rows: list[dict[str, str]]) -> list[str]:
    """Fix `rows` in place; return problems that need a human."""
    problems: list[str] = []
    ids = {row["id"] for row in rows}
    links = {row["id"]: set(_values(row["partial"])) for row in rows}
    for row in rows:
        for linked in links[row["id"]]:
            if linked not in ids:
                problems.append(f"{row['id']}: unknown partial link {linked}")
            else:
                links[linked].add(row["id"])
    for row in rows:
        row["partial"] = "|".join(sorted(links[row["id"]]))
        for column in MULTI:
            row[column] = "|".join(dict.fromkeys(_values(row[column])))
        problems += _row_problems(row)
    return problems + shared_spellings(rows)


def is_reviewed(row: dict[str, str]) -> bool:
    """Whether a row was checked spelling by spelling (`ref:N` or `reviewed`)."""
    sources = _values(row["sources"])
    return REVIEWED in sources or any(s.startswith("ref:") for s in sources)


def _values(cell: str) -> list[str]:
    """Split a | separated cell."""
    return [value.strip() for value in cell.split("|") if value.strip()]


def _row_problems(row: dict[str, str]) -> list[str]:
    """Problems within one row."""
    problems = []
    if row["sex"] not in ("m", "f"):
        problems.append(f"{row['id']}: sex must be m or f")
    if not row["sources"]:
        problems.append(f"{row['id']}: no sources")
    for source in _values(row["sources"]):
        if not _SOURCE.fullmatch(source):
            problems.append(f"{row['id']}: unknown source {source!r}")
    for column in CYRILLIC_COLUMNS:
        if any(c.isascii() and c.isalpha() for c in row[column]):
            problems.append(f"{row['id']}: Latin letter in column {column}")
    spellings = {normalize(v) for c in SPELLING_COLUMNS for v in _values(row[c])}
    for value in _values(row["shared"]):
        if normalize(value) not in spellings:
            problems.append(f"{row['id']}: shared {value!r} is not a spelling of it")
    return problems


def shared_spellings(rows: list[dict[str, str]]) -> list[str]:
    """Spellings in two or more groups not marked `shared` in each, and stale marks.

    Spellings are compared by `normalize`, as the lexicon looks them up:
    Алёна and Алена are one spelling.
    """
    owners: defaultdict[str, list[str]] = defaultdict(list)
    for row in rows:
        for column in SPELLING_COLUMNS:
            for value in _values(row[column]):
                if row["id"] not in owners[normalize(value)]:
                    owners[normalize(value)].append(row["id"])
    marked = {row["id"]: {normalize(v) for v in _values(row["shared"])} for row in rows}
    problems = []
    for spelling, groups in owners.items():
        unmarked = [g for g in groups if spelling not in marked[g]]
        if len(groups) > 1 and unmarked:
            problems.append(
                f"{spelling!r} is in {', '.join(groups)} without the ambiguity "
                f"mark in {', '.join(unmarked)} (list it under shared in each, "
                "or keep it in one group)"
            )
    for group, spellings in marked.items():
        for spelling in sorted(spellings):
            if len(owners[spelling]) == 1:
                problems.append(f"{group}: {spelling!r} is marked shared but only here")
    return problems


def main(argv: list[str], path: Path = PATH) -> int:
    """Tidy the file, or with --check only report; return the exit status."""
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        print(f"{path.name}: the header must be {','.join(COLUMNS)}")
        return 1
    rows = list(reader)
    problems = tidy(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    for problem in problems:
        print(problem)
    unreviewed = sum(not is_reviewed(row) for row in rows)
    if "--check" in argv:
        untidy = out.getvalue() != text
        if untidy:
            print(f"{path.name} is not tidy: run python -m names.data.build")
        print(f"{len(rows)} groups, {unreviewed} not reviewed yet")
        return 1 if problems or untidy else 0
    path.write_text(out.getvalue(), encoding="utf-8")
    print(f"{len(rows)} groups written to {path.name}, {unreviewed} not reviewed yet")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
