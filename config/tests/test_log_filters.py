"""No log record carries the query string or search term of a request."""

from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.test import Client
from django.urls import reverse

from config.log_filters import REMOVED, NoQueryStrings, without_queries

pytestmark = pytest.mark.django_db
MARKER = "Zmitser Markerovich"


def everything_logged(records: list[logging.LogRecord]) -> str:
    """Every record as a handler would write it, traceback included."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    lines = []
    for record in records:
        lines.append(formatter.format(record))
        lines.append(repr(record.args))
        lines.append(repr(record.__dict__.get("exc_text")))
    return "\n".join(lines)


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Records of every logger at every level, the access log included."""
    server = logging.getLogger("django.server")
    server.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog
    finally:
        server.removeHandler(caplog.handler)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (reverse("person_list"), 200),
        ("/", 302),  # to the browser's language
        ("/api/v1/search", 200),
        ("/nowhere", 404),
        ("/api/v1/count", 400),  # with on=0001-01-01
    ],
)
def test_a_search_term_reaches_no_log_record(
    client: Client,
    logged: pytest.LogCaptureFixture,
    publish_now: Any,
    url: str,
    status: int,
) -> None:
    publish_now()
    response = client.get(url, {"q": MARKER, "on": "0001-01-01"})
    assert response.status_code == status
    assert MARKER not in everything_logged(logged.records)
    assert "Markerovich" not in everything_logged(logged.records)


def test_a_search_term_in_an_error_reaches_no_log_record(
    monkeypatch: pytest.MonkeyPatch,
    logged: pytest.LogCaptureFixture,
    publish_now: Any,
) -> None:
    def broken(reader: object, query: str) -> None:
        raise RuntimeError(f"search failed on {query!r}")

    publish_now()
    monkeypatch.setattr("public.store.Reader.found", broken)
    people = reverse("person_list")
    response = Client(raise_request_exception=False).get(people, {"q": MARKER})
    assert response.status_code == 500
    text = everything_logged(logged.records)
    assert "RuntimeError: search failed on" in text
    assert "Markerovich" not in text


def test_the_servers_access_log_keeps_the_path_and_drops_the_query(
    logged: pytest.LogCaptureFixture,
) -> None:
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        query = urllib.request.quote(MARKER)
        with urllib.request.urlopen(f"{base}/api/v1/openapi.json?q={query}") as ok:
            assert ok.status == 200
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}/nowhere?q={query}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    access = [r.getMessage() for r in logged.records if r.name == "django.server"]
    assert len(access) == 2
    assert f'"GET /api/v1/openapi.json{REMOVED} HTTP/1.1" 200' in access[0]
    assert "Markerovich" not in everything_logged(logged.records)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"GET /?q=Ales HTTP/1.1" 200 5', f'"GET /{REMOVED} HTTP/1.1" 200 5'),
        ("Not Found: /x/y", "Not Found: /x/y"),
        ("https://a.example/p?x=1&y=2 next", f"https://a.example/p{REMOVED} next"),
        ("asked ?", "asked ?"),
    ],
)
def test_query_strings_are_cut_from_any_text(text: str, expected: str) -> None:
    assert without_queries(text, []) == expected


def test_query_values_are_cut_wherever_they_appear() -> None:
    assert without_queries("no match for 'Ales B'", ["Ales B"]) == (
        "no match for '[removed]'"
    )


def test_a_record_filtered_twice_reads_the_same() -> None:
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s',
        ("GET /?q=x y", 200),
        None,
    )
    for _ in range(2):
        NoQueryStrings().filter(record)
    assert record.getMessage() == f'"GET /{REMOVED} y" 200'


def test_a_forged_host_is_logged_in_one_line_without_a_traceback(
    logged: pytest.LogCaptureFixture,
) -> None:
    response = Client().get(reverse("api-v1:figures"), HTTP_HOST="evil.example")

    assert response.status_code == 400
    refused = [r for r in logged.records if r.name.startswith("django.security")]
    assert refused, "the refusal is logged"
    text = everything_logged(refused)
    assert "evil.example" in text
    assert "Traceback" not in text
