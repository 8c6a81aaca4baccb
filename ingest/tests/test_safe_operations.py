"""Routine operations keep hidden what is hidden and lose nothing (issue 6)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ingest.files import ImportProblems, export, import_file
from ingest.load import LoadSummary
from publish.export import export_public
from publish.publishing import publish
from registry import models as m
from registry.actions import ActionError, person_merge, person_unmerge
from registry.tests.builders import csv_text, import_rows, make_row, write_csv

pytestmark = pytest.mark.django_db

SECRET = "Secretava"
INITIALS_ONLY = "Zmitser Initialau"


def run(path: Path, **options: object) -> LoadSummary:
    return import_file(path, dry_run=False, progress=False, match="off", **options)  # type: ignore[arg-type]


def exported(format: str, *, public: bool = False) -> str:
    out = io.StringIO()
    if public:
        export_public(out, format=format)
    else:
        export(out, format=format)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _public_dir(settings: Any, tmp_path: Path) -> None:
    settings.ROLLCALL_PUBLIC_DIR = tmp_path / "public"


def public_outputs(client: Client) -> str:
    """Everything the public can read about the register (published now)."""
    publish()
    pages = [
        client.get(reverse("home")).content.decode(),
        client.get(reverse("person_list")).content.decode(),
        # Searched in Cyrillic, looked for in Latin: a page may echo the query.
        client.get(reverse("person_list"), {"q": "Ганна Сакрэтава"}).content.decode(),
        client.get("/api/v1/search", {"q": "Павел Секретов"}).content.decode(),
        client.get("/api/v1/search", {"q": "Змітрэр Ініцыялаў"}).content.decode(),
        exported("csv", public=True),
        exported("json", public=True),
    ]
    return "\n".join(pages)


@pytest.fixture
def register(tmp_path: Path) -> None:
    rows = [
        make_row(record_id="pub-1", name="Maryia Kalesnikava"),
        make_row(
            record_id="anon-1",
            name=f"Hanna {SECRET}",
            name_be="Ганна Сакрэтава",
            name_ru="Анна Секретова",
            visibility="anonymous",
        ),
        make_row(
            record_id="restr-1",
            name=f"Pavel {SECRET}au",
            name_be="Павел Сакрэтаў",
            name_ru="Павел Секретов",
            visibility="restricted",
        ),
        make_row(
            record_id="init-1",
            name=INITIALS_ONLY,
            name_be="Змітрэр Ініцыялаў",
            name_ru="Дмитрий Инициалов",
        ),
    ]
    import_rows(tmp_path / "people.csv", rows)
    m.Person.objects.filter(record_id="init-1").update(
        name_disclosure="initials", place_disclosure="region"
    )


def test_a_csv_round_trip_changes_nothing_and_writes_no_history(
    tmp_path: Path, register: None, client: Client
) -> None:
    history = m.Person.history.count(), m.NameVariant.history.count()
    (tmp_path / "a.csv").write_text(exported("csv"), encoding="utf-8")
    assert str(run(tmp_path / "a.csv")) == "0 created, 0 updated, 4 unchanged"
    assert (m.Person.history.count(), m.NameVariant.history.count()) == history
    person = m.Person.objects.get(record_id="init-1")
    assert (person.name_disclosure, person.place_disclosure) == ("initials", "region")
    assert "Initialau" not in public_outputs(client)


def test_a_partial_file_changes_only_what_it_says(
    tmp_path: Path, register: None, client: Client
) -> None:
    path = tmp_path / "partial.csv"
    path.write_text(
        csv_text(
            [
                {"record_id": "anon-1", "name": f"Hanna {SECRET}", "notes": "new"},
                {"record_id": "restr-1", "name": f"Pavel {SECRET}au", "notes": ""},
            ],
            columns=("record_id", "name", "notes"),
        ),
        encoding="utf-8",
    )
    summary = run(path)
    assert str(summary) == "0 created, 1 updated, 1 unchanged"
    anonymous = m.Person.objects.get(record_id="anon-1")
    assert (anonymous.visibility, anonymous.notes) == ("anonymous", "new")
    assert anonymous.names.filter(value="Ганна Сакрэтава").exists()
    assert m.Person.objects.get(record_id="restr-1").visibility == "restricted"
    assert SECRET not in public_outputs(client)


def test_an_empty_cell_clears_its_value_and_the_report_says_so(
    tmp_path: Path, register: None
) -> None:
    path = tmp_path / "clear.csv"
    path.write_text(
        csv_text(
            [{"record_id": "pub-1", "locality": ""}], columns=("record_id", "locality")
        ),
        encoding="utf-8",
    )
    summary = run(path)
    assert summary.details() == ["cleared: pub-1: locality"]
    assert m.Person.objects.get(record_id="pub-1").locality == ""


def test_facts_a_file_does_not_carry_are_kept_unless_replace_is_asked(
    tmp_path: Path, register: None
) -> None:
    later = make_row(record_id="pub-1", detained_on="2023-05-01", released_on="")
    import_rows(tmp_path / "later.csv", [later])
    assert m.Detention.objects.filter(person__record_id="pub-1").count() == 2
    write_csv(tmp_path / "replace.csv", [later])
    summary = run(tmp_path / "replace.csv", replace_facts=True)
    assert summary.details() == ["removed: pub-1: detentions: colony (2020-09-07)"]
    assert m.Detention.objects.filter(person__record_id="pub-1").count() == 1


def test_a_new_person_without_a_visibility_is_restricted(tmp_path: Path) -> None:
    path = tmp_path / "new.csv"
    path.write_text(
        csv_text([{"record_id": "n-1", "name": "Nobody Said"}], ("record_id", "name")),
        encoding="utf-8",
    )
    run(path)
    assert m.Person.objects.get(record_id="n-1").visibility == "restricted"


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("visibility", "public", "visibility restricted -> public"),
        ("name_disclosure", "full", "name_disclosure initials -> full"),
    ],
)
def test_an_import_that_would_show_a_person_more_changes_nothing(
    tmp_path: Path, register: None, column: str, value: str, shown: str
) -> None:
    record_id = "restr-1" if column == "visibility" else "init-1"
    path = tmp_path / "wider.csv"
    path.write_text(
        csv_text([{"record_id": record_id, column: value}], ("record_id", column)),
        encoding="utf-8",
    )
    with pytest.raises(ImportProblems, match=shown):
        run(path)
    assert getattr(m.Person.objects.get(record_id=record_id), column) != value
    run(path, allow_more_visible=True)
    assert getattr(m.Person.objects.get(record_id=record_id), column) == value


def test_a_merge_keeps_the_strictest_grades_and_its_undo_restores_them(
    register: None, client: Client
) -> None:
    public = m.Person.objects.get(record_id="pub-1")
    hidden = m.Person.objects.get(record_id="restr-1")
    merge = person_merge(keep=public, merge=hidden, actor=None, reason="same person")
    public.refresh_from_db()
    assert public.visibility == "restricted"
    assert SECRET not in public_outputs(client)
    assert "Kalesnikava" not in public_outputs(client)
    person_unmerge(merge=merge, actor=None, reason="not the same")
    public.refresh_from_db()
    assert public.visibility == "public"
    assert SECRET not in public_outputs(client)


def test_an_editor_may_choose_the_grades_of_a_merge(register: None) -> None:
    public = m.Person.objects.get(record_id="pub-1")
    hidden = m.Person.objects.get(record_id="anon-1")
    person_merge(
        keep=public,
        merge=hidden,
        actor=None,
        reason="the family now agrees to publication",
        grades={"visibility": "public"},
    )
    public.refresh_from_db()
    assert public.visibility == "public"


def test_undoing_merges_out_of_order_is_refused_naming_the_one_to_undo_first(
    register: None,
) -> None:
    a, b, c = (m.Person.objects.get(record_id=i) for i in ("pub-1", "init-1", "anon-1"))
    first = person_merge(keep=a, merge=b, actor=None, reason="one")
    second = person_merge(keep=c, merge=a, actor=None, reason="two")
    with pytest.raises(ActionError, match=f"undo merge {second.pk} first"):
        person_unmerge(merge=first, actor=None, reason="back")
    person_unmerge(merge=second, actor=None, reason="back")
    person_unmerge(merge=first, actor=None, reason="back")
    b.refresh_from_db()
    assert b.names.filter(value="Змітрэр Ініцыялаў").exists()
    assert b.detentions.count() == 1 and b.merged_into is None


def test_import_link_never_merges_across_visibility(
    tmp_path: Path, register: None
) -> None:
    row = make_row(record_id="new-1", visibility="restricted")
    summary = import_file(
        write_csv(tmp_path / "n.csv", [row]),
        dry_run=False,
        progress=False,
        match="link",
    )
    assert any("visibility" in line for line in summary.review)
    assert m.Person.objects.get(record_id="new-1").merged_into is None
    assert m.Person.objects.get(record_id="pub-1").visibility == "public"


def test_exported_cells_that_a_spreadsheet_would_run_are_neutralised(
    tmp_path: Path,
) -> None:
    formula = '=HYPERLINK("http://evil.example","x")'
    import_rows(tmp_path / "f.csv", [make_row(name=formula, notes="-1+2", region="@x")])
    public = exported("csv", public=True)
    assert "'=HYPERLINK" in public and "\n=" not in public and ",=" not in public
    (tmp_path / "round.csv").write_text(exported("csv"), encoding="utf-8")
    assert str(run(tmp_path / "round.csv")) == "0 created, 0 updated, 1 unchanged"
    person = m.Person.objects.get()
    assert (person.display_name, person.notes, person.region) == (formula, "-1+2", "@x")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("birth_date", "2021-00", "months and days start at 01"),
        ("birth_date", "2021-02-00", "months and days start at 01"),
        ("birth_date", "２０２１", "is not a date"),
        ("detained_on", "3000-01-01", "is after today"),
        ("country", "ZZ", "is not an ISO 3166-1 alpha-2 country code"),
    ],
)
def test_strict_input_names_the_bad_cell(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    path = write_csv(tmp_path / "bad.csv", [make_row(**{column: value})])
    with pytest.raises(ImportProblems) as raised:
        run(path)
    assert f"bad.csv:2:{column}: " in str(raised.value)
    assert message in str(raised.value)
    assert not m.Person.objects.exists()


def test_an_article_not_in_the_vocabulary_is_listed_as_new(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [make_row(articles="BY-CC 999.9")])
    dry = import_file(path, dry_run=True, progress=False)
    assert dry.new_articles == ["BY-CC 999"]
    assert not m.Article.objects.filter(number="999").exists()
    assert run(path).new_articles == ["BY-CC 999"]


def test_the_public_json_export_hides_event_places_and_ties_of_hidden_names(
    tmp_path: Path,
) -> None:
    person = {
        "visibility": "public",
        "name": "Full Name",
        "events": [
            {
                "type": "search",
                "date": "2021-01-01",
                "place": "Hometown",
                "event_id": "e-1",
            }
        ],
    }
    persons = [
        {**person, "record_id": "full-1"},
        {
            **person,
            "record_id": "region-1",
            "name": "Region Graded",
            "place_disclosure": "region",
        },
        {
            **person,
            "record_id": "init-1",
            "name": "Initials Only",
            "name_disclosure": "initials",
        },
    ]
    path = tmp_path / "e.json"
    path.write_text(
        json.dumps({"format": "rollcall-registry", "version": 2, "persons": persons}),
        encoding="utf-8",
    )
    run(path)
    document = json.loads(exported("json", public=True))
    events = {p["record_id"]: p["events"][0] for p in document["persons"]}
    assert events["full-1"]["place"] == "Hometown"
    assert events["region-1"]["place"] == ""
    assert events["init-1"]["place"] == "Hometown"
    assert events["init-1"]["event_id"] == ""


def test_command_line_writes_record_their_actor(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [make_row()])
    from registry.actions import command_line_actor

    import_file(
        path,
        dry_run=False,
        progress=False,
        actor=command_line_actor(name="documenter"),
    )
    entry = m.Person.history.get()
    assert entry.history_user is not None
    assert entry.history_user.username == "cli:documenter"
    assert not entry.history_user.has_usable_password()


def test_a_dated_import_is_known_from_its_day_and_may_not_go_back(
    tmp_path: Path,
) -> None:
    from datetime import date

    path = write_csv(tmp_path / "a.csv", [make_row()])
    import_file(path, dry_run=False, progress=False, recorded_on=date(2021, 3, 1))
    assert m.Person.history.get().history_date.date() == date(2021, 3, 1)
    changed = write_csv(tmp_path / "b.csv", [make_row(notes="later news")])
    with pytest.raises(ImportProblems, match="earlier than a change already"):
        import_file(
            changed, dry_run=False, progress=False, recorded_on=date(2021, 1, 1)
        )
    with pytest.raises(ImportProblems, match="after today"):
        import_file(
            changed, dry_run=False, progress=False, recorded_on=date(2999, 1, 1)
        )
    import_file(changed, dry_run=False, progress=False, recorded_on=date(2022, 1, 1))
    assert m.Person.objects.get().notes == "later news"


def test_a_partial_update_that_contradicts_the_stored_facts_is_refused(
    tmp_path: Path, register: None
) -> None:
    path = tmp_path / "end.csv"
    path.write_text(
        csv_text(
            [{"record_id": "pub-1", "released_on": "2019-01-01"}],
            ("record_id", "released_on"),
        ),
        encoding="utf-8",
    )
    with pytest.raises(ImportProblems, match="released_on: is before detained_on"):
        run(path)
    assert m.Detention.objects.get(person__record_id="pub-1").end_on is None


def test_a_document_without_a_url_travels_as_a_document_reference(
    tmp_path: Path,
) -> None:
    import_rows(tmp_path / "a.csv", [make_row(sources="document:Court ruling 12/2021")])
    source = m.Source.objects.get(document="Court ruling 12/2021")
    assert source.url == ""
    text = exported("csv")
    assert "document:Court ruling 12/2021" in text
    (tmp_path / "b.csv").write_text(text, encoding="utf-8")
    assert str(run(tmp_path / "b.csv")) == "0 created, 0 updated, 1 unchanged"
