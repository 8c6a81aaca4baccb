"""Every public URL answers HEAD as GET, and no page asks another site."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from registry.tests.builders import import_rows, make_row

pytestmark = pytest.mark.django_db

HOME = reverse("person_list")
# Every public route, and the URLs that exercise it. A new route must be added
# here, so that it is checked like the others. The pages' routes carry the
# language prefix (the tests' language: en).
PUBLIC = {
    "en/": [reverse("home"), f"{reverse('home')}?page=1"],
    "en/people/": [
        HOME,
        f"{HOME}?page=1",
        f"{HOME}?q=Kalesnikava",
        f"{HOME}?q=nobody+at+all",
        f"{HOME}?status=held&health=disability&kind=colony&age_band=60%2B",
    ],
    "en/persons/<path:record_id>/": [
        reverse("person_page", args=["pub-1"]),
        reverse("person_page", args=["nobody"]),
    ],
    "en/in-memoriam/": [reverse("memoriam")],
    "en/events/": [
        reverse("events"),
        f"{reverse('events')}?type=search&from=2020-01-01&to=2030-12-31&page=2",
        f"{reverse('events')}?from=soon",
    ],
    "en/write-a-letter/": [reverse("letters")],
    "en/figures/": [reverse("figures"), f"{reverse('figures')}?on=2021-01-01"],
    "en/figures/fact-sheet/": [
        reverse("factsheet"),
        f"{reverse('factsheet')}?since=2021-01-01",
        f"{reverse('factsheet')}?on=soon",
    ],
    "en/downloads/": [reverse("downloads")],
    "en/downloads/data-dictionary/": [reverse("dictionary")],
    "en/downloads/rollcall-public.<str:format>": [
        reverse("download", args=["csv"]),
        reverse("download", args=["json"]),
        reverse("download", args=["xml"]),
    ],
    "en/feed/": [reverse("feed")],
    "api/v1/events": ["/api/v1/events", "/api/v1/events?from=2020-01-01&type=x"],
    "en/facilities/": [reverse("facility_list")],
    "en/facilities/<str:facility_id>/": [reverse("facility_page", args=["nowhere"])],
    "api/v1/persons": ["/api/v1/persons", "/api/v1/persons?q=Kalesnikava"],
    "api/v1/persons/<record_id>": ["/api/v1/persons/pub-1", "/api/v1/persons/x"],
    "api/v1/facilities": ["/api/v1/facilities"],
    "api/v1/facilities/<facility_id>": ["/api/v1/facilities/nowhere"],
    "api/v1/figures": ["/api/v1/figures", "/api/v1/figures?on=2021-06-01"],
    "api/v1/figures/series": ["/api/v1/figures/series"],
    "api/v1/figures/days": ["/api/v1/figures/days"],
    "api/v1/": ["/api/v1/"],
    "api/v1/openapi.json": ["/api/v1/openapi.json"],
    "api/v1/docs": ["/api/v1/docs"],
    "api/docs": ["/api/docs"],
    "api/v1/search": ["/api/v1/search?q=Kalesnikava", "/api/v1/search?limit=0"],
    "api/v1/count": ["/api/v1/count", "/api/v1/count?on=2022-01-01"],
}
ASSETS = {"script": "src", "img": "src", "source": "src", "iframe": "src"}


@pytest.fixture
def register(tmp_path: Path, publish_now: Any) -> None:
    import_rows(tmp_path / "people.csv", [make_row(record_id="pub-1")])
    publish_now()


def routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, route)
        else:
            found.append(route)
    return found


def body(response: HttpResponseBase) -> bytes:
    """The whole body of a response; a streamed file is closed after reading."""
    if not response.streaming:
        return response.content  # type: ignore[attr-defined, no-any-return]
    try:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    finally:
        response.close()


def public_urls() -> list[str]:
    return [url for urls in PUBLIC.values() for url in urls]


class Requests(HTMLParser):
    """The URLs a browser fetches by itself to show a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ASSETS and values.get(ASSETS[tag]):
            self.urls.append(values[ASSETS[tag]] or "")
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"] or "")
        for value in (values.get("srcset") or "").split(","):
            if value.strip():
                self.urls.append(value.split()[0])
        self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", values.get("style") or "")

    def handle_data(self, data: str) -> None:
        self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)
        self.urls += re.findall(r"@import\s+['\"]([^'\"]+)", data)


def fetched_by(html: str) -> list[str]:
    parser = Requests()
    parser.feed(html)
    return parser.urls


def is_third_party(url: str) -> bool:
    return bool(re.match(r"\s*(https?:)?//", url, re.IGNORECASE))


def test_every_public_route_is_checked_here() -> None:
    public = [
        r for r in routes(get_resolver().url_patterns) if not r.startswith("office/")
    ]
    assert sorted(public) == sorted(PUBLIC)


def check_head_like_get(client: Client, url: str) -> None:
    got = client.get(url)
    got_body = body(got)
    head = client.head(url)
    assert head.status_code == got.status_code != 405, url
    assert body(head) == b"", url
    assert head.get("Content-Type") == got.get("Content-Type"), url
    assert head["Content-Length"] == got.get("Content-Length", str(len(got_body)))


@pytest.mark.parametrize("url", public_urls())
def test_head_is_answered_wherever_get_is(
    client: Client, register: None, url: str
) -> None:
    check_head_like_get(client, url)


@pytest.mark.parametrize(
    "url", ["/static/ninja/swagger-ui-bundle.js", "/office/login/", "/nowhere"]
)
def test_head_is_answered_for_static_files_the_office_login_and_404(
    client: Client, url: str
) -> None:
    check_head_like_get(client, url)


def html_pages(client: Client) -> dict[str, str]:
    pages = {}
    for url in [*public_urls(), "/office/login/"]:
        response = client.get(url, follow=True)
        content = body(response)
        if response.get("Content-Type", "").startswith("text/html"):
            pages[url] = content.decode()
    return pages


def test_no_public_page_makes_a_third_party_request(
    client: Client, register: None
) -> None:
    pages = html_pages(client)
    assert {HOME, f"{HOME}?q=Kalesnikava", "/api/v1/docs", "/office/login/"} <= set(
        pages
    )
    for url, html in pages.items():
        assert [u for u in fetched_by(html) if is_third_party(u)] == [], url


def test_every_asset_of_a_public_page_is_served_by_rollcall_itself(
    client: Client, register: None
) -> None:
    assets = {u for html in html_pages(client).values() for u in fetched_by(html)}
    assert "/static/ninja/swagger-ui-bundle.js" in assets
    for asset in assets:
        response = client.get(asset)
        content = body(response)
        assert response.status_code == 200, asset
        if asset.endswith(".css"):
            css = content.decode()
            assert not [u for u in re.findall(r"url\(['\"]?([^'\")]+)", css)
                        if is_third_party(u)], asset  # fmt: skip


def test_the_api_docs_send_the_schema_to_no_online_validator(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assert '"validatorUrl": null' in html
    assert '"url": "/api/v1/openapi.json"' in html


@pytest.mark.parametrize(
    "url", ["//cdn.example.org/a.js", "https://cdn.example.org/a.css", " HTTP://x/y"]
)
def test_the_scan_recognises_third_party_urls(url: str) -> None:
    assert fetched_by(f'<script src="{url}"></script>') == [url]
    assert is_third_party(url)
