from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.files import ImportProblems, export, import_file
from ingest.json_format import FORMAT, VERSION
from registry import models as m

pytestmark = pytest.mark.django_db

PERSON = {
    "record_id": "vs-1",
    "name": "Vitold Ashurak",
    "names": [
        {"value": "Вітольд Ашурак", "kind": "be"},
        {"value": "Vitold Ashurok", "kind": "latin", "system": "ru_icao"},
    ],
    "visibility": "public",
    "detentions": [
        {"kind": "pretrial", "start": "2020-09-18", "end": "2021-01-15"},
        {
            "kind": "colony",
            "start": "2021-01-15",
            "end": "2021-05-21",
            "release_reason": "died",
            "verification": "documented",
            "sources": ["https://example.org/d"],
        },
    ],
    "recognitions": [{"start": "2020-12-29", "organisation": "Viasna"}],
    "events": [
        {"type": "arrest", "date": "2020-09-18", "event_id": "ev-1"},
        {"type": "death_in_custody", "date": "2021-05-21", "place": "Shklou"},
    ],
}


def document(*persons: dict[str, object]) -> bytes:
    return json.dumps(
        {"format": FORMAT, "version": VERSION, "persons": list(persons)}
    ).encode()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def exported(format: str) -> str:
    out = io.StringIO()
    export(out, format=format)
    return out.getvalue()


def test_json_keeps_the_whole_history(tmp_path: Path) -> None:
    other = {
        "record_id": "vs-2",
        "name": "Someone Else",
        "events": [{"type": "arrest", "date": "2020-09-18", "event_id": "ev-1"}],
    }
    import_file(
        write(tmp_path / "r.json", document(PERSON, other)),
        dry_run=False,
        progress=False,
    )
    person = m.Person.objects.get(record_id="vs-1")
    assert person.detentions.count() == 2
    shared = m.Event.objects.get(external_id="ev-1")
    assert sorted(shared.persons.values_list("record_id", flat=True)) == [
        "vs-1",
        "vs-2",
    ]
    assert m.Event.objects.count() == 2


@pytest.mark.parametrize("format", ["csv", "json"])
def test_export_import_export_gives_the_same_file(
    tmp_path: Path, format: str, django_db_blocker: object
) -> None:
    from demo.synthetic import generate

    persons = generate(60, seed=7).persons
    import_file(
        write(tmp_path / "r.json", document(*persons)), dry_run=False, progress=False
    )
    first = exported(format)
    path = write(tmp_path / f"first.{format}", first.encode())
    again = import_file(path, dry_run=False, progress=False, match="off")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 60)
    empty_the_register()
    import_file(path, dry_run=False, progress=False, match="off")
    assert exported(format) == first


def empty_the_register() -> None:
    m.Citation.objects.all().delete()
    m.EventPerson.objects.all().delete()
    m.Event.objects.all().delete()
    m.Merge.objects.all().delete()
    m.Person.objects.all().delete()


