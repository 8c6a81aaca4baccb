"""Property: routine work on a register never publishes what is hidden.

Hypothesis builds small registers whose persons have random visibility and
disclosure grades and a marker string in every field, applies a random
sequence of routine operations (full and partial CSV and JSON imports,
merges and unmerges in any order, `--match link` imports, reverts to an
earlier version, records sent back, possible duplicates put off), publishes
(every version approved, or only what was approved so far) and after every
step checks that

* no public page, API answer or public export, nor the register's own
  public figures (`rollcall stats --public`) and fact sheet (`rollcall
  factsheet --public --format html`), carries a marker that the
  person's grades hide (none of the operations may show anyone more), and
* export then import is a no-op;

and at the end that changes no editor has approved (every record's
detentions ended, a recognition and a new person added) move no published
figure.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.files import ImportProblems, export, import_file
from ingest.json_format import FORMAT, VERSION
from publish.downloads import FORMATS, download_path
from publish.export import export_public
from publish.publishing import publish
from registry import matching
from registry import models as m
from registry.actions import ActionError, pair_defer, person_merge, person_unmerge
from review.actions import person_approve, person_revert, person_send_back
from review.models import PersonVersion
from review.testing import approve_all
from rollcall.cli import main
from stats.places import NAMED

pytestmark = pytest.mark.django_db(transaction=False)

VISIBILITY = ("public", "anonymous", "restricted")
NAMES = ("full", "initials", "none")
PLACES = ("locality", "region", "none")


@dataclass(frozen=True)
class Spec:
    visibility: str
    name_disclosure: str
    place_disclosure: str


def markers(i: int) -> dict[str, str]:
    """A marker per field of person `i` (none is part of another)."""
    return {
        "name": f"Zqn{i}a Zqs{i}b",
        "latin": f"Zql{i}a Zqk{i}b",
        "notes": f"Zqnote{i}x",
        "locality": f"Zqloc{i}x",
        "region": f"Zqreg{i}x",
        "source": f"https://example.org/zqsrc{i}x",
        "event_place": f"Zqevp{i}x",
        "event_description": f"Zqevd{i}x",
        "event_id": f"zqevid{i}x",
        "health": f"Zqhn{i}x",
        "facility": f"Zqfac{i}x",
        "criteria": f"Zqcrit{i}x",
        "court": f"Zqcourt{i}x",
    }


def hidden(i: int, spec: Spec) -> set[str]:
    """The markers of person `i` that no public output may carry."""
    marks = markers(i)
    if spec.visibility != "public":
        return set(marks.values())
    hide = set()
    if spec.name_disclosure != "full":
        hide |= {marks[k] for k in ("name", "latin", "notes", "source")}
        hide |= {marks[k] for k in ("event_description", "event_id", "health")}
    if spec.place_disclosure != "locality":
        hide |= {marks["locality"], marks["event_place"]}
    if spec.name_disclosure != "full" or spec.place_disclosure != "locality":
        hide.add(marks["court"])
    if spec.place_disclosure == "none":
        hide.add(marks["region"])
    return hide


def person(i: int, spec: Spec) -> dict[str, Any]:
    marks = markers(i)
    return {
        "record_id": f"p-{i}",
        "name": marks["name"],
        "names": [{"value": marks["latin"], "kind": "latin", "system": "x"}],
        "sex": "f" if i % 2 else "m",
        "birth_date": f"{1960 + i}",
        "country": "BY",
        "region": marks["region"],
        "locality": marks["locality"],
        "visibility": spec.visibility,
        "name_disclosure": spec.name_disclosure,
        "place_disclosure": spec.place_disclosure,
        "notes": marks["notes"],
        "sources": [marks["source"]],
        "detentions": [
            {
                "kind": "colony",
                "start": f"202{i}-01-0{i + 1}",
                "facility": marks["facility"],
            }
        ],
        "recognitions": [
            {
                "start": f"202{i}-02-01",
                "organisation": "Viasna",
                "criteria": marks["criteria"],
            }
        ],
        "cases": [{"articles": ["BY-CC 342.1"], "court": marks["court"]}],
        "events": [
            {
                "type": "search",
                "date": f"202{i}-01-0{i + 1}",
                "place": marks["event_place"],
                "description": marks["event_description"],
                "event_id": marks["event_id"],
            }
        ],
        "health": [{"condition": "serious_illness", "note": marks["health"]}],
    }


def document(persons: list[dict[str, Any]]) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, "persons": persons})


specs = st.builds(
    Spec,
    st.sampled_from(VISIBILITY),
    st.sampled_from(NAMES),
    st.sampled_from(PLACES),
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("round_trip"), st.sampled_from(("csv", "json"))),
        st.tuples(
            st.just("partial"),
            st.sampled_from(("csv", "json")),
            st.lists(st.integers(0, 4), min_size=1, max_size=3, unique=True),
            st.lists(
                st.sampled_from(
                    ("notes", "locality", "region", "visibility", "name_disclosure")
                ),
                min_size=1,
                max_size=3,
                unique=True,
            ),
            st.booleans(),
        ),
        st.tuples(st.just("merge"), st.integers(0, 4), st.integers(0, 4)),
        st.tuples(st.just("unmerge"), st.integers(0, 5)),
        st.tuples(st.just("link"), st.integers(0, 4)),
        st.tuples(st.just("revert"), st.integers(0, 4), st.integers(0, 8)),
        st.tuples(st.just("send_back"), st.integers(0, 4)),
        st.tuples(st.just("defer"), st.integers(0, 4), st.integers(0, 4)),
        st.tuples(st.just("approve"), st.integers(0, 4)),
    ),
    min_size=1,
    max_size=4,
)


class Register:
    """The register under test, with the operations applied to it."""

    def __init__(self, folder: Path, specs: list[Spec]) -> None:
        self.folder = folder
        self.specs = specs
        self.hidden = set().union(*(hidden(i, s) for i, s in enumerate(specs)))
        self.step = 0
        self.editor = get_user_model().objects.create_superuser("editor", "", None)
        self.run_import(document([person(i, s) for i, s in enumerate(specs)]), "json")

    def file(self, text: str, format: str) -> Path:
        self.step += 1
        path = self.folder / f"step-{self.step}.{format}"
        path.write_text(text, encoding="utf-8")
        return path

    def run_import(self, text: str, format: str, match: str = "off") -> Any:
        path = self.file(text, format)
        return import_file(path, dry_run=False, progress=False, match=match)

    def apply(self, operation: tuple[Any, ...]) -> None:
        kind, *args = operation
        getattr(self, kind)(*args)

    def round_trip(self, format: str) -> None:
        self.run_import(exported(format), format)

    def partial(
        self, format: str, people: list[int], fields: list[str], empty: bool
    ) -> None:
        rows = []
        for i in people:
            if i >= len(self.specs):
                continue
            stored = m.Person.objects.get(record_id=f"p-{i}")
            row: dict[str, Any] = {"record_id": f"p-{i}"}
            for name in fields:
                if name in ("visibility", "name_disclosure"):
                    # A grade said again, never a more visible one.
                    row[name] = getattr(stored, name)
                else:
                    row[name] = "" if empty else markers(i)[name]
            rows.append(row)
        if not rows:
            return
        if format == "json":
            text = document(rows)
        else:
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=["record_id", *fields])
            writer.writeheader()
            writer.writerows(rows)
            text = out.getvalue()
        try:
            self.run_import(text, format)
        except ImportProblems:
            pass  # a merged-away record: refused, nothing written

    def merge(self, keep: int, merge: int) -> None:
        persons = m.Person.objects.filter(record_id__in=[f"p-{keep}", f"p-{merge}"])
        found = {p.record_id: p for p in persons}
        if len(found) < 2 or keep == merge:
            return
        try:
            person_merge(
                keep=found[f"p-{keep}"],
                merge=found[f"p-{merge}"],
                actor=None,
                reason="x",
            )
        except ActionError:
            pass  # one of them was merged already

    def unmerge(self, index: int) -> None:
        merges = list(m.Merge.objects.filter(undone_at__isnull=True).order_by("pk"))
        if merges:
            try:
                person_unmerge(
                    merge=merges[index % len(merges)], actor=None, reason="x"
                )
            except ActionError:
                pass  # a later merge must be undone first

    def link(self, i: int) -> None:
        if i >= len(self.specs):
            return
        copy = person(i, self.specs[i])
        # A new record of the same person whose visibility it leaves unsaid.
        del copy["visibility"]
        copy["record_id"] = f"new-{i}-{self.step}"
        try:
            self.run_import(document([copy]), "json", match="link")
        except ImportProblems:
            pass

    def active(self, i: int) -> m.Person | None:
        return m.Person.objects.active().filter(record_id=f"p-{i}").first()

    def revert(self, i: int, back: int) -> None:
        who = self.active(i)
        kept = list(
            PersonVersion.objects.filter(person=who).values_list("number", flat=True)
        )
        if who is None or not kept:
            return
        try:
            person_revert(
                actor=self.editor, person=who, to=kept[back % len(kept)], reason="x"
            )
        except ActionError:
            pass  # already as it was then

    def send_back(self, i: int) -> None:
        who = self.active(i)
        if who is not None:
            person_send_back(actor=self.editor, person=who, comment="x")

    def defer(self, first: int, second: int) -> None:
        one, other = self.active(first), self.active(second)
        if one is not None and other is not None and one.pk != other.pk:
            pair_defer(first=one, second=other, actor=self.editor, reason="x")

    def approve(self, i: int) -> None:
        who = self.active(i)
        if who is not None:
            person_approve(actor=self.editor, person=who, reason="x")

    def draft_changes(self) -> None:
        """Change every record, and add one, without approving anything: each
        detention ended, another sex and birth year, an earlier recognition."""
        persons = json.loads(exported("json"))["persons"]
        for record in persons:
            record["sex"] = "m" if record["sex"] == "f" else "f"
            record["birth_date"] = "1950"
            for detention in record["detentions"]:
                detention["end"] = detention["end"] or "2024-06-01"
            record["recognitions"].append(
                {"start": "2019-01-01", "organisation": "BAJ"}
            )
        held = {"kind": "prison", "start": "2019-01-01"}
        persons.append(
            {
                "record_id": "unapproved",
                "name": "Zqnew Zqperson",
                "visibility": "public",
                "detentions": [held],
                "recognitions": [{"start": "2019-01-01", "organisation": "BAJ"}],
            }
        )
        self.run_import(document(persons), "json")


def exported(format: str, *, public: bool = False) -> str:
    out = io.StringIO()
    if public:
        export_public(out, format=format)
    else:
        export(out, format=format)
    return out.getvalue()


def public_texts(
    client: Client, queries: list[str], approve_everything: bool
) -> Iterator[str]:
    """Every public output (published now), with echoes of the query taken out.

    With `approve_everything` every current version is published (the most
    shown); otherwise the versions approved so far, however old."""
    if approve_everything:
        approve_all()
    publication = publish().path
    # The downloads as published: written by the publication's own child
    # process, beside the database.
    for format in FORMATS:
        yield download_path(publication, format).read_text(encoding="utf-8")
    yield exported("csv", public=True)
    yield exported("json", public=True)
    pages = ["home", "person_list", "events", "facility_list", "figures", "factsheet"]
    api = ["count", "persons?per_page=200", "events?per_page=200", "facilities"]
    addresses = [reverse(name) for name in pages] + [f"/api/v1/{end}" for end in api]
    # Every record's page, a hidden one's included (not found).
    for record_id in m.Person.objects.values_list("record_id", flat=True):
        addresses += [reverse("person_page", args=[record_id])]
        addresses += [f"/api/v1/persons/{record_id}"]
    for address in addresses:
        yield client.get(address).content.decode()
    # The register's own public figures, by every breakdown that names places.
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["stats", "--public", "--json", *(f"--by={f}" for f in NAMED)])
    assert status == 0
    yield out.getvalue()
    # The register's own public fact sheet, in the form that names persons
    # (every list behind its numbers; the other forms only count)
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(
            ["factsheet", "--public", "--since", "2019-12-31", "--format", "html"]
        )
    assert status == 0
    yield out.getvalue()
    for query in queries:
        page = client.get(reverse("person_list"), {"q": query}).content.decode()
        yield page.replace(query, "")
        answer = client.get("/api/v1/search", {"q": query}).json()
        yield json.dumps(answer["results"])


def published_figures() -> dict[str, str]:
    with sqlite3.connect(publish().path) as db:
        return dict(db.execute("SELECT name, value FROM figures").fetchall())


@settings(max_examples=25)
@given(st.lists(specs, min_size=2, max_size=5), operations, st.booleans())
def test_routine_operations_never_publish_what_is_hidden(
    tmp_path_factory: pytest.TempPathFactory,
    settings: Any,
    people: list[Spec],
    steps: list[Any],
    approve_everything: bool,
) -> None:
    client = Client()
    folder = tmp_path_factory.mktemp("register")
    settings.ROLLCALL_PUBLIC_DIR = folder / "public"
    with transaction.atomic():
        matching._indexes.clear()
        register = Register(folder, people)
        queries = [markers(i)[k] for i in range(len(people)) for k in ("name", "latin")]
        for operation in steps:
            register.apply(operation)
            for text in public_texts(client, queries, approve_everything):
                leaked = [marker for marker in register.hidden if marker in text]
                assert not leaked, (operation, leaked)
            before = exported("json")
            summary = register.run_import(before, "json")
            assert (summary.created, summary.updated) == (0, 0), operation
            assert exported("json") == before
        figures = published_figures()
        register.draft_changes()
        assert published_figures() == figures
        transaction.set_rollback(True)
