"""Serving the public side: rate limit, CORS, caching tied to the publication."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from public.tests.test_http import public_urls
from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(tmp_path: Path, publish_now: Any) -> Path:
    import_rows(tmp_path / "people.csv", [make_row(record_id="pub-1")])
    return publish_now()  # type: ignore[no-any-return]


@pytest.fixture
def limited(settings: Any, tmp_path: Path) -> None:
    """A limit of 3 requests a minute, counted in a cache of this test's own."""
    settings.ROLLCALL_API_RATE = "3/m"
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "throttle"),
        },
    }
    caches["throttle"].clear()


def test_a_client_over_the_limit_gets_429_saying_when_to_retry(
    client: Client, register: Path, limited: None
) -> None:
    for _ in range(3):
        assert client.get("/api/v1/persons").status_code == 200
    refused = client.get("/api/v1/persons", {"q": "Kalesnikava"})
    assert refused.status_code == 429
    body = refused.json()
    assert 1 <= body["retry_after"] <= 60
    assert refused["Retry-After"] == str(body["retry_after"])
    assert body["detail"] == f"too many requests: try again in {body['retry_after']} s"
    assert body["limit"] == "3/m"
    assert refused["Cache-Control"] == "no-store"
    # Another address has a count of its own; pages are not limited.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.get("/api/v1/persons").status_code == 200
    assert client.get(reverse("person_list")).status_code == 200


def test_forwarded_for_counts_only_behind_trusted_proxies(
    client: Client, register: Path, limited: None, settings: Any
) -> None:
    from ninja.conf import settings as ninja_settings

    for n in range(3):
        forged = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}
        assert client.get("/api/v1/persons", **forged).status_code == 200
    # Without trusted proxies a forged header does not make a new client.
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.99"}
    assert client.get("/api/v1/persons", **forged).status_code == 429
    assert ninja_settings.NUM_PROXIES == 0
    ninja_settings.NUM_PROXIES = 1
    try:
        # Behind one proxy, the address it appended is the client.
        proxied = {"HTTP_X_FORWARDED_FOR": "203.0.113.1, 198.51.100.99"}
        assert client.get("/api/v1/persons", **proxied).status_code == 200
    finally:
        ninja_settings.NUM_PROXIES = 0


def test_the_api_is_open_to_other_origins_for_get_only(
    client: Client, register: Path
) -> None:
    origin = {"HTTP_ORIGIN": "https://news.example"}
    answer = client.get("/api/v1/persons", **origin)
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in answer
    preflight = client.options(
        "/api/v1/persons",
        HTTP_ORIGIN="https://news.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    # Pages and the office are not opened to other sites.
    page = client.get(reverse("person_list"), **origin)
    assert "Access-Control-Allow-Origin" not in page
    office = client.get("/office/login/", **origin)
    assert "Access-Control-Allow-Origin" not in office


def test_every_page_and_api_answer_carries_the_publication_etag(
    client: Client, register: Path
) -> None:
    for url in public_urls():
        answer = client.get(url)
        if answer.streaming:
            # Reading a streamed answer to its end closes it, as a server does.
            b"".join(answer.streaming_content)  # type: ignore[attr-defined]
        if url.startswith("/api/v1/openapi") or url.startswith("/api/v1/docs"):
            continue
        if answer.status_code != 200:
            continue
        # Pages that change with the day (birthdays) add the day to it.
        etag = answer["ETag"]
        daily = f'"{register.stem}-{timezone.localdate():%Y%m%d}"'
        assert etag in (f'"{register.stem}"', daily), url
        assert answer["Cache-Control"] == "public, max-age=60", url
        assert "Set-Cookie" not in answer, url
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        # A 304 keeps the stored page's policy (and its style nonce).
        assert "Content-Security-Policy" not in again, url


def test_a_new_publication_changes_the_etag(
    client: Client, register: Path, publish_now: Any
) -> None:
    first = client.get(reverse("person_list"))["ETag"]
    second_file = publish_now()
    answer = client.get(reverse("person_list"), HTTP_IF_NONE_MATCH=first)
    assert answer.status_code == 200
    assert answer["ETag"] == f'"{second_file.stem}"' != first


def test_the_interactive_docs_load_only_the_sites_own_files(
    client: Client, register: Path
) -> None:
    page = client.get("/api/docs", follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui-init.js" in html
    assert "<script>" not in html.replace('<script type="application/json"', "")
    assert "unpkg" not in html and "cdn" not in html.lower()
    assert "script-src 'self'" in page["Content-Security-Policy"]
