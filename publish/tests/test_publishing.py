"""`rollcall publish`: a new file each time, one atomic switch, a rollback."""

from __future__ import annotations

import errno
import gc
import json
import os
import signal
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from names import NameIndex
from publish import publishing
from publish.downloads import Aside
from publish.publishing import CURRENT, PREVIOUS, current_file, publish, rollback
from registry.actions import person_merge
from registry.errors import UserError
from registry.models import Person
from registry.tests.builders import import_rows, make_row, write_csv
from rollcall.cli import main
from rollcall.tests.processes import Databases

pytestmark = pytest.mark.django_db


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[Aside]:
    """The children publishing forks to write the downloads, as forked."""
    forked: list[Aside] = []

    class Kept(Aside):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            forked.append(self)

    monkeypatch.setattr("publish.publishing.Aside", Kept)
    return forked


def reaped(children: list[Aside]) -> bool:
    """Whether every child has ended and been waited for (no zombie left)."""
    for child in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(child.pid, os.WNOHANG)
    return bool(children)


def nothing_published(folder: Path, children: list[Aside]) -> bool:
    """No publication, no file of one (partial or not), no child left."""
    return current_file() is None and not list(folder.iterdir()) and reaped(children)


@pytest.fixture
def folder(settings: Any, tmp_path: Path) -> Path:
    settings.ROLLCALL_PUBLIC_DIR = tmp_path / "public"
    import_rows(tmp_path / "people.csv", [make_row(record_id="pub-1")], approve=True)
    return tmp_path / "public"


def test_publish_writes_a_read_only_file_and_points_current_at_it(
    folder: Path,
) -> None:
    publication = publish()
    assert current_file() == publication.path
    assert (folder / CURRENT).readlink() == Path(publication.path.name)
    assert not stat.S_IMODE(os.stat(publication.path).st_mode) & 0o222
    with sqlite3.connect(publication.path) as db:
        assert db.execute("SELECT record_id, name FROM persons").fetchall() == [
            ("pub-1", "Maryia Kalesnikava")
        ]
        (row,) = db.execute("SELECT publication_id, persons FROM publication")
    assert row == (publication.path.stem, 1)
    assert not list(folder.glob("*.partial"))


def test_a_publication_is_written_with_the_cyclic_collector_paused(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its records make millions of objects and few cycles at 100k: the
    collector's scans of them cost a fifth of the time (make bench)."""
    written = publishing.write_database
    collecting: list[bool] = []

    def watched(*args: Any) -> int:
        collecting.append(gc.isenabled())
        return written(*args)

    monkeypatch.setattr(publishing, "write_database", watched)
    publish()
    assert collecting == [False]
    assert gc.isenabled()


def test_a_new_publication_keeps_the_last_as_previous_and_drops_older_ones(
    folder: Path,
) -> None:
    first, second, third = (publish().path for _ in range(3))
    assert current_file() == third
    assert (folder / PREVIOUS).resolve() == second
    assert not first.exists()
    assert sorted(folder.glob("public-*.sqlite3")) == [second, third]


def test_rollback_makes_the_previous_publication_current_and_back(
    folder: Path,
) -> None:
    first, second = publish().path, publish().path
    assert rollback() == first
    assert current_file() == first
    assert rollback() == second


@pytest.mark.parametrize(
    "hide",
    [
        lambda who, other: setattr(who, "visibility", "anonymous") or who.save(),
        lambda who, other: setattr(who, "name_disclosure", "initials") or who.save(),
        lambda who, other: person_merge(keep=other, merge=who, actor=None, reason="x"),
        lambda who, other: who.delete(),
    ],
    ids=["anonymous", "initials", "merged into a restricted record", "deleted"],
)
def test_rollback_to_a_publication_made_before_someone_was_hidden_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str], hide: Any
) -> None:
    """A family asks for anonymity: no rollback may show them again."""
    other = Person.objects.create(record_id="other", visibility="restricted")
    first = publish().path
    hide(Person.objects.get(record_id="pub-1"), other)
    second = publish().path
    with pytest.raises(UserError, match="1 person.s. were hidden further"):
        rollback()
    assert current_file() == second
    assert main(["publish", "--rollback"]) == 1
    err = capsys.readouterr().err
    assert f"the previous publication, {first.name}, was made before" in err
    assert err.count("\n") == 1


def test_rollback_after_someone_was_shown_more_is_allowed(folder: Path) -> None:
    who = Person.objects.get(record_id="pub-1")
    who.name_disclosure = "initials"
    who.save()
    first = publish().path
    Person.objects.create(record_id="new", visibility="restricted")
    who.name_disclosure = "full"
    who.save()
    publish()
    assert rollback() == first


def test_rollback_without_a_previous_publication_is_refused(folder: Path) -> None:
    with pytest.raises(UserError, match="no previous publication"):
        rollback()


