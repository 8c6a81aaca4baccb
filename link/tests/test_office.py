from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from link.models import StoredCopy
from link.tests.test_cli import person
from office.testing import sign_in
from registry import models as m

pytestmark = pytest.mark.django_db

START = "/office/link/storedcopy/link/"
ACCEPT = "/office/link/storedcopy/link/accept/"
TEXT = (
    "<script>alert('x')</script> Суд над Алесем Бяляцкім адбыўся 3 сакавіка "
    "2023 года. Марыя Калеснікава засталася ў калоніі."
)


@pytest.fixture
def register() -> None:
    person("vs-1", "Алесь Бяляцкі", "Ales Bialiatski")
    person("vs-2", "Марыя Калеснікава", "Maria Kalesnikava")


@pytest.fixture
def editor(client: Client) -> Client:
    sign_in(client, User.objects.create_superuser("editor", password="x"))
    return client


def test_the_office_marks_mentions_in_escaped_text_and_stores_nothing(
    register: None, editor: Client
) -> None:
    assert editor.get(START).status_code == 200
    response = editor.post(START, {"text": TEXT, "language": "auto"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Алесем Бяляцкім</mark>" in page
    assert 'value="vs-1:' in page and 'value="vs-2:' in page
    assert m.Source.objects.count() == 0 and m.Citation.objects.count() == 0


def test_accepting_a_link_stores_the_source_with_hash_date_and_citation(
    register: None, editor: Client
) -> None:
    analysed = editor.post(START, {"text": TEXT, "language": "auto"})
    choice = next(
        c
        for c in analysed.context["accept_form"].fields["accept"].choices
        if c[0].startswith("vs-1:")
    )[0]
    response = editor.post(
        ACCEPT,
        {
            "text": TEXT,
            "title": "Viasna statement",
            "url": "viasna.example/statement",
            "published_on": "2023-03-03",
            "accept": [choice],
        },
    )
    assert response.status_code == 302
    source = m.Source.objects.get()
    assert source.content_hash == hashlib.sha256(TEXT.encode()).hexdigest()
    assert str(source.published_on) == "2023-03-03"
    assert source.url == "https://viasna.example/statement"
    assert StoredCopy.objects.get().text == TEXT
    (citation,) = m.Citation.objects.all()
    assert citation.fact == m.Person.objects.get(record_id="vs-1")
    assert citation.note == "named as Алесем Бяляцкім"
    assert source.history.first().history_user.username == "editor"


def test_accepting_the_same_text_again_adds_only_missing_citations(
    register: None, editor: Client
) -> None:
    fields = {"text": TEXT, "published_on": "2023-03-03"}
    analysed = editor.post(START, {"text": TEXT, "language": "auto"})
    first, second = [
        c for c, _ in analysed.context["accept_form"].fields["accept"].choices
    ]
    editor.post(ACCEPT, {**fields, "accept": [first]})
    editor.post(ACCEPT, {**fields, "accept": [first, second]})
    assert m.Source.objects.count() == 1
    assert m.Citation.objects.count() == 2


def test_nothing_is_stored_without_a_ticked_link_or_with_a_made_up_one(
    register: None, editor: Client
) -> None:
    fields = {"text": TEXT, "published_on": "2023-03-03"}
    editor.post(ACCEPT, fields)
    editor.post(ACCEPT, {**fields, "accept": ["vs-2:0:5"]})
    assert m.Source.objects.count() == 0 and m.Citation.objects.count() == 0


def test_an_uploaded_html_file_is_read_and_a_bad_one_is_an_error(
    register: None, editor: Client
) -> None:
    page = SimpleUploadedFile(
        "page.html", b"<html><body><p>Ales Bialiatski</p></body></html>"
    )
    response = editor.post(START, {"file": page, "language": "auto"})
    assert "Ales Bialiatski</mark>" in response.content.decode()
    binary = SimpleUploadedFile("x.bin", b"\x00\x01\x02\x03")
    response = editor.post(START, {"file": binary, "language": "auto"})
    assert "x.bin: is a binary file" in response.content.decode()


def test_the_page_is_for_staff_only_and_accepting_needs_the_right_to_cite(
    register: None, client: Client
) -> None:
    assert client.get(START).status_code == 302  # to the login page
    clerk = User.objects.create_user("clerk", password="x", is_staff=True)
    sign_in(client, clerk)
    assert client.get(START).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="view_person"))
    clerk = User.objects.get(pk=clerk.pk)
    sign_in(client, clerk)
    assert client.get(START).status_code == 200
    response = client.post(ACCEPT, {"text": TEXT, "published_on": "2023-03-03"})
    assert response.status_code == 403


def test_accepting_needs_the_csrf_token(register: None) -> None:
    client = Client(enforce_csrf_checks=True)
    sign_in(client, User.objects.create_superuser("editor", password="x"))
    response = client.post(ACCEPT, {"text": TEXT, "published_on": "2023-03-03"})
    assert response.status_code == 403
    assert m.Source.objects.count() == 0


def test_line_ends_sent_back_by_the_browser_do_not_shift_the_links(
    register: None, editor: Client
) -> None:
    text = "Statement.\n\nAles Bialiatski was sentenced.\n"
    upload = SimpleUploadedFile("statement.txt", text.encode())
    analysed = editor.post(START, {"file": upload, "language": "auto"})
    (choice,) = [c for c, _ in analysed.context["accept_form"].fields["accept"].choices]
    editor.post(
        ACCEPT,
        {
            "text": text.replace("\n", "\r\n"),
            "published_on": "2023-03-03",
            "accept": [choice],
        },
    )
    assert m.Citation.objects.count() == 1
    assert StoredCopy.objects.get().text == text


def test_the_persons_list_leads_to_the_page_and_stored_copies_are_listed(
    register: None, editor: Client
) -> None:
    assert START in editor.get("/office/registry/person/").content.decode()
    assert editor.get("/office/link/storedcopy/").status_code == 200


def test_a_namesake_can_be_accepted_instead_of_the_first_person(
    editor: Client,
) -> None:
    person("vs-7", "Ivan Ivanov")
    person("vs-8", "Ivan Ivanov")
    text = "Ivan Ivanov was detained."
    page = editor.post(START, {"text": text, "language": "auto"}).content.decode()
    assert 'value="vs-8:0:11"' in page
    editor.post(
        ACCEPT, {"text": text, "published_on": "2024-01-01", "accept": ["vs-8:0:11"]}
    )
    (citation,) = m.Citation.objects.all()
    assert citation.fact == m.Person.objects.get(record_id="vs-8")
