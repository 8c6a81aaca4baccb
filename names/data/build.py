"""Check and tidy `given_names.csv` (run after editing it by hand).

    .venv/bin/python -m names.data.build [--check]

Makes "partial" links symmetric, removes duplicate spellings inside a row,
rejects unknown ids, Latin letters in Cyrillic columns and rows without
sources, and reports spellings listed under two groups. With --check nothing
is written and the exit status says whether the file is tidy.
"""

from __future__ import annotations

import csv
import io
import sys
from collections import defaultdict
from pathlib import Path

PATH = Path(__file__).with_name("given_names.csv")
MULTI = ("be", "ru", "uk", "pl", "en", "latin", "short", "partial")
CYRILLIC_COLUMNS = ("be", "ru", "uk")


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
    return problems + _shared_spellings(rows)


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
    for column in CYRILLIC_COLUMNS:
        if any(c.isascii() and c.isalpha() for c in row[column]):
            problems.append(f"{row['id']}: Latin letter in column {column}")
    return problems


def _shared_spellings(rows: list[dict[str, str]]) -> list[str]:
    """Spellings (not short forms) that appear in more than one group."""
    owners: defaultdict[str, list[str]] = defaultdict(list)
    for row in rows:
        for column in ("be", "ru", "uk", "pl", "en", "latin"):
            for value in _values(row[column]):
                if row["id"] not in owners[value.casefold()]:
                    owners[value.casefold()].append(row["id"])
    return [f"{v!r} is in {', '.join(o)}" for v, o in owners.items() if len(o) > 1]


def main(argv: list[str]) -> int:
    """Tidy the file, or with --check only report; return the exit status."""
    text = PATH.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    problems = tidy(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    for problem in problems:
        print(problem)
    if "--check" in argv:
        return 1 if problems or out.getvalue() != text else 0
    PATH.write_text(out.getvalue(), encoding="utf-8")
    print(f"{len(rows)} groups written to {PATH.name}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
