"""Fuzzing the importers: thousands of broken files, clear errors only.

Valid files (CSV, JSON, XLSX) are mutated the ways files really break:
cut short, re-encoded, bytes thrown in, huge cells, wrong types, deeply
nested JSON, formulas in cells. Every answer must be records or problems,
each problem one line that says where (file:line:column, or the JSON
path); an import of a broken file writes nothing. The number of examples
is the `fuzz` profile's (conftest.py: 2,000 on CI).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.csv_format import parse_csv
from ingest.files import ImportProblems, import_file, parse_data
from ingest.json_format import FORMAT, VERSION, parse_json
from ingest.records import Problem
from registry import models as m
from registry.tests.builders import csv_text, make_row

FUZZ = settings(
    settings.get_profile("fuzz"),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
# Each of these takes a database write or a workbook: a twentieth as many.
FUZZ_SLOW = settings(FUZZ, max_examples=max(20, FUZZ.max_examples // 20))

ROWS = [
    make_row(record_id="z-1"),
    make_row(record_id="z-2", name="Ihar Losik", name_be="Ігар Лосік", name_ru=""),
    make_row(record_id="z-2", name="", detained_on="2021-01-01", facility=""),
]
CSV = csv_text(ROWS).encode()
JSON_PERSON: dict[str, Any] = {
    "record_id": "z-1",
    "name": "Vitold Ashurak",
    "names": [{"value": "Вітольд Ашурак", "kind": "be"}],
    "visibility": "public",
    "birth_date": "1970",
    "detentions": [{"kind": "colony", "start": "2020-09-18"}],
    "cases": [{"articles": ["BY-CC 342.1"], "sentence_months": 60}],
    "events": [{"type": "arrest", "date": "2020-09-18"}],
}
NASTY = [
    "",
    " ",
    "\x00",
    "\ufeff",
    "\u202e",
    "\ud800",
    "'",
    '"',
    '""',
    "\r\n",
    "\n\n",
    '=HYPERLINK("http://x.example","x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\t=1",
    "x" * 200_000,
    "Ж" * 70_000,
    "9" * 400,
    "-1",
    "1e309",
    "NaN",
    "true",
    "2021-02-30",
    "0000-00-00",
    "99999-01-01",
    "BY-CC " + "1" * 300,
    "javascript:alert(1)",
    "https://" + "a" * 5000,
    "; ; ;",
    "<script>alert(1)</script>",
]


def check(problems: list[Problem], label: str) -> None:
    """Every problem is one line that starts with where it is."""
    for problem in problems:
        text = str(problem)
        assert "\n" not in text and "\r" not in text, text
        assert problem.where.startswith(label), text
        assert "Traceback" not in text


# CSV


@st.composite
def broken_csv(draw: st.DrawFn) -> bytes:
    """The valid CSV, broken one to three ways."""
    data = CSV
    for _ in range(draw(st.integers(1, 3))):
        how = draw(
            st.sampled_from(
                ["cut", "bytes", "cell", "encode", "quote", "header", "crlf", "nul"]
            )
        )
        if how == "cut":
            data = data[: draw(st.integers(0, len(data)))]
        elif how == "bytes":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif how == "cell":
            rows = [dict(row) for row in ROWS]
            row = draw(st.sampled_from(rows))
            column = draw(st.sampled_from(sorted(row) + ["other_names", "health"]))
            row[column] = draw(st.sampled_from(NASTY) | st.text(max_size=40))
            data = csv_text(rows).encode("utf-8", "surrogatepass")
        elif how == "encode":
            encoding = draw(st.sampled_from(["utf-16", "cp1251", "koi8-r", "latin-1"]))
            data = data.decode("utf-8", "replace").encode(encoding, "replace")
        elif how == "quote":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + b'"' + data[at:]
        elif how == "header":
            header, _, rest = data.partition(b"\r\n")
            columns = header.split(b",")
            columns[draw(st.integers(0, len(columns) - 1))] = draw(
                st.sampled_from([b"record_id", b"", b"Name", b"name ", b'"x'])
            )
            data = b",".join(columns) + b"\r\n" + rest
        elif how == "crlf":
            data = data.replace(b"\r\n", draw(st.sampled_from([b"\r", b"\n\n"])))
        else:
            at = draw(st.integers(0, len(data)))
            data = data[:at] + b"\x00" + data[at:]
    return data


@FUZZ
@given(broken_csv())
def test_broken_csv_files_give_records_or_one_line_problems(data: bytes) -> None:
    records, problems = parse_csv(data, "people.csv")
    check(problems, "people.csv")


# JSON

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(NASTY[:17]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=12,
)


def paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value a mutation may hit."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*path, index))
    return found


@st.composite
def broken_json(draw: st.DrawFn) -> bytes:
    document: Any = {
        "format": FORMAT,
        "version": VERSION,
        "persons": [json.loads(json.dumps(JSON_PERSON))],
    }
    how = draw(st.sampled_from(["value", "key", "cut", "deep", "bytes", "bom"]))
    if how in ("value", "key"):
        path = draw(st.sampled_from(paths(document)[1:]))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        if how == "value":
            parent[path[-1]] = draw(JSON_VALUES)
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = parent.pop(path[-1])
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    data = text.encode("utf-8", "surrogatepass")
    if how == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "deep":
        depth = draw(st.sampled_from([50, 1000, 100_000]))
        data = data.replace(b'"1970"', b"[" * depth + b"]" * depth, 1)
    elif how == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    elif how == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


@FUZZ
@given(broken_json())
def test_broken_json_files_give_records_or_one_line_problems(data: bytes) -> None:
    records, problems = parse_json(data, "people.json")
    check(problems, "people.json")


def test_an_unknown_key_with_a_line_break_or_an_escape_code_stays_on_one_line() -> None:
    """Found by fuzzing: a key "\\r" printed a line that the terminal overwrote."""
    person = {**JSON_PERSON, "a\rb": 1, "\x1b[2J": 2, "имя": 3}
    document = {"format": FORMAT, "version": VERSION, "persons": [person], "\n": 0}
    _, problems = parse_json(json.dumps(document).encode(), "people.json")
    assert [str(problem) for problem in problems] == [
        'people.json:["\\n"]: unknown key',
        'people.json:persons[0]["\\u001b[2J"]: unknown key',
        'people.json:persons[0]["a\\rb"]: unknown key',
        "people.json:persons[0].имя: unknown key",
    ]


# XLSX


def workbook_bytes(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX_HEADER = ["record_id", "name", "sex", "birth_date", "detained_on", "notes"]
XLSX_CELLS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 1, 1))
    | st.sampled_from(
        ["=1+1", '=HYPERLINK("http://x.example")', "=A1/0", "@x", "x" * 40_000]
    )
    | st.text(
        st.characters(blacklist_categories=("Cs", "Cc")),  # not storable in XLSX
        max_size=30,
    )
)


@st.composite
def broken_xlsx(draw: st.DrawFn) -> bytes:
    rows: list[list[Any]] = [list(XLSX_HEADER)]
    for index in range(draw(st.integers(1, 3))):
        rows.append(
            [f"x-{index}", "Ihar Losik", "m", "1990", "2020-06-25", ""]
            if draw(st.booleans())
            else draw(st.lists(XLSX_CELLS, min_size=0, max_size=8))
        )
    if draw(st.booleans()):
        rows[0][draw(st.integers(0, len(XLSX_HEADER) - 1))] = draw(XLSX_CELLS)
    data = workbook_bytes(rows)
    how = draw(st.sampled_from(["none", "cut", "flip"]))
    # A workbook's size varies with its timestamp: draw a place, not an offset.
    at = int(draw(st.floats(0, 1, exclude_max=True)) * len(data))
    if how == "cut":
        data = data[:at]
    elif how == "flip":
        data = (
            data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        )
    return data


@FUZZ_SLOW
@given(broken_xlsx())
def test_broken_xlsx_files_give_records_or_one_line_problems(data: bytes) -> None:
    records, problems = parse_data(data, Path("people.xlsx"))
    check(problems, "people.xlsx")


# Through the database: a broken file writes nothing


@pytest.mark.django_db
@FUZZ_SLOW
@given(
    st.one_of(
        broken_csv().map(lambda data: ("people.csv", data)),
        broken_json().map(lambda data: ("people.json", data)),
    )
)
def test_an_import_of_a_broken_file_writes_nothing_or_imports_it_whole(
    tmp_path: Path, file: tuple[str, bytes]
) -> None:
    name, data = file
    path = tmp_path / name
    path.write_bytes(data)
    persons, history = m.Person.objects.count(), m.Person.history.count()
    try:
        import_file(path, dry_run=False, progress=False, match="off")
    except ImportProblems as error:
        check(error.problems, name)
        assert (m.Person.objects.count(), m.Person.history.count()) == (
            persons,
            history,
        )
    m.Person.objects.all().delete()


# The command line, on the worst of them


WORST = {
    "cut.csv": CSV[: len(CSV) // 2] + b'"',
    "latin.csv": CSV.decode().encode("cp1251", "replace"),
    "huge.csv": csv_text([make_row(notes="x" * 300_000)]).encode(),
    "formula.csv": csv_text([make_row(name="=cmd|' /C calc'!A0", sex="=1+1")]).encode(),
    "deep.json": b'{"format": "rollcall-registry", "persons": '
    + b"[" * 100_000
    + b"]" * 100_000
    + b"}",
    "types.json": json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "persons": [{**JSON_PERSON, "name": ["x"], "detentions": {"a": 1}}],
        }
    ).encode(),
    "cut.xlsx": workbook_bytes([XLSX_HEADER, ["x-1", "A"]])[:300],
    "types.xlsx": workbook_bytes(
        [XLSX_HEADER, ["x-1", "Ihar Losik", 3.5, datetime(2999, 1, 1), True, "=1/0"]]
    ),
}


def test_the_command_names_every_problem_in_one_line_and_exits_1(
    tmp_path: Path, subprocess_databases: Any
) -> None:
    db = subprocess_databases.new("fuzz")
    for name, data in WORST.items():
        (tmp_path / name).write_bytes(data)
    deep = db.run("import", str(tmp_path / "deep.json"), ok=False)
    assert deep.returncode == 1 and "Traceback" not in deep.stderr
    assert deep.stderr.splitlines()[0] == (
        "rollcall: error: deep.json: not valid JSON: nested too deeply"
    )
    # The others in one process, as `python -m rollcall import` runs each.
    script = (
        "import sys; from rollcall.cli import main; "
        "sys.exit(max(main(['import', name, '--quiet']) for name in sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *(str(tmp_path / name) for name in WORST)],
        capture_output=True,
        text=True,
        env=db.env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    summary = re.compile(r"\d+ problems?; nothing was imported")
    assert len(summary.findall(done.stderr)) == len(WORST), done.stderr
    for line in done.stderr.splitlines():
        assert line.startswith(("rollcall: error: ", *WORST)) or summary.fullmatch(
            line
        ), line
    assert done.stdout == ""
    assert db.query("SELECT count(*) FROM registry_person") == [(0,)]