@settings(max_examples=8)
@given(
    seed=st.integers(0, 10_000),
    format=st.sampled_from(["csv", "json"]),
    grades=st.lists(
        st.tuples(
            st.sampled_from(["public", "restricted", "anonymous"]),
            st.sampled_from(["full", "initials", "none"]),
            st.sampled_from(["locality", "region", "none"]),
        ),
        min_size=12,
        max_size=12,
    ),
)
def test_any_register_round_trips_exactly_through_either_format(
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    format: str,
    grades: list[tuple[str, str, str]],
) -> None:
    from demo.synthetic import generate

    folder = tmp_path_factory.mktemp("round")
    persons = generate(12, seed=seed).persons
    for person, (visibility, name, place) in zip(persons, grades, strict=True):
        person.update(
            visibility=visibility, name_disclosure=name, place_disclosure=place
        )
    with transaction.atomic():
        import_file(
            write(folder / "r.json", document(*persons)),
            dry_run=False,
            progress=False,
            match="off",
        )
        first = exported(format)
        path = write(folder / f"first.{format}", first.encode())
        again = import_file(path, dry_run=False, progress=False, match="off")
        assert (again.created, again.updated) == (0, 0)
        empty_the_register()
        import_file(path, dry_run=False, progress=False, match="off")
        assert exported(format) == first
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'{"format": "rollcall-registry", "persons": [',
            "r.json:1:45: not valid JSON",
        ),
        (b"[]", "r.json:format: expected an object"),
        (document({"name": "x"}), "r.json:persons[0].record_id: is required"),
        (document({**PERSON, "colour": 1}), "r.json:persons[0].colour: unknown key"),
        (
            document({**PERSON, "detentions": [{"start": "2020-13-01"}]}),
            "r.json:persons[0].detentions[0].start: '2020-13-01' is not a date",
        ),
        (
            document({**PERSON, "events": [{"type": "picnic"}]}),
            "r.json:persons[0].events[0].type: unknown event type 'picnic'",
        ),
        (document(PERSON, PERSON), "r.json:persons[1].record_id: already appears"),
    ],
)
def test_bad_json_is_named_and_changes_nothing(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    with pytest.raises(ImportProblems) as caught:
        import_file(write(tmp_path / "r.json", content), dry_run=False, progress=False)
    assert str(caught.value.problems[0]).startswith(expected), caught.value.problems
    assert m.Person.objects.count() == 0


def test_the_json_export_follows_the_published_schema(tmp_path: Path) -> None:
    import jsonschema

    from demo.synthetic import generate

    schema = json.loads(
        (Path(__file__).parents[2] / "docs/registry.schema.json").read_text()
    )
    persons = generate(40, seed=3).persons
    jsonschema.validate(json.loads(document(*persons)), schema)
    import_file(
        write(tmp_path / "r.json", document(*persons)), dry_run=False, progress=False
    )
    jsonschema.validate(json.loads(exported("json")), schema)


def test_the_published_schema_is_the_one_derived_from_the_declaration() -> None:
    from ingest.schema import SCHEMA_PATH, text

    assert SCHEMA_PATH.read_text(encoding="utf-8") == text(), (
        "docs/registry.schema.json is stale: run python -m ingest.schema"
    )


CASE = {
    "record_id": "vs-3",
    "name": "Maryia Kalesnikava",
    "cases": [
        {
            "articles": ["BY-CC 357.1"],
            "sentence": "11 years",
            "sentenced_on": "2021-09-06",
            "court": "Minsk Regional Court",
            "verdict": "convicted",
        }
    ],
}


def test_a_case_keeps_its_court_and_verdict_through_json(tmp_path: Path) -> None:
    import_file(
        write(tmp_path / "r.json", document(CASE)), dry_run=False, progress=False
    )
    case = m.Case.objects.get(person__record_id="vs-3")
    assert (case.court, case.verdict) == ("Minsk Regional Court", "convicted")
    (person,) = json.loads(exported("json"))["persons"]
    assert person["cases"][0]["court"] == "Minsk Regional Court"
    assert person["cases"][0]["verdict"] == "convicted"


def test_a_csv_import_leaves_court_and_verdict_as_they_are(tmp_path: Path) -> None:
    # The CSV format has no such columns: what it does not say is kept,
    # even when it changes the case's other cells.
    import_file(
        write(tmp_path / "r.json", document(CASE)), dry_run=False, progress=False
    )
    csv_text = exported("csv")
    assert "Minsk Regional Court" not in csv_text
    changed = csv_text.replace("11 years", "10 years")
    result = import_file(
        write(tmp_path / "r.csv", changed.encode()), dry_run=False, progress=False
    )
    assert result.updated == 1
    case = m.Case.objects.get(person__record_id="vs-3")
    assert case.sentence == "10 years"
    assert (case.court, case.verdict) == ("Minsk Regional Court", "convicted")


def test_an_unknown_verdict_is_named_and_changes_nothing(tmp_path: Path) -> None:
    bad = {**CASE, "cases": [{**CASE["cases"][0], "verdict": "guilty"}]}  # type: ignore[dict-item]
    with pytest.raises(ImportProblems) as raised:
        import_file(
            write(tmp_path / "r.json", document(bad)), dry_run=False, progress=False
        )
    assert "persons[0].cases[0].verdict" in str(raised.value)
    assert not m.Person.objects.exists()


def test_the_verdicts_of_the_format_are_those_of_the_register() -> None:
    from ingest.records import VERDICTS

    assert VERDICTS == tuple(m.Verdict.values)