def test_the_command_publishes_and_rolls_back_in_one_line_each(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["publish"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("published 1 persons to public-") and out.count("\n") == 1
    assert main(["publish", "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["publish", "--rollback"]) == 0
    assert capsys.readouterr().out.startswith("current publication is now public-")


def test_the_command_fails_in_one_line_without_a_previous_publication(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["publish", "--rollback"]) == 1
    err = capsys.readouterr().err
    assert "no previous publication" in err and err.count("\n") == 1


def test_downloads_are_written_beside_the_database_and_named_with_it(
    folder: Path, children: list[Aside]
) -> None:
    path = publish().path
    for download in (path.with_suffix(".csv"), path.with_suffix(".json")):
        assert not stat.S_IMODE(os.stat(download).st_mode) & 0o222
    assert "Maryia Kalesnikava" in path.with_suffix(".csv").read_text()
    assert (
        json.loads(path.with_suffix(".json").read_text())["persons"][0]["record_id"]
        == "pub-1"
    )
    assert reaped(children)


def test_a_download_that_cannot_be_written_fails_the_whole_publication(
    folder: Path,
    children: list[Aside],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The downloads are written by a forked child, which inherits the patch.
    def full(record: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("publish.downloads.person_to_json", full)
    assert main(["publish"]) == 1
    err = capsys.readouterr().err
    assert "cannot write the downloads: No space left on device" in err
    assert err.count("\n") == 1
    assert nothing_published(folder, children)


def test_a_fault_in_writing_the_downloads_is_raised_with_its_trace(
    folder: Path, children: list[Aside], monkeypatch: pytest.MonkeyPatch
) -> None:
    def faulty(record: Any) -> Any:
        raise ValueError("a fault of the writer")

    monkeypatch.setattr("publish.downloads.person_to_json", faulty)
    with pytest.raises(RuntimeError, match="(?s)writing the downloads.*a fault"):
        publish()
    assert nothing_published(folder, children)


def test_a_failure_while_the_downloads_are_written_stops_them(
    folder: Path, children: list[Aside], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise UserError("the figures could not be made")

    monkeypatch.setattr("publish.publishing.published_figures", broken)
    with pytest.raises(UserError, match="figures could not be made"):
        publish()
    assert nothing_published(folder, children)


def test_the_site_says_when_nothing_is_published_yet(folder: Path) -> None:
    client = Client()
    for url in (reverse("home"), reverse("letters"), reverse("feed")):
        assert client.get(url).status_code == 503, url
    assert client.get(reverse("download", args=["csv"])).status_code == 503
    page = client.get(reverse("person_list"))
    assert page.status_code == 503
    assert "Nothing published yet" in page.content.decode()
    answer = client.get("/api/v1/persons")
    assert (answer.status_code, answer.json()) == (
        503,
        {"detail": "nothing published yet"},
    )


def test_pages_and_answers_carry_the_publication_as_etag(folder: Path) -> None:
    publication = publish().path
    client = Client()
    home, person = reverse("home"), reverse("person_page", args=["pub-1"])
    for url in (home, person, "/api/v1/persons", "/api/v1/figures"):
        response = client.get(url)
        assert response["ETag"] == f'"{publication.stem}"', url
        assert "max-age=60" in response["Cache-Control"]
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, url


def test_a_switch_is_seen_by_the_next_request(folder: Path, tmp_path: Path) -> None:
    client = Client()
    publish()
    assert client.get("/api/v1/persons").json()["count"] == 1
    import_rows(
        tmp_path / "more.csv",
        [make_row(record_id="pub-2", name="Ales Bialiatski", name_be="", name_ru="")],
        approve=True,
    )
    publish()
    assert client.get("/api/v1/persons").json()["count"] == 2


def test_the_search_index_is_read_from_the_publication_not_rebuilt(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish()

    def no_building(*args: object) -> None:
        raise AssertionError("the index was rebuilt by the web process")

    monkeypatch.setattr(NameIndex, "build", no_building)
    found = Client().get("/api/v1/persons", {"q": "Колесникова Мария"}).json()
    assert [item["record_id"] for item in found["items"]] == ["pub-1"]


def test_a_publication_of_another_schema_version_is_not_read(folder: Path) -> None:
    publication = publish().path
    publication.chmod(0o644)
    with sqlite3.connect(publication) as db:
        db.execute("UPDATE publication SET schema_version = 0")
    response = Client().get(reverse("home"))
    assert response.status_code == 503
    assert "Nothing published yet" in response.content.decode()


def test_a_publication_reads_one_state_while_the_register_is_written(
    subprocess_databases: Databases, tmp_path: Path
) -> None:
    """The persons are read, then the figures counted: a change committed in
    between (here, straight into the database) reaches neither, and is not
    held back by the publication either."""
    db = subprocess_databases.new("snapshot")
    people = write_csv(tmp_path / "people.csv", [make_row(record_id="pub-1")])
    db.run("import", str(people), "--approve")
    publishing = db.start(
        "publish", faults=("--pause-after", "publish.publishing:Aside")
    )
    publishing.wait_for_pause()  # the persons read, the figures not yet counted
    db.query("DELETE FROM registry_recognition")
    done = publishing.go_on()
    assert done.returncode == 0, done.stderr
    current = Path(db.env["ROLLCALL_VAR_DIR"]) / "public" / CURRENT
    with sqlite3.connect(current.resolve()) as published:
        (today,) = published.execute("SELECT value FROM figures WHERE name = 'today'")
        persons = published.execute("SELECT record_id FROM persons").fetchall()
    assert (json.loads(today[0])["count"], persons) == (1, [("pub-1",)])
    assert db.query("SELECT COUNT(*) FROM registry_recognition") == [(0,)]


def test_the_downloads_child_ends_at_once_when_the_command_is_stopped(
    tmp_path: Path,
) -> None:
    """Ctrl-C or `kill` stop a command by raising KeyboardInterrupt
    (rollcall.cli.interrupt). The child that writes the downloads must not
    raise it: it could unwind into the parent's code, which shares the
    database connection. It dies by the signal instead."""
    from rollcall.cli import interrupt

    reading, writing = os.pipe()

    class Waiting(list[Any]):
        def __iter__(self) -> Any:
            os.read(reading, 1)  # until the child is stopped
            return iter(())

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        aside = Aside(tmp_path / "public.sqlite3", Waiting())
    finally:
        signal.signal(signal.SIGTERM, previous)
    try:
        os.kill(aside.pid, signal.SIGTERM)
        status, told = aside.wait()
    finally:
        os.close(reading)
        os.close(writing)
    aside.remove()
    assert (status, told) == (-signal.SIGTERM, "")
